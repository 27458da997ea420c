//! Verification results, the monitoring categories and warnings, and periodic reviews, as
//! an embedding service meets them: JSON in and out, the trace, the review schedule, the
//! tables. Expected values are worked by hand in the comments (urban 2020: standard 620.00,
//! wages counted at 80%, the edge 930.00).

use doudi::{
    Department, Engine, FactRead, Finding, Household, PolicyPack, ProgramId, ReviewClass,
    Verification, VerifiedFact, VerifiedValue,
};

fn engine() -> Engine {
    Engine::new(PolicyPack::maojian())
}

/// A wage of 1,000.00 declared, 500.00 reported by the tax authority as of 2020-02-15;
/// enrolled in dibao since 2019-09 at 200.00, last reviewed 2019-12.
const VERIFIED: &str = r#"{"id": "h", "area": "urban", "members": [
  {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
   "incomes": [{"category": "wage", "monthly": "1000.00"}]}],
  "enrolments": [{"program": "dibao", "since": "2019-09", "monthly_amount": "200.00",
                  "last_review": "2019-12"}],
  "verifications": [{"fact": "income", "person": "a", "category": "wage", "monthly": "500.00",
                     "department": "tax", "as_of": "2020-02-15"}]}"#;

#[test]
fn verification_results_read_back_from_json_unchanged() {
    let h = Household::from_json(VERIFIED).unwrap();
    assert_eq!(Household::from_json(&h.to_json()).unwrap(), h);
    let v = &h.verifications()[0];
    assert_eq!(v.fact(), VerifiedFact::Income);
    assert_eq!(v.department(), Department::Tax);
    assert_eq!(v.value(), VerifiedValue::Amount("500.00".parse().unwrap()));
    assert_eq!(h.enrolments()[0].last_review().to_string(), "2019-12");
    // Built in Rust, the same household.
    let built = Verification::income(
        "a".parse().unwrap(),
        doudi::IncomeCategory::Wage,
        "500.00".parse().unwrap(),
        Department::Tax,
        doudi::NaiveDate::from_ymd_opt(2020, 2, 15).unwrap(),
    );
    assert_eq!(&built, v);
}

#[test]
fn the_trace_says_which_value_was_read_and_why() {
    let h = Household::from_json(VERIFIED).unwrap();
    let (d, trace) = engine()
        .evaluate_traced(&h, "2020-03".parse().unwrap())
        .unwrap();
    // The verified 500.00 counts 400.00: (620.00 − 400.00) × 1 = 220.00.
    let dibao = d.entry(ProgramId::Dibao, None).unwrap();
    assert_eq!(dibao.paid(), Some("220.00".parse().unwrap()));
    assert_eq!(trace.sources.len(), 1);
    assert_eq!(trace.sources[0].read, FactRead::Verified);
    let text = trace.to_string();
    assert!(
        text.contains(
            "├─ verified: income (wage) of a: read 500.00 verified by tax as of 2020-02-15 (500.00); declared 1000.00"
        ),
        "{text}"
    );
    assert!(text.contains("counted income of the unit 400.00"), "{text}");
    let json = serde_json::to_value(&trace).unwrap();
    assert_eq!(json["sources"][0]["read"], "verified");
    assert_eq!(json["sources"][0]["department"], "tax");
    // Seven months later the result is stale: the declared 1,000.00 counts 800.00 ≥ 620.00.
    let (d, trace) = engine()
        .evaluate_traced(&h, "2020-09".parse().unwrap())
        .unwrap();
    assert_eq!(
        trace.sources[0].read,
        FactRead::Stale {
            months: 7,
            limit: 6
        }
    );
    assert!(d.entry(ProgramId::Dibao, None).unwrap().paid().is_none());
    assert!(
        d.findings()
            .iter()
            .any(|f| matches!(f, Finding::VerificationStale { .. }))
    );
}

#[test]
fn findings_of_verification_monitoring_and_review_arrive_together() {
    let h = Household::from_json(VERIFIED).unwrap();
    let d = engine().evaluate(&h, "2020-03".parse().unwrap()).unwrap();
    let kinds: Vec<&str> = d.findings().iter().map(|f| f.kind().name()).collect();
    // Enrolled at 200.00, computed 220.00: paid less, on dibao, so a warning. Declared
    // 1,000.00 against the verified 500.00. Reviewed 2019-12, a member who can work: every
    // 6 months, due 2020-06, not overdue in 2020-03.
    assert_eq!(kinds, ["amount_mismatch", "declared_differs"]);
    assert!(d.findings()[0].is_warning());
    assert!(!d.findings()[1].is_warning());
    let json = d.to_json();
    let back: doudi::wire::Determination = doudi::from_json(&json).unwrap();
    let read: Vec<Finding> = back.findings.into_iter().map(|f| f.finding).collect();
    assert_eq!(read, d.findings());
}

