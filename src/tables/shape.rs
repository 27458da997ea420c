//! The shape of the tables, declared once: every column's name, the Arrow type the
//! writers give it, whether it must be given, and its documentation. The readers pick the
//! columns by these declarations, the writers build batches to the schema made from them
//! ([`Table::schema`]), and the module's documentation of the columns is made from them
//! (`columns.md`, which a test keeps equal to [`markdown`]).

use super::Table;

/// The Arrow type a writer gives a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// Text.
    Text,
    /// Text of a few values, dictionary encoded.
    Names,
    /// Yes/no.
    Flag,
    /// An input amount: yuan to the fen, at most `MAX_AMOUNT`.
    Money,
    /// A date.
    Date,
    /// A disability grade.
    Grade,
    /// An output amount.
    Amount,
    /// A reason's figure.
    Figure,
    /// A position.
    Index,
    /// A row number.
    Row,
}

/// A column of a table: its name, the type the writers give it, whether it must be given,
/// and what the documentation says of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// The type in the documentation's words, with what a cell not given means, e.g.
    /// `yes/no (no)`.
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "the documentation is made by a test")
    )]
    pub(crate) kind: &'static str,
    /// What the column holds.
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "the documentation is made by a test")
    )]
    pub(crate) meaning: &'static str,
    /// The rules that read it (input tables).
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "the documentation is made by a test")
    )]
    pub(crate) read_by: &'static str,
}

const fn req(
    name: &'static str,
    ty: Ty,
    kind: &'static str,
    meaning: &'static str,
    read_by: &'static str,
) -> Column {
    Column {
        name,
        ty,
        required: true,
        kind,
        meaning,
        read_by,
    }
}

const fn opt(
    name: &'static str,
    ty: Ty,
    kind: &'static str,
    meaning: &'static str,
    read_by: &'static str,
) -> Column {
    Column {
        name,
        ty,
        required: false,
        kind,
        meaning,
        read_by,
    }
}

/// The key of every input table.
pub(crate) const KEY: &str = "household_id";

