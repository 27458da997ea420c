//! Closed sets of facts about a person: every one an enum with `snake_case` wire names.

use serde::{Deserialize, Serialize};

use crate::read::wire_names;

use super::flags::flag_enum;
use crate::money::Money;

/// Urban (城市) or rural (农村): which standards apply to a household (民发〔2012〕220号 第6条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// 城市.
    Urban,
    /// 农村.
    Rural,
}
wire_names!(Area {
    Urban = "urban",
    Rural = "rural",
});

impl Area {
    /// 0 for urban, 1 for rural: the position in per-area tables.
    pub(crate) fn index(self) -> usize {
        match self {
            Area::Urban => 0,
            Area::Rural => 1,
        }
    }

    /// This area's value of a per-area pair `[urban, rural]`.
    pub(crate) fn pick<T>(self, pair: &[T; 2]) -> &T {
        match self {
            Area::Urban => &pair[0],
            Area::Rural => &pair[1],
        }
    }
}

/// Sex, as registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}
wire_names!(Sex {
    Male = "male",
    Female = "female",
});

/// A member's relation to the head of the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relation {
    /// The head (户主); every household has exactly one.
    Head,
    /// Spouse of the head.
    Spouse,
    /// Child of the head.
    Child,
    /// Parent of the head.
    Parent,
    /// Grandchild of the head.
    Grandchild,
    /// Grandparent of the head.
    Grandparent,
    /// Brother or sister of the head.
    Sibling,
    /// Any other relation.
    Other,
}
wire_names!(Relation {
    Head = "head",
    Spouse = "spouse",
    Child = "child",
    Parent = "parent",
    Grandchild = "grandchild",
    Grandparent = "grandparent",
    Sibling = "sibling",
    Other = "other",
});

/// The kind of a disability certificate (残疾人证).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisabilityKind {
    /// 肢体.
    Physical,
    /// 视力.
    Visual,
    /// 听力.
    Hearing,
    /// 言语.
    Speech,
    /// 智力.
    Intellectual,
    /// 精神.
    Mental,
    /// 多重.
    Multiple,
}
wire_names!(DisabilityKind {
    Physical = "physical",
    Visual = "visual",
    Hearing = "hearing",
    Speech = "speech",
    Intellectual = "intellectual",
    Mental = "mental",
    Multiple = "multiple",
});

/// A disability grade, 1 (most severe) to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub struct Grade(u8);

const GRADE_EXPECTED: &str = "a disability grade, a whole number from 1 to 4";

/// The problem with `value` as a disability grade, typed, or `None` when it reads: the
/// check the typed reader runs again on a grade refused.
pub(crate) fn grade_problem(value: &serde_json::Value) -> Option<crate::error::Problem> {
    let wrong = |found: String| crate::error::Problem::WrongType {
        found,
        expected: GRADE_EXPECTED.to_owned(),
    };
    match value {
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(n) => Grade::try_from(n).err(),
            None if n.is_u64() => Some(crate::error::Problem::DisabilityGrade { grade: i64::MAX }),
            None => Some(wrong(format!(
                "the fraction {}",
                crate::read::number_text(n)
            ))),
        },
        other => Some(wrong(crate::read::found(other))),
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Grade, D::Error> {
        struct GradeVisitor;

        fn refuse<E: serde::de::Error>(found: impl Into<String>) -> E {
            E::custom(crate::error::Problem::WrongType {
                found: found.into(),
                expected: GRADE_EXPECTED.to_owned(),
            })
        }

        impl<'de> serde::de::Visitor<'de> for GradeVisitor {
            type Value = Grade;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(GRADE_EXPECTED)
            }

            fn visit_newtype_struct<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Grade, D::Error> {
                d.deserialize_any(self)
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Grade, E> {
                Grade::try_from(n).map_err(E::custom)
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Grade, E> {
                self.visit_i64(i64::try_from(n).unwrap_or(i64::MAX))
            }

            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Grade, E> {
                Err(refuse(format!("the fraction {n}")))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Grade, E> {
                Err(refuse(format!(
                    "the string {:?}",
                    text.chars().take(40).collect::<String>()
                )))
            }

            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Grade, E> {
                Err(refuse(format!("the boolean {b}")))
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Grade, E> {
                Err(refuse("null"))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Grade, A::Error> {
                Err(refuse("a list"))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<Grade, A::Error> {
                Err(refuse("an object"))
            }
        }

        d.deserialize_newtype_struct("doudi::Grade", GradeVisitor)
    }
}

impl Grade {
    /// The grade `n`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] with [`crate::Problem::DisabilityGrade`] when `n` is not
    /// 1–4.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::Grade;
    ///
    /// assert!(Grade::new(2)?.is_severe());
    /// assert_eq!(Grade::new(5).unwrap_err().to_string(), "grade 5 is outside 1–4");
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn new(n: u8) -> crate::error::Result<Grade> {
        Grade::try_from(i64::from(n)).map_err(|p| crate::error::Loc::Root.invalid(p))
    }

    /// The grade as a number, 1–4.
    pub fn get(self) -> u8 {
        self.0
    }

    /// Whether the grade is 1 or 2 (重度, severe).
    pub fn is_severe(self) -> bool {
        self.0 <= 2
    }
}

impl TryFrom<i64> for Grade {
    type Error = crate::error::Problem;

    fn try_from(n: i64) -> Result<Grade, Self::Error> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=4).contains(n))
            .map(Grade)
            .ok_or(crate::error::Problem::DisabilityGrade { grade: n })
    }
}

impl From<Grade> for u8 {
    fn from(g: Grade) -> u8 {
        g.0
    }
}

impl schemars::JsonSchema for Grade {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Grade".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "minimum": 1, "maximum": 4 })
    }
}

/// A disability: its grade and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disability {
    /// Grade 1–4.
    pub(crate) grade: Grade,
    /// Kind.
    pub(crate) kind: DisabilityKind,
}

