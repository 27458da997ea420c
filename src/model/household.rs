//! A household: its facts, members, enrolments, events and screening flags.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::facts::{Area, IncomeCategory};
use super::ids::{Beneficiary, HouseholdId, PersonId, ProgramId, ProgramKind, Township};
use super::person::{Person, PersonBuilder, PersonFacts};
use super::verify::Verification;
use crate::error::{Loc, Problem, Result};
use crate::money::Money;
use crate::period::Month;
use crate::read::wire_names;

/// The most members a household may have.
pub const MAX_MEMBERS: usize = 64;
/// The most enrolments a household may have.
pub const MAX_ENROLMENTS: usize = 256;
/// The most temporary-assistance events a household may have.
pub const MAX_EVENTS: usize = 64;
/// The most screening flags a household may have.
pub const MAX_SCREENINGS: usize = 256;
/// The most verification results one household may carry.
pub const MAX_VERIFICATIONS: usize = 256;
/// The longest JSON text of one household that [`Household::from_json`] reads, in bytes.
pub const MAX_JSON_BYTES: usize = crate::read::MAX_DOCUMENT_BYTES;

/// An enrolment: a program the household or a member is recorded as receiving.
///
/// Coverage findings compare enrolments with what the rules determine; the dibao gradual
/// exit (渐退期) reads the enrolled amount and the month the income rose. An enrolment in
/// a local program that the engine was not given is never dropped: it is the finding
/// `unevaluated_enrolment`, with its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "an enrolment: an object with program and since"
)]
pub struct Enrolment {
    /// The program.
    pub(crate) program: ProgramId,
    /// The member enrolled; `None` for a household program (dibao of the whole household).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) person: Option<PersonId>,
    /// The first month of the enrolment.
    pub(crate) since: Month,
    /// The monthly amount recorded, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) monthly_amount: Option<Money>,
    /// For dibao: the month the household's income rose to or above the standard because a
    /// member found work (starts the gradual exit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) income_rose_in: Option<Month>,
    /// For dibao and tekun: the month of the last periodic review (定期核查); `since` when
    /// none is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_review: Option<Month>,
}

impl Enrolment {
    /// The household's enrolment in `program` (dibao of the whole household) from `since`.
    /// The household's checks refuse a person program enrolled this way.
    pub fn household(program: ProgramId, since: Month) -> Enrolment {
        Enrolment {
            program,
            person: None,
            since,
            monthly_amount: None,
            income_rose_in: None,
            last_review: None,
        }
    }

    /// `person`'s enrolment in `program` from `since` (for dibao: covered alone).
    pub fn person(program: ProgramId, person: PersonId, since: Month) -> Enrolment {
        Enrolment {
            person: Some(person),
            ..Enrolment::household(program, since)
        }
    }

    /// With the monthly amount recorded.
    #[must_use]
    pub fn with_monthly_amount(mut self, amount: Money) -> Enrolment {
        self.monthly_amount = Some(amount);
        self
    }

    /// For dibao: with the month the income rose (starting the gradual exit).
    #[must_use]
    pub fn with_income_rose_in(mut self, month: Month) -> Enrolment {
        self.income_rose_in = Some(month);
        self
    }

    /// With the month of the last periodic review.
    #[must_use]
    pub fn with_last_review(mut self, month: Month) -> Enrolment {
        self.last_review = Some(month);
        self
    }

    /// The month of the last periodic review as recorded (none: never reviewed since
    /// `since`).
    pub fn recorded_review(&self) -> Option<Month> {
        self.last_review
    }

    /// The month of the last periodic review: as recorded, else the first month.
    pub fn last_review(&self) -> Month {
        self.last_review.unwrap_or(self.since)
    }

    /// The program.
    pub fn program(&self) -> ProgramId {
        self.program
    }

    /// The member enrolled (`None` for the household).
    pub fn member(&self) -> Option<&PersonId> {
        self.person.as_ref()
    }

    /// The first month.
    pub fn since(&self) -> Month {
        self.since
    }

