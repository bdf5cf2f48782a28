//! Dashboard specs end to end: `helder check` on good and broken specs, and `helder view`
//! against the core's one-off queries on the same data.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

mod common;

use common::{helder, ok};

use std::path::Path;

use helder_core::query::{self, Aggregate, Filter, GroupBy, Query};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::demo_in(dir.path());
    dir
}

fn spec_path(dir: &Path) -> std::path::PathBuf {
    dir.join("dashboard.toml")
}

#[test]
fn the_demo_spec_passes_check() {
    let dir = demo();
    let out = helder(&["check", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("5 pages") && stdout.contains("ok"),
        "{stdout}"
    );
}

/// Each broken spec: what to replace (first occurrence), with what, and what the message
/// must say besides the line number of the replaced text.
const BROKEN: &[(&str, &str, &[&str])] = &[
    ("jaar = \"maand\"", "jaar = \"mand\"", &["the link of filter `jaar` to dataset `bijstand` uses column `mand`", "use one of: maand"]),
    ("jaar = \"maand\"", "geslacht = \"maand\"", &["links filter `geslacht`, which is not one of its filters"]),
    ("jaar = \"maand\"", "wijk = \"maand\"", &["joins text to a date", "link columns of the same kind"]),
    ("dataset = \"bijstand\"\ntitle = \"Bijstand per wijk", "dataset = \"bijstnd\"\ntitle = \"Bijstand per wijk", &["reads dataset `bijstnd`", "add a [datasets.bijstnd] section"]),
    ("dimension = \"product\"", "dimension = \"produkt\"", &["widget `per-product` uses column `produkt`", "does not have", "use one of: maand, client"]),
    ("column = \"kosten\", unit", "column = \"wijk\", unit", &["measure `kosten` takes the Sum of `wijk`, which is text", "aggregate a number column"]),
    ("measures = [\"kosten\", \"clienten\", \"kosten_per_client\"]\nwidth", "measures = [\"kostn\"]\nwidth", &["uses measure `kostn`", "define it under [datasets.jeugdzorg.measures]"]),
    ("time = \"maand\"\nmeasures = [\"kosten\", \"clienten\", \"kosten_per_client\"]\nwidth", "time = \"wijk\"\nmeasures = [\"kosten\", \"clienten\", \"kosten_per_client\"]\nwidth", &["uses `wijk` as time, but it is text", "use a date or timestamp column"]),
    ("dataset = \"verzuim\"", "dataset = \"verzuimm\"", &["uses dataset `verzuimm`, which the spec does not describe", "add a [datasets.verzuimm] section"]),
    ("width = \"full\"", "widht = \"full\"", &["unknown field `widht`"]),
    ("id = \"per-wijk\"\nkind = \"bar\"\ntitle = \"Per wijk\"\ndimension = \"wijk\"\nmeasures", "id = \"per-product\"\nkind = \"bar\"\ntitle = \"Per wijk\"\ndimension = \"wijk\"\nmeasures", &["two widgets on page `jeugdzorg` have id `per-product`"]),
    ("per = \"clienten\"", "per = \"klanten\"", &["divides by or into `klanten`", "name a measure defined in the same dataset"]),
    ("latest = [\"jaar\"]", "latest = [\"wijkk\"]", &["starts `wijkk` at its latest value", "add \"wijkk\" to filters"]),
    ("budget = \"jeugdzorg_budget\"", "budget = \"begroting\"", &["takes its budget from `begroting`", "use one of:"]),
    ("date = \"2024-07-01\"", "date = \"1-7-2024\"", &["marks `1-7-2024`, which is not a date", "YYYY-MM-DD"]),
    ("columns = \"geslacht\"", "columns = \"kosten\"", &["widget `wijk-geslacht` groups by `kosten`, which is a decimal number"]),
    ("dimension = \"wijk\"\nmeasures = [\"clienten\", \"kosten_per_client\"]", "dimension = \"wijk\"\nmeasures = [\"clienten\"]", &["widget `wijk-scatter` (scatter) has 1 measures; it plots exactly two"]),
    ("stack = \"leeftijdsklasse\"\nmeasures = [\"inwoners\"]", "stack = \"leeftijdsklasse\"\nmeasures = [\"gemiddeld\"]", &["uses measure `gemiddeld`"]),
    ("show = [\"ontvangen\", \"categorie\"", "show = [\"ontvangen\", \"categori\"", &["widget `meldingen-rijen` uses column `categori`"]),
    ("at = \"2024-07-01\"", "at = \"juli 2024\"", &["starts its measure at `juli 2024`, which is not a date"]),
    ("group = \"geslacht\"", "group = \"kosten\"", &["widget `wijk-geslacht-staven` groups bars by `kosten`, which is a decimal number"]),
    ("dimension = \"doorlooptijd_dagen\"", "dimension = \"categorie\"", &["widget `doorlooptijd-verdeling` bins `categorie`, which is text, not a number", "bin a number column"]),
    ("kind = \"area\"\ntitle", "kind = \"area\"\nbins = 0\ntitle", &["only histograms have bins", "asks for 0 bins"]),
    ("care = \"jeugdzorg\"\n", "care = \"jeugdzorg\"\nmigration = { \"0-3\" = 2.0 }\n", &["sets migration for band `0-3` to 2, outside -0.5 to 0.5"]),
    ("[site]", "[site\n", &["column 6", "unclosed table"]),
];

#[test]
fn check_names_a_control_area_the_data_does_not_hold() {
    let dir = demo();
    let good = std::fs::read_to_string(spec_path(dir.path())).unwrap();
    assert!(
        good.contains("\"Zuidwest\", "),
        "the demo's control wijken changed"
    );
    std::fs::write(
        spec_path(dir.path()),
        good.replacen("\"Zuidwest\", ", "\"Zuidwst\", ", 1),
    )
    .unwrap();
    let err = common::fails(&["check", dir.path().to_str().unwrap()]);
    assert!(
        err.contains("widget `effect-werk-voorop` compares with control area `Zuidwst`, which column `wijk` does not hold; it holds: Centrum,"),
        "{err}"
    );
}

#[test]
fn check_rejects_broken_specs_with_line_and_fix() {
    let dir = demo();
    let good = std::fs::read_to_string(spec_path(dir.path())).unwrap();
    for (old, new, wants) in BROKEN {
        let at = good
            .find(old)
            .unwrap_or_else(|| panic!("`{old}` not in the demo spec"));
        let broken = good.replacen(old, new, 1);
        std::fs::write(spec_path(dir.path()), &broken).unwrap();
        let out = helder(&["check", dir.path().to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "accepted: {new}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("dashboard.toml"), "no file name: {err}");
        let line = good[..at].matches('\n').count() + 1;
        let line_of_change = line
            + old[..old.len().min(new.len())]
                .chars()
                .zip(new.chars())
                .take_while(|(a, b)| a == b)
                .filter(|(a, _)| *a == '\n')
                .count();
        assert!(
            err.contains(&format!("line {line_of_change}"))
                || err.contains(&format!("line {line}")),
            "expected line {line_of_change} for `{new}`: {err}"
        );
        for want in *wants {
            assert!(err.contains(want), "`{new}`: expected `{want}` in: {err}");
        }
    }
    std::fs::write(spec_path(dir.path()), &good).unwrap();
}

fn view_page(dir: &Path, page: &str, select: &[&str]) -> serde_json::Value {
    common::view(dir, page, select)
}

fn view(dir: &Path, select: &[&str]) -> serde_json::Value {
    view_page(dir, "jeugdzorg", select)
}

use common::widget;

fn series(
    v: &serde_json::Value,
    widget: &str,
    dimension: &str,
    measure: &str,
) -> Vec<(String, f64)> {
    let w = v["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == widget)
        .unwrap();
    let s = w["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["dimension"] == dimension && s["measure"] == measure)
        .unwrap();
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["label"].as_str().unwrap().to_string(),
                p["value"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Same groups, values equal up to the last bits of floating-point addition order.
fn assert_same(mut a: Vec<(String, f64)>, b: Vec<(String, f64)>) {
    a.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for ((ka, va), (kb, vb)) in a.iter().zip(&b) {
        assert_eq!(ka, kb);
        assert!(
            (va - vb).abs() <= 1e-9 * vb.abs().max(1.0),
            "{ka}: {va} vs {vb}"
        );
    }
}

#[test]
fn a_page_filters_every_other_widget_exactly_as_a_query_does() {
    let dir = demo();
    let bytes = std::fs::read(dir.path().join("jeugdzorg.arrow")).unwrap();
    let table = helder_core::ipc::read_table("jeugdzorg", bytes).unwrap();
    let v = view(dir.path(), &["wijk=Noord", "product=Jeugd-GGZ basis"]);
    let groups = |filters: Vec<Filter>, by: &str, agg: Aggregate| -> Vec<(String, f64)> {
        query::run(
            &table,
            &Query {
                filters,
                group_by: vec![GroupBy::Column { column: by.into() }],
                aggregate: agg,
            },
        )
        .unwrap()
        .into_iter()
        .map(|g| (g.key.label_nl(), g.value))
        .collect()
    };
    let wijk = Filter::OneOf {
        column: "wijk".into(),
        values: vec!["Noord".into()],
    };
    let product = Filter::OneOf {
        column: "product".into(),
        values: vec!["Jeugd-GGZ basis".into()],
    };
    let sum = Aggregate::Sum {
        column: "kosten".into(),
    };
    // Another widget sees both filters ...
    assert_same(
        series(&v, "per-aanbieder", "aanbieder", "kosten"),
        groups(
            vec![wijk.clone(), product.clone()],
            "aanbieder",
            sum.clone(),
        ),
    );
    // ... a widget never filters itself: per product sees only the wijk filter ...
    assert_same(
        series(&v, "per-product", "product", "kosten"),
        groups(vec![wijk.clone()], "product", sum.clone()),
    );
    // ... and per wijk only the product filter.
    let distinct = Aggregate::CountDistinct {
        column: "client".into(),
    };
    assert_same(
        series(&v, "per-wijk", "wijk", "clienten"),
        groups(vec![product.clone()], "wijk", distinct),
    );
    assert!(!series(&v, "per-aanbieder", "aanbieder", "kosten").is_empty());
}

#[test]
fn a_population_page_opens_at_its_latest_year() {
    let dir = demo();
    let out = helder(&["view", dir.path().to_str().unwrap(), "--page", "buurten"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["selection"], serde_json::json!([["jaar", "2026..2026"]]));
}

#[test]
fn the_documented_example_spec_passes_check() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/dashboard-spec.md"),
    )
    .unwrap();
    let start = doc.find("```toml\n").unwrap() + 8;
    let end = start + doc[start..].find("```").unwrap();
    let dir = demo();
    std::fs::write(spec_path(dir.path()), &doc[start..end]).unwrap();
    let out = helder(&["check", dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_pivot_cell_filters_the_others_while_its_totals_stay_whole() {
    let dir = demo();
    let plain = view(dir.path(), &[]);
    let pivot = |v: &serde_json::Value| {
        v["widgets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["id"] == "wijk-geslacht")
            .unwrap()["pivot"][0]
            .clone()
    };
    let p = pivot(&plain);
    let (row, col) = (
        p["rows"][0].as_str().unwrap().to_string(),
        p["cols"][0].as_str().unwrap().to_string(),
    );
    let cell = format!("wijk×geslacht={row} · {col}");
    let v = view(dir.path(), &[&cell]);
    assert_eq!(
        pivot(&v)["total"],
        p["total"],
        "totals ignore the cell selection"
    );
    assert_eq!(
        pivot(&v)["cells"],
        p["cells"],
        "the pivot does not filter itself"
    );
    let bytes = std::fs::read(dir.path().join("jeugdzorg.arrow")).unwrap();
    let table = helder_core::ipc::read_table("jeugdzorg", bytes).unwrap();
    let expected: Vec<(String, f64)> = query::run(
        &table,
        &Query {
            filters: vec![
                Filter::OneOf {
                    column: "wijk".into(),
                    values: vec![row],
                },
                Filter::OneOf {
                    column: "geslacht".into(),
                    values: vec![col],
                },
            ],
            group_by: vec![GroupBy::Column {
                column: "product".into(),
            }],
            aggregate: Aggregate::Sum {
                column: "kosten".into(),
            },
        },
    )
    .unwrap()
    .into_iter()
    .map(|g| (g.key.label_nl(), g.value))
    .collect();
    assert_same(series(&v, "per-product", "product", "kosten"), expected);
}

#[test]
fn a_reference_is_the_whole_municipality_under_the_other_filters() {
    let dir = demo();
    let v = view(dir.path(), &["wijk=Noord", "product=Jeugd-GGZ basis"]);
    let w = v["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "per-wijk")
        .unwrap();
    let s = w["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["measure"] == "kosten_per_client")
        .unwrap();
    let bytes = std::fs::read(dir.path().join("jeugdzorg.arrow")).unwrap();
    let table = helder_core::ipc::read_table("jeugdzorg", bytes).unwrap();
    // The product filter applies, the widget's own wijk filter does not.
    let expected = query::scalar(
        &table,
        vec![Filter::OneOf {
            column: "product".into(),
            values: vec!["Jeugd-GGZ basis".into()],
        }],
        Aggregate::Ratio {
            numerator: Box::new(Aggregate::Sum {
                column: "kosten".into(),
            }),
            denominator: Box::new(Aggregate::CountDistinct {
                column: "client".into(),
            }),
        },
    )
    .unwrap();
    let got = s["reference"].as_f64().unwrap();
    assert!(
        (got - expected).abs() <= 1e-9 * expected,
        "{got} vs {expected}"
    );
}

#[test]
fn stacked_bars_add_up_to_the_bar_and_keep_every_bar_when_one_is_chosen() {
    let dir = demo();
    let stacked = |select: &[&str]| {
        let mut all = vec!["jaar=2026..2026"];
        all.extend_from_slice(select);
        widget(&view_page(dir.path(), "buurten", &all), "per-wijk")["pivot"][0].clone()
    };
    let all = stacked(&[]);
    for (r, row) in all["cells"].as_array().unwrap().iter().enumerate() {
        let parts: f64 = row
            .as_array()
            .unwrap()
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .sum();
        let total = all["row_totals"][r].as_f64().unwrap();
        assert!(
            (parts - total).abs() < 1e-9 * total.max(1.0),
            "row {r}: {parts} vs {total}"
        );
    }
    let wijk = all["rows"][0].as_str().unwrap().to_string();
    let chosen = stacked(&[&format!("wijk={wijk}")]);
    assert_eq!(
        chosen["rows"], all["rows"],
        "a stacked bar chart keeps its bars"
    );
    assert_eq!(chosen["cells"], all["cells"]);
}

#[test]
fn a_data_table_follows_every_filter_and_never_shows_identifiers() {
    let dir = demo();
    let out = helder(&[
        "view",
        dir.path().to_str().unwrap(),
        "--page",
        "meldingen",
        "--select",
        "categorie=Afval",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = &v["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "meldingen-rijen")
        .unwrap()["rows"];
    let bar = series(&v, "per-categorie", "categorie", "aantal");
    let afval = bar.iter().find(|(l, _)| l == "Afval").unwrap().1;
    assert_eq!(rows["total"].as_f64().unwrap(), afval);
    assert!(rows["first"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r[1] == "Afval"));
    // A spec may not show an identifier column.
    let spec = std::fs::read_to_string(spec_path(dir.path())).unwrap();
    let with_id = format!(
        "{spec}\n[[pages]]\nid = \"rijen\"\ntitle = \"Rijen\"\ndataset = \"jeugdzorg\"\n\n[[pages.widgets]]\nid = \"rijen\"\nkind = \"rows\"\ntitle = \"Rijen\"\nshow = [\"client\"]\n"
    );
    std::fs::write(spec_path(dir.path()), with_id).unwrap();
    let out = helder(&["check", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("shows `client`, an identifier column"),
        "{err}"
    );
}

#[test]
fn forecast_and_effect_widgets_say_their_result_in_words() {
    let dir = demo();
    let find =
        |page: &str, id: &str| widget(&view_page(dir.path(), page, &[]), id)["analytics"].clone();
    let f = find("jeugdzorg", "prognose");
    let s = f["sentence"].as_str().unwrap();
    assert!(
        s.starts_with("Verwachte uitgaven 2026: € ") && s.contains("kans op overschrijding"),
        "{s}"
    );
    assert_eq!(f["projected"].as_array().unwrap().len(), 12);
    let e = find("bijstand", "effect-werk-voorop");
    assert!(
        e["sentence"].as_str().unwrap().contains("sinds juli 2024"),
        "{e}"
    );
    // The pilot wijken against the wijken without Werk Voorop: the measure stands out.
    let detail = e["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("Vergeleken met de wijken zonder Werk Voorop, geschaald met factor ")
            && detail.contains("Controle: ")
            && detail.ends_with("het effect valt op boven de ruis."),
        "{e}"
    );
    assert!(e["value"].as_f64().unwrap() < 0.0, "{e}");
    // A reader who filters on a control wijk is told to pick a wijk with the measure.
    let text = common::fails(&[
        "view",
        dir.path().to_str().unwrap(),
        "--page",
        "bijstand",
        "--select",
        "wijk=Tuindorp",
    ]);
    assert!(
        text.contains("alleen de vergelijkingsgebieden over (de wijken zonder Werk Voorop)"),
        "{text}"
    );
}

#[test]
fn a_widget_over_another_dataset_follows_the_page_filters_it_can() {
    let dir = demo();
    let bytes = std::fs::read(dir.path().join("bijstand.arrow")).unwrap();
    let table = helder_core::ipc::read_table("bijstand", bytes).unwrap();
    let sum = |c: &str| Aggregate::Sum { column: c.into() };
    let day = |y, m, d| helder_core::date::from_ymd(y, m, d).unwrap();
    // The population page's year selects that year's months of the benefits, and a click on
    // a buurt in a population widget reaches the benefits through the shared column.
    let v = view_page(
        dir.path(),
        "buurten",
        &["jaar=2025..2025", "buurt=Kerkplein"],
    );
    let got = series(&v, "bijstand-wijk", "wijk", "per_1000");
    let expected = query::scalar(
        &table,
        vec![
            Filter::DateRange {
                column: "maand".into(),
                from: day(2025, 1, 1),
                to: day(2025, 12, 31),
            },
            Filter::OneOf {
                column: "buurt".into(),
                values: vec!["Kerkplein".into()],
            },
        ],
        Aggregate::Ratio {
            numerator: Box::new(sum("uitkeringen")),
            denominator: Box::new(sum("inwoners")),
        },
    )
    .unwrap();
    assert_eq!(got.len(), 1, "only Kerkplein's wijk has rows: {got:?}");
    assert!(
        (got[0].1 - expected).abs() <= 1e-12,
        "{got:?} vs {expected}"
    );
    assert_eq!(
        widget(&v, "bijstand-wijk")["filters_not_applying"],
        serde_json::json!([])
    );

    // An age filter cannot reach the benefits: their figures ignore it, and the widget says so.
    let aged = view_page(
        dir.path(),
        "buurten",
        &["jaar=2025..2025", "buurt=Kerkplein", "leeftijdsklasse=0-3"],
    );
    assert_eq!(series(&aged, "bijstand-wijk", "wijk", "per_1000"), got);
    assert_eq!(
        widget(&aged, "bijstand-wijk")["filters_not_applying"],
        serde_json::json!(["Leeftijdsklasse"])
    );
    assert_eq!(
        widget(&aged, "per-buurt")["filters_not_applying"],
        serde_json::json!([])
    );

    // A click on the benefits' own time axis filters only what can follow it.
    let clicked = view_page(
        dir.path(),
        "buurten",
        &["maand:month=2025-03-01..2025-03-31"],
    );
    assert_eq!(
        widget(&clicked, "per-buurt")["filters_not_applying"],
        serde_json::json!(["Maand"])
    );
}

#[test]
fn grouped_bars_show_every_combination_and_a_click_filters_the_others_to_it() {
    let dir = demo();
    let grouped = |v: &serde_json::Value| widget(v, "wijk-geslacht-staven")["pivot"][0].clone();
    let all = view(dir.path(), &[]);
    let bars = grouped(&all);
    let pivot = widget(&all, "wijk-geslacht")["pivot"][0].clone();
    assert_eq!(
        bars["cells"], pivot["cells"],
        "grouped bars are the pivot's cells"
    );
    let (r, c) = (
        bars["rows"][0].as_str().unwrap(),
        bars["cols"][0].as_str().unwrap(),
    );
    let dim = bars["dimension"].as_str().unwrap();
    let chosen = view(dir.path(), &[&format!("{dim}={r} · {c}")]);
    assert_eq!(
        grouped(&chosen)["cells"],
        bars["cells"],
        "the chart keeps its bars"
    );
    // The others now show only that combination: the same as filtering wijk and geslacht.
    let both = view(
        dir.path(),
        &[&format!("wijk={r}"), &format!("geslacht={c}")],
    );
    assert_same(series(&chosen, "per-product", "product", "kosten"), {
        let mut b = series(&both, "per-product", "product", "kosten");
        b.sort_by(|x, y| x.0.cmp(&y.0));
        b
    });
}

#[test]
fn a_stacked_area_adds_up_to_the_line_and_keeps_every_period() {
    let dir = demo();
    let v = view_page(dir.path(), "bijstand", &[]);
    let area = widget(&v, "uitkeringen-wijk-tijd");
    let line = series(&v, "uitkeringen-wijk-tijd", "maand:month", "uitkeringen");
    let pivot = &area["pivot"][0];
    for (r, row) in pivot["cells"].as_array().unwrap().iter().enumerate() {
        let parts: f64 = row
            .as_array()
            .unwrap()
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .sum();
        let label = pivot["rows"][r].as_str().unwrap();
        let total = line.iter().find(|(l, _)| l == label).unwrap().1;
        assert!(
            (parts - total).abs() < 1e-9 * total.max(1.0),
            "{label}: {parts} vs {total}"
        );
    }
    let chosen = view_page(
        dir.path(),
        "bijstand",
        &["maand:month=2024-01-01..2024-03-31"],
    );
    assert_eq!(
        widget(&chosen, "uitkeringen-wijk-tijd")["pivot"][0]["cells"],
        pivot["cells"]
    );
}

#[test]
fn a_histogram_bin_filters_the_others_to_its_range() {
    let dir = demo();
    let v = view_page(dir.path(), "meldingen", &[]);
    let h = &widget(&v, "doorlooptijd-verdeling")["histogram"][0];
    let bars = h["bars"].as_array().unwrap();
    assert!((5..=30).contains(&bars.len()), "{} bins", bars.len());
    let binned: i64 = bars.iter().map(|b| b["rows"].as_i64().unwrap()).sum();
    let all_rows: f64 = series(&v, "per-categorie", "categorie", "aantal")
        .iter()
        .map(|p| p.1)
        .sum();
    assert!(binned as f64 <= all_rows, "nulls are in no bin");
    let second = &bars[1];
    let (lo, hi) = (
        second["start"].as_f64().unwrap(),
        second["last"].as_f64().unwrap(),
    );
    let chosen = view_page(
        dir.path(),
        "meldingen",
        &[&format!("doorlooptijd_dagen:bins={lo}..{hi}")],
    );
    let per_cat: f64 = series(&chosen, "per-categorie", "categorie", "aantal")
        .iter()
        .map(|p| p.1)
        .sum();
    assert_eq!(per_cat as i64, second["rows"].as_i64().unwrap());
    let h2 = &widget(&chosen, "doorlooptijd-verdeling")["histogram"][0];
    assert_eq!(h2["bars"], h["bars"], "the histogram keeps its bins");
}

/// FNV-1a 32 as index.html computes it.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

#[test]
fn first_view_names_the_exact_manifest_and_spec_and_follows_check() {
    let dir = demo();
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    let first: serde_json::Value = serde_json::from_slice(&read("first_view.json")).unwrap();
    assert_eq!(first["manifest"], fnv(&read("manifest.json")));
    assert_eq!(first["spec"], fnv(&read("dashboard.toml")));
    // The tiles are the figures `helder view` computes for the page's default filters.
    let view = view_page(dir.path(), "bijstand", &[]);
    let kpi = widget(&view, "uitkeringen");
    let last = kpi["series"][0]["points"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let tile = &first["pages"]["bijstand"]["tiles"][0];
    assert_eq!(tile["value"], last["text"]);
    // An edited spec gets new first figures from `helder check`.
    let mut spec = std::fs::read_to_string(spec_path(dir.path())).unwrap();
    spec.push_str("\n# edited\n");
    std::fs::write(spec_path(dir.path()), &spec).unwrap();
    ok(&["check", dir.path().to_str().unwrap()]);
    let again: serde_json::Value = serde_json::from_slice(&read("first_view.json")).unwrap();
    assert_eq!(again["spec"], fnv(spec.as_bytes()));
}
