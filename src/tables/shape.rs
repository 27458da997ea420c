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

/// The columns of `households`.
pub(crate) mod households {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(
        KEY,
        Ty::Text,
        "text",
        "the household's identifier",
        "every table's key",
    );
    pub(crate) const AREA: Column = req(
        "area",
        Ty::Names,
        "names",
        "`urban` or `rural`",
        "every standard; the left-behind registers (rural)",
    );
    pub(crate) const TOWNSHIP: Column = opt(
        "township",
        Ty::Text,
        "text",
        "township or street office",
        "report breakdowns",
    );
    pub(crate) const REGISTERED_POOR: Column = opt(
        "registered_poor",
        Ty::Flag,
        "yes/no (no)",
        "a registered poor household",
        "provincial backstop",
    );
    pub(crate) const FINANCIAL_ASSETS: Column = opt(
        "financial_assets",
        Ty::Money,
        "money (0)",
        "deposits, securities…",
        "dibao asset limit",
    );
    pub(crate) const NON_EXEMPT_VEHICLE: Column = opt(
        "non_exempt_vehicle",
        Ty::Flag,
        "yes/no (no)",
        "owns a motor vehicle that is not exempt",
        "dibao",
    );
    pub(crate) const UNSAFE_HOUSING: Column = opt(
        "unsafe_housing",
        Ty::Flag,
        "yes/no (no)",
        "housing assessed unsafe",
        "guarantee gap",
    );
    pub(crate) const NO_SAFE_DRINKING_WATER: Column = opt(
        "no_safe_drinking_water",
        Ty::Flag,
        "yes/no (no)",
        "no safe drinking-water supply",
        "guarantee gap",
    );
    pub(crate) const RETURN_TO_POVERTY_MONITORED: Column = opt(
        "return_to_poverty_monitored",
        Ty::Flag,
        "yes/no (no)",
        "on the list monitored against a return to poverty",
        "monitoring",
    );
    pub(crate) const RIGID_SPENDING_12_MONTHS: Column = opt(
        "rigid_spending_12_months",
        Ty::Money,
        "money (0)",
        "rigid medical and education spending of the last 12 months",
        "rigid-expenditure household",
    );
    pub(crate) const COUNTED_INCOME_12_MONTHS: Column = opt(
        "counted_income_12_months",
        Ty::Money,
        "money",
        "counted income of the last 12 months (not given: 12 × the month's)",
        "rigid-expenditure household",
    );
}

pub(crate) const HOUSEHOLDS: &[Column] = &[
    households::KEY_COLUMN,
    households::AREA,
    households::TOWNSHIP,
    households::REGISTERED_POOR,
    households::FINANCIAL_ASSETS,
    households::NON_EXEMPT_VEHICLE,
    households::UNSAFE_HOUSING,
    households::NO_SAFE_DRINKING_WATER,
    households::RETURN_TO_POVERTY_MONITORED,
    households::RIGID_SPENDING_12_MONTHS,
    households::COUNTED_INCOME_12_MONTHS,
];