#[test]
fn the_review_schedule_names_class_and_due_month() {
    let h = Household::from_json(VERIFIED).unwrap();
    let reviews = engine().reviews(&h, "2020-03".parse().unwrap()).unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].program, ProgramId::Dibao);
    assert_eq!(reviews[0].review.class, ReviewClass::Unstable);
    assert_eq!(reviews[0].review.due.to_string(), "2020-06");
    // Not yet enrolled before 2019-09: no review.
    assert!(
        engine()
            .reviews(&h, "2019-08".parse().unwrap())
            .unwrap()
            .is_empty()
    );
    // Overdue in 2020-07, a month after the due month.
    let d = engine().evaluate(&h, "2020-07".parse().unwrap()).unwrap();
    assert!(d.findings().iter().any(|f| matches!(
        f,
        Finding::ReviewOverdue { review, .. } if review.due.to_string() == "2020-06"
    )));
}

#[cfg(feature = "xlsx")]
#[test]
fn the_monitoring_workbook_has_its_three_sheets() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let m = doudi::population::monitoring(&engine(), four(), "2020-03".parse().unwrap());
    let bytes = m.to_xlsx().unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["categories", "warnings", "reviews"]);
    // The district's low-income-edge households: h1 alone, one person (third row; h2 is
    // eligible for dibao, so missed coverage, not an edge household).
    let categories = book.worksheet_range("categories").unwrap();
    assert_eq!(
        categories.get_value((3, 1)),
        Some(&Data::String("low_income_edge".to_owned()))
    );
    assert_eq!(categories.get_value((3, 3)), Some(&Data::Float(1.0)));
    assert_eq!(categories.get_value((3, 4)), Some(&Data::Float(1.0)));
    // h3's review, due 2020-03, the district's first review row.
    let reviews = book.worksheet_range("reviews").unwrap();
    assert_eq!(
        reviews.get_value((1, 1)),
        Some(&Data::String("2020-03".to_owned()))
    );
    assert_eq!(reviews.get_value((1, 2)), Some(&Data::Float(1.0)));
}

#[cfg(feature = "arrow")]
mod tables {
    use doudi::tables::{Table, Tables};
    use doudi::{Error, Household};

    #[test]
    fn verifications_travel_through_the_tables_unchanged() {
        let h = Household::from_json(super::VERIFIED).unwrap();
        let t = Tables::from_households([&h]);
        assert_eq!(t.rows(Table::Verifications), 1);
        let back: Vec<Household> = t.households().unwrap().map(Result::unwrap).collect();
        assert_eq!(back, [h]);
    }

    /// A batch of one row, every column text.
    fn text(columns: &[(&str, &str)]) -> doudi::tables::arrow_array::RecordBatch {
        let columns: Vec<(&str, Vec<Option<&str>>)> = columns
            .iter()
            .map(|(name, v)| (*name, vec![Some(*v)]))
            .collect();
        crate::tables::text_batch(&columns)
    }

    #[test]
    fn a_verification_row_with_a_cell_of_another_fact_is_an_error_row() {
        let mut t = Tables::new();
        t.push(
            Table::Households,
            text(&[("household_id", "h"), ("area", "urban")]),
        )
        .unwrap();
        t.push(
            Table::Persons,
            text(&[
                ("household_id", "h"),
                ("person_id", "a"),
                ("birth_date", "1980-01-01"),
                ("sex", "male"),
                ("relation", "head"),
            ]),
        )
        .unwrap();
        // A vehicle reported with an amount: the row means two things.
        t.push(
            Table::Verifications,
            text(&[
                ("household_id", "h"),
                ("fact", "non_exempt_vehicle"),
                ("amount", "1.00"),
                ("value", "true"),
                ("department", "vehicle"),
                ("as_of", "2020-01-31"),
            ]),
        )
        .unwrap();
        let read: Vec<_> = t.households().unwrap().collect();
        assert_eq!(read.len(), 1);
        let Err(Error::Table(e)) = &read[0] else {
            panic!("{:?}", read[0]);
        };
        assert_eq!(
            (e.table, e.row, e.column.as_deref()),
            ("verifications", Some(1), Some("amount"))
        );
        assert_eq!(
            read[0].as_ref().unwrap_err().to_string(),
            "verifications row 1, column amount: a verification of non_exempt_vehicle has no such value; leave the field out"
        );
    }
}

