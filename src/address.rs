//! The page address as state: `?page=<id>&<dimension>=<value>...` (plus `data=` when the
//! site runs on another data folder, `thema=` when the demo shows another theme). Reading
//! and writing go through the browser's own URLSearchParams, so every value is encoded and
//! decoded exactly as the browser does.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::UrlSearchParams;

/// Parameters that are not filters.
const RESERVED: [&str; 4] = ["page", "data", "thema", "lang"];
/// Parameters every address keeps: the data folder, the demo's theme (index.html reads it)
/// and the language.
const KEPT: [&str; 3] = ["data", "thema", "lang"];

/// What an address asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Address {
    pub page: Option<String>,
    /// Filter pairs: dimension name and value.
    pub pairs: Vec<(String, String)>,
}

fn params() -> Option<UrlSearchParams> {
    let search = window().location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// The language the address asks for (`lang=en`); Dutch without one.
pub fn language() -> helder_core::locale::Lang {
    let code = params().and_then(|p| p.get("lang")).unwrap_or_default();
    helder_core::locale::Lang::from_code(&code)
}

/// Opens the same view in language `lang`: the address with `lang` changed, loaded anew so
/// every text and figure is written in it.
pub fn switch_language(lang: helder_core::locale::Lang) {
    let Some(params) = params() else { return };
    match lang {
        helder_core::locale::Lang::Nl => params.delete("lang"),
        helder_core::locale::Lang::En => params.set("lang", lang.code()),
    }
    let _ = window()
        .location()
        .assign(&format!("?{}", String::from(params.to_string())));
}

/// The current address.
pub fn read() -> Address {
    let mut out = Address::default();
    let Some(params) = params() else {
        return out;
    };
    let Ok(Some(entries)) = js_sys::try_iter(&params) else {
        return out;
    };
    for entry in entries.flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            continue;
        };
        match k.as_str() {
            "page" => out.page = Some(v),
            k if RESERVED.contains(&k) => {}
            _ => out.pairs.push((k, v)),
        }
    }
    out
}

/// Writes the address for `page` and its filter pairs, as a new history entry (`push`) or
/// in place of the current one.
pub fn write(page: &str, pairs: &[(String, String)], push: bool) {
    let Ok(next) = UrlSearchParams::new() else {
        return;
    };
    if let Some(current) = params() {
        for key in KEPT {
            if let Some(value) = current.get(key) {
                next.append(key, &value);
            }
        }
    }
    next.append("page", page);
    for (k, v) in pairs {
        next.append(k, v);
    }
    let url = format!("?{}", String::from(next.to_string()));
    let current = window().location().search().unwrap_or_default();
    if current == url {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}