    /// The monthly amount recorded.
    pub fn monthly_amount(&self) -> Option<Money> {
        self.monthly_amount
    }

    /// The month the income rose (dibao).
    pub fn income_rose_in(&self) -> Option<Month> {
        self.income_rose_in
    }
}

/// The kind of a temporary-assistance event (临时救助).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// 急难型: fire, accident, sudden serious illness.
    Emergency,
    /// 支出型: medical or education spending beyond the household's capacity.
    Expenditure,
}
wire_names!(EventKind {
    Emergency = "emergency",
    Expenditure = "expenditure",
});

/// A temporary-assistance event: a household's documented shortfall in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "an event: an object with month, kind and shortfall"
)]
pub struct Event {
    /// The month it happened.
    pub(crate) month: Month,
    /// Its kind.
    pub(crate) kind: EventKind,
    /// The documented shortfall, in yuan.
    pub(crate) shortfall: Money,
}

impl Event {
    /// An event of `kind` in `month` with its documented `shortfall` (checked with the
    /// household: more than zero).
    pub const fn new(month: Month, kind: EventKind, shortfall: Money) -> Event {
        Event {
            month,
            kind,
            shortfall,
        }
    }

    /// The month it happened.
    pub fn month(&self) -> Month {
        self.month
    }

    /// Its kind.
    pub fn kind(&self) -> EventKind {
        self.kind
    }

    /// The documented shortfall.
    pub fn shortfall(&self) -> Money {
        self.shortfall
    }
}

/// A pandemic screening flag (摸排): the person was identified as needing material delivery
/// in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a screening: an object with person and month"
)]
pub struct Screening {
    /// The person identified.
    pub(crate) person: PersonId,
    /// The month.
    pub(crate) month: Month,
}

impl Screening {
    /// `person` identified in the screening of `month`.
    pub fn new(person: PersonId, month: Month) -> Screening {
        Screening { person, month }
    }

    /// The person identified.
    pub fn person(&self) -> &PersonId {
        &self.person
    }

    /// The month.
    pub fn month(&self) -> Month {
        self.month
    }
}

/// A household's facts on the wire; `P` is the member type (unchecked facts or checked
/// persons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a household: an object with id, area and members"
)]
#[schemars(rename = "Household")]
pub(crate) struct HouseholdFacts<P> {
    /// The household's identifier.
    pub(crate) id: HouseholdId,
    /// Urban or rural.
    pub(crate) area: Area,
    /// The township or street office, for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) township: Option<Township>,
    /// A registered poor household (建档立卡贫困户).
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) registered_poor: bool,
    /// The household's financial assets (deposits, securities…), in yuan.
    #[serde(default, skip_serializing_if = "Money::is_zero")]
    pub(crate) financial_assets: Money,
    /// Owns a motor vehicle that is not exempt (e.g. not a disability vehicle).
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) non_exempt_vehicle: bool,
    /// Housing assessed unsafe.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) unsafe_housing: bool,
    /// No safe drinking-water supply.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) no_safe_drinking_water: bool,
    /// On the rural revitalisation department's list of households monitored against a
    /// return to poverty (防止返贫监测对象).
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub(crate) return_to_poverty_monitored: bool,
    /// The household's rigid medical and education spending of the last 12 months, in yuan.
    #[serde(default, skip_serializing_if = "Money::is_zero")]
    pub(crate) rigid_spending_12_months: Money,
    /// The household's counted income of the last 12 months, in yuan; when not given,
    /// 12 times the month's counted income is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) counted_income_12_months: Option<Money>,
    /// The members; exactly one is the head.
    pub(crate) members: Vec<P>,
    /// Programs the household or members are recorded as receiving.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) enrolments: Vec<Enrolment>,
    /// Temporary-assistance events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) events: Vec<Event>,
    /// Pandemic screening flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) screenings: Vec<Screening>,
    /// Verification results: facts as the departments report them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) verifications: Vec<Verification>,
    /// The members are listed in person-id order (computed by the checks, never read from
    /// input): evaluation then visits them as listed without comparing ids.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) ids_in_order: bool,
    /// The latest (year, month) of birth among the members (computed by the checks, never
    /// read from input): a month from it on needs no member checked for being unborn.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) born_last: (i32, u32),
}