impl Disability {
    /// A disability of `grade` (1–4) and `kind`.
    ///
    /// # Errors
    ///
    /// [`crate::error::Error::Invalid`] when the grade is outside 1–4.
    pub fn new(grade: u8, kind: DisabilityKind) -> crate::error::Result<Disability> {
        let grade = Grade::try_from(i64::from(grade))
            .map_err(|p| crate::error::Loc::Root.field("grade").invalid(p))?;
        Ok(Disability { grade, kind })
    }

    /// The grade, 1 (most severe) to 4.
    pub fn grade(self) -> Grade {
        self.grade
    }

    /// The kind.
    pub fn kind(self) -> DisabilityKind {
        self.kind
    }

    /// Whether this is a severe disability: grade 1–2.
    pub fn is_severe(self) -> bool {
        self.grade.is_severe()
    }

    /// Whether the kind is intellectual (智力) or mental (精神).
    pub fn is_intellectual_or_mental(self) -> bool {
        matches!(
            self.kind,
            DisabilityKind::Intellectual | DisabilityKind::Mental
        )
    }
}

/// One of the six daily activities by which self-care is assessed (民发〔2021〕43号 第21条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DailyActivity {
    /// 吃饭.
    Eating,
    /// 穿衣.
    Dressing,
    /// 上下床.
    Transferring,
    /// 如厕.
    Toileting,
    /// 室内行走.
    IndoorWalking,
    /// 洗澡.
    Bathing,
}
wire_names!(DailyActivity {
    Eating = "eating",
    Dressing = "dressing",
    Transferring = "transferring",
    Toileting = "toileting",
    IndoorWalking = "indoor_walking",
    Bathing = "bathing",
});
flag_enum!(DailyActivity {
    Eating,
    Dressing,
    Transferring,
    Toileting,
    IndoorWalking,
    Bathing
});

/// A self-care level (生活自理能力, 民发〔2021〕43号 第21–22条).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CareLevel {
    /// All six daily activities possible (具备生活自理能力).
    FullSelfCare,
    /// Unable to do one to three (部分丧失, 半失能).
    PartlyDependent,
    /// Unable to do four or more (完全丧失, 全失能).
    FullyDependent,
}
wire_names!(CareLevel {
    FullSelfCare = "full_self_care",
    PartlyDependent = "partly_dependent",
    FullyDependent = "fully_dependent",
});

/// Self-care as assessed: either a level, or the daily activities the person cannot do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SelfCare {
    /// A level assessed directly: `{"level": "partly_dependent"}`.
    Level(CareLevel),
    /// The activities the person cannot do: `{"unable_to": ["eating", "bathing"]}`
    /// (an empty list means full self-care).
    UnableTo(super::FlagSet<DailyActivity>),
}

