//! Batch runs, reports, reform comparison and the synthetic district.

use std::sync::OnceLock;

use doudi::population::{self, DistrictConfig};
use doudi::{Area, Engine, Household, MAOJIAN_TOML, Money, Month, PolicyPack, ProgramId};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyPack::maojian()))
}

fn district() -> &'static [Household] {
    static DISTRICT: OnceLock<Vec<Household>> = OnceLock::new();
    DISTRICT.get_or_init(|| {
        DistrictConfig::default()
            .persons(20_000)
            .seed(11)
            .generate()
    })
}

fn m(text: &str) -> Month {
    text.parse().unwrap()
}

#[test]
fn the_synthetic_district_is_deterministic_and_sized() {
    let a = DistrictConfig::default().persons(3_000).seed(5).generate();
    let b = DistrictConfig::default().persons(3_000).seed(5).generate();
    let c = DistrictConfig::default().persons(3_000).seed(6).generate();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let persons: usize = a.iter().map(|h| h.members().len()).sum();
    assert!((3_000..3_006).contains(&persons), "{persons}");
    // 2.4 to 2.8 persons a household (Shiyan's census: 2.57).
    assert!(persons * 10 >= a.len() * 24 && persons * 10 <= a.len() * 28);
    // Every household is valid input: it survives its own JSON.
    for h in &a {
        assert_eq!(&Household::from_json(&h.to_json()).unwrap(), h);
    }
}

#[test]
fn the_batch_report_agrees_with_full_determinations() {
    let months = m("2020-01")..=m("2020-04");
    let report = population::report(engine(), district().iter().map(Ok), months.clone());
    assert!(report.reconciles());
    for month in m("2020-01").through(m("2020-04")) {
        let mut dibao_households = 0;
        let mut dibao_amount = Money::ZERO;
        let mut covid_persons = 0;
        for h in district() {
            let d = engine().evaluate(h, month).unwrap();
            if let Some(a) = d.entry(ProgramId::Dibao, None).and_then(|e| e.paid()) {
                dibao_households += 1;
                dibao_amount += a;
            } else if d
                .entries()
                .iter()
                .any(|e| e.program() == ProgramId::Dibao && e.paid().is_some())
            {
                dibao_households += 1;
                dibao_amount += d
                    .entries()
                    .iter()
                    .filter(|e| e.program() == ProgramId::Dibao)
                    .filter_map(|e| e.paid())
                    .sum::<Money>();
            }
            covid_persons += d
                .entries()
                .iter()
                .filter(|e| e.program() == ProgramId::CovidRelief2020 && e.paid().is_some())
                .count() as u64;
        }
        let t = report.month(month, ProgramId::Dibao);
        assert_eq!(
            (t.households, t.amount),
            (dibao_households, dibao_amount),
            "{month}"
        );
        assert_eq!(
            report.month(month, ProgramId::CovidRelief2020).persons,
            covid_persons
        );
    }
}

#[test]
fn batch_finding_counts_agree_with_full_determinations() {
    // The batch keeps refusals only where findings need them; the counts must not change.
    let month = m("2020-03");
    let report = population::report(engine(), district().iter().map(Ok), month..=month);
    let mut counts = std::collections::BTreeMap::new();
    for h in district() {
        for f in engine().evaluate(h, month).unwrap().findings() {
            *counts.entry(f.kind()).or_insert(0u64) += 1;
        }
    }
    for &kind in doudi::FindingKind::ALL {
        assert_eq!(
            report.finding_count(kind),
            counts.get(&kind).copied().unwrap_or(0),
            "{}",
            kind.name()
        );
    }
    assert!(
        counts
            .get(&doudi::FindingKind::WrongCoverage)
            .copied()
            .unwrap_or(0)
            > 0
    );
}

