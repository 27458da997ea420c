//! The columns of one batch of an input table, picked by the tables' declarations
//! (`shape`), their types checked, decoded once a batch.

use arrow_array::RecordBatch;

use crate::error::{Error, Problem};
use crate::model::{
    Area, CareForm, CareLevel, DailyActivity, Department, DisabilityKind, EventKind,
    ExternalBenefitKind, IncomeCategory, LegalSupporter, ParentSituation, PersonStatus, Relation,
    Sex, VerifiedFact,
};
use crate::tables::columns::{
    Amounts, Dates, FlagRows, Flags, Months, Names, Numbers, Picker, Sets, Text, column_error,
};
use crate::tables::shape::{
    Column, enrolments, events, external_benefits, households, incomes, persons, screenings,
    verifications,
};
use crate::tables::{KEY, Table};

/// The decoded columns of one batch of an input table.
// Each variant boxed: a feed holds one, made once per batch.
pub(super) enum Cols {
    Households(Box<HouseholdCols>),
    Persons(Box<PersonCols>),
    Incomes(Box<ItemCols<IncomeCategory>>),
    Benefits(Box<ItemCols<ExternalBenefitKind>>),
    Enrolments(Box<EnrolmentCols>),
    Events(Box<EventCols>),
    Screenings(Box<ScreeningCols>),
    Verifications(Box<VerificationCols>),
}

pub(super) struct HouseholdCols {
    pub(super) key: Text,
    pub(super) area: Names<Area>,
    pub(super) township: Text,
    /// [`HOUSEHOLD_FLAGS`].
    pub(super) flags: FlagRows,
    pub(super) financial_assets: Amounts,
    pub(super) rigid_spending_12_months: Amounts,
    pub(super) counted_income_12_months: Amounts,
}

pub(super) struct PersonCols {
    pub(super) key: Text,
    pub(super) person_id: Text,
    pub(super) id_number: Text,
    pub(super) birth_date: Dates,
    pub(super) sex: Names<Sex>,
    pub(super) relation: Names<Relation>,
    pub(super) disability_grade: Numbers,
    pub(super) disability_kind: Names<DisabilityKind>,
    pub(super) self_care_level: Names<CareLevel>,
    pub(super) self_care_unable_to: Sets<DailyActivity>,
    /// [`PERSON_FLAGS`].
    pub(super) flags: FlagRows,
    pub(super) rigid_spending: Amounts,
    pub(super) status: Sets<PersonStatus>,
    pub(super) legal_supporter: Names<LegalSupporter>,
    pub(super) care_form: Names<CareForm>,
    pub(super) father: Names<ParentSituation>,
    pub(super) mother: Names<ParentSituation>,
}

/// The yes/no columns of `households`, read together (bit `i` for the `i`-th).
pub(super) const HOUSEHOLD_FLAGS: [&Column; 5] = [
    &households::REGISTERED_POOR,
    &households::NON_EXEMPT_VEHICLE,
    &households::UNSAFE_HOUSING,
    &households::NO_SAFE_DRINKING_WATER,
    &households::RETURN_TO_POVERTY_MONITORED,
];

/// The yes/no columns of `persons`, read together (bit `i` for the `i`-th).
pub(super) const PERSON_FLAGS: [&Column; 6] = [
    &persons::SERIOUS_ILLNESS,
    &persons::IN_SCHOOL,
    &persons::CHILDREN_ALL_AWAY,
    &persons::SPOUSE_AWAY_FOR_WORK,
    &persons::CLOSE_RELATIVE_OF_STAFF,
    &persons::UNINSURED,
];

/// Whether bit `i` of a row's flags is set.
#[inline]
pub(super) fn has(bits: u16, i: u32) -> bool {
    bits.checked_shr(i).is_some_and(|b| b & 1 == 1)
}

/// `incomes` and `external_benefits`: a person's item of a kind and a monthly amount.
pub(super) struct ItemCols<K: 'static> {
    pub(super) key: Text,
    pub(super) person_id: Text,
    pub(super) kind: Names<K>,
    pub(super) monthly: Amounts,
}

pub(super) struct EnrolmentCols {
    pub(super) key: Text,
    pub(super) person_id: Text,
    pub(super) program: Text,
    pub(super) since: Months,
    pub(super) monthly_amount: Amounts,
    pub(super) income_rose_in: Months,
    pub(super) last_review: Months,
}

pub(super) struct EventCols {
    pub(super) key: Text,
    pub(super) month: Months,
    pub(super) kind: Names<EventKind>,
    pub(super) shortfall: Amounts,
}

pub(super) struct ScreeningCols {
    pub(super) key: Text,
    pub(super) person_id: Text,
    pub(super) month: Months,
}

pub(super) struct VerificationCols {
    pub(super) key: Text,
    pub(super) fact: Names<VerifiedFact>,
    pub(super) person_id: Text,
    pub(super) category: Names<IncomeCategory>,
    pub(super) amount: Amounts,
    pub(super) value: Flags,
    pub(super) department: Names<Department>,
    pub(super) as_of: Dates,
}