/// The columns of `persons`.
pub(crate) mod persons {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "the member's household", "");
    pub(crate) const PERSON_ID: Column = req(
        "person_id",
        Ty::Text,
        "text",
        "the person's identifier, unique in the district",
        "findings, duplicates",
    );
    pub(crate) const ID_NUMBER: Column = opt(
        "id_number",
        Ty::Text,
        "text",
        "the 18-character resident ID number; its birth date and sex digit must agree with `birth_date` and `sex`",
        "duplicates",
    );
    pub(crate) const BIRTH_DATE: Column = req(
        "birth_date",
        Ty::Date,
        "date",
        "the date of birth",
        "every age limit",
    );
    pub(crate) const SEX: Column = req(
        "sex",
        Ty::Names,
        "names",
        "`male`, `female`",
        "left-behind woman",
    );
    pub(crate) const RELATION: Column = req(
        "relation",
        Ty::Names,
        "names",
        "to the head: `head`, `spouse`, `child`, `parent`, `grandchild`, `grandparent`, `sibling`, `other`",
        "",
    );
    pub(crate) const DISABILITY_GRADE: Column = opt(
        "disability_grade",
        Ty::Grade,
        "whole number 1–4",
        "certified disability grade; given with `disability_kind`",
        "disability subsidies, tekun, dibao top-up",
    );
    pub(crate) const DISABILITY_KIND: Column = opt(
        "disability_kind",
        Ty::Names,
        "names",
        "`physical`, `visual`, `hearing`, `speech`, `intellectual`, `mental`, `multiple`",
        "tekun, parents' situations",
    );
    pub(crate) const SERIOUS_ILLNESS: Column = opt(
        "serious_illness",
        Ty::Flag,
        "yes/no (no)",
        "a serious illness",
        "dibao top-up, backstop",
    );
    pub(crate) const SELF_CARE_LEVEL: Column = opt(
        "self_care_level",
        Ty::Names,
        "names",
        "`full_self_care`, `partly_dependent`, `fully_dependent`; or give `self_care_unable_to`",
        "tekun care standard",
    );
    pub(crate) const SELF_CARE_UNABLE_TO: Column = opt(
        "self_care_unable_to",
        Ty::Text,
        "set",
        "the daily activities the person cannot do: `eating`, `dressing`, `transferring`, `toileting`, `indoor_walking`, `bathing`",
        "tekun care standard",
    );
    pub(crate) const IN_SCHOOL: Column = opt(
        "in_school",
        Ty::Flag,
        "yes/no (no)",
        "in compulsory, senior-high or vocational school",
        "guarantee gap",
    );
    pub(crate) const RIGID_SPENDING: Column = opt(
        "rigid_spending",
        Ty::Money,
        "money (0)",
        "rigid monthly spending for disability or illness",
        "dibao income",
    );
    pub(crate) const STATUS: Column = opt(
        "status",
        Ty::Text,
        "set (empty)",
        "`imprisoned`, `compulsory_rehab`, `other_restriction`, `declared_missing`, `clergy_away`",
        "dibao unit, supporters",
    );
    pub(crate) const LEGAL_SUPPORTER: Column = opt(
        "legal_supporter",
        Ty::Names,
        "names",
        "`none`, `capable`, `incapable` (not given: undetermined where needed)",
        "tekun",
    );
    pub(crate) const CARE_FORM: Column = opt(
        "care_form",
        Ty::Names,
        "names (`dispersed`)",
        "`dispersed` or `centralized`",
        "tekun care, orphan allowance",
    );
    pub(crate) const FATHER: Column = opt(
        "father",
        Ty::Names,
        "names (`present`)",
        "a child's parents: `present`, `dead`, `declared_missing`, `away_for_work`, `imprisoned`, `compulsory_rehab`, `other_restriction`, `lost_contact`, `severe_disability`, `serious_illness`, `unable_to_guard`",
        "orphan, de-facto orphan, left-behind child",
    );
    pub(crate) const MOTHER: Column = opt(
        "mother",
        Ty::Names,
        "names (`present`)",
        "a child's parents: `present`, `dead`, `declared_missing`, `away_for_work`, `imprisoned`, `compulsory_rehab`, `other_restriction`, `lost_contact`, `severe_disability`, `serious_illness`, `unable_to_guard`",
        "orphan, de-facto orphan, left-behind child",
    );
    pub(crate) const CHILDREN_ALL_AWAY: Column = opt(
        "children_all_away",
        Ty::Flag,
        "yes/no (no)",
        "all children or supporters away for work six months or more",
        "left-behind elderly",
    );
    pub(crate) const SPOUSE_AWAY_FOR_WORK: Column = opt(
        "spouse_away_for_work",
        Ty::Flag,
        "yes/no (no)",
        "the spouse is away for work",
        "left-behind woman",
    );
    pub(crate) const CLOSE_RELATIVE_OF_STAFF: Column = opt(
        "close_relative_of_staff",
        Ty::Flag,
        "yes/no (no)",
        "a close relative of a caseworker or village cadre",
        "finding",
    );
    pub(crate) const UNINSURED: Column = opt(
        "uninsured",
        Ty::Flag,
        "yes/no (no)",
        "without basic medical insurance",
        "guarantee gap",
    );
}