#[test]
fn batch_findings_of_enrolments_in_person_programs_agree() {
    // Enrolments in programs other than dibao: the batch must keep their refusals.
    let roster = [
        r#"{"id": "h1", "area": "rural", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
          {"id": "b", "birth_date": "1945-01-01", "sex": "female", "relation": "parent",
           "disability": {"grade": 3, "kind": "physical"},
           "legal_supporter": "incapable", "self_care": {"level": "full_self_care"}}],
          "enrolments": [{"program": "tekun", "person": "b", "since": "2019-01", "monthly_amount": "685.00"},
                         {"program": "disability_living", "person": "b", "since": "2019-01", "monthly_amount": "50.00"},
                         {"program": "orphan", "person": "a", "since": "2019-01"},
                         {"program": "dibao", "person": "a", "since": "2019-01", "monthly_amount": "100.00"}]}"#,
        r#"{"id": "h2", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
           "incomes": [{"category": "wage", "monthly": "9000.00"}]}],
          "enrolments": [{"program": "poverty_backstop", "person": "a", "since": "2019-01"},
                         {"program": "disability_nursing", "person": "a", "since": "2019-01"}]}"#,
        // Two members enrolled in the same program: the program's bit must stay set.
        r#"{"id": "h3", "area": "urban", "members": [
          {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
           "incomes": [{"category": "wage", "monthly": "9000.00"}]},
          {"id": "b", "birth_date": "1981-01-01", "sex": "female", "relation": "spouse"}],
          "enrolments": [{"program": "tekun", "person": "a", "since": "2019-01", "monthly_amount": "685.00"},
                         {"program": "tekun", "person": "b", "since": "2019-01", "monthly_amount": "685.00"}]}"#,
    ];
    let households: Vec<Household> = roster
        .iter()
        .map(|j| Household::from_json(j).unwrap())
        .collect();
    let month = m("2020-03");
    let report = population::report(engine(), households.iter().map(Ok), month..=month);
    for &kind in doudi::FindingKind::ALL {
        let full: u64 = households
            .iter()
            .map(|h| {
                engine()
                    .evaluate(h, month)
                    .unwrap()
                    .findings()
                    .iter()
                    .filter(|f| f.kind() == kind)
                    .count() as u64
            })
            .sum();
        assert_eq!(report.finding_count(kind), full, "{}", kind.name());
    }
    // Wrong coverage: h1 — a enrolled alone in dibao while the household is covered, a
    // (40) in orphan, b in the living subsidy that tekun excludes; h2 — nursing without a
    // disability, the backstop without registration; h3 — tekun for a and for b (both of
    // working age).
    assert_eq!(report.finding_count(doudi::FindingKind::WrongCoverage), 7);
}

#[test]
fn breakdowns_add_up_to_the_totals() {
    let month = m("2020-03");
    let report = population::report(engine(), district().iter().map(Ok), month..=month);
    for &program in ProgramId::BUILT_IN {
        let total = report.month(month, program);
        let (u, r) = (
            report.month_in(month, program, Area::Urban),
            report.month_in(month, program, Area::Rural),
        );
        assert_eq!(total.amount, u.amount + r.amount);
        assert_eq!(total.households, u.households + r.households);
        // One month: the range's distinct counts are the month's counts.
        assert_eq!(report.range(program), total, "{program}");
    }
    let townships: Vec<Option<doudi::Township>> = district()
        .iter()
        .map(|h| h.township().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let by_township: Money = townships
        .iter()
        .map(|t| report.township(t.as_ref(), ProgramId::Dibao).amount)
        .sum();
    assert_eq!(by_township, report.month(month, ProgramId::Dibao).amount);
}

#[test]
fn distinct_counts_over_a_range_do_not_exceed_the_monthly_sums() {
    let report = population::report(
        engine(),
        district().iter().map(Ok),
        m("2020-01")..=m("2020-06"),
    );
    for &program in ProgramId::BUILT_IN {
        let range = report.range(program);
        let months = m("2020-01").through(m("2020-06"));
        let monthly: u64 = months.map(|x| report.month(x, program).households).sum();
        assert!(range.households <= monthly, "{program}");
        let amount: Money = m("2020-01")
            .through(m("2020-06"))
            .map(|x| report.month(x, program).amount)
            .sum();
        assert_eq!(range.amount, amount, "{program}");
    }
}

#[test]
fn nothing_is_lost_in_a_stream() {
    let lines = [
        r#"{"id": "h1", "area": "urban", "members": [{"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
        r#"{"id": "h2", "area": "urbn", "members": []}"#,
        r#"{"id": "h3", "area": "rural", "members": [{"id": "a", "birth_date": "2020-02-15", "sex": "male", "relation": "head"}]}"#,
    ];
    let read = || lines.iter().map(|l| Household::from_json(l));
    let items: Vec<_> = population::stream(engine(), read(), m("2020-01")..=m("2020-02")).collect();
    // h1: two months; h2: one read error; h3: born in 2020-02 — an error for 2020-01 and
    // a determination for 2020-02.
    assert_eq!(items.len(), 5);
    let errors: Vec<_> = items.iter().filter_map(|i| i.as_ref().err()).collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].position(), 1);
    assert_eq!(errors[0].month(), None);
    assert_eq!(errors[1].position(), 2);
    assert_eq!(errors[1].month(), Some(m("2020-01")));
    assert_eq!(
        errors[1].to_string(),
        "#2 h3 2020-01: members[0].birth_date: 2020-02-15 is after the evaluated month 2020-01"
    );

    let report = population::report(engine(), read(), m("2020-01")..=m("2020-02"));
    assert_eq!(report.counts(), (3, 2, 3));
    assert_eq!(report.errors().len(), 2);
    assert!(report.reconciles());
    assert!(
        report
            .to_string()
            .ends_with("error records 2 — counts reconcile")
    );
}

