//! A person: facts only, no rules.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::facts::{
    CareForm, Disability, ExternalBenefit, ExternalBenefitKind, Income, IncomeCategory,
    LegalSupporter, Parents, PersonStatus, Relation, SelfCare, Sex,
};
use super::flags::FlagSet;
use super::id_number::ResidentId;
use super::ids::PersonId;
use crate::error::{Loc, Problem, Result};
use crate::money::Money;
use crate::period::{Month, age_on};

/// The most income items one person may have.
pub const MAX_INCOME_ITEMS: usize = 64;
/// The most external benefits one person may have.
pub const MAX_EXTERNAL_BENEFITS: usize = 16;

/// A person's facts as they travel on the wire, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a person: an object with id, birth_date, sex and relation"
)]
#[schemars(rename = "Person")]
pub(crate) struct PersonFacts {
    /// The person's identifier, unique in the district.
    pub(crate) id: PersonId,
    /// The resident ID number, if known; its embedded birth date must equal `birth_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id_number: Option<ResidentId>,
    /// The birth date.
    #[serde(with = "crate::parse::date_serde")]
    #[schemars(schema_with = "crate::period::date_schema")]
    pub(crate) birth_date: NaiveDate,
    /// Sex.
    pub(crate) sex: Sex,
    /// Relation to the head of the household.
    pub(crate) relation: Relation,
    /// Disability, if certified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) disability: Option<Disability>,
    /// A serious illness (重特大疾病).
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) serious_illness: bool,
    /// Self-care as assessed; no default: rules that need it report it missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) self_care: Option<SelfCare>,
    /// In compulsory, senior-high or vocational school.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) in_school: bool,
    // Lists are boxed slices: a district holds half a million persons, and a list that
    // never grows needs no capacity.
    /// Monthly income items.
    #[serde(default, skip_serializing_if = "no_items")]
    pub(crate) incomes: Box<[Income]>,
    /// Rigid monthly spending caused by disability or serious illness (deducted from income).
    #[serde(default, skip_serializing_if = "Money::is_zero")]
    pub(crate) rigid_spending: Money,
    /// Benefits received outside the crate's programs.
    #[serde(default, skip_serializing_if = "no_items")]
    pub(crate) external_benefits: Box<[ExternalBenefit]>,
    /// Statuses (imprisoned, declared missing, …).
    #[serde(default, skip_serializing_if = "FlagSet::is_empty")]
    pub(crate) status: FlagSet<PersonStatus>,
    /// The legal supporter situation; no default: rules that need it report it missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) legal_supporter: Option<LegalSupporter>,
    /// Dispersed (at home) or centralized (in an institution) care.
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) care_form: CareForm,
    /// For a child, the two parents' situations (both present when not given).
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) parents: Parents,
    /// For an adult: all children or supporters away for work six months or more.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) children_all_away: bool,
    /// The spouse is away for work.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) spouse_away_for_work: bool,
    /// A close relative of a caseworker or village cadre (57号 第11、20条).
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) close_relative_of_staff: bool,
    /// Without basic medical insurance.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) uninsured: bool,
    /// The counted income items summed (computed by the checks, never read from input):
    /// evaluation reads the sums instead of the list every month.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) counted: CountedIncome,
}

/// A person's counted monthly income (57号 第13条), summed by kind, in whole fen: input
/// amounts have at most two decimal places, and 64 items of at most [`crate::money::MAX_AMOUNT`]
/// sum far inside an `i64` of fen. Sixteen bytes where two amounts would take thirty-two:
/// a district holds half a million persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CountedIncome {
    /// Wages, before the employment-cost deduction.
    wages_fen: i64,
    /// Net business, property and transfer income.
    other_fen: i64,
}

impl CountedIncome {
    /// Wages, before the employment-cost deduction.
    pub(crate) fn wages(self) -> Money {
        Money::fen(self.wages_fen)
    }

    /// Net business, property and transfer income.
    pub(crate) fn other(self) -> Money {
        Money::fen(self.other_fen)
    }