impl Cols {
    /// The columns of `batch`, their types checked, decoded when `p` decodes.
    pub(super) fn pick(table: Table, mut p: Picker<'_>) -> Result<Cols, Error> {
        let cols = match table {
            Table::Households => Cols::Households(Box::new(HouseholdCols {
                key: p.text(&households::KEY_COLUMN)?,
                area: p.names(&households::AREA, Area::WIRE)?,
                township: p.text(&households::TOWNSHIP)?,
                flags: p.flag_rows(&HOUSEHOLD_FLAGS)?,
                financial_assets: p.amounts(&households::FINANCIAL_ASSETS)?,
                rigid_spending_12_months: p.amounts(&households::RIGID_SPENDING_12_MONTHS)?,
                counted_income_12_months: p.amounts(&households::COUNTED_INCOME_12_MONTHS)?,
            })),
            Table::Persons => Cols::Persons(Box::new(PersonCols {
                key: p.text(&persons::KEY_COLUMN)?,
                person_id: p.text(&persons::PERSON_ID)?,
                id_number: p.text(&persons::ID_NUMBER)?,
                birth_date: p.dates(&persons::BIRTH_DATE)?,
                sex: p.names(&persons::SEX, Sex::WIRE)?,
                relation: p.names(&persons::RELATION, Relation::WIRE)?,
                disability_grade: p.numbers(&persons::DISABILITY_GRADE)?,
                disability_kind: p.names(&persons::DISABILITY_KIND, DisabilityKind::WIRE)?,
                self_care_level: p.names(&persons::SELF_CARE_LEVEL, CareLevel::WIRE)?,
                self_care_unable_to: p.sets(&persons::SELF_CARE_UNABLE_TO, DailyActivity::WIRE)?,
                flags: p.flag_rows(&PERSON_FLAGS)?,
                rigid_spending: p.amounts(&persons::RIGID_SPENDING)?,
                status: p.sets(&persons::STATUS, PersonStatus::WIRE)?,
                legal_supporter: p.names(&persons::LEGAL_SUPPORTER, LegalSupporter::WIRE)?,
                care_form: p.names(&persons::CARE_FORM, CareForm::WIRE)?,
                father: p.names(&persons::FATHER, ParentSituation::WIRE)?,
                mother: p.names(&persons::MOTHER, ParentSituation::WIRE)?,
            })),
            Table::Incomes => Cols::Incomes(Box::new(ItemCols {
                key: p.text(&incomes::KEY_COLUMN)?,
                person_id: p.text(&incomes::PERSON_ID)?,
                kind: p.names(&incomes::CATEGORY, IncomeCategory::WIRE)?,
                monthly: p.amounts(&incomes::MONTHLY)?,
            })),
            Table::ExternalBenefits => Cols::Benefits(Box::new(ItemCols {
                key: p.text(&external_benefits::KEY_COLUMN)?,
                person_id: p.text(&external_benefits::PERSON_ID)?,
                kind: p.names(&external_benefits::KIND, ExternalBenefitKind::WIRE)?,
                monthly: p.amounts(&external_benefits::MONTHLY)?,
            })),
            Table::Enrolments => Cols::Enrolments(Box::new(EnrolmentCols {
                key: p.text(&enrolments::KEY_COLUMN)?,
                person_id: p.text(&enrolments::PERSON_ID)?,
                program: p.text(&enrolments::PROGRAM)?,
                since: p.months(&enrolments::SINCE)?,
                monthly_amount: p.amounts(&enrolments::MONTHLY_AMOUNT)?,
                income_rose_in: p.months(&enrolments::INCOME_ROSE_IN)?,
                last_review: p.months(&enrolments::LAST_REVIEW)?,
            })),
            Table::Events => Cols::Events(Box::new(EventCols {
                key: p.text(&events::KEY_COLUMN)?,
                month: p.months(&events::MONTH)?,
                kind: p.names(&events::KIND, EventKind::WIRE)?,
                shortfall: p.amounts(&events::SHORTFALL)?,
            })),
            Table::Screenings => Cols::Screenings(Box::new(ScreeningCols {
                key: p.text(&screenings::KEY_COLUMN)?,
                person_id: p.text(&screenings::PERSON_ID)?,
                month: p.months(&screenings::MONTH)?,
            })),
            Table::Verifications => Cols::Verifications(Box::new(VerificationCols {
                key: p.text(&verifications::KEY_COLUMN)?,
                fact: p.names(&verifications::FACT, VerifiedFact::WIRE)?,
                person_id: p.text(&verifications::PERSON_ID)?,
                category: p.names(&verifications::CATEGORY, IncomeCategory::WIRE)?,
                amount: p.amounts(&verifications::AMOUNT)?,
                value: p.flags(&verifications::VALUE)?,
                department: p.names(&verifications::DEPARTMENT, Department::WIRE)?,
                as_of: p.dates(&verifications::AS_OF)?,
            })),
            Table::Results | Table::Findings | Table::Errors => {
                return Err(column_error(
                    table,
                    KEY,
                    Problem::WrongType {
                        found: "an output table".into(),
                        expected: "an input table".into(),
                    },
                ));
            }
        };
        p.finish()?;
        Ok(cols)
    }

    pub(super) fn decode(table: Table, batch: &RecordBatch) -> Result<Cols, Error> {
        Cols::pick(table, Picker::new(table, batch))
    }

    pub(super) fn key(&self) -> &Text {
        match self {
            Cols::Households(c) => &c.key,
            Cols::Persons(c) => &c.key,
            Cols::Incomes(c) => &c.key,
            Cols::Benefits(c) => &c.key,
            Cols::Enrolments(c) => &c.key,
            Cols::Events(c) => &c.key,
            Cols::Screenings(c) => &c.key,
            Cols::Verifications(c) => &c.key,
        }
    }
}

/// Checks that `batch`'s columns fit `table`.
pub(crate) fn check_columns(table: Table, batch: &RecordBatch) -> Result<(), Error> {
    Cols::pick(table, Picker::checking(table, batch)).map(|_| ())
}