/// Declares each table's columns, one line each — `NAME: req|opt name, Ty, type words,
/// meaning, read by;` — as constants of a module named after the table, and the table's
/// list of them in order.
macro_rules! tables {
    ($(
        $(#[$doc:meta])*
        $module:ident => $list:ident {
            $($column:ident: $req:ident $name:expr, $ty:ident, $kind:literal, $meaning:literal, $read_by:literal;)+
        }
    )+) => {
        $(
            $(#[$doc])*
            pub(crate) mod $module {
                use super::*;
                $(pub(crate) const $column: Column = $req($name, Ty::$ty, $kind, $meaning, $read_by);)+
            }

            $(#[$doc])*
            pub(crate) const $list: &[Column] = &[$($module::$column),+];
        )+
    };
}

tables! {
    /// The columns of `households`.
    households => HOUSEHOLDS {
        KEY_COLUMN: req KEY, Text, "text", "the household's identifier", "every table's key";
        AREA: req "area", Names, "names", "`urban` or `rural`", "every standard; the left-behind registers (rural)";
        TOWNSHIP: opt "township", Text, "text", "township or street office", "report breakdowns";
        REGISTERED_POOR: opt "registered_poor", Flag, "yes/no (no)", "a registered poor household", "provincial backstop";
        FINANCIAL_ASSETS: opt "financial_assets", Money, "money (0)", "deposits, securities…", "dibao asset limit";
        NON_EXEMPT_VEHICLE: opt "non_exempt_vehicle", Flag, "yes/no (no)", "owns a motor vehicle that is not exempt", "dibao";
        UNSAFE_HOUSING: opt "unsafe_housing", Flag, "yes/no (no)", "housing assessed unsafe", "guarantee gap";
        NO_SAFE_DRINKING_WATER: opt "no_safe_drinking_water", Flag, "yes/no (no)", "no safe drinking-water supply", "guarantee gap";
        RETURN_TO_POVERTY_MONITORED: opt "return_to_poverty_monitored", Flag, "yes/no (no)", "on the list monitored against a return to poverty", "monitoring";
        RIGID_SPENDING_12_MONTHS: opt "rigid_spending_12_months", Money, "money (0)", "rigid medical and education spending of the last 12 months", "rigid-expenditure household";
        COUNTED_INCOME_12_MONTHS: opt "counted_income_12_months", Money, "money", "counted income of the last 12 months (not given: 12 × the month's)", "rigid-expenditure household";
    }

    /// The columns of `persons`.
    persons => PERSONS {
        KEY_COLUMN: req KEY, Text, "text", "the member's household", "";
        PERSON_ID: req "person_id", Text, "text", "the person's identifier, unique in the district", "findings, duplicates";
        ID_NUMBER: opt "id_number", Text, "text", "the 18-character resident ID number; its birth date and sex digit must agree with `birth_date` and `sex`", "duplicates";
        BIRTH_DATE: req "birth_date", Date, "date", "the date of birth", "every age limit";
        SEX: req "sex", Names, "names", "`male`, `female`", "left-behind woman";
        RELATION: req "relation", Names, "names", "to the head: `head`, `spouse`, `child`, `parent`, `grandchild`, `grandparent`, `sibling`, `other`", "";
        DISABILITY_GRADE: opt "disability_grade", Grade, "whole number 1–4", "certified disability grade; given with `disability_kind`", "disability subsidies, tekun, dibao top-up";
        DISABILITY_KIND: opt "disability_kind", Names, "names", "`physical`, `visual`, `hearing`, `speech`, `intellectual`, `mental`, `multiple`", "tekun, parents' situations";
        SERIOUS_ILLNESS: opt "serious_illness", Flag, "yes/no (no)", "a serious illness", "dibao top-up, backstop";
        SELF_CARE_LEVEL: opt "self_care_level", Names, "names", "`full_self_care`, `partly_dependent`, `fully_dependent`; or give `self_care_unable_to`", "tekun care standard";
        SELF_CARE_UNABLE_TO: opt "self_care_unable_to", Text, "set", "the daily activities the person cannot do: `eating`, `dressing`, `transferring`, `toileting`, `indoor_walking`, `bathing`", "tekun care standard";
        IN_SCHOOL: opt "in_school", Flag, "yes/no (no)", "in compulsory, senior-high or vocational school", "guarantee gap";
        RIGID_SPENDING: opt "rigid_spending", Money, "money (0)", "rigid monthly spending for disability or illness", "dibao income";
        STATUS: opt "status", Text, "set (empty)", "`imprisoned`, `compulsory_rehab`, `other_restriction`, `declared_missing`, `clergy_away`", "dibao unit, supporters";
        LEGAL_SUPPORTER: opt "legal_supporter", Names, "names", "`none`, `capable`, `incapable` (not given: undetermined where needed)", "tekun";
        CARE_FORM: opt "care_form", Names, "names (`dispersed`)", "`dispersed` or `centralized`", "tekun care, orphan allowance";
        FATHER: opt "father", Names, "names (`present`)", "a child's parents: `present`, `dead`, `declared_missing`, `away_for_work`, `imprisoned`, `compulsory_rehab`, `other_restriction`, `lost_contact`, `severe_disability`, `serious_illness`, `unable_to_guard`", "orphan, de-facto orphan, left-behind child";
        MOTHER: opt "mother", Names, "names (`present`)", "a child's parents: `present`, `dead`, `declared_missing`, `away_for_work`, `imprisoned`, `compulsory_rehab`, `other_restriction`, `lost_contact`, `severe_disability`, `serious_illness`, `unable_to_guard`", "orphan, de-facto orphan, left-behind child";
        CHILDREN_ALL_AWAY: opt "children_all_away", Flag, "yes/no (no)", "all children or supporters away for work six months or more", "left-behind elderly";
        SPOUSE_AWAY_FOR_WORK: opt "spouse_away_for_work", Flag, "yes/no (no)", "the spouse is away for work", "left-behind woman";
        CLOSE_RELATIVE_OF_STAFF: opt "close_relative_of_staff", Flag, "yes/no (no)", "a close relative of a caseworker or village cadre", "finding";
        UNINSURED: opt "uninsured", Flag, "yes/no (no)", "without basic medical insurance", "guarantee gap";
    }

    /// The columns of `incomes`.
    incomes => INCOMES {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        PERSON_ID: req "person_id", Text, "text", "the member who has it", "";
        CATEGORY: req "category", Names, "names", "`wage`, `business`, `property`, `transfer`, `pension_basic`, `award`, `special_care`, `family_planning_reward`, `social_assistance`, `medical_insurance_payout`", "counted income (dibao, tekun, temporary assistance)";
        MONTHLY: req "monthly", Money, "money", "yuan a month", "counted income";
    }

    /// The columns of `external_benefits`.
    external_benefits => EXTERNAL_BENEFITS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        PERSON_ID: req "person_id", Text, "text", "the member who receives it", "";
        KIND: req "kind", Names, "names", "`work_injury_care`, `old_age_care`, `longevity_allowance`", "overlap rules";
        MONTHLY: req "monthly", Money, "money", "yuan a month", "overlap rules";
    }

    /// The columns of `enrolments`.
    enrolments => ENROLMENTS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        PERSON_ID: opt "person_id", Text, "text", "the member enrolled; null for the household (dibao of the whole household)", "";
        PROGRAM: req "program", Text, "names", "a monthly program's wire name, or `local:NAME`", "coverage findings";
        SINCE: req "since", Text, "month", "the first month", "";
        MONTHLY_AMOUNT: opt "monthly_amount", Money, "money", "the amount recorded", "gradual exit, amount mismatch";
        INCOME_ROSE_IN: opt "income_rose_in", Text, "month", "dibao: the month income rose because a member found work", "gradual exit";
        LAST_REVIEW: opt "last_review", Text, "month", "dibao and tekun: the month of the last periodic review (not given: `since`)", "review schedule";
    }

    /// The columns of `events`.
    events => EVENTS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        MONTH: req "month", Text, "month", "when it happened", "temporary assistance";
        KIND: req "kind", Names, "names", "`emergency` or `expenditure`", "temporary assistance";
        SHORTFALL: req "shortfall", Money, "money", "the documented shortfall, more than 0", "temporary assistance";
    }

    /// The columns of `screenings`.
    screenings => SCREENINGS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        PERSON_ID: req "person_id", Text, "text", "the person flagged", "material delivery";
        MONTH: req "month", Text, "month", "the screening's month", "material delivery";
    }

    /// The columns of `verifications`.
    verifications => VERIFICATIONS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        FACT: req "fact", Names, "names", "`income`, `financial_assets`, `non_exempt_vehicle`, `unsafe_housing`", "";
        PERSON_ID: opt "person_id", Text, "text", "income: the member", "counted income";
        CATEGORY: opt "category", Names, "names", "income: `wage`, `business`, `property` or `transfer`", "counted income";
        AMOUNT: opt "amount", Money, "money", "income: yuan a month; financial assets: yuan", "dibao, tekun, monitoring";
        VALUE: opt "value", Flag, "yes/no", "vehicle or housing: the value reported", "dibao, tekun, guarantee gap";
        DEPARTMENT: req "department", Names, "names", "`tax`, `social_security`, `bank`, `housing`, `vehicle`, `business_registration`, `provident_fund`, `other`", "findings";
        AS_OF: req "as_of", Date, "date", "the date the data are as of", "whether it is stale";
    }

    /// The columns of `results`.
    results => RESULTS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        PERSON_ID: opt "person_id", Text, "text", "the member; null for the household's own entries", "";
        MONTH: req "month", Names, "month text", "", "";
        PROGRAM: req "program", Names, "text", "wire name", "";
        OUTCOME: req "outcome", Names, "text", "`paid`, `holds`, `not_paid`, `withheld`, `undetermined`", "";
        AMOUNT: opt "amount", Amount, "`Decimal128(38, 2)`", "paid: the amount (monthly, or once for a one-off program); withheld: what would have been paid", "";
        WITHHELD_BY: opt "withheld_by", Names, "text", "withheld: the program (or `external:KIND`) that won", "";
        OVERLAP_RULE: opt "overlap_rule", Index, "`UInt32`", "withheld: the rule's position in the pack's overlap table", "";
        REASON: req "reason", Names, "text", "the reason's code, as in the JSON forms", "";
        FIGURE: opt "figure", Figure, "`Decimal128(38, 10)`", "the reason's main number (see [`Reason::figures`](crate::Reason::figures))", "";
        THRESHOLD: opt "threshold", Figure, "`Decimal128(38, 10)`", "what it was compared with or built from", "";
        EXPLANATION: opt "explanation", Text, "text", "the reason in words, when [`Options::explanations`] asks for it", "";
    }

    /// The columns of `findings`.
    findings => FINDINGS {
        KEY_COLUMN: req KEY, Text, "text", "", "";
        MONTH: req "month", Names, "month text", "", "";
        FINDING: req "finding", Names, "text", "the finding's kind, e.g. `missed_coverage`", "";
        PERSON_ID: opt "person_id", Text, "text", "the person it is about", "";
        PROGRAM: opt "program", Names, "text", "the program it is about", "";
        EXPLANATION: req "explanation", Text, "text", "in words", "";
    }

    /// The columns of `errors`.
    errors => ERRORS {
        TABLE: opt "table", Text, "text", "the input table at fault", "";
        ROW: opt "row", Row, "`UInt64`", "its row, from 1 (in a CSV file, row N is on line N + 1)", "";
        KEY_COLUMN: opt KEY, Text, "text", "the household, as written", "";
        COLUMN: opt "column", Text, "text", "the column at fault", "";
        VALUE: opt "value", Text, "text", "the cell's value (an ID number masked)", "";
        MONTH: opt "month", Text, "month text", "for an error of evaluation, its month", "";
        MESSAGE: req "message", Text, "text", "what is wrong, in words", "";
    }
}