pub(crate) const PERSONS: &[Column] = &[
    persons::KEY_COLUMN,
    persons::PERSON_ID,
    persons::ID_NUMBER,
    persons::BIRTH_DATE,
    persons::SEX,
    persons::RELATION,
    persons::DISABILITY_GRADE,
    persons::DISABILITY_KIND,
    persons::SERIOUS_ILLNESS,
    persons::SELF_CARE_LEVEL,
    persons::SELF_CARE_UNABLE_TO,
    persons::IN_SCHOOL,
    persons::RIGID_SPENDING,
    persons::STATUS,
    persons::LEGAL_SUPPORTER,
    persons::CARE_FORM,
    persons::FATHER,
    persons::MOTHER,
    persons::CHILDREN_ALL_AWAY,
    persons::SPOUSE_AWAY_FOR_WORK,
    persons::CLOSE_RELATIVE_OF_STAFF,
    persons::UNINSURED,
];

/// The columns of `incomes`.
pub(crate) mod incomes {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "|", "");
    pub(crate) const PERSON_ID: Column =
        req("person_id", Ty::Text, "text", "the member who has it", "");
    pub(crate) const CATEGORY: Column = req(
        "category",
        Ty::Names,
        "names",
        "`wage`, `business`, `property`, `transfer`, `pension_basic`, `award`, `special_care`, `family_planning_reward`, `social_assistance`, `medical_insurance_payout`",
        "counted income (dibao, tekun, temporary assistance)",
    );
    pub(crate) const MONTHLY: Column = req(
        "monthly",
        Ty::Money,
        "money",
        "yuan a month",
        "counted income",
    );
}

pub(crate) const INCOMES: &[Column] = &[
    incomes::KEY_COLUMN,
    incomes::PERSON_ID,
    incomes::CATEGORY,
    incomes::MONTHLY,
];

/// The columns of `external_benefits`.
pub(crate) mod external_benefits {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "|", "");
    pub(crate) const PERSON_ID: Column = req(
        "person_id",
        Ty::Text,
        "text",
        "the member who receives it",
        "",
    );
    pub(crate) const KIND: Column = req(
        "kind",
        Ty::Names,
        "names",
        "`work_injury_care`, `old_age_care`, `longevity_allowance`",
        "overlap rules",
    );
    pub(crate) const MONTHLY: Column = req(
        "monthly",
        Ty::Money,
        "money",
        "yuan a month",
        "overlap rules",
    );
}

pub(crate) const EXTERNAL_BENEFITS: &[Column] = &[
    external_benefits::KEY_COLUMN,
    external_benefits::PERSON_ID,
    external_benefits::KIND,
    external_benefits::MONTHLY,
];

/// The columns of `enrolments`.
pub(crate) mod enrolments {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "|", "");
    pub(crate) const PERSON_ID: Column = opt(
        "person_id",
        Ty::Text,
        "text",
        "the member enrolled; null for the household (dibao of the whole household)",
        "",
    );
    pub(crate) const PROGRAM: Column = req(
        "program",
        Ty::Text,
        "names",
        "a monthly program's wire name, or `local:NAME`",
        "coverage findings",
    );
    pub(crate) const SINCE: Column = req("since", Ty::Text, "month", "the first month", "");
    pub(crate) const MONTHLY_AMOUNT: Column = opt(
        "monthly_amount",
        Ty::Money,
        "money",
        "the amount recorded",
        "gradual exit, amount mismatch",
    );
    pub(crate) const INCOME_ROSE_IN: Column = opt(
        "income_rose_in",
        Ty::Text,
        "month",
        "dibao: the month income rose because a member found work",
        "gradual exit",
    );
    pub(crate) const LAST_REVIEW: Column = opt(
        "last_review",
        Ty::Text,
        "month",
        "dibao and tekun: the month of the last periodic review (not given: `since`)",
        "review schedule",
    );
}

