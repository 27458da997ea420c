//! Evaluation inside DataFusion: table functions that read the input tables registered in a
//! session and return `results`, `findings` or `errors`, with DataFusion's own partitions
//! doing the parallel work.
//!
//! Available with the crate feature `datafusion`.
//!
//! # Design
//!
//! A household's facts are spread over eight tables; evaluating it needs all its rows at
//! once. So the evaluation is a table function, not a function of a row: [`register`] adds
//! `doudi_results(from, to)`, `doudi_findings(from, to)` and `doudi_errors(from, to)` to a
//! session, each reading the tables `households`, `persons`, `incomes`,
//! `external_benefits`, `enrolments`, `events`, `screenings` and `verifications` registered there (only the
//! first two must be; an optional third argument names the schema that holds them). Its
//! plan asks DataFusion for each input partitioned by `household_id` — the same household
//! in the same partition of every table — and sorted by it within the partition: exactly
//! what a partitioned join asks for, so DataFusion's optimizer adds the repartitions and
//! sorts (spilling to disk under its memory limits). Each partition then streams through
//! the crate's merge of sorted tables, households are checked and evaluated one by one, and
//! the partition's `results` come out in batches: memory is bounded by the batches, not
//! the district, and the partitions run on DataFusion's runtime, as many as
//! `target_partitions` says. A user-defined function over one table with the members as a
//! nested list would need the district's registers rewritten into that shape first; the
//! table function reads them as they are.
//!
//! The three functions evaluate independently: a query that needs `results` and `errors`
//! evaluates twice.
//!
//! A partition sees only its share of the households, so `doudi_findings` has no
//! `duplicate_person` or `duplicate_id_number` rows (one person or ID number in two
//! households): find those with [`crate::tables::evaluate`], [`crate::tables::evaluate_dir`]
//! or [`crate::population::duplicates`], or in SQL over the `persons` table.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use datafusion::prelude::SessionContext;
//! use doudi::tables::{self, Options, Table};
//! use doudi::{Engine, Household, PolicyPack};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
//! let input = tables::Tables::from_households([&household]);
//!
//! let ctx = SessionContext::new();
//! for table in Table::INPUTS {
//!     ctx.register_batch(table.name(), input.batches(table)[0].clone())?;
//! }
//! let engine = Arc::new(Engine::new(PolicyPack::maojian()));
//! tables::datafusion::register(&ctx, engine, Options::default());
//!
//! let batches = ctx
//!     .sql("SELECT program, amount FROM doudi_results('2020-07', '2020-07') WHERE outcome = 'paid'")
//!     .await?
//!     .collect()
//!     .await?;
//! let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
//! assert_eq!(rows, 1); // dibao pays 220.00
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::ops::RangeInclusive;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, ScalarValue};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Expr, TableType};
use datafusion::physical_expr::expressions::{Column, cast};
use datafusion::physical_expr::{
    Distribution, EquivalenceProperties, LexOrdering, OrderingRequirements, Partitioning,
    PhysicalExpr, PhysicalSortExpr,
};
use datafusion::physical_plan::distribution_requirements::InputDistributionRequirements;
use datafusion::physical_plan::empty::EmptyExec;
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::projection::ProjectionExec;
use datafusion::physical_plan::stream::RecordBatchReceiverStreamBuilder;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, ExecutionPlanProperties, PlanProperties,
    SendableRecordBatchStream,
};
use datafusion::prelude::SessionContext;
use futures::StreamExt;

use super::assemble::{Assembler, Read, Step};
use super::evaluate::{Evaluator, Options};
use super::output::errors_batch;
use super::{KEY, Table};
use crate::engine::Engine;
use crate::period::Month;

type DfResult<T> = datafusion::common::Result<T>;

/// Rows of `results` a partition hands on per batch (at least; a household's rows are not
/// split).
const OUTPUT_ROWS: usize = 8192;

/// The table functions [`register`] adds, by the table they return.
const FUNCTIONS: [(&str, Table); 3] = [
    ("doudi_results", Table::Results),
    ("doudi_findings", Table::Findings),
    ("doudi_errors", Table::Errors),
];

