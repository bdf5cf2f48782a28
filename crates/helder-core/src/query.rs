//! One query description for the app, the CLI and the tests: filters, an optional grouping
//! and an aggregate, evaluated over a [`Table`]. Nulls never count as 0: a row whose group
//! key or measure is null is left out, and an empty group has no value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date;
use crate::table::{Column, ColumnData, Table};
use crate::CoreError;

/// A row filter on one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Filter {
    /// Dates from `from` to `to` inclusive, as day numbers.
    DateRange { column: String, from: i32, to: i32 },
    /// Numbers from `min` to `max` inclusive.
    NumberRange { column: String, min: f64, max: f64 },
    /// Text values in this set.
    OneOf { column: String, values: Vec<String> },
}

/// How rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeBucket {
    Month,
    Year,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GroupBy {
    /// One group per distinct value of a text or whole-number column.
    Column { column: String },
    /// One group per time bucket of a date column.
    Time { column: String, bucket: TimeBucket },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Aggregate {
    Count,
    Sum { column: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    #[serde(default)]
    pub filters: Vec<Filter>,
    pub group_by: Option<GroupBy>,
    pub aggregate: Aggregate,
}

/// The key of one group, in a form that sorts naturally.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupKey {
    All,
    Text(String),
    Int(i64),
    /// Month index: year × 12 + month − 1.
    Month(i32),
    Year(i32),
}

impl GroupKey {
    /// A short Dutch label for axes and tables: "okt 2026", "2026", or the text itself.
    pub fn label_nl(&self) -> String {
        match self {
            GroupKey::All => "totaal".into(),
            GroupKey::Text(s) => s.clone(),
            GroupKey::Int(i) => i.to_string(),
            GroupKey::Month(m) => {
                let (y, mo) = date::month_parts(*m);
                format!("{} {y}", date::month_abbr_nl(mo))
            }
            GroupKey::Year(y) => y.to_string(),
        }
    }
}

/// One group and its aggregate; groups without any contributing row are left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub key: GroupKey,
    pub value: f64,
    pub rows: u64,
}

/// Runs a query; groups come back sorted by key.
pub fn run(table: &Table, query: &Query) -> Result<Vec<Group>, CoreError> {
    let filters = query
        .filters
        .iter()
        .map(|f| CompiledFilter::new(table, f))
        .collect::<Result<Vec<_>, _>>()?;
    let measure = match &query.aggregate {
        Aggregate::Count => None,
        Aggregate::Sum { column } => Some(table.numeric_column(column)?),
    };
    let key_of = KeyFn::new(table, query.group_by.as_ref())?;

    let mut groups: BTreeMap<GroupKey, (f64, u64)> = BTreeMap::new();
    for row in 0..table.rows() {
        if !filters.iter().all(|f| f.passes(row)) {
            continue;
        }
        let Some(key) = key_of.key(row) else { continue };
        let value = match measure {
            None => 1.0,
            Some(col) => match col.number(row) {
                Some(v) => v,
                None => continue,
            },
        };
        let entry = groups.entry(key).or_insert((0.0, 0));
        entry.0 += value;
        entry.1 += 1;
    }
    Ok(groups
        .into_iter()
        .map(|(key, (value, rows))| Group { key, value, rows })
        .collect())
}

/// The single value of an ungrouped query; 0 when no row passes (a sum over nothing).
pub fn scalar(table: &Table, filters: Vec<Filter>, aggregate: Aggregate) -> Result<f64, CoreError> {
    let groups = run(
        table,
        &Query {
            filters,
            group_by: None,
            aggregate,
        },
    )?;
    Ok(groups.first().map_or(0.0, |g| g.value))
}

enum CompiledFilter<'a> {
    DateRange(&'a Column, &'a [i32], i32, i32),
    NumberRange(&'a Column, f64, f64),
    OneOf(&'a Column, &'a [u32], Vec<bool>),
}

impl<'a> CompiledFilter<'a> {
    fn new(table: &'a Table, filter: &Filter) -> Result<Self, CoreError> {
        Ok(match filter {
            Filter::DateRange { column, from, to } => {
                let (col, days) = table.date_column(column)?;
                CompiledFilter::DateRange(col, days, *from, *to)
            }
            Filter::NumberRange { column, min, max } => {
                CompiledFilter::NumberRange(table.numeric_column(column)?, *min, *max)
            }
            Filter::OneOf { column, values } => {
                let col = table.column(column)?;
                let ColumnData::Category { codes, dict } = &col.data else {
                    return Err(table.wrong_type(col, "text"));
                };
                let allowed = dict.iter().map(|d| values.contains(d)).collect();
                CompiledFilter::OneOf(col, codes, allowed)
            }
        })
    }

    #[inline]
    fn passes(&self, row: usize) -> bool {
        match self {
            CompiledFilter::DateRange(col, days, from, to) => {
                col.is_valid(row) && (*from..=*to).contains(&days[row])
            }
            CompiledFilter::NumberRange(col, min, max) => {
                col.number(row).is_some_and(|v| v >= *min && v <= *max)
            }
            CompiledFilter::OneOf(col, codes, allowed) => {
                col.is_valid(row) && allowed[codes[row] as usize]
            }
        }
    }
}

enum KeyFn<'a> {
    All,
    Text(&'a Column, &'a [u32], &'a [String]),
    Int(&'a Column, &'a [i64]),
    Time(&'a Column, &'a [i32], TimeBucket),
}

impl<'a> KeyFn<'a> {
    fn new(table: &'a Table, group_by: Option<&GroupBy>) -> Result<Self, CoreError> {
        Ok(match group_by {
            None => KeyFn::All,
            Some(GroupBy::Column { column }) => {
                let col = table.column(column)?;
                match &col.data {
                    ColumnData::Category { codes, dict } => KeyFn::Text(col, codes, dict),
                    ColumnData::Int(v) => KeyFn::Int(col, v),
                    _ => return Err(table.wrong_type(col, "text or a whole number")),
                }
            }
            Some(GroupBy::Time { column, bucket }) => {
                let (col, days) = table.date_column(column)?;
                KeyFn::Time(col, days, *bucket)
            }
        })
    }

    #[inline]
    fn key(&self, row: usize) -> Option<GroupKey> {
        match self {
            KeyFn::All => Some(GroupKey::All),
            KeyFn::Text(col, codes, dict) => col
                .is_valid(row)
                .then(|| GroupKey::Text(dict[codes[row] as usize].clone())),
            KeyFn::Int(col, v) => col.is_valid(row).then(|| GroupKey::Int(v[row])),
            KeyFn::Time(col, days, bucket) => col.is_valid(row).then(|| match bucket {
                TimeBucket::Month => GroupKey::Month(date::month_index(days[row])),
                TimeBucket::Year => GroupKey::Year(date::year(days[row])),
            }),
        }
    }
}
