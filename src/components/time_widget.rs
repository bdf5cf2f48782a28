//! A value per period as a line, with one keyboard stop over the plot: arrow keys (or the
//! pointer) move through the periods and show each exact value; Enter or a click selects
//! that period for every other widget, Shift extends the selection, dragging selects a
//! range, Escape clears it. The filter panel's from–to choice does the same without a chart.

use crate::texts::{fill, t};
use helder_core::date;
use helder_core::page_model::Series;
use helder_core::query::Filter;
use helder_core::spec::Mark;
use std::sync::Arc;

use leptos::prelude::*;

use crate::chart;
use crate::components::area_parts::{self, AreaLayers};
use crate::components::chart_frame::{chart_width, measured_width, ItemsTable, Pending};
use crate::components::range_scrub::{RangeScrub, ScrubActions};
use crate::page_state;
use crate::store::Store;
use crate::widget_view::{self, Item};

/// Selects the periods from `a` to `b` (in any order) on the series' time dimension, or
/// clears the selection when `toggle` is set and it is exactly that already.
fn select_range(store: Store, series: &Series, items: &[Item], a: usize, b: usize, toggle: bool) {
    let (lo, hi) = (a.min(b), a.max(b));
    let (Some(first), Some(last)) = (items.get(lo), items.get(hi)) else {
        return;
    };
    let (Some((from, _)), Some((_, to))) = (first.key.day_range(), last.key.day_range()) else {
        return;
    };
    let dim = series.dimension.clone();
    let Some((column, _)) = store.with_model(|m| m.address_dimension(&dim)).flatten() else {
        return;
    };
    let filter = Filter::DateRange { column, from, to };
    page_state::change(store, |s| {
        if toggle && s.filters.get(&dim) == Some(&filter) {
            s.set(&dim, None);
        } else {
            s.set(&dim, Some(filter));
        }
    });
}

/// Where an extended selection starts: the first selected period, or `i` itself.
fn selection_start(series: &Series, items: &[Item], i: usize) -> usize {
    if series.filtered {
        items.iter().position(|x| x.selected).unwrap_or(i)
    } else {
        i
    }
}

/// A line, or with `area` a filled area; `layers` (a time × stack pivot) stacks the area.
#[component]
pub fn TimeWidget(
    series: Memo<Option<Result<Series, String>>>,
    marks: Vec<Mark>,
    #[prop(optional)] area: Option<AreaLayers>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    let cursor = RwSignal::new(None::<usize>);
    let anchor = RwSignal::new(None::<usize>);
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match series.get() {
            None => view! { <Pending error=None/> }.into_any(),
            Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
            Some(Ok(s)) => {
                let items = widget_view::items(&s);
                let n = items.len();
                let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
                let values: Vec<Option<f64>> = items.iter().map(|i| i.value).collect();
                let selected: Vec<bool> = items.iter().map(|i| i.selected).collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let h = if w < 480 { 220 } else { 300 };
                let summary = widget_view::summary(&s, &items);
                // Each mark sits at the period that holds its date.
                let placed: Vec<(usize, String, i32)> = marks
                    .iter()
                    .filter_map(|m| {
                        let day = date::parse_iso(m.date.get_ref())?;
                        let i = items.iter().position(|it| it.key.day_range().is_some_and(|(a, b)| a <= day && day <= b))?;
                        Some((i, m.label.clone(), day))
                    })
                    .collect();
                let chart_marks: Vec<(usize, String)> = placed.iter().map(|(i, l, _)| (*i, l.clone())).collect();
                let legend = placed.iter().map(|(_, l, d)| view! { <li><span aria-hidden="true">"┃ "</span>{format!("{l}: {}", date::format_long_nl(*d))}</li> }).collect_view();
                let layers = area.as_ref().map(|a| area_parts::layers(a, &labels));
                let drawing = match (&area, &layers) {
                    (Some(a), Some(l)) => crate::area_chart::area_chart_svg(&labels, &values, &l.values, &selected, &chart_marks, &a.id, &widget_view::axis(s.unit), w, h),
                    _ => chart::time_chart_svg(&labels, &values, &selected, &chart_marks, true, &widget_view::axis(s.unit), w, h),
                };
                let picture = match drawing {
                    Ok(d) => {
                        last_svg.set_value(Some((d.svg.clone(), w, h)));
                        let shared = Arc::new((s.clone(), items.clone()));
                        let (sel, start, text) = (shared.clone(), shared.clone(), shared.clone());
                        let dim = s.dimension.clone();
                        let actions = ScrubActions {
                            select: Arc::new(move |a, b, toggle| select_range(store, &sel.0, &sel.1, a, b, toggle)),
                            start_of: Arc::new(move |i| selection_start(&start.0, &start.1, i)),
                            clear: Arc::new(move || {
                                let dim = dim.clone();
                                page_state::change(store, |sel| sel.set(&dim, None));
                            }),
                            text_of: Arc::new(move |i| text.1.get(i).map(|it| format!("{}: {}", it.label, it.text)).unwrap_or_default()),
                        };
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=summary.clone() inner_html=d.svg></div>
                                <RangeScrub n=n slots=d.slots testid="period-scrub" actions=actions cursor=cursor anchor=anchor
                                    label=fill(t().keys_periods, &[&s.dimension_label])/>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                view! {
                    {picture}
                    {(!placed.is_empty()).then(|| view! { <ul class="marks">{legend}</ul> })}
                    {layers.map(|l| area_parts::legend_and_table(area.as_ref(), l))}
                    <p class="summary">{summary}</p>
                    <ItemsTable series=s items=items/>
                }.into_any()
            }
        }}
        </div>
    }
}