#[test]
fn reports_serialise_to_json_and_csv() {
    let month = m("2020-03");
    let report = population::report(engine(), district().iter().map(Ok), month..=month);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["months"][0], "2020-03");
    let csv = report.to_csv();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("month,program,program_zh,by,area,township,households,persons,amount")
    );
    let dibao_urban = csv
        .lines()
        .find(|l| l.starts_with("2020-03,dibao,最低生活保障,area,urban,,"))
        .unwrap();
    let t = report.month_in(month, ProgramId::Dibao, Area::Urban);
    assert_eq!(
        dibao_urban,
        format!(
            "2020-03,dibao,最低生活保障,area,urban,,{},{},{}",
            t.households, t.persons, t.amount
        )
    );
}

#[cfg(feature = "parallel")]
#[test]
fn a_parallel_report_equals_the_serial_one() {
    let months = m("2020-02")..=m("2020-03");
    let serial = population::report(engine(), district().iter().map(Ok), months.clone());
    for threads in [1, 2, 3] {
        let parallel = population::report_parallel(engine(), district(), months.clone(), threads);
        for &program in ProgramId::BUILT_IN {
            assert_eq!(parallel.range(program), serial.range(program), "{program}");
        }
        assert_eq!(parallel.counts(), serial.counts());
        assert_eq!(parallel.total_paid(), serial.total_paid());
    }
}

#[test]
fn merging_reports_equals_one_report() {
    let months = m("2020-03")..=m("2020-03");
    let (left, right) = district().split_at(district().len() / 3);
    let mut merged = population::report(engine(), left.iter().map(Ok), months.clone());
    merged.merge(population::report(
        engine(),
        right.iter().map(Ok),
        months.clone(),
    ));
    let whole = population::report(engine(), district().iter().map(Ok), months);
    for &program in ProgramId::BUILT_IN {
        assert_eq!(merged.range(program), whole.range(program), "{program}");
    }
    assert_eq!(merged.counts(), whole.counts());
}

#[test]
fn raising_the_standard_costs_more_and_covers_more() {
    // The dibao standard raised by 10% in 2020: urban 620.00 → 682.00, rural 450.00 → 495.00.
    let toml = MAOJIAN_TOML
        .replace(
            r#"{ from = 2020-01-01, value = "620.00""#,
            r#"{ from = 2020-01-01, value = "682.00""#,
        )
        .replace(
            r#"{ from = 2020-01-01, value = "450.00""#,
            r#"{ from = 2020-01-01, value = "495.00""#,
        );
    let reform = Engine::new(PolicyPack::from_toml(&toml).unwrap());
    let c = population::compare(engine(), &reform, district(), m("2020-07")..=m("2020-07"));
    let dibao = c.program(ProgramId::Dibao);
    assert!(dibao.reform > dibao.base);
    assert_eq!(dibao.households_lost, 0);
    assert!(dibao.households_gained > 0);
    // Every household is in one band, and some gain.
    assert_eq!(c.bands().iter().sum::<u64>(), district().len() as u64);
    let gaining: u64 = c.bands()[4..].iter().sum();
    assert!(gaining >= dibao.households_gained);
    assert_eq!(c.counts(), (district().len() as u64, 0));
}

#[test]
fn extending_nursing_to_grade_three_and_four_covers_more() {
    let toml = MAOJIAN_TOML.replace(
        "nursing_grade_3_4_intellectual_mental = [\n  { from = 2019-01-01, value = false",
        "nursing_grade_3_4_intellectual_mental = [\n  { from = 2019-01-01, value = true",
    );
    assert_ne!(toml, MAOJIAN_TOML);
    let reform = Engine::new(PolicyPack::from_toml(&toml).unwrap());
    let c = population::compare(engine(), &reform, district(), m("2020-07")..=m("2020-07"));
    let nursing = c.program(ProgramId::DisabilityNursing);
    assert_eq!(nursing.persons_lost, 0);
    // Each newly covered person gets 100.00 a month.
    assert_eq!(
        nursing.reform - nursing.base,
        Money::from_yuan(100).times(rust_decimal::Decimal::from(nursing.persons_gained))
    );
}

