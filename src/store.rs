//! The app's one place of state: the manifest, the spec, the load state of every dataset,
//! the current page with its filters, and the page's engine.

use std::collections::BTreeMap;
use std::sync::Arc;

use helder_core::page_model::PageModel;
use helder_core::selection::Selection;
use helder_core::spec::Spec;
use leptos::prelude::*;

use crate::load_state::{Load, ManifestState};

/// The dashboard spec as loaded.
#[derive(Debug, Clone)]
pub enum SpecState {
    Loading,
    Ready(Arc<Spec>),
    Failed(String),
}

/// All app state, passed around by copy (signals are handles).
#[derive(Debug, Clone, Copy)]
pub struct Store {
    /// The data folder, relative to the page.
    pub folder: RwSignal<String>,
    pub manifest: RwSignal<ManifestState>,
    pub spec: RwSignal<SpecState>,
    pub datasets: RwSignal<BTreeMap<String, Load>>,
    /// The page shown (its id in the spec); `None` until the spec is there.
    pub page: RwSignal<Option<String>>,
    /// The page's filters: the single source of truth the engine and the address follow.
    pub selection: RwSignal<Selection>,
    /// The current page's engine, rebuilt when the page changes.
    pub model: StoredValue<Option<PageModel>>,
    /// Bumped whenever the engine's figures changed, so widgets redraw.
    pub revision: RwSignal<u64>,
    /// A problem applying filters from an address or a click, shown once.
    pub notice: RwSignal<Option<String>>,
    /// When the manifest shown was saved (ms since 1970, UTC), if it is the service
    /// worker's offline copy because the network failed.
    pub saved_copy: RwSignal<Option<f64>>,
    /// Filter pairs waiting for the next page's engine (from the address or a lookup).
    pub pending: StoredValue<Option<Vec<(String, String)>>>,
    /// The widget a lookup answer opened, to scroll to and focus once it is drawn.
    pub focus_widget: RwSignal<Option<String>>,
    /// The measure a lookup answer named, for its widget (id) to show.
    pub lookup_measure: RwSignal<Option<(String, usize)>>,
}

impl Store {
    pub fn new() -> Self {
        Store {
            folder: RwSignal::new("data".into()),
            manifest: RwSignal::new(ManifestState::Loading),
            spec: RwSignal::new(SpecState::Loading),
            datasets: RwSignal::new(BTreeMap::new()),
            page: RwSignal::new(None),
            selection: RwSignal::new(Selection::default()),
            model: StoredValue::new(None),
            revision: RwSignal::new(0),
            notice: RwSignal::new(None),
            saved_copy: RwSignal::new(None),
            pending: StoredValue::new(None),
            focus_widget: RwSignal::new(None),
            lookup_measure: RwSignal::new(None),
        }
    }

    pub fn set_load(&self, name: &str, load: Load) {
        self.datasets.update(|d| {
            d.insert(name.to_string(), load);
        });
    }

    /// Runs `f` on the current page's engine, if it is built.
    pub fn with_model<T>(&self, f: impl FnOnce(&PageModel) -> T) -> Option<T> {
        self.model.with_value(|m| m.as_ref().map(f))
    }
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}
