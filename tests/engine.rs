//! The engine as an embedding service sees it: local programs reading the built-in
//! outcomes, overlap conditions applied to local programs, and the engine's own text.

use doudi::{
    Engine, Household, LocalName, LocalOutcome, LocalPerson, LocalProgram, MAOJIAN_TOML, Money,
    Outcome, PolicyPack, ProgramId, Provision, Status,
};

fn household(json: &str) -> Household {
    Household::from_json(json).unwrap()
}

static CITY: Provision = Provision::new("city rules", "第2条", Status::Illustrative);

/// Pays each member half of what dibao pays them (their share of the household amount).
struct HalfOfDibao;

impl LocalProgram for HalfOfDibao {
    fn name(&self) -> LocalName {
        LocalName::new("half_of_dibao").unwrap()
    }
    fn version(&self) -> &str {
        "1"
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
    let engine = Engine::builder(PolicyPack::maojian())
        .local(HalfOfDibao)
        .build()
        .unwrap();
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
    fn version(&self) -> &str {
        "1"
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
    let engine = Engine::builder(PolicyPack::from_toml(&toml).unwrap())
        .local(YouthGrant)
        .build()
        .unwrap();
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
    let engine = Engine::builder(pack).local(YouthGrant).build().unwrap();
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
    let no_article = Provision::new("鄂防指发〔2020〕66号", "", Status::Article);
    assert_eq!(no_article.to_string(), "鄂防指发〔2020〕66号 [article]");
    assert_eq!(no_article.document(), "鄂防指发〔2020〕66号");
    assert_eq!(no_article.article(), "");
    assert_eq!(no_article.status(), Status::Article);
}

fn maojian() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyPack::maojian()))
}

fn single(id: &str, person: &str, extra: &str) -> Household {
    household(&format!(
        r#"{{"id": "{id}", "area": "urban"{extra}, "members": [
          {{"id": "{person}", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
           "incomes": [{{"category": "wage", "monthly": "1500.00"}}]}}]}}"#
    ))
}

#[test]
fn totals_split_monthly_and_one_off_payments() {
    // Urban 2020-03, one adult without income: dibao 620.00 and the price subsidy
    // 620.00 × 18.3% × 2 = 226.92 are monthly; the covid relief 500.00 is paid once.
    let h = household(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
    );
    let d = maojian().evaluate(&h, "2020-03".parse().unwrap()).unwrap();
    assert_eq!(d.total_monthly(), "846.92".parse().unwrap());
    assert_eq!(d.total_one_off(), "500.00".parse().unwrap());
}

