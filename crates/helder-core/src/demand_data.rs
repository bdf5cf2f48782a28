//! The inputs of a care-demand projection read from two tables through the query engine: the
//! population per area per age band on 1 January of a year, the distinct users of a service
//! per area per age band during that year, and its monthly users (for the level factor). The
//! CLI's `helder project` and the page model's demand widget both read through this.

use std::collections::{BTreeMap, BTreeSet};

use crate::analytics::demand::{level_factor, BuurtInput};
use crate::query::{self, Aggregate, Filter, GroupBy, GroupKey, Query, TimeBucket};
use crate::{date, CoreError, Table};

/// Where the figures are in the two tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandColumns {
    /// Population table: the year (whole number), the area, the age band label
    /// (`0-3`, `4-11`, `67+`) and the number of inhabitants.
    pub year: String,
    pub area: String,
    pub band: String,
    pub inhabitants: String,
    /// Care table: the month or day of use, the area, the user's age in years and the user's
    /// (pseudonymous) id, counted distinct.
    pub care_time: String,
    pub care_area: String,
    pub care_age: String,
    pub client: String,
}

impl DemandColumns {
    /// The demo's column names (`bevolking` and `jeugdzorg`).
    pub fn demo() -> Self {
        DemandColumns {
            year: "jaar".into(),
            area: "buurt".into(),
            band: "leeftijdsklasse".into(),
            inhabitants: "inwoners".into(),
            care_time: "maand".into(),
            care_area: "buurt".into(),
            care_age: "leeftijd".into(),
            client: "client".into(),
        }
    }
}

/// Everything a projection from `base_year` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandData {
    pub base_year: i32,
    /// Age band labels in age order, with their lower bound and width in years.
    pub bands: Vec<String>,
    pub band_lows: Vec<i64>,
    pub band_years: Vec<f64>,
    pub buurten: Vec<BuurtInput>,
    /// Distinct users per month of the base year, for the whole municipality.
    pub monthly_users: Vec<f64>,
    pub level_factor: f64,
}

/// Width assumed for the open last band (`67+`) when ageing; only its inflow matters.
const OPEN_BAND_YEARS: f64 = 30.0;

/// Age bands parsed from labels like `0-3`, `4-11`, `67+`: lower bound and width in years.
pub fn band_bounds(labels: &[String]) -> Result<Vec<(i64, f64)>, CoreError> {
    labels
        .iter()
        .map(|l| {
            let bad = || {
                CoreError::Analytics(format!(
                    "age band `{l}` is not of the form `4-11` or `67+`; name the bands by their ages in years"
                ))
            };
            if let Some(lo) = l.trim().strip_suffix('+') {
                Ok((lo.trim().parse().map_err(|_| bad())?, OPEN_BAND_YEARS))
            } else {
                let (lo, hi) = l.split_once('-').ok_or_else(bad)?;
                let lo: i64 = lo.trim().parse().map_err(|_| bad())?;
                let hi: i64 = hi.trim().parse().map_err(|_| bad())?;
                if hi < lo {
                    return Err(bad());
                }
                Ok((lo, (hi - lo + 1) as f64))
            }
        })
        .collect()
}

/// The latest year that has a population and a care record in its December: the last
/// complete year of use (the current year is usually partial).
pub fn latest_base_year(
    population: &Table,
    care: &Table,
    cols: &DemandColumns,
) -> Result<i32, CoreError> {
    let years: BTreeSet<i32> = query::run(
        population,
        &Query {
            filters: Vec::new(),
            group_by: vec![GroupBy::Column {
                column: cols.year.clone(),
            }],
            aggregate: Aggregate::Count,
        },
    )?
    .into_iter()
    .filter_map(|g| match g.key {
        GroupKey::Int(y) => i32::try_from(y).ok(),
        _ => None,
    })
    .collect();
    let last_month = monthly(care, cols, None)?
        .last()
        .map(|(m, _)| *m)
        .ok_or_else(|| CoreError::Analytics("the care data has no dated rows".into()))?;
    let (y, mo) = date::month_parts(last_month);
    let complete = if mo == 12 { y } else { y - 1 };
    years
        .range(..=complete)
        .next_back()
        .copied()
        .ok_or_else(|| {
            CoreError::Analytics(format!(
                "no year up to {complete} has both a population and a complete year of care use"
            ))
        })
}

/// Distinct users per month (month index, users), optionally only during `year`.
fn monthly(
    care: &Table,
    cols: &DemandColumns,
    year: Option<i32>,
) -> Result<Vec<(i32, f64)>, CoreError> {
    let filters = match year {
        Some(y) => vec![year_filter(&cols.care_time, y)?],
        None => Vec::new(),
    };
    Ok(query::run(
        care,
        &Query {
            filters,
            group_by: vec![GroupBy::Time {
                column: cols.care_time.clone(),
                bucket: TimeBucket::Month,
            }],
            aggregate: Aggregate::CountDistinct {
                column: cols.client.clone(),
            },
        },
    )?
    .into_iter()
    .filter_map(|g| match g.key {
        GroupKey::Month(m) => Some((m, g.value)),
        _ => None,
    })
    .collect())
}

