//! The `helder` binary end to end: demo data, its key figures, inspection and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

mod common;

use common::{fails, ok};

use std::path::Path;

fn demo(dir: &Path) {
    ok(&["demo", dir.to_str().unwrap(), "--as-of", "2026-10-31"]);
}

#[test]
fn demo_is_deterministic_and_complete() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    demo(a.path());
    demo(b.path());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["gemeente"], "Gemeente Voorbeeld");
    assert_eq!(manifest["as_of"], "2026-10-31");
    let names: Vec<&str> = manifest["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    for want in [
        "jeugdzorg",
        "jeugdzorg_budget",
        "meldingen",
        "verzuim",
        "bijstand",
        "bevolking",
        "voorzieningen",
    ] {
        assert!(names.contains(&want), "missing {want} in {names:?}");
    }
    for d in manifest["datasets"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let x = std::fs::read(a.path().join(file)).unwrap();
        let y = std::fs::read(b.path().join(file)).unwrap();
        assert_eq!(x, y, "{file} differs between two runs");
        assert_eq!(
            x.len() as u64,
            d["bytes"].as_u64().unwrap(),
            "{file} size in manifest"
        );
        // The columns are recorded, so the app knows them before loading the file (quick
        // lookup decides from them which filters a budget follows).
        let columns: Vec<&str> = d["columns"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no columns in the manifest"))
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        if d["name"] == "jeugdzorg_budget" {
            assert_eq!(columns, ["jaar", "product", "budget"]);
        }
    }
    // No temporary files are left behind.
    for entry in std::fs::read_dir(a.path()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(!name.ends_with(".tmp"), "{name}");
    }
}

#[test]
fn demo_data_has_the_shape_the_issue_asks_for() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let inspect = |f: &str| -> serde_json::Value {
        serde_json::from_str(&ok(&[
            "inspect",
            dir.path().join(f).to_str().unwrap(),
            "--json",
        ]))
        .unwrap()
    };
    let jz = inspect("jeugdzorg.arrow");
    let col = |v: &serde_json::Value, name: &str| {
        v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    assert!(jz["rows"].as_u64().unwrap() > 50_000);
    assert_eq!(col(&jz, "wijk")["summary"]["distinct"], 20);
    assert_eq!(col(&jz, "buurt")["summary"]["distinct"], 80);
    assert_eq!(col(&jz, "maand")["summary"]["min"], "2022-01-01");
    assert_eq!(col(&jz, "maand")["summary"]["max"], "2026-10-01");
    let m = inspect("meldingen.arrow");
    assert!(
        col(&m, "afgehandeld")["nulls"].as_u64().unwrap() > 0,
        "some reports are still open"
    );
    assert_eq!(col(&m, "ontvangen")["summary"]["tz"], "Europe/Amsterdam");
}

#[test]
fn kpi_is_spending_this_year_against_budget() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let tiles: serde_json::Value =
        serde_json::from_str(&ok(&["kpi", dir.path().to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(tiles.as_array().unwrap().len(), 1, "{tiles}");
    let k = &tiles[0];
    assert_eq!(
        (k["page"].as_str(), k["widget"].as_str()),
        (Some("jeugdzorg"), Some("budget"))
    );
    assert_eq!(k["year"], 2026);
    assert_eq!(k["through"], "2026-10-31");
    let spent = k["spent"].as_f64().unwrap();
    let budget = k["budget"].as_f64().unwrap();
    assert!(
        spent > 1e7 && budget > spent,
        "spent {spent}, budget {budget}"
    );
    assert!(k["spent_text"].as_str().unwrap().starts_with("€ "));
    assert!(
        k["spent_text"].as_str().unwrap().contains('.'),
        "thousands dots"
    );

    // A product filter: the budget is split per product, so both sides follow it, and the
    // spending equals the monthly costs of that product in 2026.
    let d = dir.path().to_str().unwrap();
    let product = "product=Verblijf pleegzorg";
    let kpi = |select: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(&ok(&["kpi", d, "--json", "--select", select]))
            .unwrap()[0]
            .clone()
    };
    let p = kpi(product);
    assert_eq!(p["not_following"], serde_json::json!([]));
    assert!(p["budget"].as_f64().unwrap() < budget / 4.0, "{p}");
    let monthly = common::view(dir.path(), "jeugdzorg", &[product]);
    let months = &common::widget(&monthly, "kosten-maand")["series"][0]["points"];
    let in_2026: f64 = months
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["label"].as_str().unwrap().ends_with("2026"))
        .map(|m| m["value"].as_f64().unwrap())
        .sum();
    let spent_p = p["spent"].as_f64().unwrap();
    assert!(
        (spent_p - in_2026).abs() < 1e-6 * in_2026,
        "{spent_p} vs {in_2026}"
    );

    // A wijk filter: the budget is not split per wijk, so the tile stays whole and says so;
    // the forecast drops its budget comparison rather than compare a wijk with the whole.
    let w = kpi("wijk=Noord");
    assert_eq!(w["not_following"], serde_json::json!(["wijk"]));
    assert_eq!(w["spent"].as_f64(), Some(spent));
    let forecast = common::view(dir.path(), "jeugdzorg", &["wijk=Noord"]);
    let detail = common::widget(&forecast, "prognose")["analytics"]["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        detail.starts_with("Geen vergelijking met het budget: dat is niet verdeeld naar Wijk."),
        "{detail}"
    );
    let sentence = common::widget(&forecast, "prognose")["analytics"]["sentence"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!sentence.contains("overschrijding"), "{sentence}");
}

