//! A data table of the rows themselves: the rows that pass every filter, sorted, searched
//! and cut into pages, each value written the Dutch way. Identifier columns are never shown.

use std::cmp::Ordering;

use crate::spec::{Role, Spec, Unit, WidgetSpec};
use crate::table::{Column, ColumnData, Table};
use crate::{date, format_nl, tz, value_format, CoreError};

/// One page of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct RowsPage {
    /// Column labels, in the order shown.
    pub columns: Vec<String>,
    /// Whether each column holds numbers (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// Rows that pass the filters and the search.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

/// What the reader asked for: a sort column (index into the shown columns) and direction,
/// a search text and a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowsRequest {
    pub sort: Option<(usize, bool)>,
    pub search: String,
    pub page: usize,
    pub per_page: usize,
}

/// The columns widget `w` shows: its `show` list, or every column whose role is not `id`.
pub fn shown_columns(spec: &Spec, dataset: &str, w: &WidgetSpec, table: &Table) -> Vec<String> {
    let is_id = |c: &str| {
        spec.datasets
            .get(dataset)
            .and_then(|d| d.columns.get(c))
            .is_some_and(|c| c.get_ref().role == Role::Id)
    };
    let wanted: Vec<String> = if w.show.is_empty() {
        table.column_names().map(str::to_string).collect()
    } else {
        w.show.iter().map(|c| c.get_ref().clone()).collect()
    };
    wanted.into_iter().filter(|c| !is_id(c)).collect()
}

fn unit_of(spec: &Spec, dataset: &str, column: &str) -> Option<Unit> {
    spec.datasets
        .get(dataset)?
        .columns
        .get(column)?
        .get_ref()
        .unit
}

/// Row `i` of `col` as the table shows it.
fn cell(col: &Column, i: usize, unit: Option<Unit>) -> String {
    if !col.is_valid(i) {
        return format_nl::NO_VALUE.into();
    }
    match &col.data {
        ColumnData::Float(v) => match unit {
            Some(u) => value_format::format(
                Some(v[i]),
                u,
                if u == Unit::Euro {
                    2
                } else {
                    value_format::default_decimals(u)
                },
            ),
            None => format_nl::number(v[i], 2),
        },
        // Years and ages read best without a thousands dot; larger counts with one.
        ColumnData::Int(v) if v[i].abs() < 10_000 => v[i].to_string(),
        ColumnData::Int(v) => format_nl::integer(v[i]),
        ColumnData::Bool(b) => if b.value(i) { "ja" } else { "nee" }.into(),
        ColumnData::Date(d) => dutch_date(d[i]),
        ColumnData::Timestamp { micros, .. } => {
            let secs = micros[i].div_euclid(1_000_000);
            let local = secs + tz::amsterdam_offset_seconds(secs);
            let day = local.div_euclid(86_400) as i32;
            let minute = local.rem_euclid(86_400) / 60;
            format!("{} {:02}:{:02}", dutch_date(day), minute / 60, minute % 60)
        }
        ColumnData::Category { codes, dict } => {
            dict.get(codes[i] as usize).cloned().unwrap_or_default()
        }
    }
}

/// `31-10-2026`, as Dutch tables write dates.
fn dutch_date(day: i32) -> String {
    let iso = date::format_iso(day);
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}-{m}-{y}"),
        _ => iso,
    }
}

/// Compares rows `a` and `b` of `col` (ascending); empty values sort last.
fn compare(col: &Column, a: usize, b: usize) -> Ordering {
    match (col.is_valid(a), col.is_valid(b)) {
        (false, false) => return Ordering::Equal,
        (false, true) => return Ordering::Greater,
        (true, false) => return Ordering::Less,
        _ => {}
    }
    match &col.data {
        ColumnData::Float(v) => v[a].total_cmp(&v[b]),
        ColumnData::Int(v) => v[a].cmp(&v[b]),
        ColumnData::Bool(v) => v.value(a).cmp(&v.value(b)),
        ColumnData::Date(v) => v[a].cmp(&v[b]),
        ColumnData::Timestamp { micros, .. } => micros[a].cmp(&micros[b]),
        ColumnData::Category { codes, dict } => {
            dict[codes[a] as usize].cmp(&dict[codes[b] as usize])
        }
    }
}

/// The page `req` asks for, from the rows that pass (`passing`, table row numbers).
pub fn rows_page(
    spec: &Spec,
    dataset: &str,
    w: &WidgetSpec,
    table: &Table,
    passing: Vec<u32>,
    req: &RowsRequest,
) -> Result<RowsPage, CoreError> {
    let names = shown_columns(spec, dataset, w, table);
    let cols: Vec<&Column> = names
        .iter()
        .map(|n| table.column(n))
        .collect::<Result<_, _>>()?;
    let units: Vec<Option<Unit>> = names.iter().map(|n| unit_of(spec, dataset, n)).collect();
    let needle = req.search.trim().to_lowercase();
    let mut rows: Vec<usize> = passing.into_iter().map(|r| r as usize).collect();
    if !needle.is_empty() {
        rows.retain(|r| {
            cols.iter()
                .zip(&units)
                .any(|(c, u)| cell(c, *r, *u).to_lowercase().contains(&needle))
        });
    }
    if let Some((c, ascending)) = req.sort {
        if let Some(col) = cols.get(c) {
            // Empty values go last in either direction.
            crate::sort_order::sort_by(&mut rows, |a, b| {
                match (col.is_valid(*a), col.is_valid(*b)) {
                    (true, true) if !ascending => compare(col, *a, *b).reverse(),
                    _ => compare(col, *a, *b),
                }
            });
        }
    }
    let per_page = req.per_page.max(1);
    let pages = rows.len().div_ceil(per_page).max(1);
    let page = req.page.min(pages - 1);
    let shown = rows
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .map(|r| {
            cols.iter()
                .zip(&units)
                .map(|(c, u)| cell(c, *r, *u))
                .collect()
        })
        .collect();
    Ok(RowsPage {
        columns: names
            .iter()
            .map(|n| spec.column_label(dataset, n).to_string())
            .collect(),
        numeric: cols
            .iter()
            .map(|c| matches!(c.data, ColumnData::Float(_) | ColumnData::Int(_)))
            .collect(),
        rows: shown,
        total: rows.len(),
        page,
        pages,
    })
}
