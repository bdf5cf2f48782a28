//! One query description for the app, the CLI and the tests: filters, up to two groupings
//! and an aggregate. Queries run on the crossfilter engine, so a one-off query and a linked
//! dashboard view are computed by the same code. Nulls never count as 0: a row whose group
//! key or measure is null is left out, and an empty group has no value.

use serde::{Deserialize, Serialize};

use crate::crossfilter::{Crossfilter, DimensionSpec, ViewSpec};
use crate::date;
use crate::table::Table;
use crate::CoreError;

/// A row filter on one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Filter {
    /// Dates (or time buckets starting) from `from` to `to` inclusive, as day numbers.
    DateRange { column: String, from: i32, to: i32 },
    /// Numbers from `min` to `max` inclusive.
    NumberRange { column: String, min: f64, max: f64 },
    /// Text values in this set.
    OneOf { column: String, values: Vec<String> },
    /// Text values containing `text`, ignoring case.
    Contains { column: String, text: String },
    /// Only rows where the column is empty.
    IsNull { column: String },
    /// Only rows where the column has a value.
    NotNull { column: String },
}

impl Filter {
    pub fn column(&self) -> &str {
        match self {
            Filter::DateRange { column, .. }
            | Filter::NumberRange { column, .. }
            | Filter::OneOf { column, .. }
            | Filter::Contains { column, .. }
            | Filter::IsNull { column }
            | Filter::NotNull { column } => column,
        }
    }
}

/// Calendar buckets; weeks are ISO weeks (Monday to Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeBucket {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GroupBy {
    /// One group per distinct value of a text, whole-number, yes/no or date column.
    Column { column: String },
    /// One group per time bucket of a date or timestamp column.
    Time { column: String, bucket: TimeBucket },
}

impl GroupBy {
    pub fn dimension(&self) -> DimensionSpec {
        match self {
            GroupBy::Column { column } => DimensionSpec::column(column),
            GroupBy::Time { column, bucket } => DimensionSpec::bucketed(column, *bucket),
        }
    }
}

/// What is computed per group. Count, sum and mean (and ratios of them) are kept up to date
/// incrementally by the crossfilter; the others are recomputed from the rows that pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Aggregate {
    /// Rows.
    Count,
    Sum {
        column: String,
    },
    Mean {
        column: String,
    },
    Min {
        column: String,
    },
    Max {
        column: String,
    },
    /// The `q`-quantile (0 ≤ q ≤ 1; 0.5 is the median), interpolated linearly.
    Quantile {
        column: String,
        q: f64,
    },
    /// Distinct non-null values of a text or whole-number column, e.g. clients.
    CountDistinct {
        column: String,
    },
    /// One aggregate divided by another, e.g. cost per client.
    Ratio {
        numerator: Box<Aggregate>,
        denominator: Box<Aggregate>,
    },
}

impl Aggregate {
    pub fn median(column: &str) -> Self {
        Aggregate::Quantile {
            column: column.into(),
            q: 0.5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// None (one total), one (a series) or two (a pivot) groupings.
    #[serde(default)]
    pub group_by: Vec<GroupBy>,
    pub aggregate: Aggregate,
}

/// The key of one group, in a form that sorts naturally.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum GroupKey {
    All,
    Text(String),
    Int(i64),
    /// A day number.
    Day(i32),
    /// The Monday (day number) that starts an ISO week.
    Week(i32),
    /// Month index: year × 12 + month − 1.
    Month(i32),
    /// Quarter index: year × 4 + quarter − 1.
    Quarter(i32),
    Year(i32),
    /// A pivot cell: row key and column key.
    Pair(Box<GroupKey>, Box<GroupKey>),
}

impl GroupKey {
    /// The first and last day a time key covers, e.g. a month's first and last day; `None`
    /// for keys that are not periods.
    pub fn day_range(&self) -> Option<(i32, i32)> {
        let month_start = |m: i32| {
            let (y, mo) = date::month_parts(m);
            date::from_ymd(y, mo, 1)
        };
        match self {
            GroupKey::Day(d) => Some((*d, *d)),
            GroupKey::Week(monday) => Some((*monday, monday + 6)),
            GroupKey::Month(m) => month_start(*m).map(|d| (d, date::end_of_month(d))),
            GroupKey::Quarter(q) => {
                let first = month_start(q * 3)?;
                let last = month_start(q * 3 + 2)?;
                Some((first, date::end_of_month(last)))
            }
            GroupKey::Year(y) => Some((date::from_ymd(*y, 1, 1)?, date::from_ymd(*y, 12, 31)?)),
            _ => None,
        }
    }

