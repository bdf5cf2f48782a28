//! The page header: the municipality's name, the quick lookup and how fresh the data is.

use crate::texts::{fill, t};
use helder_core::date;
use helder_core::locale::{self, Lang};
use leptos::prelude::*;

use crate::address;
use crate::components::lookup_box::LookupBox;
use crate::load_state::ManifestState;
use crate::store::Store;

#[component]
pub fn Header() -> impl IntoView {
    let store = expect_context::<Store>();
    let other = match locale::current() {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    let name = move || match store.manifest.get() {
        ManifestState::Ready(m) => m.gemeente.clone(),
        _ => "Helder".to_string(),
    };
    let as_of = move || match store.manifest.get() {
        ManifestState::Ready(m) => fill(t().data_until, &[&date::format_long_nl(m.as_of_day())]),
        ManifestState::Loading => t().loading.to_string(),
        ManifestState::Failed(_) => t().no_data_header.to_string(),
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
            <LookupBox/>
            <div class="header-side">
                <p class="as-of" data-testid="as-of">{as_of}</p>
                <button type="button" class="language-switch" data-testid="language-switch"
                    lang=other.code() aria-label=t().switch_language_hint
                    on:click=move |_| address::switch_language(other)>
                    {t().switch_language}
                </button>
            </div>
        </header>
    }
}
