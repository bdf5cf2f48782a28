//! `helder project`: youth-care demand per buurt 1 and 5 years ahead from a data folder
//! (the demo's `bevolking` and `jeugdzorg` datasets), and a hindcast against the naive
//! "current rate × current population".

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use helder_core::analytics::{project_demand, BuurtInput, DemandOptions, DemandProjection};
use helder_core::query::{self, Aggregate, Filter, GroupBy, GroupKey, Query};
use helder_core::{date, format_nl, Table};

use crate::figures::{load_manifest, load_table};

/// The demo's column names; a site spec will make these configurable, as for the KPI.
const POP_YEAR: &str = "jaar";
const POP_BUURT: &str = "buurt";
const POP_BAND: &str = "leeftijdsklasse";
const POP_COUNT: &str = "inwoners";
const USE_DATE: &str = "maand";
const USE_BUURT: &str = "buurt";
const USE_AGE: &str = "leeftijd";
const USE_CLIENT: &str = "client";

/// Age bands parsed from labels like "0-3", "4-11", "67+": lower bound and width in years.
fn bands(labels: &[String]) -> Result<Vec<(i64, f64)>> {
    labels
        .iter()
        .map(|l| {
            if let Some(lo) = l.strip_suffix('+') {
                Ok((lo.trim().parse()?, 30.0))
            } else {
                let (lo, hi) = l
                    .split_once('-')
                    .with_context(|| format!("age band `{l}`"))?;
                let (lo, hi): (i64, i64) = (lo.trim().parse()?, hi.trim().parse()?);
                Ok((lo, (hi - lo + 1) as f64))
            }
        })
        .collect()
}

/// Counts per buurt, one value per age band.
type PerBuurt = BTreeMap<String, Vec<f64>>;

