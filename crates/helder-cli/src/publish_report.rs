//! The publication report (Markdown, next to the public data): which rules were applied,
//! per table how many cells were suppressed (primary and secondary) and rounded, and the
//! attack's result. It holds counts only, never a cell's value.

use std::fmt::Write;

use helder_core::disclosure::{MeasureClass, Rules};

use crate::publish_cube::PublishedCube;

/// The report's file name on the public site.
pub const REPORT_FILE: &str = "publicatierapport.md";

pub struct ReportInput<'a> {
    pub title: &'a str,
    pub as_of: &'a str,
    pub cubes: &'a [PublishedCube],
    /// Pages on the public site: (id, title).
    pub pages: Vec<(String, String)>,
    /// Widgets left off public pages: (page, widget, kind).
    pub left_off: Vec<(String, String, String)>,
    pub seconds: f64,
}

fn rules_text(r: &Rules, out: &mut String) {
    for line in r.sentences() {
        let _ = writeln!(out, "- {line}");
    }
}

/// The report as Markdown.
pub fn markdown(input: &ReportInput<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Publicatierapport: {}\n", input.title);
    let _ = writeln!(
        out,
        "Geschreven door `helder publish` {} over gegevens tot en met {}, in {:.1} s.\n",
        env!("CARGO_PKG_VERSION"),
        input.as_of,
        input.seconds
    );
    let _ = writeln!(out, "Openbare pagina's:");
    for (id, title) in &input.pages {
        let _ = writeln!(out, "- {title} (`{id}`)");
    }
    for cube in input.cubes {
        let _ = writeln!(out, "\n## Dataset `{}`\n", cube.dataset);
        rules_text(&cube.rules, &mut out);
        if cube.records_without_key > 0 {
            let _ = writeln!(
                out,
                "- {} records zonder waarde in een gepubliceerde kolom tellen niet mee.",
                cube.records_without_key
            );
        }
        let _ = writeln!(
            out,
            "\n| tabel | maat | cellen | primair geheim | secundair geheim | afgerond |\n| --- | --- | ---: | ---: | ---: | ---: |"
        );
        for (table, measure, n) in cube.table_counts() {
            let _ = writeln!(
                out,
                "| {table} | {measure} | {} | {} | {} | {} |",
                n.cells, n.primary, n.secondary, n.rounded
            );
        }
        let _ = writeln!(out);
        for m in &cube.measures {
            let a = &m.attack;
            let class = match m.class {
                MeasureClass::Persons => "aantal personen",
                MeasureClass::Magnitude => "bedrag",
                MeasureClass::Ratio => "verhouding",
            };
            let _ = writeln!(
                out,
                "- `{}` ({class}): {} geheime cellen in {} onafhankelijke groepen (grootste {}), {} lineaire programma's in {} rondes: {}.",
                m.name,
                a.checked,
                a.components,
                a.largest_component,
                a.programs,
                m.rounds,
                if a.passed() {
                    "geslaagd, geen geheime cel is nauwer te bepalen dan het beschermingsniveau"
                } else {
                    "NIET geslaagd"
                }
            );
        }
    }
    if !input.left_off.is_empty() {
        let _ = writeln!(out, "\n## Alleen intern\n");
        for (page, widget, kind) in &input.left_off {
            let _ = writeln!(
                out,
                "- Pagina `{page}`, widget `{widget}` ({kind}): niet op de openbare site."
            );
        }
    }
    out
}