/// A domain with a budget is data and spec only: Wmo costs against a Wmo budget, with
/// other column names than youth care's.
#[test]
fn a_new_domain_has_a_budget_tile_from_its_spec_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    let costs = dir.path().join("wmo.csv");
    std::fs::write(
        &costs,
        "periode;voorziening;bedrag\n2025-12-01;Huishoudelijke hulp;999,5\n\
         2026-01-01;Huishoudelijke hulp;1200,25\n2026-02-01;Vervoer;300\n\
         2026-03-01;Hulpmiddelen;450,5\n2026-04-01;Vervoer;10000\n",
    )
    .unwrap();
    let budget = dir.path().join("wmo_begroting.csv");
    std::fs::write(
        &budget,
        "jaar;voorziening;budget\n2025;Alle;5000\n2026;Hulp;4000\n2026;Vervoer;6000\n",
    )
    .unwrap();
    let d = out.to_str().unwrap();
    for f in [&costs, &budget] {
        ok(&[
            "prepare",
            f.to_str().unwrap(),
            "--out",
            d,
            "--gemeente",
            "Gemeente Test",
            "--as-of",
            "2026-03-31",
        ]);
    }
    let spec = r#"
[site]
title = "Gemeente Test"

[datasets.wmo.columns]
periode = { label = "Periode", role = "time" }

[datasets.wmo.measures]
uitgaven = { label = "Uitgaven", agg = "sum", column = "bedrag", unit = "euro" }
aantal = { label = "Toekenningen", agg = "count", unit = "count" }

[[pages]]
id = "wmo"
title = "Wmo"
dataset = "wmo"

[[pages.widgets]]
id = "wmo-budget"
kind = "budget"
title = "Uitgaven Wmo dit jaar"
time = "periode"
measures = ["uitgaven"]
budget = "wmo_begroting"
"#;
    std::fs::write(out.join("dashboard.toml"), spec).unwrap();
    let tiles: serde_json::Value = serde_json::from_str(&ok(&["kpi", d, "--json"])).unwrap();
    let k = &tiles[0];
    assert_eq!(
        (k["page"].as_str(), k["title"].as_str()),
        (Some("wmo"), Some("Uitgaven Wmo dit jaar"))
    );
    // 1 January to the as-of date (31 March): not December 2025, not April.
    assert_eq!(k["spent"].as_f64(), Some(1200.25 + 300.0 + 450.5));
    assert_eq!(
        k["budget"].as_f64(),
        Some(10_000.0),
        "both 2026 rows, not 2025"
    );
    assert_eq!(k["share_text"], "19,5%");
    let text = ok(&["kpi", d]);
    assert!(
        text.contains(
            "Uitgaven Wmo dit jaar (2026 t/m 31 maart 2026): € 1.951 van € 10.000 begroot"
        ),
        "{text}"
    );

    // A count is not spending, and the tile needs its time column: check says so and how.
    // Without `time`, the dataset's one time column is taken.
    std::fs::write(
        out.join("dashboard.toml"),
        spec.replace("time = \"periode\"\n", ""),
    )
    .unwrap();
    let again: serde_json::Value = serde_json::from_str(&ok(&["kpi", d, "--json"])).unwrap();
    assert_eq!(again[0]["spent"], k["spent"]);
    // Without any time column it says what to add.
    let timeless = spec
        .replace("time = \"periode\"\n", "")
        .replace("periode = { label = \"Periode\", role = \"time\" }\n", "");
    std::fs::write(out.join("dashboard.toml"), timeless).unwrap();
    let err = fails(&["check", d]);
    assert!(
        err.contains("has no `time` column") && err.contains("add time ="),
        "{err}"
    );
    let broken = spec
        .replace("time = \"periode\"", "time = \"voorziening\"")
        .replace("[\"uitgaven\"]", "[\"aantal\"]");
    std::fs::write(out.join("dashboard.toml"), broken).unwrap();
    let err = fails(&["check", d]);
    assert!(
        err.contains("uses `voorziening` as time, but it is text"),
        "{err}"
    );
    assert!(
        err.contains("compares measure `aantal` with a budget, but it is not a sum"),
        "{err}"
    );
}

