//! A pivot table: rows × columns with totals, sortable by any column. A cell's button
//! filters every other widget to that combination; the totals keep showing the whole.

use crate::texts::{fill, t};
use helder_core::page_model::Pivot;
use leptos::prelude::*;

use crate::components::chart_frame::Pending;
use crate::page_state;
use crate::store::Store;

/// Row order: by label, or by the values of one column (`usize::MAX` = the totals), largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Label,
    Column(usize),
}

fn order(p: &Pivot, sort: Sort) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.rows.len()).collect();
    if let Sort::Column(c) = sort {
        let value = |r: usize| {
            if c == usize::MAX {
                p.row_totals[r]
            } else {
                p.cells[r].get(c).copied().flatten()
            }
        };
        helder_core::sort_order::sort_indices(&mut idx, &mut |a, b| {
            value(b)
                .unwrap_or(f64::MIN)
                .total_cmp(&value(a).unwrap_or(f64::MIN))
        });
    }
    idx
}

#[component]
pub fn PivotWidget(pivot: Memo<Option<Result<Pivot, String>>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let sort = RwSignal::new(Sort::Label);
    move || match pivot.get() {
        None => view! { <Pending error=None/> }.into_any(),
        Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
        Some(Ok(p)) => {
            let aria = move |s: Sort| {
                if sort.get() == s {
                    if s == Sort::Label {
                        "ascending"
                    } else {
                        "descending"
                    }
                } else {
                    "none"
                }
            };
            let head = p.cols.iter().enumerate().map(|(c, label)| view! {
                <th scope="col" class="num" aria-sort=move || aria(Sort::Column(c))>
                    <button type="button" class="sort" on:click=move |_| sort.set(Sort::Column(c))>{label.clone()}</button>
                </th>
            }).collect_view();
            let rows = order(&p, sort.get()).into_iter().map(|r| {
                let cells = (0..p.cols.len()).map(|c| {
                    let value = p.cell_value(r, c);
                    let text = p.cell_text(r, c);
                    let pressed = (p.filtered && p.selected[r][c]).to_string();
                    let (dim, label) = (p.dimension.clone(), format!("{}, {}: {text}", p.rows[r], p.cols[c]));
                    view! {
                        <td class="num">
                            <button type="button" class="cell-filter" aria-pressed=pressed aria-label=label data-cell=value.clone()
                                on:click=move |_| page_state::change(store, |s| s.toggle(&dim, &dim, &value))>{text}</button>
                        </td>
                    }
                }).collect_view();
                view! {
                    <tr>
                        <th scope="row">{p.rows[r].clone()}</th>
                        {cells}
                        <td class="num total">{p.total_text(p.row_totals[r])}</td>
                    </tr>
                }
            }).collect_view();
            let foot = p
                .col_totals
                .iter()
                .map(|v| view! { <td class="num total">{p.total_text(*v)}</td> })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().cross_table_of, &[&p.measure_label])>
                    <table class="pivot">
                        <caption>{fill(t().per_and, &[&p.measure_label, &p.row_label.to_lowercase(), &p.col_label.to_lowercase()])}</caption>
                        <thead><tr>
                            <th scope="col" aria-sort=move || aria(Sort::Label)><button type="button" class="sort" on:click=move |_| sort.set(Sort::Label)>{p.row_label.clone()}</button></th>
                            {head}
                            <th scope="col" class="num" aria-sort=move || aria(Sort::Column(usize::MAX))><button type="button" class="sort" on:click=move |_| sort.set(Sort::Column(usize::MAX))>"Totaal"</button></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr><th scope="row">{t().total}</th>{foot}<td class="num total">{p.total_text(p.total)}</td></tr></tfoot>
                    </table>
                </div>
            }.into_any()
        }
    }
}