    /// The counted income with the items of `category` (declared as `declared` in all)
    /// replaced by `verified`; a category that is not counted changes nothing.
    pub(crate) fn replacing(
        self,
        category: IncomeCategory,
        declared: Money,
        verified: Money,
    ) -> CountedIncome {
        let fen = |m: Money| m.to_fen().unwrap_or(0);
        let change = fen(verified).saturating_sub(fen(declared));
        match category {
            IncomeCategory::Wage => CountedIncome {
                wages_fen: self.wages_fen.saturating_add(change),
                ..self
            },
            IncomeCategory::Business | IncomeCategory::Property | IncomeCategory::Transfer => {
                CountedIncome {
                    other_fen: self.other_fen.saturating_add(change),
                    ..self
                }
            }
            _ => self,
        }
    }

    /// Counted income before rigid spending: wages as `rule` counts them, plus the rest
    /// (most persons have none of either: no decimal is formed then).
    #[inline]
    pub(crate) fn gross(self, rule: &WageRule) -> Money {
        let wages = if self.wages_fen == 0 {
            Money::ZERO
        } else {
            rule.counted(self.wages())
        };
        if self.other_fen == 0 {
            wages
        } else {
            wages + self.other()
        }
    }
}

/// How a member's wages are counted: of wages above `minimum` only the share `above_kept`
/// (1: all), then the share `kept` (after a deduction that is a share of wages) less the
/// set `allowance` (a deduction that is an amount), never below zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WageRule {
    pub(crate) minimum: Money,
    pub(crate) above_kept: Decimal,
    pub(crate) kept: Decimal,
    pub(crate) allowance: Money,
}

impl WageRule {
    /// Wages as the rule counts them.
    #[inline]
    pub(crate) fn counted(&self, wages: Money) -> Money {
        let wages = if self.above_kept < Decimal::ONE && wages > self.minimum {
            self.minimum + (wages - self.minimum).times(self.above_kept)
        } else {
            wages
        };
        let kept = wages.times(self.kept);
        if self.allowance.is_zero() {
            kept
        } else {
            (kept - self.allowance).floor_zero()
        }
    }
}

fn no_items<T>(items: &[T]) -> bool {
    items.is_empty()
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl PersonFacts {
    /// Checks the facts that do not depend on the household or the month, and returns the
    /// counted income summed (see [`PersonFacts::counted`]).
    pub(crate) fn check(&self, loc: &Loc<'_>) -> Result<CountedIncome> {
        if let Some(id) = &self.id_number {
            let at = loc.field("id_number");
            id.check_birth_date(self.birth_date, &at)?;
            // GB 11643: the 17th digit is odd for a man, even for a woman.
            let digit = id.sex_digit();
            let odd = digit.to_digit(10).is_some_and(|d| d % 2 == 1);
            if odd != (self.sex == Sex::Male) {
                return Err(at.invalid(Problem::IdNumberSexMismatch {
                    digit,
                    sex: match self.sex {
                        Sex::Male => "male",
                        Sex::Female => "female",
                    },
                }));
            }
        }
        let incomes = loc.field("incomes");
        if self.incomes.len() > MAX_INCOME_ITEMS {
            return Err(incomes.invalid(Problem::TooMany {
                count: self.incomes.len(),
                limit: MAX_INCOME_ITEMS,
            }));
        }
        let mut counted = CountedIncome::default();
        for (i, income) in self.incomes.iter().enumerate() {
            let item = incomes.index(i);
            let field = item.field("monthly");
            let monthly = income.monthly.check_input(&field)?;
            let sum = match income.category {
                IncomeCategory::Wage => &mut counted.wages_fen,
                c if c.is_counted() => &mut counted.other_fen,
                // Not counted (57号 第13条): social assistance, pension basic portion,
                // special-care allowances, awards, family-planning rewards, medical payouts.
                _ => continue,
            };
            // A checked amount is a whole number of fen and the sum of the items fits: the
            // error is for completeness only.
            *sum = monthly
                .to_fen()
                .and_then(|fen| sum.checked_add(fen))
                .ok_or_else(|| {
                    field.invalid(Problem::AmountTooLarge {
                        amount: monthly.yuan(),
                        limit: crate::money::MAX_AMOUNT,
                    })
                })?;
        }
        self.rigid_spending
            .check_input(&loc.field("rigid_spending"))?;
        let benefits = loc.field("external_benefits");
        if self.external_benefits.len() > MAX_EXTERNAL_BENEFITS {
            return Err(benefits.invalid(Problem::TooMany {
                count: self.external_benefits.len(),
                limit: MAX_EXTERNAL_BENEFITS,
            }));
        }
        for (i, benefit) in self.external_benefits.iter().enumerate() {
            benefit
                .monthly
                .check_input(&benefits.index(i).field("monthly"))?;
        }
        Ok(counted)
    }
}

/// A person, valid from construction: built with [`Person::builder`] or deserialised, both
/// through the same checks.
///
/// Missing facts default as the crate's conventions say: lists and yes/no facts to empty /
/// no; the legal
/// supporter and the self-care level have no default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person(pub(crate) PersonFacts);

/// The schema of the JSON a person is read from (the person's facts).
impl schemars::JsonSchema for Person {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        PersonFacts::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        PersonFacts::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PersonFacts::json_schema(generator)
    }
}

