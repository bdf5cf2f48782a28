//! A histogram: how the rows spread over a number column's bins. One keyboard stop over the
//! bins (the time chart's scrub): arrows show each bin's exact value, Enter or a click
//! selects that bin's range for every other widget, Shift extends, dragging selects several,
//! Escape clears. The table below lists every bin, each a button doing the same.

use crate::texts::{fill, t};
use std::sync::Arc;

use helder_core::page_model::Histogram;
use helder_core::query::Filter;
use leptos::prelude::*;

use crate::chart;
use crate::components::chart_frame::{chart_width, measured_width, Pending};
use crate::components::range_scrub::{RangeScrub, ScrubActions};
use crate::page_state;
use crate::store::Store;
use crate::widget_view;

/// Selects bins `a` to `b` (in any order) as a number range on the histogram's column, or
/// clears the selection when `toggle` is set and it is exactly that already.
fn select_bins(store: Store, h: &Histogram, a: usize, b: usize, toggle: bool) {
    let (lo, hi) = (a.min(b), a.max(b));
    let (Some(first), Some(last)) = (h.bars.get(lo), h.bars.get(hi)) else {
        return;
    };
    let dim = h.series.dimension.clone();
    let Some((column, _)) = store.with_model(|m| m.address_dimension(&dim)).flatten() else {
        return;
    };
    let filter = Filter::NumberRange {
        column,
        min: first.start,
        max: last.last,
    };
    page_state::change(store, |s| {
        if toggle && s.filters.get(&dim) == Some(&filter) {
            s.set(&dim, None);
        } else {
            s.set(&dim, Some(filter));
        }
    });
}

/// One sentence for screen readers and as the caption: where most rows are.
fn summary(h: &Histogram) -> String {
    let top = h
        .bars
        .iter()
        .filter(|b| b.value.is_some())
        .max_by(|a, b| a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)));
    match top {
        Some(top) => fill(
            t().histogram_summary,
            &[
                &h.series.measure_label,
                &h.series.dimension_label.to_lowercase(),
                &top.label,
                &top.text,
                &h.bars.len().to_string(),
                &h.bins.width_text(),
            ],
        ),
        None => t().no_data.into(),
    }
}

#[component]
pub fn HistogramWidget(histogram: Memo<Option<Result<Histogram, String>>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    let cursor = RwSignal::new(None::<usize>);
    let anchor = RwSignal::new(None::<usize>);
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match histogram.get() {
            None => view! { <Pending error=None/> }.into_any(),
            Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
            Some(Ok(h)) => {
                let n = h.bars.len();
                let labels: Vec<String> = h.bars.iter().map(|b| h.bins.short_label(b.start, b.last)).collect();
                let values: Vec<Option<f64>> = h.bars.iter().map(|b| b.value).collect();
                let selected: Vec<bool> = h.bars.iter().map(|b| b.selected).collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let ht = if w < 480 { 220 } else { 280 };
                let caption = summary(&h);
                let shared = Arc::new(h.clone());
                let picture = match chart::time_chart_svg(&labels, &values, &selected, &[], false, &widget_view::axis(h.series.unit), w, ht) {
                    Ok(d) => {
                        last_svg.set_value(Some((d.svg.clone(), w, ht)));
                        let (sel, start, text, clear) = (shared.clone(), shared.clone(), shared.clone(), shared.clone());
                        let actions = ScrubActions {
                            select: Arc::new(move |a, b, toggle| select_bins(store, &sel, a, b, toggle)),
                            start_of: Arc::new(move |i| {
                                if start.series.filtered { start.bars.iter().position(|b| b.selected).unwrap_or(i) } else { i }
                            }),
                            clear: Arc::new(move || {
                                let dim = clear.series.dimension.clone();
                                page_state::change(store, |s| s.set(&dim, None));
                            }),
                            text_of: Arc::new(move |i| text.bars.get(i).map(|b| format!("{}: {}", b.label, b.text)).unwrap_or_default()),
                        };
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=caption.clone() inner_html=d.svg></div>
                                <RangeScrub n=n slots=d.slots testid="bin-scrub" actions=actions cursor=cursor anchor=anchor
                                    label=format!("{}: {}", h.series.dimension_label, t().keys_bins)/>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                let rows = (0..n).map(|i| {
                    let b = &h.bars[i];
                    let pressed = (h.series.filtered && b.selected).to_string();
                    let bars = shared.clone();
                    view! {
                        <tr>
                            <th scope="row">
                                <button type="button" class="row-filter" aria-pressed=pressed data-bin=b.label.clone()
                                    on:click=move |_| select_bins(store, &bars, i, i, true)>{b.label.clone()}</button>
                            </th>
                            <td class="num" data-label=b.label.clone()>{b.text.clone()}</td>
                        </tr>
                    }
                }).collect_view();
                let table_name = format!("{} naar {}", h.series.measure_label, h.series.dimension_label.to_lowercase());
                view! {
                    {picture}
                    <p class="summary">{caption}</p>
                    <details class="table-alt">
                        <summary>{t().show_table}</summary>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().table_of, &[&table_name])>
                            <table>
                                <caption>{table_name.clone()}</caption>
                                <thead><tr><th scope="col">{h.series.dimension_label.clone()}</th><th scope="col" class="num">{h.series.measure_label.clone()}</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </details>
                }.into_any()
            }
        }}
        </div>
    }
}