/// A household, valid from construction: built with [`Household::builder`] or read with
/// [`Household::from_json`] (or any serde deserialiser), all through the same checks.
///
/// # Example
///
/// ```
/// use doudi::Household;
///
/// let household = Household::from_json(r#"{
///     "id": "h1",
///     "area": "urban",
///     "members": [
///         {"id": "p1", "birth_date": "1958-07-01", "sex": "male", "relation": "head"},
///         {"id": "p2", "birth_date": "1961-02-11", "sex": "female", "relation": "spouse"}
///     ]
/// }"#)?;
/// assert_eq!(household.members().len(), 2);
///
/// let err = Household::from_json(r#"{"id": "h2", "area": "urban", "members": [
///     {"id": "p1", "birth_date": "1958-07-01", "sex": "male", "relation": "spouse"}
/// ]}"#).unwrap_err();
/// assert_eq!(err.to_string(), "members: a household needs exactly one head, found 0");
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household(HouseholdFacts<Person>);

impl Serialize for Household {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// The schema of the JSON a household is read from (the household's facts), so that a
/// service's own request type holding a household derives its schema.
impl schemars::JsonSchema for Household {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        HouseholdFacts::<PersonFacts>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        HouseholdFacts::<PersonFacts>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        HouseholdFacts::<PersonFacts>::json_schema(generator)
    }
}

impl crate::read::SelfChecked for Household {
    const NAME: &'static str = "doudi::Household";

    fn read<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Result<Household>, D::Error> {
        Ok(Household::check(
            HouseholdFacts::<PersonFacts>::deserialize(d)?,
        ))
    }
}

/// Deserialised through the same checks as [`Household::builder`]; a check that fails
/// comes back with its path and typed problem through [`crate::from_json`].
impl<'de> Deserialize<'de> for Household {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Household, D::Error> {
        crate::read::deserialize_checked(d)
    }
}

