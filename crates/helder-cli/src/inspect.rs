//! `helder inspect`: what is in an Arrow, Parquet or CSV file, per column, read through the
//! core exactly as the browser would read the prepared file.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use helder_core::table::ColumnData;
use helder_core::{date, ipc, Table};
use serde_json::{json, Value};

use crate::csv_batches::CsvOptions;
use crate::input::{self, Batches, Format};
use crate::normalize::Normalizer;

pub fn print(path: &Path, json_out: bool, csv: &CsvOptions) -> Result<()> {
    let (table, format, source_types, extra) = read(path, csv)?;
    let columns: Vec<Value> = (0..table.column_names().count())
        .map(|i| summarise(&table, i, source_types.get(i).cloned().unwrap_or_default()))
        .collect::<Result<_>>()?;
    if json_out {
        let value = json!({
            "file": path.display().to_string(),
            "format": format.name(),
            "rows": table.rows(),
            "columns": columns,
            "csv": extra,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "{}: {}, {} rows, {} columns",
            path.display(),
            format.name(),
            table.rows(),
            columns.len()
        );
        if !extra.is_null() {
            println!(
                "  CSV: {}, separator `{}`, decimal mark `{}`",
                extra["encoding"].as_str().unwrap_or(""),
                extra["separator"].as_str().unwrap_or(""),
                extra["decimal"].as_str().unwrap_or("")
            );
        }
        for c in &columns {
            let summary = c["summary"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| format!("{k} {v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            println!(
                "  {:<24} {:<10} {:<28} nulls {:<9} {}",
                c["name"].as_str().unwrap_or(""),
                c["type"].as_str().unwrap_or(""),
                c["source_type"].as_str().unwrap_or(""),
                c["nulls"],
                summary
            );
        }
    }
    Ok(())
}

/// Reads any input into a core table. Arrow goes through the core's validating reader,
/// CSV and Parquet through the same conversion `helder prepare` uses.
fn read(path: &Path, csv: &CsvOptions) -> Result<(Table, Format, Vec<String>, Value)> {
    let context = || format!("{}", path.display());
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = input::detect(path).with_context(context)?;
    if format == Format::Arrow {
        crate::crash_guard::reading(path);
        let bytes = fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
        let table = ipc::read_table(&name, bytes).with_context(context)?;
        let types = type_names(table.schema());
        return Ok((table, format, types, Value::Null));
    }
    let mut source = input::open(path, csv).with_context(context)?;
    let types = type_names(&source.schema);
    let extra = match &source.batches {
        Batches::Csv(c) => {
            let d = c.dialect();
            json!({
                "encoding": d.encoding.name(),
                "separator": (d.separator as char).to_string(),
                "decimal": match d.decimal { crate::csv_values::DecimalMark::Comma => ",", crate::csv_values::DecimalMark::Dot => "." },
                "types": c.column_types().map(|(n, t)| (n.to_string(), Value::from(t.name()))).collect::<serde_json::Map<_, _>>(),
            })
        }
        _ => Value::Null,
    };
    let mut normalizer = Normalizer::new(source.schema.clone()).with_context(context)?;
    let mut batches = Vec::new();
    while let Some(b) = source
        .batches
        .next_batch(crate::PREPARE_BATCH_ROWS)
        .with_context(context)?
    {
        batches.push(normalizer.convert(&b).with_context(context)?);
    }
    let table = Table::from_batches(&name, normalizer.schema(), batches).with_context(context)?;
    Ok((table, format, types, extra))
}

fn type_names(schema: &arrow_schema::Schema) -> Vec<String> {
    schema
        .fields()
        .iter()
        .map(|f| f.data_type().to_string())
        .collect()
}

fn summarise(table: &Table, i: usize, source_type: String) -> Result<Value> {
    let c = table.column_at(i)?;
    let rows = table.rows();
    let valid = |i: &usize| c.is_valid(*i);
    let (kind, summary) = match &c.data {
        ColumnData::Category { dict, codes } => {
            // The dictionary may hold values no row uses (after a filter upstream).
            let mut used = vec![false; dict.len()];
            for i in (0..rows).filter(valid) {
                if let Some(u) = used.get_mut(codes[i] as usize) {
                    *u = true;
                }
            }
            let present = || dict.iter().zip(&used).filter(|(_, u)| **u).map(|(s, _)| s);
            (
                "text",
                json!({ "distinct": used.iter().filter(|u| **u).count(), "min": present().min(), "max": present().max() }),
            )
        }
        ColumnData::Date(days) => {
            let (min, max) = (0..days.len())
                .filter(valid)
                .map(|i| days[i])
                .fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
            let some = min <= max;
            (
                "date",
                json!({ "min": some.then(|| date::format_iso(min)), "max": some.then(|| date::format_iso(max)) }),
            )
        }
        ColumnData::Float(_) | ColumnData::Int(_) => {
            let values = (0..rows).filter_map(|i| c.number(i));
            // JSON has no NaN or infinity, so those are counted and the rest summarised.
            let (mut min, mut max, mut sum) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
            let (mut nan, mut inf) = (0, 0);
            for v in values {
                if v.is_nan() {
                    nan += 1;
                } else if v.is_infinite() {
                    inf += 1;
                } else {
                    min = min.min(v);
                    max = max.max(v);
                    sum += v;
                }
            }
            let some = min <= max;
            (
                "number",
                json!({ "min": some.then_some(min), "max": some.then_some(max), "sum": sum, "nan": nan, "inf": inf }),
            )
        }
        ColumnData::Bool(b) => {
            let t = (0..rows).filter(valid).filter(|i| b.value(*i)).count();
            ("bool", json!({ "true": t }))
        }
        ColumnData::Timestamp { tz, micros } => {
            let (min, max) = (0..micros.len())
                .filter(valid)
                .map(|i| micros[i])
                .fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
            let iso = |us: i64| {
                chrono::DateTime::from_timestamp_micros(us).map(|t| t.naive_utc().to_string())
            };
            let some = min <= max;
            (
                "timestamp",
                json!({ "tz": tz.as_deref(), "min_utc": if some { iso(min) } else { None }, "max_utc": if some { iso(max) } else { None } }),
            )
        }
    };
    Ok(
        json!({ "name": c.name, "type": kind, "source_type": source_type, "nulls": c.null_count(), "summary": summary }),
    )
}
