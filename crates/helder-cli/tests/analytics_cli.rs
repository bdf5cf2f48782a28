//! `helder forecast` and `helder effect` end to end, on the demo's Arrow files and on CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

mod common;

use common::{fails, ok};

use std::path::{Path, PathBuf};

/// The demo's file of `dataset`, generated as of 31 October 2026.
fn demo_file(dir: &Path, dataset: &str) -> PathBuf {
    ok(&["demo", dir.to_str().unwrap(), "--as-of", "2026-10-31"]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let entry = manifest["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == dataset)
        .unwrap();
    dir.join(entry["file"].as_str().unwrap())
}

#[test]
fn forecast_of_demo_spending_with_year_end_projection() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path(), "jeugdzorg");
    let out = ok(&[
        "forecast",
        file.to_str().unwrap(),
        "--column",
        "kosten",
        "--horizon",
        "14",
        "--budget",
        "30000000",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["forecast"]["model"].as_str().unwrap().starts_with("ETS("));
    assert_eq!(v["forecast"]["mean"].as_array().unwrap().len(), 14);
    assert_eq!(v["months"][0], "nov 2026");
    let p = &v["projection"];
    assert_eq!(p["year"], 2026);
    assert_eq!(p["months_actual"], 10);
    assert!(p["lower80"].as_f64().unwrap() <= p["expected"].as_f64().unwrap());
    assert!(p["sentence_nl"]
        .as_str()
        .unwrap()
        .starts_with("Verwachte uitgaven 2026: € "));
    // The text form names the model and prints one line per month.
    let text = ok(&[
        "forecast",
        file.to_str().unwrap(),
        "--column",
        "kosten",
        "--horizon",
        "3",
    ]);
    assert!(text.contains("model ETS("), "{text}");
    assert!(text.contains("jan 2027"), "{text}");
}

#[test]
fn forecast_from_csv_and_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("reeks.csv");
    let mut text = String::from("maand;aantal\n");
    for t in 0..48 {
        let (y, m) = (2022 + t / 12, t % 12 + 1);
        text.push_str(&format!("{y}-{m:02};{},5\n", 100 + (t * 7) % 13));
    }
    std::fs::write(&csv, &text).unwrap();
    let out = ok(&[
        "forecast",
        csv.to_str().unwrap(),
        "--column",
        "aantal",
        "--horizon",
        "2",
    ]);
    assert!(out.contains("jan 2026"), "{out}");

    let short = dir.path().join("kort.csv");
    std::fs::write(&short, "maand,aantal\n2026-01,1\n2026-02,2\n2026-03,3\n").unwrap();
    let err = fails(&["forecast", short.to_str().unwrap(), "--column", "aantal"]);
    assert!(err.contains("at least 8"), "{err}");

    let gap = dir.path().join("gat.csv");
    let mut text = String::from("maand,aantal\n");
    for m in [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12] {
        text.push_str(&format!("2025-{m:02},10\n"));
    }
    std::fs::write(&gap, text).unwrap();
    let err = fails(&["forecast", gap.to_str().unwrap(), "--column", "aantal"]);
    assert!(err.contains("april 2025"), "{err}");

    let err = fails(&["forecast", csv.to_str().unwrap(), "--column", "nope"]);
    assert!(err.contains("no column `nope`"), "{err}");
}

/// The wijken the demo's effect widget compares with (those without the pilot).
fn control_wijken(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("dashboard.toml")).unwrap();
    let spec = helder_core::spec::Spec::parse(&text).unwrap();
    let page = spec.page("bijstand").unwrap();
    let w = page
        .widgets
        .iter()
        .find(|w| w.id.get_ref() == "effect-werk-voorop")
        .unwrap();
    w.control.as_ref().unwrap().value_list()
}

