//! Every validation rule of the household input, with its exact message.

use chrono::NaiveDate;
use doudi::{
    Area, Disability, DisabilityKind, Enrolment, Household, Income, IncomeCategory, Money, Person,
    ProgramId, Relation, Sex,
};

use crate::common::{error_of, head_with};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_minimal_household_is_valid() {
    let h = Household::from_json(&head_with("")).unwrap();
    assert_eq!(h.members().len(), 1);
    assert_eq!(h.area(), Area::Urban);
    assert!(!h.is_registered_poor());
    assert_eq!(h.financial_assets(), Money::ZERO);
}

#[test]
fn duplicate_person_ids_are_refused() {
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"},
        {"id":"p2","birth_date":"1991-01-01","sex":"female","relation":"spouse"},
        {"id":"p1","birth_date":"2015-01-01","sex":"female","relation":"child"}]}"#;
    assert_eq!(
        error_of(json),
        r#"members[2].id: person id "p1" is already used by members[0]"#
    );
}

#[test]
fn a_household_needs_exactly_one_head() {
    let none = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"spouse"}]}"#;
    assert_eq!(
        error_of(none),
        "members: a household needs exactly one head, found 0"
    );
    let two = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"},
        {"id":"p2","birth_date":"1990-01-01","sex":"female","relation":"head"}]}"#;
    assert_eq!(
        error_of(two),
        "members: a household needs exactly one head, found 2"
    );
    let empty = r#"{"id":"h1","area":"urban","members":[]}"#;
    assert_eq!(
        error_of(empty),
        "members: a household needs at least one member"
    );
}

#[test]
fn disability_grade_outside_one_to_four_is_refused() {
    for grade in ["0", "5", "-1", "300"] {
        let json = head_with(&format!(
            r#","disability":{{"grade":{grade},"kind":"physical"}}"#
        ));
        assert_eq!(
            error_of(&json),
            format!("members[0].disability.grade: grade {grade} is outside 1–4")
        );
    }
    let err = Disability::new(5, DisabilityKind::Mental).unwrap_err();
    assert_eq!(err.to_string(), "grade: grade 5 is outside 1–4");
}