#[test]
fn a_determination_lists_its_persons_in_input_order() {
    let h = household(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "z", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
          {"id": "a", "birth_date": "1982-01-01", "sex": "female", "relation": "spouse"}]}"#,
    );
    let d = maojian().evaluate(&h, "2020-03".parse().unwrap()).unwrap();
    let ids: Vec<String> = d.persons().iter().map(ToString::to_string).collect();
    assert_eq!(ids, ["z", "a"]);
    let text = format!("{d:?}");
    assert!(
        text.starts_with(r#"Determination { household: "h", month: 2020-03, pack: Fingerprint("#),
        "{text}"
    );
    assert!(text.contains(r#"persons: ["z", "a"]"#), "{text}");
}

#[test]
fn an_entry_lists_exactly_the_parameters_it_used() {
    // Urban 2020-03, wages 1,500.00 (1,200.00 counted) ≥ 620.00: refused on income after
    // the asset test. With a vehicle that does not disqualify (the analyst's switch), the
    // same refusal also cites the switch.
    let toml = MAOJIAN_TOML.replacen(
        r#"vehicle_disqualifies = [
  { from = 2019-01-01, value = true,"#,
        r#"vehicle_disqualifies = [
  { from = 2019-01-01, value = false,"#,
        1,
    );
    assert_ne!(toml, MAOJIAN_TOML);
    let engine = Engine::new(PolicyPack::from_toml(&toml).unwrap());
    let month = "2020-03".parse().unwrap();
    let plain = engine.evaluate(&single("h", "a", ""), month).unwrap();
    let with_car = engine
        .evaluate(&single("h", "a", r#", "non_exempt_vehicle": true"#), month)
        .unwrap();
    let names = |d: &doudi::Determination| -> Vec<&'static str> {
        d.entry(ProgramId::Dibao, None)
            .unwrap()
            .params()
            .params()
            .map(|p| p.name())
            .collect()
    };
    assert_eq!(
        names(&plain),
        [
            "dibao.standard.urban",
            "dibao.asset_limit.urban",
            "dibao.work_deduction"
        ]
    );
    assert_eq!(
        names(&with_car),
        [
            "dibao.standard.urban",
            "dibao.asset_limit.urban",
            "dibao.work_deduction",
            "dibao.vehicle_disqualifies"
        ]
    );
    // Same program, member, outcome, reason and provision; only the cites differ.
    let (a, b) = (
        plain.entry(ProgramId::Dibao, None).unwrap(),
        with_car.entry(ProgramId::Dibao, None).unwrap(),
    );
    assert_eq!(a.reason(), b.reason());
    assert_eq!(a.provision(), b.provision());
    assert_ne!(a, b);
    assert!(!a.params().is_empty());

    // A local program's entries cite no pack value.
    let local = Engine::builder(PolicyPack::maojian())
        .local(YouthGrant)
        .build()
        .unwrap();
    let d = local.evaluate(&single("h", "a", ""), month).unwrap();
    let grant = d
        .entry(
            "local:youth_grant".parse().unwrap(),
            Some(&"a".parse().unwrap()),
        )
        .unwrap();
    assert!(grant.params().is_empty());
    assert_eq!(grant.params().params().count(), 0);
}

#[test]
fn entries_differ_in_their_reasons() {
    // Tekun refuses both adults for capacity to work, at different ages: same program,
    // member, outcome and provision, different reasons.
    let month = "2020-03".parse().unwrap();
    let d40 = maojian().evaluate(&single("h", "a", ""), month).unwrap();
    let older = household(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1979-01-01", "sex": "male", "relation": "head",
           "incomes": [{"category": "wage", "monthly": "1500.00"}]}]}"#,
    );
    let d41 = maojian().evaluate(&older, month).unwrap();
    let a = "a".parse().unwrap();
    let (x, y) = (
        d40.entry(ProgramId::Tekun, Some(&a)).unwrap(),
        d41.entry(ProgramId::Tekun, Some(&a)).unwrap(),
    );
    assert_eq!(x.outcome(), y.outcome());
    assert_ne!(x.reason(), y.reason());
    assert_ne!(x, y);
    assert_ne!(d40, d41);
}

#[test]
fn determinations_are_equal_only_when_everything_is() {
    let month: doudi::Month = "2020-07".parse().unwrap();
    let base = maojian().evaluate(&single("h", "a", ""), month).unwrap();
    assert_eq!(
        base,
        maojian().evaluate(&single("h", "a", ""), month).unwrap()
    );

    // Each of these differs from `base` in one thing only.
    let other_household = maojian().evaluate(&single("g", "a", ""), month).unwrap();
    let other_month = maojian()
        .evaluate(&single("h", "a", ""), "2020-08".parse().unwrap())
        .unwrap();
    assert_eq!(other_month.entries(), base.entries());
    let other_person = maojian().evaluate(&single("h", "b", ""), month).unwrap();
    assert_eq!(other_person.entries(), base.entries());
    let edited = MAOJIAN_TOML.replacen("\"1200.00\"", "\"1210.00\"", 1);
    assert_ne!(edited, MAOJIAN_TOML);
    let other_pack = Engine::new(PolicyPack::from_toml(&edited).unwrap())
        .evaluate(&single("h", "a", ""), month)
        .unwrap();
    assert_eq!(other_pack.entries(), base.entries());
    // An enrolment the household is not eligible for adds a finding (wrong coverage) and
    // changes no entry but the monitoring categories, which read enrolments: enrolled in
    // dibao, the household is not counted a low-income-edge or rigid-expenditure household.
    let enrolled = maojian()
        .evaluate(
            &single(
                "h",
                "a",
                r#", "enrolments": [{"program": "dibao", "since": "2019-01", "monthly_amount": "300.00"}]"#,
            ),
            month,
        )
        .unwrap();
    let monitoring = [
        ProgramId::LowIncomeEdgeHousehold,
        ProgramId::RigidExpenditureHousehold,
    ];
    let without = |d: &doudi::Determination| -> Vec<doudi::Entry> {
        d.entries()
            .iter()
            .filter(|e| !monitoring.contains(&e.program()))
            .cloned()
            .collect()
    };
    assert_eq!(without(&enrolled), without(&base));
    for program in monitoring {
        let entry = enrolled.entry(program, None).unwrap();
        assert_eq!(
            entry.reason(),
            &doudi::Reason::CoveredBy {
                program: ProgramId::Dibao
            }
        );
    }
    assert_ne!(enrolled.findings(), base.findings());

    for (what, d) in [
        ("household", &other_household),
        ("month", &other_month),
        ("person", &other_person),
        ("pack", &other_pack),
        ("findings", &enrolled),
    ] {
        assert_ne!(*d, base, "{what}");
    }
}

#[test]
fn a_determination_reads_as_json_and_as_words() {
    // The same urban adult without income in 2020-03: dibao 620.00 and the price subsidy
    // 226.92 monthly, the covid relief 500.00 once.
    let h = household(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
    );
    let d = maojian().evaluate(&h, "2020-03".parse().unwrap()).unwrap();
    let fingerprint = PolicyPack::maojian().fingerprint().to_string();

    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(json["household"], "h");
    assert_eq!(json["month"], "2020-03");
    assert_eq!(json["pack"]["name"], "maojian");
    assert_eq!(json["pack"]["fingerprint"], fingerprint.as_str());
    assert_eq!(json["total_monthly"], "846.92");
    assert_eq!(json["total_one_off"], "500.00");
    let entry = |program: &str| {
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["program"] == program)
            .unwrap()
            .clone()
    };
    let dibao = entry("dibao");
    assert_eq!(dibao["outcome"], "paid");
    assert_eq!(dibao["amount"], "620.00");
    assert_eq!(dibao["period"], "monthly");
    assert_eq!(dibao["person"], serde_json::Value::Null);
    assert_eq!(
        dibao["values"],
        serde_json::json!([
            "dibao.standard.urban",
            "dibao.asset_limit.urban",
            "dibao.work_deduction",
            "dibao.rounding"
        ])
    );
    let covid = entry("covid_relief_2020");
    assert_eq!(covid["amount"], "500.00");
    assert_eq!(covid["period"], "one_off");
    assert_eq!(covid["person"], "a");
    // Every value used, once, beside the entries.
    let standard = json["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["param"] == "dibao.standard.urban")
        .unwrap();
    assert_eq!(standard["value"], "620.00");
    assert_eq!(standard["from"], "2020-01-01");
    assert_eq!(standard["status"], "illustrative");
    // The full form reads back, and writes again the same.
    let back: doudi::wire::Determination = doudi::from_json(&d.to_json()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    let compact: doudi::wire::Compact = doudi::from_json(&d.to_compact_json()).unwrap();
    assert_eq!(
        serde_json::to_value(&compact).unwrap(),
        serde_json::from_str::<serde_json::Value>(&d.to_compact_json()).unwrap()
    );

    let text = d.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!("household h in 2020-03 (pack maojian {fingerprint})")
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "  {:<24} {:<12} pays 620.00 — ",
            "dibao", "household"
        ))),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "  {:<24} {:<12} pays 500.00 — ",
            "covid_relief_2020", "a"
        ))),
        "{text}"
    );
    assert_eq!(
        *lines.last().unwrap(),
        "  total monthly 846.92, one-off 500.00"
    );
}

