//! The notice shown when the page runs on the data saved for offline use: how old it is.

use leptos::prelude::*;

use crate::load_state::ManifestState;
use crate::saved_copy;
use crate::store::Store;

#[component]
pub fn OfflineNotice() -> impl IntoView {
    let store = expect_context::<Store>();
    let text = move || {
        let saved = store.saved_copy.get()?;
        match store.manifest.get() {
            ManifestState::Ready(m) => Some(saved_copy::notice(
                saved,
                js_sys::Date::now(),
                m.as_of_day(),
            )),
            _ => None,
        }
    };
    view! {
        <div role="status">
            {move || text().map(|t| view! { <p class="offline-notice card" data-testid="offline-notice">{t}</p> })}
        </div>
    }
}
