//! The crossfilter-dashboard workload (shared/bench/WORKLOAD.md) on Helder's engine: the five
//! linked views, the 30 interactions as engine filters, and the checksums. Used by the
//! browser bench page and by the native benchmark, so both run exactly the same steps.

use std::collections::BTreeMap;

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

/// The dashboard: the engine with the workload's dimensions and views.
pub fn dashboard(table: &Table, workload: &Workload) -> Result<Crossfilter, CoreError> {
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
    let views = workload
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
        .collect();
    // Row indexes of the filter dimensions are built on their first filter, as in the app:
    // the first chart appears sooner and the first click pays a few milliseconds.
    Crossfilter::new(table, &dims, views)
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
