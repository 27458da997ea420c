//! The policy pack: every default value, loading errors, the fingerprint.

use doudi::{
    CountParam, FactorParam, MAOJIAN_TOML, MoneyParam, Month, MonthParam, OverlapKind, Party,
    PercentParam, PolicyPack, ProgramId, Status, SwitchParam,
};
use rust_decimal::Decimal;

fn m(text: &str) -> Month {
    text.parse().unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn pack() -> PolicyPack {
    PolicyPack::maojian()
}

/// The error message of loading `toml`.
fn load_error(toml: &str) -> String {
    PolicyPack::from_toml(toml).unwrap_err().to_string()
}

/// The default pack with `from` replaced by `to` (exactly once).
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        MAOJIAN_TOML.matches(from).count(),
        1,
        "{from:?} must occur once"
    );
    MAOJIAN_TOML.replacen(from, to, 1)
}

#[test]
fn embedded_pack_loads() {
    let p = pack();
    assert_eq!(p.name(), "maojian");
    assert_eq!(p.first_month(), m("2019-01"));
    assert_eq!(p.last_month(), m("2021-12"));
}

#[test]
fn money_values_are_those_of_policy_13() {
    use MoneyParam::*;
    // (parameter, month, value, status), read off the specification's table by hand.
    let table = [
        (
            DibaoStandardUrban,
            "2019-12",
            "600.00",
            Status::Illustrative,
        ),
        (
            DibaoStandardUrban,
            "2020-01",
            "620.00",
            Status::Illustrative,
        ),
        (
            DibaoStandardRural,
            "2019-12",
            "420.00",
            Status::Illustrative,
        ),
        (
            DibaoStandardRural,
            "2020-01",
            "450.00",
            Status::Illustrative,
        ),
        (
            TekunCareDispersedFull,
            "2020-03",
            "100.00",
            Status::Illustrative,
        ),
        (
            TekunCareDispersedPartly,
            "2020-03",
            "300.00",
            Status::Illustrative,
        ),
        (
            TekunCareDispersedFully,
            "2020-03",
            "600.00",
            Status::Illustrative,
        ),
        (
            TekunCareCentralizedFull,
            "2020-03",
            "100.00",
            Status::Illustrative,
        ),
        (
            TekunCareCentralizedPartly,
            "2020-03",
            "300.00",
            Status::Illustrative,
        ),
        (
            TekunCareCentralizedFully,
            "2020-03",
            "600.00",
            Status::Illustrative,
        ),
        (DisabilityLiving, "2019-01", "50.00", Status::Article),
        (DisabilityNursing, "2019-01", "100.00", Status::Article),
        (OrphanScattered, "2019-12", "1200.00", Status::Article),
        (OrphanScattered, "2020-01", "1320.00", Status::Article),
        (
            OrphanCentralized,
            "2019-12",
            "1500.00",
            Status::Illustrative,
        ),
        (
            OrphanCentralized,
            "2020-01",
            "1650.00",
            Status::Illustrative,
        ),
        (
            TemporaryIncomeLimitUrban,
            "2020-01",
            "30000.00",
            Status::Illustrative,
        ),
        (
            TemporaryIncomeLimitRural,
            "2020-01",
            "14000.00",
            Status::Illustrative,
        ),
        (BackstopAmount, "2020-06", "260.00", Status::Illustrative),
        (CovidReliefUrban, "2020-03", "500.00", Status::Article),
        (CovidReliefRural, "2020-03", "300.00", Status::Article),
        (CovidDeliveryPerCycle, "2020-02", "200.00", Status::Article),
    ];
    let p = pack();
    for (param, month, value, status) in table {
        let v = p.money(param).on(m(month)).unwrap();
        assert_eq!(v.value().to_string(), value, "{param:?} {month}");
        assert_eq!(v.provenance().status(), status, "{param:?} {month}");
    }
}

