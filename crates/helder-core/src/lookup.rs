//! Quick lookup: what staff type ("bijstand noord", "wachttijd meldingen", "Centrum 2025")
//! to ranked answers (a page's widget and measure, with the filters the query names) and
//! each answer's figure, computed through the page model like the widget itself.
//!
//! The index holds the spec's words (page and widget titles, measure labels in both
//! languages, `keywords`) and the filter values seen in the data (wijk names, categories).
//! A word of the query is a filter value, a year or a word about what is wanted.

use crate::kpi_figure::kpi_figure;
use crate::lookup_text::{normalise, word_match, words};
use crate::page_model::{FilterControl, PageModel};
use crate::query::Filter;
use crate::selection::Selection;
use crate::spec::{Agg, Spec, WidgetKind};
use crate::{date, CoreError, Table};

/// Words that say nothing about what is wanted.
const STOP_WORDS: [&str; 16] = [
    "de", "het", "een", "van", "in", "per", "en", "op", "naar", "dit", "the", "of", "and", "by",
    "to", "a",
];

/// Words staff use for what the spec calls otherwise: typed word → spec word.
const SYNONYMS: [(&str, &str); 14] = [
    ("wachttijd", "doorlooptijd"),
    ("wachttyd", "doorlooptijd"),
    ("afhandeltijd", "doorlooptijd"),
    ("afhandelduur", "doorlooptijd"),
    ("uitgaven", "kosten"),
    ("uitgave", "kosten"),
    ("bijstandsuitkeringen", "bijstand"),
    ("uitkering", "uitkeringen"),
    ("ziekteverzuim", "verzuim"),
    ("ziek", "verzuim"),
    ("klachten", "meldingen"),
    ("bevolking", "inwoners"),
    ("jeugd", "jeugdzorg"),
    ("norm", "binnen"),
];

/// How much one word of a longer filter value counts, against 1 for the whole value.
const PART_OF_VALUE: f32 = 0.7;

/// Most answers shown for one query.
pub const MAX_ANSWERS: usize = 6;

/// One answerable thing: a widget of a page with one of its measures.
#[derive(Debug, Clone)]
struct Entry {
    page: usize,
    widget: usize,
    measure: usize,
    kind: WidgetKind,
    /// Normalised words with how much a match on each says.
    words: Vec<(String, f32)>,
    /// The widget's own grouping column (bar, table).
    dimension: Option<String>,
    /// Whether the widget shows a value over all categories (bar `reference`).
    reference: bool,
    /// For a budget tile: the columns its budget dataset has, the only filters its figure
    /// follows, as `kpi::budget_filters` decides (none for other widgets, which follow
    /// every page filter).
    follows_only: Option<Vec<String>>,
}

/// A filter value seen in the data.
#[derive(Debug, Clone)]
struct ValueTerm {
    column: String,
    value: String,
    norm: String,
}

/// The lookup index over a spec and the filter values known so far.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    entries: Vec<Entry>,
    values: Vec<ValueTerm>,
    /// Page id, title, filter columns and whether it has a time or year filter.
    pages: Vec<PageInfo>,
}

#[derive(Debug, Clone)]
struct PageInfo {
    id: String,
    filters: Vec<String>,
    periods: bool,
}

/// A ranked answer, before its figure is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub page: String,
    /// The widget's id on the page (its `data-testid` is `widget-<id>`).
    pub widget: String,
    /// The widget's index on the page.
    pub widget_index: usize,
    /// The measure's index among the widget's measures.
    pub measure: usize,
    pub kind: WidgetKind,
    /// Filter values the query named that the page can take: column and value.
    pub filters: Vec<(String, String)>,
    /// A year the query named, if the page can filter by period.
    pub year: Option<i32>,
    pub score: f32,
}

/// A hit's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub value: Option<f64>,
    pub value_text: String,
    /// What the value covers, e.g. "okt 2026" or "2025".
    pub period: String,
    /// The page's filters for the answer, as address pairs (`wijk=Noord`).
    pub pairs: Vec<(String, String)>,
}

