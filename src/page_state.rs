//! Keeps the current page, its filters, its engine and the address in step:
//! the spec picks the page, the page loads its datasets, the engine is built once its table
//! is there, and every change of the selection is applied to the engine and written to the
//! address (back and forward read it back).

use crate::texts::{fill, t};
use std::collections::BTreeMap;
use std::sync::Arc;

use helder_core::page_model::PageModel;
use helder_core::selection::Selection;
use helder_core::spec::Spec;
use leptos::ev;
use leptos::prelude::*;

use crate::address;
use crate::load_state::Load;
use crate::loader;
use crate::store::{SpecState, Store};

/// Datasets a page needs: its own, those its widgets read (demand widgets' care data
/// included), and their budgets; the page's own first, so it is asked for first.
pub fn page_datasets(spec: &Spec, page: &str) -> Vec<String> {
    spec.page(page).map_or_else(Vec::new, |p| {
        p.datasets().into_iter().map(str::to_string).collect()
    })
}

/// Wires the page state up; call once from the app shell.
pub fn start(store: Store) {
    let first = address::read();
    store.pending.set_value(Some(first.pairs));
    let wanted_page = StoredValue::new(first.page);

    // The spec decides which page opens: the address's, or the first.
    Effect::new(move |_| {
        if let SpecState::Ready(spec) = store.spec.get() {
            if store.page.get_untracked().is_none() {
                let asked = wanted_page.get_value();
                let page = asked
                    .filter(|p| spec.page(p).is_some())
                    .or_else(|| spec.pages.first().map(|p| p.id.clone()));
                store.page.set(page);
            }
        }
    });

    // The page loads what it needs.
    Effect::new(move |_| {
        let (Some(page), SpecState::Ready(spec)) = (store.page.get(), store.spec.get()) else {
            return;
        };
        for name in page_datasets(&spec, &page) {
            loader::ensure_dataset(store, &name);
        }
    });

    // The engine is built when the page's tables are there. A dataset that only a widget of
    // its own reads (a demand projection's care data) may have failed instead: that widget
    // says so, and the rest of the page still works.
    Effect::new(move |_| {
        let (Some(page), SpecState::Ready(spec)) = (store.page.get(), store.spec.get()) else {
            return;
        };
        let Some(p) = spec.page(&page) else { return };
        let filtered = p.widget_datasets();
        let tables = store.datasets.with(|d| {
            let mut out = BTreeMap::new();
            for name in p.datasets() {
                match d.get(name) {
                    Some(Load::Ready(t)) => {
                        out.insert(name.to_string(), Arc::clone(t));
                    }
                    Some(Load::Failed(_)) if !filtered.contains(&name) => {}
                    _ => return None,
                }
            }
            Some(out)
        });
        let Some(tables) = tables else { return };
        let built_for = store.with_model(|m| m.page().id.clone());
        if built_for.as_deref() == Some(page.as_str()) {
            return;
        }
        match PageModel::new(&spec, &page, |name| tables.get(name).map(|t| (**t).clone())) {
            Ok(mut model) => {
                let selection = match store.pending.get_value().filter(|p| !p.is_empty()) {
                    Some(pairs) => model
                        .selection_from_pairs(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str()))),
                    None => model.default_selection(),
                };
                store.pending.set_value(None);
                if let Err(e) = model.apply(&selection) {
                    store
                        .notice
                        .set(Some(fill(t().notice_address, &[&e.to_string()])));
                }
                let applied = model.selection().clone();
                store.model.set_value(Some(model));
                store.selection.set(applied.clone());
                address::write(&page, &applied.to_pairs(), false);
                store.revision.update(|r| *r += 1);
            }
            Err(e) => store
                .notice
                .set(Some(fill(t().notice_page, &[&page, &e.to_string()]))),
        }
    });

    // Every selection change goes to the engine and into the address.
    Effect::new(move |_| {
        let selection = store.selection.get();
        let changed = store
            .model
            .try_update_value(|m| {
                let m = m.as_mut()?;
                if m.selection() == &selection {
                    return None;
                }
                Some(m.apply(&selection).map(|_| m.page().id.clone()))
            })
            .flatten();
        match changed {
            Some(Ok(page)) => {
                address::write(&page, &selection.to_pairs(), true);
                store.revision.update(|r| *r += 1);
            }
            Some(Err(e)) => store
                .notice
                .set(Some(fill(t().notice_filter, &[&e.to_string()]))),
            None => {}
        }
    });

    // Back and forward: read the address back into the page and its filters.
    let handle = window_event_listener(ev::popstate, move |_| {
        let a = address::read();
        let page = a.page.clone().or_else(|| store.page.get_untracked());
        if page != store.page.get_untracked() {
            store.pending.set_value(Some(a.pairs));
            store.model.set_value(None);
            store.page.set(page);
            return;
        }
        let selection = store
            .with_model(|m| {
                m.selection_from_pairs(a.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            })
            .unwrap_or_default();
        // The address already says this; the selection effect then writes nothing new.
        store.selection.set(selection);
    });
    on_cleanup(move || handle.remove());
}

/// Opens another page with no filters (its defaults apply), as a new history entry.
pub fn open_page(store: Store, page: &str) {
    if store.page.get_untracked().as_deref() == Some(page) {
        return;
    }
    address::write(page, &[], true);
    store.model.set_value(None);
    store.selection.set(Selection::default());
    store.page.set(Some(page.to_string()));
}

/// Opens `page` with the filter pairs `pairs` (a lookup answer), as a new history entry.
pub fn open_with(store: Store, page: &str, pairs: Vec<(String, String)>) {
    if store.page.get_untracked().as_deref() == Some(page) {
        let selection = store
            .with_model(|m| {
                m.selection_from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            })
            .unwrap_or_default();
        store.selection.set(selection);
        return;
    }
    address::write(page, &pairs, true);
    store.pending.set_value(Some(pairs));
    store.model.set_value(None);
    store.selection.set(Selection::default());
    store.page.set(Some(page.to_string()));
}

/// Changes the selection with `f` (a click, a checkbox, a chip).
pub fn change(store: Store, f: impl FnOnce(&mut Selection)) {
    store.selection.update(f);
}
