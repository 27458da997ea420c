//! The policy pack: every default value, loading errors, the fingerprint.

use doudi::{
    ChoiceParam, CountParam, FactorParam, MAOJIAN_TOML, MoneyParam, Month, MonthParam, OverlapKind,
    Party, PercentParam, PolicyPack, ProgramId, Scaled, ScaledParam, Status, SwitchParam,
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
fn the_forms_of_rules_are_those_of_policy_13() {
    // POLICY §13: the edge 1.5 × the standard, assets up to 24 monthly standards, tekun's
    // basic 1.3 × the standard, a top-up of 10% of the standard for every category (one a
    // person), 20% of wages deducted, the amount to the fen, and the care standards as
    // amounts — the same in both areas.
    let p = pack();
    let scaled = |param, month| p.scaled(param).on(m(month)).unwrap().value();
    let rate = |text: &str| Scaled::Rate(dec(text));
    use ScaledParam as S;
    for (params, expected) in [
        ([S::DibaoEdgeUrban, S::DibaoEdgeRural], rate("1.5")),
        (
            [S::DibaoAssetLimitUrban, S::DibaoAssetLimitRural],
            rate("24"),
        ),
        ([S::TekunBasicUrban, S::TekunBasicRural], rate("1.3")),
        (
            [S::DibaoTopUpAgedUrban, S::DibaoTopUpAgedRural],
            rate("0.1"),
        ),
        (
            [S::DibaoTopUpMinorUrban, S::DibaoTopUpMinorRural],
            rate("0.1"),
        ),
        (
            [
                S::DibaoTopUpSevereDisabilityUrban,
                S::DibaoTopUpSevereDisabilityRural,
            ],
            rate("0.1"),
        ),
        (
            [
                S::DibaoTopUpSeriousIllnessUrban,
                S::DibaoTopUpSeriousIllnessRural,
            ],
            rate("0.1"),
        ),
    ] {
        for param in params {
            assert_eq!(scaled(param, "2020-01"), expected, "{param:?}");
        }
    }
    assert_eq!(scaled(S::DibaoWorkDeduction, "2020-01"), rate("0.2"));
    assert_eq!(
        p.scaled(S::DibaoEdgeUrban)
            .on(m("2020-01"))
            .unwrap()
            .provenance()
            .status(),
        Status::Verified
    );
    for (param, amount) in [
        (S::TekunCareDispersedFull, "100.00"),
        (S::TekunCareDispersedPartly, "300.00"),
        (S::TekunCareDispersedFully, "600.00"),
        (S::TekunCareCentralizedFull, "100.00"),
        (S::TekunCareCentralizedPartly, "300.00"),
        (S::TekunCareCentralizedFully, "600.00"),
    ] {
        assert_eq!(
            scaled(param, "2020-03"),
            Scaled::Amount(amount.parse().unwrap())
        );
    }
    assert_eq!(
        p.choice(ChoiceParam::DibaoTopUpStacking)
            .on(m("2020-01"))
            .unwrap()
            .value(),
        "highest"
    );
    assert_eq!(
        p.choice(ChoiceParam::DibaoRounding)
            .on(m("2020-01"))
            .unwrap()
            .value(),
        "fen"
    );
    assert!(
        !p.switch(SwitchParam::DibaoTopUpIntellectualMentalGrade3)
            .on(m("2020-01"))
            .unwrap()
            .value()
    );
}

#[test]
fn other_values_are_those_of_policy_13() {
    let p = pack();
    let factor = |f, month| p.factor(f).on(m(month)).unwrap().value();
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
    let Scaled::Rate(k) = p
        .scaled(ScaledParam::TekunBasicUrban)
        .on(march)
        .unwrap()
        .value()
    else {
        panic!("the default pack's tekun basic is a multiple of the standard");
    };
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
        .scaled(ScaledParam::DibaoEdgeRural)
        .on(m("2020-05"))
        .unwrap();
    assert_eq!(
        edge.to_string(),
        "dibao.edge.rural = 1.5x (from 2019-01-01; 《最低生活保障审核确认办法》(民发〔2021〕57号) 第8条, verified)"
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
            "rural = [\n  { from = 2019-01-01, value = \"1.5x\", source = \"mz_2021_57\", article = \"第8条\", status = \"verified\"",
            "rural = [\n  { from = 2019-01-01, value = \"1.5x\", source = \"mz_2021_57\", article = \"第8条\", status = \"secondary\"",
        ),
        ("value = \"fen\"", "value = \"jiao\""),
        (
            "[dibao.top_up.minor]\nurban = [\n  { from = 2019-01-01, value = \"10%\"",
            "[dibao.top_up.minor]\nurban = [\n  { from = 2019-01-01, value = \"45.00\"",
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
        load_error(&edited(
            "[tekun.basic]\nurban = [\n  { from = 2019-01-01, value = \"1.3x\"",
            "[tekun.basic]\nurban = [\n  { from = 2019-01-01, value = \"1001x\""
        )),
        "pack tekun.basic.urban[0].value: 1001x is outside the allowed range 1x..=10x"
    );
    assert_eq!(
        load_error(&edited(
            r#"value = "20%", source"#,
            r#"value = "120%", source"#
        )),
        "pack dibao.work_deduction[0].value: 120% is outside the allowed range 0%..=100%"
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
    let broken = edited("\nname = \"maojian\"", "\nname = maojian");
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

// ---------------------------------------------------------------- layered packs

fn packs_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs")
}

fn example(name: &str) -> PolicyPack {
    PolicyPack::from_file(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/data")
            .join(name),
    )
    .unwrap()
}

/// A fresh directory under the system's temporary one, for pack files a test writes.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("doudi-packs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The parameters format 3 added, as a pack of an earlier format takes them.
const ADDED_BY_FORMAT_3: [&str; 5] = [
    "dibao.top_up.stacking",
    "dibao.rounding",
    "dibao.top_up.intellectual_mental_grade_3",
    "dibao.minimum_wage",
    "dibao.above_minimum_wage_counted",
];

/// The parameters a pack of an earlier format took from the default pack (not renamed).
fn taken_from_the_default(p: &PolicyPack) -> Vec<&'static str> {
    p.notes()
        .iter()
        .filter(|n| n.renamed_from().is_none())
        .map(|n| n.param().name())
        .collect()
}

#[test]
fn an_overlay_resolves_to_the_full_copy_it_stands_for() {
    let overlay = example("reform.toml");
    let full = PolicyPack::from_file(packs_dir().join("reform-full.toml")).unwrap();
    assert_eq!(overlay.fingerprint(), full.fingerprint());
    assert_eq!(overlay.version(), "2020.1-reform");
    // The full copy was written before packs said their format: its values of renamed
    // parameters are moved to the new names, and the parameters format 3 added are taken
    // from the default pack, each with a note.
    assert!(overlay.notes().is_empty());
    assert_eq!(taken_from_the_default(&full), ADDED_BY_FORMAT_3);
    assert_eq!(full.notes().len(), 15 + ADDED_BY_FORMAT_3.len());
    // Its values keep the layer that gave them: the raised standards the overlay's, the
    // rest the default pack's.
    let layers: Vec<&str> = overlay.layers().iter().map(|l| l.name()).collect();
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[0], "maojian");
    assert!(layers[1].ends_with("reform.toml"), "{layers:?}");
    let urban = overlay.money(MoneyParam::DibaoStandardUrban);
    let in_2020 = urban.on(m("2020-03")).unwrap();
    assert_eq!(in_2020.value().to_string(), "682.00");
    assert_eq!(in_2020.provenance().layer(), 1);
    let in_2019 = urban.on(m("2019-03")).unwrap();
    assert_eq!(in_2019.provenance().layer(), 0);
    // The layer is not content: the same values from one layer or two are one pack.
    assert_eq!(
        full.money(MoneyParam::DibaoStandardUrban)
            .on(m("2020-03"))
            .unwrap()
            .provenance()
            .layer(),
        0
    );
}

