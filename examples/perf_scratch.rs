//! scratch
fn main() {
    let h = doudi::Household::from_json(r#"{"id": "h", "area": "rural", "members": [
  {"id": "g", "birth_date": "1950-01-01", "sex": "female", "relation": "head", "legal_supporter": "capable"},
  {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "child", "incomes": [{"category": "wage", "monthly": "900.00"}]},
  {"id": "c", "birth_date": "2012-01-01", "sex": "male", "relation": "grandchild",
   "legal_supporter": "capable", "disability": {"grade": 3, "kind": "physical"},
   "parents": {"father": "imprisoned", "mother": "imprisoned"}}]}"#).unwrap();
    let e = doudi::Engine::new(doudi::PolicyPack::maojian());
    let m = "2020-03".parse().unwrap();
    let n = 1_000_000;
    let t = std::time::Instant::now();
    let mut total = doudi::Money::ZERO;
    for _ in 0..n {
        let d = e.evaluate(&h, m).unwrap();
        total += d.total_monthly();
    }
    let el = t.elapsed();
    println!("{:?} per household, total {}", el / n, total);
}