#[test]
fn negative_money_is_refused() {
    let json = head_with(r#","incomes":[{"category":"wage","monthly":"-5.00"}]"#);
    assert_eq!(
        error_of(&json),
        "members[0].incomes[0].monthly: amount -5.00 is negative"
    );
    let assets = r#"{"id":"h1","area":"urban","financial_assets":"-0.01","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}]}"#;
    assert_eq!(
        error_of(assets),
        "financial_assets: amount -0.01 is negative"
    );
}

#[test]
fn money_finer_than_a_fen_or_too_large_or_a_float_is_refused() {
    let fine = head_with(r#","rigid_spending":"10.001""#);
    assert_eq!(
        error_of(&fine),
        "members[0].rigid_spending: amount 10.001 has more than 2 decimal places"
    );
    let large = head_with(r#","rigid_spending":"1000000000000.01""#);
    assert_eq!(
        error_of(&large),
        "members[0].rigid_spending: amount 1000000000000.01 exceeds the limit 1000000000000"
    );
    let float = head_with(r#","rigid_spending":12.5"#);
    assert_eq!(
        error_of(&float),
        r#"members[0].rigid_spending: 12.5 is a JSON number; write amounts as strings such as "620.00""#
    );
    let huge = head_with(r#","rigid_spending":1e400"#);
    assert_eq!(
        error_of(&huge),
        r#"members[0].rigid_spending: number out of range (amounts are written as strings such as "620.00")"#
    );
    let text = head_with(r#","rigid_spending":"12,50""#);
    assert_eq!(
        error_of(&text),
        r#"members[0].rigid_spending: "12,50" is not an amount of money (e.g. "620.00")"#
    );
}

#[test]
fn malformed_months_and_dates_are_refused() {
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}],
        "enrolments":[{"program":"dibao","since":"2020-13"}]}"#;
    assert_eq!(
        error_of(json),
        r#"enrolments[0].since: "2020-13" is not a month (YYYY-MM)"#
    );
    let json = head_with("").replace("1990-01-01", "2020-02-30");
    assert_eq!(
        error_of(&json),
        r#"members[0].birth_date: "2020-02-30" is not a date (YYYY-MM-DD)"#
    );
    let json = head_with("").replace("1990-01-01", "1890-01-01");
    assert_eq!(
        error_of(&json),
        "members[0].birth_date: year 1890 is outside 1900..=2199"
    );
}

#[test]
fn a_birth_date_after_the_evaluated_month_is_refused() {
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"},
        {"id":"p2","birth_date":"1991-01-01","sex":"female","relation":"spouse"},
        {"id":"p3","birth_date":"2031-01-01","sex":"female","relation":"child"}]}"#;
    let h = Household::from_json(json).unwrap();
    let err = h.check_on("2020-03".parse().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "members[2].birth_date: 2031-01-01 is after the evaluated month 2020-03"
    );
    // Born within the evaluated month is fine: the person exists in that month.
    let born_in_march = json.replace("2031-01-01", "2020-03-31");
    let h = Household::from_json(&born_in_march).unwrap();
    assert!(h.check_on("2020-03".parse().unwrap()).is_ok());
    assert!(h.check_on("2020-02".parse().unwrap()).is_err());
}

#[test]
fn resident_id_numbers_are_checked() {
    // Check character of 42030219900101001: the weighted sum is 150, 150 mod 11 = 7 → '5'.
    let ok = head_with(r#","id_number":"420302199001010015""#);
    assert!(Household::from_json(&ok).is_ok());

    let wrong_check = head_with(r#","id_number":"420302199001010019""#);
    assert_eq!(
        error_of(&wrong_check),
        "members[0].id_number: check digit is 9, expected 5"
    );
    let short = head_with(r#","id_number":"42030219900101001""#);
    assert_eq!(
        error_of(&short),
        "members[0].id_number: has 17 characters, expected 18"
    );
    let letter = head_with(r#","id_number":"42030219900101A015""#);
    assert_eq!(
        error_of(&letter),
        "members[0].id_number: character 'A' at position 15 is not allowed"
    );
    // Same number, but the person was born a day later than the number says.
    let mismatch =
        head_with(r#","id_number":"420302199001010015""#).replace("1990-01-01", "1990-01-02");
    assert_eq!(
        error_of(&mismatch),
        "members[0].id_number: embedded birth date 1990-01-01 differs from birth_date 1990-01-02"
    );
}

#[test]
fn the_id_number_is_masked_in_debug_and_display() {
    let h = Household::from_json(&head_with(r#","id_number":"420302199001010015""#)).unwrap();
    let debug = format!("{h:?}");
    assert!(debug.contains("420302********0015"), "{debug}");
    assert!(!debug.contains("420302199001010015"));
    // The wire form keeps the whole number, so that a round trip loses nothing.
    assert!(h.to_json().contains("420302199001010015"));
}

#[test]
fn unknown_enum_values_are_refused() {
    let json = head_with("").replace(r#""sex":"male""#, r#""sex":"unknown""#);
    assert_eq!(
        error_of(&json),
        r#"members[0].sex: "unknown" is not one of male, female"#
    );
    let json = head_with(r#","incomes":[{"category":"salary","monthly":"1.00"}]"#);
    assert_eq!(
        error_of(&json),
        r#"members[0].incomes[0].category: "salary" is not one of wage, business, property, transfer, pension_basic, award, special_care, family_planning_reward, social_assistance, medical_insurance_payout"#
    );
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}],
        "enrolments":[{"program":"gaoling","since":"2020-01"}]}"#;
    assert_eq!(
        error_of(json),
        r#"enrolments[0].program: unknown program "gaoling""#
    );
}

#[test]
fn unknown_fields_are_refused() {
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}],"income":"5"}"#;
    assert_eq!(
        error_of(json),
        "income: unknown field `income`, expected one of `id`, `area`, `township`, `registered_poor`, `financial_assets`, `non_exempt_vehicle`, `unsafe_housing`, `no_safe_drinking_water`, `return_to_poverty_monitored`, `rigid_spending_12_months`, `counted_income_12_months`, `members`, `enrolments`, `events`, `screenings`, `verifications`"
    );
    let json = head_with(r#","disability":{"grade":1,"kind":"mental","since":"2010"}"#);
    assert_eq!(
        error_of(&json),
        "members[0].disability.since: unknown field `since`, expected `grade` or `kind`"
    );
}

#[test]
fn duplicate_keys_and_repeated_flags_are_refused() {
    let json = head_with(r#","birth_date":"1990-01-01""#);
    assert_eq!(error_of(&json), "members[0].birth_date: given twice");
    let json = head_with(r#","status":["imprisoned","imprisoned"]"#);
    assert_eq!(
        error_of(&json),
        r#"members[0].status: "imprisoned" is listed twice"#
    );
}

#[test]
fn absurd_sizes_are_refused() {
    let mut members =
        vec![r#"{"id":"p0","birth_date":"1990-01-01","sex":"male","relation":"head"}"#.to_owned()];
    for i in 1..65 {
        members.push(format!(
            r#"{{"id":"p{i}","birth_date":"1990-01-01","sex":"male","relation":"other"}}"#
        ));
    }
    let json = format!(
        r#"{{"id":"h1","area":"urban","members":[{}]}}"#,
        members.join(",")
    );
    assert_eq!(
        error_of(&json),
        "members: 65 entries exceed the limit of 64"
    );

    let long_id = "x".repeat(65);
    let json = head_with("").replace(r#""id":"p1""#, &format!(r#""id":"{long_id}""#));
    let err = error_of(&json);
    assert!(
        err.starts_with("members[0].id: \"xxxx")
            && err.ends_with("is not an identifier (1 to 64 visible characters: no control, bidirectional or zero-width characters, no white space at either end)"),
        "{err}"
    );

    let huge = format!(r#"{{"id":"{}"}}"#, "y".repeat(doudi::MAX_JSON_BYTES));
    assert_eq!(
        error_of(&huge),
        // `{"id":"` and `"}` add 9 bytes to the id.
        format!(
            "{} bytes exceed the limit of 1048576 bytes",
            doudi::MAX_JSON_BYTES + 9
        )
    );
}

#[test]
fn malformed_json_names_the_position() {
    assert_eq!(
        error_of(r#"{"id":"h1","area":"urban""#),
        "line 1 column 25: EOF while parsing an object"
    );
    let valid = head_with("");
    // The stray `x` stands two columns after the valid document's last character.
    assert_eq!(
        error_of(&format!("{valid} x")),
        format!("line 1 column {}: trailing characters", valid.len() + 2)
    );
}

#[test]
fn enrolments_must_hang_together() {
    let with = |enrolment: &str| {
        format!(
            r#"{{"id":"h1","area":"urban","members":[
            {{"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}}],
            "enrolments":[{enrolment}]}}"#
        )
    };
    assert_eq!(
        error_of(&with(
            r#"{"program":"tekun","person":"p9","since":"2020-01"}"#
        )),
        r#"enrolments[0].person: person "p9" is not a member of the household"#
    );
    assert_eq!(
        error_of(&with(r#"{"program":"tekun","since":"2020-01"}"#)),
        "enrolments[0].person: tekun is paid to a person; name the member"
    );
    assert_eq!(
        error_of(&with(
            r#"{"program":"guarantee_gap","person":"p1","since":"2020-01"}"#
        )),
        "enrolments[0].person: guarantee_gap is a household program; it names no person"
    );
    assert_eq!(
        error_of(&with(
            r#"{"program":"covid_relief_2020","person":"p1","since":"2020-01"}"#
        )),
        "enrolments[0].program: covid_relief_2020 is paid once, not by enrolment; record it as an event"
    );
    assert_eq!(
        error_of(&with(
            r#"{"program":"tekun","person":"p1","since":"2020-01","income_rose_in":"2020-05"}"#
        )),
        "enrolments[0].income_rose_in: only a dibao enrolment has income_rose_in, not tekun"
    );
    assert_eq!(
        error_of(&with(
            r#"{"program":"dibao","since":"2020-06","income_rose_in":"2020-05"}"#
        )),
        "enrolments[0].income_rose_in: income rose in 2020-05, before the enrolment began in 2020-06"
    );
    assert_eq!(
        error_of(&with(
            r#"{"program":"dibao","since":"2020-01"},{"program":"dibao","since":"2020-03"}"#
        )),
        "enrolments[1]: a second enrolment in dibao for the same beneficiary (first at enrolments[0])"
    );
    assert_eq!(
        error_of(&with(
            r#"{"program":"dibao","since":"2020-01","monthly_amount":"-1"}"#
        )),
        "enrolments[0].monthly_amount: amount -1 is negative"
    );
    // A local program of an embedding service is a valid enrolment.
    assert!(Household::from_json(&with(
        r#"{"program":"local:gaoling_jintie","person":"p1","since":"2020-01","monthly_amount":"100.00"}"#
    ))
    .is_ok());
}

#[test]
fn events_and_screenings_are_checked() {
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}],
        "events":[{"month":"2020-02","kind":"emergency","shortfall":"0"}]}"#;
    assert_eq!(
        error_of(json),
        "events[0].shortfall: the shortfall must be more than 0"
    );
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}],
        "screenings":[{"person":"p2","month":"2020-02"}]}"#;
    assert_eq!(
        error_of(json),
        r#"screenings[0].person: person "p2" is not a member of the household"#
    );
    let json = r#"{"id":"h1","area":"urban","members":[
        {"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"}],
        "screenings":[{"person":"p1","month":"2020-02"},{"person":"p1","month":"2020-02"}]}"#;
    assert_eq!(
        error_of(json),
        "screenings[1]: screening of p1 in 2020-02 is listed twice"
    );
}

#[test]
fn the_builder_runs_the_same_checks() {
    let head = || {
        Person::builder(
            "p1".parse().unwrap(),
            date(1990, 1, 1),
            Sex::Male,
            Relation::Head,
        )
    };
    let err = Household::builder("h1".parse().unwrap(), Area::Urban)
        .member(head())
        .member(Person::builder(
            "p1".parse().unwrap(),
            date(2015, 1, 1),
            Sex::Female,
            Relation::Child,
        ))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"members[1].id: person id "p1" is already used by members[0]"#
    );

    let err = Household::builder("h1".parse().unwrap(), Area::Urban)
        .member(head().income(Income::new(IncomeCategory::Wage, "-1.00".parse().unwrap())))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "members[0].incomes[0].monthly: amount -1.00 is negative"
    );

    let err = Household::builder("h1".parse().unwrap(), Area::Urban)
        .member(head().id_number("420302199001010015".parse().unwrap()))
        .member(Person::builder(
            "p2".parse().unwrap(),
            date(1990, 1, 1),
            Sex::Female,
            Relation::Spouse,
        ))
        .enrolment(Enrolment::household(
            ProgramId::Tekun,
            "2020-01".parse().unwrap(),
        ))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "enrolments[0].person: tekun is paid to a person; name the member"
    );

    let err = head()
        .id_number("420302199001010015".parse().unwrap())
        .serious_illness(true)
        .build();
    assert!(err.is_ok());
    let err = Person::builder(
        "p1".parse().unwrap(),
        date(1990, 1, 2),
        Sex::Male,
        Relation::Head,
    )
    .id_number("420302199001010015".parse().unwrap())
    .build()
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "id_number: embedded birth date 1990-01-01 differs from birth_date 1990-01-02"
    );
}

#[test]
fn a_person_read_alone_is_checked_too() {
    let json = r#"{"id":"p1","birth_date":"1990-01-02","sex":"male","relation":"head","id_number":"420302199001010015"}"#;
    let err = serde_json::from_str::<Person>(json)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "id_number: embedded birth date 1990-01-01 differs from birth_date 1990-01-02"
        ),
        "{err}"
    );
}

#[test]
fn self_care_levels_follow_the_count_of_activities() {
    use doudi::{CareLevel, SelfCare};
    let level = |acts: &str| {
        let json = head_with(&format!(r#","self_care":{{"unable_to":[{acts}]}}"#));
        Household::from_json(&json).unwrap().members()[0]
            .self_care()
            .unwrap()
            .level()
    };
    // 43号 第22条: none → full self-care; 1–3 → partly; 4 or more → fully dependent.
    assert_eq!(level(""), CareLevel::FullSelfCare);
    assert_eq!(level(r#""eating""#), CareLevel::PartlyDependent);
    assert_eq!(
        level(r#""eating","dressing","bathing""#),
        CareLevel::PartlyDependent
    );
    assert_eq!(
        level(r#""eating","dressing","bathing","toileting""#),
        CareLevel::FullyDependent
    );
    let json = head_with(r#","self_care":{"level":"fully_dependent"}"#);
    assert_eq!(
        Household::from_json(&json).unwrap().members()[0].self_care(),
        Some(SelfCare::Level(CareLevel::FullyDependent))
    );
}
