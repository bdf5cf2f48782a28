//! A value per period as a line, with one keyboard stop over the plot: arrow keys (or the
//! pointer) move through the periods and show each exact value; Enter or a click selects
//! that period for every other widget, Shift extends the selection, dragging selects a
//! range, Escape clears it. The filter panel's from–to choice does the same without a chart.

use helder_core::date;
use helder_core::page_model::Series;
use helder_core::query::Filter;
use helder_core::spec::Mark;
use leptos::ev;
use leptos::prelude::*;

use crate::chart;
use crate::components::chart_frame::{chart_width, measured_width, ItemsTable, Pending};
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

#[component]
pub fn TimeWidget(series: Memo<Option<Result<Series, String>>>, marks: Vec<Mark>) -> impl IntoView {
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
                let picture = match chart::time_chart_svg(&labels, &values, &selected, &chart_marks, true, &widget_view::axis(s.unit), w, h) {
                    Ok(d) => {
                        last_svg.set_value(Some((d.svg.clone(), w, h)));
                        let slots = d.slots;
                        let shared = std::sync::Arc::new((s.clone(), items.clone()));
                        let at = move |x: f64| ((x / slots.step).floor().max(0.0) as usize).min(n.saturating_sub(1));
                        let text_of = {
                            let shared = shared.clone();
                            move |i: usize| shared.1.get(i).map(|it| format!("{}: {}", it.label, it.text)).unwrap_or_default()
                        };
                        let (up, keys) = (shared.clone(), shared.clone());
                        let text_now = text_of.clone();
                        let marks = move || {
                            let c = cursor.get()?;
                            let (lo, hi) = match anchor.get() {
                                Some(a) => (a.min(c), a.max(c)),
                                None => (c, c),
                            };
                            let left = slots.step * lo as f64;
                            let tip_left = (slots.step * (c as f64 + 0.5)).clamp(60.0, (slots.width - 60.0).max(60.0));
                            Some(view! {
                                <div class="cursor" style=format!("left:{left}px;width:{}px", slots.step * (hi - lo + 1) as f64)></div>
                                <span class="tip shown" aria-hidden="true" style=format!("left:{tip_left}px")>{text_of(c)}</span>
                            })
                        };
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=summary.clone() inner_html=d.svg></div>
                                <div class="scrub" tabindex="0" role="slider" data-testid="period-scrub"
                                    aria-label=format!("{}: kies een periode met de pijltjes, Enter selecteert, Shift+Enter breidt uit, Escape wist", s.dimension_label)
                                    aria-valuemin="0" aria-valuemax=n.saturating_sub(1).to_string()
                                    aria-valuenow=move || cursor.get().unwrap_or(n.saturating_sub(1)).to_string()
                                    aria-valuetext=move || text_now(cursor.get().unwrap_or(n.saturating_sub(1)))
                                    style=format!("left:{}px;top:{}px;width:{}px;height:{}px", slots.left, slots.top, slots.width, slots.height)
                                    on:pointerdown=move |ev: ev::PointerEvent| { let i = at(f64::from(ev.offset_x())); anchor.set(Some(i)); cursor.set(Some(i)); }
                                    on:pointermove=move |ev: ev::PointerEvent| cursor.set(Some(at(f64::from(ev.offset_x()))))
                                    on:pointerleave=move |_| { cursor.set(None); anchor.set(None); }
                                    on:pointerup=move |ev: ev::PointerEvent| {
                                        let i = at(f64::from(ev.offset_x()));
                                        let (s, items) = (&up.0, &up.1);
                                        match anchor.get_untracked() {
                                            Some(a) if a != i => select_range(store, s, items, a, i, false),
                                            _ if ev.shift_key() => select_range(store, s, items, selection_start(s, items, i), i, false),
                                            _ => select_range(store, s, items, i, i, true),
                                        }
                                        anchor.set(None);
                                    }
                                    on:keydown=move |ev: ev::KeyboardEvent| {
                                        let (s, items) = (&keys.0, &keys.1);
                                        let c = cursor.get_untracked().unwrap_or(n.saturating_sub(1));
                                        match ev.key().as_str() {
                                            "ArrowLeft" | "ArrowDown" => cursor.set(Some(c.saturating_sub(1))),
                                            "ArrowRight" | "ArrowUp" => cursor.set(Some((c + 1).min(n.saturating_sub(1)))),
                                            "Home" => cursor.set(Some(0)),
                                            "End" => cursor.set(Some(n.saturating_sub(1))),
                                            "Enter" | " " if ev.shift_key() => select_range(store, s, items, selection_start(s, items, c), c, false),
                                            "Enter" | " " => select_range(store, s, items, c, c, true),
                                            "Escape" => {
                                                let dim = s.dimension.clone();
                                                page_state::change(store, |sel| sel.set(&dim, None));
                                            }
                                            _ => return,
                                        }
                                        ev.prevent_default();
                                    }
                                    on:focus=move |_| if cursor.get_untracked().is_none() { cursor.set(Some(n.saturating_sub(1))) }
                                    on:blur=move |_| cursor.set(None)>
                                    {marks}
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                view! {
                    {picture}
                    {(!placed.is_empty()).then(|| view! { <ul class="marks">{legend}</ul> })}
                    <p class="summary">{summary}</p>
                    <ItemsTable series=s items=items/>
                }.into_any()
            }
        }}
        </div>
    }
}