/// Four households of 2020-03, their categories and warnings worked by hand.
fn four() -> Vec<Household> {
    [
        // Edge (700.00 < 930.00); a monitored household's expense of 15,000.00: a warning.
        r#"{"id": "h1", "area": "urban", "township": "A", "members": [
          {"id": "a1", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
           "incomes": [{"category": "transfer", "monthly": "700.00"}]}],
          "events": [{"month": "2020-03", "kind": "expenditure", "shortfall": "15000.00"}]}"#,
        // No income, not enrolled: eligible for dibao, so not an edge household (missed
        // coverage); on the return-to-poverty list, so monitored: missed aid.
        r#"{"id": "h2", "area": "urban", "township": "A", "return_to_poverty_monitored": true, "members": [
          {"id": "a2", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
          {"id": "b2", "birth_date": "1982-01-01", "sex": "female", "relation": "spouse"}]}"#,
        // On dibao at 100.00; computed (450.00 − 0) × 2 = 900.00: insufficient aid. Two
        // members who can work: reviewed every 6 months from 2019-09, due 2020-03.
        r#"{"id": "h3", "area": "rural", "township": "B", "members": [
          {"id": "a3", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
          {"id": "b3", "birth_date": "1982-01-01", "sex": "female", "relation": "spouse"}],
          "enrolments": [{"program": "dibao", "since": "2019-09", "monthly_amount": "100.00"}]}"#,
        // On the return-to-poverty list; wage 5,000.00 (4,000.00 counted): no other category.
        r#"{"id": "h4", "area": "rural", "township": "B", "return_to_poverty_monitored": true,
          "members": [{"id": "a4", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
           "incomes": [{"category": "wage", "monthly": "5000.00"}]}]}"#,
    ]
    .iter()
    .map(|j| Household::from_json(j).unwrap())
    .collect()
}

#[test]
fn the_monitoring_report_counts_categories_warnings_and_reviews() {
    use doudi::population::{self, Category, Count, Warning};
    let households = four();
    let m = population::monitoring(&engine(), &households, "2020-03".parse().unwrap());
    assert!(m.reconciles());
    assert_eq!(m.counts(), (4, 4, 0));
    let d = m.district();
    let count = |households, persons| (households, persons);
    let of = |c: Count| count(c.households, c.persons);
    assert_eq!((d.households, d.persons), (4, 6));
    assert_eq!(of(d.category(Category::Dibao)), (1, 2));
    assert_eq!(of(d.category(Category::Tekun)), (0, 0));
    assert_eq!(of(d.category(Category::LowIncomeEdge)), (1, 1));
    assert_eq!(of(d.category(Category::RigidExpenditure)), (0, 0));
    assert_eq!(of(d.category(Category::ReturnToPoverty)), (2, 3));
    assert_eq!(of(d.warning(Warning::LargeExpense)), (1, 1));
    assert_eq!(of(d.warning(Warning::MissedAid)), (1, 2));
    assert_eq!(of(d.warning(Warning::InsufficientAid)), (1, 2));
    assert_eq!(d.reviews_due[0], 1);
    assert_eq!(d.reviews_due.iter().sum::<u64>(), 1);
    assert_eq!(d.reviews_overdue, 0);
    // By township: A holds h1 and h2, B holds h3 and h4.
    let towns: Vec<(String, u64, u64)> = m
        .townships()
        .map(|(t, c)| {
            (
                t.map(|t| t.as_str().to_owned()).unwrap_or_default(),
                c.households,
                c.category(Category::LowIncomeEdge).households,
            )
        })
        .collect();
    assert_eq!(towns, [("A".to_owned(), 2, 1), ("B".to_owned(), 2, 0)]);

    let csv = m.to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "month,by,township,measure,key,key_zh,households,persons"
    );
    assert!(lines.contains(&"2020-03,district,,category,low_income_edge,低保边缘家庭,1,1"));
    assert!(lines.contains(&"2020-03,township,B,warning,insufficient_aid,救不够,1,2"));
    assert!(lines.contains(&"2020-03,district,,review_due,2020-03,定期核查,1,0"));
    // The district and two townships, each 5 categories, 3 warnings, 12 months and overdue.
    assert_eq!(lines.len(), 1 + 3 * (5 + 3 + 12 + 1));

    let json: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(json["district"]["categories"][2]["households"], 1);
    assert_eq!(json["district"]["categories"][4]["households"], 2);
    assert_eq!(json["townships"][1]["township"], "B");
    assert_eq!(json["categories"][4], "return_to_poverty");

    let text = m.to_string();
    assert!(
        text.starts_with("monitoring 2020-03: 4 households, 6 persons\n"),
        "{text}"
    );
}