#[test]
fn other_values_are_those_of_policy_13() {
    let p = pack();
    let factor = |f, month| p.factor(f).on(m(month)).unwrap().value();
    assert_eq!(
        factor(FactorParam::DibaoEdgeMultiplier, "2020-01"),
        dec("1.5")
    );
    assert_eq!(
        p.factor(FactorParam::DibaoEdgeMultiplier)
            .on(m("2020-01"))
            .unwrap()
            .provenance()
            .status(),
        Status::Verified
    );
    assert_eq!(
        factor(FactorParam::DibaoAssetLimitMonths, "2020-01"),
        dec("24")
    );
    assert_eq!(
        factor(FactorParam::TekunBasicMultiplier, "2020-01"),
        dec("1.3")
    );
    assert_eq!(
        factor(FactorParam::TemporaryCapMonths, "2020-01"),
        dec("10")
    );
    // Price subsidy multiplier: 2 for 2020-03..2020-06, else 1.
    assert_eq!(
        factor(FactorParam::PriceSubsidyMultiplier, "2020-02"),
        dec("1")
    );
    assert_eq!(
        factor(FactorParam::PriceSubsidyMultiplier, "2020-03"),
        dec("2")
    );
    assert_eq!(
        factor(FactorParam::PriceSubsidyMultiplier, "2020-06"),
        dec("2")
    );
    assert_eq!(
        factor(FactorParam::PriceSubsidyMultiplier, "2020-07"),
        dec("1")
    );

    let percent = |f, month| p.percent(f).on(m(month)).unwrap().value();
    assert_eq!(
        percent(PercentParam::DibaoEmploymentDeduction, "2020-01"),
        dec("20")
    );
    assert_eq!(percent(PercentParam::DibaoTopUpRate, "2020-01"), dec("10"));
    assert_eq!(
        percent(PercentParam::PriceSubsidyCpiTrigger, "2020-01"),
        dec("3.5")
    );
    assert_eq!(
        percent(PercentParam::PriceSubsidyFoodCpiTrigger, "2020-01"),
        dec("6")
    );
    let cpi = [
        ("2019-12", "2.0", "2.0"),
        ("2020-01", "5.4", "20.6"),
        ("2020-02", "5.2", "21.9"),
        ("2020-03", "4.3", "18.3"),
        ("2020-04", "3.3", "14.8"),
        ("2020-05", "2.4", "10.6"),
        ("2020-06", "2.5", "11.1"),
        ("2020-07", "2.0", "2.0"),
        ("2021-12", "2.0", "2.0"),
    ];
    for (month, general, food) in cpi {
        assert_eq!(
            percent(PercentParam::CpiGeneral, month),
            dec(general),
            "{month}"
        );
        assert_eq!(percent(PercentParam::CpiFood, month), dec(food), "{month}");
    }

    let count = |c, month| p.count(c).on(m(month)).unwrap().value();
    assert_eq!(count(CountParam::DibaoGradualExitMonths, "2020-01"), 6);
    assert_eq!(count(CountParam::CovidDeliveryCycles, "2020-02"), 2);
    // Tekun minor age limit: under 16, under 18 from 2020-07-01.
    assert_eq!(count(CountParam::TekunMinorAgeLimit, "2020-06"), 16);
    assert_eq!(count(CountParam::TekunMinorAgeLimit, "2020-07"), 18);

    let switch = |s, month| p.switch(s).on(m(month)).unwrap().value();
    assert!(switch(SwitchParam::DibaoVehicleDisqualifies, "2020-01"));
    assert!(!switch(
        SwitchParam::NursingGrade34IntellectualMental,
        "2020-01"
    ));
    assert!(!switch(SwitchParam::LivingLowIncomeEdge, "2020-01"));
    assert!(!switch(SwitchParam::DeFactoOrphanInForce, "2019-12"));
    assert!(switch(SwitchParam::DeFactoOrphanInForce, "2020-01"));
    // Material delivery: 2020-02-01 to 2020-04-30.
    assert!(!switch(SwitchParam::CovidDeliveryInForce, "2020-01"));
    assert!(switch(SwitchParam::CovidDeliveryInForce, "2020-02"));
    assert!(switch(SwitchParam::CovidDeliveryInForce, "2020-04"));
    assert!(!switch(SwitchParam::CovidDeliveryInForce, "2020-05"));
    // Price subsidy recipients: children added from 2021-10-01.
    assert!(!switch(SwitchParam::PriceSubsidyChildren, "2021-09"));
    assert!(switch(SwitchParam::PriceSubsidyChildren, "2021-10"));

    assert_eq!(
        p.month(MonthParam::CovidReliefPaymentMonth)
            .on(m("2020-03"))
            .unwrap()
            .value(),
        m("2020-03")
    );
}

