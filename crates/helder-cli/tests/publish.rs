//! `helder publish` on the demo site: what the public copy holds (protected cells only,
//! nothing of a record, no identifier, no suppressed value), that its pages show exactly
//! the published cells, and that it never replaces a folder it did not write.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

mod common;

use common::{fails, ok, view};

use std::collections::BTreeMap;
use std::path::Path;

use arrow_array::{Array, Float64Array, RecordBatch, StringArray};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::demo_in(&dir.path().join("site"));
    dir
}

fn publish(dir: &Path) -> String {
    ok(&[
        "publish",
        dir.join("site").to_str().unwrap(),
        "--public",
        "--out",
        dir.join("public").to_str().unwrap(),
    ])
}

fn read_batches(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap();
    arrow_ipc::reader::FileReader::try_new(file, None)
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every text value of column `column` in an intranet Arrow file.
fn texts(path: &Path, column: &str) -> Vec<String> {
    let mut out = Vec::new();
    for b in read_batches(path) {
        let col = b.column_by_name(column).unwrap();
        let col = arrow_cast::cast(col, &arrow_schema::DataType::Utf8).unwrap();
        let s = col.as_any().downcast_ref::<StringArray>().unwrap();
        out.extend(s.iter().flatten().map(str::to_string));
    }
    out
}

#[test]
fn the_public_copy_holds_protected_cells_only() {
    let dir = demo();
    let summary = publish(dir.path());
    assert!(summary.contains("geslaagd"), "{summary}");
    let public = dir.path().join("public");
    let mut names: Vec<String> = std::fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    // Only the datasets of public pages, the spec (and its JSON for the page), the manifest,
    // the report and the boundaries the public maps draw (the buurt map reads another
    // dataset: left off). The id and name checks below read dashboard.json too.
    assert_eq!(
        names,
        [
            "bevolking.arrow",
            "bijstand.arrow",
            "dashboard.json",
            "dashboard.toml",
            "first_view.json",
            "manifest.json",
            "publicatierapport.md",
            "wijken.geojson"
        ]
    );
    assert_eq!(
        std::fs::read(public.join("wijken.geojson")).unwrap(),
        std::fs::read(dir.path().join("site/wijken.geojson")).unwrap()
    );

    // No pseudonymous client id of any intranet dataset appears anywhere in the bytes.
    let ids = texts(&dir.path().join("site/jeugdzorg.arrow"), "client");
    assert!(ids.len() > 1000);
    let mut all = Vec::new();
    for n in &names {
        all.extend(std::fs::read(public.join(n)).unwrap());
    }
    let haystack = String::from_utf8_lossy(&all);
    for id in ids.iter().step_by(37) {
        assert!(!haystack.contains(id.as_str()), "client id {id} published");
    }
    // Columns no public widget needs are not copied, not even their names.
    for gone in [
        "client",
        "inwoners\" = ",
        "per_1000",
        "jeugdzorg",
        "meldingen",
    ] {
        assert!(!haystack.contains(gone), "`{gone}` in the public site");
    }

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("manifest.json")).unwrap()).unwrap();
    for d in manifest["datasets"].as_array().unwrap() {
        assert_eq!(d["record_level"], false);
    }

    // Every suppressed cell is empty, and its slot in the file's value buffer holds 0, not
    // the value: nothing of it is in the bytes.
    let mut suppressed = 0;
    for n in ["bijstand.arrow", "bevolking.arrow"] {
        for b in read_batches(&public.join(n)) {
            for (i, f) in b.schema().fields().iter().enumerate() {
                let Some(measure) = f.name().strip_suffix("_status") else {
                    continue;
                };
                let status = b.column(i).as_any().downcast_ref::<StringArray>().unwrap();
                let values = b
                    .column_by_name(measure)
                    .unwrap()
                    .as_any()
                    .downcast_ref::<Float64Array>()
                    .unwrap();
                for r in 0..b.num_rows() {
                    if status.is_valid(r) {
                        assert_eq!(status.value(r), "geheim");
                        assert!(values.is_null(r));
                        assert_eq!(values.values()[r], 0.0);
                        suppressed += 1;
                    } else {
                        // Person counts are published rounded to multiples of 5.
                        assert_eq!(values.value(r) % 5.0, 0.0, "{measure} row {r}");
                    }
                }
            }
        }
    }
    assert!(suppressed > 100, "{suppressed} suppressed cells");
    let report = std::fs::read_to_string(public.join("publicatierapport.md")).unwrap();
    assert!(report.contains("secundair"), "{report}");
}

