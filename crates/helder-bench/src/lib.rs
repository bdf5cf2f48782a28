//! The crossfilter-dashboard workload (shared/bench/WORKLOAD.md) on Helder's engine: the five
//! linked views, the 30 interactions as engine filters, and the checksums. Used by the
//! browser bench page and by the native benchmark, so both run exactly the same steps.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, Int8Array, RecordBatch};
use arrow_schema::{Field, FieldRef, Schema};
use helder_core::ipc_columns::{ColumnStream, StreamedColumn};

use helder_core::crossfilter::{Crossfilter, DimensionSpec, ViewSpec};
use helder_core::query::{Aggregate, Filter, GroupKey};
use helder_core::{date, CoreError, Table};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Workload {
    pub views: Vec<WorkloadView>,
    pub interactions: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WorkloadView {
    pub id: String,
    pub dim: String,
    pub agg: String,
    pub measure: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Step {
    pub step: u32,
    pub dim: String,
    pub filters: BTreeMap<String, serde_json::Value>,
}

impl Workload {
    pub fn parse(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|e| format!("workload.json: {e}"))
    }
}

/// The dimensions filters can act on.
pub const FILTER_DIMS: [&str; 4] = ["maand", "product", "wijk", "leeftijd"];

/// The workload's dimensions: every view's and every filter's.
pub fn dimensions(workload: &Workload) -> Vec<DimensionSpec> {
    let mut dims: Vec<DimensionSpec> = Vec::new();
    for name in workload
        .views
        .iter()
        .map(|v| v.dim.as_str())
        .chain(FILTER_DIMS)
    {
        if !dims.iter().any(|d| d.name == name) {
            dims.push(DimensionSpec::column(name));
        }
    }
    dims
}

/// The workload's five views as engine views.
pub fn views(workload: &Workload) -> Vec<ViewSpec> {
    workload
        .views
        .iter()
        .map(|v| ViewSpec {
            id: v.id.clone(),
            dimension: Some(v.dim.clone()),
            aggregate: match (v.agg.as_str(), &v.measure) {
                ("sum", Some(m)) => Aggregate::Sum { column: m.clone() },
                _ => Aggregate::Count,
            },
        })
        .collect()
}

/// The dashboard: the engine with the workload's dimensions and views.
pub fn dashboard(table: &Table, workload: &Workload) -> Result<Crossfilter, CoreError> {
    // Row indexes of the filter dimensions are built on their first filter, as in the app:
    // the first chart appears sooner and the first click pays a few milliseconds.
    Crossfilter::new(table, &dimensions(workload), views(workload))
}

/// The dashboard's engine built from the file's bytes as they arrive: each column the
/// workload reads is turned into the engine's form the moment it is complete and then
/// dropped, so the page never holds the file, only the engine and one column (gathered
/// into the same memory every time, see `ColumnStream::push_with`).
///
/// A column is complete when the file's first record batch holds every row the page was
/// told to expect (the workload's files are one batch); otherwise its batches are kept
/// until the file has ended.
pub struct StreamedLoad {
    stream: ColumnStream,
    columns: Columns,
}

/// What `StreamedLoad` does with the columns the stream hands it.
struct Columns {
    dims: Vec<DimensionSpec>,
    measures: Vec<String>,
    names: Vec<String>,
    expected_rows: Option<usize>,
    arrays: Vec<Vec<ArrayRef>>,
    added: Vec<bool>,
    engine: Option<Crossfilter>,
}

impl StreamedLoad {
    /// `expected_rows` is the row count announced beforehand (the app's manifest, the
    /// harness's `?rows=`); `length` the file's size when known.
    pub fn new(workload: &Workload, expected_rows: Option<usize>, length: Option<usize>) -> Self {
        let dims = dimensions(workload);
        let mut measures: Vec<String> = Vec::new();
        for v in &workload.views {
            if let Some(m) = &v.measure {
                if !measures.contains(m) {
                    measures.push(m.clone());
                }
            }
        }
        let mut names: Vec<String> = Vec::new();
        for c in dims
            .iter()
            .flat_map(|d| d.columns(&dims))
            .chain(measures.iter().cloned())
        {
            if !names.contains(&c) {
                names.push(c);
            }
        }
        let wanted: Vec<&str> = names.iter().map(String::as_str).collect();
        StreamedLoad {
            stream: ColumnStream::new(Some(&wanted), length),
            columns: Columns {
                arrays: vec![Vec::new(); names.len()],
                added: vec![false; names.len()],
                dims,
                measures,
                names,
                expected_rows,
                engine: None,
            },
        }
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), CoreError> {
        let (stream, columns) = (&mut self.stream, &mut self.columns);
        stream.push_with(bytes, &mut |c| {
            // One batch with every announced row: nothing can follow, the column is whole.
            let whole = is_whole_column(c.batch, c.array.len(), columns.expected_rows);
            columns.take(c, whole)
        })
    }

    /// After the last byte: the engine with every dimension and measure, no views yet.
    pub fn finish(mut self) -> Result<Crossfilter, CoreError> {
        self.stream.finish()?;
        for c in self.stream.take_ready() {
            self.columns.take(c, false)?;
        }
        let rows = self.stream.rows();
        if let Some(expected) = self.columns.expected_rows {
            if rows != expected {
                return Err(CoreError::Corrupt(format!(
                    "the file has {rows} rows, but {expected} were announced"
                )));
            }
        }
        let schema = self
            .stream
            .schema()
            .ok_or_else(|| CoreError::Truncated("the file ends before its schema".into()))?;
        for i in 0..self.columns.names.len() {
            if !self.columns.added[i] {
                self.columns.add(i, Arc::new(schema.field(i).clone()))?;
            }
        }
        Ok(self
            .columns
            .engine
            .unwrap_or_else(|| Crossfilter::for_rows(rows)))
    }
}

/// Whether a column of batch `batch` with `rows` rows is the whole column.
fn is_whole_column(batch: usize, rows: usize, expected: Option<usize>) -> bool {
    batch == 0 && Some(rows) == expected
}

impl Columns {
    /// Keeps a decoded column, or adds it to the engine at once when it is `whole`.
    fn take(&mut self, c: StreamedColumn, whole: bool) -> Result<(), CoreError> {
        if self.added[c.index] {
            return Err(CoreError::Corrupt(format!(
                "column `{}` continues in a batch after the announced {} rows",
                self.names[c.index],
                self.expected_rows.unwrap_or_default()
            )));
        }
        let field = Arc::new(Field::new(
            self.names[c.index].clone(),
            c.array.data_type().clone(),
            true,
        ));
        self.arrays[c.index].push(c.array);
        if whole {
            self.add(c.index, field)?;
        }
        Ok(())
    }

    /// Turns column `i` into the engine's form and lets its Arrow arrays go.
    fn add(&mut self, i: usize, field: FieldRef) -> Result<(), CoreError> {
        let name = &self.names[i];
        let one = Arc::new(Schema::new(vec![field]));
        let batches = std::mem::take(&mut self.arrays[i])
            .into_iter()
            .map(|a| RecordBatch::try_new(one.clone(), vec![a]))
            .collect::<Result<Vec<_>, _>>()?;
        let table = Table::from_arrow("jeugdzorg", one, batches);
        let engine = self
            .engine
            .get_or_insert_with(|| Crossfilter::for_rows(table.rows()));
        for d in &self.dims {
            if d.columns(&self.dims).contains(name) {
                engine.add_dimension(&table, d)?;
            }
        }
        if self.measures.contains(name) {
            engine.add_measure(&table, name)?;
        }
        self.added[i] = true;
        Ok(())
    }
}

/// The engine filter for a step's new state of its dimension.
pub fn step_filter(step: &Step) -> Result<Option<Filter>, String> {
    let value = step
        .filters
        .get(&step.dim)
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    if value.is_null() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "step {}: unexpected value {value} for {}",
            step.step, step.dim
        )
    };
    let column = step.dim.clone();
    Ok(Some(match step.dim.as_str() {
        "maand" => {
            let day = |i: usize| {
                value
                    .get(i)
                    .and_then(|v| v.as_str())
                    .and_then(date::parse_iso)
            };
            Filter::DateRange {
                column,
                from: day(0).ok_or_else(bad)?,
                to: day(1).ok_or_else(bad)?,
            }
        }
        "leeftijd" => {
            let n = |i: usize| value.get(i).and_then(serde_json::Value::as_f64);
            Filter::NumberRange {
                column,
                min: n(0).ok_or_else(bad)?,
                max: n(1).ok_or_else(bad)?,
            }
        }
        "wijk" => Filter::OneOf {
            column,
            values: vec![value.as_str().ok_or_else(bad)?.to_string()],
        },
        "product" => Filter::OneOf {
            column,
            values: value
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|v| v.as_str().map(String::from).ok_or_else(bad))
                .collect::<Result<_, _>>()?,
        },
        _ => return Err(bad()),
    }))
}