impl crate::read::SelfChecked for Person {
    const NAME: &'static str = "doudi::Person";

    fn read<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Result<Person>, D::Error> {
        Ok(Person::try_from(PersonFacts::deserialize(d)?))
    }
}

/// Deserialised through the same checks as [`Person::builder`]; a check that fails comes
/// back with its path and typed problem through [`crate::from_json`].
impl<'de> Deserialize<'de> for Person {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Person, D::Error> {
        crate::read::deserialize_checked(d)
    }
}

impl Serialize for Person {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl TryFrom<PersonFacts> for Person {
    type Error = crate::error::Error;

    fn try_from(mut facts: PersonFacts) -> Result<Person> {
        facts.counted = facts.check(&Loc::Root)?;
        Ok(Person(facts))
    }
}

impl From<Person> for PersonFacts {
    fn from(person: Person) -> PersonFacts {
        person.0
    }
}

impl Person {
    /// The counted income, summed by kind.
    /// Sums the counted income again after a fact changed (see
    /// [`Household::set_fact`](super::Household)); false when the person no longer passes
    /// the checks (the counted income is then left as it was).
    pub(crate) fn recount(&mut self) -> bool {
        match self.0.check(&Loc::Root) {
            Ok(counted) => {
                self.0.counted = counted;
                true
            }
            Err(_) => false,
        }
    }

    pub(crate) fn counted_income(&self) -> CountedIncome {
        self.0.counted
    }

    /// Starts a person with the four facts every person has.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use doudi::{Disability, DisabilityKind, Person, Relation, Sex};
    ///
    /// let born = NaiveDate::from_ymd_opt(1950, 3, 2).unwrap();
    /// let person = Person::builder("p1".parse()?, born, Sex::Female, Relation::Head)
    ///     .disability(Disability::new(2, DisabilityKind::Physical)?)
    ///     .build()?;
    /// // Completed years on the first of the month: 69 on 2020-03-01, 70 from April.
    /// assert_eq!(person.age_on("2020-03".parse()?), 69);
    /// assert_eq!(person.age_on("2020-04".parse()?), 70);
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn builder(
        id: PersonId,
        birth_date: NaiveDate,
        sex: Sex,
        relation: Relation,
    ) -> PersonBuilder {
        PersonBuilder {
            facts: PersonFacts {
                id,
                id_number: None,
                birth_date,
                sex,
                relation,
                disability: None,
                serious_illness: false,
                self_care: None,
                in_school: false,
                incomes: Box::default(),
                rigid_spending: Money::ZERO,
                external_benefits: Box::default(),
                status: FlagSet::new(),
                legal_supporter: None,
                care_form: CareForm::Dispersed,
                parents: Parents::default(),
                children_all_away: false,
                spouse_away_for_work: false,
                close_relative_of_staff: false,
                uninsured: false,
                counted: CountedIncome::default(),
            },
            incomes: Vec::new(),
            external_benefits: Vec::new(),
        }
    }

    /// The person's identifier.
    pub fn id(&self) -> &PersonId {
        &self.0.id
    }

    /// The resident ID number, if known.
    pub fn id_number(&self) -> Option<&ResidentId> {
        self.0.id_number.as_ref()
    }

    /// The birth date.
    pub fn birth_date(&self) -> NaiveDate {
        self.0.birth_date
    }

    /// Completed years on the first day of `month`.
    pub fn age_on(&self, month: Month) -> u32 {
        age_on(self.0.birth_date, month)
    }

    /// Sex.
    pub fn sex(&self) -> Sex {
        self.0.sex
    }

    /// Relation to the head.
    pub fn relation(&self) -> Relation {
        self.0.relation
    }

