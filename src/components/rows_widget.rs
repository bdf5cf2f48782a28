//! A data table of the rows themselves: follows every filter, sortable by any column,
//! searchable, 25 rows a page. Identifier columns are never shown (the core leaves them out).

use crate::texts::{fill, t};
use helder_core::format_nl;
use helder_core::rows_table::{RowsPage, RowsRequest};
use leptos::prelude::*;

use crate::components::chart_frame::Pending;
use crate::store::Store;

const PER_PAGE: usize = 25;

#[component]
pub fn RowsWidget(index: usize, widget: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let sort = RwSignal::new(None::<(usize, bool)>);
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let data = Memo::new(move |_| -> Option<Result<RowsPage, String>> {
        store.revision.track();
        let req = RowsRequest {
            sort: sort.get(),
            search: search.get(),
            page: page.get(),
            per_page: PER_PAGE,
        };
        store.with_model(|m| m.rows_page(index, &req).map_err(|e| e.to_string()))
    });
    // A new filter starts at the first page again.
    Effect::new(move |_| {
        store.revision.track();
        page.set(0);
    });
    let search_id = format!("w-{widget}-rows-search");
    view! {
        <div class="table-widget">
            <label for=search_id.clone() class="switch-label">{t().search_rows}</label>
            <input id=search_id type="search" on:input=move |ev| { search.set(event_target_value(&ev)); page.set(0); }/>
            {move || match data.get() {
                None => view! { <Pending error=None/> }.into_any(),
                Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
                Some(Ok(p)) => {
                    let head = p.columns.iter().enumerate().map(|(c, label)| {
                        let state = move || match sort.get() {
                            Some((s, true)) if s == c => "ascending",
                            Some((s, false)) if s == c => "descending",
                            _ => "none",
                        };
                        let class = if p.numeric[c] { "num" } else { "" };
                        view! {
                            <th scope="col" class=class aria-sort=state>
                                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = match *s {
                                    Some((x, true)) if x == c => Some((c, false)),
                                    _ => Some((c, true)),
                                })>{label.clone()}</button>
                            </th>
                        }
                    }).collect_view();
                    let numeric = p.numeric.clone();
                    let rows = p.rows.iter().map(|r| {
                        let cells = r.iter().enumerate().map(|(c, v)| {
                            let class = if numeric[c] { "num" } else { "" };
                            view! { <td class=class>{v.clone()}</td> }
                        }).collect_view();
                        view! { <tr>{cells}</tr> }
                    }).collect_view();
                    let (first, last) = (p.page == 0, p.page + 1 >= p.pages);
                    view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Rijen">
                            <table class="rows">
                                <thead><tr>{head}</tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <div class="pager">
                            <button type="button" disabled=first on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>{t().previous}</button>
                            <span data-testid="rows-count">{fill(t().page_of_rows, &[&(p.page + 1).to_string(), &format_nl::integer(p.pages as i64), &format_nl::integer(p.total as i64)])}</span>
                            <button type="button" disabled=last on:click=move |_| page.update(|x| *x += 1)>{t().next}</button>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}
