//! The app's one place of state: the manifest and the load state of every dataset.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::load_state::{Load, ManifestState};

/// All app state, passed around by copy (signals are handles).
#[derive(Debug, Clone, Copy)]
pub struct Store {
    pub manifest: RwSignal<ManifestState>,
    pub datasets: RwSignal<BTreeMap<String, Load>>,
}

impl Store {
    pub fn new() -> Self {
        Store {
            manifest: RwSignal::new(ManifestState::Loading),
            datasets: RwSignal::new(BTreeMap::new()),
        }
    }

    pub fn set_load(&self, name: &str, load: Load) {
        self.datasets.update(|d| {
            d.insert(name.to_string(), load);
        });
    }
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}