/// Registers `doudi_results(from, to [, schema])`, `doudi_findings(…)` and
/// `doudi_errors(…)` in `ctx`, evaluating with `engine` and writing `results` as
/// `options` says (its thread count is not used: DataFusion's partitions are the threads).
///
/// `from` and `to` are months `YYYY-MM`; `schema` names the schema of the session's
/// default catalog that holds the input tables (by default the default schema).
pub fn register(ctx: &SessionContext, engine: Arc<Engine>, options: Options) {
    for (name, output) in FUNCTIONS {
        ctx.register_udtf(
            name,
            Arc::new(Function {
                engine: Arc::clone(&engine),
                options: options.clone(),
                output,
            }),
        );
    }
}

fn plan_error(message: String) -> DataFusionError {
    DataFusionError::Plan(message)
}

/// One of the table functions.
#[derive(Debug)]
struct Function {
    engine: Arc<Engine>,
    options: Options,
    output: Table,
}

fn function_name(output: Table) -> &'static str {
    FUNCTIONS
        .iter()
        .find(|(_, t)| *t == output)
        .map_or("doudi", |(n, _)| *n)
}

/// A text argument of a table function.
fn text_argument(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Literal(
            ScalarValue::Utf8(Some(text))
            | ScalarValue::LargeUtf8(Some(text))
            | ScalarValue::Utf8View(Some(text)),
            _,
        ) => Some(text),
        _ => None,
    }
}

impl TableFunctionImpl for Function {
    fn call_with_args(&self, args: TableFunctionArgs) -> DfResult<Arc<dyn TableProvider>> {
        let name = function_name(self.output);
        let exprs = args.exprs();
        let usage = || format!("{name}(from, to [, schema]): months as text 'YYYY-MM'");
        if !(2..=3).contains(&exprs.len()) {
            return Err(plan_error(usage()));
        }
        let month = |i: usize| -> DfResult<Month> {
            let text = exprs
                .get(i)
                .and_then(text_argument)
                .ok_or_else(|| plan_error(usage()))?;
            let month: Month = text
                .parse()
                .map_err(|e| plan_error(format!("{name}: {e}")))?;
            self.engine
                .pack()
                .check_covers(month)
                .map_err(|e| plan_error(format!("{name}: {e}")))?;
            Ok(month)
        };
        let (from, to) = (month(0)?, month(1)?);
        if to < from {
            return Err(plan_error(format!("{name}: {to} is before {from}")));
        }
        let schema = match exprs.get(2) {
            None => None,
            Some(e) => Some(
                text_argument(e)
                    .ok_or_else(|| plan_error(usage()))?
                    .to_owned(),
            ),
        };
        Ok(Arc::new(DoudiTable {
            engine: Arc::clone(&self.engine),
            options: self.options.clone(),
            output: self.output,
            months: from..=to,
            schema,
        }))
    }
}

/// The table a call of one of the functions returns: the run it stands for, planned when
/// it is scanned.
///
/// For a distributed engine that ships logical plans to a scheduler (Ballista), a table is
/// described by [`DoudiTable::to_bytes`] and made again by [`DoudiTable::from_bytes`] with
/// the same engine; see the crate's README.
#[derive(Debug)]
pub struct DoudiTable {
    engine: Arc<Engine>,
    options: Options,
    output: Table,
    months: RangeInclusive<Month>,
    schema: Option<String>,
}

/// What a table or a plan is, as bytes: the output, the months, the options, the schema of
/// the inputs and the fingerprint of the engine's pack.
struct Description {
    output: Table,
    months: RangeInclusive<Month>,
    options: Options,
    schema: Option<String>,
}

impl Description {
    fn to_bytes(&self, engine: &Engine) -> Vec<u8> {
        serde_json::json!({
            "output": self.output.name(),
            "from": self.months.start().to_string(),
            "to": self.months.end().to_string(),
            "every_entry": self.options.every_entry,
            "explanations": self.options.explanations,
            "schema": self.schema,
            "fingerprint": engine.pack().fingerprint().to_string(),
        })
        .to_string()
        .into_bytes()
    }

