//! Laws of the rules beyond overlaps: monotonicity in income, in the standard, and in
//! disability.
//!
//! Two documented cliffs of the rules keep these laws to the household's own dibao amount, and
//! to households where nobody is tekun: a member who stops (or starts) being tekun leaves
//! (or joins) the dibao unit, and a household that stops being eligible may have a member
//! covered alone (单人保) for more than the household received.

use std::sync::OnceLock;

use doudi::{
    Engine, Household, MAOJIAN_TOML, Money, Month, Outcome, PolicyPack, ProgramId, Reason,
};
use proptest::prelude::*;
use serde_json::json;

use crate::properties::{household, month};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyPack::maojian()))
}

/// The default pack with every dibao standard raised by 37.00.
fn raised() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut toml = MAOJIAN_TOML.to_owned();
        for (from, to) in [
            ("600.00", "637.00"),
            ("620.00", "657.00"),
            ("420.00", "457.00"),
            ("450.00", "487.00"),
        ] {
            for year in ["2019", "2020"] {
                let find = format!(r#"{{ from = {year}-01-01, value = "{from}", source = "local""#);
                let replace =
                    format!(r#"{{ from = {year}-01-01, value = "{to}", source = "local""#);
                toml = toml.replace(&find, &replace);
            }
        }
        let pack = PolicyPack::from_toml(&toml).unwrap();
        assert_ne!(pack.fingerprint(), PolicyPack::maojian().fingerprint());
        Engine::new(pack)
    })
}

fn household_dibao(e: &Engine, h: &Household, m: Month) -> Money {
    e.evaluate(h, m)
        .unwrap()
        .entry(ProgramId::Dibao, None)
        .and_then(|e| e.paid())
        .unwrap_or(Money::ZERO)
}

/// The members tekun covers (paid or withheld), by id.
fn tekun_members(e: &Engine, h: &Household, m: Month) -> Vec<String> {
    let d = e.evaluate(h, m).unwrap();
    d.entries()
        .iter()
        .filter(|x| {
            x.program() == ProgramId::Tekun
                && matches!(x.outcome(), Outcome::Paid { .. } | Outcome::Withheld { .. })
        })
        .filter_map(|x| d.person_of(x).map(|p| p.to_string()))
        .collect()
}

fn anyone_tekun(e: &Engine, h: &Household, m: Month) -> bool {
    let d = e.evaluate(h, m).unwrap();
    d.entries().iter().any(|x| {
        x.program() == ProgramId::Tekun
            && matches!(x.outcome(), Outcome::Paid { .. } | Outcome::Withheld { .. })
    })
}

/// `h` with `edit` applied to member `i` of its JSON.
fn edited(h: &Household, i: usize, edit: impl FnOnce(&mut serde_json::Value)) -> Household {
    let mut v: serde_json::Value = serde_json::from_str(&h.to_json()).unwrap();
    let members = v["members"].as_array_mut().unwrap();
    let k = i % members.len();
    edit(&mut members[k]);
    Household::from_json(&v.to_string()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn raising_income_never_raises_the_household_dibao(h in household(), m in month(), i in 0usize..6, fen in 1i64..500_000) {
        let richer = edited(&h, i, |p| {
            let item = json!({"category": "transfer", "monthly": Money::from_fen(fen).unwrap().to_string()});
            match p.get_mut("incomes").and_then(|x| x.as_array_mut()) {
                Some(list) if list.len() < 64 => list.push(item),
                Some(_) => {}
                None => p["incomes"] = json!([item]),
            }
        });
        prop_assume!(!anyone_tekun(engine(), &h, m) && !anyone_tekun(engine(), &richer, m));
        prop_assert!(household_dibao(engine(), &richer, m) <= household_dibao(engine(), &h, m));
    }

    #[test]
    fn raising_the_standard_never_lowers_the_household_dibao(h in household(), m in month()) {
        prop_assume!(!anyone_tekun(engine(), &h, m) && !anyone_tekun(raised(), &h, m));
        prop_assert!(household_dibao(raised(), &h, m) >= household_dibao(engine(), &h, m));
    }

    #[test]
    fn adding_a_disability_removes_a_subsidy_only_by_a_documented_exclusion(
        h in household(), m in month(), i in 0usize..6, grade in 1u8..=4,
        kind in prop::sample::select(vec!["physical", "visual", "hearing", "intellectual", "mental"]),
    ) {
        let k = i % h.members().len();
        prop_assume!(h.members()[k].disability().is_none());
        let disabled = edited(&h, i, |p| p["disability"] = json!({"grade": grade, "kind": kind}));
        let (before, after) = (engine().evaluate(&h, m).unwrap(), engine().evaluate(&disabled, m).unwrap());
        for x in before.entries() {
            if x.paid().is_none() {
                continue;
            }
            let person = before.person_of(x);
            let y = after.entry(x.program(), person).unwrap();
            let kept = match y.outcome() {
                Outcome::Paid { .. } | Outcome::Withheld { .. } => true,
                // The backstop gives way to dibao or tekun the disability brought.
                Outcome::NotPaid => matches!(y.reason(), Reason::CoveredBy { .. }),
                _ => false,
            };
            // When the disability makes a member tekun, the member leaves the dibao unit
            // (43号 第27条): the household's dibao may shrink or end, and with it what
            // follows from being a dibao recipient (the living subsidy, the price subsidy).
            let tekun_changed = tekun_members(engine(), &h, m) != tekun_members(engine(), &disabled, m);
            prop_assert!(
                kept || tekun_changed,
                "{} for {:?}: {:?} → {:?} ({})", x.program(), person, x.outcome(), y.outcome(), y.reason()
            );
        }
    }
}