#[test]
fn the_corrected_overlay_is_the_corrected_full_copy() {
    let overlay = example("corrected.toml");
    let full = edited(
        "{ from = 2020-01-01, value = \"620.00\", source = \"local\", status = \"illustrative\" }",
        "{ from = 2020-01-01, value = \"650.00\", source = \"local\", status = \"illustrative\", note = \"corrected: the 2020 urban standard was 650.00\" }",
    )
    .replacen("version = \"2020.1\"", "version = \"2020.1-corrected\"", 1);
    assert_eq!(
        overlay.fingerprint(),
        PolicyPack::from_toml(&full).unwrap().fingerprint()
    );
}

#[test]
fn an_overlay_adds_to_a_history_and_replaces_the_value_of_the_same_month() {
    let rural = example("rural-510.toml");
    let history = rural.money(MoneyParam::DibaoStandardRural).history();
    let values: Vec<(String, String)> = history
        .entries()
        .iter()
        .map(|e| (e.from().to_string(), e.value().to_string()))
        .collect();
    let default = pack();
    let mut expected: Vec<(String, String)> = default
        .money(MoneyParam::DibaoStandardRural)
        .history()
        .entries()
        .iter()
        .map(|e| (e.from().to_string(), e.value().to_string()))
        .filter(|(from, _)| from.as_str() < "2020-07-01")
        .collect();
    expected.push(("2020-07-01".into(), "510.00".into()));
    expected.extend(
        default
            .money(MoneyParam::DibaoStandardRural)
            .history()
            .entries()
            .iter()
            .map(|e| (e.from().to_string(), e.value().to_string()))
            .filter(|(from, _)| from.as_str() > "2020-07-01"),
    );
    assert_eq!(values, expected);
    assert_eq!(rural.name(), "maojian-rural-510");
    assert!(rural.sources().iter().any(|s| s.id() == "reform"));

    // A value dated within a month the base already has a value for replaces it.
    let overlay = "[pack]\nbase = \"maojian\"\nname = \"x\"\nversion = \"1\"\n[dibao.standard]\nrural = [{ from = 2020-01-15, value = \"470.00\", source = \"local\", status = \"illustrative\" }]\n";
    let p = PolicyPack::from_toml(overlay).unwrap();
    let feb = p
        .money(MoneyParam::DibaoStandardRural)
        .on(m("2020-02"))
        .unwrap();
    assert_eq!(feb.value().to_string(), "470.00");
    // 2020-01-15 takes effect in February: January keeps the 2019 value.
    let jan = p
        .money(MoneyParam::DibaoStandardRural)
        .on(m("2020-01"))
        .unwrap();
    assert_eq!(jan.provenance().layer(), 0);
}