#[test]
fn many_townships_are_tallied_apart() {
    // 40 townships, past the handful a report compares in turn: the rest are found by
    // name in its map. Township k holds k + 1 single urban persons with no income, each
    // paid dibao (620.00 − 0) × 1 + 10% × 620.00 top-up for age 60+ = 682.00 in 2020-03.
    let mut households = Vec::new();
    for round in 0..40 {
        for k in round..40 {
            let json = format!(
                r#"{{"id": "h{k}-{round}", "area": "urban", "township": "t{k}", "members": [
                  {{"id": "p{k}-{round}", "birth_date": "1950-01-01", "sex": "female", "relation": "head"}}]}}"#
            );
            households.push(Household::from_json(&json).unwrap());
        }
    }
    let march = m("2020-03");
    let report = population::report(engine(), households.iter().map(Ok), march..=march);
    for k in 0..40_u64 {
        let t = doudi::Township::new(&format!("t{k}")).unwrap();
        let tally = report.township(Some(&t), ProgramId::Dibao);
        assert_eq!(tally.households, k + 1, "t{k}");
        let persons = i64::try_from(k + 1).unwrap();
        assert_eq!(
            tally.amount,
            Money::from_fen(68_200 * persons).unwrap(),
            "t{k}"
        );
    }
    let unknown = doudi::Township::new("t40").unwrap();
    assert_eq!(
        report.township(Some(&unknown), ProgramId::Dibao).households,
        0
    );
}

#[test]
fn csv_rows_cannot_collide_or_run_as_formulas() {
    // Three urban households without income, 2020-07 (dibao 620.00 each): one in a
    // township written like a formula, one in a township named "(none)", one in none.
    let head = |id: &str, township: Option<&str>| {
        let township = township.map_or(String::new(), |t| format!(r#""township": {t:?}, "#));
        Household::from_json(&format!(
            r#"{{"id": "{id}", "area": "urban", {township}"members": [
              {{"id": "p{id}", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}}]}}"#
        ))
        .unwrap()
    };
    let households = [
        head("h1", Some("=HYPERLINK(\"x\")")),
        head("h2", Some("(none)")),
        head("h3", None),
    ];
    let month = m("2020-07");
    let csv = population::report(engine(), households.iter().map(Ok), month..=month).to_csv();
    let dibao: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("2020-07,dibao,"))
        .collect();
    assert_eq!(
        dibao,
        [
            "2020-07,dibao,最低生活保障,area,urban,,3,3,1860.00",
            r#"2020-07,dibao,最低生活保障,township,,"'=HYPERLINK(""x"")",1,1,620.00"#,
            "2020-07,dibao,最低生活保障,township,,(none),1,1,620.00",
            "2020-07,dibao,最低生活保障,no_township,,,1,1,620.00",
        ]
    );
}

#[test]
fn a_reforms_cost_change_equals_the_difference_of_two_district_runs() {
    let reform = crate::common::example_engine("reform.toml");
    let months = m("2020-03")..=m("2020-05");
    let c = population::compare(engine(), &reform, district(), months.clone());
    let base_run = population::report(engine(), district().iter().map(Ok), months.clone());
    let reform_run = population::report(&reform, district().iter().map(Ok), months);
    for &program in ProgramId::BUILT_IN {
        let change = c.program(program);
        assert_eq!(change.base, base_run.range(program).amount, "{program}");
        assert_eq!(change.reform, reform_run.range(program).amount, "{program}");
    }
    // Every breakdown holds every household and all the money, once.
    let (base, reform_total) = c.totals();
    for by in [
        population::Breakdown::Area,
        population::Breakdown::Township,
        population::Breakdown::Size,
        population::Breakdown::Decile,
    ] {
        let groups: Vec<_> = c.groups(by).collect();
        assert_eq!(
            groups.iter().map(|g| g.households).sum::<u64>(),
            district().len() as u64,
            "{by:?}"
        );
        assert_eq!(groups.iter().map(|g| g.base).sum::<Money>(), base, "{by:?}");
        assert_eq!(
            groups.iter().map(|g| g.reform).sum::<Money>(),
            reform_total,
            "{by:?}"
        );
    }
    assert_eq!(c.groups(population::Breakdown::Decile).count(), 10);
    // The largest gains are in order, and each names the programs that changed.
    let gains = &c.largest_gains;
    assert!(!gains.is_empty());
    assert!(gains.windows(2).all(|w| w[0].change() >= w[1].change()));
    for g in gains {
        assert!(g.change() > Money::ZERO);
        let sum: Money = g.programs.iter().map(|p| p.reform - p.base).sum();
        assert_eq!(sum, g.change(), "{}", g.household);
        assert!(
            g.programs
                .iter()
                .all(|p| !p.reform_reasons.is_empty() || !p.base_reasons.is_empty())
        );
    }
    // The long CSV holds a row per number; the JSON labels its fields.
    let csv = c.to_csv();
    assert!(csv.starts_with("table,key,subkey,measure,value\n"));
    assert!(csv.contains(&format!(
        "programs,dibao,,base,{}\n",
        c.program(ProgramId::Dibao).base
    )));
    let json: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    assert_eq!(json["programs"][0]["program"], "dibao");
    assert_eq!(json["bands"][3]["band"], "unchanged");
}