#[test]
fn derived_checks_of_policy_13_hold() {
    // "urban tekun basic 2020 = 1.3 × 620 = 806.00; rural = 585.00."
    let p = pack();
    let march = m("2020-03");
    let k = p
        .factor(FactorParam::TekunBasicMultiplier)
        .on(march)
        .unwrap()
        .value();
    let urban = p
        .money(MoneyParam::DibaoStandardUrban)
        .on(march)
        .unwrap()
        .value();
    let rural = p
        .money(MoneyParam::DibaoStandardRural)
        .on(march)
        .unwrap()
        .value();
    assert_eq!(urban.times(k).round_to_fen().to_string(), "806.00");
    assert_eq!(rural.times(k).round_to_fen().to_string(), "585.00");
}

#[test]
fn a_value_names_its_source_and_renders_it() {
    let p = pack();
    let v = p
        .money(MoneyParam::OrphanScattered)
        .on(m("2020-05"))
        .unwrap();
    assert_eq!(v.from().to_string(), "2020-01-01");
    assert_eq!(v.source().id(), "article");
    assert!(v.provenance().note().unwrap().contains("date assumed"));
    assert_eq!(
        v.to_string(),
        "orphan.scattered = 1320.00 (from 2020-01-01; 织牢民生保障网——茅箭区兜底保障工作综述 (2020 report on 茅箭区), article)"
    );
    let edge = p
        .factor(FactorParam::DibaoEdgeMultiplier)
        .on(m("2020-05"))
        .unwrap();
    assert_eq!(
        edge.to_string(),
        "dibao.edge_multiplier = 1.5 (from 2019-01-01; 《最低生活保障审核确认办法》(民发〔2021〕57号) 第8条, verified)"
    );
}

#[test]
fn months_outside_the_pack_have_no_answer() {
    let p = pack();
    assert_eq!(
        p.money(MoneyParam::DibaoStandardUrban)
            .on(m("2018-12"))
            .unwrap_err()
            .to_string(),
        "pack maojian covers 2019-01..2021-12, not 2018-12"
    );
    assert!(
        p.money(MoneyParam::DibaoStandardUrban)
            .on(m("2022-01"))
            .is_err()
    );
}

#[test]
fn the_overlap_table_is_data() {
    let p = pack();
    let rules = p.overlaps();
    assert_eq!(rules.len(), 16);
    let dibao_tekun = rules
        .iter()
        .find(|r| r.a() == ProgramId::Dibao && r.b() == Some(Party::Program(ProgramId::Tekun)))
        .unwrap();
    assert_eq!(dibao_tekun.kind(), OverlapKind::Exclusive);
    assert_eq!(dibao_tekun.winner(), Some(Party::Program(ProgramId::Tekun)));
    assert_eq!(dibao_tekun.provenance().article(), Some("第27条"));
    let once: Vec<ProgramId> = rules
        .iter()
        .filter(|r| r.kind() == OverlapKind::Once)
        .map(|r| r.a())
        .collect();
    assert_eq!(once, [ProgramId::PriceSubsidy, ProgramId::CovidRelief2020]);

    // An analyst switches the minor preference: tekun wins over the orphan allowance.
    let switched = edited(
        "a = \"tekun\"\nb = \"orphan\"\nkind = \"exclusive\"\nwinner = \"orphan\"",
        "a = \"tekun\"\nb = \"orphan\"\nkind = \"exclusive\"\nwinner = \"tekun\"",
    );
    let switched = PolicyPack::from_toml(&switched).unwrap();
    let rule = switched
        .overlaps()
        .iter()
        .find(|r| r.a() == ProgramId::Tekun && r.b() == Some(Party::Program(ProgramId::Orphan)))
        .unwrap();
    assert_eq!(rule.winner(), Some(Party::Program(ProgramId::Tekun)));
    assert_ne!(switched.fingerprint(), p.fingerprint());
}