#[test]
fn findings_are_listed_by_kind_whatever_order_they_arise_in() {
    // Rural 2020-03. b (75, incapable supporter) is tekun, 1.3 × 450.00 + 100.00 = 685.00,
    // enrolled at 600.00: an amount mismatch, found first (tekun is evaluated first). a
    // alone is the dibao unit, 450.00, not enrolled: missed coverage, found later. The
    // list puts missed coverage (kind 2) before the mismatch (kind 4).
    let h = household(
        r#"{"id": "h", "area": "rural", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
          {"id": "b", "birth_date": "1945-01-01", "sex": "female", "relation": "parent",
           "legal_supporter": "incapable", "self_care": {"level": "full_self_care"}}],
          "enrolments": [{"program": "tekun", "person": "b", "since": "2019-01",
                          "monthly_amount": "600.00"}]}"#,
    );
    let d = maojian().evaluate(&h, "2020-03".parse().unwrap()).unwrap();
    let kinds: Vec<&str> = d.findings().iter().map(|f| f.kind().name()).collect();
    assert_eq!(kinds[..2], ["missed_coverage", "amount_mismatch"]);
    assert_eq!(d.findings()[0].program(), Some(ProgramId::Dibao));
    assert_eq!(d.findings()[1].program(), Some(ProgramId::Tekun));
    // Enrolled in tekun, the household is monitored: both are monitoring warnings (漏救 and
    // 救不够, 685.00 computed against 600.00 paid).
    assert!(d.findings()[0].is_warning() && d.findings()[1].is_warning());
    // b's tekun enrolment, never reviewed since 2019-01: b is 75, so the review is yearly,
    // due 2020-01, overdue in 2020-03.
    assert_eq!(
        kinds,
        ["missed_coverage", "amount_mismatch", "review_overdue"]
    );
    let doudi::Finding::ReviewOverdue { review, .. } = &d.findings()[2] else {
        panic!("{:?}", d.findings()[2]);
    };
    assert_eq!(review.class, doudi::ReviewClass::Stable);
    assert_eq!(review.due.to_string(), "2020-01");
}

#[test]
fn a_cite_names_the_history_entry_in_force() {
    // The urban dibao standard has two entries: 600.00 from 2019-01 (entry 0) and 620.00
    // from 2020-01 (entry 1).
    let h = single("h", "a", "");
    let pack = PolicyPack::maojian();
    for (month, entry, value) in [("2019-06", 0, "600.00"), ("2020-06", 1, "620.00")] {
        let d = maojian().evaluate(&h, month.parse().unwrap()).unwrap();
        let dibao = d.entry(ProgramId::Dibao, None).unwrap();
        let cite = d
            .cites(dibao)
            .find(|c| c.param().name() == "dibao.standard.urban")
            .unwrap();
        assert_eq!(cite.entry(), entry, "{month}");
        let view = pack.view(cite).unwrap();
        assert_eq!(view.value.to_string(), value, "{month}");
    }
}
