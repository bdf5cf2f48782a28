//! Browser tests (wasm-bindgen-test in headless Chromium): the core decodes Arrow in wasm,
//! plotters draws with the browser's fonts, and the app shows a clear message, not a blank
//! page, when its data is missing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.
#![cfg(target_arch = "wasm32")]

use helder_app::chart::{compact_euro, time_chart_svg};
use helder_core::ipc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LZ4: &[u8] = include_bytes!("fixtures/types_lz4.arrow");
const ZSTD: &[u8] = include_bytes!("fixtures/types_zstd.arrow");
const STREAM: &[u8] = include_bytes!("fixtures/types.arrows");

fn i64_sum(bytes: &[u8]) -> f64 {
    let table = ipc::read_table("types", bytes.to_vec()).unwrap();
    assert_eq!(table.rows(), 8);
    let col = table.column("i64").unwrap();
    (0..table.rows()).filter_map(|i| col.number(i)).sum()
}

#[wasm_bindgen_test]
fn decodes_lz4_zstd_and_streams_in_wasm() {
    // Same values as tests/fixtures/types.expected.json (written by pyarrow).
    for bytes in [LZ4, ZSTD, STREAM] {
        assert_eq!(i64_sum(bytes), 200_000_001_400.0);
    }
}

#[wasm_bindgen_test]
fn corrupt_bytes_are_an_error_in_wasm_too() {
    let mut bytes = LZ4.to_vec();
    bytes.truncate(bytes.len() / 2);
    let err = ipc::read_table("t", bytes).unwrap_err().to_string();
    assert!(err.contains("truncated"), "{err}");
}

#[wasm_bindgen_test]
fn draws_a_chart_with_browser_fonts() {
    let labels: Vec<String> = (1..=12).map(|m| format!("m{m}")).collect();
    let values: Vec<Option<f64>> = (1..=12).map(|m| Some(1_000_000.0 * f64::from(m))).collect();
    let svg = time_chart_svg(
        &labels,
        &values,
        &[true; 12],
        &[],
        false,
        &compact_euro,
        360,
        240,
    )
    .unwrap()
    .svg;
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains(" mln"), "Dutch money axis: {svg}");
    assert!(svg.matches("<rect").count() >= 12);
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn missing_data_shows_a_message_naming_the_file() {
    // The test runner's server has no data/manifest.json: the app must say so visibly, and
    // show no page (there is no spec without a manifest).
    leptos::mount::mount_to_body(helder_app::App);
    let document = web_sys::window().unwrap().document().unwrap();
    let mut text = String::new();
    for _ in 0..50 {
        sleep(100).await;
        if let Some(el) = document
            .query_selector("[data-testid=load-errors]")
            .unwrap()
        {
            text = el.text_content().unwrap_or_default();
            break;
        }
    }
    assert!(
        text.contains("data/manifest.json"),
        "no visible error, got {text:?}"
    );
    assert!(text.contains("404"), "{text}");
    assert!(document
        .query_selector("[data-testid=kpi-budget]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn fits_a_ten_year_monthly_series_quickly_in_the_browser() {
    use helder_core::analytics::{auto_ets, EtsOptions};
    // The last 120 months of AirPassengers (1951–1960): one automatic ETS fit, all models.
    let series = helder_core::analytics::reference_series::AIR_PASSENGERS;
    let y = &series.values[series.values.len() - 120..];
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = performance.now();
        let fit = auto_ets(y, &EtsOptions::default()).unwrap();
        times.push(performance.now() - t);
        assert!(fit.fit.sigma2.is_finite());
    }
    times.sort_by(f64::total_cmp);
    web_sys::console::log_1(
        &format!(
            "auto_ets on 120 months in the browser: median {:.1} ms, min {:.1} ms",
            times[2], times[0]
        )
        .into(),
    );
    // The goal is 50 ms; the bound here only catches a gross regression on a busy machine.
    assert!(times[0] < 500.0, "{times:?}");
}