/// Population per buurt per band on 1 January of `year`, band labels in age order.
fn population(table: &Table, year: i32) -> Result<(Vec<String>, PerBuurt)> {
    let groups = query::run(
        table,
        &Query {
            filters: vec![Filter::NumberRange {
                column: POP_YEAR.into(),
                min: f64::from(year),
                max: f64::from(year),
            }],
            group_by: vec![
                GroupBy::Column {
                    column: POP_BUURT.into(),
                },
                GroupBy::Column {
                    column: POP_BAND.into(),
                },
            ],
            aggregate: Aggregate::Sum {
                column: POP_COUNT.into(),
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
    let mut labels: Vec<String> = cells
        .values()
        .flat_map(|m| m.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if labels.is_empty() {
        bail!("no population for {year}");
    }
    let parsed = bands(&labels)?;
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&i| parsed[i].0);
    labels = order.iter().map(|&i| labels[i].clone()).collect();
    let per_buurt = cells
        .into_iter()
        .map(|(b, m)| {
            let v = labels
                .iter()
                .map(|l| m.get(l).copied().unwrap_or(0.0))
                .collect();
            (b, v)
        })
        .collect();
    Ok((labels, per_buurt))
}

/// Distinct clients per buurt per band during calendar `year`.
fn users(table: &Table, year: i32, band_lows: &[i64]) -> Result<PerBuurt> {
    let (Some(from), Some(to)) = (date::from_ymd(year, 1, 1), date::from_ymd(year, 12, 31)) else {
        bail!("bad year {year}");
    };
    let groups = query::run(
        table,
        &Query {
            filters: vec![Filter::DateRange {
                column: USE_DATE.into(),
                from,
                to,
            }],
            group_by: vec![
                GroupBy::Column {
                    column: USE_BUURT.into(),
                },
                GroupBy::Column {
                    column: USE_AGE.into(),
                },
            ],
            aggregate: Aggregate::CountDistinct {
                column: USE_CLIENT.into(),
            },
        },
    )?;
    let mut out: PerBuurt = BTreeMap::new();
    for g in groups {
        if let GroupKey::Pair(a, b) = g.key {
            let GroupKey::Int(age) = *b else { continue };
            let band = band_lows.iter().rposition(|&lo| age >= lo).unwrap_or(0);
            out.entry(a.label_nl())
                .or_insert_with(|| vec![0.0; band_lows.len()])[band] += g.value;
        }
    }
    Ok(out)
}

fn inputs(pop: &PerBuurt, used: &PerBuurt, k: usize) -> Vec<BuurtInput> {
    pop.iter()
        .map(|(name, p)| BuurtInput {
            name: name.clone(),
            population: p.clone(),
            users: used.get(name).cloned().unwrap_or_else(|| vec![0.0; k]),
        })
        .collect()
}

/// The projection from `base_year`, with the options' band widths taken from the labels.
pub fn projection(
    dir: &Path,
    base_year: i32,
    horizons: Vec<usize>,
) -> Result<(DemandProjection, Vec<String>)> {
    let manifest = load_manifest(dir)?;
    let pop_table = load_table(dir, &manifest, "bevolking")?;
    let use_table = load_table(dir, &manifest, "jeugdzorg")?;
    let (labels, pop) = population(&pop_table, base_year)?;
    let parsed = bands(&labels)?;
    let lows: Vec<i64> = parsed.iter().map(|b| b.0).collect();
    let used = users(&use_table, base_year, &lows)?;
    let opts = DemandOptions {
        band_years: parsed.iter().map(|b| b.1).collect(),
        horizons,
        ..Default::default()
    };
    Ok((
        project_demand(&inputs(&pop, &used, labels.len()), &opts)?,
        labels,
    ))
}

/// Hindcast: project from `base_year` one and `h2` years ahead, compare per buurt with the
/// users counted then; returns (horizon, MAE projection, MAE naive).
pub fn hindcast(dir: &Path, base_year: i32, h2: usize) -> Result<Vec<(usize, f64, f64)>> {
    let manifest = load_manifest(dir)?;
    let use_table = load_table(dir, &manifest, "jeugdzorg")?;
    let (p, labels) = projection(dir, base_year, vec![1, h2])?;
    let lows: Vec<i64> = bands(&labels)?.iter().map(|b| b.0).collect();
    let mut out = Vec::new();
    for (j, h) in [1, h2].into_iter().enumerate() {
        let actual = users(&use_table, base_year + h as i32, &lows)?;
        let (mut err, mut naive, mut n) = (0.0, 0.0, 0.0);
        for b in &p.buurten {
            let a: f64 = actual.get(&b.name).map_or(0.0, |v| v.iter().sum());
            err += (b.horizons[j].expected - a).abs();
            naive += (b.current - a).abs();
            n += 1.0;
        }
        out.push((h, err / n, naive / n));
    }
    Ok(out)
}

pub fn run(
    dir: &Path,
    base_year: Option<i32>,
    hindcast_from: Option<i32>,
    json: bool,
) -> Result<()> {
    let manifest = load_manifest(dir)?;
    if let Some(from) = hindcast_from {
        for (h, ours, naive) in hindcast(dir, from, 3)? {
            println!(
                "hindcast vanaf {from}, {h} jaar vooruit: gemiddelde absolute fout per buurt {} (naïef: huidige aantal {})",
                format_nl::number(ours, 2),
                format_nl::number(naive, 2)
            );
        }
        return Ok(());
    }
    // The last complete year: the as-of year is usually partial.
    let year = base_year.unwrap_or(date::year(manifest.as_of_day()) - 1);
    let (p, labels) = projection(dir, year, vec![1, 5])?;
    if json {
        let v = serde_json::json!({ "base_year": year, "bands": labels, "projection": p });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!(
        "Jeugdzorgcliënten per buurt, basisjaar {year}; verwachting over 1 en 5 jaar (95%-interval)"
    );
    let n = |v: f64| format_nl::number(v, 0);
    for b in &p.buurten {
        let h: Vec<String> = b
            .horizons
            .iter()
            .map(|h| format!("{} ({}–{})", n(h.expected), n(h.lower95), n(h.upper95)))
            .collect();
        println!("{:<28} nu {:>5}  {}", b.name, n(b.current), h.join("  "));
    }
    let t: Vec<String> = p
        .total
        .iter()
        .map(|h| format!("{} ({}–{})", n(h.expected), n(h.lower95), n(h.upper95)))
        .collect();
    println!("{:<28}          {}", "Gemeente (som)", t.join("  "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_labels() {
        let b = bands(&["0-3".into(), "4-11".into(), "67+".into()]).unwrap();
        assert_eq!(b, vec![(0, 4.0), (4, 8.0), (67, 30.0)]);
        assert!(bands(&["jong".into()]).is_err());
    }

    /// The hindcast quoted in docs/analytics.md: from 2022, one and three years ahead.
    #[test]
    fn hindcast_against_naive() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = date::parse_iso("2026-10-31").unwrap();
        let datasets = crate::demo::generate(crate::demo::as_of_for(as_of)).unwrap();
        crate::site_writer::write_site(
            dir.path(),
            crate::demo::GEMEENTE,
            "2026-10-31",
            "test",
            &datasets,
        )
        .unwrap();
        let rows = hindcast(dir.path(), 2022, 3).unwrap();
        for (h, ours, naive) in &rows {
            eprintln!("hindcast {h} year(s): MAE per buurt {ours:.2}, naive {naive:.2}");
            assert!(ours.is_finite() && naive.is_finite());
        }
    }
}