impl Household {
    /// The household as JSON (the same form [`Household::from_json`] reads).
    pub fn to_json(&self) -> String {
        // Serialising plain data to a string cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Starts a household with its id and area.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use doudi::{Area, Household, Person, Relation, Sex};
    ///
    /// let household = Household::builder("h1".parse()?, Area::Rural)
    ///     .registered_poor(true)
    ///     .member(Person::builder(
    ///         "p1".parse()?,
    ///         NaiveDate::from_ymd_opt(1948, 1, 20).unwrap(),
    ///         Sex::Male,
    ///         Relation::Head,
    ///     ))
    ///     .build()?;
    /// assert!(household.is_registered_poor());
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn builder(id: HouseholdId, area: Area) -> HouseholdBuilder {
        HouseholdBuilder {
            facts: HouseholdFacts {
                id,
                area,
                township: None,
                registered_poor: false,
                financial_assets: Money::ZERO,
                non_exempt_vehicle: false,
                unsafe_housing: false,
                no_safe_drinking_water: false,
                return_to_poverty_monitored: false,
                rigid_spending_12_months: Money::ZERO,
                counted_income_12_months: None,
                members: Vec::new(),
                enrolments: Vec::new(),
                events: Vec::new(),
                screenings: Vec::new(),
                verifications: Vec::new(),
                ids_in_order: false,
                born_last: (0, 0),
            },
        }
    }

    /// Every check of the household's facts; the one path for builder, deserialiser and
    /// the table readers.
    pub(crate) fn check(mut facts: HouseholdFacts<PersonFacts>) -> Result<Household> {
        let root = Loc::Root;
        facts
            .financial_assets
            .check_input(&root.field("financial_assets"))?;

        let members_loc = root.field("members");
        check_len(&members_loc, facts.members.len(), MAX_MEMBERS)?;
        if facts.members.is_empty() {
            return Err(members_loc.invalid(Problem::NoMembers));
        }
        for i in 0..facts.members.len() {
            let (before, rest) = facts.members.split_at_mut(i);
            let Some(person) = rest.first_mut() else {
                break;
            };
            person.counted = person.check(&members_loc.index(i))?;
            if let Some(number) = &person.id_number
                && before.iter().any(|p| p.id_number.as_ref() == Some(number))
            {
                return Err(members_loc
                    .index(i)
                    .field("id_number")
                    .invalid(Problem::Duplicate {
                        value: format!("ID number {number}"),
                    }));
            }
            if let Some(first) = before.iter().position(|p| p.id == person.id) {
                return Err(members_loc
                    .index(i)
                    .field("id")
                    .invalid(Problem::DuplicatePersonId {
                        id: person.id.to_string(),
                        first,
                    }));
            }
        }
        let heads = facts
            .members
            .iter()
            .filter(|p| p.relation == super::facts::Relation::Head)
            .count();
        if heads != 1 {
            return Err(members_loc.invalid(Problem::HeadCount { count: heads }));
        }
        let is_member = |id: &PersonId| facts.members.iter().any(|p| &p.id == id);

        let enrolments_loc = root.field("enrolments");
        check_len(&enrolments_loc, facts.enrolments.len(), MAX_ENROLMENTS)?;
        for (i, e) in facts.enrolments.iter().enumerate() {
            let loc = enrolments_loc.index(i);
            check_enrolment(e, &loc, &is_member)?;
            if let Some(first) = facts
                .enrolments
                .iter()
                .take(i)
                .position(|f| f.program == e.program && f.person == e.person)
            {
                return Err(loc.invalid(Problem::DuplicateEnrolment {
                    program: e.program.to_string(),
                    first,
                }));
            }
        }

        let events_loc = root.field("events");
        check_len(&events_loc, facts.events.len(), MAX_EVENTS)?;
        for (i, event) in facts.events.iter().enumerate() {
            let loc = events_loc.index(i);
            let shortfall = loc.field("shortfall");
            event.shortfall.check_input(&shortfall)?;
            if event.shortfall.is_zero() {
                return Err(shortfall.invalid(Problem::ZeroShortfall));
            }
        }

        let screenings_loc = root.field("screenings");
        check_len(&screenings_loc, facts.screenings.len(), MAX_SCREENINGS)?;
        for (i, s) in facts.screenings.iter().enumerate() {
            let loc = screenings_loc.index(i);
            if !is_member(&s.person) {
                return Err(loc.field("person").invalid(Problem::UnknownMember {
                    id: s.person.to_string(),
                }));
            }
            if facts.screenings.iter().take(i).any(|x| x == s) {
                return Err(loc.invalid(Problem::Duplicate {
                    value: format!("screening of {} in {}", s.person, s.month),
                }));
            }
        }

        let verifications_loc = root.field("verifications");
        check_len(
            &verifications_loc,
            facts.verifications.len(),
            MAX_VERIFICATIONS,
        )?;
        for (i, v) in facts.verifications.iter().enumerate() {
            check_verification(v, &verifications_loc.index(i), &is_member)?;
            if let Some(first) = facts
                .verifications
                .iter()
                .take(i)
                .position(|w| w.same_fact(v) && w.as_of() == v.as_of())
            {
                return Err(verifications_loc.index(i).invalid(Problem::Duplicate {
                    value: format!(
                        "the verification of {} as of {} (first at verifications[{first}])",
                        v.fact().name(),
                        v.as_of()
                    ),
                }));
            }
        }
        facts
            .rigid_spending_12_months
            .check_input(&root.field("rigid_spending_12_months"))?;
        if let Some(income) = facts.counted_income_12_months {
            income.check_input(&root.field("counted_income_12_months"))?;
        }

        let HouseholdFacts {
            id,
            area,
            township,
            registered_poor,
            financial_assets,
            non_exempt_vehicle,
            unsafe_housing,
            no_safe_drinking_water,
            return_to_poverty_monitored,
            rigid_spending_12_months,
            counted_income_12_months,
            members,
            mut enrolments,
            mut events,
            mut screenings,
            mut verifications,
            ids_in_order: _,
            born_last: _,
        } = facts;
        // A district holds hundreds of thousands of households: keep no spare capacity.
        enrolments.shrink_to_fit();
        events.shrink_to_fit();
        screenings.shrink_to_fit();
        verifications.shrink_to_fit();
        let mut members: Vec<Person> = members.into_iter().map(Person).collect();
        members.shrink_to_fit();
        let ids_in_order = members.windows(2).all(|w| match w {
            [a, b] => a.id() <= b.id(),
            _ => true,
        });
        let born_last = members
            .iter()
            .map(|p| (p.birth_date().year(), p.birth_date().month()))
            .max()
            .unwrap_or((0, 0));
        Ok(Household(HouseholdFacts {
            id,
            area,
            township,
            registered_poor,
            financial_assets,
            non_exempt_vehicle,
            unsafe_housing,
            no_safe_drinking_water,
            return_to_poverty_monitored,
            rigid_spending_12_months,
            counted_income_12_months,
            members,
            enrolments,
            events,
            screenings,
            verifications,
            ids_in_order,
            born_last,
        }))
    }

    /// Checks the facts that depend on the evaluated month: nobody may be born after it.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the member, e.g.
    /// `members[2].birth_date: 2031-01-01 is after the evaluated month 2020-03`.
    pub fn check_on(&self, month: Month) -> Result<()> {
        if self.0.born_last <= (month.year(), month.month()) {
            return Ok(());
        }
        for (i, person) in self.0.members.iter().enumerate() {
            let born = person.birth_date();
            // Born after the month: in a later year, or later in the same year.
            if (born.year(), born.month()) > (month.year(), month.month()) {
                return Err(Loc::Root
                    .field("members")
                    .index(i)
                    .field("birth_date")
                    .invalid(Problem::BornAfter {
                        birth_date: person.birth_date(),
                        month,
                    }));
            }
        }
        Ok(())
    }

    /// The household's identifier.
    pub fn id(&self) -> &HouseholdId {
        &self.0.id
    }

    /// The facts, to change one (the caller keeps what the checks computed true).
    pub(crate) fn facts_mut(&mut self) -> &mut HouseholdFacts<Person> {
        &mut self.0
    }

    /// Whether the members are listed in person-id order.
    pub(crate) fn ids_in_order(&self) -> bool {
        self.0.ids_in_order
    }

    /// Urban or rural.
    pub fn area(&self) -> Area {
        self.0.area
    }

    /// The township or street office, if given.
    pub fn township(&self) -> Option<&Township> {
        self.0.township.as_ref()
    }

    /// Whether this is a registered poor household (建档立卡贫困户).
    pub fn is_registered_poor(&self) -> bool {
        self.0.registered_poor
    }

    /// The household's financial assets.
    pub fn financial_assets(&self) -> Money {
        self.0.financial_assets
    }

    /// Whether the household owns a non-exempt motor vehicle.
    pub fn has_non_exempt_vehicle(&self) -> bool {
        self.0.non_exempt_vehicle
    }

    /// Whether the housing was assessed unsafe.
    pub fn has_unsafe_housing(&self) -> bool {
        self.0.unsafe_housing
    }

    /// Whether the household lacks a safe drinking-water supply.
    pub fn lacks_safe_drinking_water(&self) -> bool {
        self.0.no_safe_drinking_water
    }

    /// The members, in input order; exactly one is the head.
    pub fn members(&self) -> &[Person] {
        &self.0.members
    }

    /// The member with `id`, if any.
    pub fn member(&self, id: &PersonId) -> Option<&Person> {
        self.0.members.iter().find(|p| p.id() == id)
    }

    /// The enrolments.
    pub fn enrolments(&self) -> &[Enrolment] {
        &self.0.enrolments
    }

    /// The temporary-assistance events.
    pub fn events(&self) -> &[Event] {
        &self.0.events
    }

    /// The screening flags.
    pub fn screenings(&self) -> &[Screening] {
        &self.0.screenings
    }

    /// The verification results, as given.
    pub fn verifications(&self) -> &[Verification] {
        &self.0.verifications
    }

    /// Whether the household is on the list monitored against a return to poverty.
    pub fn is_return_to_poverty_monitored(&self) -> bool {
        self.0.return_to_poverty_monitored
    }

    /// The rigid medical and education spending of the last 12 months.
    pub fn rigid_spending_12_months(&self) -> Money {
        self.0.rigid_spending_12_months
    }

    /// The counted income of the last 12 months, if given.
    pub fn counted_income_12_months(&self) -> Option<Money> {
        self.0.counted_income_12_months
    }
}

fn check_len(loc: &Loc<'_>, count: usize, limit: usize) -> Result<()> {
    if count > limit {
        Err(loc.invalid(Problem::TooMany { count, limit }))
    } else {
        Ok(())
    }
}

fn check_enrolment(
    e: &Enrolment,
    loc: &Loc<'_>,
    is_member: &dyn Fn(&PersonId) -> bool,
) -> Result<()> {
    let program = || e.program.to_string();
    if e.program.kind() == ProgramKind::OneOff {
        return Err(loc
            .field("program")
            .invalid(Problem::NotEnrollable { program: program() }));
    }
    match (&e.person, e.program) {
        // Dibao is a household program, but a member may be covered alone (单人保).
        (_, ProgramId::Dibao) => {}
        (None, p) if p.beneficiary() == Beneficiary::Person => {
            return Err(loc
                .field("person")
                .invalid(Problem::PersonRequired { program: program() }));
        }
        (Some(_), p) if p.beneficiary() == Beneficiary::Household => {
            return Err(loc
                .field("person")
                .invalid(Problem::HouseholdProgram { program: program() }));
        }
        _ => {}
    }
    if let Some(person) = &e.person
        && !is_member(person)
    {
        return Err(loc.field("person").invalid(Problem::UnknownMember {
            id: person.to_string(),
        }));
    }
    if let Some(amount) = e.monthly_amount {
        amount.check_input(&loc.field("monthly_amount"))?;
    }
    if let Some(rose) = e.income_rose_in {
        let rose_loc = loc.field("income_rose_in");
        if e.program != ProgramId::Dibao {
            return Err(rose_loc.invalid(Problem::IncomeRoseNotDibao { program: program() }));
        }
        if rose < e.since {
            return Err(rose_loc.invalid(Problem::IncomeRoseBeforeSince {
                rose,
                since: e.since,
            }));
        }
    }
    if let Some(review) = e.last_review {
        let review_loc = loc.field("last_review");
        if !matches!(e.program, ProgramId::Dibao | ProgramId::Tekun) {
            return Err(review_loc.invalid(Problem::ReviewNotReviewed { program: program() }));
        }
        if review < e.since {
            return Err(review_loc.invalid(Problem::ReviewBeforeSince {
                review,
                since: e.since,
            }));
        }
    }
    Ok(())
}

fn check_verification(
    v: &Verification,
    loc: &Loc<'_>,
    is_member: &dyn Fn(&PersonId) -> bool,
) -> Result<()> {
    use super::verify::VerifiedFact;
    let fact = v.fact;
    // Each fact has its own fields: the others must be left out, so that an object does
    // not mean two things.
    let (income, assets, flag) = (
        fact == VerifiedFact::Income,
        fact == VerifiedFact::FinancialAssets,
        matches!(
            fact,
            VerifiedFact::NonExemptVehicle | VerifiedFact::UnsafeHousing
        ),
    );
    let fields = [
        ("person", v.person.is_some(), income),
        ("category", v.category.is_some(), income),
        ("monthly", v.monthly.is_some(), income),
        ("amount", v.amount.is_some(), assets),
        ("value", v.value.is_some(), flag),
    ];
    for (field, given, belongs) in fields {
        match (given, belongs) {
            (true, false) => {
                return Err(loc
                    .field(field)
                    .invalid(Problem::NotForFact { fact: fact.name() }));
            }
            (false, true) => return Err(loc.field(field).invalid(Problem::Missing)),
            _ => {}
        }
    }
    if let Some(person) = &v.person
        && !is_member(person)
    {
        return Err(loc.field("person").invalid(Problem::UnknownMember {
            id: person.to_string(),
        }));
    }
    if let Some(category) = v.category
        && !category.is_counted()
    {
        let name = IncomeCategory::WIRE
            .iter()
            .find(|(_, c)| *c == category)
            .map_or("?", |(n, _)| n);
        return Err(loc
            .field("category")
            .invalid(Problem::VerifiedNotCounted { category: name }));
    }
    if let Some(monthly) = v.monthly {
        monthly.check_input(&loc.field("monthly"))?;
    }
    if let Some(amount) = v.amount {
        amount.check_input(&loc.field("amount"))?;
    }
    Ok(())
}

/// Builds a [`Household`]; [`HouseholdBuilder::build`] runs the same checks as
/// deserialisation.
#[derive(Debug, Clone)]
pub struct HouseholdBuilder {
    facts: HouseholdFacts<PersonFacts>,
}

impl HouseholdBuilder {
    /// The township or street office.
    #[must_use]
    pub fn township(mut self, township: Township) -> Self {
        self.facts.township = Some(township);
        self
    }