    /// The description in `bytes`, if `engine` has the pack it was made with.
    fn from_bytes(bytes: &[u8], engine: &Engine) -> DfResult<Description> {
        let bad = |what: &str| plan_error(format!("not a doudi description: {what}"));
        let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| bad("not JSON"))?;
        let text = |key: &str| v.get(key).and_then(|x| x.as_str()).ok_or_else(|| bad(key));
        let flag = |key: &str| {
            v.get(key)
                .and_then(serde_json::Value::as_bool)
                .ok_or_else(|| bad(key))
        };
        let output = Table::from_name(text("output")?)
            .filter(|t| Table::OUTPUTS.contains(t))
            .ok_or_else(|| bad("output"))?;
        let from: Month = text("from")?.parse().map_err(|_| bad("from"))?;
        let to: Month = text("to")?.parse().map_err(|_| bad("to"))?;
        let fingerprint = engine.pack().fingerprint().to_string();
        if text("fingerprint")? != fingerprint {
            return Err(plan_error(format!(
                "the doudi plan was made with pack {}, not {} ({}): it would give other answers",
                text("fingerprint")?,
                fingerprint,
                engine.pack().name()
            )));
        }
        let schema = match v.get("schema") {
            None | Some(serde_json::Value::Null) => None,
            Some(s) => Some(s.as_str().ok_or_else(|| bad("schema"))?.to_owned()),
        };
        Ok(Description {
            output,
            months: from..=to,
            options: Options::default()
                .every_entry(flag("every_entry")?)
                .explanations(flag("explanations")?),
            schema,
        })
    }
}

impl DoudiTable {
    /// The table described as bytes (see [`DoudiTable::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        Description {
            output: self.output,
            months: self.months.clone(),
            options: self.options.clone(),
            schema: self.schema.clone(),
        }
        .to_bytes(&self.engine)
    }

    /// The table [`DoudiTable::to_bytes`] described, evaluating with `engine`.
    ///
    /// # Errors
    ///
    /// When the bytes are not a description, or `engine`'s pack is not the one the table
    /// was made with (its fingerprint differs).
    pub fn from_bytes(bytes: &[u8], engine: Arc<Engine>) -> DfResult<DoudiTable> {
        let d = Description::from_bytes(bytes, &engine)?;
        Ok(DoudiTable {
            engine,
            options: d.options,
            output: d.output,
            months: d.months,
            schema: d.schema,
        })
    }
}

