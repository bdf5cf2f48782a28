//! Download progress while data arrives, and one visible message per file that failed.

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
                    "Gegevens laden: " {view_model::megabytes(received)} " van " {view_model::megabytes(total)}
                </label>
                <progress id="load-progress" max=total.to_string() value=received.to_string()></progress>
            </div>
        })}
        <div role="alert" class="alerts">
            {move || {
                let list = failures.get();
                (!list.is_empty()).then(|| view! {
                    <div class="error card" data-testid="load-errors">
                        <h2>"Niet alle gegevens konden worden geladen"</h2>
                        <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        <p>"De rest van de pagina werkt gewoon. Controleer het bestand op de server, of maak het opnieuw met "<code>"helder demo"</code>" of "<code>"helder prepare"</code>"."</p>
                    </div>
                })
            }}
        </div>
    }
}