#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the documentation is made by a test")
)]
impl Table {
    /// What a row of the table is, for its heading in the documentation.
    pub(crate) fn heading(self) -> &'static str {
        match self {
            Table::Households => "one row per household",
            Table::Persons => "one row per member",
            Table::Incomes => "one row per monthly income item",
            Table::ExternalBenefits => "one row per benefit paid outside the crate's programs",
            Table::Enrolments => {
                "one row per program a household or member is recorded as receiving"
            }
            Table::Events => "one row per temporary-assistance event",
            Table::Screenings => "one row per person flagged in a month's pandemic screening",
            Table::Verifications => "one row per verification result",
            Table::Results => "what a district acts on",
            Table::Findings => "",
            Table::Errors => "every household that could not be read or evaluated",
        }
    }

    /// What the documentation says of the table before its columns, and after them.
    pub(crate) fn about(self) -> (&'static str, &'static str) {
        match self {
            Table::Persons => (
                "A household's members are its rows here, in the order they come; exactly one has
`relation` `head`.",
                "",
            ),
            Table::Verifications => (
                "A fact as a department reports it; where a fresh one exists its value prevails over
the declared one (see [`Verification`](crate::Verification)).",
                "",
            ),
            Table::Results => (
                "One row per household, month and kept entry: payments, withholdings, undetermined
outcomes, register entries and classifications, and the refusals of programs the
household is enrolled in (an audit finding may follow); the ~45 refusals a household of
three has of programs nobody asked about are left out unless
[`Options::every_entry`] asks for them.",
                "The figures of a reason are exact decimals of up to 28 digits; the table keeps ten
decimal places, rounded half away from zero (a per-capita income of 1000.00 / 3 is
`333.3333333333`). The exact figures are in the determination's JSON forms and records.",
            ),
            Table::Errors => (
                "",
                "Every household named in any input table yields either rows of `results` (possibly
none: nothing to act on) or one row of `errors`; a row that names no household (a null
`household_id`) yields an error row of its own. The run's [`Report`] counts both and
reconciles, as a district report does.",
            ),
            _ => ("", ""),
        }
    }
}

