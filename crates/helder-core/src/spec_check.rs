//! Checks a dashboard spec against the data files it describes, and reports every problem
//! at once with its line in the spec and a hint how to fix it, so a BI specialist can
//! correct a spec in one pass instead of one error per run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::spec::Spanned;

use crate::spec::{line_col, Agg, ControlSpec, Role, Spec, WidgetKind, WidgetSpec};
use crate::table::ColumnKind;

/// The columns of every dataset the data folder has: name → (column, kind) in file order.
pub type Schemas = BTreeMap<String, Vec<(String, ColumnKind)>>;

/// One mistake in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the spec file (0 when the problem has no place in the file).
    pub line: usize,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {}; fix: {}",
            self.line, self.message, self.hint
        )
    }
}

struct Checker<'a> {
    text: &'a str,
    schemas: &'a Schemas,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at<T>(&self, s: &Spanned<T>) -> usize {
        line_col(self.text, s.span().start).0
    }

    fn push(&mut self, line: usize, message: String, hint: String) {
        self.problems.push(Problem {
            line,
            message,
            hint,
        });
    }

    /// The kind of `column` in `dataset`, or a problem naming the columns there are.
    fn column(
        &mut self,
        dataset: &str,
        column: &Spanned<String>,
        what: &str,
    ) -> Option<ColumnKind> {
        let cols = self.schemas.get(dataset)?;
        let name = column.get_ref();
        match cols.iter().find(|(c, _)| c == name) {
            Some((_, kind)) => Some(*kind),
            None => {
                let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
                let line = self.at(column);
                self.push(
                    line,
                    format!("{what} uses column `{name}`, which dataset `{dataset}` does not have"),
                    format!("use one of: {}", names.join(", ")),
                );
                None
            }
        }
    }
}

/// An effect widget's comparison areas: only on effect widgets, a text column of the
/// widget's dataset, at least one value, no value twice. (Whether the values occur in the
/// data is checked when the page is built over it.)
fn check_control(
    c: &mut Checker<'_>,
    w: &WidgetSpec,
    control: &ControlSpec,
    dataset: &str,
    what: &str,
) {
    if w.kind != WidgetKind::Effect {
        c.push(
            c.at(&control.column),
            format!("{what} has `control`, but only effect widgets compare with control areas"),
            "remove `control`, or make it kind = \"effect\"".into(),
        );
        return;
    }
    if let Some(kind) = c.column(dataset, &control.column, what) {
        if kind != ColumnKind::Text {
            c.push(
                c.at(&control.column),
                format!(
                    "{what} compares areas by `{}`, which is not a text column",
                    control.column.get_ref()
                ),
                "name the column with the areas, e.g. column = \"wijk\"".into(),
            );
        }
    }
    if control.values.is_empty() {
        c.push(
            c.at(&control.column),
            format!("{what} names no control areas"),
            "list the areas without the measure, e.g. values = [\"Zuid\", \"West\"]".into(),
        );
    }
    let mut seen = BTreeSet::new();
    for v in &control.values {
        if !seen.insert(v.get_ref()) {
            c.push(
                c.at(v),
                format!("{what} lists control area `{}` twice", v.get_ref()),
                "list each area once".into(),
            );
        }
    }
}

