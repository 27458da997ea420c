//! Where a value comes from: the documents a pack cites, and how each value is known.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How a value is known: read in its document, restated elsewhere, stated in the source
/// article, or only illustrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Read in the full text of the named document.
    Verified,
    /// Restated by a local government or news page; primary text not read.
    Secondary,
    /// Stated in the source article itself.
    Article,
    /// No published value was found; a plausible value that a deployment must replace.
    Illustrative,
}

impl Status {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Secondary => "secondary",
            Status::Article => "article",
            Status::Illustrative => "illustrative",
        }
    }

    pub(crate) const NAMES: &'static str = "verified, secondary, article, illustrative";

    pub(crate) fn parse(text: &str) -> Option<Status> {
        [
            Status::Verified,
            Status::Secondary,
            Status::Article,
            Status::Illustrative,
        ]
        .into_iter()
        .find(|s| s.name() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A document the pack cites, under a short id (`mz_2021_57`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub(crate) id: String,
    pub(crate) document: String,
    pub(crate) note: Option<String>,
}

impl Source {
    /// The short id values refer to.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The document's name, e.g. `《最低生活保障审核确认办法》（民发〔2021〕57号）`.
    pub fn document(&self) -> &str {
        &self.document
    }

    /// A note on the document, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// Where a value (or an overlap rule) comes from: a source, its article, a status, a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub(crate) source: u16,
    pub(crate) article: Option<String>,
    pub(crate) status: Status,
    pub(crate) note: Option<String>,
    /// The layer of the pack that gave it (see [`crate::PolicyPack::layers`]); not part of
    /// the pack's content, so not of its fingerprint.
    pub(crate) layer: u8,
}

impl Provenance {
    /// The position of the layer that gave the value or rule in
    /// [`crate::PolicyPack::layers`].
    pub fn layer(&self) -> usize {
        usize::from(self.layer)
    }

    /// The article or item of the source, e.g. `第13条`.
    pub fn article(&self) -> Option<&str> {
        self.article.as_deref()
    }

    /// How the value is known.
    pub fn status(&self) -> Status {
        self.status
    }

    /// A note, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}
