//! Laws of overlap resolution over random households and months.

use std::sync::OnceLock;

use doudi::{
    Condition, Determination, Engine, Household, Money, Outcome, OverlapKind, Party, PolicyPack,
    ProgramId, Reason,
};
use proptest::prelude::*;

use crate::properties::{household, month};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyPack::maojian()))
}

fn evaluate(h: &Household, m: doudi::Month) -> Determination {
    engine().evaluate(h, m).unwrap()
}

/// The amount an entry stood at before overlap resolution.
fn before_resolution(outcome: &Outcome, reason: &Reason) -> Money {
    match (outcome, reason) {
        (Outcome::Paid { .. } | Outcome::Withheld { .. }, Reason::TopUp { full, .. }) => *full,
        (Outcome::Paid { amount } | Outcome::Withheld { amount, .. }, _) => *amount,
        _ => Money::ZERO,
    }
}

/// `household` with its members and enrolments in the order `members` and `enrolments`
/// give (indices into the original lists).
fn permuted(h: &Household, members: &[usize], enrolments: &[usize]) -> Household {
    let mut json: serde_json::Value = serde_json::from_str(&h.to_json()).unwrap();
    for (key, order) in [("members", members), ("enrolments", enrolments)] {
        if let Some(list) = json.get_mut(key).and_then(|v| v.as_array_mut()) {
            let original = list.clone();
            *list = order.iter().map(|&i| original[i].clone()).collect();
        }
    }
    Household::from_json(&json.to_string()).unwrap()
}

