//! Download progress while data arrives, and one visible message per file that failed.

use crate::texts::t;
use leptos::prelude::*;

use crate::load_state::{Load, ManifestState};
use crate::store::Store;
use crate::view_model;

#[component]
pub fn LoadStatus() -> impl IntoView {
    let store = expect_context::<Store>();
    let progress = Memo::new(move |_| {
        store
            .manifest
            .with(|m| store.datasets.with(|d| view_model::progress(d, m)))
    });
    let failures = Memo::new(move |_| {
        let mut out = Vec::new();
        if let ManifestState::Failed(e) = store.manifest.get() {
            out.push(e);
        }
        store.datasets.with(|d| {
            out.extend(d.values().filter_map(|l| match l {
                Load::Failed(e) => Some(e.clone()),
                _ => None,
            }))
        });
        out
    });
    view! {
        {move || progress.get().map(|(received, total)| view! {
            <div class="progress card">
                <label for="load-progress">
                    {t().loading_progress} {view_model::megabytes(received)} {t().of} {view_model::megabytes(total)}
                </label>
                <progress id="load-progress" max=total.to_string() value=received.to_string()></progress>
            </div>
        })}
        <div role="alert" class="alerts">
            {move || {
                let list = failures.get();
                (!list.is_empty()).then(|| view! {
                    <div class="error card" data-testid="load-errors">
                        <h2>{t().load_errors_title}</h2>
                        <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        <p>{t().load_errors_help}<code>"helder demo"</code>{t().or}<code>"helder prepare"</code>"."</p>
                    </div>
                })
            }}
        </div>
    }
}