    /// A registered poor household (建档立卡贫困户).
    #[must_use]
    pub fn registered_poor(mut self, yes: bool) -> Self {
        self.facts.registered_poor = yes;
        self
    }

    /// The household's financial assets.
    #[must_use]
    pub fn financial_assets(mut self, amount: Money) -> Self {
        self.facts.financial_assets = amount;
        self
    }

    /// Owns a non-exempt motor vehicle.
    #[must_use]
    pub fn non_exempt_vehicle(mut self, yes: bool) -> Self {
        self.facts.non_exempt_vehicle = yes;
        self
    }

    /// Housing assessed unsafe.
    #[must_use]
    pub fn unsafe_housing(mut self, yes: bool) -> Self {
        self.facts.unsafe_housing = yes;
        self
    }

    /// No safe drinking-water supply.
    #[must_use]
    pub fn no_safe_drinking_water(mut self, yes: bool) -> Self {
        self.facts.no_safe_drinking_water = yes;
        self
    }

    /// Adds a member.
    #[must_use]
    pub fn member(mut self, person: PersonBuilder) -> Self {
        self.facts.members.push(person.facts());
        self
    }

    /// Adds an enrolment.
    #[must_use]
    pub fn enrolment(mut self, enrolment: Enrolment) -> Self {
        self.facts.enrolments.push(enrolment);
        self
    }