pub(crate) const ENROLMENTS: &[Column] = &[
    enrolments::KEY_COLUMN,
    enrolments::PERSON_ID,
    enrolments::PROGRAM,
    enrolments::SINCE,
    enrolments::MONTHLY_AMOUNT,
    enrolments::INCOME_ROSE_IN,
    enrolments::LAST_REVIEW,
];

/// The columns of `events`.
pub(crate) mod events {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "|", "");
    pub(crate) const MONTH: Column = req(
        "month",
        Ty::Text,
        "month",
        "when it happened",
        "temporary assistance",
    );
    pub(crate) const KIND: Column = req(
        "kind",
        Ty::Names,
        "names",
        "`emergency` or `expenditure`",
        "temporary assistance",
    );
    pub(crate) const SHORTFALL: Column = req(
        "shortfall",
        Ty::Money,
        "money",
        "the documented shortfall, more than 0",
        "temporary assistance",
    );
}

pub(crate) const EVENTS: &[Column] = &[
    events::KEY_COLUMN,
    events::MONTH,
    events::KIND,
    events::SHORTFALL,
];

/// The columns of `screenings`.
pub(crate) mod screenings {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "|", "");
    pub(crate) const PERSON_ID: Column = req(
        "person_id",
        Ty::Text,
        "text",
        "the person flagged",
        "material delivery",
    );
    pub(crate) const MONTH: Column = req(
        "month",
        Ty::Text,
        "month",
        "the screening's month",
        "material delivery",
    );
}

pub(crate) const SCREENINGS: &[Column] = &[
    screenings::KEY_COLUMN,
    screenings::PERSON_ID,
    screenings::MONTH,
];

/// The columns of `verifications`.
pub(crate) mod verifications {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "|", "");
    pub(crate) const FACT: Column = req(
        "fact",
        Ty::Names,
        "names",
        "`income`, `financial_assets`, `non_exempt_vehicle`, `unsafe_housing`",
        "",
    );
    pub(crate) const PERSON_ID: Column = opt(
        "person_id",
        Ty::Text,
        "text",
        "income: the member",
        "counted income",
    );
    pub(crate) const CATEGORY: Column = opt(
        "category",
        Ty::Names,
        "names",
        "income: `wage`, `business`, `property` or `transfer`",
        "counted income",
    );
    pub(crate) const AMOUNT: Column = opt(
        "amount",
        Ty::Money,
        "money",
        "income: yuan a month; financial assets: yuan",
        "dibao, tekun, monitoring",
    );
    pub(crate) const VALUE: Column = opt(
        "value",
        Ty::Flag,
        "yes/no",
        "vehicle or housing: the value reported",
        "dibao, tekun, guarantee gap",
    );
    pub(crate) const DEPARTMENT: Column = req(
        "department",
        Ty::Names,
        "names",
        "`tax`, `social_security`, `bank`, `housing`, `vehicle`, `business_registration`, `provident_fund`, `other`",
        "findings",
    );
    pub(crate) const AS_OF: Column = req(
        "as_of",
        Ty::Date,
        "date",
        "the date the data are as of",
        "whether it is stale",
    );
}

pub(crate) const VERIFICATIONS: &[Column] = &[
    verifications::KEY_COLUMN,
    verifications::FACT,
    verifications::PERSON_ID,
    verifications::CATEGORY,
    verifications::AMOUNT,
    verifications::VALUE,
    verifications::DEPARTMENT,
    verifications::AS_OF,
];

