//! A KPI tile's figure from a time series: the latest selected period, its change against
//! the period before and the same period a year earlier, and its status against a norm,
//! each in words so nothing depends on colour alone.

use crate::format_nl;
use crate::page_model::Series;
use crate::query::GroupKey;
use crate::spec::Unit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// E.g. "t.o.v. sep 2026".
    pub against: String,
    /// E.g. "+3,2%" or "+1,4 procentpunt".
    pub delta: String,
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// E.g. "Onder de norm van 5,5%".
    pub text: String,
    /// Whether the value is on the good side of the norm.
    pub good: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiFigure {
    pub value: Option<f64>,
    pub value_text: String,
    /// The period the value is about, e.g. "okt 2026".
    pub period: String,
    pub previous: Option<Change>,
    pub year_ago: Option<Change>,
    pub status: Option<Status>,
    /// The selected periods' values (scaled), oldest first, for the sparkline.
    pub spark: Vec<f64>,
}

/// The key `steps` periods before `key` (a year is 12 months, 4 quarters, 52 weeks).
fn shift(key: &GroupKey, back: Back) -> Option<GroupKey> {
    let year = matches!(back, Back::Year);
    Some(match key {
        GroupKey::Month(m) => GroupKey::Month(m - if year { 12 } else { 1 }),
        GroupKey::Quarter(q) => GroupKey::Quarter(q - if year { 4 } else { 1 }),
        GroupKey::Year(y) => {
            if year {
                return None;
            }
            GroupKey::Year(y - 1)
        }
        GroupKey::Week(d) => GroupKey::Week(d - if year { 364 } else { 7 }),
        GroupKey::Day(d) => GroupKey::Day(d - if year { 365 } else { 1 }),
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Back {
    Period,
    Year,
}

/// The tile's figure; `target` and `higher_is_better` come from the spec.
pub fn kpi_figure(
    series: &Series,
    target: Option<f64>,
    higher_is_better: Option<bool>,
) -> KpiFigure {
    let scaled = |v: Option<f64>| v.map(|x| x * series.scale);
    let live: Vec<_> = series
        .points
        .iter()
        // A suppressed month of a published cube is the latest figure too: it reads
        // "geheim" rather than quietly showing an older month.
        .filter(|p| p.rows > 0 && p.selected && (p.value.is_some() || series.is_secret(p)))
        .collect();
    let Some(last) = live.last() else {
        return KpiFigure {
            value: None,
            value_text: format_nl::NO_VALUE.into(),
            period: crate::locale::pick(
                "geen gegevens bij deze filters",
                "no data under these filters",
            )
            .into(),
            previous: None,
            year_ago: None,
            status: None,
            spark: Vec::new(),
        };
    };
    let value = scaled(last.value);
    let change = |back: Back, word: &str| -> Option<Change> {
        let key = shift(&last.key, back)?;
        let before = series.points.iter().find(|p| p.key == key && p.rows > 0)?;
        let (now, then) = (value?, scaled(before.value)?);
        let direction = if now > then {
            Direction::Up
        } else if now < then {
            Direction::Down
        } else {
            Direction::Same
        };
        let delta = if series.unit == Unit::Percent {
            format!(
                "{}{} {}",
                sign(now - then),
                format_nl::number((now - then).abs(), 1),
                crate::locale::pick("procentpunt", "percentage points")
            )
        } else if then != 0.0 {
            format!(
                "{}{}",
                sign(now - then),
                format_nl::percent(((now - then) / then).abs(), 1)
            )
        } else {
            return None;
        };
        Some(Change {
            against: format!("{word} {}", before.label),
            delta,
            direction,
        })
    };
    let status = match (target, value) {
        (Some(t), Some(v)) => {
            let higher = higher_is_better.unwrap_or(true);
            let good = if higher { v >= t } else { v <= t };
            let side = match (v >= t, crate::locale::current()) {
                (true, crate::locale::Lang::Nl) => "Boven de norm van",
                (false, crate::locale::Lang::Nl) => "Onder de norm van",
                (true, crate::locale::Lang::En) => "Above the norm of",
                (false, crate::locale::Lang::En) => "Below the norm of",
            };
            let norm = crate::value_format::format(Some(t), series.unit, series.decimals);
            Some(Status {
                text: format!(
                    "{side} {norm}: {}",
                    match (good, crate::locale::current()) {
                        (true, crate::locale::Lang::Nl) => "goed",
                        (false, crate::locale::Lang::Nl) => "aandacht nodig",
                        (true, crate::locale::Lang::En) => "good",
                        (false, crate::locale::Lang::En) => "needs attention",
                    }
                ),
                good,
            })
        }
        _ => None,
    };
    KpiFigure {
        value,
        value_text: series.point_text(last),
        period: last.label.clone(),
        previous: change(Back::Period, crate::locale::pick("t.o.v.", "vs.")),
        year_ago: change(Back::Year, crate::locale::pick("t.o.v.", "vs.")),
        status,
        spark: live.iter().filter_map(|p| scaled(p.value)).collect(),
    }
}

fn sign(x: f64) -> &'static str {
    if x > 0.0 {
        "+"
    } else if x < 0.0 {
        "−"
    } else {
        "±"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_model::Point;

    fn series(unit: Unit, values: &[(i32, f64)]) -> Series {
        Series {
            dimension: "maand:month".into(),
            dimension_label: "Maand".into(),
            measure: "m".into(),
            measure_label: "M".into(),
            unit,
            decimals: 1,
            scale: 1.0,
            points: values
                .iter()
                .map(|(m, v)| Point {
                    key: GroupKey::Month(*m),
                    label: GroupKey::Month(*m).label_nl(),
                    value: Some(*v),
                    rows: 1,
                    selected: true,
                })
                .collect(),
            filtered: false,
            reference: None,
            secret: false,
        }
    }

    #[test]
    fn a_suppressed_latest_month_reads_geheim_not_an_older_month() {
        let mut s = series(Unit::Count, &[(24_300, 120.0), (24_301, 0.0)]);
        s.secret = true;
        s.points[1].value = None;
        let k = kpi_figure(&s, None, None);
        assert_eq!(k.value_text, "geheim");
        assert_eq!(k.value, None);
        assert_eq!(k.period, s.points[1].label);
        assert!(k.previous.is_none());
    }

    #[test]
    fn latest_month_against_previous_and_a_year_ago() {
        let base = 2025 * 12 + 9; // okt 2025
        let s = series(
            Unit::Percent,
            &[(base, 5.0), (base + 11, 6.5), (base + 12, 6.0)],
        );
        let k = kpi_figure(&s, Some(5.5), Some(false));
        assert_eq!(k.period, "okt 2026");
        assert_eq!(k.value_text, "6,0%");
        let prev = k.previous.unwrap();
        assert_eq!(
            (prev.delta.as_str(), prev.direction),
            ("−0,5 procentpunt", Direction::Down)
        );
        assert_eq!(prev.against, "t.o.v. sep 2026");
        assert_eq!(k.year_ago.unwrap().delta, "+1,0 procentpunt");
        let status = k.status.unwrap();
        assert!(!status.good);
        assert_eq!(status.text, "Boven de norm van 5,5%: aandacht nodig");
        assert_eq!(k.spark, vec![5.0, 6.5, 6.0]);
    }

    #[test]
    fn nothing_selected_says_so() {
        let mut s = series(Unit::Euro, &[(24000, 1.0)]);
        s.points[0].selected = false;
        let k = kpi_figure(&s, None, None);
        assert_eq!(k.value, None);
        assert_eq!(k.value_text, "–");
    }
}
