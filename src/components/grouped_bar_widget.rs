//! Grouped bars (e.g. clients per wijk, men and women side by side). Every bar is a button:
//! click or Enter filters the other widgets to that combination (again to undo); the legend
//! names each group with its colour and pattern, and the table below has every value.

use crate::texts::{fill, t};
use helder_core::page_model::Pivot;
use leptos::prelude::*;

use crate::components::chart_frame::{chart_width, measured_width, Pending};
use crate::components::pivot_widget::PivotWidget;
use crate::page_state;
use crate::store::Store;
use crate::{grouped_chart, widget_view};

/// More categories than this make a wall of bars (each has a bar per group); the table
/// below the chart lists them all.
const MAX_CATEGORIES: usize = 8;

fn some_shown(shown: usize, all: usize) -> String {
    fill(
        t().largest_groups_shown,
        &[&shown.to_string(), &all.to_string()],
    )
}

#[component]
pub fn GroupedBarWidget(
    pivot: Memo<Option<Result<Pivot, String>>>,
    widget: String,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let last_svg = expect_context::<StoredValue<Option<(String, u32, u32)>>>();
    let (container, width) = measured_width();
    let pattern_id = format!("grp-{widget}");
    view! {
        <div node_ref=container class="chart-box-outer">
        {move || match pivot.get() {
            None => view! { <Pending error=None/> }.into_any(),
            Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
            Some(Ok(p)) => {
                // Largest categories first, as plain and stacked bars are.
                let mut order: Vec<usize> = (0..p.rows.len()).collect();
                helder_core::sort_order::sort_indices(&mut order, &mut |a, b| p.row_totals[b].unwrap_or(0.0).total_cmp(&p.row_totals[a].unwrap_or(0.0)));
                let hidden = order.len().saturating_sub(MAX_CATEGORIES);
                order.truncate(MAX_CATEGORIES);
                let rows: Vec<String> = order.iter().map(|r| p.rows[*r].clone()).collect();
                let cells: Vec<Vec<Option<f64>>> = order.iter().map(|r| p.cells[*r].clone()).collect();
                let selected: Vec<Vec<bool>> = order.iter().map(|r| p.selected[*r].clone()).collect();
                let Some(w) = chart_width(width.get()) else {
                    return view! { <div class="chart-wait" aria-busy="true"></div> }.into_any();
                };
                let groups = p.cols.len().max(1);
                let picture = match grouped_chart::grouped_hbar_svg(&rows, &cells, &selected, &pattern_id, &widget_view::axis(p.unit), w) {
                    Ok(d) => {
                        let h = (d.slots.top + d.slots.height) as u32 + 32;
                        last_svg.set_value(Some((d.svg.clone(), w, h)));
                        let buttons = order.iter().enumerate().flat_map(|(i, r)| {
                            let p = p.clone();
                            let r = *r;
                            (0..p.cols.len()).map(move |c| {
                                let text = p.cell_text(r, c);
                                let on = p.filtered && p.selected[r][c];
                                let label = format!("{}, {}: {text}{}", p.rows[r], p.cols[c], if on { t().selected_suffix } else { "" });
                                let style = format!("top:{}px;height:{}px;left:0;right:0", d.slots.top + d.slots.step * (i * groups + c) as f64, d.slots.step);
                                let (dim, value) = (p.dimension.clone(), p.cell_value(r, c));
                                let aria = label.clone();
                                view! {
                                    <button type="button" class="hit" style=style aria-pressed=on.to_string() aria-label=aria data-cell=value.clone()
                                        on:click=move |_| page_state::change(store, |s| s.toggle(&dim, &dim, &value))>
                                        <span class="tip" aria-hidden="true">{label}</span>
                                    </button>
                                }
                            })
                        }).collect_view();
                        view! {
                            <div class="chart-box">
                                <div class="chart-svg" role="img" aria-label=fill(t().per_and, &[&p.measure_label, &p.row_label.to_lowercase(), &p.col_label.to_lowercase()]) inner_html=d.svg></div>
                                <div class="hits" role="group" aria-label=format!("{} & {}: {}", p.row_label, p.col_label.to_lowercase(), t().click_to_filter)>{buttons}</div>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="unavailable">{e}</p> }.into_any(),
                };
                let legend = p.cols.iter().enumerate().map(|(c, name)| view! {
                    <li><span class="swatch-pattern" inner_html=grouped_chart::swatch_svg(&pattern_id, c)></span>{name.clone()}</li>
                }).collect_view();
                view! {
                    {picture}
                    <ul class="legend" aria-label=p.col_label.clone()>{legend}</ul>
                    {(hidden > 0).then(|| view! { <p class="muted">{some_shown(order.len(), order.len() + hidden)}</p> })}
                    <details class="table-alt">
                        <summary>{t().show_table}</summary>
                        <PivotWidget pivot=pivot/>
                    </details>
                }.into_any()
            }
        }}
        </div>
    }
}
