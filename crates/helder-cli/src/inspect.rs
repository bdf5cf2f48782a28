//! `helder inspect`: what is in an Arrow file, per column, read through the core.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use helder_core::table::ColumnData;
use helder_core::{date, ipc};

pub fn print(path: &Path, json: bool) -> Result<()> {
    let bytes = fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let table = ipc::read_table(&name, bytes).with_context(|| format!("{}", path.display()))?;
    let columns: Vec<serde_json::Value> = (0..table.column_names().count())
        .map(|i| table.column_at(i).with_context(|| format!("{}", path.display())))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .map(|c| {
            let (kind, summary) = match &c.data {
                ColumnData::Category { dict, .. } => ("text", serde_json::json!({ "distinct": dict.len() })),
                ColumnData::Date(days) => {
                    let valid = (0..days.len()).filter(|i| c.is_valid(*i)).map(|i| days[i]);
                    let (min, max) = valid.fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
                    ("date", serde_json::json!({ "min": (min <= max).then(|| date::format_iso(min)), "max": (min <= max).then(|| date::format_iso(max)) }))
                }
                ColumnData::Float(_) | ColumnData::Int(_) => {
                    let valid = (0..table.rows()).filter_map(|i| c.number(i)).filter(|v| !v.is_nan());
                    let (min, max) = valid.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
                    ("number", serde_json::json!({ "min": (min <= max).then_some(min), "max": (min <= max).then_some(max) }))
                }
                ColumnData::Bool(_) => ("bool", serde_json::json!({})),
                ColumnData::Timestamp { tz, .. } => ("timestamp", serde_json::json!({ "tz": tz.as_deref() })),
            };
            serde_json::json!({ "name": c.name, "type": kind, "nulls": c.null_count(), "summary": summary })
        })
        .collect();
    if json {
        let value = serde_json::json!({ "file": path.display().to_string(), "rows": table.rows(), "columns": columns });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "{}: {} rows, {} columns",
            path.display(),
            table.rows(),
            columns.len()
        );
        for c in &columns {
            println!(
                "  {:<20} {:<10} nulls {:<8} {}",
                c["name"].as_str().unwrap_or(""),
                c["type"].as_str().unwrap_or(""),
                c["nulls"],
                c["summary"]
            );
        }
    }
    Ok(())
}
