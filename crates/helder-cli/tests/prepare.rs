//! `helder prepare` on Dutch CSV exports: dialects, type overrides, the manifest it
//! writes, and that nothing outside the output folder changes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest, Sha256};

fn helder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helder"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> (String, String) {
    let out = helder(args);
    assert!(
        out.status.success(),
        "helder {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn column<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

fn inspect(path: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["inspect", path.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&args).0).unwrap()
}

const DUTCH: &[u8] = b"\xEF\xBB\xBFmaand;wijk;kosten;postcode;aantal;opmerking\r\n\
31-01-2026;Centrum;1.234.567,89;1234;3;\"met ; en\r\nnieuwe regel\"\r\n\
2026-02-28;Noord;-0,5;0123;;\"zei \"\"ja\"\"\"\r\n\
15-03-2026;Centrum;12;2000;1.000;\r\n";

#[test]
fn dutch_csv_conventions() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("kosten.csv");
    std::fs::write(&csv, DUTCH).unwrap();
    let v = inspect(&csv, &[]);
    assert_eq!(v["rows"], 3);
    assert_eq!(v["csv"]["separator"], ";");
    assert_eq!(v["csv"]["encoding"], "UTF-8");
    assert_eq!(column(&v, "maand")["type"], "date");
    assert_eq!(column(&v, "maand")["summary"]["min"], "2026-01-31");
    assert_eq!(column(&v, "maand")["summary"]["max"], "2026-03-15");
    assert_eq!(column(&v, "kosten")["summary"]["sum"], 1_234_579.39);
    // A leading zero keeps the column text, so postcode 0123 survives.
    assert_eq!(column(&v, "postcode")["type"], "text");
    assert_eq!(column(&v, "aantal")["summary"]["sum"], 1003.0);
    assert_eq!(column(&v, "aantal")["nulls"], 1);
    assert_eq!(
        column(&v, "opmerking")["summary"]["min"],
        "met ; en\r\nnieuwe regel"
    );
    assert_eq!(column(&v, "opmerking")["summary"]["max"], "zei \"ja\"");

    // Overrides: kosten as whole numbers is refused with the line and a hint; aantal as
    // text is fine.
    let v = inspect(&csv, &["--type", "aantal=text"]);
    assert_eq!(column(&v, "aantal")["type"], "text");
    let out = helder(&["inspect", csv.to_str().unwrap(), "--type", "kosten=int"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("kosten.csv")
            && err.contains("row 2")
            && err.contains("byte ")
            && err.contains("--type kosten=text"),
        "{err}"
    );
}

#[test]
fn comma_separated_with_decimal_dots_and_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(
        &csv,
        b"wijk,bedrag,datum\nOverbos caf\xE9,\"1,234.5\",2026-01-01\nNoord,2.25,2026-01-02\n",
    )
    .unwrap();
    let v = inspect(&csv, &[]);
    assert_eq!(v["csv"]["encoding"], "Windows-1252");
    assert_eq!(v["csv"]["decimal"], ".");
    assert_eq!(column(&v, "bedrag")["summary"]["sum"], 1236.75);
    assert_eq!(column(&v, "wijk")["summary"]["max"], "Overbos café");
    // Forcing UTF-8 on that file names the line and the way out.
    let out = helder(&["inspect", csv.to_str().unwrap(), "--encoding", "utf-8"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !out.status.success() && err.contains("UTF-8") && err.contains("--encoding windows-1252"),
        "{err}"
    );
}

fn sha(path: &Path) -> String {
    format!("{:x}", Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn prepare_writes_files_and_manifest_and_keeps_other_datasets() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let csv = dir.path().join("kosten.csv");
    std::fs::write(&csv, DUTCH).unwrap();
    let before = sha(&csv);
    let (_, stderr) = ok(&[
        "prepare",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--gemeente",
        "Gemeente Test",
    ]);
    assert!(stderr.contains("rows/s"), "{stderr}");
    assert_eq!(sha(&csv), before, "the input was touched");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["gemeente"], "Gemeente Test");
    assert_eq!(manifest["as_of"], "2026-03-15");
    let d = &manifest["datasets"][0];
    assert_eq!(d["name"], "kosten");
    assert_eq!(d["rows"], 3);
    let file = out.join("kosten.arrow");
    assert_eq!(d["sha256"], sha(&file));
    assert_eq!(d["bytes"], std::fs::metadata(&file).unwrap().len());
    assert_eq!(column(d, "wijk")["type"], "Dictionary(Int32, Utf8)");
    assert_eq!(column(d, "maand")["type"], "Date32");
    assert_eq!(column(d, "aantal")["nulls"], 1);
    // The core reads the manifest the app reads.
    helder_core::manifest::Manifest::parse(
        &std::fs::read_to_string(out.join("manifest.json")).unwrap(),
    )
    .unwrap();

    // A second dataset with --as-of joins the first; the first stays listed.
    let other = dir.path().join("meldingen.csv");
    std::fs::write(&other, "categorie;aantal\nAfval;3\nGroen;4\n").unwrap();
    ok(&[
        "prepare",
        other.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-10-31",
        "--compression",
        "lz4",
    ]);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let names: Vec<&str> = manifest["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["kosten", "meldingen"]);
    assert_eq!(manifest["as_of"], "2026-10-31");
    let v = inspect(&out.join("meldingen.arrow"), &[]);
    assert_eq!(column(&v, "aantal")["summary"]["sum"], 7.0);
    // No temporary files are left.
    for e in std::fs::read_dir(&out).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.ends_with(".tmp"), "{name}");
    }
}

