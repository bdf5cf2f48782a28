//! The data sources of the page: each dataset with its size, freshness and load state.

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
                    None => "niet nodig op deze pagina",
                    Some(Load::Ready(_)) => "geladen",
                    Some(Load::Failed(_)) => "fout bij laden",
                    Some(_) => "wordt geladen",
                });
                let as_of = date::parse_iso(&d.as_of)
                    .map(date::format_long_nl)
                    .unwrap_or_else(|| d.as_of.clone());
                view! {
                    <li>
                        <span class="source-title">{d.title.clone()}</span>
                        <span class="source-meta">
                            {format_nl::integer(d.rows as i64)} " rijen · data t/m " {as_of} " · " {state}
                        </span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card sources" aria-labelledby="sources-title">
                <h2 id="sources-title">"Gegevensbronnen"</h2>
                <ul class="source-list">{items}</ul>
            </section>
        })
    }
}