#[test]
fn an_overlay_adds_replaces_and_removes_overlap_rows() {
    let rules = |p: &PolicyPack| -> Vec<(ProgramId, Option<Party>, OverlapKind, Option<Party>)> {
        p.overlaps()
            .iter()
            .map(|r| (r.a(), r.b(), r.kind(), r.winner()))
            .collect()
    };
    let base = pack();
    let overlay = r#"
[pack]
base = "maojian"
name = "maojian-stacked"
version = "1"

[[remove_overlap]]
a = "disability_nursing"
b = "external:old_age_care"
kind = "take_higher"

[[overlap]]
a = "dibao"
b = "tekun"
kind = "exclusive"
winner = "dibao"
source = "local"
status = "illustrative"
"#;
    let p = PolicyPack::from_toml(overlay).unwrap();
    let mut expected = rules(&base);
    expected.retain(|(a, b, kind, _)| {
        !(*a == ProgramId::DisabilityNursing
            && *kind == OverlapKind::TakeHigher
            && b.is_some_and(|b| b.to_string() == "external:old_age_care"))
    });
    for rule in &mut expected {
        if rule.0 == ProgramId::Dibao && rule.1 == Some(Party::Program(ProgramId::Tekun)) {
            rule.3 = Some(Party::Program(ProgramId::Dibao));
        }
    }
    assert_eq!(rules(&p), expected);
    assert_eq!(rules(&p).len(), rules(&base).len() - 1);
}

