//! One monthly series for the analytics commands, from a CSV file or from an Arrow file
//! through the core's query engine (monthly sums), exactly as the browser would compute it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use helder_core::query::{self, Aggregate, Filter, GroupBy, GroupKey, Query, TimeBucket};
use helder_core::table::ColumnData;
use helder_core::{date, ipc, Table};

use crate::csv_series;

/// Consecutive monthly values and the month index of the first.
#[derive(Debug, Clone)]
pub struct MonthlySeries {
    pub label: String,
    pub start: i32,
    pub values: Vec<f64>,
}

/// Reads `column` per month from a `.csv` file or an Arrow IPC file.
pub fn load(path: &Path, column: &str, date_column: Option<&str>) -> Result<MonthlySeries> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let sums = if is_csv {
        let text = fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        csv_series::monthly_sums(&text, column, date_column)
            .with_context(|| format!("{}", path.display()))?
    } else {
        monthly_sums(&read_arrow(path, "")?, column, date_column)?
    };
    contiguous(column, &sums)
}

/// An Arrow IPC file as a table named after the file; `hint` is added to a read error.
fn read_arrow(path: &Path, hint: &str) -> Result<Table> {
    let bytes = fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    ipc::read_table(&name, bytes).with_context(|| format!("{}{hint}", path.display()))
}

/// Control areas of an Arrow file with one row per area: the rows whose `column` holds one
/// of `values`; every other row with a value in that column had the measure.
#[derive(Debug, Clone)]
pub struct Areas {
    pub column: String,
    pub values: Vec<String>,
}

impl Areas {
    /// Parses `column=value,value` (the `--control` form for one row per area).
    pub fn parse(text: &str) -> Option<Areas> {
        let (column, values) = text.split_once('=')?;
        let values: Vec<String> = values
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        Some(Areas {
            column: column.trim().to_string(),
            values,
        })
    }

    /// The filters that keep the rows with the measure and the control rows of `table`;
    /// an area the column does not hold is an error.
    fn filters(&self, table: &Table) -> Result<(Filter, Filter)> {
        let groups = query::run(
            table,
            &Query {
                filters: vec![],
                group_by: vec![GroupBy::Column {
                    column: self.column.clone(),
                }],
                aggregate: Aggregate::Count,
            },
        )
        .with_context(|| format!("reading the areas in column `{}`", self.column))?;
        let held: Vec<String> = groups
            .into_iter()
            .filter_map(|g| match g.key {
                GroupKey::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        if self.values.is_empty() {
            bail!("name the control areas after `{}=`", self.column);
        }
        if let Some(v) = self.values.iter().find(|v| !held.contains(v)) {
            bail!(
                "column `{}` has no area `{v}`; it holds: {}",
                self.column,
                held.join(", ")
            );
        }
        let treated: Vec<String> = held
            .into_iter()
            .filter(|h| !self.values.contains(h))
            .collect();
        if treated.is_empty() {
            bail!(
                "every area of column `{}` is a control area; none is left with the measure",
                self.column
            );
        }
        let keep = |values: Vec<String>| Filter::OneOf {
            column: self.column.clone(),
            values,
        };
        Ok((keep(treated), keep(self.values.clone())))
    }
}

/// Reads `column` per month from an Arrow IPC file once, split into the areas with the
/// measure and the control `areas`.
pub fn load_split(
    path: &Path,
    column: &str,
    date_column: Option<&str>,
    areas: &Areas,
) -> Result<(MonthlySeries, MonthlySeries)> {
    let table = read_arrow(
        path,
        " (areas as `column=value,...` need an Arrow file with one row per area)",
    )?;
    let (treated, control) = areas.filters(&table)?;
    let series = |filter: Filter, side: String| -> Result<MonthlySeries> {
        let sums = monthly_sums_where(&table, column, date_column, vec![filter])?;
        contiguous(&format!("{column} ({side})"), &sums)
    };
    Ok((
        series(
            treated,
            format!("{} {}", areas.column, not_in(&areas.values)),
        )?,
        series(control, areas.values.join(", "))?,
    ))
}

/// "niet Zuid, West": the label of the rows outside some areas.
fn not_in(values: &[String]) -> String {
    format!("behalve {}", values.join(", "))
}

/// The sum of `column` per calendar month of the date column (given, or the first one).
pub fn monthly_sums(
    table: &Table,
    column: &str,
    date_column: Option<&str>,
) -> Result<BTreeMap<i32, f64>> {
    monthly_sums_where(table, column, date_column, vec![])
}

/// The same over only the rows that pass `filters`.
fn monthly_sums_where(
    table: &Table,
    column: &str,
    date_column: Option<&str>,
    filters: Vec<Filter>,
) -> Result<BTreeMap<i32, f64>> {
    let date_column = match date_column {
        Some(d) => d.to_string(),
        None => first_date_column(table)?,
    };
    let groups = query::run(
        table,
        &Query {
            filters,
            group_by: vec![GroupBy::Time {
                column: date_column,
                bucket: TimeBucket::Month,
            }],
            aggregate: Aggregate::Sum {
                column: column.into(),
            },
        },
    )?;
    Ok(groups
        .into_iter()
        .filter_map(|g| match g.key {
            GroupKey::Month(m) => Some((m, g.value)),
            _ => None,
        })
        .collect())
}

fn first_date_column(table: &Table) -> Result<String> {
    for (i, name) in table.column_names().enumerate() {
        let col = table.column_at(i)?;
        if matches!(col.data, ColumnData::Date(_) | ColumnData::Timestamp { .. }) {
            return Ok(name.to_string());
        }
    }
    bail!(
        "dataset `{}` has no date column; name one with --date-column",
        table.name()
    )
}

/// The months from first to last without gaps; a missing month is an error, because
/// treating it as zero would invent a drop and leaving it out would shift the season.
pub fn contiguous(label: &str, sums: &BTreeMap<i32, f64>) -> Result<MonthlySeries> {
    let (Some((&first, _)), Some((&last, _))) = (sums.first_key_value(), sums.last_key_value())
    else {
        bail!("no values found for `{label}`");
    };
    let mut values = Vec::with_capacity((last - first + 1) as usize);
    for m in first..=last {
        let v = sums.get(&m).with_context(|| {
            let (y, mo) = date::month_parts(m);
            format!(
                "`{label}` has no data for {} {y}; fill that month first",
                date::month_name_nl(mo)
            )
        })?;
        values.push(*v);
    }
    Ok(MonthlySeries {
        label: label.to_string(),
        start: first,
        values,
    })
}

/// "okt 2026" for a month index.
pub fn month_label(m: i32) -> String {
    let (y, mo) = date::month_parts(m);
    format!("{} {y}", date::month_abbr_nl(mo))
}