    /// The disability, if certified.
    pub fn disability(&self) -> Option<Disability> {
        self.0.disability
    }

    /// Whether the person has a serious illness.
    pub fn has_serious_illness(&self) -> bool {
        self.0.serious_illness
    }

    /// Self-care as assessed, if it was.
    pub fn self_care(&self) -> Option<SelfCare> {
        self.0.self_care
    }

    /// Whether the person is in compulsory, senior-high or vocational school.
    pub fn is_in_school(&self) -> bool {
        self.0.in_school
    }

    /// The monthly income items.
    pub fn incomes(&self) -> &[Income] {
        &self.0.incomes
    }

    /// Rigid monthly spending caused by disability or serious illness.
    pub fn rigid_spending(&self) -> Money {
        self.0.rigid_spending
    }

    /// The external benefits.
    pub fn external_benefits(&self) -> &[ExternalBenefit] {
        &self.0.external_benefits
    }

    /// The monthly total of external benefits of `kind`.
    pub fn external_benefit(&self, kind: ExternalBenefitKind) -> Money {
        self.0
            .external_benefits
            .iter()
            .filter(|b| b.kind == kind)
            .map(|b| b.monthly)
            .sum()
    }

    /// The statuses.
    pub fn status(&self) -> FlagSet<PersonStatus> {
        self.0.status
    }

    /// The legal supporter situation, if known.
    pub fn legal_supporter(&self) -> Option<LegalSupporter> {
        self.0.legal_supporter
    }

    /// Dispersed or centralized care.
    pub fn care_form(&self) -> CareForm {
        self.0.care_form
    }

    /// The parents' situations.
    pub fn parents(&self) -> Parents {
        self.0.parents
    }

    /// Whether all the person's children or supporters are away for work six months or more.
    pub fn children_all_away(&self) -> bool {
        self.0.children_all_away
    }

    /// Whether the spouse is away for work.
    pub fn spouse_away_for_work(&self) -> bool {
        self.0.spouse_away_for_work
    }

    /// Whether the person is a close relative of a caseworker or village cadre.
    pub fn is_close_relative_of_staff(&self) -> bool {
        self.0.close_relative_of_staff
    }

    /// Whether the person is without basic medical insurance.
    pub fn is_uninsured(&self) -> bool {
        self.0.uninsured
    }
}

/// Builds a [`Person`]; every setter takes typed facts, and [`PersonBuilder::build`] checks
/// them as deserialisation does.
#[derive(Debug, Clone)]
pub struct PersonBuilder {
    facts: PersonFacts,
    // The lists grow here and are boxed once, by `facts`.
    incomes: Vec<Income>,
    external_benefits: Vec<ExternalBenefit>,
}

impl PersonBuilder {
    /// The resident ID number; `build` checks that its birth date is the person's.
    #[must_use]
    pub fn id_number(mut self, number: ResidentId) -> Self {
        self.facts.id_number = Some(number);
        self
    }

    /// A certified disability.
    #[must_use]
    pub fn disability(mut self, disability: Disability) -> Self {
        self.facts.disability = Some(disability);
        self
    }

    /// A serious illness.
    #[must_use]
    pub fn serious_illness(mut self, yes: bool) -> Self {
        self.facts.serious_illness = yes;
        self
    }

    /// Self-care as assessed.
    #[must_use]
    pub fn self_care(mut self, self_care: SelfCare) -> Self {
        self.facts.self_care = Some(self_care);
        self
    }

    /// In compulsory, senior-high or vocational school.
    #[must_use]
    pub fn in_school(mut self, yes: bool) -> Self {
        self.facts.in_school = yes;
        self
    }

    /// Adds a monthly income item.
    #[must_use]
    pub fn income(mut self, income: Income) -> Self {
        self.incomes.push(income);
        self
    }

    /// Rigid monthly spending caused by disability or serious illness.
    #[must_use]
    pub fn rigid_spending(mut self, monthly: Money) -> Self {
        self.facts.rigid_spending = monthly;
        self
    }

    /// Adds an external benefit.
    #[must_use]
    pub fn external_benefit(mut self, benefit: ExternalBenefit) -> Self {
        self.external_benefits.push(benefit);
        self
    }

    /// Adds a status.
    #[must_use]
    pub fn status(mut self, status: PersonStatus) -> Self {
        self.facts.status.insert(status);
        self
    }

