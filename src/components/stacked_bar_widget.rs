//! Bars split into parts (e.g. clients per wijk by geslacht). A bar is a button: click or
//! Enter filters the other widgets to that category; the legend names every part.

use crate::texts::{fill, t};
use helder_core::page_model::Pivot;
use leptos::prelude::*;

use crate::chart;
use crate::components::chart_frame::{chart_width, measured_width, Pending};
use crate::page_state;
use crate::palette;
use crate::store::Store;
use crate::widget_view;

#[component]
pub fn StackedBarWidget(pivot: Memo<Option<Result<Pivot, String>>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match pivot.get() {
            None => view! { <Pending error=None/> }.into_any(),
            Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
            Some(Ok(p)) => {
                // Largest bars first, as plain bars are.
                let mut order: Vec<usize> = (0..p.rows.len()).collect();
                helder_core::sort_order::sort_indices(&mut order, &mut |a, b| p.row_totals[b].unwrap_or(0.0).total_cmp(&p.row_totals[a].unwrap_or(0.0)));
                let rows: Vec<String> = order.iter().map(|r| p.rows[*r].clone()).collect();
                let cells: Vec<Vec<Option<f64>>> = order.iter().map(|r| p.cells[*r].clone()).collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let picture = match chart::stacked_hbar_svg(&rows, &cells, &widget_view::axis(p.unit), w) {
                    Ok(d) => {
                        let h = (d.slots.top + d.slots.height) as u32 + 32;
                        last_svg.set_value(Some((d.svg.clone(), w, h)));
                        let buttons = order.iter().enumerate().map(|(i, r)| {
                            let parts: Vec<String> = p.cols.iter().enumerate().map(|(c, name)| format!("{name} {}", p.cell_text(*r, c))).collect();
                            let label = fill(t().total_paren, &[&p.rows[*r], &parts.join(", "), &p.total_text(p.row_totals[*r])]);
                            let aria = label.clone();
                            let style = format!("top:{}px;height:{}px;left:0;right:0", d.slots.top + d.slots.step * i as f64, d.slots.step);
                            let pressed = (p.filtered && p.row_selected[*r]).to_string();
                            let (dim, value) = (p.row_dimension.clone().unwrap_or_default(), p.rows[*r].clone());
                            view! {
                                <button type="button" class="hit" style=style aria-pressed=pressed aria-label=aria data-label=value.clone()
                                    on:click=move |_| {
                                        let Some((column, _)) = store.with_model(|m| m.address_dimension(&dim)).flatten() else { return };
                                        page_state::change(store, |s| s.toggle(&dim, &column, &value));
                                    }>
                                    <span class="tip" aria-hidden="true">{label}</span>
                                </button>
                            }
                        }).collect_view();
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=fill(t().per_and, &[&p.measure_label, &p.row_label.to_lowercase(), &p.col_label.to_lowercase()]) inner_html=d.svg></div>
                                <div class="hits" role="group" aria-label=format!("{}: klik om te filteren", p.row_label)>{buttons}</div>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                let legend = p.cols.iter().enumerate().map(|(c, name)| view! {
                    <li><span class="swatch" style=format!("background:{}", palette::css(chart::PARTS[c % chart::PARTS.len()])) aria-hidden="true"></span>{name.clone()}</li>
                }).collect_view();
                let table_rows = order.iter().map(|r| {
                    let cells = (0..p.cols.len()).map(|c| view! { <td class="num">{p.cell_text(*r, c)}</td> }).collect_view();
                    view! { <tr><th scope="row">{p.rows[*r].clone()}</th>{cells}<td class="num total">{p.total_text(p.row_totals[*r])}</td></tr> }
                }).collect_view();
                let head = p.cols.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view();
                view! {
                    {picture}
                    <ul class="legend" aria-label=p.col_label.clone()>{legend}</ul>
                    <details class="table-alt">
                        <summary>{t().show_table}</summary>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().table_of, &[&p.measure_label])>
                            <table class="pivot">
                                <thead><tr><th scope="col">{p.row_label.clone()}</th>{head}<th scope="col" class="num">{t().total}</th></tr></thead>
                                <tbody>{table_rows}</tbody>
                            </table>
                        </div>
                    </details>
                }.into_any()
            }
        }}
        </div>
    }
}
