//! Loading a site: the manifest and the spec first, then the datasets a page needs, each
//! decoded by the core as soon as its bytes are in. A failing file marks only itself failed.

use std::sync::Arc;

use helder_core::fingerprint;
use helder_core::ipc;
use helder_core::manifest::{DatasetEntry, Manifest};
use helder_core::spec::{Spec, SPEC_FILE, SPEC_JSON_FILE};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::fetch;
use crate::load_state::{Load, ManifestState};
use crate::store::{SpecState, Store};
use crate::texts::t;

/// The data folder: `data` next to the page, or a relative folder from `?data=`.
/// Only plain relative paths are taken, so every request stays on the site's own origin.
pub fn data_folder(search: &str) -> Result<String, String> {
    let query = search.trim_start_matches('?');
    let requested = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "data")
        .map(|(_, v)| v);
    match requested {
        None => Ok("data".to_string()),
        Some(v)
            if !v.is_empty()
                && v.split('/').all(|part| {
                    !part.is_empty()
                        && part != ".."
                        && part
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                }) =>
        {
            Ok(v.to_string())
        }
        Some(v) => Err(format!(
            "the address asks for data folder `{v}`, but only a plain folder on this site is allowed (e.g. ?data=data)"
        )),
    }
}

/// Loads the manifest and the dashboard spec; the page then asks for its datasets with
/// [`ensure_dataset`].
pub async fn load_site(store: Store, search: String) {
    let folder = match data_folder(&search) {
        Ok(f) => f,
        Err(e) => {
            store.spec.set(SpecState::Failed(e.clone()));
            return store.manifest.set(ManifestState::Failed(e));
        }
    };
    store.folder.set(folder.clone());
    let url = format!("{folder}/manifest.json");
    let manifest = match fetch::text_or_saved_copy(&url).await {
        Ok((text, saved)) => {
            store.saved_copy.set(saved);
            Manifest::parse(&text).map_err(|e| format!("{url}: {e}"))
        }
        Err(e) => Err(format!("{url}: {e}")),
    };
    match manifest {
        Ok(m) => store.manifest.set(ManifestState::Ready(Arc::new(m))),
        Err(e) => {
            store.spec.set(SpecState::Failed(String::new()));
            return store.manifest.set(ManifestState::Failed(e));
        }
    }
    store.spec.set(load_spec(store, &folder).await);
}

/// Reads `dashboard.json` (the checked spec; the app has no TOML parser) and compares the
/// fingerprint in it with `dashboard.toml` as it is now: an edit that was not followed by
/// `helder check` leaves the page on the last checked spec and says so once.
async fn load_spec(store: Store, folder: &str) -> SpecState {
    let url = format!("{folder}/{SPEC_JSON_FILE}");
    let (spec, source) = match fetch::text(&url).await {
        Ok(text) => match Spec::from_json(&text) {
            Ok(v) => v,
            Err(e) => return SpecState::Failed(format!("{url}: {e}")),
        },
        Err(e) => {
            return SpecState::Failed(format!(
                "{url}: {e}; `helder check` writes it from {SPEC_FILE}"
            ))
        }
    };
    // Its raw bytes, as the CLI hashed them (text would drop a byte-order mark). No size is
    // announced for it, so the 1 MB the fetch allows beyond that is its bound: far more than
    // any spec, and a failed check only means no notice.
    if let Ok(toml) = fetch::bytes(&format!("{folder}/{SPEC_FILE}"), 0, |_| {}).await {
        if fingerprint::fnv1a(&toml) != source {
            store.notice.set(Some(t().notice_spec_stale.to_string()));
        }
    }
    SpecState::Ready(Arc::new(spec))
}

/// Starts loading dataset `name` unless it is loading or loaded already.
pub fn ensure_dataset(store: Store, name: &str) {
    if store.datasets.with_untracked(|d| d.contains_key(name)) {
        return;
    }
    let ManifestState::Ready(manifest) = store.manifest.get_untracked() else {
        return;
    };
    match manifest.dataset(name) {
        Some(entry) => {
            store.set_load(name, Load::Pending);
            spawn_local(load_dataset(store, store.folder.get_untracked(), entry.clone()));
        }
        None => store.set_load(
            name,
            Load::Failed(format!(
                "manifest.json lists no dataset `{name}`; add it with `helder prepare` or `helder demo`"
            )),
        ),
    }
}

async fn load_dataset(store: Store, folder: String, entry: DatasetEntry) {
    let name = entry.name.clone();
    let total = entry.bytes;
    let url = format!("{folder}/{}", entry.file);
    let result = fetch::bytes(&url, total, |received| {
        store.set_load(&name, Load::Receiving { received, total })
    })
    .await
    .and_then(|bytes| check_size(bytes, total))
    .and_then(|bytes| ipc::read_table(&name, bytes).map_err(|e| e.to_string()));
    store.set_load(
        &name,
        match result {
            Ok(table) => Load::Ready(Arc::new(table)),
            Err(e) => Load::Failed(format!("{}: {e}", entry.file)),
        },
    );
}

fn check_size(bytes: Vec<u8>, expected: u64) -> Result<Vec<u8>, String> {
    let got = bytes.len() as u64;
    if got == expected {
        Ok(bytes)
    } else {
        Err(format!(
            "received {got} bytes where the manifest announces {expected}; the file is truncated or was replaced after the manifest was written (run `helder demo` or `helder prepare` again)"
        ))
    }
}