impl Lookup {
    /// Indexes `spec`'s pages and the filter `values` (column, value) known so far.
    /// `columns` gives a dataset's columns as the manifest records them (the data is not
    /// needed to index; for an older manifest without them, the columns the spec describes):
    /// a budget answer follows the filters on columns its budget dataset has, as the tile.
    pub fn new(
        spec: &Spec,
        columns: impl Fn(&str) -> Option<Vec<String>>,
        values: &[(String, String)],
    ) -> Lookup {
        let mut out = Lookup::default();
        let both = |text: &str| {
            let en = spec
                .translations
                .get("en")
                .and_then(|t| t.get(text))
                .map_or("", String::as_str);
            let mut w = words(text);
            w.extend(words(en));
            w.retain(|x| !STOP_WORDS.contains(&x.as_str()));
            w
        };
        for (p, page) in spec.pages.iter().enumerate() {
            let filters: Vec<String> = page.filters.iter().map(|f| f.get_ref().clone()).collect();
            let own = page.dataset.get_ref();
            let periods = filters.iter().any(|f| {
                spec.datasets
                    .get(own)
                    .and_then(|d| d.columns.get(f))
                    .is_some_and(|c| c.get_ref().role == crate::spec::Role::Time)
                    || f == "jaar"
            });
            out.pages.push(PageInfo {
                id: page.id.clone(),
                filters,
                periods,
            });
            let mut page_words: Vec<(String, f32)> = both(&page.title)
                .into_iter()
                .chain(words(&page.id))
                .map(|w| (w, 0.8))
                .collect();
            page_words.extend(words(own).into_iter().map(|w| (w, 0.6)));
            for (w, ws) in page.widgets.iter().enumerate() {
                // Figures with one value per category or period; stacked and grouped bars
                // show pairs (the plain bar or table of the same column answers for them).
                let single = match ws.kind {
                    WidgetKind::Kpi | WidgetKind::Budget | WidgetKind::Table => true,
                    WidgetKind::Bar => ws.group.is_none() && ws.stack.is_none(),
                    _ => false,
                };
                if !single {
                    continue;
                }
                let dataset = page.widget_dataset(ws);
                let mut base = page_words.clone();
                base.extend(both(&ws.title).into_iter().map(|x| (x, 0.7)));
                base.extend(words(ws.id.get_ref()).into_iter().map(|x| (x, 0.5)));
                base.extend(ws.keywords.iter().flat_map(|k| words(k)).map(|x| (x, 1.0)));
                if let Some(b) = &ws.budget {
                    base.extend(words(b.get_ref()).into_iter().map(|x| (x, 1.0)));
                }
                let measures = if ws.kind == WidgetKind::Budget {
                    1
                } else {
                    ws.measures.len()
                };
                for m in 0..measures {
                    let mut all = base.clone();
                    let ms = ws
                        .measures
                        .get(m)
                        .and_then(|name| spec.measure(dataset, name.get_ref()));
                    // A bar shows a municipal reference only for rates, means and medians
                    // (for a sum it would be the total of the bars), as the page model does.
                    let additive = ms.is_none_or(|ms| {
                        matches!(ms.agg, Agg::Sum | Agg::Count | Agg::CountDistinct)
                    });
                    if let Some(ms) = ms {
                        all.extend(both(&ms.label).into_iter().map(|x| (x, 1.0)));
                        all.extend(ms.keywords.iter().flat_map(|k| words(k)).map(|x| (x, 1.0)));
                    }
                    out.entries.push(Entry {
                        page: p,
                        widget: w,
                        measure: m,
                        kind: ws.kind,
                        words: all,
                        dimension: ws.dimension.as_ref().map(|d| d.get_ref().clone()),
                        reference: ws.reference && !additive,
                        follows_only: (ws.kind == WidgetKind::Budget).then(|| {
                            ws.budget
                                .as_ref()
                                .and_then(|b| {
                                    columns(b.get_ref()).or_else(|| {
                                        let d = spec.datasets.get(b.get_ref())?;
                                        Some(d.columns.keys().cloned().collect())
                                    })
                                })
                                .unwrap_or_default()
                        }),
                    });
                }
            }
        }
        out.values = values
            .iter()
            .map(|(c, v)| ValueTerm {
                column: c.clone(),
                value: v.clone(),
                norm: normalise(v),
            })
            .filter(|v| !v.norm.is_empty())
            .collect();
        out
    }

