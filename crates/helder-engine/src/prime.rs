//! Priming the engine: running its hot code once on a small synthetic table.
//!
//! A browser first runs WebAssembly in a baseline tier and compiles a function with its
//! optimising tier only once the function has run for a while; the optimised code is used
//! from the next call on. The engine's loops over a million rows are each called once, so
//! without priming the first dashboard is computed entirely by the baseline tier (2–3×
//! slower). Priming while the data file downloads costs a few milliseconds and makes the
//! first dashboard as fast as the next.

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int32Array, Int8Array, RecordBatch,
    StringArray,
};

use crate::crossfilter::{Crossfilter, DimensionSpec, ViewSpec};
use crate::query::{Aggregate, Filter};
use crate::table::Table;
use crate::CoreError;

/// Rows of the synthetic table: enough for every hot loop to be optimised.
const ROWS: usize = 60_000;

/// `n` dictionary-encoded texts `v0`, `v1`, … spread evenly over `cardinality` values.
pub fn dictionary(n: usize, cardinality: usize, seed: usize) -> Result<ArrayRef, CoreError> {
    let values: Vec<String> = (0..cardinality).map(|i| format!("v{i}")).collect();
    let keys: Int32Array = (0..n)
        .map(|i| Some(((i * 7919 + seed) % cardinality) as i32))
        .collect();
    Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
        keys,
        Arc::new(StringArray::from(values)),
    )?))
}

/// Builds, filters and reads a small crossfilter like a dashboard does.
pub fn prime() -> Result<(), CoreError> {
    let n = ROWS;
    let day0 = 17_897; // 2019-01-01
    let months: Date32Array = (0..n)
        .map(|i| Some(day0 + ((i * 31) % 94) as i32 * 30))
        .collect();
    let ages: Int8Array = (0..n).map(|i| Some((i % 24) as i8)).collect();
    let costs: Float64Array = (0..n).map(|i| Some((i % 977) as f64 * 1.25)).collect();
    let batch = RecordBatch::try_from_iter([
        ("t", Arc::new(months) as ArrayRef),
        ("a", dictionary(n, 24, 1)?),
        ("b", dictionary(n, 18, 2)?),
        ("c", dictionary(n, 60, 3)?),
        ("n", Arc::new(ages) as ArrayRef),
        ("x", Arc::new(costs) as ArrayRef),
    ])?;
    let table = Table::from_arrow("prime", batch.schema(), vec![batch]);
    let dims: Vec<DimensionSpec> = ["t", "a", "b", "c", "n"]
        .iter()
        .map(|d| DimensionSpec::column(d))
        .collect();
    let view = |id: &str, dim: &str, aggregate: Aggregate| ViewSpec {
        id: id.into(),
        dimension: Some(dim.into()),
        aggregate,
    };
    let sum = || Aggregate::Sum { column: "x".into() };
    let views = vec![
        view("t", "t", sum()),
        view("a", "a", sum()),
        view("b", "b", Aggregate::Count),
        view("c", "c", sum()),
        view("n", "n", Aggregate::Count),
    ];
    let mut cf = Crossfilter::new(&table, &dims, views)?;
    let range = |from: i32, to: i32| {
        Some(Filter::DateRange {
            column: "t".into(),
            from: day0 + from,
            to: day0 + to,
        })
    };
    let one_of = |column: &str, values: &[&str]| {
        Some(Filter::OneOf {
            column: column.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        })
    };
    let steps = [
        ("t", range(0, 360)),
        ("t", range(60, 420)),
        ("b", one_of("b", &["v1"])),
        ("b", one_of("b", &["v1", "v2", "v3"])),
        ("a", one_of("a", &["v4"])),
        (
            "n",
            Some(Filter::NumberRange {
                column: "n".into(),
                min: 4.0,
                max: 11.0,
            }),
        ),
        ("a", None),
        ("t", range(0, 2800)),
        ("b", None),
        ("n", None),
        ("t", None),
    ];
    for (dim, filter) in steps {
        cf.set_filter(dim, filter)?;
        for v in 0..cf.view_count() {
            let _ = cf.view_values(v);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn priming_runs() {
        super::prime().unwrap();
    }
}