    /// A short Dutch label for axes and tables: "okt 2026", "2026 K3", "week 43 2026".
    pub fn label_nl(&self) -> String {
        match self {
            GroupKey::All => crate::locale::pick("totaal", "total").into(),
            GroupKey::Text(s) => s.clone(),
            GroupKey::Int(i) => i.to_string(),
            GroupKey::Day(d) => date::format_long_nl(*d),
            GroupKey::Week(monday) => {
                let (year, week) = date::iso_week(*monday);
                format!("week {week} {year}")
            }
            GroupKey::Month(m) => {
                let (y, mo) = date::month_parts(*m);
                format!("{} {y}", date::month_abbr_nl(mo))
            }
            GroupKey::Quarter(q) => format!(
                "{} {}{}",
                q.div_euclid(4),
                crate::locale::pick("K", "Q"),
                q.rem_euclid(4) + 1
            ),
            GroupKey::Year(y) => y.to_string(),
            GroupKey::Pair(a, b) => format!("{} · {}", a.label_nl(), b.label_nl()),
        }
    }
}

/// One group and its aggregate; groups without any contributing row are left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub key: GroupKey,
    pub value: f64,
    /// Rows that passed the filters and have this key.
    pub rows: u64,
}

/// Runs a query; groups come back sorted by key.
pub fn run(table: &Table, query: &Query) -> Result<Vec<Group>, CoreError> {
    if query.group_by.len() > 2 {
        return Err(CoreError::Query(format!(
            "a query groups by at most two columns (a pivot), not {}",
            query.group_by.len()
        )));
    }
    let mut dims: Vec<DimensionSpec> = query.group_by.iter().map(GroupBy::dimension).collect();
    let view_dim = match dims.len() {
        0 => None,
        1 => Some(dims[0].name.clone()),
        _ => {
            let pair = DimensionSpec::pair(&dims[0].name, &dims[1].name);
            let name = pair.name.clone();
            dims.push(pair);
            Some(name)
        }
    };
    // Filter dimensions get names of their own: in a plain query every filter applies to
    // the result, also one on the grouped column (crossfilter would skip that one).
    let filter_dim = |column: &str| format!("filter:{column}");
    for f in &query.filters {
        let name = filter_dim(f.column());
        if !dims.iter().any(|d| d.name == name) {
            dims.push(DimensionSpec::named(&name, f.column()));
        }
    }
    let view = ViewSpec {
        id: "q".into(),
        dimension: view_dim,
        aggregate: query.aggregate.clone(),
    };
    let mut cf = Crossfilter::new(table, &dims, vec![view])?;
    for f in &query.filters {
        cf.set_filter(&filter_dim(f.column()), Some(f.clone()))?;
    }
    let mut groups = cf.groups(0);
    crate::sort_order::sort_by(&mut groups, |a, b| a.key.cmp(&b.key));
    Ok(groups)
}

/// The single value of an ungrouped query; 0 when no row passes (a sum over nothing).
pub fn scalar(table: &Table, filters: Vec<Filter>, aggregate: Aggregate) -> Result<f64, CoreError> {
    let groups = run(
        table,
        &Query {
            filters,
            group_by: Vec::new(),
            aggregate,
        },
    )?;
    Ok(groups.first().map_or(0.0, |g| g.value))
}