    /// The legal supporter situation.
    #[must_use]
    pub fn legal_supporter(mut self, supporter: LegalSupporter) -> Self {
        self.facts.legal_supporter = Some(supporter);
        self
    }

    /// Dispersed or centralized care.
    #[must_use]
    pub fn care_form(mut self, form: CareForm) -> Self {
        self.facts.care_form = form;
        self
    }

    /// The parents' situations.
    #[must_use]
    pub fn parents(mut self, parents: Parents) -> Self {
        self.facts.parents = parents;
        self
    }

    /// All children or supporters away for work six months or more.
    #[must_use]
    pub fn children_all_away(mut self, yes: bool) -> Self {
        self.facts.children_all_away = yes;
        self
    }

    /// The spouse is away for work.
    #[must_use]
    pub fn spouse_away_for_work(mut self, yes: bool) -> Self {
        self.facts.spouse_away_for_work = yes;
        self
    }

    /// A close relative of a caseworker or village cadre.
    #[must_use]
    pub fn close_relative_of_staff(mut self, yes: bool) -> Self {
        self.facts.close_relative_of_staff = yes;
        self
    }

    /// Without basic medical insurance.
    #[must_use]
    pub fn uninsured(mut self, yes: bool) -> Self {
        self.facts.uninsured = yes;
        self
    }

    /// Checks the facts and builds the person.
    ///
    /// # Errors
    ///
    /// [`crate::error::Error::Invalid`] naming the field: an ID number whose birth date differs, a
    /// negative or too precise amount, too many items.
    pub fn build(self) -> Result<Person> {
        Person::try_from(self.facts())
    }

    /// The facts with their lists boxed.
    pub(crate) fn facts(self) -> PersonFacts {
        PersonFacts {
            incomes: self.incomes.into_boxed_slice(),
            external_benefits: self.external_benefits.into_boxed_slice(),
            ..self.facts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person_with(incomes: &[(IncomeCategory, &str)]) -> Result<Person> {
        let born = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default();
        let mut b = Person::builder("p".parse()?, born, Sex::Female, Relation::Head);
        for &(category, monthly) in incomes {
            b = b.income(Income {
                category,
                monthly: monthly.parse()?,
            });
        }
        b.build()
    }

    #[test]
    fn counted_income_is_summed_by_kind_when_built() -> Result<()> {
        use IncomeCategory::*;
        // Wages 600.00 + 0.5 (written with a trailing zero, "0.50" exactly) = 600.50;
        // business 100 + transfer 20.05 = 120.05; the pension basic portion and social
        // assistance are not counted (57号 第13条).
        let p = person_with(&[
            (Wage, "600.00"),
            (Business, "100"),
            (PensionBasic, "900.00"),
            (Wage, "0.500"),
            (Transfer, "20.05"),
            (SocialAssistance, "300.00"),
        ])?;
        let counted = p.counted_income();
        assert_eq!(counted.wages(), "600.50".parse()?);
        assert_eq!(counted.other(), "120.05".parse()?);
        // 80% of wages kept: 480.40 + 120.05 = 600.45.
        assert_eq!(
            counted.gross(&WageRule {
                minimum: Money::ZERO,
                above_kept: Decimal::ONE,
                kept: Decimal::new(8, 1),
                allowance: Money::ZERO,
            }),
            "600.45".parse()?
        );
        // No counted income: zero, whatever the share kept.
        let none = person_with(&[(Award, "50.00")])?.counted_income();
        let rule = WageRule {
            minimum: Money::ZERO,
            above_kept: Decimal::ONE,
            kept: Decimal::new(8, 1),
            allowance: Money::ZERO,
        };
        assert_eq!(none.gross(&rule), Money::ZERO);
        assert_eq!(none, CountedIncome::default());
        Ok(())
    }

    #[test]
    fn the_largest_incomes_sum_in_fen() -> Result<()> {
        // 64 wage items of the largest amount, one trillion yuan each: 6.4e13 yuan, 6.4e15
        // fen, far inside an i64.
        let items = vec![(IncomeCategory::Wage, "1000000000000"); MAX_INCOME_ITEMS];
        let counted = person_with(&items)?.counted_income();
        assert_eq!(counted.wages(), Money::fen(6_400_000_000_000_000));
        assert_eq!(counted.other(), Money::ZERO);
        Ok(())
    }
}