/// Sum of every value of every view, rounded to cents (the workload's checksum).
pub fn checksum(cf: &Crossfilter) -> f64 {
    let total: f64 = (0..cf.view_count())
        .map(|v| cf.view_values(v).into_iter().flatten().sum::<f64>())
        .sum();
    (total * 100.0).round() / 100.0
}

/// A group key as the workload's canonical string.
pub fn canonical_key(key: &GroupKey) -> String {
    match key {
        GroupKey::Day(d) => date::format_iso(*d),
        GroupKey::Int(i) => i.to_string(),
        GroupKey::Text(s) => s.clone(),
        other => other.label_nl(),
    }
}

/// The views after the last step as `{V1: {key: value}}`, zero groups left out.
pub fn final_views(cf: &Crossfilter) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for v in 0..cf.view_count() {
        let mut m = serde_json::Map::new();
        for (key, value) in cf.view_keys(v).iter().zip(cf.view_values(v)) {
            if let Some(x) = value.filter(|x| *x != 0.0) {
                m.insert(
                    canonical_key(key),
                    serde_json::json!((x * 100.0).round() / 100.0),
                );
            }
        }
        out.insert(cf.view_id(v).to_string(), serde_json::Value::Object(m));
    }
    serde_json::Value::Object(out)
}

/// Runs the streamed load once on a small synthetic file in the workload's layout, so the
/// browser has compiled the reader's and the engine's loading code with its optimising
/// tier before the real file arrives (see `helder_core::prime` for why).
pub fn prime_load(workload: &Workload) -> Result<(), CoreError> {
    const ROWS: usize = 60_000;
    let dict = |cardinality, seed| helder_core::prime::dictionary(ROWS, cardinality, seed);
    let day0 = 17_897; // 2019-01-01
    let batch = RecordBatch::try_from_iter([
        (
            "maand",
            Arc::new(Date32Array::from_iter_values(
                (0..ROWS).map(|i| day0 + ((i * 31) % 94) as i32 * 30),
            )) as ArrayRef,
        ),
        ("wijk", dict(24, 1)?),
        ("product", dict(18, 2)?),
        ("aanbieder", dict(60, 3)?),
        (
            "leeftijd",
            Arc::new(Int8Array::from_iter_values(
                (0..ROWS).map(|i| (i % 24) as i8),
            )),
        ),
        (
            "kosten",
            Arc::new(Float64Array::from_iter_values(
                (0..ROWS).map(|i| (i % 977) as f64 * 1.25),
            )),
        ),
    ])?;
    let mut bytes = Vec::new();
    let mut writer = arrow_ipc::writer::FileWriter::try_new(&mut bytes, &batch.schema())?;
    writer.write(&batch)?;
    writer.finish()?;
    drop(writer);
    let mut load = StreamedLoad::new(workload, Some(ROWS), Some(bytes.len()));
    for chunk in bytes.chunks(64 << 10) {
        load.push(chunk)?;
    }
    let mut engine = load.finish()?;
    for v in views(workload) {
        engine.add_view(None, v)?;
    }
    Ok(())
}

/// Median (mean of the two middle values) and p95 (nearest rank) as the workload defines.
pub fn stats(times: &[f64]) -> (f64, f64, f64) {
    let mut s = times.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    };
    let p95 = s[((0.95 * n as f64).ceil() as usize).clamp(1, n) - 1];
    (median, p95, s[n - 1])
}