#[test]
fn the_fingerprint_ignores_formatting_and_key_order() {
    let original = pack();
    // Re-emit the same pack through a TOML serialiser: other layout, sorted keys, no comments.
    let table: toml::Table = toml::from_str(MAOJIAN_TOML).unwrap();
    let reformatted = toml::to_string_pretty(&table).unwrap();
    assert_ne!(reformatted, MAOJIAN_TOML);
    let again = PolicyPack::from_toml(&reformatted).unwrap();
    assert_eq!(again.fingerprint(), original.fingerprint());
    assert_eq!(again, original);

    // Decimal spelling does not matter either: 600.00 and 600 are the same value.
    let spelled = edited(
        r#"value = "600.00", source = "local", status = "illustrative" },
  { from = 2020-01-01, value = "620.00""#,
        r#"value = "600", source = "local", status = "illustrative" },
  { from = 2020-01-01, value = "620.00""#,
    );
    assert_eq!(
        PolicyPack::from_toml(&spelled).unwrap().fingerprint(),
        original.fingerprint()
    );
    // Nor does the order of the overlap rows.
    let rows_moved = {
        let (head, rows) = MAOJIAN_TOML.split_once("[[overlap]]").unwrap();
        let mut rows: Vec<&str> = rows.split("[[overlap]]").collect();
        rows.reverse();
        let rows: Vec<String> = rows
            .iter()
            .map(|r| format!("[[overlap]]{}\n", r.trim_end()))
            .collect();
        format!("{head}{}", rows.concat())
    };
    assert_eq!(
        PolicyPack::from_toml(&rows_moved).unwrap().fingerprint(),
        original.fingerprint()
    );
}

#[test]
fn the_fingerprint_changes_with_any_value_or_source() {
    let original = pack().fingerprint();
    for (from, to) in [
        (r#"value = "620.00""#, r#"value = "620.01""#),
        (
            "{ from = 2020-01-01, value = \"450.00\"",
            "{ from = 2020-01-02, value = \"450.00\"",
        ),
        (
            r#"value = "1.5", source = "mz_2021_57", article = "第8条", status = "verified""#,
            r#"value = "1.5", source = "mz_2021_57", article = "第8条", status = "secondary""#,
        ),
        (
            "note = \"same as dispersed\" },\n]\npartly_dependent",
            "note = \"same\" },\n]\npartly_dependent",
        ),
        ("version = \"2020.1\"", "version = \"2020.2\""),
    ] {
        let changed = PolicyPack::from_toml(&edited(from, to)).unwrap();
        assert_ne!(changed.fingerprint(), original, "{from} → {to}");
    }
}

#[test]
fn loading_errors_name_the_toml_path() {
    assert_eq!(
        load_error(&edited(
            "  { from = 2020-01-01, value = \"620.00\"",
            "  { from = 2018-01-01, value = \"620.00\""
        )),
        "pack dibao.standard.urban[1].from: date 2018-01-01 is not after the previous entry's 2019-01-01"
    );
    assert_eq!(
        load_error(&edited(
            "  { from = 2020-01-01, value = \"620.00\"",
            "  { from = 2019-01-01, value = \"620.00\""
        )),
        "pack dibao.standard.urban[1].from: date 2019-01-01 is not after the previous entry's 2019-01-01"
    );
    assert_eq!(
        load_error(&edited("[dibao.standard]\nurban", "[dibao.standard]\nurbn")),
        "pack dibao.standard.urbn: unknown parameter dibao.standard.urbn"
    );
    assert_eq!(
        load_error(&edited(
            r#"value = "620.00", source = "local""#,
            r#"value = "620.00", source = "lokal""#
        )),
        r#"pack dibao.standard.urban[1].source: source "lokal" is not in [sources]"#
    );
    assert_eq!(
        load_error(&edited(
            r#"value = "620.00", source = "local", status = "illustrative""#,
            r#"value = "620.00", source = "local""#
        )),
        "pack dibao.standard.urban[1].status: missing"
    );
    assert_eq!(
        load_error(&edited(
            r#"value = "620.00", source = "local", status = "illustrative""#,
            r#"value = "620.00", source = "local", status = "guessed""#
        )),
        r#"pack dibao.standard.urban[1].status: "guessed" is not one of verified, secondary, article, illustrative"#
    );
    assert_eq!(
        load_error(&edited(r#"value = "620.00""#, "value = 620.5")),
        r#"pack dibao.standard.urban[1].value: the number 620.5, expected a decimal as a string such as "1.3""#
    );
    assert_eq!(
        load_error(&edited(r#"value = "620.00""#, r#"value = "-620.00""#)),
        "pack dibao.standard.urban[1].value: amount -620.00 is negative"
    );
    assert_eq!(
        load_error(&edited(
            r#"value = "620.00""#,
            r#"value = "620.00", amount = 3"#
        )),
        "pack dibao.standard.urban[1].amount: unknown key"
    );
    assert_eq!(
        load_error(&edited(r#"value = "1.3""#, r#"value = "1001""#)),
        "pack tekun.basic_multiplier[0].value: 1001 is outside the allowed range above 0, at most 1000"
    );
    assert_eq!(
        load_error(&edited(
            r#"value = "20", source"#,
            r#"value = "120", source"#
        )),
        "pack dibao.employment_deduction[0].value: 120 is outside the allowed range 0..=100"
    );
    assert_eq!(
        load_error(&edited(
            r#"value = 6, source = "notice_2022""#,
            r#"value = -6, source = "notice_2022""#
        )),
        "pack dibao.gradual_exit_months[0].value: -6 is outside the allowed range 0..=24"
    );
    assert_eq!(
        load_error(&edited(
            r#"{ from = 2019-01-01, value = "2020-03""#,
            r#"{ from = 2019-01-01, value = "2020-3""#
        )),
        r#"pack covid_relief.payment_month[0].value: "2020-3" is not a month (YYYY-MM)"#
    );
    assert_eq!(
        load_error(&edited(
            r#"{ from = 2019-01-01, value = "2020-03""#,
            r#"{ from = "2019-02-30", value = "2020-03""#
        )),
        r#"pack covid_relief.payment_month[0].from: "2019-02-30" is not a date (YYYY-MM-DD)"#
    );
}

#[test]
fn every_parameter_needs_a_value_from_the_first_month() {
    assert_eq!(
        load_error(&edited(
            "[backstop]\namount = [\n  { from = 2019-01-01",
            "[backstop]\namount = [\n  { from = 2019-02-01"
        )),
        "pack backstop.amount[0].from: backstop.amount has no value for 2019-01, the pack's first month (its first value is from 2019-02-01)"
    );
    let without = edited(
        "[backstop]\namount = [\n  { from = 2019-01-01, value = \"260.00\", source = \"hubei_backstop\", status = \"illustrative\" },\n]",
        "",
    );
    assert_eq!(
        load_error(&without),
        "pack backstop.amount: parameter backstop.amount is missing"
    );
    assert_eq!(
        load_error(&edited(
            "[backstop]\namount = [\n  { from = 2019-01-01, value = \"260.00\", source = \"hubei_backstop\", status = \"illustrative\" },\n]",
            "[backstop]\namount = []"
        )),
        "pack backstop.amount: parameter backstop.amount is missing"
    );
}

#[test]
fn the_pack_header_is_checked() {
    assert_eq!(
        load_error(&edited(
            "last_month = \"2021-12\"",
            "last_month = \"2018-12\""
        )),
        "pack pack.last_month: covers 2019-01..2018-12, which is empty"
    );
    assert_eq!(
        load_error(&edited("version = \"2020.1\"\n", "")),
        "pack pack.version: missing"
    );
    assert_eq!(
        load_error(&edited(
            "version = \"2020.1\"\n",
            "version = \"2020.1\"\nauthor = \"x\"\n"
        )),
        "pack pack.author: unknown key"
    );
}

#[test]
fn toml_syntax_errors_give_the_line() {
    let broken = edited("[pack]\nname = \"maojian\"", "[pack]\nname = maojian");
    let line = MAOJIAN_TOML
        .lines()
        .position(|l| l == "name = \"maojian\"")
        .unwrap()
        + 1;
    let err = load_error(&broken);
    assert!(
        err.starts_with(&format!("pack is not valid TOML: line {line}: ")),
        "{err}"
    );
    // TOML itself refuses a key given twice.
    let twice = edited(
        "version = \"2020.1\"\n",
        "version = \"2020.1\"\nversion = \"2020.2\"\n",
    );
    assert!(load_error(&twice).starts_with("pack is not valid TOML: line "));
}

#[test]
fn overlap_rules_must_hang_together() {
    let rule = |body: &str| {
        format!(
            "{MAOJIAN_TOML}\n[[overlap]]\n{body}\nsource = \"local\"\nstatus = \"illustrative\"\n"
        )
    };
    let at = "pack overlap[16]";
    assert_eq!(
        load_error(&rule(
            "a = \"orphan\"\nb = \"dibao\"\nkind = \"exclusive\"\nwinner = \"tekun\""
        )),
        format!("{at}: the winner must be a or b")
    );
    assert_eq!(
        load_error(&rule("a = \"orphan\"\nb = \"dibao\"\nkind = \"exclusive\"")),
        format!("{at}: an exclusive rule needs a winner")
    );
    assert_eq!(
        load_error(&rule(
            "a = \"orphan\"\nb = \"dibao\"\nkind = \"stack\"\nwinner = \"dibao\""
        )),
        format!("{at}: only an exclusive rule has a winner")
    );
    assert_eq!(
        load_error(&rule("a = \"orphan\"\nb = \"dibao\"\nkind = \"once\"")),
        format!("{at}: a once rule names only a")
    );
    assert_eq!(
        load_error(&rule("a = \"orphan\"\nkind = \"take_higher\"")),
        format!("{at}: this kind of rule needs b")
    );
    assert_eq!(
        load_error(&rule("a = \"orphan\"\nb = \"orphan\"\nkind = \"stack\"")),
        format!("{at}: a and b are the same program")
    );
    assert_eq!(
        load_error(&rule("a = \"orphan\"\nb = \"dibao\"\nkind = \"merge\"")),
        format!("{at}.kind: \"merge\" is not one of exclusive, take_higher, top_up, once, stack")
    );
    assert_eq!(
        load_error(&rule(
            "a = \"orphan\"\nb = \"external:pension\"\nkind = \"take_higher\""
        )),
        format!(
            "{at}.b: \"external:pension\" is not one of a program name, local:NAME, external:KIND or any"
        )
    );
    // The pair dibao/tekun has a rule already, whichever side is written first.
    assert_eq!(
        load_error(&rule("a = \"tekun\"\nb = \"dibao\"\nkind = \"stack\"")),
        format!(
            "{at}: a second rule for the same pair of programs (first at overlap[0]): both could apply to one person"
        )
    );
    // A rule for a local program is accepted.
    let local = rule(
        "a = \"local:gaoling_jintie\"\nb = \"external:longevity_allowance\"\nkind = \"exclusive\"\nwinner = \"external:longevity_allowance\"",
    );
    assert_eq!(PolicyPack::from_toml(&local).unwrap().overlaps().len(), 17);
}

#[test]
fn a_pack_that_is_not_utf8_names_the_offset() {
    let mut bytes = doudi::MAOJIAN_TOML.as_bytes().to_vec();
    bytes.insert(100, 0xFF);
    assert_eq!(
        PolicyPack::from_toml_bytes(&bytes).unwrap_err().to_string(),
        "pack not UTF-8 (an invalid byte at offset 100 of the input)"
    );
    assert!(PolicyPack::from_toml_bytes(doudi::MAOJIAN_TOML.as_bytes()).is_ok());
}