#[test]
fn effect_of_the_demo_measure_is_found_and_placebos_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path(), "bijstand");
    // "Werk Voorop" starts in month 30 of the demo period, which begins January 2022.
    let path = file.to_str().unwrap();
    let effect = |extra: &[&str]| -> Vec<String> {
        ["effect", path, "--column", "uitkeringen", "--at", "2024-07"]
            .iter()
            .chain(extra)
            .map(|a| a.to_string())
            .collect()
    };
    let run = |args: Vec<String>| ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let out = run(effect(&["--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let e = &v["effect"];
    // Over the whole municipality the pilot is diluted by the wijken without it, and the
    // closure of a large employer eight months later lifts every wijk: the effect looks
    // smaller than it was.
    let diluted = e["cumulative"]["relative"].as_f64().unwrap();
    assert!(!e["placebos"].as_array().unwrap().is_empty());
    // The pilot wijken against the others (rows split on `wijk`) show it clearly, and
    // give the very figure the dashboard's effect widget shows.
    let control = format!("wijk={}", control_wijken(dir.path()).join(","));
    let out = run(effect(&["--control", &control, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let e = &v["effect"];
    assert_eq!(e["effect_claimed"], true, "{e}");
    assert!(e["its"]["p_joint"].as_f64().unwrap() < 0.01, "{e}");
    assert!(e["its"]["level_change"]["value"].as_f64().unwrap() < 0.0);
    let cumulative = e["cumulative"]["effect"].as_f64().unwrap();
    let relative = e["cumulative"]["relative"].as_f64().unwrap();
    // The demo's pilot: −6 % at once and 3 % a year below the trend after it.
    assert!((-0.13..-0.07).contains(&relative), "{relative}");
    assert!(relative < diluted - 0.02, "{relative} vs {diluted}");
    let view = common::view(dir.path(), "bijstand", &[]);
    let widget = &common::widget(&view, "effect-werk-voorop")["analytics"];
    assert!(
        (widget["value"].as_f64().unwrap() - cumulative).abs() < 1e-6 * cumulative.abs(),
        "{widget} vs {cumulative}"
    );
    let err = fails(
        &effect(&["--control", "wijk=Zuidwest,Nergens"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(
        err.contains("column `wijk` has no area `Nergens`; it holds: "),
        "{err}"
    );
    let text = run(effect(&[]));
    assert!(
        text.contains("lager dan verwacht zonder maatregel"),
        "{text}"
    );
    let err = fails(&[
        "effect",
        file.to_str().unwrap(),
        "--column",
        "uitkeringen",
        "--at",
        "2022-03",
    ]);
    assert!(err.contains("at least 24 months"), "{err}");
}

/// Two areas with the same trend and wobble; from July 2024 both drop 10 % (a common
/// shock), and `noord` also drops by `own` per month (the measure).
fn two_areas_csv(dir: &Path, own: f64) -> PathBuf {
    let csv = dir.join("wijken.csv");
    let mut text = String::from("maand,noord,zuid\n");
    for t in 0..60 {
        let (y, m) = (2021 + t / 12, t % 12 + 1);
        let shock = if t >= 42 { 0.9 } else { 1.0 };
        let base = (500.0 + 2.0 * t as f64) * shock;
        let wobble = |k: i32| f64::from((t * k) % 17) - 8.0;
        let noord = base + wobble(7) + if t >= 42 { own } else { 0.0 };
        let zuid = 2.0 * base + wobble(11);
        text.push_str(&format!("{y}-{m:02},{noord:.1},{zuid:.1}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    csv
}

#[test]
fn effect_against_a_control_column() {
    let dir = tempfile::tempdir().unwrap();
    let effect = |csv: &Path, control: Option<&str>| {
        let mut args = vec![
            "effect",
            csv.to_str().unwrap(),
            "--column",
            "noord",
            "--at",
            "2024-07",
            "--json",
        ];
        if let Some(c) = control {
            args.extend(["--control", c]);
        }
        serde_json::from_str::<serde_json::Value>(&ok(&args)).unwrap()
    };
    // A common shock alone: an effect without the control, none against it.
    let csv = two_areas_csv(dir.path(), 0.0);
    let alone = effect(&csv, None);
    assert_eq!(alone["control_used"], false);
    assert!(alone["effect"]["control"].is_null());
    assert!(alone["effect"]["cumulative"]["upper95"].as_f64().unwrap() < 0.0);
    let compared = effect(&csv, Some("zuid"));
    assert_eq!(compared["control_used"], true);
    assert_eq!(compared["control"]["series"], "zuid");
    let scale = compared["effect"]["control"]["scale"].as_f64().unwrap();
    assert!((scale - 0.5).abs() < 0.02, "{scale}");
    let cum = &compared["effect"]["cumulative"];
    assert!(cum["lower95"].as_f64().unwrap() <= 0.0 && cum["upper95"].as_f64().unwrap() >= 0.0);
    assert_eq!(compared["effect"]["effect_claimed"], false);

    // The measure's own drop of 60 a month over 18 months is found against the control.
    let csv = two_areas_csv(dir.path(), -60.0);
    let r = effect(&csv, Some("zuid"));
    let cum = &r["effect"]["cumulative"];
    assert!(
        cum["lower95"].as_f64().unwrap() <= -1080.0 && -1080.0 <= cum["upper95"].as_f64().unwrap(),
        "{cum}"
    );
    assert_eq!(r["effect"]["effect_claimed"], true);
    let text = ok(&[
        "effect",
        csv.to_str().unwrap(),
        "--column",
        "noord",
        "--at",
        "2024-07",
        "--control",
        "zuid",
    ]);
    assert!(text.contains("Vergeleken met zuid"), "{text}");

    let err = fails(&[
        "effect",
        csv.to_str().unwrap(),
        "--column",
        "noord",
        "--at",
        "2024-07",
        "--control",
        "west",
    ]);
    assert!(err.contains("--control `west`"), "{err}");
}

#[test]
fn project_demand_per_buurt_sums_to_the_municipality() {
    let dir = tempfile::tempdir().unwrap();
    demo_file(dir.path(), "bevolking");
    let out = ok(&["project", dir.path().to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["base_year"], 2025);
    let p = &v["projection"];
    let buurten = p["buurten"].as_array().unwrap();
    assert!(buurten.len() > 10);
    for (j, years) in [(0, 1), (1, 5)] {
        let sum: f64 = buurten
            .iter()
            .map(|b| b["horizons"][j]["expected"].as_f64().unwrap())
            .sum();
        let total = &p["total"][j];
        assert_eq!(total["years_ahead"], years);
        assert!((total["expected"].as_f64().unwrap() - sum).abs() < 1e-6);
    }
    let text = ok(&[
        "project",
        dir.path().to_str().unwrap(),
        "--hindcast-from",
        "2022",
    ]);
    assert!(text.contains("naïef"), "{text}");
}

#[test]
fn migration_set_in_the_spec_moves_the_projection_in_widget_and_cli_alike() {
    let dir = tempfile::tempdir().unwrap();
    demo_file(dir.path(), "bevolking");
    let expected =
        |v: &serde_json::Value| v["projection"]["total"][1]["expected"].as_f64().unwrap();
    let before: serde_json::Value =
        serde_json::from_str(&ok(&["project", dir.path().to_str().unwrap(), "--json"])).unwrap();
    // Families with young children move in: 5 % a year net in the two youngest bands.
    let spec_path = dir.path().join("dashboard.toml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    let with = spec.replacen(
        "horizons = [1, 5]\n",
        "horizons = [1, 5]\nmigration = { \"0-3\" = 0.05, \"4-11\" = 0.05 }\n",
        1,
    );
    assert_ne!(with, spec, "the demo's demand widget changed");
    std::fs::write(&spec_path, &with).unwrap();
    let after: serde_json::Value =
        serde_json::from_str(&ok(&["project", dir.path().to_str().unwrap(), "--json"])).unwrap();
    assert!(
        expected(&after) > expected(&before) * 1.05,
        "{} vs {}",
        expected(&after),
        expected(&before)
    );
    // The widget computes the very same numbers and names the assumption.
    let view = common::view(dir.path(), "buurten", &[]);
    let demand = &common::widget(&view, "zorgvraag")["demand"];
    let widget_total = demand["total"]["cells"][1]["expected"].as_f64().unwrap();
    assert!(
        (widget_total - expected(&after)).abs() < 1e-6 * widget_total,
        "{widget_total}"
    );
    let method = demand["method"].as_str().unwrap();
    assert!(
        method.contains("Saldo verhuizingen per jaar (aanname): 0-3 jaar +5,0%, 4-11 jaar +5,0%."),
        "{method}"
    );
    // A band the data does not have is named, with the bands it does have.
    std::fs::write(
        &spec_path,
        with.replace("\"4-11\" = 0.05", "\"4-12\" = 0.05"),
    )
    .unwrap();
    let err = fails(&["project", dir.path().to_str().unwrap()]);
    assert!(
        err.contains(
            "age band `4-12`, which the population data does not have; its bands are: 0-3, 4-11"
        ),
        "{err}"
    );
}
