//! The page's filter panel: a checkbox list with counts per category, and from–to choices
//! for dates and whole numbers (the keyboard- and touch-friendly equal of brushing a chart).

use crate::texts::t;
use helder_core::format_nl;
use helder_core::page_model::{FilterControl, FilterOption};
use helder_core::query::{Filter, GroupKey};
use leptos::prelude::*;

use crate::page_state;
use crate::store::Store;

/// The button at the foot of the filter drawer on phones, within reach of a thumb.

#[derive(Debug, Clone, PartialEq)]
struct Control {
    index: usize,
    column: String,
    label: String,
    dimension: String,
    control: FilterControl,
    options: Vec<FilterOption>,
    active: Option<Filter>,
}

/// The first and last option a range filter keeps, as option indices.
fn range_bounds(options: &[FilterOption], active: Option<&Filter>) -> (usize, usize) {
    let last = options.len().saturating_sub(1);
    if active.is_none() {
        return (0, last);
    }
    let first_sel = options.iter().position(|o| o.selected).unwrap_or(0);
    let last_sel = options.iter().rposition(|o| o.selected).unwrap_or(last);
    (first_sel, last_sel)
}

fn range_filter(c: &Control, from: usize, to: usize) -> Option<Filter> {
    let (from, to) = (from.min(to), from.max(to));
    if from == 0 && to + 1 >= c.options.len() {
        return None;
    }
    let (a, b) = (&c.options.get(from)?.key, &c.options.get(to)?.key);
    match c.control {
        FilterControl::DateRange => Some(Filter::DateRange {
            column: c.column.clone(),
            from: a.day_range()?.0,
            to: b.day_range()?.1,
        }),
        _ => match (a, b) {
            (GroupKey::Int(x), GroupKey::Int(y)) => Some(Filter::NumberRange {
                column: c.column.clone(),
                min: *x as f64,
                max: *y as f64,
            }),
            _ => None,
        },
    }
}

#[component]
pub fn FilterPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let viewport = expect_context::<RwSignal<u32>>();
    let controls = Memo::new(move |_| {
        store.revision.track();
        let selection = store.selection.get();
        store
            .with_model(|m| {
                m.filters()
                    .iter()
                    .enumerate()
                    .map(|(i, f)| Control {
                        index: i,
                        column: f.column.clone(),
                        label: f.label.clone(),
                        dimension: f.dimension.clone(),
                        control: f.control,
                        options: m.filter_options(i),
                        active: selection.filters.get(&f.dimension).cloned(),
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // Open beside the widgets on wide screens; a closed drawer above them on phones.
    let wide = move || viewport.get() >= 960;
    let panel = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    // Closing the drawer puts focus back on its heading, where the user opened it.
    let close = move |_| {
        if let (Some(d), Some(s)) = (panel.get(), summary.get()) {
            let _ = d.remove_attribute("open");
            let _ = s.focus();
        }
    };
    let cells = store.with_model(|m| m.reads_cells()).unwrap_or(false);
    view! {
        <details class="card filter-panel" open=wide data-testid="filter-panel" node_ref=panel>
            <summary node_ref=summary><h2>{t().filters}</h2></summary>
            <div class="filter-grid">
            {move || controls.get().into_iter().map(|c| {
                let id = format!("filter-{}", c.index);
                match c.control {
                    FilterControl::Choice => {
                        let items = c.options.iter().filter(|o| o.rows > 0 || o.selected).map(|o| {
                            let value = o.label.clone();
                            let (dim, column) = (c.dimension.clone(), c.column.clone());
                            // A published cube's counts are of cells, not of records: not shown.
                            let text = if cells { o.label.clone() } else { format!("{} ({})", o.label, format_nl::integer(o.rows)) };
                            view! {
                                <li><label>
                                    <input type="checkbox" checked=o.selected
                                        on:change=move |_| page_state::change(store, |s| s.toggle(&dim, &column, &value))/>
                                    " " {text}
                                </label></li>
                            }
                        }).collect_view();
                        view! {
                            <fieldset class="filter-choice">
                                <legend>{c.label.clone()}</legend>
                                <ul>{items}</ul>
                            </fieldset>
                        }.into_any()
                    }
                    FilterControl::DateRange | FilterControl::NumberRange => {
                        let (from, to) = range_bounds(&c.options, c.active.as_ref());
                        let c2 = c.clone();
                        let c3 = c.clone();
                        let opts = |selected: usize| c.options.iter().enumerate().map(|(i, o)| view! {
                            <option value=i.to_string() selected={i == selected}>{o.label.clone()}</option>
                        }).collect_view();
                        view! {
                            <fieldset class="filter-range">
                                <legend>{c.label.clone()}</legend>
                                <label for=format!("{id}-from")>{t().from}</label>
                                <select id=format!("{id}-from") data-testid=format!("range-from-{}", c.column)
                                    on:change=move |ev| {
                                        let i = event_target_value(&ev).parse().unwrap_or(0);
                                        let f = range_filter(&c2, i, to);
                                        page_state::change(store, |s| s.set(&c2.dimension, f));
                                    }>
                                    {opts(from)}
                                </select>
                                <label for=format!("{id}-to")>{t().to}</label>
                                <select id=format!("{id}-to") data-testid=format!("range-to-{}", c.column)
                                    on:change=move |ev| {
                                        let i = event_target_value(&ev).parse().unwrap_or(0);
                                        let f = range_filter(&c3, from, i);
                                        page_state::change(store, |s| s.set(&c3.dimension, f));
                                    }>
                                    {opts(to)}
                                </select>
                            </fieldset>
                        }.into_any()
                    }
                }
            }).collect_view()}
            </div>
            <button type="button" class="drawer-close" data-testid="drawer-close" on:click=close>{t().show_figures}</button>
        </details>
    }
}
