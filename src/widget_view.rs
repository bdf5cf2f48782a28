//! What a widget shows, derived from the engine's series: ordered bars, a summary sentence
//! for screen readers, and the data's freshness. Plain Rust, tested natively.

use crate::texts::{fill, t};
use helder_core::page_model::Series;
use helder_core::query::GroupKey;
use helder_core::spec::Unit;
use helder_core::{date, format_nl};

use crate::chart;

/// One bar, row or period as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: GroupKey,
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
    pub selected: bool,
}

/// Whole-number categories (ages, years) keep their order and are all shown up to this many.
const MAX_ORDERED_BARS: usize = 40;

/// Bars in the order a reader expects: whole numbers (ages, years) by key, the rest by
/// value, largest first; at most `max` of them (ordered ones up to 40), and how many were
/// left out.
pub fn bar_items(series: &Series, max: usize) -> (Vec<Item>, usize) {
    let mut items = items(series);
    let by_key = items.iter().all(|i| matches!(i.key, GroupKey::Int(_)));
    let max = if by_key {
        max.max(MAX_ORDERED_BARS)
    } else {
        max
    };
    if !by_key {
        helder_core::sort_order::sort_by(&mut items, |a, b| {
            b.value
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&a.value.unwrap_or(f64::NEG_INFINITY))
        });
    }
    let hidden = items.len().saturating_sub(max);
    items.truncate(max);
    (items, hidden)
}

/// Every group that has rows, in key order (periods, table rows).
pub fn items(series: &Series) -> Vec<Item> {
    series
        .points
        .iter()
        .filter(|p| p.rows > 0)
        .map(|p| Item {
            key: p.key.clone(),
            label: p.label.clone(),
            value: p.value.map(|v| v * series.scale),
            text: series.point_text(p),
            selected: p.selected,
        })
        .collect()
}

/// Axis labels for a unit.
pub fn axis(unit: Unit) -> fn(f64) -> String {
    match unit {
        Unit::Euro => chart::compact_euro,
        Unit::Percent => |v| format!("{}%", format_nl::number(v, 0)),
        _ => chart::compact_number,
    }
}

/// One sentence that says what the chart shows, for screen readers and as its caption.
pub fn summary(series: &Series, items: &[Item]) -> String {
    let secret = items
        .iter()
        .filter(|i| series.secret && i.value.is_none())
        .count();
    let sentence = values_summary(series, items);
    if secret == 0 {
        sentence
    } else {
        format!(
            "{sentence} {}",
            fill(t().secret_summary, &[&secret.to_string()])
        )
    }
}

fn values_summary(series: &Series, items: &[Item]) -> String {
    let valued: Vec<&Item> = items.iter().filter(|i| i.value.is_some()).collect();
    let max = valued
        .iter()
        .max_by(|a, b| a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)));
    let min = valued
        .iter()
        .min_by(|a, b| a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)));
    match (max, min) {
        (Some(max), Some(min)) if valued.len() > 1 => fill(
            t().bar_summary,
            &[
                &series.measure_label,
                &series.dimension_label.to_lowercase(),
                &max.label,
                &max.text,
                &min.label,
                &min.text,
                &valued.len().to_string(),
            ],
        ),
        (Some(only), _) => fill(
            t().one_summary,
            &[&series.measure_label, &only.label, &only.text],
        ),
        _ => t().no_data.into(),
    }
}

/// The note on a widget that some active filters do not reach, because its data has no
/// such column: "Het filter op Leeftijdsklasse geldt hier niet: deze gegevens hebben die indeling niet."
pub fn not_applying(labels: &[String]) -> String {
    match labels {
        [one] => fill(t().not_applying_one, &[one]),
        _ => fill(t().not_applying_many, &[&labels.join(", ")]),
    }
}

/// "Het filter op Wijk geldt hier niet: het budget is daar niet naar verdeeld."
pub fn budget_not_split(labels: &[String]) -> String {
    match labels {
        [one] => fill(t().budget_not_split_one, &[one]),
        _ => fill(t().budget_not_split_many, &[&labels.join(", ")]),
    }
}

/// "Data t/m 31 oktober 2026", and a warning when the data is older than `max_age_days`.
pub fn freshness(as_of: Option<i32>, today: i32, max_age_days: u32) -> (String, Option<String>) {
    let Some(as_of) = as_of else {
        return (t().date_unknown.into(), None);
    };
    let text = fill(t().data_until, &[&date::format_long_nl(as_of)]);
    let age = today - as_of;
    let warning = (age > i32::try_from(max_age_days).unwrap_or(i32::MAX)).then(|| {
        fill(
            t().stale,
            &[
                &format_nl::integer(i64::from(age)),
                &max_age_days.to_string(),
            ],
        )
    });
    (text, warning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use helder_core::page_model::Point;

    fn series(keys: Vec<GroupKey>, values: Vec<Option<f64>>) -> Series {
        Series {
            dimension: "d".into(),
            dimension_label: "Wijk".into(),
            measure: "m".into(),
            measure_label: "Kosten".into(),
            unit: Unit::Euro,
            decimals: 0,
            scale: 1.0,
            points: keys
                .into_iter()
                .zip(values)
                .map(|(key, value)| Point {
                    label: key.label_nl(),
                    key,
                    value,
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
    fn text_bars_by_value_numbers_by_key() {
        let s = series(
            vec![
                GroupKey::Text("A".into()),
                GroupKey::Text("B".into()),
                GroupKey::Text("C".into()),
            ],
            vec![Some(1.0), Some(3.0), None],
        );
        let (items, hidden) = bar_items(&s, 2);
        assert_eq!(
            items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(),
            ["B", "A"]
        );
        assert_eq!(hidden, 1);
        assert_eq!(
            summary(&s, &items),
            "Kosten per wijk: hoogste B met € 3, laagste A met € 1; 2 groepen."
        );
        let s = series(
            vec![GroupKey::Int(4), GroupKey::Int(2)],
            vec![Some(1.0), Some(3.0)],
        );
        assert_eq!(bar_items(&s, 9).0[0].label, "4");
    }

    #[test]
    fn stale_data_warns() {
        let as_of = date::parse_iso("2026-10-31").unwrap();
        let (text, warn) = freshness(Some(as_of), as_of + 10, 31);
        assert_eq!(text, "Data t/m 31 oktober 2026");
        assert!(warn.is_none());
        assert!(freshness(Some(as_of), as_of + 40, 31)
            .1
            .unwrap()
            .contains("40 dagen oud"));
    }
}