#[test]
fn a_pack_of_format_1_takes_what_it_lacks_from_the_default_pack_with_notes() {
    let old = PolicyPack::from_file(packs_dir().join("maojian-0.2.0.toml")).unwrap();
    let notes: Vec<String> = old.notes().iter().map(|n| n.to_string()).collect();
    let taken = |format| {
        format!(
            "taken from the default pack maojian, as the pack is written for format 1 and the parameter came with format {format}"
        )
    };
    let renamed = |old| {
        format!("the pack's {old}, which format 3 renamed (the pack is written for format 1)")
    };
    let mut expected = Vec::new();
    for (new, old, value) in [
        ("dibao.edge", "dibao.edge_multiplier", "1.5x"),
        ("dibao.asset_limit", "dibao.asset_limit_months", "24x"),
        ("tekun.basic", "tekun.basic_multiplier", "1.3x"),
        ("dibao.top_up.aged", "dibao.top_up_rate", "10%"),
        ("dibao.top_up.minor", "dibao.top_up_rate", "10%"),
        ("dibao.top_up.severe_disability", "dibao.top_up_rate", "10%"),
        ("dibao.top_up.serious_illness", "dibao.top_up_rate", "10%"),
    ] {
        for area in ["urban", "rural"] {
            expected.push(format!(
                "{new}.{area} = {value} from 2019-01-01: {}",
                renamed(old)
            ));
        }
    }
    expected.push(format!(
        "dibao.work_deduction = 20% from 2019-01-01: {}",
        renamed("dibao.employment_deduction")
    ));
    for (param, value) in [
        ("verification.valid_months", "6"),
        ("verification.tolerance", "5"),
        ("verification.tolerance_minimum", "50.00"),
        ("monitoring.rigid_spending_share", "50"),
        ("monitoring.warning_expense", "10000.00"),
        ("review.months.stable", "12"),
        ("review.months.unstable", "6"),
    ] {
        expected.push(format!("{param} = {value} from 2019-01-01: {}", taken(2)));
    }
    for (param, value) in [
        ("dibao.top_up.stacking", "highest"),
        ("dibao.rounding", "fen"),
        ("dibao.top_up.intellectual_mental_grade_3", "false"),
        ("dibao.minimum_wage", "1500.00"),
        ("dibao.above_minimum_wage_counted", "100"),
    ] {
        expected.push(format!("{param} = {value} from 2019-01-01: {}", taken(3)));
    }
    assert_eq!(notes, expected);
    // Those values are the default pack's, to the value, source and note: the 0.2.0 pack
    // and the parameters added since are the default pack.
    assert_eq!(old.fingerprint(), pack().fingerprint());
    // They stand in a layer of their own, which says what it is.
    let layer = &old.layers()[old
        .count(CountParam::ReviewMonthsStable)
        .on(m("2020-03"))
        .unwrap()
        .provenance()
        .layer()];
    assert!(layer.is_upgrade());
    assert_eq!(
        layer.to_string(),
        "maojian (default values for a pack of an earlier format)"
    );
    // A value the old pack gives is its own.
    assert_eq!(
        old.money(MoneyParam::DibaoStandardUrban)
            .on(m("2020-03"))
            .unwrap()
            .provenance()
            .layer(),
        0
    );
    // The latest format needs nothing.
    assert!(pack().notes().is_empty());
}

#[test]
fn a_determination_under_an_upgraded_pack_lists_the_values_taken() {
    let old = PolicyPack::from_file(packs_dir().join("maojian-0.2.0.toml")).unwrap();
    let engine = doudi::Engine::new(old);
    // A wage of 1,000.00 declared, 500.00 reported by the tax authority: the verification
    // values are used, and listed with the others.
    let household = doudi::Household::from_json(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
           "incomes": [{"category": "wage", "monthly": "1000.00"}]}],
          "verifications": [{"fact": "income", "person": "a", "category": "wage", "monthly": "500.00",
                             "department": "tax", "as_of": "2020-02-15"}]}"#,
    )
    .unwrap();
    let d = engine.evaluate(&household, m("2020-03")).unwrap();
    let layers = engine.pack().layers();
    let taken: Vec<String> = d
        .values()
        .filter(|v| layers[v.provenance.layer()].is_upgrade())
        .map(|v| v.param.name().to_owned())
        .collect();
    let noted: Vec<&str> = engine
        .pack()
        .notes()
        .iter()
        .map(|n| n.param().name())
        .collect();
    assert!(!taken.is_empty());
    assert!(
        taken.iter().all(|p| noted.contains(&p.as_str())),
        "{taken:?}"
    );
    assert!(
        taken.contains(&"monitoring.rigid_spending_share".to_owned()),
        "{taken:?}"
    );
}