    /// The filter values of a built page (its text filters' options), to index.
    pub fn values_of(model: &PageModel) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (f, fm) in model.filters().iter().enumerate() {
            if fm.control != FilterControl::Choice {
                continue;
            }
            for o in model.filter_options(f) {
                out.push((fm.column.clone(), o.label));
            }
        }
        out
    }

    /// How well a query word matches an entry's words (synonyms count as the spec word).
    fn term_score(entry: &Entry, word: &str, prefix: bool) -> f32 {
        let synonym = SYNONYMS
            .iter()
            .find(|(s, _)| *s == word)
            .map(|(_, t)| normalise(t));
        let mut best = 0.0f32;
        for (w, weight) in &entry.words {
            let mut s = word_match(word, w, prefix);
            if let Some(syn) = &synonym {
                s = s.max(word_match(syn, w, false) * 0.95);
            }
            best = best.max(s * weight);
        }
        best
    }

    /// The best filter value a query word (or two neighbouring words) names, with its score.
    fn value_match(&self, word: &str, prefix: bool) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (i, v) in self.values.iter().enumerate() {
            let s = word_match(word, &v.norm, prefix);
            if s > 0.0 && best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        if best.is_some() {
            return best;
        }
        // One word of a longer value ("pleegzorg" for "Verblijf pleegzorg") names it when no
        // other value has that word; it counts less than the whole value, so a page or
        // measure word ("jeugdzorg", also in a provider's name) stays a word.
        let mut having = self
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.norm.contains(' ') && v.norm.split(' ').any(|w| w == word));
        match (having.next(), having.next()) {
            (Some((i, _)), None) => Some((i, PART_OF_VALUE)),
            _ => None,
        }
    }

    /// The answers to `query`, best first (at most [`MAX_ANSWERS`]).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let typed = words(query);
        let open_end = !query.ends_with(|c: char| c.is_whitespace());
        let mut terms: Vec<(String, bool)> = Vec::new();
        let mut values: Vec<usize> = Vec::new();
        let mut year = None;
        let mut i = 0;
        while i < typed.len() {
            let word = &typed[i];
            let prefix = open_end && i + 1 == typed.len();
            if word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) {
                if let Ok(y) = word.parse::<i32>() {
                    if (1900..=2100).contains(&y) {
                        year = Some(y);
                        i += 1;
                        continue;
                    }
                }
            }
            if STOP_WORDS.contains(&word.as_str()) {
                i += 1;
                continue;
            }
            // Values of two words ("Oud West") first, then one.
            if let Some(next) = typed.get(i + 1) {
                let pair = format!("{word} {next}");
                let last = open_end && i + 2 == typed.len();
                if let Some((v, s)) = self.value_match(&pair, last) {
                    if s >= 0.8 {
                        values.push(v);
                        i += 2;
                        continue;
                    }
                }
            }
            let term = self
                .entries
                .iter()
                .map(|e| Self::term_score(e, word, prefix))
                .fold(0.0f32, f32::max);
            match self.value_match(word, prefix) {
                Some((v, s)) if s >= term => values.push(v),
                _ => terms.push((word.clone(), prefix)),
            }
            i += 1;
        }
        if terms.is_empty() && values.is_empty() && year.is_none() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = Vec::new();
        for e in &self.entries {
            let page = &self.pages[e.page];
            let mut score = 0.0;
            let mut matched = 0;
            for (t, prefix) in &terms {
                let s = Self::term_score(e, t, *prefix);
                if s > 0.0 {
                    matched += 1;
                    score += s;
                } else {
                    score -= 0.6;
                }
            }
            if !terms.is_empty() && matched == 0 {
                continue;
            }
            let mut filters = Vec::new();
            let mut on_dimension = false;
            for &v in &values {
                let vt = &self.values[v];
                if page.filters.contains(&vt.column) {
                    score += 0.3;
                    if !filters
                        .iter()
                        .any(|(c, _): &(String, String)| c == &vt.column)
                    {
                        filters.push((vt.column.clone(), vt.value.clone()));
                    }
                    on_dimension |= e.dimension.as_deref() == Some(vt.column.as_str());
                    // A figure that cannot follow a value the query names answers less.
                    if e.follows_only
                        .as_ref()
                        .is_some_and(|cols| !cols.contains(&vt.column))
                    {
                        score -= 0.5;
                    }
                } else {
                    score -= 1.0;
                }
            }
            let year_here = year.filter(|_| page.periods);
            if year.is_some() && year_here.is_none() {
                score -= 1.0;
            }
            score += match e.kind {
                WidgetKind::Kpi => 0.4,
                WidgetKind::Budget => 0.3,
                // A bar or table answers for one category the query names, else with its
                // value over all categories.
                _ if on_dimension => 0.2,
                _ if e.reference => 0.0,
                _ => continue,
            };
            if e.measure == 0 {
                score += 0.05;
            }
            hits.push(Hit {
                page: page.id.clone(),
                widget: String::new(),
                widget_index: e.widget,
                measure: e.measure,
                kind: e.kind,
                filters,
                year: year_here,
                score,
            });
        }
        crate::sort_order::sort_by(&mut hits, |a, b| b.score.total_cmp(&a.score));
        hits.truncate(MAX_ANSWERS);
        hits
    }

    /// Fills in each hit's widget id from `spec`.
    pub fn name_hits(spec: &Spec, hits: &mut [Hit]) {
        for h in hits {
            if let Some(w) = spec
                .page(&h.page)
                .and_then(|p| p.widgets.get(h.widget_index))
            {
                h.widget = w.id.get_ref().clone();
            }
        }
    }

    /// [`Lookup::search`] with widget ids filled in.
    pub fn answers(&self, spec: &Spec, query: &str) -> Vec<Hit> {
        let mut hits = self.search(query);
        Self::name_hits(spec, &mut hits);
        hits
    }
}