/// A plan that gives each input table's `household_id` as text of one type (so that
/// every table hashes a household to the same partition).
fn with_text_key(plan: Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn ExecutionPlan>> {
    let schema = plan.schema();
    let Ok(key) = schema.field_with_name(KEY) else {
        // The merge names the missing column.
        return Ok(plan);
    };
    if key.data_type() == &DataType::Utf8 {
        return Ok(plan);
    }
    let mut exprs: Vec<(Arc<dyn PhysicalExpr>, String)> = Vec::new();
    for (i, field) in schema.fields().iter().enumerate() {
        let column: Arc<dyn PhysicalExpr> = Arc::new(Column::new(field.name(), i));
        let expr = if field.name() == KEY {
            cast(column, &schema, DataType::Utf8)?
        } else {
            column
        };
        exprs.push((expr, field.name().clone()));
    }
    Ok(Arc::new(ProjectionExec::try_new(exprs, plan)?))
}

#[async_trait::async_trait]
impl TableProvider for DoudiTable {
    fn schema(&self) -> SchemaRef {
        self.output.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Temporary
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let name = function_name(self.output);
        let options = state.config_options();
        let catalog_name = &options.catalog.default_catalog;
        let schema_name = self
            .schema
            .clone()
            .unwrap_or_else(|| options.catalog.default_schema.clone());
        let schema = state
            .catalog_list()
            .catalog(catalog_name)
            .and_then(|c| c.schema(&schema_name))
            .ok_or_else(|| {
                plan_error(format!(
                    "{name}: no schema {schema_name} in catalog {catalog_name}"
                ))
            })?;
        let mut inputs = Vec::with_capacity(Table::INPUTS.len());
        for table in Table::INPUTS {
            let plan: Arc<dyn ExecutionPlan> = match schema.table(table.name()).await? {
                Some(provider) => provider.scan(state, None, &[], None).await?,
                None if table.is_required() => {
                    return Err(plan_error(format!(
                        "{name}: the session has no table {} in {schema_name}",
                        table.name()
                    )));
                }
                None => Arc::new(EmptyExec::new(Arc::new(Schema::new(vec![Field::new(
                    KEY,
                    DataType::Utf8,
                    true,
                )])))),
            };
            inputs.push(with_text_key(plan)?);
        }
        let exec: Arc<dyn ExecutionPlan> = Arc::new(DoudiExec::new(
            Arc::clone(&self.engine),
            self.options.clone(),
            self.output,
            self.months.clone(),
            inputs,
        )?);
        match projection {
            None => Ok(exec),
            Some(columns) => {
                let schema = exec.schema();
                let exprs: Vec<(Arc<dyn PhysicalExpr>, String)> = columns
                    .iter()
                    .filter_map(|&i| {
                        let field = schema.fields().get(i)?;
                        let column: Arc<dyn PhysicalExpr> = Arc::new(Column::new(field.name(), i));
                        Some((column, field.name().clone()))
                    })
                    .collect();
                Ok(Arc::new(ProjectionExec::try_new(exprs, exec)?))
            }
        }
    }
}

/// The plan of a table function: evaluates the households of its eight inputs, partition
/// by partition.
///
/// For a distributed engine that ships plans to other processes (Ballista), a plan is
/// described by [`DoudiExec::to_bytes`] and made again by [`DoudiExec::from_bytes`] with
/// the same engine; see the crate's README.
#[derive(Debug)]
pub struct DoudiExec {
    engine: Arc<Engine>,
    options: Options,
    output: Table,
    months: RangeInclusive<Month>,
    inputs: Vec<Arc<dyn ExecutionPlan>>,
    properties: Arc<PlanProperties>,
}

impl DoudiExec {
    fn new(
        engine: Arc<Engine>,
        options: Options,
        output: Table,
        months: RangeInclusive<Month>,
        inputs: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<DoudiExec> {
        if inputs.len() != Table::INPUTS.len() {
            return Err(plan_error(format!(
                "a doudi plan has {} inputs, not {}",
                Table::INPUTS.len(),
                inputs.len()
            )));
        }
        let partitions = inputs
            .first()
            .map_or(1, |i| i.output_partitioning().partition_count());
        let schema = output.schema();
        let properties = PlanProperties::new(
            EquivalenceProperties::new(schema),
            Partitioning::UnknownPartitioning(partitions),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        Ok(DoudiExec {
            engine,
            options,
            output,
            months,
            inputs,
            properties: Arc::new(properties),
        })
    }

    /// The plan described as bytes: the output table, the months, the options and the
    /// fingerprint of the engine's pack (the inputs are described by their own plans).
    pub fn to_bytes(&self) -> Vec<u8> {
        Description {
            output: self.output,
            months: self.months.clone(),
            options: self.options.clone(),
            schema: None,
        }
        .to_bytes(&self.engine)
    }

    /// The plan [`DoudiExec::to_bytes`] described, over `inputs` (the eight input plans,
    /// decoded), evaluating with `engine`.
    ///
    /// # Errors
    ///
    /// When the bytes are not a description, or `engine`'s pack is not the one the plan
    /// was made with (its fingerprint differs): the plan would give other answers.
    pub fn from_bytes(
        bytes: &[u8],
        engine: Arc<Engine>,
        inputs: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<DoudiExec> {
        let d = Description::from_bytes(bytes, &engine)?;
        DoudiExec::new(engine, d.options, d.output, d.months, inputs)
    }

    fn key(&self, input: &Arc<dyn ExecutionPlan>) -> DfResult<Arc<dyn PhysicalExpr>> {
        Ok(Arc::new(Column::new_with_schema(KEY, &input.schema())?))
    }
}

impl DisplayAs for DoudiExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DoudiExec: {} {}..{} pack={}",
            self.output.name(),
            self.months.start(),
            self.months.end(),
            self.engine.pack().fingerprint().short()
        )
    }
}

impl ExecutionPlan for DoudiExec {
    fn name(&self) -> &str {
        "DoudiExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn input_distribution_requirements(&self) -> InputDistributionRequirements {
        let keys = self
            .inputs
            .iter()
            .map(|i| match self.key(i) {
                Ok(key) => Distribution::KeyPartitioned(vec![key]),
                Err(_) => Distribution::SinglePartition,
            })
            .collect();
        InputDistributionRequirements::co_partitioned(keys)
    }

    fn required_input_ordering(&self) -> Vec<Option<OrderingRequirements>> {
        self.inputs
            .iter()
            .map(|i| {
                let key = self.key(i).ok()?;
                LexOrdering::new([PhysicalSortExpr::new_default(key)])
                    .map(OrderingRequirements::from)
            })
            .collect()
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false; self.inputs.len()]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![true; self.inputs.len()]
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        self.inputs.iter().collect()
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(DoudiExec::new(
            Arc::clone(&self.engine),
            self.options.clone(),
            self.output,
            self.months.clone(),
            children,
        )?))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let partitions = self.properties.partitioning.partition_count();
        let mut streams = Vec::with_capacity(self.inputs.len());
        for (input, table) in self.inputs.iter().zip(Table::INPUTS) {
            let count = input.output_partitioning().partition_count();
            if count != partitions {
                return Err(DataFusionError::Internal(format!(
                    "doudi: input {} has {count} partitions, not {partitions}: the inputs are not partitioned alike",
                    table.name()
                )));
            }
            streams.push(input.execute(partition, Arc::clone(&context))?);
        }
        let schema = self.output.schema();
        let mut builder = RecordBatchReceiverStreamBuilder::new(Arc::clone(&schema), 2);
        let tx = builder.tx();
        let engine = Arc::clone(&self.engine);
        let options = self.options.clone();
        let output = self.output;
        let months = self.months.clone();
        builder.spawn(async move {
            let mut evaluator = Evaluator::new(&engine, &months, &options).without_identities();
            let mut assembler = Assembler::default();
            let send = |batch: RecordBatch| {
                let tx = tx.clone();
                async move { tx.send(Ok(batch)).await.is_ok() }
            };
            loop {
                let step = assembler
                    .step()
                    .map_err(|e| DataFusionError::External(Box::new(e)))?;
                match step {
                    Step::Done => break,
                    Step::Need(table) => {
                        let next = match table.input_index().and_then(|i| streams.get_mut(i)) {
                            Some(stream) => stream.next().await,
                            None => None,
                        };
                        match next {
                            Some(batch) => assembler
                                .push(table, &super::columns::nfc_ids(batch?))
                                .map_err(|e| DataFusionError::External(Box::new(e)))?,
                            None => assembler.finish(table),
                        }
                    }
                    Step::Household(h) => evaluator.add(Read::of(h, assembler.person_rows())),
                    Step::Failed { household, error } => {
                        evaluator.add(Read::failed(household, error));
                    }
                }
                if evaluator.pending_rows() >= OUTPUT_ROWS {
                    let (results, findings) = evaluator.take();
                    let batch = if output == Table::Results {
                        results
                    } else {
                        findings
                    };
                    if output != Table::Errors && !send(batch).await {
                        return Ok(());
                    }
                }
            }
            let (results, findings) = evaluator.take();
            let last = match output {
                Table::Results => results,
                Table::Findings => findings,
                _ => errors_batch(evaluator.finish().errors()),
            };
            send(last).await;
            Ok(())
        });
        Ok(builder.build())
    }
}
