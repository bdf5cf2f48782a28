//! A minimal CSV reader for one monthly series: a header row, a date column and a number
//! column, summed per month. Kept apart on purpose: full CSV import is built elsewhere and
//! will replace this module.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use helder_core::date;

/// Month index → sum of the values dated in that month.
pub fn monthly_sums(
    text: &str,
    column: &str,
    date_column: Option<&str>,
) -> Result<BTreeMap<i32, f64>> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().context("the CSV file is empty")?;
    // Dutch spreadsheets write `;` between fields and a decimal comma.
    let sep = if header.contains(';') { ';' } else { ',' };
    let names: Vec<&str> = header
        .split(sep)
        .map(|s| s.trim().trim_matches('"'))
        .collect();
    let find = |name: &str| {
        names.iter().position(|n| *n == name).with_context(|| {
            format!(
                "the CSV has no column `{name}`; it has: {}",
                names.join(", ")
            )
        })
    };
    let value_at = find(column)?;
    let date_at = match date_column {
        Some(d) => find(d)?,
        None => (0..names.len())
            .find(|&i| i != value_at)
            .context("the CSV needs a date column next to the value column")?,
    };
    let mut sums = BTreeMap::new();
    for (row, line) in lines.enumerate() {
        let fields: Vec<&str> = line
            .split(sep)
            .map(|s| s.trim().trim_matches('"'))
            .collect();
        let line_no = row + 2;
        let (Some(d), Some(v)) = (fields.get(date_at), fields.get(value_at)) else {
            bail!("line {line_no} has too few fields");
        };
        let month = parse_month(d).with_context(|| {
            format!("line {line_no}: `{d}` is not a date like 2026-10 or 2026-10-31")
        })?;
        if v.is_empty() {
            continue;
        }
        let number = if sep == ';' {
            v.replace('.', "").replace(',', ".")
        } else {
            v.to_string()
        };
        let x: f64 = number
            .parse()
            .with_context(|| format!("line {line_no}: `{v}` is not a number"))?;
        *sums.entry(month).or_insert(0.0) += x;
    }
    Ok(sums)
}

/// `YYYY-MM` or `YYYY-MM-DD` as a month index.
pub fn parse_month(s: &str) -> Option<i32> {
    if let Some(day) = date::parse_iso(s) {
        return Some(date::month_index(day));
    }
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then(|| y * 12 + m as i32 - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_dialects() {
        let comma = "maand,kosten\n2026-01,10.5\n2026-02-15,2\n2026-02-20,3\n";
        let sums = monthly_sums(comma, "kosten", None).unwrap();
        assert_eq!(sums.get(&(2026 * 12)), Some(&10.5));
        assert_eq!(sums.get(&(2026 * 12 + 1)), Some(&5.0));
        let semi = "\"datum\";\"bedrag\"\n2026-03;1.234,5\n";
        let sums = monthly_sums(semi, "bedrag", Some("datum")).unwrap();
        assert_eq!(sums.get(&(2026 * 12 + 2)), Some(&1234.5));
        assert!(monthly_sums(comma, "nope", None).is_err());
        assert!(monthly_sums("maand,kosten\n2026-13,1\n", "kosten", None).is_err());
    }
}