/// The selection a hit asks of its page: the page's defaults with the hit's values and year.
pub fn selection_for(model: &PageModel, hit: &Hit) -> Selection {
    let mut sel = model.default_selection();
    for (column, value) in &hit.filters {
        if let Some(fm) = model.filters().iter().find(|f| &f.column == column) {
            sel.set(
                &fm.dimension,
                Some(Filter::OneOf {
                    column: column.clone(),
                    values: vec![value.clone()],
                }),
            );
        }
    }
    if let Some(y) = hit.year {
        let period = model.filters().iter().find_map(|fm| match fm.control {
            FilterControl::DateRange => Some((
                fm,
                Filter::DateRange {
                    column: fm.column.clone(),
                    from: date::from_ymd(y, 1, 1)?,
                    to: date::from_ymd(y, 12, 31)?,
                },
            )),
            FilterControl::NumberRange if fm.column == "jaar" => Some((
                fm,
                Filter::NumberRange {
                    column: fm.column.clone(),
                    min: y as f64,
                    max: y as f64,
                },
            )),
            _ => None,
        });
        if let Some((fm, f)) = period {
            sel.set(&fm.dimension, Some(f));
        }
    }
    sel
}

/// The period a selection covers, in words: its date or year range, else all periods.
fn period_text(sel: &Selection) -> String {
    for f in sel.filters.values() {
        match f {
            Filter::DateRange { from, to, .. } => {
                let (a, b) = (date::month_index(*from), date::month_index(*to));
                let month = |m: i32| {
                    let (y, mo) = date::month_parts(m);
                    format!("{} {y}", date::month_abbr_nl(mo))
                };
                if date::year(*from) == date::year(*to)
                    && date::month_parts(a).1 == 1
                    && date::month_parts(b).1 == 12
                {
                    return date::year(*from).to_string();
                }
                return if a == b {
                    month(a)
                } else {
                    format!("{} t/m {}", month(a), month(b))
                };
            }
            Filter::NumberRange { column, min, max } if column == "jaar" => {
                return if min == max {
                    format!("{min}")
                } else {
                    format!("{min} t/m {max}")
                };
            }
            _ => {}
        }
    }
    crate::locale::pick("alle perioden", "all periods").into()
}

