//! The page header: the municipality's name and how fresh the data is.

use helder_core::date;
use leptos::prelude::*;

use crate::load_state::ManifestState;
use crate::store::Store;

#[component]
pub fn Header() -> impl IntoView {
    let store = expect_context::<Store>();
    let name = move || match store.manifest.get() {
        ManifestState::Ready(m) => m.gemeente.clone(),
        _ => "Helder".to_string(),
    };
    let as_of = move || match store.manifest.get() {
        ManifestState::Ready(m) => format!("Data t/m {}", date::format_long_nl(m.as_of_day())),
        ManifestState::Loading => "Gegevens worden geladen…".to_string(),
        ManifestState::Failed(_) => "Geen gegevens".to_string(),
    };
    view! {
        <header class="site-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◆"</span>
                <div>
                    <p class="product">"Helder"</p>
                    <h1>{name}</h1>
                </div>
            </div>
            <p class="as-of" data-testid="as-of">{as_of}</p>
        </header>
    }
}
