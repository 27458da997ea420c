//! Evaluation inside a real DataFusion session (feature `datafusion`).

use std::sync::Arc;

use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use doudi::population::DistrictConfig;
use doudi::tables::arrow_array::{RecordBatch, cast::AsArray};
use doudi::tables::{self, Format, Options, Table, Tables};
use doudi::{Engine, Household, Month, PolicyPack};

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("doudi-df-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A session with `partitions` target partitions and the tables of `dir` registered.
async fn session(dir: &std::path::Path, partitions: usize) -> SessionContext {
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    for table in Table::INPUTS {
        let path = dir.join(format!("{}.parquet", table.name()));
        ctx.register_parquet(
            table.name(),
            path.to_str().unwrap(),
            ParquetReadOptions::default(),
        )
        .await
        .unwrap();
    }
    tables::datafusion::register(
        &ctx,
        Arc::new(Engine::new(PolicyPack::maojian())),
        Options::default(),
    );
    ctx
}

async fn query(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    ctx.sql(sql).await.unwrap().collect().await.unwrap()
}

fn district() -> Vec<Household> {
    DistrictConfig::default().persons(12_000).seed(5).generate()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sql_over_parquet_gives_the_results_of_memory() {
    let households = district();
    let input = Tables::from_households(&households);
    let dir = tempdir("parquet");
    tables::write_dir(&input, &dir, Format::Parquet).unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let months = month("2020-02")..=month("2020-03");
    let expected = tables::evaluate(&engine, &input, months.clone(), &Options::default()).unwrap();
    let mut expected_rows = tables::read_results(&expected.results).unwrap();
    let key = |r: &tables::ResultRow| {
        (
            r.household.to_string(),
            r.month,
            r.program.to_string(),
            r.person.clone().map(|p| p.to_string()),
        )
    };
    expected_rows.sort_by_key(key);

    for partitions in [1, 2, 3] {
        let ctx = session(&dir, partitions).await;
        let batches = query(&ctx, "SELECT * FROM doudi_results('2020-02', '2020-03')").await;
        // DataFusion partitions and sorts every input by household for the plan.
        let plan = query(
            &ctx,
            "EXPLAIN SELECT * FROM doudi_results('2020-02', '2020-03')",
        )
        .await;
        let text = datafusion::arrow::util::pretty::pretty_format_batches(&plan)
            .unwrap()
            .to_string();
        assert!(
            text.contains("DoudiExec: results 2020-02..2020-03"),
            "{text}"
        );
        if partitions > 1 {
            assert!(
                text.contains("RepartitionExec: partitioning=Hash([household_id"),
                "{text}"
            );
            assert!(text.contains("SortExec"), "{text}");
        }
        let mut rows = tables::read_results(&batches).unwrap();
        rows.sort_by_key(key);
        assert_eq!(rows.len(), expected_rows.len(), "{partitions} partitions");
        assert_eq!(rows, expected_rows, "{partitions} partitions");

        // SQL over the results: the totals of the report.
        let totals = query(
            &ctx,
            "SELECT CAST(program AS VARCHAR) AS program, SUM(amount) AS paid \
             FROM doudi_results('2020-02', '2020-03') WHERE outcome = 'paid' GROUP BY 1 ORDER BY 1",
        )
        .await;
        for batch in &totals {
            let programs = batch.column(0);
            let paid = batch
                .column(1)
                .as_primitive::<doudi::tables::arrow_array::types::Decimal128Type>();
            for i in 0..batch.num_rows() {
                let program: doudi::ProgramId =
                    datafusion::arrow::util::display::array_value_to_string(programs, i)
                        .unwrap()
                        .parse()
                        .unwrap();
                let amount =
                    doudi::Money::new(doudi::Decimal::from_i128_with_scale(paid.value(i), 2))
                        .unwrap();
                assert_eq!(amount, expected.report.range(program).amount, "{program}");
            }
        }

        let findings = query(
            &ctx,
            "SELECT COUNT(*) FROM doudi_findings('2020-02', '2020-03')",
        )
        .await;
        let count = findings[0]
            .column(0)
            .as_primitive::<doudi::tables::arrow_array::types::Int64Type>()
            .value(0);
        let expected_findings: usize = expected.findings.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(count as usize, expected_findings);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_households_come_out_of_doudi_errors() {
    // A household whose member is born after the month, and rows of a household absent
    // from the households table.
    let good = Household::from_json(
        r#"{"id": "h1", "area": "urban", "members": [
        {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
        {"id": "b", "birth_date": "2020-05-20", "sex": "female", "relation": "child"}]}"#,
    )
    .unwrap();
    let orphan = Household::from_json(
        r#"{"id": "h2", "area": "urban", "members": [
        {"id": "c", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
    )
    .unwrap();
    let both = Tables::from_households([&good, &orphan]);
    let only_h1 = Tables::from_households([&good]);
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    for table in Table::INPUTS {
        let source = if table == Table::Households {
            &only_h1
        } else {
            &both
        };
        ctx.register_batch(table.name(), source.batches(table)[0].clone())
            .unwrap();
    }
    tables::datafusion::register(
        &ctx,
        Arc::new(Engine::new(PolicyPack::maojian())),
        Options::default(),
    );
    let batches = query(
        &ctx,
        "SELECT \"table\", \"row\", household_id, \"column\", month, message FROM doudi_errors('2020-04', '2020-04') ORDER BY household_id",
    )
    .await;
    let mut lines = Vec::new();
    for b in &batches {
        for i in 0..b.num_rows() {
            let text = |c: usize| {
                use doudi::tables::arrow_array::Array;
                let col = b.column(c);
                if col.is_null(i) {
                    "-".to_owned()
                } else {
                    datafusion::arrow::util::display::array_value_to_string(col, i).unwrap()
                }
            };
            lines.push((0..6).map(text).collect::<Vec<_>>().join(" | "));
        }
    }
    assert_eq!(
        lines,
        [
            "persons | 2 | h1 | birth_date | 2020-04 | 2020-05-20 is after the evaluated month 2020-04",
            "persons | 3 | h2 | household_id | - | the household has rows here but no row in the households table",
        ]
    );
}

#[tokio::test]
async fn a_missing_table_or_a_bad_month_is_a_plan_error() {
    let ctx = SessionContext::new();
    tables::datafusion::register(
        &ctx,
        Arc::new(Engine::new(PolicyPack::maojian())),
        Options::default(),
    );
    let err = ctx
        .sql("SELECT * FROM doudi_results('2020-03', '2020-03')")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no table households"), "{err}");
    let err = ctx
        .sql("SELECT * FROM doudi_results('2020-13', '2020-03')")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("is not a month"), "{err}");
}

/// A pack other than the default: the urban standard raised by one yuan.
fn other_engine() -> Engine {
    let toml = doudi::MAOJIAN_TOML.replacen("\"620.00\"", "\"621.00\"", 1);
    let pack = PolicyPack::from_toml(&toml).unwrap();
    assert_ne!(pack.fingerprint(), PolicyPack::maojian().fingerprint());
    Engine::new(pack)
}

fn sorted_rows(batches: &[RecordBatch]) -> Vec<tables::ResultRow> {
    let mut rows = tables::read_results(batches).unwrap();
    rows.sort_by_key(|r| {
        (
            r.household.to_string(),
            r.month,
            r.program.to_string(),
            r.person.clone().map(|p| p.to_string()),
        )
    });
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_and_plans_made_again_from_their_bytes_give_the_same_rows() {
    use datafusion::catalog::TableFunctionArgs;
    use datafusion::logical_expr::lit;
    use datafusion::physical_plan::ExecutionPlan;
    use doudi::tables::datafusion::{DoudiExec, DoudiTable};

    let households = DistrictConfig::default().persons(3_000).seed(8).generate();
    let dir = tempdir("bytes");
    tables::write_dir(&Tables::from_households(&households), &dir, Format::Parquet).unwrap();
    let ctx = session(&dir, 2).await;
    let engine = Arc::new(Engine::new(PolicyPack::maojian()));
    let expected =
        sorted_rows(&query(&ctx, "SELECT * FROM doudi_results('2020-03', '2020-04')").await);
    assert!(!expected.is_empty());

    // The table a call returns, described and made again (what a scheduler receives).
    let state = ctx.state();
    let args = [lit("2020-03"), lit("2020-04")];
    let provider = ctx
        .table_function("doudi_results")
        .unwrap()
        .create_table_provider_with_args(TableFunctionArgs::new(&args, &state))
        .unwrap();
    let table = provider.downcast_ref::<DoudiTable>().unwrap();
    let bytes = table.to_bytes();
    let again = DoudiTable::from_bytes(&bytes, Arc::clone(&engine)).unwrap();
    let rows = ctx
        .read_table(Arc::new(again))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(sorted_rows(&rows), expected);
    let err = DoudiTable::from_bytes(&bytes, Arc::new(other_engine())).unwrap_err();
    assert!(
        err.to_string().contains("would give other answers"),
        "{err}"
    );
    assert!(DoudiTable::from_bytes(b"{}", Arc::clone(&engine)).is_err());

    // The physical plan, described and made again over the same inputs (what an
    // executor receives).
    let plan = ctx
        .sql("SELECT * FROM doudi_results('2020-03', '2020-04')")
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    fn find(plan: &Arc<dyn ExecutionPlan>) -> Option<&DoudiExec> {
        plan.downcast_ref::<DoudiExec>()
            .or_else(|| plan.children().into_iter().find_map(find))
    }
    let exec = find(&plan).expect("a DoudiExec in the plan");
    let bytes = exec.to_bytes();
    let inputs: Vec<_> = exec.children().into_iter().cloned().collect();
    let again = DoudiExec::from_bytes(&bytes, Arc::clone(&engine), inputs.clone()).unwrap();
    let rows = datafusion::physical_plan::collect(Arc::new(again), ctx.task_ctx())
        .await
        .unwrap();
    assert_eq!(sorted_rows(&rows), expected);
    let err = DoudiExec::from_bytes(&bytes, Arc::new(other_engine()), inputs.clone()).unwrap_err();
    assert!(
        err.to_string().contains("would give other answers"),
        "{err}"
    );
    let err = DoudiExec::from_bytes(&bytes, engine, inputs[..3].to_vec()).unwrap_err();
    assert!(err.to_string().contains("inputs"), "{err}");
}