/// Computes a hit's figure on its page's `model` (which it leaves at the hit's filters),
/// exactly as the widget shows it. A budget tile also needs its budget dataset, from
/// `tables` by name, and the as-of day.
pub fn answer<'t>(
    model: &mut PageModel,
    hit: &Hit,
    tables: impl Fn(&str) -> Option<&'t Table>,
    as_of: i32,
) -> Result<Answer, CoreError> {
    let sel = selection_for(model, hit);
    model.apply(&sel)?;
    let pairs = model.selection().to_pairs();
    let ws = model
        .widget_spec(hit.widget_index)
        .cloned()
        .ok_or_else(|| CoreError::Spec(format!("page has no widget {}", hit.widget_index)))?;
    match hit.kind {
        WidgetKind::Kpi => {
            let s = model.series(hit.widget_index, 0, hit.measure)?;
            let k = kpi_figure(&s, ws.target, ws.higher_is_better);
            Ok(Answer {
                value: k.value,
                value_text: k.value_text,
                period: k.period,
                pairs,
            })
        }
        WidgetKind::Budget => {
            let k = model.budget(hit.widget_index, tables, as_of)?;
            let mut period = format!(
                "{} {} t/m {}",
                crate::locale::pick("van", "of"),
                k.budget_text(),
                date::format_long_nl(k.through)
            );
            // A filter the budget is not split by is in the answer's filters but not in its
            // figure; say so rather than let "Wijk: Noord" seem to apply.
            if !k.ignored.is_empty() {
                let dataset = model.widget_dataset(hit.widget_index).unwrap_or_default();
                let labels: Vec<&str> = k
                    .ignored
                    .iter()
                    .map(|c| model.spec().column_label(dataset, c))
                    .collect();
                period.push_str(
                    &crate::locale::pick(
                        "; het budget is niet verdeeld naar {}",
                        "; the budget is not split by {}",
                    )
                    .replace("{}", &labels.join(", ")),
                );
            }
            Ok(Answer {
                value: Some(k.spent),
                value_text: format!("{} ({})", k.spent_text(), k.share_text()),
                period,
                pairs,
            })
        }
        _ => {
            let s = model.series(hit.widget_index, 0, hit.measure)?;
            let wanted = hit
                .filters
                .iter()
                .find(|(c, _)| ws.dimension.as_ref().is_some_and(|d| d.get_ref() == c));
            let (value, text) = match wanted {
                Some((_, v)) => {
                    let p = s.points.iter().find(|p| &p.label == v);
                    (
                        p.and_then(|p| p.value.map(|x| x * s.scale)),
                        p.map_or_else(|| s.format(None), |p| s.point_text(p)),
                    )
                }
                None => (s.reference.map(|x| x * s.scale), s.format(s.reference)),
            };
            Ok(Answer {
                value,
                value_text: text,
                period: period_text(model.selection()),
                pairs,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (Spec, Lookup) {
        let spec = Spec::parse(include_str!("../../helder-cli/src/demo/dashboard.toml"))
            .expect("demo spec parses");
        let values: Vec<(String, String)> = ["Centrum", "Noord", "Oost", "Zuid", "West"]
            .iter()
            .map(|w| ("wijk".to_string(), w.to_string()))
            .chain(
                ["Afval", "Verlichting", "Groen"]
                    .iter()
                    .map(|c| ("categorie".to_string(), c.to_string())),
            )
            .collect();
        let columns = |d: &str| {
            (d == "jeugdzorg_budget")
                .then(|| ["jaar", "product", "budget"].map(String::from).to_vec())
        };
        let lookup = Lookup::new(&spec, columns, &values);
        (spec, lookup)
    }

    fn first(query: &str) -> Hit {
        let (spec, lookup) = demo();
        lookup
            .answers(&spec, query)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no answer to {query:?}"))
    }

    #[test]
    fn a_budget_follows_the_columns_its_data_has_described_or_not() {
        // The budget tile (`kpi::budget_filters`) follows a filter when the budget's data has
        // the column, whether or not the spec describes that dataset; lookup must agree.
        let (mut spec, _) = demo();
        spec.datasets.remove("jeugdzorg_budget");
        let values = [("product", "Verblijf pleegzorg"), ("wijk", "Noord")]
            .map(|(c, v)| (c.to_string(), v.to_string()));
        let columns = |d: &str| {
            (d == "jeugdzorg_budget")
                .then(|| ["jaar", "product", "budget"].map(String::from).to_vec())
        };
        let lookup = Lookup::new(&spec, columns, &values);
        let score = |q: &str| {
            let hits = lookup.answers(&spec, q);
            let budget = hits.iter().find(|h| h.kind == WidgetKind::Budget);
            budget.map(|h| (h.score, h.filters.clone()))
        };
        let (product, filters) = score("jeugdzorg budget pleegzorg").expect("a budget answer");
        assert_eq!(filters, [values[0].clone()]);
        let (wijk, _) = score("jeugdzorg budget noord").expect("a budget answer");
        // Both name one value; only the wijk is one the budget cannot follow.
        assert!(product > wijk + 0.4, "{product} against {wijk}");
    }

    #[test]
    fn benefits_in_a_wijk() {
        for q in [
            "bijstand noord",
            "bijstnd noord",
            "Bijstand Nord",
            "bijstand noord ",
        ] {
            let h = first(q);
            assert_eq!(
                (h.page.as_str(), h.widget.as_str()),
                ("bijstand", "uitkeringen"),
                "{q}"
            );
            assert_eq!(
                h.filters,
                [("wijk".to_string(), "Noord".to_string())],
                "{q}"
            );
        }
    }

    #[test]
    fn staff_words_reach_the_spec_words() {
        let h = first("wachttijd meldingen");
        assert_eq!(
            (h.page.as_str(), h.widget.as_str()),
            ("meldingen", "op-tijd")
        );
        assert_eq!(h.measure, 1, "the mean handling time");
        let h = first("jeugdzorg budget");
        assert_eq!(
            (h.page.as_str(), h.widget.as_str()),
            ("jeugdzorg", "budget")
        );
    }

    #[test]
    fn ij_and_y_and_accents_are_the_same() {
        let a = first("kosten per cliënt wijk noord");
        let b = first("kosten per client wyk noord");
        assert_eq!(a, b);
        assert_eq!(a.page, "jeugdzorg");
    }

    #[test]
    fn a_place_and_a_year_alone_answer_with_a_key_figure() {
        let h = first("Centrum 2025");
        assert_eq!(h.kind, WidgetKind::Kpi);
        assert_eq!(h.year, Some(2025));
        assert_eq!(h.filters, [("wijk".to_string(), "Centrum".to_string())]);
    }

    #[test]
    fn the_word_being_typed_matches_its_start() {
        let h = first("verz");
        assert_eq!(h.page, "verzuim");
        let (spec, lookup) = demo();
        assert!(lookup.answers(&spec, "qqqq").is_empty());
        assert!(lookup.answers(&spec, "").is_empty());
    }
}
