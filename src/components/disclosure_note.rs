//! On a public page (read from published cubes): which disclosure rules protect its
//! figures and what "geheim" means, so a reader knows a missing figure is not a zero.

use crate::texts::t;
use helder_core::spec::Spec;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn DisclosureNote(spec: Arc<Spec>, dataset: String) -> impl IntoView {
    let rules = spec
        .datasets
        .get(&dataset)
        .filter(|d| d.cube)
        .map(|d| d.disclosure_rules());
    rules.map(|r| {
        let items = r
            .sentences()
            .into_iter()
            .map(|s| view! { <li>{s}</li> })
            .collect_view();
        view! {
            <details class="disclosure-note card" data-testid="disclosure-note">
                <summary>{t().disclosure_summary}</summary>
                <p>{t().disclosure_intro}</p>
                <ul>{items}</ul>
            </details>
        }
    })
}