fn year_filter(column: &str, year: i32) -> Result<Filter, CoreError> {
    let (Some(from), Some(to)) = (date::from_ymd(year, 1, 1), date::from_ymd(year, 12, 31)) else {
        return Err(CoreError::Analytics(format!("year {year} is out of range")));
    };
    Ok(Filter::DateRange {
        column: column.into(),
        from,
        to,
    })
}

/// Counts per area, one value per age band.
pub type PerArea = BTreeMap<String, Vec<f64>>;

/// Population per area per band in `year`, with the band labels in age order.
fn population(
    table: &Table,
    cols: &DemandColumns,
    year: i32,
) -> Result<(Vec<String>, PerArea), CoreError> {
    let groups = query::run(
        table,
        &Query {
            filters: vec![Filter::NumberRange {
                column: cols.year.clone(),
                min: f64::from(year),
                max: f64::from(year),
            }],
            group_by: vec![
                GroupBy::Column {
                    column: cols.area.clone(),
                },
                GroupBy::Column {
                    column: cols.band.clone(),
                },
            ],
            aggregate: Aggregate::Sum {
                column: cols.inhabitants.clone(),
            },
        },
    )?;
    let mut cells: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for g in groups {
        if let GroupKey::Pair(a, b) = g.key {
            cells
                .entry(a.label_nl())
                .or_default()
                .insert(b.label_nl(), g.value);
        }
    }
    let labels: BTreeSet<String> = cells.values().flat_map(|m| m.keys().cloned()).collect();
    let mut labels: Vec<String> = labels.into_iter().collect();
    if labels.is_empty() {
        return Err(CoreError::Analytics(format!(
            "the population has no rows for {year}"
        )));
    }
    let bounds = band_bounds(&labels)?;
    let mut order: Vec<usize> = (0..labels.len()).collect();
    crate::sort_order::sort_indices(&mut order, &mut |a, b| bounds[a].0.cmp(&bounds[b].0));
    labels = order.iter().map(|&i| labels[i].clone()).collect();
    let per_area = cells
        .into_iter()
        .map(|(b, m)| {
            let v = labels
                .iter()
                .map(|l| m.get(l).copied().unwrap_or(0.0))
                .collect();
            (b, v)
        })
        .collect();
    Ok((labels, per_area))
}

/// Distinct users per area per band during calendar `year`; `band_lows` are the bands'
/// lower ages in order. A user counts in the band of the age recorded with their use.
pub fn users(
    care: &Table,
    cols: &DemandColumns,
    year: i32,
    band_lows: &[i64],
) -> Result<PerArea, CoreError> {
    let groups = query::run(
        care,
        &Query {
            filters: vec![year_filter(&cols.care_time, year)?],
            group_by: vec![
                GroupBy::Column {
                    column: cols.care_area.clone(),
                },
                GroupBy::Column {
                    column: cols.care_age.clone(),
                },
            ],
            aggregate: Aggregate::CountDistinct {
                column: cols.client.clone(),
            },
        },
    )?;
    let mut out: PerArea = BTreeMap::new();
    for g in groups {
        if let GroupKey::Pair(a, b) = g.key {
            let GroupKey::Int(age) = *b else {
                return Err(CoreError::Analytics(format!(
                    "column `{}` should hold ages in whole years",
                    cols.care_age
                )));
            };
            let band = band_lows.iter().rposition(|&lo| age >= lo).unwrap_or(0);
            out.entry(a.label_nl())
                .or_insert_with(|| vec![0.0; band_lows.len()])[band] += g.value;
        }
    }
    Ok(out)
}

/// Reads the inputs of a projection from `base_year`. Areas with users but no population
/// (e.g. a missing buurt code) are left out: they have no one to project.
pub fn read(
    population_table: &Table,
    care: &Table,
    cols: &DemandColumns,
    base_year: i32,
) -> Result<DemandData, CoreError> {
    let (bands, pop) = population(population_table, cols, base_year)?;
    let bounds = band_bounds(&bands)?;
    let band_lows: Vec<i64> = bounds.iter().map(|b| b.0).collect();
    let used = users(care, cols, base_year, &band_lows)?;
    let k = bands.len();
    let buurten = pop
        .iter()
        .map(|(name, p)| BuurtInput {
            name: name.clone(),
            population: p.clone(),
            users: used.get(name).cloned().unwrap_or_else(|| vec![0.0; k]),
        })
        .collect();
    let monthly_users: Vec<f64> = monthly(care, cols, Some(base_year))?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    Ok(DemandData {
        base_year,
        level_factor: level_factor(&monthly_users),
        monthly_users,
        bands,
        band_lows,
        band_years: bounds.iter().map(|b| b.1).collect(),
        buurten,
    })
}