fn with_orders() -> impl Strategy<Value = (Household, Vec<usize>, Vec<usize>)> {
    household().prop_flat_map(|h| {
        let members: Vec<usize> = (0..h.members().len()).collect();
        let enrolments: Vec<usize> = (0..h.enrolments().len()).collect();
        (
            Just(h),
            Just(members).prop_shuffle(),
            Just(enrolments).prop_shuffle(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_person_is_paid_by_two_exclusive_programs(h in household(), m in month()) {
        let d = evaluate(&h, m);
        for rule in d.pack().overlaps() {
            let (OverlapKind::Exclusive, Some(Party::Program(b))) = (rule.kind(), rule.b()) else {
                continue;
            };
            for person in h.members() {
                let a_entry = d.entry(rule.a(), Some(person.id()));
                let b_entry = d.entry(b, Some(person.id()));
                let (Some(x), Some(y)) = (a_entry, b_entry) else { continue };
                if x.paid().is_none() || y.paid().is_none() {
                    continue;
                }
                let applies = match rule.condition() {
                    None => true,
                    Some(Condition::Minor) => person.age_on(m) < 18,
                    Some(Condition::FullAllowance) => {
                        let winner = if rule.winner() == Some(Party::Program(rule.a())) { x } else { y };
                        !matches!(winner.reason(), Reason::TopUp { .. })
                    }
                    Some(other) => panic!("a condition this test does not know: {other:?}"),
                };
                prop_assert!(!applies, "{} paid both {} and {}", person.id(), rule.a(), b);
            }
        }
    }

    #[test]
    fn a_once_program_pays_each_person_once(h in household(), m in month()) {
        let d = evaluate(&h, m);
        for program in [ProgramId::PriceSubsidy, ProgramId::CovidRelief2020] {
            for person in h.members() {
                let entries: Vec<_> = d
                    .entries()
                    .iter()
                    .filter(|e| e.program() == program && d.person_of(e) == Some(person.id()))
                    .collect();
                prop_assert!(entries.len() <= 1);
                if let Some(e) = entries.first() {
                    match e.reason() {
                        Reason::PriceAmount { payments, .. } | Reason::ReliefAmount { payments, .. } => {
                            prop_assert_eq!(*payments, 1)
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn resolution_never_raises_the_total(h in household(), m in month()) {
        let d = evaluate(&h, m);
        let paid: Money = d.payments().map(|(_, a)| a).sum();
        let before: Money = d.entries().iter().map(|e| before_resolution(e.outcome(), e.reason())).sum();
        prop_assert!(paid <= before, "paid {paid} > before resolution {before}");
    }

    #[test]
    fn amounts_are_never_negative(h in household(), m in month()) {
        let d = evaluate(&h, m);
        for e in d.entries() {
            if let Outcome::Paid { amount } | Outcome::Withheld { amount, .. } = e.outcome() {
                prop_assert!(!amount.is_negative(), "{} {:?}: {amount}", e.program(), d.person_of(e));
            }
        }
    }

    #[test]
    fn evaluation_ignores_the_order_of_members_and_enrolments(
        (h, members, enrolments) in with_orders(),
        m in month(),
    ) {
        let shuffled = permuted(&h, &members, &enrolments);
        let (a, b) = (evaluate(&shuffled, m), evaluate(&h, m));
        for (x, y) in a.entries().iter().zip(b.entries()) {
            prop_assert_eq!(x, y);
        }
        prop_assert_eq!(a.findings(), b.findings());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn evaluation_is_pure(h in household(), m in month()) {
        prop_assert_eq!(evaluate(&h, m).to_json(), evaluate(&h, m).to_json());
    }
}

/// The default pack with the nursing and living subsidies winning over tekun: rules that
/// make a program of a later stage win over one of an earlier stage.
fn later_winners() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut toml = doudi::MAOJIAN_TOML.to_owned();
        for program in ["disability_nursing", "disability_living"] {
            let find = format!(
                "a = \"{program}\"\nb = \"tekun\"\nkind = \"exclusive\"\nwinner = \"tekun\""
            );
            assert_eq!(toml.matches(&find).count(), 1);
            toml = toml.replace(
                &find,
                &format!(
                    "a = \"{program}\"\nb = \"tekun\"\nkind = \"exclusive\"\nwinner = \"{program}\""
                ),
            );
        }
        Engine::new(PolicyPack::from_toml(&toml).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever wins, the result is consistent: every program that withheld another pays
    /// the person, and a withheld tekun never takes its person out of the dibao unit.
    #[test]
    fn a_withheld_program_counts_as_not_paid_for_every_rule(h in household(), m in month()) {
        for engine in [engine(), later_winners()] {
            let d = engine.evaluate(&h, m).unwrap();
            for e in d.entries() {
                if let Outcome::Withheld { by: Party::Program(winner), .. } = e.outcome() {
                    let person = d.person_of(e);
                    let paid = d.entry(*winner, person).and_then(|w| w.paid()).is_some()
                        || (*winner == ProgramId::Dibao
                            && d.entry(ProgramId::Dibao, None).and_then(|w| w.paid()).is_some());
                    prop_assert!(paid, "{} withheld by {} which pays {:?} nothing\n{}", e.program(), winner, person, d);
                }
                // A tekun recipient whose tekun is withheld is in the dibao unit (unless a
                // status leaves them out): the household's dibao is not refused for an
                // empty unit.
                if e.program() == ProgramId::Tekun && matches!(e.outcome(), Outcome::Withheld { .. }) {
                    let person = &h.members()[e.member_index().unwrap()];
                    let status = person.status();
                    let outside = [
                        doudi::PersonStatus::Imprisoned,
                        doudi::PersonStatus::CompulsoryRehab,
                        doudi::PersonStatus::DeclaredMissing,
                        doudi::PersonStatus::ClergyAway,
                    ]
                    .into_iter()
                    .any(|s| status.contains(s));
                    let dibao = d.entry(ProgramId::Dibao, None).unwrap();
                    prop_assert!(outside || !matches!(dibao.reason(), Reason::NoUnitMember), "{}", d);
                }
            }
        }
    }
}

/// The default pack with the living subsidy raised to 200.00 and paid only above the price
/// subsidy, which the order of evaluation decides after the allowance that counts the
/// living subsidy: a top-up over a program that is itself topped up.
fn chained_top_ups() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let living = "living = [\n  { from = 2019-01-01, value = \"50.00\",";
        let first = "[[overlap]]\na = \"dibao\"\nb = \"tekun\"\nkind = \"exclusive\"";
        let toml = doudi::MAOJIAN_TOML.to_owned();
        assert_eq!(toml.matches(living).count(), 1);
        assert_eq!(toml.matches(first).count(), 1);
        let toml = toml
            .replace(living, &living.replace("50.00", "200.00"))
            .replace(
                first,
                &format!(
                    "[[overlap]]\na = \"disability_living\"\nb = \"price_subsidy\"\nkind = \"top_up\"\nsource = \"gf_2015_52\"\nstatus = \"secondary\"\n\n{first}"
                ),
            );
        Engine::new(PolicyPack::from_toml(&toml).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A top-up counts what the programs on its other side finally pay the person, after
    /// their own top-ups: its amount is its full amount less that. (Dibao's part is the
    /// person's share of the household amount when the person is in the unit, which the
    /// determination does not say: it is either that share or nothing.)
    #[test]
    fn a_top_up_counts_what_the_other_side_finally_pays(h in household(), m in month()) {
        for engine in [engine(), later_winners(), chained_top_ups()] {
            let d = engine.evaluate(&h, m).unwrap();
            for e in d.entries() {
                let (Outcome::Paid { amount }, Reason::TopUp { full, already }) = (e.outcome(), e.reason()) else {
                    continue;
                };
                prop_assert_eq!(*amount, (*full - *already).round_to_fen(), "{}", d);
                let person = d.person_of(e);
                let mut counted = Money::ZERO;
                let mut dibao_share = None;
                for rule in d.pack().overlaps() {
                    let (OverlapKind::TopUp, Some(Party::Program(side))) = (rule.kind(), rule.b()) else {
                        continue;
                    };
                    if rule.a() != e.program() {
                        continue;
                    }
                    if let Some(paid) = d.entry(side, person).and_then(|x| x.paid()) {
                        counted += paid;
                    } else if side == ProgramId::Dibao
                        && let Some(household) = d.entry(ProgramId::Dibao, None)
                        && let Some(amount) = household.paid()
                    {
                        // A household amount in gradual exit gives no unit size: any share.
                        dibao_share = Some(match household.reason() {
                            Reason::DibaoAmount { unit_size, .. } => Some(amount.per(*unit_size)),
                            _ => None,
                        });
                    }
                }
                // A share of a household amount is exact to 28 digits, not to the last one:
                // compared to the fen.
                let rest = (*already - counted).round_to_fen();
                prop_assert!(
                    rest.is_zero()
                        || matches!(dibao_share, Some(None))
                        || dibao_share.flatten().map(Money::round_to_fen) == Some(rest),
                    "{} counted {already}, the other side pays {counted} (dibao share {dibao_share:?})\n{}",
                    e.program(),
                    d
                );
            }
        }
    }
}

/// The default pack with every rate written as the amount it comes to, for both standards
/// (urban 600.00 then 620.00, rural 420.00 then 450.00): the edge (1.5 ×), the asset limit
/// (24 ×), tekun's basic (1.3 ×) and every classified top-up (10%).
fn rates_as_amounts() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut overlay = String::from(
            "[pack]\nbase = \"maojian\"\nname = \"amounts\"\nversion = \"1\"\n",
        );
        let row = |from: &str, value: &str| {
            format!(
                "  {{ from = {from}, value = \"{value}\", source = \"local\", status = \"illustrative\" }},\n"
            )
        };
        let mut table = |name: &str, urban: [&str; 2], rural: [&str; 2]| {
            overlay.push_str(&format!("[{name}]\n"));
            for (area, [y2019, y2020]) in [("urban", urban), ("rural", rural)] {
                overlay.push_str(&format!("{area} = [\n"));
                overlay.push_str(&row("2019-01-01", y2019));
                overlay.push_str(&row("2020-01-01", y2020));
                overlay.push_str("]\n");
            }
        };
        table("dibao.edge", ["900.00", "930.00"], ["630.00", "675.00"]);
        table("dibao.asset_limit", ["14400.00", "14880.00"], ["10080.00", "10800.00"]);
        table("tekun.basic", ["780.00", "806.00"], ["546.00", "585.00"]);
        for category in ["aged", "minor", "severe_disability", "serious_illness"] {
            table(
                &format!("dibao.top_up.{category}"),
                ["60.00", "62.00"],
                ["42.00", "45.00"],
            );
        }
        Engine::new(PolicyPack::from_toml(&overlay).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A rule's rate and the amount it comes to are one rule: every entry has the same
    /// outcome and amount under either form (only the reason's words may say which).
    #[test]
    fn a_rate_and_the_amount_it_comes_to_decide_alike(h in household(), m in month()) {
        let (a, b) = (engine().evaluate(&h, m).unwrap(), rates_as_amounts().evaluate(&h, m).unwrap());
        prop_assert_eq!(a.entries().len(), b.entries().len());
        for (x, y) in a.entries().iter().zip(b.entries()) {
            prop_assert_eq!((x.program(), x.member_index()), (y.program(), y.member_index()));
            prop_assert_eq!(x.outcome(), y.outcome(), "{}\n{}", a, b);
        }
        let kinds = |d: &Determination| d.findings().iter().map(|f| f.kind()).collect::<Vec<_>>();
        prop_assert_eq!(kinds(&a), kinds(&b));
    }
}