/// An object with exactly one of `level` and `unable_to`.
impl crate::read::SelfChecked for SelfCare {
    const NAME: &'static str = "doudi::SelfCare";

    fn read<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<crate::error::Result<SelfCare>, D::Error> {
        #[derive(Deserialize)]
        #[serde(
            deny_unknown_fields,
            expecting = "a self-care assessment: {\"level\": …} or {\"unable_to\": […]}"
        )]
        struct Either {
            level: Option<CareLevel>,
            unable_to: Option<super::FlagSet<DailyActivity>>,
        }
        let either = Either::deserialize(d)?;
        Ok(match (either.level, either.unable_to) {
            (Some(level), None) => Ok(SelfCare::Level(level)),
            (None, Some(set)) => Ok(SelfCare::UnableTo(set)),
            (level, _) => Err(crate::read::invalid(crate::error::Problem::OneOf {
                fields: "level, unable_to",
                given: if level.is_some() { 2 } else { 0 },
            })),
        })
    }
}

impl<'de> Deserialize<'de> for SelfCare {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SelfCare, D::Error> {
        crate::read::deserialize_checked(d)
    }
}

impl SelfCare {
    /// The level: from the activities, none → full self-care, 1–3 → partly dependent,
    /// 4 or more → fully dependent (43号 第22条).
    pub fn level(self) -> CareLevel {
        match self {
            SelfCare::Level(level) => level,
            SelfCare::UnableTo(set) => match set.len() {
                0 => CareLevel::FullSelfCare,
                1..=3 => CareLevel::PartlyDependent,
                _ => CareLevel::FullyDependent,
            },
        }
    }
}

/// A status that removes a person from the dibao unit (57号 第7条) or makes them unable to
/// support or guard others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PersonStatus {
    /// Serving a prison sentence (服刑).
    Imprisoned,
    /// In compulsory drug rehabilitation (强制隔离戒毒).
    CompulsoryRehab,
    /// Another restriction of personal liberty.
    OtherRestriction,
    /// Legally declared missing (宣告失踪).
    DeclaredMissing,
    /// Clergy living away from the household for three years or more.
    ClergyAway,
}
wire_names!(PersonStatus {
    Imprisoned = "imprisoned",
    CompulsoryRehab = "compulsory_rehab",
    OtherRestriction = "other_restriction",
    DeclaredMissing = "declared_missing",
    ClergyAway = "clergy_away",
});
flag_enum!(PersonStatus {
    Imprisoned,
    CompulsoryRehab,
    OtherRestriction,
    DeclaredMissing,
    ClergyAway
});

/// The legal supporter situation (法定赡养、抚养、扶养义务人, 民发〔2021〕43号 第8条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LegalSupporter {
    /// No legal supporter.
    None,
    /// A legal supporter able to support.
    Capable,
    /// Legal supporters exist but cannot support (tekun, dibao ≥ 60, severely disabled,
    /// without legal capacity, declared missing, imprisoned).
    Incapable,
}
wire_names!(LegalSupporter {
    None = "none",
    Capable = "capable",
    Incapable = "incapable",
});

/// Where care is given: at home or in an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CareForm {
    /// 分散供养: at home.
    #[default]
    Dispersed,
    /// 集中供养: in an institution.
    Centralized,
}
wire_names!(CareForm {
    Dispersed = "dispersed",
    Centralized = "centralized",
});

/// A parent's situation, as the child programs and care registers read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ParentSituation {
    /// Present and able.
    #[default]
    Present,
    /// Dead.
    Dead,
    /// Legally declared missing.
    DeclaredMissing,
    /// Away for work (外出务工).
    AwayForWork,
    /// Serving a prison sentence.
    Imprisoned,
    /// In compulsory drug rehabilitation.
    CompulsoryRehab,
    /// Another restriction of liberty of six months or more.
    OtherRestriction,
    /// Lost contact for six months or more.
    LostContact,
    /// Severely disabled (grade 1–2, or grade 3–4 mental/intellectual).
    SevereDisability,
    /// Seriously ill.
    SeriousIllness,
    /// Otherwise unable to act as guardian.
    UnableToGuard,
}
wire_names!(ParentSituation {
    Present = "present",
    Dead = "dead",
    DeclaredMissing = "declared_missing",
    AwayForWork = "away_for_work",
    Imprisoned = "imprisoned",
    CompulsoryRehab = "compulsory_rehab",
    OtherRestriction = "other_restriction",
    LostContact = "lost_contact",
    SevereDisability = "severe_disability",
    SeriousIllness = "serious_illness",
    UnableToGuard = "unable_to_guard",
});

