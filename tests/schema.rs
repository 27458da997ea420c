//! The JSON Schemas must not change by accident: they are compared with the committed
//! snapshots. After an intended change, run with `DOUDI_UPDATE_SNAPSHOTS=1` and commit.

use std::path::Path;

fn check_snapshot(name: &str, schema: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    let text = format!("{}\n", serde_json::to_string_pretty(schema).unwrap());
    if std::env::var_os("DOUDI_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with DOUDI_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert!(
        committed == text,
        "the schema {name} changed; if intended, run with DOUDI_UPDATE_SNAPSHOTS=1, review the diff and note it in CHANGELOG.md"
    );
}

#[test]
fn household_schema_is_unchanged() {
    check_snapshot("household.schema.json", &doudi::household_schema());
}

#[test]
fn determination_schemas_are_unchanged() {
    check_snapshot("determination.schema.json", &doudi::determination_schema());
    check_snapshot("compact.schema.json", &doudi::compact_schema());
}

#[test]
fn pack_schema_is_unchanged() {
    check_snapshot("pack.schema.json", &doudi::pack_schema());
}

#[test]
fn the_household_schema_describes_the_wire_form() {
    let schema = doudi::household_schema();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "id",
        "area",
        "members",
        "enrolments",
        "events",
        "screenings",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(schema["additionalProperties"], false);
    let person = &schema["$defs"]["Person"];
    assert_eq!(person["additionalProperties"], false);
    assert!(
        person["properties"]
            .as_object()
            .unwrap()
            .contains_key("legal_supporter")
    );
}

#[test]
fn the_pack_schema_names_every_parameter() {
    let schema = doudi::pack_schema();
    for param in doudi::Param::all() {
        let mut node = &schema;
        for part in param.name().split('.') {
            node = &node["properties"][part];
        }
        assert_eq!(node["type"], "array", "{param}");
    }
}
