//! The data sources of the page: each dataset with its size, freshness and load state.

use crate::texts::t;
use helder_core::{date, format_nl};
use leptos::prelude::*;

use crate::load_state::{Load, ManifestState};
use crate::store::Store;

#[component]
pub fn DatasetList() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let ManifestState::Ready(manifest) = store.manifest.get() else {
            return None;
        };
        let items = manifest
            .datasets
            .iter()
            .map(|d| {
                let state = store.datasets.with(|l| match l.get(&d.name) {
                    None => t().not_needed,
                    Some(Load::Ready(_)) => t().loaded,
                    Some(Load::Failed(_)) => t().load_failed,
                    Some(_) => t().being_loaded,
                });
                let as_of = date::parse_iso(&d.as_of)
                    .map(date::format_long_nl)
                    .unwrap_or_else(|| d.as_of.clone());
                view! {
                    <li>
                        <span class="source-title">{d.title.clone()}</span>
                        <span class="source-meta">
                            {format_nl::integer(d.rows as i64)} {t().rows_until} {as_of} " · " {state}
                        </span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card sources" aria-labelledby="sources-title">
                <h2 id="sources-title">{t().sources}</h2>
                <ul class="source-list">{items}</ul>
            </section>
        })
    }
}