/// `helder lookup` answers what staff type with a figure, for every page of the demo; a
/// budget answer under a wijk says the budget is not split by wijk.
#[test]
fn lookup_answers_staff_queries_with_figures() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let d = dir.path().to_str().unwrap();
    let first = |q: &str| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(&ok(&["lookup", d, q])).unwrap();
        let a = v["answers"][0].clone();
        assert!(
            a["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{q}: {v}"
        );
        a
    };
    for (q, page) in [
        ("jeugdzorg noord", "jeugdzorg"),
        ("kosten per client centrum", "jeugdzorg"),
        ("bijstand noord", "bijstand"),
        ("wachttijd meldingen", "meldingen"),
        ("verzuim", "verzuim"),
    ] {
        assert_eq!(first(q)["page"], page, "{q}");
    }
    // One word of a longer value names it; the budget follows a product filter.
    let p = first("jeugdzorg budget pleegzorg");
    assert_eq!(
        (&p["widget"], &p["filters"]),
        (
            &serde_json::json!("budget"),
            &serde_json::json!([["product", "Verblijf pleegzorg"]])
        ),
        "{p}"
    );
    let tile: serde_json::Value = serde_json::from_str(&ok(&[
        "kpi",
        d,
        "--json",
        "--select",
        "product=Verblijf pleegzorg",
    ]))
    .unwrap();
    assert_eq!(p["value"], tile[0]["spent"]);
    // Noord's own figure comes before the budget tile, which cannot follow a wijk.
    assert_eq!(first("jeugdzorg noord")["widget"], "kosten-maand");
    let centrum = first("Centrum 2025");
    assert_eq!(
        (centrum["year"].as_i64(), &centrum["filters"][0][1]),
        (Some(2025), &serde_json::json!("Centrum")),
        "{centrum}"
    );
    let b = first("jeugdzorg budget noord");
    assert_eq!(b["widget"], "budget");
    assert!(
        b["period"]
            .as_str()
            .unwrap()
            .ends_with("; het budget is niet verdeeld naar Wijk"),
        "{b}"
    );
}

#[test]
fn demo_never_overwrites_someone_elses_data() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = r#"{"version":1,"gemeente":"Gemeente Echt","as_of":"2026-09-30","generated_by":"helder prepare","datasets":[]}"#;
    std::fs::write(dir.path().join("manifest.json"), manifest).unwrap();
    let err = fails(&["demo", dir.path().to_str().unwrap()]);
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("manifest.json")).unwrap(),
        manifest
    );
}

#[test]
fn bad_files_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("leeg.arrow", b"", "empty"),
        (
            "pagina.arrow",
            b"<!doctype html><title>404</title>",
            "HTML page",
        ),
        ("tabel.arrow", b"maand;kosten\n2026-01-01;1,5\n", "CSV"),
        (
            "afgebroken.arrow",
            b"ARROW1\0\0\xff\xff\xff\xff",
            "truncated",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = fails(&["inspect", path.to_str().unwrap()]);
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let err = fails(&[
        "inspect",
        dir.path().join("bestaat-niet.arrow").to_str().unwrap(),
    ]);
    assert!(err.contains("could not read"), "{err}");
    let err = fails(&[
        "demo",
        dir.path().to_str().unwrap(),
        "--as-of",
        "31-10-2026",
    ]);
    assert!(err.contains("--as-of"), "{err}");
}

#[test]
fn inspect_reads_pyarrow_files() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/types_zstd.arrow");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["inspect", fixture.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(v["rows"], 8);
    assert_eq!(v["columns"].as_array().unwrap().len(), 24);
}
