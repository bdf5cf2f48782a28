//! How a page's filters reach the widgets on it that read another dataset: a filter links
//! to the other dataset's column of the same name, or to the column the page's `links`
//! name (whole years onto a date column select those calendar years). A filter with no such
//! column does not apply there, and the widget says so.

use std::collections::BTreeMap;

use crate::spec::Spanned;

use crate::page_model::{filter_dimension, PageModel};
use crate::query::Filter;
use crate::selection::Selection;
use crate::spec::PageSpec;
use crate::table::{ColumnKind, Table};

/// How one page filter becomes a filter of the other dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mapping {
    /// The same values on the other column.
    Same,
    /// Whole years on a date column: 1 January of the first to 31 December of the last.
    YearsToDates,
}

/// The page filters that reach one other dataset.
#[derive(Debug, Clone, Default)]
pub struct Link {
    /// Page filter dimension → (the other engine's dimension, its column, how values map).
    map: BTreeMap<String, (String, String, Mapping)>,
}

impl Link {
    /// Whether the page filter on dimension `dim` reaches the other dataset.
    pub fn reaches(&self, dim: &str) -> bool {
        self.map.contains_key(dim)
    }

    /// The part of the page's `selection` the other engine (`model`) can apply, in its own
    /// dimension and column names. Filters on dimensions the engine has under the same name
    /// (a click on one of its own widgets, or on a shared column) pass as they are.
    pub fn translate(&self, selection: &Selection, model: &PageModel) -> Selection {
        let mut out = Selection::default();
        for (d, f) in &selection.filters {
            match self.map.get(d) {
                Some((dim, column, mapping)) => {
                    if let Some(g) = map_filter(f, column, mapping) {
                        out.set(dim, Some(g));
                    }
                }
                None if model.address_dimension(d).is_some() => out.set(d, Some(f.clone())),
                None => {}
            }
        }
        out
    }
}

/// The page of only the widgets that read `other`, with the page's filters that reach it as
/// its (hidden) filters, the link, and the columns the main engine's widgets group by that
/// `other` also has (so their clicks reach it).
pub fn linked_page(
    page: &PageSpec,
    other: &str,
    main: &Table,
    table: &Table,
) -> (PageSpec, Link, Vec<String>) {
    let explicit = page.links.get(other);
    let mut link = Link::default();
    let mut filters = Vec::new();
    for f in &page.filters {
        let column = f.get_ref();
        let target = explicit
            .and_then(|m| m.get(column))
            .map(|t| t.get_ref().clone())
            .unwrap_or_else(|| column.clone());
        let (Some(from), Some(to)) = (main.column_kind(column), table.column_kind(&target)) else {
            continue;
        };
        let mapping = if from == ColumnKind::Integer && to.is_time() {
            Mapping::YearsToDates
        } else if from == to || (from.is_time() && to.is_time()) {
            Mapping::Same
        } else {
            continue;
        };
        let main_dim = filter_dimension(column, from).0.name;
        let other_dim = filter_dimension(&target, to).0.name;
        link.map
            .insert(main_dim, (other_dim, target.clone(), mapping));
        filters.push(Spanned::new(0..0, target));
    }
    let mut shared = Vec::new();
    for w in page
        .widgets
        .iter()
        .filter(|w| page.widget_dataset(w) != other)
    {
        let cols = w
            .dimension
            .iter()
            .chain(&w.alternatives)
            .chain(&w.stack)
            .chain(&w.group)
            .chain(&w.columns);
        for c in cols {
            let c = c.get_ref();
            if table.column_kind(c).is_some_and(ColumnKind::is_groupable) && !shared.contains(c) {
                shared.push(c.clone());
            }
        }
    }
    let sub = PageSpec {
        id: page.id.clone(),
        title: page.title.clone(),
        dataset: Spanned::new(0..0, other.to_string()),
        description: String::new(),
        filters,
        latest: Vec::new(),
        widgets: page
            .widgets
            .iter()
            .filter(|w| page.widget_dataset(w) == other)
            .cloned()
            .collect(),
        links: BTreeMap::new(),
        public: page.public,
        public_description: None,
        public_filters: None,
    };
    (sub, link, shared)
}

fn map_filter(f: &Filter, column: &str, mapping: &Mapping) -> Option<Filter> {
    let column = column.to_string();
    Some(match (f, mapping) {
        (Filter::NumberRange { min, max, .. }, Mapping::YearsToDates) => {
            let (first, last) = (min.ceil() as i32, max.floor() as i32);
            Filter::DateRange {
                column,
                from: crate::date::from_ymd(first, 1, 1)?,
                to: crate::date::from_ymd(last, 12, 31)?,
            }
        }
        (Filter::OneOf { values, .. }, Mapping::YearsToDates) => {
            let years: Vec<i32> = values.iter().filter_map(|v| v.parse().ok()).collect();
            Filter::DateRange {
                column,
                from: crate::date::from_ymd(*years.iter().min()?, 1, 1)?,
                to: crate::date::from_ymd(*years.iter().max()?, 12, 31)?,
            }
        }
        (_, Mapping::YearsToDates) => return None,
        (Filter::DateRange { from, to, .. }, Mapping::Same) => Filter::DateRange {
            column,
            from: *from,
            to: *to,
        },
        (Filter::NumberRange { min, max, .. }, Mapping::Same) => Filter::NumberRange {
            column,
            min: *min,
            max: *max,
        },
        (Filter::OneOf { values, .. }, Mapping::Same) => Filter::OneOf {
            column,
            values: values.clone(),
        },
        (Filter::Contains { text, .. }, Mapping::Same) => Filter::Contains {
            column,
            text: text.clone(),
        },
        (Filter::IsNull { .. }, Mapping::Same) => Filter::IsNull { column },
        (Filter::NotNull { .. }, Mapping::Same) => Filter::NotNull { column },
    })
}
