//! Fetching a file from the site's own origin as bytes, reporting progress as they arrive.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

/// Bytes allowed beyond what the manifest announced before the download is stopped; a
/// server that sends much more than announced is sending something else.
const SLACK_BYTES: u64 = 1 << 20;

/// The header the service worker (offline/) puts on a saved copy it answers with when the
/// network fails: when it was saved, in milliseconds since 1970 (UTC).
const SAVED_HEADER: &str = "x-helder-saved";

/// The global where index.html leaves the requests it started early, by address.
const EARLY: &str = "__helderEarly";

/// Fetches `url` as text.
pub async fn text(url: &str) -> Result<String, String> {
    Ok(text_or_saved_copy(url).await?.0)
}

/// Fetches `url` as text, with the time the service worker saved it when the answer is its
/// offline copy rather than the network's.
pub async fn text_or_saved_copy(url: &str) -> Result<(String, Option<f64>), String> {
    let response = get(url).await?;
    let saved = response
        .headers()
        .get(SAVED_HEADER)
        .ok()
        .flatten()
        .and_then(|v| v.parse::<f64>().ok());
    let promise = response.text().map_err(js_error)?;
    let value = JsFuture::from(promise).await.map_err(js_error)?;
    let text = value
        .as_string()
        .ok_or_else(|| "the response is not text".to_string())?;
    Ok((text, saved))
}

/// Fetches `url` as bytes; `expected` is the size the manifest announced. Calls
/// `progress(received)` after every chunk. Fails when the server sends more than
/// `expected` plus some slack, so a wrong file can never exhaust memory.
pub async fn bytes(
    url: &str,
    expected: u64,
    mut progress: impl FnMut(u64),
) -> Result<Vec<u8>, String> {
    let response = get(url).await?;
    let body = response
        .body()
        .ok_or_else(|| "the server sent an empty response".to_string())?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let limit = expected.saturating_add(SLACK_BYTES);
    let mut buf: Vec<u8> = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(js_error)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .map_err(js_error)?
            .as_bool()
            .unwrap_or(true);
        if done {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(js_error)?
            .unchecked_into();
        let start = buf.len();
        let len = value.length() as usize;
        if (start + len) as u64 > limit {
            let _ = reader.cancel();
            return Err(format!(
                "the server sends more than the {expected} bytes the manifest announces; the file does not belong to this manifest"
            ));
        }
        buf.resize(start + len, 0);
        value.copy_to(&mut buf[start..]);
        progress(buf.len() as u64);
    }
    Ok(buf)
}

async fn get(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or_else(|| "no browser window".to_string())?;
    let request = early(&window, url).unwrap_or_else(|| window.fetch_with_str(url));
    let value = JsFuture::from(request)
        .await
        .map_err(|e| format!("network error ({})", js_error(e)))?;
    let response: Response = value.unchecked_into();
    if !response.ok() {
        let hint = if response.status() == 404 {
            ": the file is not on the server"
        } else {
            ""
        };
        return Err(format!(
            "the server answered {} {}{hint}",
            response.status(),
            response.status_text()
        ));
    }
    Ok(response)
}

/// The request index.html's first script already started for `url` (the manifest and the
/// spec, while the wasm was still arriving), taken so it is used once.
fn early(window: &web_sys::Window, url: &str) -> Option<js_sys::Promise> {
    let map = Reflect::get(window, &JsValue::from_str(EARLY)).ok()?;
    if map.is_undefined() || map.is_null() {
        return None;
    }
    let key = JsValue::from_str(url);
    let promise = Reflect::get(&map, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = Reflect::delete_property(map.unchecked_ref::<js_sys::Object>(), &key);
    Some(promise)
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|err| String::from(err.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}
