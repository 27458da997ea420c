//! A synthetic district like 茅箭区: seeded, deterministic, calibrated so that the counts
//! are of the order the 2020 report on 茅箭区 gives (about 498,600 residents in the 2020
//! census, 2.57 persons a household in Shiyan).
//!
//! The population is invented: no record of any real person is used. The shape follows
//! what is public: about 500,000 usual residents in about 195,000 households (2.57 persons
//! a household); an urbanised district with a small rural part in 茅塔乡, 大川镇 and 赛武当,
//! where about 2,400 registered-poor households (建档立卡贫困户) live; a few thousand
//! certified disabled persons; a few hundred left-behind children and elderly people. Low
//! incomes are drawn often enough that the run gives about 500 dibao persons among the
//! registered-poor households, about 220 tekun and about 2,900 covid relief recipients
//! (the article: 279 households / 515 persons, 227 persons, 2,929 persons).
//!
//! Generation is integer-only and reproducible: the same configuration gives the same
//! households, on every machine.

// The generator draws small numbers of its own making (ages, sizes, counts below a few
// million, indices below the lengths of its own tables); it reads no outside input.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "a generator of small, bounded numbers of its own making"
)]

use chrono::NaiveDate;

use crate::model::{
    Area, CareForm, CareLevel, Disability, DisabilityKind, Enrolment, Event, EventKind,
    ExternalBenefit, ExternalBenefitKind, Household, HouseholdBuilder, Income, IncomeCategory,
    LegalSupporter, ParentSituation, Parents, Person, PersonBuilder, ProgramId, Relation,
    ResidentId, Screening, SelfCare, Sex, Township,
};
use crate::money::Money;
use crate::period::Month;

/// How to generate a district. Options are builder methods; the default is the district of
/// the 2020 census.
#[derive(Debug, Clone)]
pub struct DistrictConfig {
    persons: usize,
    seed: u64,
}

impl Default for DistrictConfig {
    fn default() -> Self {
        DistrictConfig {
            persons: 500_000,
            seed: 20_200_301,
        }
    }
}

impl DistrictConfig {
    /// The number of persons to generate (households are added until it is reached).
    #[must_use]
    pub fn persons(mut self, persons: usize) -> Self {
        self.persons = persons;
        self
    }

