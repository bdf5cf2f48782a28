//! The active filters as removable chips, and "clear all".

use crate::texts::{fill, t};
use helder_core::date;
use helder_core::query::Filter;
use leptos::prelude::*;

use crate::page_state;
use crate::store::Store;

/// A filter in words, e.g. "Wijk: Noord, Zuid" or "Maand: jan 2024 t/m dec 2024".
pub fn describe(label: &str, filter: &Filter) -> String {
    let value = match filter {
        Filter::OneOf { values, .. } => values.join(", "),
        Filter::DateRange { from, to, .. } => {
            let month =
                |d: i32| helder_core::query::GroupKey::Month(date::month_index(d)).label_nl();
            if date::month_index(*from) == date::month_index(*to) {
                month(*from)
            } else {
                format!("{} t/m {}", month(*from), month(*to))
            }
        }
        // Range filters are on whole numbers such as ages and years: no thousands dots.
        Filter::NumberRange { min, max, .. } if min == max => format!("{min:.0}"),
        Filter::NumberRange { min, max, .. } => format!("{min:.0} t/m {max:.0}"),
        Filter::Contains { text, .. } => fill(t().contains, &[text]),
        Filter::IsNull { .. } => t().empty.into(),
        Filter::NotNull { .. } => t().not_empty.into(),
    };
    format!("{label}: {value}")
}

/// The label of a dimension: its column's label from the spec.
pub fn dimension_label(store: Store, dim: &str) -> String {
    store
        .with_model(|m| {
            m.filters()
                .iter()
                .find(|f| f.dimension == dim)
                .map(|f| f.label.clone())
                .or_else(|| {
                    (0..m.widget_count())
                        .flat_map(|w| m.groupings(w).to_vec())
                        .find(|(d, _)| d == dim)
                        .map(|(_, l)| l)
                })
        })
        .flatten()
        .unwrap_or_else(|| dim.to_string())
}

#[component]
pub fn FilterChips() -> impl IntoView {
    let store = expect_context::<Store>();
    let chips = Memo::new(move |_| {
        store
            .selection
            .get()
            .filters
            .iter()
            .map(|(dim, f)| {
                let label = dimension_label(store, dim);
                // A histogram's range says its bins and unit, e.g. "5 tot 10 dagen".
                let text = store
                    .with_model(|m| m.range_text(dim, f))
                    .flatten()
                    .map_or_else(|| describe(&label, f), |t| format!("{label}: {t}"));
                (dim.clone(), text)
            })
            .collect::<Vec<_>>()
    });
    // Screen readers hear each change of the filters and what it leaves (WCAG 4.1.3), not
    // the page's first state: the announcement starts empty and follows later changes.
    let announcement = RwSignal::new(String::new());
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let list = chips.get();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        let filters = if list.is_empty() {
            t().announce_no_filters.to_string()
        } else {
            let texts: Vec<String> = list.into_iter().map(|(_, text)| text).collect();
            fill(t().announce_filters, &[&texts.join("; ")])
        };
        let rows = store
            .with_model(|m| (!m.reads_cells()).then(|| m.rows_passing()))
            .flatten()
            .map(|n| fill(t().announce_rows, &[&helder_core::format_nl::integer(n)]));
        announcement.set(match rows {
            Some(r) => format!("{filters} {r}"),
            None => filters,
        });
    });
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="filter-announcement">
            {move || announcement.get()}
        </p>
        <div class="chips" role="region" aria-label=t().active_filters data-testid="chips">
            {move || {
                let list = chips.get();
                if list.is_empty() {
                    return view! { <p class="muted">{t().no_filters}</p> }.into_any();
                }
                view! {
                    <ul>
                        {list.into_iter().map(|(dim, text)| {
                            let label = fill(t().remove_filter, &[&text]);
                            view! {
                                <li>
                                    <button type="button" class="chip" aria-label=label
                                        on:click=move |_| page_state::change(store, |s| s.set(&dim, None))>
                                        {text}<span aria-hidden="true">" ✕"</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                        <li>
                            <button type="button" class="chip-clear" data-testid="clear-all"
                                on:click=move |_| page_state::change(store, |s| s.filters.clear())>
                                {t().clear_all}
                            </button>
                        </li>
                    </ul>
                }.into_any()
            }}
        </div>
    }
}