    /// Adds a temporary-assistance event.
    #[must_use]
    pub fn event(mut self, event: Event) -> Self {
        self.facts.events.push(event);
        self
    }

    /// Adds a screening flag.
    #[must_use]
    pub fn screening(mut self, screening: Screening) -> Self {
        self.facts.screenings.push(screening);
        self
    }

    /// Adds a verification result.
    #[must_use]
    pub fn verification(mut self, verification: Verification) -> Self {
        self.facts.verifications.push(verification);
        self
    }

    /// On the list monitored against a return to poverty.
    #[must_use]
    pub fn return_to_poverty_monitored(mut self, yes: bool) -> Self {
        self.facts.return_to_poverty_monitored = yes;
        self
    }

    /// The rigid medical and education spending of the last 12 months.
    #[must_use]
    pub fn rigid_spending_12_months(mut self, amount: Money) -> Self {
        self.facts.rigid_spending_12_months = amount;
        self
    }

    /// The counted income of the last 12 months.
    #[must_use]
    pub fn counted_income_12_months(mut self, amount: Money) -> Self {
        self.facts.counted_income_12_months = Some(amount);
        self
    }

    /// Checks every fact and builds the household.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the field, as [`Household::from_json`].
    pub fn build(self) -> Result<Household> {
        Household::check(self.facts)
    }
}