    /// The seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Generates the district.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::population::DistrictConfig;
    ///
    /// let a = DistrictConfig::default().persons(2_000).seed(7).generate();
    /// let b = DistrictConfig::default().persons(2_000).seed(7).generate();
    /// assert_eq!(a, b);
    /// let persons: usize = a.iter().map(|h| h.members().len()).sum();
    /// assert!((2_000..2_006).contains(&persons));
    /// ```
    pub fn generate(&self) -> Vec<Household> {
        Generator::new(self.seed).district(self.persons)
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1);
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }

    /// True with probability `per_100k` / 100,000.
    fn chance(&mut self, per_100k: u64) -> bool {
        self.below(100_000) < per_100k
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

const URBAN_STREETS: &[&str] = &["武当路街道", "二堰街道", "五堰街道", "白浪街道"];
const RURAL_TOWNSHIPS: &[&str] = &["茅塔乡", "大川镇", "赛武当"];

struct Generator {
    rng: Rng,
    /// The seed, for the second stream of each household (see [`Generator::process`]).
    seed: u64,
    households: usize,
    persons: usize,
    /// Next sequence number of ID numbers by birth date.
    sequences: std::collections::HashMap<NaiveDate, u16>,
    townships: Vec<Township>,
}

/// Facts of a person before building.
struct Draft {
    born: NaiveDate,
    sex: Sex,
    relation: Relation,
    builder_extra: Vec<Extra>,
}

enum Extra {
    Income(IncomeCategory, i64),
    Disability(u8, DisabilityKind),
    SeriousIllness,
    Supporter(LegalSupporter),
    SelfCare(SelfCare),
    Parents(ParentSituation, ParentSituation),
    ChildrenAway,
    SpouseAway,
    InSchool,
    Centralized,
    External(ExternalBenefitKind, i64),
    Uninsured,
}

fn date(y: i64, m: i64, d: i64) -> NaiveDate {
    let y = i32::try_from(y).unwrap_or(1970);
    let m = u32::try_from(m).unwrap_or(1);
    let d = u32::try_from(d).unwrap_or(1);
    NaiveDate::from_ymd_opt(y, m, d.min(28)).unwrap_or(NaiveDate::MIN)
}

impl Generator {
    fn new(seed: u64) -> Generator {
        let townships = URBAN_STREETS
            .iter()
            .chain(RURAL_TOWNSHIPS)
            .filter_map(|t| Township::new(t).ok())
            .collect();
        Generator {
            rng: Rng(seed),
            seed,
            households: 0,
            persons: 0,
            sequences: std::collections::HashMap::new(),
            townships,
        }
    }

    fn district(&mut self, target: usize) -> Vec<Household> {
        let mut out = Vec::with_capacity(target / 2 + 1);
        while self.persons < target {
            let remaining = target - self.persons;
            if let Some(h) = self.household(remaining) {
                out.push(h);
            }
        }
        out
    }

    /// Male with a chance of `male_per_100k` in 100,000, female otherwise.
    fn sex(&mut self, male_per_100k: u64) -> Sex {
        if self.rng.chance(male_per_100k) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// A birth date for someone `age` years old on 2020-01-01.
    fn born(&mut self, age: i64) -> NaiveDate {
        date(2019 - age, self.rng.range(1, 12), self.rng.range(1, 28))
    }

    fn adult_age(&mut self) -> i64 {
        // About a quarter of single adults are 60 or older.
        if self.rng.chance(27_000) {
            self.rng.range(60, 92)
        } else {
            self.rng.range(20, 59)
        }
    }

    fn household(&mut self, remaining: usize) -> Option<Household> {
        let rng = &mut self.rng;
        let rural = rng.chance(2_200);
        let registered_poor = rural && rng.chance(56_000);
        // Destitute people living alone: elderly or disabled, no income, no capable
        // supporter — the ones tekun is for.
        let destitute = !rural && rng.chance(110) || registered_poor && rng.chance(1_000);
        // Household sizes: mean about 2.58.
        let size = match rng.below(1000) {
            0..230 => 1,
            230..520 => 2,
            520..780 => 3,
            780..910 => 4,
            910..975 => 5,
            _ => 6,
        }
        .min(remaining.max(1));
        // Low-income households: the ones dibao is for.
        let poor = if registered_poor {
            rng.chance(9_000)
        } else {
            rng.chance(180)
        };
        let size = if destitute { 1 } else { size };
        let mut drafts = Vec::with_capacity(size);
        match size {
            1 => {
                let age = if destitute {
                    self.rng.range(60, 95)
                } else {
                    self.adult_age()
                };
                let sex = self.sex(50_000);
                let born = self.born(age);
                drafts.push(Draft {
                    born,
                    sex,
                    relation: Relation::Head,
                    builder_extra: Vec::new(),
                });
            }
            _ => {
                let head_age = self.adult_age().max(24);
                let born = self.born(head_age);
                drafts.push(Draft {
                    born,
                    sex: Sex::Male,
                    relation: Relation::Head,
                    builder_extra: Vec::new(),
                });
                let spouse_age = (head_age + self.rng.range(-4, 3)).max(20);
                let born = self.born(spouse_age);
                drafts.push(Draft {
                    born,
                    sex: Sex::Female,
                    relation: Relation::Spouse,
                    builder_extra: Vec::new(),
                });
                for k in 2..size {
                    let (relation, age) = if k == size - 1 && size >= 5 {
                        (
                            Relation::Parent,
                            (head_age + self.rng.range(22, 32)).min(98),
                        )
                    } else if head_age >= 55 || (registered_poor && self.rng.chance(60_000)) {
                        if self
                            .rng
                            .chance(if registered_poor { 70_000 } else { 30_000 })
                        {
                            (Relation::Other, (head_age - self.rng.range(25, 35)).max(18))
                        } else {
                            (Relation::Grandchild, self.rng.range(0, 17))
                        }
                    } else {
                        (
                            Relation::Child,
                            self.rng.range(0, (head_age - 20).clamp(0, 25)),
                        )
                    };
                    let sex = self.sex(51_000);
                    let born = self.born(age);
                    drafts.push(Draft {
                        born,
                        sex,
                        relation,
                        builder_extra: Vec::new(),
                    });
                }
            }
        }
        self.facts(&mut drafts, rural, poor, destitute);
        self.build(drafts, rural, registered_poor, poor || destitute, destitute)
    }

    /// Incomes, disabilities, supporters, parents and the care registers' facts.
    fn facts(&mut self, drafts: &mut [Draft], rural: bool, poor: bool, destitute: bool) {
        let n = drafts.len();
        let alone = n == 1;
        let rng = &mut self.rng;
        // Parents of the children in the household: the first two adults unless they are
        // grandparents, whose own children (the parents) live elsewhere.
        let grandparents = drafts.iter().any(|d| d.relation == Relation::Grandchild);
        let child_parents = if grandparents && rural && rng.chance(35_000) {
            (ParentSituation::AwayForWork, ParentSituation::AwayForWork)
        } else if rng.chance(12) {
            (ParentSituation::Dead, ParentSituation::Dead)
        } else if rng.chance(10) {
            (
                ParentSituation::Imprisoned,
                ParentSituation::SevereDisability,
            )
        } else {
            (ParentSituation::Present, ParentSituation::Present)
        };
        for d in drafts.iter_mut() {
            let age = 2019 - i64::from(chrono::Datelike::year(&d.born));
            let x = &mut d.builder_extra;
            // Disability: more often with age.
            let disabled = if age >= 60 {
                rng.chance(1_300)
            } else {
                rng.chance(380)
            };
            if disabled {
                let grade = match rng.below(100) {
                    0..10 => 1,
                    10..32 => 2,
                    32..66 => 3,
                    _ => 4,
                };
                let kind = rng.pick(&[
                    DisabilityKind::Physical,
                    DisabilityKind::Physical,
                    DisabilityKind::Visual,
                    DisabilityKind::Hearing,
                    DisabilityKind::Intellectual,
                    DisabilityKind::Mental,
                    DisabilityKind::Multiple,
                ]);
                x.push(Extra::Disability(grade, kind));
            }
            if rng.chance(450) {
                x.push(Extra::SeriousIllness);
            }
            if rng.chance(400) {
                x.push(Extra::Uninsured);
            }
            if age < 18 {
                let (f, m) = child_parents;
                if (f, m) != (ParentSituation::Present, ParentSituation::Present) {
                    x.push(Extra::Parents(f, m));
                }
                x.push(Extra::Supporter(LegalSupporter::Capable));
                if (6..=15).contains(&age) && !rng.chance(300) {
                    x.push(Extra::InSchool);
                }
                continue;
            }
            // Incomes.
            let working = !destitute && age < 60 && !rng.chance(if poor { 55_000 } else { 9_000 });
            if working {
                let wage = match (poor, rural) {
                    (true, _) => rng.range(0, 9) * 100,
                    (false, false) => rng.range(2_000, 8_000),
                    (false, true) => rng.range(1_500, 5_000),
                };
                if wage > 0 {
                    x.push(Extra::Income(IncomeCategory::Wage, wage));
                }
            } else if age >= 60 {
                x.push(Extra::Income(IncomeCategory::PensionBasic, 150));
                let pension = match (poor || destitute, rural) {
                    (true, _) => 0,
                    (false, false) if rng.chance(85_000) => rng.range(1_800, 4_500),
                    (false, false) => rng.range(800, 2_000),
                    (false, true) => rng.range(300, 1_500),
                };
                if pension > 0 {
                    x.push(Extra::Income(IncomeCategory::Transfer, pension));
                }
            } else if !poor && !destitute {
                // Not working: supported by family or unemployment benefits.
                x.push(Extra::Income(
                    IncomeCategory::Transfer,
                    rng.range(1_000, 3_000),
                ));
            }
            if age >= 60 {
                let care = match rng.below(100) {
                    0..80 => CareLevel::FullSelfCare,
                    80..95 => CareLevel::PartlyDependent,
                    _ => CareLevel::FullyDependent,
                };
                x.push(Extra::SelfCare(SelfCare::Level(care)));
                if rural && rng.chance(9_000) {
                    x.push(Extra::ChildrenAway);
                }
                if rng.chance(300) {
                    x.push(Extra::External(ExternalBenefitKind::OldAgeCare, 80));
                }
            }
            // Supporters: destitute people have none able to support them; elderly people
            // living alone sometimes neither.
            let supporter = if destitute {
                if rng.chance(60_000) {
                    LegalSupporter::None
                } else {
                    LegalSupporter::Incapable
                }
            } else if alone && (age >= 60 || poor) {
                match rng.below(100) {
                    0..12 => LegalSupporter::None,
                    12..20 => LegalSupporter::Incapable,
                    _ => LegalSupporter::Capable,
                }
            } else {
                LegalSupporter::Capable
            };
            x.push(Extra::Supporter(supporter));
            if alone && supporter != LegalSupporter::Capable && rng.chance(8_000) {
                x.push(Extra::Centralized);
            }
        }
        // Rural women whose husband works away.
        if rural && n >= 2 && self.rng.chance(20_000) {
            drafts[1].builder_extra.push(Extra::SpouseAway);
        }
    }

    fn id_number(&mut self, born: NaiveDate, sex: Sex) -> Option<ResidentId> {
        let seq = self.sequences.entry(born).or_insert(0);
        *seq += 1;
        // Odd sequence numbers for men, even for women, as GB 11643 has it.
        let s = u32::from(*seq) * 2 + u32::from(sex == Sex::Male);
        if s > 999 {
            return None;
        }
        let body = format!("420302{}{:03}", born.format("%Y%m%d"), s);
        let check = char::from(crate::model::check_character(body.as_bytes()));
        format!("{body}{check}").parse().ok()
    }

    fn build(
        &mut self,
        drafts: Vec<Draft>,
        rural: bool,
        registered_poor: bool,
        poor: bool,
        destitute: bool,
    ) -> Option<Household> {
        self.households += 1;
        let hid = format!("h{:06}", self.households).parse().ok()?;
        let area = if rural { Area::Rural } else { Area::Urban };
        let township = if rural {
            self.townships[URBAN_STREETS.len() + usize::try_from(self.rng.below(3)).unwrap_or(0)]
                .clone()
        } else {
            self.townships[usize::try_from(self.rng.below(4)).unwrap_or(0)].clone()
        };
        let mut b: HouseholdBuilder = Household::builder(hid, area)
            .township(township)
            .registered_poor(registered_poor);
        let assets = if poor {
            self.rng.range(0, 30) * 100
        } else {
            self.rng.range(0, 900) * 100
        };
        b = b.financial_assets(yuan(assets));
        if rural && self.rng.chance(18_000) {
            b = b.no_safe_drinking_water(true);
        }
        if self.rng.chance(300) {
            b = b.unsafe_housing(true);
        }
        let mut ids = Vec::with_capacity(drafts.len());
        // The first wage of the household, for a verification of it.
        let mut first_wage: Option<(usize, i64)> = None;
        for d in drafts {
            self.persons += 1;
            let pid: crate::model::PersonId = format!("p{:06}", self.persons).parse().ok()?;
            ids.push(pid);
            let mut p: PersonBuilder =
                Person::builder(ids[ids.len() - 1].clone(), d.born, d.sex, d.relation);
            if let Some(number) = self.id_number(d.born, d.sex) {
                p = p.id_number(number);
            }
            let d_wages: Vec<i64> = d
                .builder_extra
                .iter()
                .filter_map(|e| match e {
                    Extra::Income(IncomeCategory::Wage, amount) => Some(*amount),
                    _ => None,
                })
                .collect();
            for extra in d.builder_extra {
                p = match extra {
                    Extra::Income(category, amount) => p.income(Income {
                        category,
                        monthly: yuan(amount),
                    }),
                    Extra::Disability(grade, kind) => match Disability::new(grade, kind) {
                        Ok(dis) => p.disability(dis),
                        Err(_) => p,
                    },
                    Extra::SeriousIllness => p.serious_illness(true),
                    Extra::Supporter(s) => p.legal_supporter(s),
                    Extra::SelfCare(s) => p.self_care(s),
                    Extra::Parents(father, mother) => p.parents(Parents { father, mother }),
                    Extra::ChildrenAway => p.children_all_away(true),
                    Extra::SpouseAway => p.spouse_away_for_work(true),
                    Extra::InSchool => p.in_school(true),
                    Extra::Centralized => p.care_form(CareForm::Centralized),
                    Extra::External(kind, amount) => p.external_benefit(ExternalBenefit {
                        kind,
                        monthly: yuan(amount),
                    }),
                    Extra::Uninsured => p.uninsured(true),
                };
            }
            for extra in &d_wages {
                if first_wage.is_none() {
                    first_wage = Some((ids.len() - 1, *extra));
                }
            }
            b = b.member(p);
        }
        // Enrolments as a caseworker's records would have them: most low-income households
        // enrolled in dibao, and a few others.
        let since = Month::new(2019, 1).ok()?;
        let enrolled = (poor && self.rng.chance(80_000)) || self.rng.chance(40);
        // The enrolments and the process facts below come from a stream of the household's
        // own, so that the rest of the district is drawn the same with or without them.
        let mut process = Rng(self
            .seed
            .rotate_left(17)
            .wrapping_add((self.households as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)));
        // A destitute person living alone is mostly enrolled in tekun instead.
        let tekun = destitute && process.chance(75_000);
        if tekun && let Some(person) = ids.first() {
            b = b.enrolment(Enrolment {
                program: ProgramId::Tekun,
                person: Some(person.clone()),
                since,
                monthly_amount: None,
                income_rose_in: None,
                last_review: Generator::last_review(&mut process),
            });
        } else if enrolled {
            // Three in ten records carry the amount paid, in whole tens of yuan.
            let monthly_amount = process
                .chance(30_000)
                .then(|| yuan(process.range(10, 150) * 10));
            b = b.enrolment(Enrolment {
                program: ProgramId::Dibao,
                person: None,
                since,
                monthly_amount,
                income_rose_in: None,
                last_review: Generator::last_review(&mut process),
            });
        }
        b = Generator::process(
            &mut process,
            b,
            ProcessFacts {
                applied: enrolled || poor,
                registered_poor,
                rural,
                assets,
                first_wage: first_wage.and_then(|(i, wage)| Some((ids.get(i)?.clone(), wage))),
            },
        );
        // Temporary-assistance events and pandemic screening flags in 2020.
        if self.rng.chance(if poor { 2_000 } else { 15 }) {
            let month = Month::new(2020, u32::try_from(self.rng.range(1, 12)).unwrap_or(1)).ok()?;
            let kind = if self.rng.chance(50_000) {
                EventKind::Emergency
            } else {
                EventKind::Expenditure
            };
            b = b.event(Event {
                month,
                kind,
                shortfall: yuan(self.rng.range(5, 80) * 100),
            });
        }
        if self.rng.chance(if poor { 20_000 } else { 900 }) {
            let month = Month::new(2020, u32::try_from(self.rng.range(2, 4)).unwrap_or(2)).ok()?;
            let who = ids[usize::try_from(self.rng.below(ids.len() as u64)).unwrap_or(0)].clone();
            b = b.screening(Screening { person: who, month });
        }
        b.build().ok()
    }
}

/// What the district's process adds to a household, drawn from its own stream.
struct ProcessFacts {
    /// The household applied for assistance (enrolled, or low-income): its economic
    /// situation was verified.
    applied: bool,
    registered_poor: bool,
    rural: bool,
    /// The declared financial assets, in yuan.
    assets: i64,
    /// The first member with a wage, and the wage in yuan.
    first_wage: Option<(crate::model::PersonId, i64)>,
}

impl Generator {
    /// The month of an enrolment's last review: most were reviewed in the second half of
    /// 2019 or early 2020; a fifth never since enrolment.
    fn last_review(rng: &mut Rng) -> Option<Month> {
        if rng.chance(20_000) {
            return None;
        }
        let k = u32::try_from(rng.range(0, 8)).unwrap_or(0);
        // 2019-07 .. 2020-03.
        let (year, month) = if k < 6 { (2019, 7 + k) } else { (2020, k - 5) };
        Month::new(year, month).ok()
    }

    /// The verification results, monitoring facts and large expenses of the district's
    /// process, drawn from a stream of the household's own (so that the rest of the
    /// district is the same with or without them).
    ///
    /// - A household that applied has a bank verification of its assets (70%), as of a day
    ///   between 2019-06 and 2020-03 (some are stale by mid-2020); one in ten reports more
    ///   than was declared (500 to 20,000 yuan more); 2% report a vehicle not declared.
    /// - Its first wage earner has a tax verification (50%); one in five reports 10–40% more.
    /// - 15% of registered-poor households, and 1% of other rural ones, are on the list
    ///   monitored against a return to poverty.
    /// - 30% of applicants and 2% of other households declare rigid medical and education
    ///   spending over 12 months (1,000 to 40,000 yuan).
    /// - 3% of applicants have a large expenditure event (10,500 to 30,000 yuan) in 2020.
    fn process(rng: &mut Rng, mut b: HouseholdBuilder, f: ProcessFacts) -> HouseholdBuilder {
        let as_of = |rng: &mut Rng| {
            let k = rng.range(0, 9);
            let (y, m) = if k < 7 { (2019, 6 + k) } else { (2020, k - 6) };
            date(y, m, rng.range(1, 28))
        };
        if f.applied && rng.chance(70_000) {
            let extra = if rng.chance(10_000) {
                rng.range(5, 200) * 100
            } else {
                0
            };
            b = b.verification(crate::model::Verification::financial_assets(
                yuan(f.assets + extra),
                crate::model::Department::Bank,
                as_of(rng),
            ));
            if rng.chance(2_000) {
                b = b.verification(crate::model::Verification::non_exempt_vehicle(
                    true,
                    crate::model::Department::Vehicle,
                    as_of(rng),
                ));
            }
        }
        if f.applied
            && let Some((person, wage)) = f.first_wage
            && rng.chance(50_000)
        {
            let wage = if rng.chance(20_000) {
                wage + wage * rng.range(10, 40) / 100
            } else {
                wage
            };
            b = b.verification(crate::model::Verification::income(
                person,
                IncomeCategory::Wage,
                yuan(wage),
                crate::model::Department::Tax,
                as_of(rng),
            ));
        }
        if (f.registered_poor && rng.chance(15_000)) || (f.rural && rng.chance(1_000)) {
            b = b.return_to_poverty_monitored(true);
        }
        if rng.chance(if f.applied { 30_000 } else { 2_000 }) {
            b = b.rigid_spending_12_months(yuan(rng.range(10, 400) * 100));
        }
        if f.applied && rng.chance(3_000) {
            let month = Month::new(2020, u32::try_from(rng.range(1, 12)).unwrap_or(1));
            if let Ok(month) = month {
                b = b.event(Event {
                    month,
                    kind: EventKind::Expenditure,
                    shortfall: yuan(rng.range(105, 300) * 100),
                });
            }
        }
        b
    }
}

/// Whole yuan of the generator's draws (all far below [`crate::money::MAX_AMOUNT`]).
fn yuan(n: i64) -> Money {
    Money::fen(n.saturating_mul(100))
}
