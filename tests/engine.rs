//! The engine as an embedding service sees it: local programs reading the built-in
//! outcomes, overlap conditions applied to local programs, and the engine's own text.

use doudi::{
    Engine, Household, LocalName, LocalOutcome, LocalPerson, LocalProgram, MAOJIAN_TOML, Money,
    Outcome, PolicyPack, ProgramId, Provision, Status,
};

fn household(json: &str) -> Household {
    Household::from_json(json).unwrap()
}

static CITY: Provision = Provision {
    document: "city rules",
    article: "第2条",
    status: Status::Illustrative,
};

/// Pays each member half of what dibao pays them (their share of the household amount).
struct HalfOfDibao;

impl LocalProgram for HalfOfDibao {
    fn name(&self) -> LocalName {
        LocalName::new("half_of_dibao").unwrap()
    }
    fn provision(&self) -> &'static Provision {
        &CITY
    }
    fn evaluate(&self, person: &LocalPerson<'_>) -> LocalOutcome {
        match person.paid(ProgramId::Dibao) {
            Some(share) => LocalOutcome::Paid {
                amount: share.per(2),
                reason: "half of the dibao share".into(),
            },
            None => LocalOutcome::NotPaid {
                reason: "no dibao".into(),
            },
        }
    }
}

#[test]
fn a_local_program_reads_what_dibao_pays_each_member() {
    // Urban 2020-03, two adults aged 40 and 45 without income: unit of 2, no top-ups,
    // 620.00 × 2 = 1,240.00; each member's share is 620.00, half of it 310.00.
    let engine = Engine::new(PolicyPack::maojian()).with_local(HalfOfDibao);
    let h = household(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
          {"id": "b", "birth_date": "1975-01-01", "sex": "female", "relation": "spouse"}]}"#,
    );
    let d = engine.evaluate(&h, "2020-03".parse().unwrap()).unwrap();
    assert_eq!(
        d.entry(ProgramId::Dibao, None).unwrap().paid(),
        Some("1240.00".parse().unwrap())
    );
    let program: ProgramId = "local:half_of_dibao".parse().unwrap();
    for person in ["a", "b"] {
        let entry = d.entry(program, Some(&person.parse().unwrap())).unwrap();
        assert_eq!(entry.paid(), Some("310.00".parse().unwrap()), "{person}");
    }

    // With a wage of 2,000.00 (1,600.00 counted) the household is not eligible: no share.
    let earning = household(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
           "incomes": [{"category": "wage", "monthly": "2000.00"}]},
          {"id": "b", "birth_date": "1975-01-01", "sex": "female", "relation": "spouse"}]}"#,
    );
    let d = engine
        .evaluate(&earning, "2020-03".parse().unwrap())
        .unwrap();
    let entry = d.entry(program, Some(&"a".parse().unwrap())).unwrap();
    assert_eq!(*entry.outcome(), Outcome::NotPaid);
}

/// A city grant of 100.00 a month to every member.
struct YouthGrant;

impl LocalProgram for YouthGrant {
    fn name(&self) -> LocalName {
        LocalName::new("youth_grant").unwrap()
    }
    fn provision(&self) -> &'static Provision {
        &CITY
    }
    fn evaluate(&self, _: &LocalPerson<'_>) -> LocalOutcome {
        LocalOutcome::Paid {
            amount: Money::from_yuan(100),
            reason: "every member".into(),
        }
    }
}

#[test]
fn the_minor_condition_holds_below_18_only_for_a_local_program_too() {
    // The analyst's rule: tekun wins over the grant for minors only.
    let toml = format!(
        "{MAOJIAN_TOML}\n[[overlap]]\na = \"local:youth_grant\"\nb = \"tekun\"\nkind = \"exclusive\"\nwinner = \"tekun\"\ncondition = \"minor\"\nsource = \"local\"\nstatus = \"illustrative\"\n"
    );
    let engine = Engine::new(PolicyPack::from_toml(&toml).unwrap()).with_local(YouthGrant);
    let grant: ProgramId = "local:youth_grant".parse().unwrap();
    // Rural 2020-07 (minor age limit 18), a pupil living alone with no supporter, fully
    // self-caring: tekun 1.3 × 450.00 + 100.00 = 685.00.
    let pupil = |born: &str| {
        household(&format!(
            r#"{{"id": "h", "area": "rural", "members": [
              {{"id": "y", "birth_date": "{born}", "sex": "female", "relation": "head",
               "in_school": true, "legal_supporter": "none",
               "self_care": {{"level": "full_self_care"}}}}]}}"#
        ))
    };
    let y = "y".parse().unwrap();
    let month = "2020-07".parse().unwrap();

    // 18 on the 1st of the month: not a minor, the rule does not apply.
    let d = engine.evaluate(&pupil("2002-07-01"), month).unwrap();
    assert_eq!(
        d.entry(ProgramId::Tekun, Some(&y)).unwrap().paid(),
        Some("685.00".parse().unwrap())
    );
    assert_eq!(
        d.entry(grant, Some(&y)).unwrap().paid(),
        Some(Money::from_yuan(100))
    );

    // 17 (18 the next day): a minor, the grant is withheld.
    let d = engine.evaluate(&pupil("2002-07-02"), month).unwrap();
    assert_eq!(
        d.entry(ProgramId::Tekun, Some(&y)).unwrap().paid(),
        Some("685.00".parse().unwrap())
    );
    assert!(matches!(
        d.entry(grant, Some(&y)).unwrap().outcome(),
        Outcome::Withheld { amount, .. } if *amount == Money::from_yuan(100)
    ));
}

#[test]
fn an_engine_names_its_pack_in_debug_output() {
    let pack = PolicyPack::maojian();
    let fingerprint = pack.fingerprint().to_string();
    let engine = Engine::new(pack).with_local(YouthGrant);
    let text = format!("{engine:?}");
    assert_eq!(
        text,
        format!(
            r#"Engine {{ pack: "maojian", fingerprint: Fingerprint({fingerprint}), locals: 1 }}"#
        )
    );
}

#[test]
fn a_provision_reads_document_article_and_status() {
    assert_eq!(CITY.to_string(), "city rules 第2条 [illustrative]");
    let no_article = Provision {
        document: "鄂防指发〔2020〕66号",
        article: "",
        status: Status::Article,
    };
    assert_eq!(no_article.to_string(), "鄂防指发〔2020〕66号 [article]");
}
