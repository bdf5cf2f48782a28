//! A page's filters as one value, and their form in the page address: every filter becomes
//! `dimension=value` pairs (`wijk=Noord&wijk=Zuid`, `maand:month=2024-01-01..2024-12-31`),
//! so a copied link reproduces the exact view and back/forward step through changes.

use std::collections::BTreeMap;

use crate::date;
use crate::query::Filter;

/// The active filters of a page, by crossfilter dimension name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    pub filters: BTreeMap<String, Filter>,
}

/// How a range dimension's values are written in the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeKind {
    Dates,
    Numbers,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }

    /// Adds or removes one value of a value-set filter (a click on a bar or a checkbox).
    pub fn toggle(&mut self, dimension: &str, column: &str, value: &str) {
        let mut values = match self.filters.remove(dimension) {
            Some(Filter::OneOf { values, .. }) => values,
            _ => Vec::new(),
        };
        match values.iter().position(|v| v == value) {
            Some(i) => {
                values.remove(i);
            }
            None => values.push(value.to_string()),
        }
        if !values.is_empty() {
            self.filters.insert(
                dimension.to_string(),
                Filter::OneOf {
                    column: column.to_string(),
                    values,
                },
            );
        }
    }

    pub fn set(&mut self, dimension: &str, filter: Option<Filter>) {
        match filter {
            Some(f) => self.filters.insert(dimension.to_string(), f),
            None => self.filters.remove(dimension),
        };
    }

    /// The address pairs of this selection, in a stable order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (dim, f) in &self.filters {
            match f {
                Filter::OneOf { values, .. } => {
                    out.extend(values.iter().map(|v| (dim.clone(), v.clone())));
                }
                Filter::DateRange { from, to, .. } => out.push((
                    dim.clone(),
                    format!("{}..{}", date::format_iso(*from), date::format_iso(*to)),
                )),
                Filter::NumberRange { min, max, .. } => {
                    out.push((dim.clone(), format!("{min}..{max}")))
                }
                Filter::Contains { text, .. } => out.push((dim.clone(), format!("~{text}"))),
                Filter::IsNull { .. } => out.push((dim.clone(), "(leeg)".into())),
                Filter::NotNull { .. } => out.push((dim.clone(), "(niet leeg)".into())),
            }
        }
        out
    }

    /// Reads address pairs back. `column_of` maps a dimension name to its column and range
    /// kind, and rejects (returns `None` for) names the page does not have; such pairs and
    /// values that do not parse are skipped, so an old or edited link still opens.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        column_of: impl Fn(&str) -> Option<(String, Option<RangeKind>)>,
    ) -> Selection {
        let mut sel = Selection::default();
        for (dim, value) in pairs {
            let Some((column, range)) = column_of(dim) else {
                continue;
            };
            if let (Some(kind), Some((lo, hi))) = (range, value.split_once("..")) {
                let filter = match kind {
                    RangeKind::Dates => match (date::parse_iso(lo), date::parse_iso(hi)) {
                        (Some(from), Some(to)) if from <= to => {
                            Some(Filter::DateRange { column, from, to })
                        }
                        _ => None,
                    },
                    RangeKind::Numbers => match (lo.parse::<f64>(), hi.parse::<f64>()) {
                        (Ok(min), Ok(max)) if min <= max => {
                            Some(Filter::NumberRange { column, min, max })
                        }
                        _ => None,
                    },
                };
                sel.set(dim, filter);
            } else if let Some(text) = value.strip_prefix('~') {
                sel.set(
                    dim,
                    Some(Filter::Contains {
                        column,
                        text: text.into(),
                    }),
                );
            } else if value == "(leeg)" {
                sel.set(dim, Some(Filter::IsNull { column }));
            } else if value == "(niet leeg)" {
                sel.set(dim, Some(Filter::NotNull { column }));
            } else {
                sel.toggle(dim, &column, value);
            }
        }
        sel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_address() {
        let mut s = Selection::default();
        s.toggle("wijk", "wijk", "Noord");
        s.toggle("wijk", "wijk", "Zuid & Oost");
        s.set(
            "maand:month",
            Some(Filter::DateRange {
                column: "maand".into(),
                from: date::parse_iso("2024-01-01").unwrap(),
                to: date::parse_iso("2024-12-31").unwrap(),
            }),
        );
        s.set(
            "leeftijd",
            Some(Filter::NumberRange {
                column: "leeftijd".into(),
                min: 4.0,
                max: 11.0,
            }),
        );
        let pairs = s.to_pairs();
        let back = Selection::from_pairs(
            pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            |d| match d {
                "wijk" => Some(("wijk".into(), None)),
                "maand:month" => Some(("maand".into(), Some(RangeKind::Dates))),
                "leeftijd" => Some(("leeftijd".into(), Some(RangeKind::Numbers))),
                _ => None,
            },
        );
        assert_eq!(back, s);
    }

    #[test]
    fn toggling_twice_removes_and_unknown_names_are_skipped() {
        let mut s = Selection::default();
        s.toggle("wijk", "wijk", "Noord");
        s.toggle("wijk", "wijk", "Noord");
        assert!(s.is_empty());
        let back = Selection::from_pairs(
            [("bestaat_niet", "x"), ("maand:month", "gisteren..")],
            |d| (d == "maand:month").then(|| ("maand".to_string(), Some(RangeKind::Dates))),
        );
        assert!(back.is_empty());
    }
}