/// A child's two parents. When not given, both are taken as present.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Parents {
    /// The father's situation.
    #[serde(default)]
    pub(crate) father: ParentSituation,
    /// The mother's situation.
    #[serde(default)]
    pub(crate) mother: ParentSituation,
}

impl Parents {
    /// A child's two parents.
    pub const fn new(father: ParentSituation, mother: ParentSituation) -> Parents {
        Parents { father, mother }
    }

    /// The father's situation.
    pub fn father(self) -> ParentSituation {
        self.father
    }

    /// The mother's situation.
    pub fn mother(self) -> ParentSituation {
        self.mother
    }
}

/// A category of income (57号 第13条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IncomeCategory {
    /// 工资性收入: wages, before the employment-cost deduction.
    Wage,
    /// 经营净收入: net business income.
    Business,
    /// 财产净收入: net property income.
    Property,
    /// 转移净收入: net transfer income (remittances, pensions other than the basic portion).
    Transfer,
    /// 基础养老金: the basic portion of the resident pension — not counted.
    PensionBasic,
    /// Scholarships, awards, 见义勇为 rewards — not counted.
    Award,
    /// 优待抚恤金: special-care allowances — not counted.
    SpecialCare,
    /// 计划生育奖励扶助金 — not counted.
    FamilyPlanningReward,
    /// Social-assistance payments (社会救助款物) received from any program — never counted.
    SocialAssistance,
    /// Payouts of basic medical insurance — not counted.
    MedicalInsurancePayout,
}
wire_names!(IncomeCategory {
    Wage = "wage",
    Business = "business",
    Property = "property",
    Transfer = "transfer",
    PensionBasic = "pension_basic",
    Award = "award",
    SpecialCare = "special_care",
    FamilyPlanningReward = "family_planning_reward",
    SocialAssistance = "social_assistance",
    MedicalInsurancePayout = "medical_insurance_payout",
});

impl IncomeCategory {
    /// Whether 57号 第13条 counts this category as income for dibao and tekun.
    pub fn is_counted(self) -> bool {
        matches!(
            self,
            IncomeCategory::Wage
                | IncomeCategory::Business
                | IncomeCategory::Property
                | IncomeCategory::Transfer
        )
    }
}

/// One monthly income item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Income {
    /// Its category.
    pub(crate) category: IncomeCategory,
    /// Yuan per month.
    pub(crate) monthly: Money,
}

impl Income {
    /// An income item of `monthly` yuan in `category` (checked with the person: not
    /// negative, at most two decimal places).
    pub const fn new(category: IncomeCategory, monthly: Money) -> Income {
        Income { category, monthly }
    }

    /// Its category.
    pub fn category(self) -> IncomeCategory {
        self.category
    }

    /// Yuan per month.
    pub fn monthly(self) -> Money {
        self.monthly
    }
}

/// A benefit paid outside this crate's programs that some rules compare against.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExternalBenefitKind {
    /// 工伤保险生活护理费: excludes both disability subsidies.
    WorkInjuryCare,
    /// 老年人护理补贴 and allowances of the same class: take the higher against nursing.
    OldAgeCare,
    /// 高龄津贴: an old-age allowance, not counted as income for tekun.
    LongevityAllowance,
}
wire_names!(ExternalBenefitKind {
    WorkInjuryCare = "work_injury_care",
    OldAgeCare = "old_age_care",
    LongevityAllowance = "longevity_allowance",
});

/// One external benefit with its monthly amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalBenefit {
    /// Its kind.
    pub(crate) kind: ExternalBenefitKind,
    /// Yuan per month.
    pub(crate) monthly: Money,
}

impl ExternalBenefit {
    /// A benefit of `kind`, `monthly` yuan a month (checked with the person).
    pub const fn new(kind: ExternalBenefitKind, monthly: Money) -> ExternalBenefit {
        ExternalBenefit { kind, monthly }
    }

    /// Its kind.
    pub fn kind(self) -> ExternalBenefitKind {
        self.kind
    }

    /// Yuan per month.
    pub fn monthly(self) -> Money {
        self.monthly
    }
}