/// The columns of `results`.
pub(crate) mod results {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "", "");
    pub(crate) const PERSON_ID: Column = opt(
        "person_id",
        Ty::Text,
        "text",
        "the member; null for the household's own entries",
        "",
    );
    pub(crate) const MONTH: Column = req("month", Ty::Names, "month text", "", "");
    pub(crate) const PROGRAM: Column = req("program", Ty::Names, "text", "wire name", "");
    pub(crate) const OUTCOME: Column = req(
        "outcome",
        Ty::Names,
        "text",
        "`paid`, `holds`, `not_paid`, `withheld`, `undetermined`",
        "",
    );
    pub(crate) const AMOUNT: Column = opt(
        "amount",
        Ty::Amount,
        "`Decimal128(38, 2)`",
        "paid: the amount (monthly, or once for a one-off program); withheld: what would have been paid",
        "",
    );
    pub(crate) const WITHHELD_BY: Column = opt(
        "withheld_by",
        Ty::Names,
        "text",
        "withheld: the program (or `external:KIND`) that won",
        "",
    );
    pub(crate) const OVERLAP_RULE: Column = opt(
        "overlap_rule",
        Ty::Index,
        "`UInt32`",
        "withheld: the rule's position in the pack's overlap table",
        "",
    );
    pub(crate) const REASON: Column = req(
        "reason",
        Ty::Names,
        "text",
        "the reason's code, as in the JSON forms",
        "",
    );
    pub(crate) const FIGURE: Column = opt(
        "figure",
        Ty::Figure,
        "`Decimal128(38, 10)`",
        "the reason's main number (see [`Reason::figures`](crate::Reason::figures))",
        "",
    );
    pub(crate) const THRESHOLD: Column = opt(
        "threshold",
        Ty::Figure,
        "`Decimal128(38, 10)`",
        "what it was compared with or built from",
        "",
    );
    pub(crate) const EXPLANATION: Column = opt(
        "explanation",
        Ty::Text,
        "text",
        "the reason in words, when [`Options::explanations`] asks for it",
        "",
    );
}

pub(crate) const RESULTS: &[Column] = &[
    results::KEY_COLUMN,
    results::PERSON_ID,
    results::MONTH,
    results::PROGRAM,
    results::OUTCOME,
    results::AMOUNT,
    results::WITHHELD_BY,
    results::OVERLAP_RULE,
    results::REASON,
    results::FIGURE,
    results::THRESHOLD,
    results::EXPLANATION,
];

/// The columns of `findings`.
pub(crate) mod findings {
    use super::*;
    pub(crate) const KEY_COLUMN: Column = req(KEY, Ty::Text, "text", "", "");
    pub(crate) const MONTH: Column = req("month", Ty::Names, "month text", "", "");
    pub(crate) const FINDING: Column = req(
        "finding",
        Ty::Names,
        "text",
        "the finding's kind, e.g. `missed_coverage`",
        "",
    );
    pub(crate) const PERSON_ID: Column =
        opt("person_id", Ty::Text, "text", "the person it is about", "");
    pub(crate) const PROGRAM: Column =
        opt("program", Ty::Names, "text", "the program it is about", "");
    pub(crate) const EXPLANATION: Column = req("explanation", Ty::Text, "text", "in words", "");
}

pub(crate) const FINDINGS: &[Column] = &[
    findings::KEY_COLUMN,
    findings::MONTH,
    findings::FINDING,
    findings::PERSON_ID,
    findings::PROGRAM,
    findings::EXPLANATION,
];

/// The columns of `errors`.
pub(crate) mod errors {
    use super::*;
    pub(crate) const TABLE: Column = opt("table", Ty::Text, "text", "the input table at fault", "");
    pub(crate) const ROW: Column = opt(
        "row",
        Ty::Row,
        "`UInt64`",
        "its row, from 1 (in a CSV file, row N is on line N + 1)",
        "",
    );
    pub(crate) const KEY_COLUMN: Column =
        opt(KEY, Ty::Text, "text", "the household, as written", "");
    pub(crate) const COLUMN: Column = opt("column", Ty::Text, "text", "the column at fault", "");
    pub(crate) const VALUE: Column = opt(
        "value",
        Ty::Text,
        "text",
        "the cell's value (an ID number masked)",
        "",
    );
    pub(crate) const MONTH: Column = opt(
        "month",
        Ty::Text,
        "month text",
        "for an error of evaluation, its month",
        "",
    );
    pub(crate) const MESSAGE: Column =
        req("message", Ty::Text, "text", "what is wrong, in words", "");
}

pub(crate) const ERRORS: &[Column] = &[
    errors::TABLE,
    errors::ROW,
    errors::KEY_COLUMN,
    errors::COLUMN,
    errors::VALUE,
    errors::MONTH,
    errors::MESSAGE,
];

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