/// Every problem of `spec` (parsed from `text`) against the data in `schemas`.
pub fn check(spec: &Spec, text: &str, schemas: &Schemas) -> Vec<Problem> {
    let mut c = Checker {
        text,
        schemas,
        problems: Vec::new(),
    };
    for (name, ds) in &spec.datasets {
        if !schemas.contains_key(name) {
            let known: Vec<&str> = schemas.keys().map(String::as_str).collect();
            c.push(
                0,
                format!("dataset `{name}` is not in the data folder's manifest"),
                format!(
                    "prepare it with `helder prepare`, or use one of: {}",
                    known.join(", ")
                ),
            );
            continue;
        }
        for (col, spec_col) in &ds.columns {
            let line = c.at(spec_col);
            let Some(kind) = schemas[name]
                .iter()
                .find(|(n, _)| n == col)
                .map(|(_, k)| *k)
            else {
                let names: Vec<&str> = schemas[name].iter().map(|(n, _)| n.as_str()).collect();
                c.push(
                    line,
                    format!(
                        "`datasets.{name}.columns` describes `{col}`, which the data does not have"
                    ),
                    format!("use one of: {}", names.join(", ")),
                );
                continue;
            };
            let role = spec_col.get_ref().role;
            let fits = match role {
                Role::Measure => kind.is_numeric(),
                Role::Time => kind.is_time(),
                Role::Dimension | Role::Geography | Role::Id => kind.is_groupable(),
            };
            if !fits {
                c.push(
                    line,
                    format!("column `{col}` is {}, which cannot have role {role:?}", kind.name()),
                    "give it a role that fits its values, or convert the column with `helder prepare --type`".into(),
                );
            }
        }
        for (m, spec_m) in &ds.measures {
            check_measure(&mut c, spec, name, m, spec_m);
        }
        check_disclosure(&mut c, name, ds);
    }
    let mut page_ids = BTreeSet::new();
    for page in &spec.pages {
        if !page_ids.insert(page.id.as_str()) {
            c.push(
                c.at(&page.dataset),
                format!("two pages have id `{}`", page.id),
                "give every page its own id; it is part of the page's address".into(),
            );
        }
        let dataset = page.dataset.get_ref();
        if !spec.datasets.contains_key(dataset) {
            let known: Vec<&str> = spec.datasets.keys().map(String::as_str).collect();
            c.push(
                c.at(&page.dataset),
                format!(
                    "page `{}` uses dataset `{dataset}`, which the spec does not describe",
                    page.id
                ),
                format!(
                    "add a [datasets.{dataset}] section, or use one of: {}",
                    known.join(", ")
                ),
            );
            continue;
        }
        for l in &page.latest {
            if !page.filters.iter().any(|f| f.get_ref() == l.get_ref()) {
                c.push(c.at(l), format!("page `{}` starts `{}` at its latest value, but it is not one of the page's filters", page.id, l.get_ref()), format!("add \"{}\" to filters", l.get_ref()));
            }
        }
        for f in &page.filters {
            if let Some(kind) = c.column(
                dataset,
                f,
                &format!("the filter panel of page `{}`", page.id),
            ) {
                if kind == ColumnKind::Decimal {
                    c.push(
                        c.at(f),
                        format!("filter `{}` is a decimal number; filters take text, whole numbers or dates", f.get_ref()),
                        "filter on a category or date column instead".into(),
                    );
                }
            }
        }
        check_links(&mut c, page);
        let page_dataset = dataset;
        if page.public {
            check_public_page(&mut c, spec, page);
        }
        let mut widget_ids = BTreeSet::new();
        for w in &page.widgets {
            let id = w.id.get_ref();
            let what = format!("widget `{id}`");
            let dataset = match &w.dataset {
                None => page_dataset,
                Some(d) if spec.datasets.contains_key(d.get_ref()) => d.get_ref(),
                Some(d) => {
                    let known: Vec<&str> = spec.datasets.keys().map(String::as_str).collect();
                    c.push(
                        c.at(d),
                        format!(
                            "{what} reads dataset `{}`, which the spec does not describe",
                            d.get_ref()
                        ),
                        format!(
                            "add a [datasets.{}] section, or use one of: {}",
                            d.get_ref(),
                            known.join(", ")
                        ),
                    );
                    continue;
                }
            };
            if !widget_ids.insert(id.clone()) {
                c.push(
                    c.at(&w.id),
                    format!("two widgets on page `{}` have id `{id}`", page.id),
                    "give every widget its own id".into(),
                );
            }
            if w.measures.is_empty()
                && !matches!(
                    w.kind,
                    WidgetKind::Rows | WidgetKind::Budget | WidgetKind::Demand
                )
            {
                c.push(
                    c.at(&w.id),
                    format!("{what} has no measures"),
                    format!("add e.g. measures = [\"{}\"]", first_measure(spec, dataset)),
                );
            }
            if w.kind == WidgetKind::Scatter && w.measures.len() != 2 {
                c.push(
                    w.measures.first().map_or(c.at(&w.id), |m| c.at(m)),
                    format!(
                        "{what} (scatter) has {} measures; it plots exactly two",
                        w.measures.len()
                    ),
                    "give measures = [\"<x>\", \"<y>\"]".into(),
                );
            }
            for m in &w.measures {
                if spec.measure(dataset, m.get_ref()).is_none() {
                    let known: Vec<&str> = spec.datasets[dataset]
                        .measures
                        .keys()
                        .map(String::as_str)
                        .collect();
                    c.push(
                        c.at(m),
                        format!(
                            "{what} uses measure `{}`, which dataset `{dataset}` does not define",
                            m.get_ref()
                        ),
                        format!(
                            "define it under [datasets.{dataset}.measures], or use one of: {}",
                            known.join(", ")
                        ),
                    );
                }
            }
            check_chart_options(&mut c, w, dataset, &what);
            check_map(&mut c, w, &what);
            if let Some(stack) = &w.stack {
                if !matches!(w.kind, WidgetKind::Bar | WidgetKind::Area) {
                    c.push(
                        c.at(stack),
                        format!("{what} has `stack`, but only bar and area widgets stack"),
                        "remove `stack`, or use a pivot for two columns".into(),
                    );
                } else if let Some(kind) = c.column(dataset, stack, &what) {
                    if !kind.is_groupable() {
                        c.push(
                            c.at(stack),
                            format!(
                                "{what} stacks by `{}`, which is a decimal number",
                                stack.get_ref()
                            ),
                            "stack by a text or whole-number column".into(),
                        );
                    }
                }
                for m in &w.measures {
                    let additive = spec
                        .measure(dataset, m.get_ref())
                        .is_none_or(|x| matches!(x.agg, Agg::Sum | Agg::Count));
                    if !additive {
                        c.push(
                            c.at(m),
                            format!(
                                "{what} stacks measure `{}`, whose parts do not add up to the bar",
                                m.get_ref()
                            ),
                            "stack only sums and counts; use a pivot for the others".into(),
                        );
                    }
                }
            }
            if w.reference && w.kind != WidgetKind::Bar {
                c.push(
                    c.at(&w.id),
                    format!("{what} asks for a reference, but only bar widgets show one"),
                    "remove `reference` or make it a bar widget".into(),
                );
            }
            if matches!(w.kind, WidgetKind::Forecast | WidgetKind::Effect)
                && w.bucket
                    .is_some_and(|b| b != crate::query::TimeBucket::Month)
            {
                c.push(
                    c.at(&w.id),
                    format!("{what} works on months, not another bucket"),
                    "remove `bucket` (months are the default)".into(),
                );
            }
            if w.kind == WidgetKind::Effect {
                match &w.at {
                    None => c.push(
                        c.at(&w.id),
                        format!("{what} (effect) has no `at`, the day the measure started"),
                        "add at = \"YYYY-MM-DD\"".into(),
                    ),
                    Some(at) if crate::date::parse_iso(at.get_ref()).is_none() => c.push(
                        c.at(at),
                        format!(
                            "{what} starts its measure at `{}`, which is not a date",
                            at.get_ref()
                        ),
                        "write dates as YYYY-MM-DD, e.g. 2024-07-01".into(),
                    ),
                    Some(_) => {}
                }
            }
            if let Some(control) = &w.control {
                check_control(&mut c, w, control, dataset, &what);
            }
            if w.kind == WidgetKind::Forecast {
                if let Some(b) = &w.budget {
                    if !c.schemas.contains_key(b.get_ref()) {
                        let known: Vec<&str> = c.schemas.keys().map(String::as_str).collect();
                        c.push(c.at(b), format!("{what} takes its budget from `{}`, which is not in the data folder", b.get_ref()), format!("use one of: {}", known.join(", ")));
                    }
                }
            }
            for m in &w.marks {
                if crate::date::parse_iso(m.date.get_ref()).is_none() {
                    c.push(
                        c.at(&m.date),
                        format!("{what} marks `{}`, which is not a date", m.date.get_ref()),
                        "write dates as YYYY-MM-DD, e.g. 2024-07-01".into(),
                    );
                }
                if !matches!(w.kind, WidgetKind::Line | WidgetKind::Area) {
                    c.push(
                        c.at(&m.date),
                        format!("{what} has marks, but only line and area widgets show them"),
                        "move the marks to a line widget".into(),
                    );
                }
            }
            for col in &w.show {
                if let Some(_kind) = c.column(dataset, col, &what) {
                    let is_id = spec.datasets[dataset]
                        .columns
                        .get(col.get_ref())
                        .is_some_and(|x| x.get_ref().role == Role::Id);
                    if is_id {
                        c.push(
                            c.at(col),
                            format!("{what} shows `{}`, an identifier column", col.get_ref()),
                            "identifiers are never shown; remove it from `show`".into(),
                        );
                    }
                }
            }
            if w.demand.is_some() && w.kind != WidgetKind::Demand {
                c.push(
                    c.at(&w.id),
                    format!("{what} has a `demand` section, but is not a demand widget"),
                    "set kind = \"demand\" or remove the section".into(),
                );
            }
            match w.kind {
                WidgetKind::Rows => {}
                WidgetKind::Demand => check_demand(&mut c, w, dataset, &what),
                WidgetKind::Budget => {
                    // Without `time`, the dataset's one column with role "time" is used.
                    if w.time.is_some() || spec.time_column(dataset).is_none() {
                        check_time(&mut c, w, dataset, &what);
                    }
                    check_budget(&mut c, spec, w, dataset, &what);
                }
                WidgetKind::Pivot => match (&w.dimension, &w.columns) {
                    (Some(r), Some(col)) => {
                        for d in [r, col] {
                            if let Some(kind) = c.column(dataset, d, &what) {
                                if !kind.is_groupable() {
                                    c.push(
                                        c.at(d),
                                        format!(
                                            "{what} groups by `{}`, which is a decimal number",
                                            d.get_ref()
                                        ),
                                        "group by a text, whole-number or date column".into(),
                                    );
                                }
                            }
                        }
                        if r.get_ref() == col.get_ref() {
                            c.push(
                                c.at(col),
                                format!("{what} has `{}` as both rows and columns", col.get_ref()),
                                "choose two different columns".into(),
                            );
                        }
                    }
                    _ => c.push(
                        c.at(&w.id),
                        format!("{what} (pivot) needs `dimension` (rows) and `columns`"),
                        "add dimension = \"<column>\" and columns = \"<another column>\"".into(),
                    ),
                },
                WidgetKind::Bar | WidgetKind::Table | WidgetKind::Scatter | WidgetKind::Map => {
                    match &w.dimension {
                        None => c.push(
                            c.at(&w.id),
                            format!("{what} ({:?}) has no `dimension`", w.kind),
                            "add dimension = \"<a text column>\"".into(),
                        ),
                        Some(d) => {
                            for col in std::iter::once(d).chain(&w.alternatives) {
                                if let Some(kind) = c.column(dataset, col, &what) {
                                    if !kind.is_groupable() {
                                        c.push(
                                            c.at(col),
                                            format!(
                                                "{what} groups by `{}`, which is a decimal number",
                                                col.get_ref()
                                            ),
                                            "group by a text, whole-number or date column".into(),
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                WidgetKind::Histogram => match &w.dimension {
                    None => c.push(
                        c.at(&w.id),
                        format!("{what} (histogram) has no `dimension`, the number column to bin"),
                        "add dimension = \"<a number column>\"".into(),
                    ),
                    Some(d) => {
                        if let Some(kind) = c.column(dataset, d, &what) {
                            if !kind.is_numeric() {
                                c.push(
                                    c.at(d),
                                    format!(
                                        "{what} bins `{}`, which is {}, not a number",
                                        d.get_ref(),
                                        kind.name()
                                    ),
                                    "bin a number column, or use a bar widget for categories"
                                        .into(),
                                );
                            }
                        }
                    }
                },
                WidgetKind::Line
                | WidgetKind::Kpi
                | WidgetKind::Forecast
                | WidgetKind::Effect
                | WidgetKind::Area => check_time(&mut c, w, dataset, &what),
            }
        }
    }
    crate::sort_order::sort_by_key(&mut c.problems, |p| p.line);
    c.problems
}

/// A widget over time names a date column of its dataset.
fn check_time(c: &mut Checker<'_>, w: &WidgetSpec, dataset: &str, what: &str) {
    match &w.time {
        None => c.push(
            c.at(&w.id),
            format!("{what} ({:?}) has no `time` column", w.kind),
            "add time = \"<a date column>\"".into(),
        ),
        Some(t) => {
            if let Some(kind) = c.column(dataset, t, what) {
                if !kind.is_time() {
                    c.push(
                        c.at(t),
                        format!(
                            "{what} uses `{}` as time, but it is {}",
                            t.get_ref(),
                            kind.name()
                        ),
                        "use a date or timestamp column".into(),
                    );
                }
            }
        }
    }
}

/// A budget tile sums spending (its first measure) and reads a budget dataset with a
/// year and an amount per row.
fn check_budget(c: &mut Checker<'_>, spec: &Spec, w: &WidgetSpec, dataset: &str, what: &str) {
    if let Some(m) = w.measures.first() {
        if let Some(measure) = spec.measure(dataset, m.get_ref()) {
            if measure.agg != Agg::Sum {
                c.push(
                    c.at(m),
                    format!(
                        "{what} (budget) compares measure `{}` with a budget, but it is not a sum",
                        m.get_ref()
                    ),
                    "use a measure with agg = \"sum\" over the spending column".into(),
                );
            }
        }
    }
    match &w.budget {
        None => c.push(
            c.at(&w.id),
            format!("{what} (budget) names no `budget` dataset"),
            "add budget = \"<dataset with columns jaar and budget>\"".into(),
        ),
        Some(b) => {
            if !c.schemas.contains_key(b.get_ref()) {
                let known: Vec<&str> = c.schemas.keys().map(String::as_str).collect();
                c.push(
                    c.at(b),
                    format!(
                        "{what} takes its budget from `{}`, which is not in the data folder",
                        b.get_ref()
                    ),
                    format!("use one of: {}", known.join(", ")),
                );
            } else {
                for col in [crate::kpi::BUDGET_YEAR, crate::kpi::BUDGET] {
                    c.column(b.get_ref(), &Spanned::new(b.span(), col.to_string()), what);
                }
            }
        }
    }
}

/// A demand widget's section: both datasets are in the folder, every column is there and
/// holds what the projection reads from it.
fn check_demand(c: &mut Checker<'_>, w: &crate::spec::WidgetSpec, population: &str, what: &str) {
    let Some(d) = &w.demand else {
        c.push(
            c.at(&w.id),
            format!("{what} (demand) has no `demand` section"),
            "add [pages.widgets.demand] with care = \"<dataset>\" and the columns; see docs/dashboard-spec.md".into(),
        );
        return;
    };
    let mut datasets = vec![(population.to_string(), w.dataset.as_ref().unwrap_or(&w.id))];
    datasets.push((d.care.get_ref().clone(), &d.care));
    let mut present = Vec::new();
    for (name, at) in &datasets {
        if c.schemas.contains_key(name) {
            present.push(true);
        } else {
            let known: Vec<&str> = c.schemas.keys().map(String::as_str).collect();
            let line = c.at(*at);
            c.push(
                line,
                format!("{what} reads dataset `{name}`, which is not in the data folder"),
                format!("use one of: {}", known.join(", ")),
            );
            present.push(false);
        }
    }
    type Test = fn(ColumnKind) -> bool;
    let whole: Test = |k| k == ColumnKind::Integer;
    let groupable: Test = ColumnKind::is_groupable;
    let numeric: Test = ColumnKind::is_numeric;
    let time: Test = ColumnKind::is_time;
    let area = d.care_area.as_ref().unwrap_or(&d.area);
    let checks: [(usize, &Spanned<String>, Test, &str); 8] = [
        (0, &d.year, whole, "a whole-number year"),
        (0, &d.area, groupable, "an area (text)"),
        (0, &d.band, groupable, "age band labels like 0-3, 67+"),
        (0, &d.inhabitants, numeric, "a number of inhabitants"),
        (1, &d.care_time, time, "a date"),
        (1, area, groupable, "an area (text)"),
        (1, &d.care_age, whole, "an age in whole years"),
        (1, &d.client, groupable, "a user id (text or whole number)"),
    ];
    for (ds, col, fits, should) in checks {
        if !present[ds] {
            continue;
        }
        let name = datasets[ds].0.clone();
        if let Some(kind) = c.column(&name, col, what) {
            if !fits(kind) {
                let line = c.at(col);
                c.push(
                    line,
                    format!(
                        "{what} reads `{}` of `{name}` as {should}, but it is {}",
                        col.get_ref(),
                        kind.name()
                    ),
                    "name a column that holds that, or convert it with `helder prepare --type`"
                        .into(),
                );
            }
        }
    }
    if let Some(h) = &d.horizons {
        if h.is_empty() || h.iter().any(|y| *y == 0 || *y > 30) {
            c.push(
                line_col(c.text, d.care.span().start).0,
                format!("{what} projects {h:?} years ahead"),
                "give horizons between 1 and 30 years, e.g. horizons = [1, 5]".into(),
            );
        }
    }
    for (band, v) in &d.migration {
        if !(v.is_finite() && (-0.5..=0.5).contains(v)) {
            c.push(
                line_col(c.text, d.care.span().start).0,
                format!("{what} sets migration for band `{band}` to {v}, outside -0.5 to 0.5"),
                "net migration is per inhabitant per year, e.g. \"18-22\" = -0.03 for 3 % leaving"
                    .into(),
            );
        }
    }
    for (name, v, lo, hi) in [
        ("birth_rate", d.birth_rate, 0.0, 0.1),
        ("mortality_last_band", d.mortality_last_band, 0.0, 0.5),
        ("rate_growth", d.rate_growth, -0.5, 0.5),
    ] {
        if let Some(v) = v.filter(|v| !(v.is_finite() && *v >= lo && *v <= hi)) {
            c.push(
                line_col(c.text, d.care.span().start).0,
                format!("{what} sets {name} = {v}, outside {lo} to {hi}"),
                format!("rates are per inhabitant per year, e.g. {name} = 0.01 for 1 %"),
            );
        }
    }
}

/// A page's `links`: each names a dataset a widget reads, a page filter, and a column of that
/// dataset the filter can select (same kind, or years onto dates).
fn check_links(c: &mut Checker, page: &crate::spec::PageSpec) {
    let page_dataset = page.dataset.get_ref();
    for (other, map) in &page.links {
        if !page.widgets.iter().any(|w| page.widget_dataset(w) == other) {
            let line = map.values().next().map_or(0, |v| c.at(v));
            c.push(
                line,
                format!("page `{}` links its filters to dataset `{other}`, but no widget on it reads that dataset", page.id),
                format!("remove [pages.links.{other}], or add a widget with dataset = \"{other}\""),
            );
            continue;
        }
        for (filter, column) in map {
            let what = format!("the link of filter `{filter}` to dataset `{other}`");
            let Some(f) = page.filters.iter().find(|f| f.get_ref() == filter) else {
                c.push(
                    c.at(column),
                    format!(
                        "page `{}` links filter `{filter}`, which is not one of its filters",
                        page.id
                    ),
                    format!("add \"{filter}\" to the page's filters, or remove the link"),
                );
                continue;
            };
            let from = c.column(page_dataset, f, &what);
            let to = c.column(other, column, &what);
            if let (Some(from), Some(to)) = (from, to) {
                let fits = from == to
                    || (from.is_time() && to.is_time())
                    || (from == ColumnKind::Integer && to.is_time());
                if !fits {
                    c.push(
                        c.at(column),
                        format!("{what} joins {} to {}", from.name(), to.name()),
                        "link columns of the same kind (text to text, dates to dates), or whole years to a date column".into(),
                    );
                }
            }
        }
    }
}

/// Grouped bars (`group`) and histogram bins (`bins`, `bin_width`): only where they apply.
/// A map needs its boundaries (a plain file name next to the manifest) and the property
/// that names each area; other kinds take neither.
fn check_map(c: &mut Checker<'_>, w: &WidgetSpec, what: &str) {
    if w.kind != WidgetKind::Map {
        for (field, v) in [("geometry", &w.geometry), ("key", &w.key)] {
            if let Some(v) = v {
                c.push(
                    c.at(v),
                    format!("{what} has `{field}`, but only map widgets draw boundaries"),
                    format!("remove `{field}`, or make it kind = \"map\""),
                );
            }
        }
        return;
    }
    match &w.geometry {
        None => c.push(
            c.at(&w.id),
            format!("{what} (map) has no `geometry`, the GeoJSON file with the areas' boundaries"),
            "add geometry = \"wijken.geojson\" (a file next to manifest.json, WGS84 or RD New)"
                .into(),
        ),
        Some(g) => {
            let name = g.get_ref();
            let plain = !name.is_empty()
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.'))
                && !name.starts_with('.');
            if !plain {
                c.push(
                    c.at(g),
                    format!("{what} reads its boundaries from `{name}`, which is not a plain file name"),
                    "put the GeoJSON file next to manifest.json and give its name only, e.g. \"wijken.geojson\"".into(),
                );
            } else if !(name.ends_with(".geojson") || name.ends_with(".json")) {
                c.push(
                    c.at(g),
                    format!(
                        "{what} reads its boundaries from `{name}`, which is not a GeoJSON file"
                    ),
                    "export the boundaries as GeoJSON (.geojson or .json)".into(),
                );
            }
        }
    }
    if w.key.is_none() {
        c.push(
            c.at(&w.id),
            format!("{what} (map) has no `key`, the GeoJSON property that names each area"),
            "add key = \"wijknaam\" (CBS boundaries: wijknaam, buurtnaam, wijkcode or buurtcode)"
                .into(),
        );
    }
    if !w.alternatives.is_empty() {
        c.push(
            c.at(&w.alternatives[0]),
            format!("{what} (map) has `alternatives`, but a map shows the one level its boundaries draw"),
            "remove `alternatives`; add a second map for another level".into(),
        );
    }
}

fn check_chart_options(c: &mut Checker<'_>, w: &WidgetSpec, dataset: &str, what: &str) {
    if let Some(group) = &w.group {
        if w.kind != WidgetKind::Bar {
            c.push(
                c.at(group),
                format!("{what} has `group`, but only bar widgets group"),
                "remove `group`, or make it a bar widget".into(),
            );
        } else if w.stack.is_some() {
            c.push(
                c.at(group),
                format!("{what} has both `stack` and `group`"),
                "choose one: stacked parts or bars side by side".into(),
            );
        } else if let Some(kind) = c.column(dataset, group, what) {
            if !kind.is_groupable() {
                c.push(
                    c.at(group),
                    format!(
                        "{what} groups bars by `{}`, which is a decimal number",
                        group.get_ref()
                    ),
                    "group by a text or whole-number column".into(),
                );
            } else if w.dimension.as_ref().map(|d| d.get_ref()) == Some(group.get_ref()) {
                c.push(
                    c.at(group),
                    format!(
                        "{what} has `{}` as both dimension and group",
                        group.get_ref()
                    ),
                    "choose two different columns".into(),
                );
            }
        }
    }
    for line in [
        w.bins.as_ref().map(|b| c.at(b)),
        w.bin_width.as_ref().map(|b| c.at(b)),
    ]
    .into_iter()
    .flatten()
    {
        if w.kind != WidgetKind::Histogram {
            c.push(
                line,
                format!("{what} has `bins` or `bin_width`, but only histograms have bins"),
                "remove them, or make it kind = \"histogram\"".into(),
            );
        }
    }
    if let Some(b) = w.bins.as_ref().filter(|b| *b.get_ref() == 0) {
        c.push(
            c.at(b),
            format!("{what} asks for 0 bins"),
            "give bins = 10 or so, or leave it out for an automatic choice".into(),
        );
    }
    if let Some(b) = w
        .bin_width
        .as_ref()
        .filter(|b| !(b.get_ref().is_finite() && *b.get_ref() > 0.0))
    {
        c.push(
            c.at(b),
            format!(
                "{what} has bin_width = {}, which is not a positive number",
                b.get_ref()
            ),
            "give a width such as bin_width = 5, or leave it out".into(),
        );
    }
}

fn first_measure(spec: &Spec, dataset: &str) -> String {
    spec.datasets
        .get(dataset)
        .and_then(|d| d.measures.keys().next().cloned())
        .unwrap_or_else(|| "aantal".into())
}

fn check_measure(
    c: &mut Checker<'_>,
    spec: &Spec,
    dataset: &str,
    name: &str,
    m: &Spanned<crate::spec::MeasureSpec>,
) {
    let line = c.at(m);
    let m = m.get_ref();
    let what = format!("measure `{name}`");
    match m.agg {
        Agg::Count => {}
        Agg::Ratio => {
            for (part, key) in [(&m.of, "of"), (&m.per, "per")] {
                match part {
                    None => c.push(line, format!("{what} is a ratio without `{key}`"), format!("add {key} = \"<another measure>\"")),
                    Some(p) => match spec.measure(dataset, p.get_ref()) {
                        None => c.push(c.at(p), format!("{what} divides by or into `{}`, which is not a measure of `{dataset}`", p.get_ref()), "name a measure defined in the same dataset".into()),
                        Some(inner) if inner.agg == Agg::Ratio => c.push(c.at(p), format!("{what} is a ratio of a ratio (`{}`)", p.get_ref()), "divide plain measures (sum, count, ...)".into()),
                        Some(_) => {}
                    },
                }
            }
        }
        agg => match &m.column {
            None => c.push(
                line,
                format!("{what} ({agg:?}) has no `column`"),
                "add column = \"<a number column>\"".into(),
            ),
            Some(col) => {
                if let Some(kind) = c.column(dataset, col, &what) {
                    let ok = if agg == Agg::CountDistinct {
                        kind.is_groupable()
                    } else {
                        kind.is_numeric()
                    };
                    if !ok {
                        c.push(
                            c.at(col),
                            format!(
                                "{what} takes the {agg:?} of `{}`, which is {}",
                                col.get_ref(),
                                kind.name()
                            ),
                            if agg == Agg::CountDistinct {
                                "count distinct values of a text or whole-number column".into()
                            } else {
                                "aggregate a number column, or use agg = \"count\"".into()
                            },
                        );
                    }
                }
            }
        },
    }
}

/// Widget kinds a public page can show from protected cubes: figures per category or
/// period. Rows are records, and budget, forecast and effect read series a cube would
/// have to publish at a finer level than the page shows.
pub fn public_widget(kind: WidgetKind) -> bool {
    matches!(
        kind,
        WidgetKind::Kpi
            | WidgetKind::Line
            | WidgetKind::Bar
            | WidgetKind::Table
            | WidgetKind::Pivot
            | WidgetKind::Scatter
            | WidgetKind::Map
    )
}

/// Measures a cube can publish: counts and sums add up over margins, which the disclosure
/// control and the pages rely on.
pub fn public_measure(agg: Agg) -> bool {
    matches!(agg, Agg::Count | Agg::Sum)
}

fn check_public_page(c: &mut Checker<'_>, spec: &Spec, page: &crate::spec::PageSpec) {
    let dataset = page.dataset.get_ref();
    let Some(ds) = spec.datasets.get(dataset) else {
        return;
    };
    let is_id = |col: &str| {
        ds.columns
            .get(col)
            .is_some_and(|x| x.get_ref().role == Role::Id)
    };
    for f in page.public_filters.iter().flatten() {
        c.column(
            dataset,
            f,
            &format!("the public filter panel of page `{}`", page.id),
        );
    }
    for f in page.public_filter_columns() {
        if is_id(f.get_ref()) {
            c.push(
                c.at(f),
                format!(
                    "public page `{}` filters on `{}`, an identifier column",
                    page.id,
                    f.get_ref()
                ),
                "identifiers are never published; remove the filter".into(),
            );
        }
    }
    // Widgets a public page cannot show are left off its public copy (the publication
    // report lists them), so only the ones it keeps are checked here. Widgets over another
    // dataset are left off too: the public cubes are built from the page's own dataset.
    for w in page.widgets.iter().filter(|w| page.on_public_copy(w)) {
        let what = format!("widget `{}` on public page `{}`", w.id.get_ref(), page.id);
        for d in w
            .dimension
            .iter()
            .chain(&w.alternatives)
            .chain(&w.stack)
            .chain(&w.columns)
        {
            if is_id(d.get_ref()) {
                c.push(
                    c.at(d),
                    format!("{what} groups by `{}`, an identifier column", d.get_ref()),
                    "identifiers are never published; group by another column".into(),
                );
            }
        }
        for m in &w.measures {
            if let Some(ms) = spec.measure(dataset, m.get_ref()) {
                if !public_measure(ms.agg) {
                    c.push(
                        c.at(m),
                        format!("{what} shows measure `{}` ({:?}); public pages publish counts and sums only", m.get_ref(), ms.agg),
                        "show a count or sum measure here, or keep this page internal".into(),
                    );
                }
            }
        }
    }
}

fn check_disclosure(c: &mut Checker<'_>, name: &str, ds: &crate::spec::DatasetSpec) {
    let Some(d) = &ds.disclosure else { return };
    let line = c.at(d);
    let rules = d.get_ref();
    if rules.rounding == 0 {
        c.push(
            line,
            format!("`datasets.{name}.disclosure` rounds to multiples of 0"),
            "use rounding = 1 for no rounding, or 5 (the default)".into(),
        );
    }
    if !(0.0..100.0).contains(&rules.p_percent) || rules.protection_percent <= 0.0 {
        c.push(
            line,
            format!(
                "`datasets.{name}.disclosure` has p_percent or protection_percent out of range"
            ),
            "p_percent lies from 0 to 100 (default 10); protection_percent above 0 (default 50)"
                .into(),
        );
    }
    let Some(cols) = c.schemas.get(name) else {
        return;
    };
    let names: Vec<String> = cols.iter().map(|(n, _)| n.clone()).collect();
    for h in &rules.hierarchies {
        if h.len() < 2 {
            c.push(
                line,
                format!("`datasets.{name}.disclosure` has a hierarchy of one column ({h:?})"),
                "list a hierarchy finest first, e.g. hierarchies = [[\"buurt\", \"wijk\"]]".into(),
            );
        }
        for col in h {
            if !names.contains(col) {
                c.push(
                    line,
                    format!("`datasets.{name}.disclosure` names `{col}` in a hierarchy, which the data does not have"),
                    format!("use one of: {}", names.join(", ")),
                );
            }
        }
    }
}

#[cfg(test)]
mod public_tests {
    use super::*;

    /// Every problem of spec `text` over dataset `z` with `columns`, as (line, message).
    fn problem_lines(text: &str, columns: &[(&str, ColumnKind)]) -> Vec<(usize, String)> {
        let spec = Spec::parse(text).unwrap();
        let mut schemas = Schemas::new();
        schemas.insert(
            "z".into(),
            columns.iter().map(|(c, k)| (c.to_string(), *k)).collect(),
        );
        check(&spec, text, &schemas)
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
    }

    /// Whether a problem on `line` says `part`.
    fn has(lines: &[(usize, String)], line: usize, part: &str) -> bool {
        lines.iter().any(|(l, m)| *l == line && m.contains(part))
    }

    #[test]
    fn map_widgets_name_their_boundaries_and_key() {
        let text = r#"[site]
title = "t"
[datasets.z.measures]
n = { label = "N", agg = "count" }
[[pages]]
id = "p"
title = "P"
dataset = "z"
[[pages.widgets]]
id = "m"
kind = "map"
title = "M"
dimension = "wijk"
measures = ["n"]
[[pages.widgets]]
id = "m2"
kind = "map"
title = "M2"
geometry = "../geheim/wijken.geojson"
key = "wijknaam"
dimension = "wijk"
measures = ["n"]
[[pages.widgets]]
id = "b"
kind = "bar"
title = "B"
geometry = "wijken.geojson"
dimension = "wijk"
measures = ["n"]
"#;
        let lines = problem_lines(text, &[("wijk", ColumnKind::Text)]);
        let has = |line: usize, part: &str| has(&lines, line, part);
        assert!(has(10, "has no `geometry`"), "{lines:?}");
        assert!(has(10, "has no `key`"), "{lines:?}");
        assert!(has(19, "not a plain file name"), "{lines:?}");
        assert!(has(27, "only map widgets draw boundaries"), "{lines:?}");
        assert_eq!(lines.len(), 4, "{lines:?}");
    }

    #[test]
    fn control_areas_are_a_text_column_of_an_effect_widget() {
        let text = r#"[site]
title = "t"
[datasets.z.measures]
n = { label = "N", agg = "count" }
[[pages]]
id = "p"
title = "P"
dataset = "z"
[[pages.widgets]]
id = "e"
kind = "effect"
title = "E"
time = "maand"
at = "2024-07-01"
measures = ["n"]
control = { column = "wijk", values = ["Zuid", "West", "Zuid"] }
[[pages.widgets]]
id = "e2"
kind = "effect"
title = "E2"
time = "maand"
at = "2024-07-01"
measures = ["n"]
control = { column = "maand", values = [] }
[[pages.widgets]]
id = "b"
kind = "bar"
title = "B"
dimension = "wijk"
measures = ["n"]
control = { column = "wijk", values = ["Zuid"] }
"#;
        let lines = problem_lines(
            text,
            &[("wijk", ColumnKind::Text), ("maand", ColumnKind::Date)],
        );
        let has = |line: usize, part: &str| has(&lines, line, part);
        assert!(has(16, "lists control area `Zuid` twice"), "{lines:?}");
        assert!(has(24, "which is not a text column"), "{lines:?}");
        assert!(has(24, "names no control areas"), "{lines:?}");
        assert!(has(31, "only effect widgets compare"), "{lines:?}");
        assert_eq!(lines.len(), 4, "{lines:?}");
    }

    #[test]
    fn public_pages_refuse_ids_and_non_additive_measures_with_lines() {
        let text = r#"[site]
title = "t"
[datasets.z.columns]
client = { label = "Cliënt", role = "id" }
[datasets.z.disclosure]
rounding = 0
hierarchies = [["buurt", "gebied"]]
[datasets.z.measures]
n = { label = "N", agg = "count" }
gem = { label = "Gem", agg = "mean", column = "kosten" }
[[pages]]
id = "p"
title = "P"
dataset = "z"
public = true
public_filters = ["client"]
[[pages.widgets]]
id = "w"
kind = "bar"
title = "W"
dimension = "buurt"
measures = ["n", "gem"]
[[pages.widgets]]
id = "r"
kind = "rows"
title = "R"
"#;
        let lines = problem_lines(
            text,
            &[
                ("client", ColumnKind::Text),
                ("buurt", ColumnKind::Text),
                ("kosten", ColumnKind::Decimal),
            ],
        );
        let has = |line: usize, part: &str| has(&lines, line, part);
        assert!(has(5, "rounds to multiples of 0"), "{lines:?}");
        assert!(has(5, "`gebied`"), "{lines:?}");
        assert!(has(16, "identifier"), "{lines:?}");
        assert!(has(22, "counts and sums only"), "{lines:?}");
        // The rows widget is left off the public copy, not a problem.
        assert_eq!(lines.len(), 4, "{lines:?}");
    }
}