#[test]
fn identifiers_are_warned_about_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("clienten.csv");
    std::fs::write(
        &csv,
        "bsn;email;telefoon;postcode;huisnummer;datum\n\
         111222333;a@voorbeeld.nl;06-12345678;1234 AB;12;2026-01-01\n\
         123456782;b@voorbeeld.nl;020 1234567;5678 CD;3;2026-01-02\n",
    )
    .unwrap();
    let (_, stderr) = ok(&[
        "prepare",
        csv.to_str().unwrap(),
        "--out",
        dir.path().join("site").to_str().unwrap(),
        "--gemeente",
        "Gemeente Test",
    ]);
    for want in [
        "`bsn` looks like BSN",
        "`email` looks like e-mail",
        "`telefoon` looks like phone",
        "`postcode` and `huisnummer`",
    ] {
        assert!(stderr.contains(want), "{want}: {stderr}");
    }
    assert!(dir.path().join("site/clienten.arrow").exists());
}

#[test]
fn many_batches_keep_one_growing_dictionary() {
    // More rows than one batch, with new text values appearing in later batches.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("groot.csv");
    let mut text = String::from("datum;wijk;bedrag\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "2026-01-{:02};wijk {};{},5\n",
            1 + i % 28,
            i / 1000,
            i
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("site");
    ok(&[
        "prepare",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--gemeente",
        "Gemeente Test",
        "--batch-rows",
        "1500",
    ]);
    let v = inspect(&out.join("groot.arrow"), &[]);
    assert_eq!(v["rows"], 5000);
    assert_eq!(column(&v, "wijk")["summary"]["distinct"], 5);
    let want: f64 = (0..5000).map(|i| i as f64 + 0.5).sum();
    assert_eq!(column(&v, "bedrag")["summary"]["sum"], want);
}

#[test]
fn timestamps_with_a_zone_become_utc() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("meldingen.csv");
    std::fs::write(
        &csv,
        "ontvangen;lokaal\n2026-03-01T09:30:00+01:00;01-03-2026 09:30\n2026-07-01 10:00:00Z;2026-07-01 10:00:00\n",
    )
    .unwrap();
    let v = inspect(&csv, &[]);
    let zoned = column(&v, "ontvangen");
    assert_eq!(zoned["type"], "timestamp");
    assert_eq!(zoned["summary"]["tz"], "UTC");
    assert_eq!(zoned["summary"]["min_utc"], "2026-03-01 08:30:00");
    let local = column(&v, "lokaal");
    assert!(local["summary"]["tz"].is_null());
    assert_eq!(local["summary"]["min_utc"], "2026-03-01 09:30:00");
}

#[test]
fn nearly_unique_text_stays_plain_text() {
    // A pseudonymous id per row would only double in a dictionary.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("trajecten.csv");
    let mut text = String::from("datum;client;wijk\n");
    for i in 0..120_000 {
        text.push_str(&format!("2026-01-01;C{i:07};W{}\n", i % 3));
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("site");
    ok(&[
        "prepare",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--gemeente",
        "Gemeente Test",
    ]);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let d = &manifest["datasets"][0];
    assert_eq!(column(d, "client")["type"], "Utf8");
    assert_eq!(column(d, "wijk")["type"], "Dictionary(Int32, Utf8)");
    let v = inspect(&out.join("trajecten.arrow"), &[]);
    assert_eq!(column(&v, "client")["summary"]["distinct"], 120_000);
}

#[test]
fn the_site_spec_sets_a_column_type_and_the_command_line_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    // Postcode areas with leading zeros would be read as numbers without the spec's type.
    std::fs::write(
        site.join("dashboard.toml"),
        "[site]\ntitle = \"Test\"\n\n[datasets.gebieden.columns]\n\
         gebied = { label = \"Gebied\", role = \"dimension\", type = \"text\" }\n",
    )
    .unwrap();
    let csv = dir.path().join("gebieden.csv");
    std::fs::write(&csv, "gebied;aantal\n0123;4\n0456;5\n").unwrap();
    let prepare = |extra: &[&str]| {
        let mut args = vec![
            "prepare",
            csv.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--gemeente",
            "Gemeente Test",
            "--as-of",
            "2026-10-31",
        ];
        args.extend_from_slice(extra);
        ok(&args)
    };
    let inspect = || {
        let out = helder(&[
            "inspect",
            site.join("gebieden.arrow").to_str().unwrap(),
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["columns"][0]["type"].as_str().unwrap().to_string()
    };
    prepare(&[]);
    assert_eq!(inspect(), "text");
    prepare(&["--type", "gebied=int"]);
    assert_eq!(inspect(), "number");
    // A type the reader does not know is named with its column.
    std::fs::write(
        site.join("dashboard.toml"),
        "[site]\ntitle = \"Test\"\n\n[datasets.gebieden.columns]\n\
         gebied = { label = \"Gebied\", role = \"dimension\", type = \"postcode\" }\n",
    )
    .unwrap();
    let out = helder(&[
        "prepare",
        csv.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
        "--as-of",
        "2026-10-31",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("column `gebied` of `gebieden` has type `postcode`"),
        "{err}"
    );
}
