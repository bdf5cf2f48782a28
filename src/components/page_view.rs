//! The current dashboard page: its title, active filters, filter panel and widgets.

use crate::texts::t;
use leptos::prelude::*;

use crate::components::disclosure_note::DisclosureNote;
use crate::components::filter_chips::FilterChips;
use crate::components::filter_panel::FilterPanel;
use crate::components::widget_card::WidgetCard;
use crate::store::{SpecState, Store};

#[component]
pub fn PageView() -> impl IntoView {
    let store = expect_context::<Store>();
    // Rebuilt when the page's engine is (re)built, not on every filter change.
    let built = Memo::new(move |_| {
        store.revision.track();
        store.with_model(|m| m.page().id.clone())
    });
    let page = move || {
        let SpecState::Ready(spec) = store.spec.get() else {
            return None;
        };
        let id = store.page.get()?;
        let mut p = spec.page(&id)?.clone();
        p.title = spec.text(&p.title).to_string();
        p.description = spec.text(&p.description).to_string();
        Some(p)
    };
    view! {
        {move || match store.spec.get() {
            SpecState::Failed(e) if !e.is_empty() => Some(view! {
                <div class="error card" role="alert" data-testid="spec-error">
                    <h2>{t().spec_error_title}</h2>
                    <p>{e}</p>
                </div>
            }),
            _ => None,
        }}
        {move || store.notice.get().map(|n| view! {
            <div class="error card" role="alert"><p>{n}</p>
                <button type="button" on:click=move |_| store.notice.set(None)>{t().close}</button></div>
        })}
        {move || page().map(|p| view! {
            <div class="page-head">
                <h2 class="page-title" id="page-title">{p.title.clone()}</h2>
                {(!p.description.is_empty()).then(|| view! { <p class="page-description">{p.description.clone()}</p> })}
            </div>
        })}
        {move || match (store.spec.get(), page()) {
            (SpecState::Ready(spec), Some(p)) => {
                Some(view! { <DisclosureNote spec=spec dataset=p.dataset.get_ref().clone()/> })
            }
            _ => None,
        }}
        {move || built.get().map(|_| view! { <FilterChips/> })}
        {move || page().map(|p| view! {
            <div class="page-body">
                {move || built.get().map(|_| view! { <FilterPanel/> })}
                <div class="widgets">
                    {p.widgets.iter().enumerate().map(|(i, w)| view! { <WidgetCard index=i spec=w.clone()/> }).collect_view()}
                </div>
            </div>
        })}
    }
}
