//! What a batch hands on for a household it could not read or evaluate.

use serde::Serialize;

use crate::decision::Determination;
use crate::error::Error;
use crate::model::HouseholdId;
use crate::period::Month;

/// A household that could not be read or evaluated, with its position in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchError {
    position: usize,
    household: Option<HouseholdId>,
    month: Option<Month>,
    error: Box<Error>,
}

impl BatchError {
    pub(crate) fn new(
        position: usize,
        household: Option<HouseholdId>,
        month: Option<Month>,
        error: Error,
    ) -> BatchError {
        BatchError {
            position,
            household,
            month,
            error: Box::new(error),
        }
    }

    #[cfg(feature = "arrow")]
    /// Replaces the error with `f` of it (a reader that knows where the input came from
    /// places it there).
    pub(crate) fn map_error(&mut self, f: impl FnOnce(Error) -> Error) {
        let error = std::mem::replace(
            &mut *self.error,
            Error::Record {
                message: String::new(),
            },
        );
        *self.error = f(error);
    }

    /// Moves the position `by` on.
    #[cfg(feature = "arrow")]
    pub(crate) fn offset_position(&mut self, by: usize) {
        self.position = self.position.saturating_add(by);
    }

    /// The position in the input (0-based: the n-th household or document).
    pub fn position(&self) -> usize {
        self.position
    }

    /// The household, when it was read.
    pub fn household(&self) -> Option<&HouseholdId> {
        self.household.as_ref()
    }

    /// The month, when the error is one of evaluation.
    pub fn month(&self) -> Option<Month> {
        self.month
    }

    /// The error.
    pub fn error(&self) -> &Error {
        &self.error
    }
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.position)?;
        if let Some(h) = &self.household {
            write!(f, " {h}")?;
        }
        if let Some(m) = self.month {
            write!(f, " {m}")?;
        }
        write!(f, ": {}", self.error)
    }
}

/// One result of a streaming batch: a household's determination for a month, or an error
/// record.
pub type BatchItem = std::result::Result<Determination, BatchError>;

impl Serialize for BatchError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("BatchError", 4)?;
        st.serialize_field("position", &self.position)?;
        st.serialize_field("household", &self.household)?;
        st.serialize_field("month", &self.month)?;
        st.serialize_field("error", &self.error.to_string())?;
        st.end()
    }
}