#[test]
fn layered_packs_refuse_what_cannot_be_resolved() {
    let dir = scratch("refused");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let overlay =
        |base: &str| format!("[pack]\nbase = \"{base}\"\nname = \"x\"\nversion = \"1\"\n");
    let message = |path: &std::path::Path| PolicyPack::from_file(path).unwrap_err().to_string();

    // A base that does not exist.
    let missing = write("missing.toml", &overlay("nowhere.toml"));
    let err = message(&missing);
    assert!(
        err.starts_with("pack pack.base: base \"nowhere.toml\" is neither an embedded pack (maojian) nor a pack file: "),
        "{err}"
    );
    // From text, a base file has no place to be found in.
    assert_eq!(
        load_error(&overlay("reform.toml")),
        "pack pack.base: base \"reform.toml\" is neither an embedded pack (maojian) nor a pack file: a base file is found beside the pack's own file: load the pack with PolicyPack::from_file"
    );
    // Layers in a cycle, named once.
    write("a.toml", &overlay("b.toml"));
    let b = write("b.toml", &overlay("a.toml"));
    let (a, b_name) = (
        std::fs::canonicalize(dir.join("a.toml")).unwrap(),
        std::fs::canonicalize(&b).unwrap(),
    );
    assert_eq!(
        message(&b),
        format!(
            "pack pack.base: layers form a cycle: {} on {} on {}",
            a.display(),
            b_name.display(),
            a.display()
        )
    );
    // A base that loads with an error: the error, inside.
    write(
        "bad-base.toml",
        &format!(
            "{}[dibao.standard]\nrural = [{{ from = 2020-07-01, value = \"5.1.0\", source = \"local\", status = \"illustrative\" }}]\n",
            overlay("maojian")
        ),
    );
    let top = write("top.toml", &overlay("bad-base.toml"));
    assert_eq!(
        message(&top),
        "pack pack.base: base \"bad-base.toml\" does not load: pack dibao.standard.rural[0].value: \"5.1.0\" is not an amount of money (e.g. \"620.00\")"
    );
    // An overlay must say what it is.
    assert_eq!(
        load_error("[pack]\nbase = \"maojian\"\nname = \"x\"\n"),
        "pack pack.version: missing"
    );
    // A removal that matches nothing.
    assert_eq!(
        load_error(&format!(
            "{}[[remove_overlap]]\na = \"dibao\"\nb = \"orphan\"\nkind = \"exclusive\"\n",
            overlay("maojian")
        )),
        "pack remove_overlap[0]: matches no overlap rule of the base (a, b and kind must all match)"
    );
    // A format the crate does not know.
    assert_eq!(
        load_error(&edited("format = 3", "format = 4")),
        "pack pack.format: format 4 is not one this crate reads (1 to 3; a later crate may)"
    );
    // A parameter the crate does not know, in an overlay as in a full pack.
    assert_eq!(
        load_error(&format!("{}[dibao]\nstandart = []\n", overlay("maojian"))),
        "pack dibao.standart: unknown parameter dibao.standart"
    );
    // A bad value in an overlay is named at its own row, not its row in the merged history.
    assert_eq!(
        load_error(&format!(
            "{}[dibao.standard]\nrural = [\n  {{ from = 2020-07-01, value = \"510.00\", source = \"local\", status = \"illustrative\" }},\n  {{ from = 2020-09-01, value = \"510.005\", source = \"local\", status = \"illustrative\" }},\n]\n",
            overlay("maojian")
        )),
        "pack dibao.standard.rural[1].value: amount 510.005 has more than 2 decimal places"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pack_written_out_whole_loads_to_its_fingerprint() {
    let old = PolicyPack::from_file(packs_dir().join("maojian-0.2.0.toml")).unwrap();
    for p in [
        pack(),
        example("reform.toml"),
        example("rural-510.toml"),
        example("corrected.toml"),
        old,
    ] {
        let whole = PolicyPack::from_toml(&p.to_toml()).unwrap();
        assert_eq!(whole.fingerprint(), p.fingerprint(), "{}", p.version());
        assert_eq!(whole.layers().len(), 1);
        assert!(whole.notes().is_empty());
        assert!(
            p.to_toml()
                .starts_with(&format!("[pack]\nformat = {}\n", doudi::PACK_FORMAT))
        );
    }
}

#[test]
fn a_pack_of_format_2_has_its_renamed_values_moved_and_equals_the_default() {
    // The default pack as format 2 wrote it: the same values, under the names of format 2.
    let old = PolicyPack::from_file(packs_dir().join("maojian-format-2.toml")).unwrap();
    let renamed: Vec<&str> = old
        .notes()
        .iter()
        .filter_map(|n| n.renamed_from())
        .collect();
    assert_eq!(renamed.len(), 15);
    assert_eq!(taken_from_the_default(&old), ADDED_BY_FORMAT_3);
    assert!(old.notes().iter().all(|n| n.written_for() == 2));
    assert_eq!(old.fingerprint(), pack().fingerprint());
}

#[test]
fn an_overlay_of_an_earlier_format_has_its_renamed_values_moved() {
    // An overlay that says it was written for format 2 raises the edge under its old name.
    let overlay = "[pack]\nbase = \"maojian\"\nformat = 2\nname = \"x\"\nversion = \"1\"\n[dibao]\nedge_multiplier = [{ from = 2020-07-01, value = \"2\", source = \"local\", status = \"illustrative\" }]\n";
    let p = PolicyPack::from_toml(overlay).unwrap();
    for param in [ScaledParam::DibaoEdgeUrban, ScaledParam::DibaoEdgeRural] {
        let july = p.scaled(param).on(m("2020-07")).unwrap();
        assert_eq!(july.value(), Scaled::Rate(dec("2")));
        assert_eq!(july.provenance().layer(), 1);
        assert_eq!(
            p.scaled(param).on(m("2020-06")).unwrap().value(),
            Scaled::Rate(dec("1.5"))
        );
    }
    assert_eq!(p.notes().len(), 2);
    // Written as the latest format says, the old name is unknown.
    assert_eq!(
        load_error(&overlay.replace("format = 2\n", "")),
        "pack dibao.edge_multiplier: unknown parameter dibao.edge_multiplier"
    );
}

#[test]
fn the_trace_says_how_the_top_ups_were_made() {
    // The Heilongjiang county's set top-up for the aged, urban 142.00: a is 70, b earns
    // 800.00. The trace of the household's dibao names the amount, the category, the form
    // and the area.
    let pack = PolicyPack::from_toml(
        "[pack]\nbase = \"maojian\"\nname = \"x\"\nversion = \"1\"\n[dibao.top_up.aged]\nurban = [{ from = 2019-01-01, value = \"142.00\", source = \"local\", status = \"illustrative\" }]\n",
    )
    .unwrap();
    let household = doudi::Household::from_json(
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1950-01-01", "sex": "female", "relation": "head", "legal_supporter": "capable"},
          {"id": "b", "birth_date": "1980-01-01", "sex": "male", "relation": "child",
           "incomes": [{"category": "wage", "monthly": "800.00"}]}]}"#,
    )
    .unwrap();
    let (_, trace) = doudi::Engine::new(pack)
        .evaluate_traced(&household, m("2020-03"))
        .unwrap();
    let dibao = trace
        .steps
        .iter()
        .find(|s| s.program == ProgramId::Dibao && s.person.is_none())
        .unwrap();
    let top_ups: Vec<String> = trace
        .facts(dibao)
        .iter()
        .filter(|f| f.name == "classified top-ups")
        .map(|f| f.value.to_string())
        .collect();
    assert_eq!(
        top_ups,
        ["142.00 for 1 top-up(s) (aged; set amounts, the highest a person, urban)"]
    );
}

#[test]
fn the_trace_names_the_layer_of_each_value_of_a_layered_pack() {
    let reform = example("rural-510.toml");
    let household = doudi::Household::from_json(
        r#"{"id": "h", "area": "rural", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
    )
    .unwrap();
    let (_, trace) = doudi::Engine::new(reform)
        .evaluate_traced(&household, m("2020-07"))
        .unwrap();
    let text = trace.to_string();
    let standard = text
        .lines()
        .find(|l| l.contains("value dibao.standard.rural = 510.00"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(standard.ends_with("rural-510.toml)"), "{standard}");
    let edge = text
        .lines()
        .find(|l| l.contains("value dibao.asset_limit.rural = 24x"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(edge.ends_with("(layer maojian)"), "{edge}");
}
