//! The care-demand widget: per buurt the users now and the expected users at each horizon
//! with their 80 % interval and change, as a sortable, paged table whose every row explains
//! how its numbers were computed. The page loads the population (the widget's dataset) and
//! the care data like any dataset it reads and hands both to its model; the figure is
//! computed once when the model is built, and the page's filters do not change it (the
//! widget says so when a filter is on).

use std::sync::Arc;

use helder_core::demand_figure::{change_text, users_text, DemandFigure, DemandRow, DemandSort};
use helder_core::format_nl;
use helder_core::spec::WidgetSpec;
use leptos::prelude::*;

use crate::components::chart_frame::Pending;
use crate::load_state::Load;
use crate::store::Store;
use crate::texts::{fill, t};

/// Rows on one page of the table.
const PAGE_ROWS: usize = 20;

/// Whether the figure can be computed: `Ok(true)` once the page's model is built (it waits
/// for every dataset the page reads, the care data included), an error naming the first of
/// the widget's files that failed.
fn readiness(store: Store, names: &[String]) -> Result<bool, String> {
    store.revision.track();
    let failed = store.datasets.with(|d| {
        names.iter().find_map(|n| match d.get(n) {
            Some(Load::Failed(e)) => Some(e.clone()),
            _ => None,
        })
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(store.with_model(|_| ()).is_some()),
    }
}

#[component]
pub fn DemandWidget(index: usize, spec: WidgetSpec, dataset: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let mut names = vec![dataset];
    names.extend(spec.demand.as_ref().map(|d| d.care.get_ref().clone()));
    let ready = Memo::new(move |_| readiness(store, &names));
    // Runs once: `ready` turns true once and later filter changes leave it true.
    let figure = Memo::new(move |_| match ready.get() {
        Err(e) => Some(Err(e)),
        Ok(false) => None,
        Ok(true) => Some(
            store
                .with_model(|m| m.demand(index).map(Arc::new).map_err(|e| e.to_string()))
                .unwrap_or_else(|| Err(t().demand_not_ready.into())),
        ),
    });
    let filtered = Memo::new(move |_| {
        store.revision.track();
        store
            .with_model(|m| !m.selection().filters.is_empty())
            .unwrap_or(false)
    });
    let sort = RwSignal::new((DemandSort::Name, false));
    let page = RwSignal::new(0usize);
    let id = spec.id.get_ref().clone();
    let note = move || {
        filtered
            .get()
            .then(|| view! { <p class="muted not-applying" data-testid="not-applying">{t().demand_filters_note}</p> })
    };
    let body = move || match figure.get() {
        None => view! { <Pending error=None/> }.into_any(),
        Some(Err(e)) => view! { <Pending error=Some(e)/> }.into_any(),
        Some(Ok(f)) => table(&f, sort, page, &id).into_any(),
    };
    view! { {note} {body} }
}

/// The sort of a column header: clicking sorts by it (numbers largest first), clicking the
/// same header again reverses.
fn header(
    label: String,
    by: DemandSort,
    sort: RwSignal<(DemandSort, bool)>,
    page: RwSignal<usize>,
    num: bool,
) -> impl IntoView {
    let aria = move || match sort.get() {
        (s, desc) if s == by => {
            if desc {
                "descending"
            } else {
                "ascending"
            }
        }
        _ => "none",
    };
    let class = if num { "num" } else { "" };
    view! {
        <th scope="col" class=class aria-sort=aria>
            <button type="button" class="sort" on:click=move |_| {
                sort.update(|(s, desc)| {
                    if *s == by {
                        *desc = !*desc;
                    } else {
                        *s = by;
                        *desc = by != DemandSort::Name;
                    }
                });
                page.set(0);
            }>{label}</button>
        </th>
    }
}

fn row_view(r: &DemandRow) -> impl IntoView {
    let cells = r
        .cells
        .iter()
        .map(|c| {
            view! {
                <td class="num" data-value=c.expected.to_string() data-years=c.years_ahead.to_string()>
                    {users_text(c.expected)}<br/>
                    <span class="muted">{fill(t().demand_interval, &[&users_text(c.lower80), &users_text(c.upper80)])}</span>
                </td>
                <td class="num" data-change=c.change.to_string()>{change_text(c.change)}</td>
            }
        })
        .collect_view();
    let name = r.name.clone();
    view! {
        <tr data-name=name.clone() data-current=r.current.to_string()>
            <th scope="row">{name.clone()}</th>
            <td class="num">{users_text(r.current)}</td>
            {cells}
            <td>
                <details class="table-alt">
                    <summary aria-label=fill(t().demand_explain_of, &[&name])>{t().demand_explain}</summary>
                    <p class="summary">{r.explanation.clone()}</p>
                </details>
            </td>
        </tr>
    }
}

fn table(
    f: &DemandFigure,
    sort: RwSignal<(DemandSort, bool)>,
    page: RwSignal<usize>,
    id: &str,
) -> impl IntoView {
    let f = f.clone();
    let ahead = |years: &usize| match years {
        1 => t().demand_ahead_one.to_string(),
        n => fill(t().demand_ahead, &[&n.to_string()]),
    };
    let horizons: Vec<String> = f.horizons.iter().map(ahead).collect();
    let caption = fill(
        t().demand_caption,
        &[&f.base_year.to_string(), &horizons.join(", ")],
    );
    let mut heads = vec![
        header(t().demand_area.into(), DemandSort::Name, sort, page, false).into_any(),
        header(
            fill(t().demand_now, &[&f.base_year.to_string()]),
            DemandSort::Current,
            sort,
            page,
            true,
        )
        .into_any(),
    ];
    for (h, years) in f.horizons.iter().enumerate() {
        heads.push(header(ahead(years), DemandSort::Expected(h), sort, page, true).into_any());
        heads.push(
            header(
                t().demand_change.into(),
                DemandSort::Change(h),
                sort,
                page,
                true,
            )
            .into_any(),
        );
    }
    heads.push(view! { <th scope="col">{t().demand_how}</th> }.into_any());
    let region = t().demand_region;
    let test_id = format!("demand-{id}");
    let total_row = row_view(&f.total);
    let f2 = f.clone();
    let body = move || {
        let (by, desc) = sort.get();
        let rows = f2.sorted(by, desc);
        let total = rows.len();
        let pages = total.div_ceil(PAGE_ROWS).max(1);
        let p = page.get().min(pages - 1);
        rows.into_iter()
            .skip(p * PAGE_ROWS)
            .take(PAGE_ROWS)
            .map(row_view)
            .collect_view()
    };
    let n = f.rows.len();
    let pages = n.div_ceil(PAGE_ROWS).max(1);
    let pager = move || {
        let p = page.get().min(pages - 1);
        view! {
            <div class="pager">
                // Braces around the conditions: unbraced, `p + 1 >= pages` ended the tag at
                // `>` and put the rest of the line into the button as text.
                <button type="button" disabled={p == 0} on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>{t().previous}</button>
                <span>{fill(t().page_of_areas, &[&(p + 1).to_string(), &pages.to_string(), &format_nl::integer(n as i64)])}</span>
                <button type="button" disabled={p + 1 >= pages} on:click=move |_| page.update(|x| *x += 1)>{t().next}</button>
            </div>
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=region data-testid=test_id>
            <table>
                <caption>{caption}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{body}</tbody>
                <tfoot>{total_row}</tfoot>
            </table>
        </div>
        {pager}
        <p class="summary">{t().demand_notes}</p>
        <p class="summary">{f.method.clone()}</p>
    }
}
