//! The list of dashboard pages; each is a real link (its address works when opened anew),
//! followed inside the app without reloading.

use leptos::prelude::*;

use crate::page_state;
use crate::store::{SpecState, Store};

#[component]
pub fn PageNav() -> impl IntoView {
    let store = expect_context::<Store>();
    let pages = move || match store.spec.get() {
        SpecState::Ready(spec) => spec
            .pages
            .iter()
            .map(|p| (p.id.clone(), spec.text(&p.title).to_string()))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    view! {
        <nav class="page-nav" aria-label="Dashboards">
            <ul>
                {move || pages().into_iter().map(|(id, title)| {
                    let current = {
                        let id = id.clone();
                        move || (store.page.get().as_deref() == Some(id.as_str())).then_some("page")
                    };
                    let target = id.clone();
                    view! {
                        <li>
                            <a href=format!("?page={id}") aria-current=current
                                on:click=move |ev| {
                                    // A plain click stays in the app; a new tab opens the link itself.
                                    if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                                        ev.prevent_default();
                                        page_state::open_page(store, &target);
                                    }
                                }>
                                {title}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}