#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the documentation is made by a test")
)]
/// The documentation of the columns of `tables`, in Markdown: a section per table, a row
/// per column (`columns.md` is this text for every table).
pub(crate) fn markdown(tables: &[Table]) -> String {
    let mut out = String::new();
    for &table in tables {
        let inputs = table.input_index().is_some();
        out.push_str(&format!("## `{}`", table.name()));
        if !table.heading().is_empty() {
            out.push_str(&format!(": {}", table.heading()));
        }
        out.push_str("\n\n");
        let (before, after) = table.about();
        if !before.is_empty() {
            out.push_str(before);
            out.push_str("\n\n");
        }
        if inputs {
            out.push_str("| column | type | meaning | read by |\n| --- | --- | --- | --- |\n");
        } else {
            out.push_str("| column | type | meaning |\n| --- | --- | --- |\n");
        }
        for c in table.columns() {
            let required = if c.required { ", required" } else { "" };
            let mut cells = vec![
                format!("`{}`", c.name),
                format!("{}{required}", c.kind),
                c.meaning.to_owned(),
            ];
            if inputs {
                cells.push(c.read_by.to_owned());
            }
            out.push_str(&format!("| {} |\n", cells.join(" | ")).replace("  |", " |"));
        }
        out.push('\n');
        if !after.is_empty() {
            out.push_str(after);
            out.push_str("\n\n");
        }
    }
    out
}