/// `helder view` of a page with filters: label → value of widget `widget`'s series of
/// `measure`.
fn view_series(
    site: &Path,
    page: &str,
    select: &[&str],
    widget: &str,
    measure: &str,
) -> BTreeMap<String, Option<f64>> {
    let v = view(site, page, select);
    let s = common::widget(&v, widget)["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["measure"] == measure)
        .unwrap()
        .clone();
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["label"].as_str().unwrap().to_string(),
                p["value"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn public_pages_show_the_published_cells_and_geheim_where_suppressed() {
    let dir = demo();
    publish(dir.path());
    let (site, public) = (dir.path().join("site"), dir.path().join("public"));
    for (widget, measure, select) in [
        ("uitkeringen-tijd", "instroom", vec!["wijk=Noord"]),
        ("uitkeringen-tijd", "uitkeringen", vec![]),
        ("per-buurt", "uitstroom", vec!["wijk=Noord"]),
        ("per-wijk", "instroom", vec![]),
    ] {
        let inside = view_series(&site, "bijstand", &select, widget, measure);
        let outside = view_series(&public, "bijstand", &select, widget, measure);
        assert_eq!(
            inside.keys().collect::<Vec<_>>(),
            outside.keys().collect::<Vec<_>>()
        );
        let mut secret = 0;
        for (label, shown) in &outside {
            let truth = inside[label].unwrap_or(0.0);
            match shown {
                // A published count is the true one rounded to a multiple of 5.
                Some(v) => assert!((v - truth).abs() <= 2.5, "{widget} {label}: {v} vs {truth}"),
                // Suppressed: never drawn as 0, and small counts are always suppressed.
                None => secret += 1,
            }
            if (1.0..=7.0).contains(&truth) {
                assert_eq!(*shown, None, "{widget} {label}: {truth} published");
            }
        }
        if select.is_empty() {
            assert_eq!(secret, 0, "{widget}: whole-municipality figures are large");
        }
    }
    // A buurt is not a public filter: the public page leaves an old link's buurt out.
    let out = view_series(
        &public,
        "bijstand",
        &["buurt=Dijkpark"],
        "per-wijk",
        "instroom",
    );
    assert_eq!(out.len(), 20);
}

#[test]
fn a_cross_table_on_a_cube_says_geheim_for_suppressed_cells() {
    let dir = demo();
    publish(dir.path());
    let public = dir.path().join("public");
    // Months × wijken of the inflow: published (the monthly chart filtered by wijk needs
    // it), and mostly small numbers, so many cells are suppressed.
    let spec_path = public.join("dashboard.toml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    // The bijstand page comes first; its table per buurt is where the pivot goes.
    let at = spec
        .find("[[pages.widgets]]\ndimension = \"buurt\"\nid = \"per-buurt\"")
        .unwrap();
    let pivot = "[[pages.widgets]]\nid = \"maand-wijk\"\nkind = \"pivot\"\ntitle = \"Instroom per maand en wijk\"\ndimension = \"maand\"\ncolumns = \"wijk\"\nmeasures = [\"instroom\"]\n\n";
    std::fs::write(&spec_path, format!("{}{pivot}{}", &spec[..at], &spec[at..])).unwrap();
    let v = view(&public, "bijstand", &[]);
    let p = &common::widget(&v, "maand-wijk")["pivot"][0];
    let (mut secret, mut shown) = (0, 0);
    for (cells, texts) in p["cells"]
        .as_array()
        .unwrap()
        .iter()
        .zip(p["texts"].as_array().unwrap())
    {
        for (cell, text) in cells
            .as_array()
            .unwrap()
            .iter()
            .zip(texts.as_array().unwrap())
        {
            match cell.as_f64() {
                Some(_) => shown += 1,
                None if text == "geheim" => secret += 1,
                None => assert_eq!(text, "–", "an empty combination, not a suppressed one"),
            }
        }
    }
    assert!(secret > 10 && shown > 10, "{secret} geheim, {shown} shown");
}

#[test]
fn publish_never_replaces_a_folder_it_did_not_write_nor_the_site_itself() {
    let dir = demo();
    let site = dir.path().join("site");
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let err = fails(&[
        "publish",
        site.to_str().unwrap(),
        "--public",
        "--out",
        mine.to_str().unwrap(),
    ]);
    assert!(err.contains("not written by `helder publish`"), "{err}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "keep me"
    );
    let err = fails(&[
        "publish",
        site.to_str().unwrap(),
        "--public",
        "--out",
        site.to_str().unwrap(),
    ]);
    assert!(err.contains("is the site itself"), "{err}");
    // Publishing twice replaces the first public copy.
    publish(dir.path());
    publish(dir.path());
    let err = fails(&["publish", site.to_str().unwrap(), "--out", "x"]);
    assert!(err.contains("--public"), "{err}");
}
