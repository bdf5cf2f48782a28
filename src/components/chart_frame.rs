//! Pieces every chart widget shares: its measured width, the pending state and the table
//! alternative (whose rows filter like the bars do).

use crate::texts::{fill, t};
use helder_core::page_model::Series;
use leptos::html::Div;
use leptos::prelude::*;

use crate::components::bar_widget::toggle_item;
use crate::store::Store;
use crate::widget_view::Item;

/// A node to measure and its width in pixels, measured again after every resize, so charts
/// are drawn at the size they are shown (text at its real size).
pub fn measured_width() -> (NodeRef<Div>, RwSignal<u32>) {
    let viewport = expect_context::<RwSignal<u32>>();
    let store = use_context::<Store>();
    let container = NodeRef::<Div>::new();
    let width = RwSignal::new(0u32);
    let measure = move || {
        if let Some(el) = container.get_untracked() {
            let w = el.client_width().max(0) as u32;
            if width.get_untracked() != w {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        viewport.track();
        if let Some(store) = store {
            store.revision.track();
        }
        if container.get().is_some() {
            measure();
        }
        // The page's grid can still be narrow when a widget mounts, before its data has
        // arrived (charts were drawn 240 px wide and stretched, their overlaid controls
        // misplaced, until a resize): measure again once the browser has laid it out.
        request_animation_frame(measure);
    });
    (container, width)
}

/// The width to draw a chart at, once the container has been measured: drawing before
/// that would paint a small chart stretched to the card, then redraw it.
pub fn chart_width(measured: u32) -> Option<u32> {
    (measured > 0).then(|| measured.clamp(240, 1400))
}

/// Loading (no error) or the reason a widget has no figures.
#[component]
pub fn Pending(error: Option<String>) -> impl IntoView {
    match error {
        None => view! { <p class="muted" aria-busy="true">{t().loading}</p> }.into_any(),
        Some(e) => view! { <p class="unavailable">{fill(t().unavailable, &[&e])}</p> }.into_any(),
    }
}

/// Whether a click may filter on `dimension`: always on the intranet; on a public page's
/// cube only for its page filters (only their tables were published), so nothing there
/// offers a click that would do nothing.
pub fn clickable(store: Store, dimension: &str) -> bool {
    store
        .with_model(|m| m.address_dimension(dimension).is_some())
        .unwrap_or(false)
}

/// The chart's data as a table, in a disclosure; a row's button filters like its bar.
#[component]
pub fn ItemsTable(series: Series, items: Vec<Item>) -> impl IntoView {
    let store = expect_context::<Store>();
    let caption = fill(
        t().per,
        &[
            &series.measure_label,
            &series.dimension_label.to_lowercase(),
        ],
    );
    let click = clickable(store, &series.dimension);
    let rows = items
        .into_iter()
        .map(|item| {
            let s = series.clone();
            let pressed = (series.filtered && item.selected).to_string();
            let text = item.text.clone();
            let label = item.label.clone();
            let head = if click {
                view! { <button type="button" class="row-filter" aria-pressed=pressed on:click=move |_| toggle_item(store, &s, &item)>{label}</button> }.into_any()
            } else {
                view! { <span>{label}</span> }.into_any()
            };
            view! {
                <tr>
                    <th scope="row">{head}</th>
                    <td class="num">{text}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="table-alt">
            <summary>{t().show_table}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label=fill(t().table_of, &[&caption])>
                <table>
                    <caption>{caption.clone()}</caption>
                    <thead><tr><th scope="col">{series.dimension_label.clone()}</th><th scope="col" class="num">{series.measure_label.clone()}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
