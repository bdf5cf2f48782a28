//! A sortable, searchable, paged table of a value per category; a row's button filters the
//! other widgets like a bar does.

use crate::texts::{fill, t};
use helder_core::format_nl;
use helder_core::page_model::Series;
use leptos::prelude::*;

use crate::components::bar_widget::toggle_item;
use crate::components::chart_frame::Pending;
use crate::store::Store;
use crate::widget_view;

const PAGE_ROWS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Label,
    ValueDesc,
    ValueAsc,
}

#[component]
pub fn TableWidget(series: Memo<Option<Result<Series, String>>>, widget: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let sort = RwSignal::new(Sort::ValueDesc);
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let search_id = format!("w-{widget}-search");
    view! {
        <div class="table-widget">
            <label for=search_id.clone() class="switch-label">{t().search}</label>
            <input id=search_id type="search" on:input=move |ev| { search.set(event_target_value(&ev)); page.set(0); }/>
            {move || match series.get() {
                None => view! { <Pending error=None/> }.into_any(),
                Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
                Some(Ok(s)) => {
                    let needle = search.get().to_lowercase();
                    let mut items: Vec<_> = widget_view::items(&s)
                        .into_iter()
                        .filter(|i| needle.is_empty() || i.label.to_lowercase().contains(&needle))
                        .collect();
                    match sort.get() {
                        Sort::Label => helder_core::sort_order::sort_by(&mut items, |a, b| a.key.cmp(&b.key)),
                        Sort::ValueDesc => helder_core::sort_order::sort_by(&mut items, |a, b| b.value.unwrap_or(f64::MIN).total_cmp(&a.value.unwrap_or(f64::MIN))),
                        Sort::ValueAsc => helder_core::sort_order::sort_by(&mut items, |a, b| a.value.unwrap_or(f64::MAX).total_cmp(&b.value.unwrap_or(f64::MAX))),
                    }
                    let total = items.len();
                    let pages = total.div_ceil(PAGE_ROWS).max(1);
                    let p = page.get().min(pages - 1);
                    let (first_page, last_page) = (p == 0, p + 1 >= pages);
                    let aria_sort = |mine: bool, asc: bool| if !mine { "none" } else if asc { "ascending" } else { "descending" };
                    let (label_sort, value_sort) = match sort.get() {
                        Sort::Label => (aria_sort(true, true), "none"),
                        Sort::ValueDesc => ("none", aria_sort(true, false)),
                        Sort::ValueAsc => ("none", aria_sort(true, true)),
                    };
                    // A public page's cube answers only its page filters: other rows are text.
                    let clickable = crate::components::chart_frame::clickable(store, &s.dimension);
                    let rows = items.into_iter().skip(p * PAGE_ROWS).take(PAGE_ROWS).map(|item| {
                        let s2 = s.clone();
                        let pressed = (s.filtered && item.selected).to_string();
                        let (label, text) = (item.label.clone(), item.text.clone());
                        let head = if clickable {
                            view! { <button type="button" class="row-filter" aria-pressed=pressed data-label=label.clone()
                                on:click=move |_| toggle_item(store, &s2, &item)>{label.clone()}</button> }.into_any()
                        } else {
                            view! { <span data-label=label.clone()>{label.clone()}</span> }.into_any()
                        };
                        view! {
                            <tr>
                                <th scope="row">{head}</th>
                                <td class="num" data-label=label>{text}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().table_of, &[&s.measure_label])>
                            <table>
                                <thead><tr>
                                    <th scope="col" aria-sort=label_sort><button type="button" class="sort" on:click=move |_| sort.set(Sort::Label)>{s.dimension_label.clone()}</button></th>
                                    <th scope="col" class="num" aria-sort=value_sort><button type="button" class="sort" on:click=move |_| sort.update(|x| *x = if *x == Sort::ValueDesc { Sort::ValueAsc } else { Sort::ValueDesc })>{s.measure_label.clone()}</button></th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <div class="pager">
                            <button type="button" disabled=first_page on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>{t().previous}</button>
                            <span>{fill(t().page_of_rows, &[&(p + 1).to_string(), &pages.to_string(), &format_nl::integer(total as i64)])}</span>
                            <button type="button" disabled=last_page on:click=move |_| page.update(|x| *x += 1)>{t().next}</button>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}
