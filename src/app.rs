//! The app shell: creates the store, starts loading, and lays out the page.

use crate::texts::t;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::address;
use crate::components::dataset_list::DatasetList;
use crate::components::header::Header;
use crate::components::load_status::LoadStatus;
use crate::components::offline_notice::OfflineNotice;
use crate::components::page_nav::PageNav;
use crate::components::page_view::PageView;
use crate::loader;
use crate::page_state;
use crate::store::Store;

fn viewport_width() -> u32 {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .map_or(1024, |w| w as u32)
}

#[component]
pub fn App() -> impl IntoView {
    let store = Store::new();
    provide_context(store);
    let viewport = RwSignal::new(viewport_width());
    provide_context(viewport);
    let handle = window_event_listener(ev::resize, move |_| viewport.set(viewport_width()));
    on_cleanup(move || handle.remove());

    // The language first: every text and figure below is written in it.
    let lang = address::language();
    helder_core::locale::set(lang);
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", lang.code());
    }
    let search = window().location().search().unwrap_or_default();
    spawn_local(loader::load_site(store, search));
    page_state::start(store);

    view! {
        <a class="skip-link" href="#main">{t().skip_link}</a>
        <Header/>
        <PageNav/>
        <main id="main" tabindex="-1">
            <OfflineNotice/>
            <LoadStatus/>
            <PageView/>
            <DatasetList/>
        </main>
        <footer class="site-footer">
            <p>{t().footer}</p>
            <p><a href="toegankelijkheidsverklaring.html">{t().accessibility_statement}</a></p>
        </footer>
    }
}
