//! Two measures per category as points (e.g. clients against cost per client). One
//! keyboard stop over the plot: arrows walk the points left to right and show each value,
//! Enter or a click on a point filters the other widgets to that category (points may
//! overlap, so they are not separate small buttons; the table's rows are).

use crate::texts::{fill, t};
use helder_core::page_model::Series;
use leptos::prelude::*;

use crate::chart;
use crate::components::bar_widget::toggle_item;
use crate::components::chart_frame::{chart_width, measured_width, Pending};
use crate::store::Store;
use crate::widget_view;

#[component]
pub fn ScatterWidget(
    x: Memo<Option<Result<Series, String>>>,
    y: Memo<Option<Result<Series, String>>>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    let cursor = RwSignal::new(None::<usize>);
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match (x.get(), y.get()) {
            (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <Pending error=Some(e)/> }.into_any(),
            (Some(Ok(xs)), Some(Ok(ys))) => {
                let xi = widget_view::items(&xs);
                let yi = widget_view::items(&ys);
                // Categories with both values.
                let pairs: Vec<_> = xi
                    .iter()
                    .filter_map(|a| {
                        let b = yi.iter().find(|b| b.key == a.key)?;
                        Some((a.clone(), a.value?, b.value?, b.text.clone()))
                    })
                    .collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let h = if w < 480 { 260 } else { 340 };
                let pts: Vec<(f64, f64, bool)> = pairs.iter().map(|(a, vx, vy, _)| (*vx, *vy, a.selected)).collect();
                let caption = fill(t().scatter_caption, &[&ys.measure_label, &xs.measure_label, &xs.dimension_label.to_lowercase()]);
                let picture = match chart::scatter_svg(&pts, &widget_view::axis(xs.unit), &widget_view::axis(ys.unit), w, h) {
                    Ok(d) => {
                        last_svg.set_value(Some((d.svg.clone(), w, h)));
                        // Points in reading order (left to right) for the arrow keys.
                        let mut order: Vec<usize> = (0..pairs.len()).collect();
                        helder_core::sort_order::sort_indices(&mut order, &mut |a, b| d.points[a].0.total_cmp(&d.points[b].0));
                        let shared = std::sync::Arc::new((xs.clone(), pairs.clone(), d.points.clone(), order));
                        let text = {
                            let shared = shared.clone();
                            let y_label = ys.measure_label.clone();
                            move |i: usize| {
                                shared.1.get(i).map(|(item, _, _, yt)| format!("{}: {} {}, {} {}", item.label, shared.0.measure_label, item.text, y_label, yt)).unwrap_or_default()
                            }
                        };
                        // The point nearest to (x, y), if it is within reach of a finger.
                        let nearest = {
                            let shared = shared.clone();
                            move |x: f64, y: f64| {
                                shared.2.iter().enumerate()
                                    .map(|(i, (px, py))| (i, (px - x).hypot(py - y)))
                                    .filter(|(_, dist)| *dist <= 24.0)
                                    .min_by(|a, b| a.1.total_cmp(&b.1))
                                    .map(|(i, _)| i)
                            }
                        };
                        let (click, keys, marks) = (shared.clone(), shared.clone(), shared.clone());
                        let (text_now, text_tip) = (text.clone(), text);
                        let near_move = nearest.clone();
                        let mark = move || {
                            let i = cursor.get()?;
                            let (px, py) = *marks.2.get(i)?;
                            Some(view! {
                                <div class="ring" style=format!("left:{}px;top:{}px", px - 12.0, py - 12.0)></div>
                                <span class="tip shown" aria-hidden="true" style=format!("left:{}px;top:{}px", px.clamp(80.0, f64::from(w) - 80.0), py - 14.0)>{text_tip(i)}</span>
                            })
                        };
                        let n = pairs.len();
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=caption.clone() inner_html=d.svg></div>
                                <div class="scrub whole" tabindex="0" role="slider" data-testid="point-scrub"
                                    aria-label=fill(t().keys_points, &[&xs.dimension_label])
                                    aria-valuemin="0" aria-valuemax=n.saturating_sub(1).to_string()
                                    aria-valuenow=move || cursor.get().unwrap_or(0).to_string()
                                    aria-valuetext=move || cursor.get().map(&text_now).unwrap_or_default()
                                    on:pointermove=move |ev: leptos::ev::PointerEvent| cursor.set(near_move(f64::from(ev.offset_x()), f64::from(ev.offset_y())))
                                    on:pointerleave=move |_| cursor.set(None)
                                    on:click=move |ev| {
                                        if let Some(i) = nearest(f64::from(ev.offset_x()), f64::from(ev.offset_y())) {
                                            toggle_item(store, &click.0, &click.1[i].0);
                                        }
                                    }
                                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                        let order = &keys.3;
                                        let at = cursor.get_untracked().and_then(|c| order.iter().position(|o| *o == c)).unwrap_or(0);
                                        match ev.key().as_str() {
                                            "ArrowRight" | "ArrowUp" => cursor.set(order.get((at + 1).min(n.saturating_sub(1))).copied()),
                                            "ArrowLeft" | "ArrowDown" => cursor.set(order.get(at.saturating_sub(1)).copied()),
                                            "Enter" | " " => if let Some(c) = cursor.get_untracked() { toggle_item(store, &keys.0, &keys.1[c].0) },
                                            _ => return,
                                        }
                                        ev.prevent_default();
                                    }
                                    on:focus=move |_| if cursor.get_untracked().is_none() { cursor.set(shared.3.first().copied()) }
                                    on:blur=move |_| cursor.set(None)>
                                    {mark}
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                let rows = pairs.iter().map(|(a, _, _, yt)| {
                    let (s2, item) = (xs.clone(), a.clone());
                    let pressed = (xs.filtered && a.selected).to_string();
                    view! {
                        <tr>
                            <th scope="row"><button type="button" class="row-filter" aria-pressed=pressed on:click=move |_| toggle_item(store, &s2, &item)>{a.label.clone()}</button></th>
                            <td class="num">{a.text.clone()}</td><td class="num">{yt.clone()}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    {picture}
                    <p class="summary">{caption.clone()}</p>
                    <details class="table-alt">
                        <summary>{t().show_table}</summary>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().table_of, &[&caption])>
                            <table>
                                <thead><tr><th scope="col">{xs.dimension_label.clone()}</th><th scope="col" class="num">{xs.measure_label.clone()}</th><th scope="col" class="num">{ys.measure_label.clone()}</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </details>
                }.into_any()
            }
            _ => view! { <Pending error=None/> }.into_any(),
        }}
        </div>
    }
}
