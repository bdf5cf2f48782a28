//! A bar chart per category. Every bar is also a button: click or Enter filters the other
//! widgets on the page to that category (again to undo); hover or focus shows the exact value.

use crate::texts::{fill, t};
use helder_core::page_model::Series;
use leptos::prelude::*;

use crate::chart;
use crate::components::chart_frame::{chart_width, measured_width, ItemsTable, Pending};
use crate::page_state;
use crate::store::Store;
use crate::widget_view::{self, Item};

/// More bars than this make the chart a wall; the table alternative lists them all.
const MAX_BARS: usize = 15;

/// Adds or removes `item` in the filter on the series' dimension.
pub fn toggle_item(store: Store, series: &Series, item: &Item) {
    let dim = series.dimension.clone();
    let Some((column, _)) = store.with_model(|m| m.address_dimension(&dim)).flatten() else {
        return;
    };
    let value = item.label.clone();
    page_state::change(store, |s| s.toggle(&dim, &column, &value));
}

#[component]
pub fn BarWidget(series: Memo<Option<Result<Series, String>>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match series.get() {
            None => view! { <Pending error=None/> }.into_any(),
            Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
            Some(Ok(s)) => {
                let (items, hidden) = widget_view::bar_items(&s, MAX_BARS);
                let all = widget_view::items(&s);
                let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
                let values: Vec<Option<f64>> = items.iter().map(|i| i.value).collect();
                let selected: Vec<bool> = items.iter().map(|i| i.selected).collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let summary = widget_view::summary(&s, &items);
                let reference = s.reference.map(|r| r * s.scale);
                let drawing = chart::hbar_chart_svg(&labels, &values, &selected, reference, &widget_view::axis(s.unit), w);
                let picture = match drawing {
                    Ok(d) => {
                        let h = (d.slots.top + d.slots.height) as u32 + 32;
                        last_svg.set_value(Some((d.svg.clone(), w, h)));
                        let slots = d.slots;
                        let click = crate::components::chart_frame::clickable(store, &s.dimension);
                        let buttons = items.iter().enumerate().filter(|_| click).map(|(i, item)| {
                            let style = format!("top:{}px;height:{}px;left:0;right:0", slots.top + slots.step * i as f64, slots.step);
                            let label = format!("{}: {}{}", item.label, item.text, if s.filtered && item.selected { t().selected_suffix } else { "" });
                            let (s2, item2) = (s.clone(), item.clone());
                            let aria = label.clone();
                            view! {
                                <button type="button" class="hit" style=style aria-pressed=(s.filtered && item.selected).to_string()
                                    aria-label=aria data-label=item.label.clone() data-value=item.value.map(|v| v.to_string()).unwrap_or_default()
                                    on:click=move |_| toggle_item(store, &s2, &item2)>
                                    <span class="tip" aria-hidden="true">{label}</span>
                                </button>
                            }
                        }).collect_view();
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=summary.clone() inner_html=d.svg></div>
                                {click.then(|| view! { <div class="hits" role="group" aria-label=format!("{}: klik om te filteren", s.dimension_label)>{buttons}</div> })}
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                view! {
                    {picture}
                    {reference.map(|_| view! { <p class="marks"><span aria-hidden="true">"┃ "</span>{fill(t().whole_municipality, &[&s.format(s.reference)])}</p> })}
                    {(hidden > 0).then(|| view! { <p class="muted">{fill(t().largest_shown, &[&items.len().to_string(), &(items.len() + hidden).to_string()])}</p> })}
                    <p class="summary">{summary}</p>
                    <ItemsTable series=s items=all/>
                }.into_any()
            }
        }}
        </div>
    }
}