#[test]
fn poverty_is_measured_after_transfers_against_the_base_standard() {
    // Urban 2020-04, standard 620.00. h1: no income and a non-exempt vehicle, so no dibao;
    // nothing else pays a 40-year-old: 0.00 after transfers, gap 620.00. h2: no income, no
    // vehicle: dibao 620.00 (and the price subsidy it brings) lifts it to the line or above. The reform raises the
    // standard to 682.00: h1 is still refused and still 620.00 below the base line.
    let one = |id: &str, vehicle: bool| {
        Household::from_json(&format!(
            r#"{{"id": "{id}", "area": "urban", "non_exempt_vehicle": {vehicle}, "members": [
            {{"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}}]}}"#
        ))
        .unwrap()
    };
    let households = [one("h1", true), one("h2", false)];
    let toml = MAOJIAN_TOML.replace(
        r#"{ from = 2020-01-01, value = "620.00""#,
        r#"{ from = 2020-01-01, value = "682.00""#,
    );
    let reform = Engine::new(PolicyPack::from_toml(&toml).unwrap());
    let c = population::compare(engine(), &reform, &households, m("2020-04")..=m("2020-04"));
    for p in [c.poverty_base, c.poverty_reform] {
        assert_eq!((p.household_months, p.person_months), (1, 1));
        assert_eq!(p.gap, Money::from_yuan(620));
    }
}

/// The comparison of the sample households under the default pack and the reform of
/// `examples/data/reform.toml`, 2020-03.
#[cfg(any(feature = "xlsx", feature = "charts"))]
fn sample_comparison() -> population::Comparison {
    let households = crate::common::sample_households();
    let reform = crate::common::example_engine("reform.toml");
    population::compare(engine(), &reform, &households, m("2020-03")..=m("2020-03"))
}

#[cfg(feature = "xlsx")]
#[test]
fn the_workbook_opens_with_a_sheet_per_table_and_yuan_in_its_cells() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let c = sample_comparison();
    let bytes = c.to_xlsx().unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "programs",
            "area",
            "township",
            "size",
            "decile",
            "poverty",
            "bands",
            "largest gains",
            "largest losses"
        ]
    );
    let programs = book.worksheet_range("programs").unwrap();
    assert_eq!(
        programs.get_value((0, 1)),
        Some(&Data::String("base".to_owned()))
    );
    assert_eq!(
        programs.get_value((1, 0)),
        Some(&Data::String("dibao".to_owned()))
    );
    let dibao = c.program(ProgramId::Dibao);
    let base: f64 = dibao.base.yuan().try_into().unwrap();
    assert_eq!(programs.get_value((1, 1)), Some(&Data::Float(base)));
    let townships = book.worksheet_range("township").unwrap();
    assert!(
        townships
            .rows()
            .any(|r| r.first() == Some(&Data::String("茅塔乡".to_owned())))
    );
}

#[cfg(feature = "charts")]
#[test]
fn the_charts_are_svg_with_a_bar_per_program_and_a_line_per_program() {
    let c = sample_comparison();
    for svg in [c.cost_chart_svg(), c.decile_chart_svg()] {
        assert!(svg.starts_with("<svg"), "{svg:.80}");
        assert!(svg.contains("<rect"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
    // Each program is named under its bars.
    assert!(c.cost_chart_svg().contains(">\ndibao\n</text>"));
    let report = population::report(
        engine(),
        district().iter().map(Ok),
        m("2020-01")..=m("2020-06"),
    );
    let svg = report.spending_chart_svg();
    assert!(
        svg.starts_with("<svg") && svg.contains("<polyline"),
        "{svg:.200}"
    );
    assert!(svg.contains(">\n2020-03\n</text>"));
}
