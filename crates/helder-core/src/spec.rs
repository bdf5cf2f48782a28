//! The dashboard spec: a TOML file a BI specialist writes by hand that declares datasets,
//! their columns and measures, and pages of widgets. A new domain is a new spec section
//! and a data file; nothing in Rust changes.
//!
//! References to columns and measures keep their place in the file (`Spanned`), so
//! `spec_check` can point at the exact line of a mistake. The browser reads the same spec as
//! `dashboard.json`, which the CLI writes once the spec has passed `helder check`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::spanned::Spanned;

use crate::query::{Aggregate, TimeBucket};
use crate::CoreError;

/// The spec's file name in a data folder, next to `manifest.json`.
pub const SPEC_FILE: &str = "dashboard.toml";
/// The spec as the browser reads it, written from [`SPEC_FILE`] by `helder check`.
pub const SPEC_JSON_FILE: &str = "dashboard.json";

/// The default maximum age of a dataset before every widget that uses it warns.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 31;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub site: Site,
    #[serde(default)]
    pub datasets: BTreeMap<String, DatasetSpec>,
    #[serde(default)]
    pub pages: Vec<PageSpec>,
    /// The spec's own texts in other languages: language code (`en`) → Dutch text → that
    /// language's text. Titles, labels and descriptions without one stay Dutch.
    #[serde(default)]
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    /// One line under the title, e.g. what the site is for.
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSpec {
    /// After this many days past its as-of date a dataset's widgets show a warning.
    #[serde(default = "default_max_age")]
    pub max_age_days: u32,
    #[serde(default)]
    pub columns: BTreeMap<String, Spanned<ColumnSpec>>,
    #[serde(default)]
    pub measures: BTreeMap<String, Spanned<MeasureSpec>>,
    /// Statistical disclosure control for this dataset's public pages (`helder publish`);
    /// absent: the defaults of Statistics Netherlands.
    #[serde(default)]
    pub disclosure: Option<Spanned<crate::disclosure::Rules>>,
    /// Written by `helder publish`: the file is a protected cube of aggregated cells, not
    /// records (see `docs/publishing.md`); pages read its cells instead of adding up rows.
    #[serde(default)]
    pub cube: bool,
}

impl DatasetSpec {
    /// The dataset's disclosure rules (the defaults when the spec gives none).
    pub fn disclosure_rules(&self) -> crate::disclosure::Rules {
        self.disclosure
            .as_ref()
            .map(|d| d.get_ref().clone())
            .unwrap_or_default()
    }
}

fn default_max_age() -> u32 {
    DEFAULT_MAX_AGE_DAYS
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Text or whole numbers to group and filter by.
    Dimension,
    /// Numbers to add up or average.
    Measure,
    /// A date or timestamp.
    Time,
    /// A wijk or buurt name.
    Geography,
    /// A pseudonymous id: counted distinct, never shown or published.
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Euro,
    Count,
    Percent,
    Days,
    Number,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub label: String,
    pub role: Role,
    #[serde(default)]
    pub unit: Option<Unit>,
    /// How `helder prepare` reads this column from a CSV export when inferring would guess
    /// wrong (`int`, `float`, `date`, `timestamp`, `timestamptz`, `bool`, `text`); its
    /// `--type` flag overrides it. The app does not use it.
    #[serde(default, rename = "type")]
    pub csv_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agg {
    Count,
    Sum,
    Mean,
    Min,
    Max,
    Median,
    CountDistinct,
    /// One measure divided by another (`of` / `per`), e.g. cost per client.
    Ratio,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    pub label: String,
    pub agg: Agg,
    /// The column aggregated (every kind but `count` and `ratio`).
    #[serde(default)]
    pub column: Option<Spanned<String>>,
    /// For `ratio`: the measure divided ...
    #[serde(default)]
    pub of: Option<Spanned<String>>,
    /// ... by this measure.
    #[serde(default)]
    pub per: Option<Spanned<String>>,
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Decimals shown; default by unit (euro 0, percent 1, other 0).
    #[serde(default)]
    pub decimals: Option<usize>,
    /// For percentages: multiply by 100 before showing (a share of 0.25 is 25 %).
    #[serde(default)]
    pub scale: Option<f64>,
    /// Other words staff use for this measure, for quick lookup (e.g. `["wachttijd"]`).
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    pub id: String,
    pub title: String,
    pub dataset: Spanned<String>,
    #[serde(default)]
    pub description: String,
    /// Columns offered in the page's filter panel.
    #[serde(default)]
    pub filters: Vec<Spanned<String>>,
    /// Filter columns that start at their latest value (e.g. `jaar`, where adding up years
    /// of a population would mean nothing); the user can widen them.
    #[serde(default)]
    pub latest: Vec<Spanned<String>>,
    #[serde(default)]
    pub widgets: Vec<WidgetSpec>,
    /// How the page's filters reach widgets that read another dataset (`dataset` on the
    /// widget): per dataset, page filter column → that dataset's column. A filter column the
    /// other dataset has under the same name links by itself; a whole-number filter (years)
    /// may link to a date column, selecting those calendar years.
    #[serde(default)]
    pub links: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
    /// Whether `helder publish` puts this page on the public site (from protected cubes).
    /// Widgets a public page cannot show (rows, budget, forecast, effect, area, histogram,
    /// demand) are left off it; maps go with their boundary files.
    #[serde(default)]
    pub public: bool,
    /// The page's description on the public copy (default: `description`), for a page
    /// whose description names widgets the public copy leaves off.
    #[serde(default)]
    pub public_description: Option<String>,
    /// The filters the public copy offers (default: the page's `filters`); every filter
    /// multiplies the cells the cube must publish and protect.
    #[serde(default)]
    pub public_filters: Option<Vec<Spanned<String>>>,
}

impl PageSpec {
    /// The dataset widget `w` reads: its own `dataset`, or the page's.
    pub fn widget_dataset<'a>(&'a self, w: &'a WidgetSpec) -> &'a str {
        w.dataset.as_ref().unwrap_or(&self.dataset).get_ref()
    }

    /// The datasets the page's widgets read as their own, the page's first: one engine each.
    pub fn widget_datasets(&self) -> Vec<&str> {
        let mut out = vec![self.dataset.get_ref().as_str()];
        for w in &self.widgets {
            let d = self.widget_dataset(w);
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    /// Whether widget `w` is on the page's public copy: a kind a cube can answer, over the
    /// page's own dataset (the public copy has no links to other datasets).
    pub fn on_public_copy(&self, w: &WidgetSpec) -> bool {
        crate::spec_check::public_widget(w.kind) && self.widget_dataset(w) == self.dataset.get_ref()
    }

    /// The filters of the page's public copy.
    pub fn public_filter_columns(&self) -> &[Spanned<String>] {
        self.public_filters.as_deref().unwrap_or(&self.filters)
    }

    /// Every dataset the page needs loaded: those its widgets read (the page's first), then
    /// the care data its demand widgets combine with their population, then the budgets
    /// its budget and forecast widgets compare with.
    pub fn datasets(&self) -> Vec<&str> {
        let mut out = self.widget_datasets();
        let care = self
            .widgets
            .iter()
            .filter_map(|w| w.demand.as_ref().map(|d| d.care.get_ref().as_str()));
        let budgets = self
            .widgets
            .iter()
            .filter(|w| matches!(w.kind, WidgetKind::Budget | WidgetKind::Forecast))
            .filter_map(|w| w.budget.as_ref().map(|b| b.get_ref().as_str()));
        for name in care.chain(budgets) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetKind {
    /// One figure with its change against the previous period and a year earlier.
    Kpi,
    /// A value per category (a text or whole-number column).
    Bar,
    /// A value per time bucket.
    Line,
    /// A value per category as a sortable table.
    Table,
    /// Spending this year against the budget in another dataset (`budget`).
    Budget,
    /// A monthly measure with its forecast and 80/95 % bands, and (with `budget`) the
    /// year-end projection and the chance of overspending.
    Forecast,
    /// A monthly measure against the counterfactual without a measure that started on `at`.
    Effect,
    /// The rows themselves (`columns_shown`, default every column but ids), sortable, paged
    /// and searchable; it follows every filter on the page.
    Rows,
    /// Two measures per category as points (`measures` x, y), e.g. clients against cost per client.
    Scatter,
    /// A value per combination of two categories (`dimension` rows × `columns`), with totals.
    Pivot,
    /// A value per time bucket as a filled area (`time`), optionally stacked by `stack`.
    Area,
    /// How the rows spread over a number column (`dimension`), in bins of a nice width
    /// (or `bins` / `bin_width`).
    Histogram,
    /// Expected users of a care service per area 1 and 5 years ahead, from the population by
    /// age band and the service's use (the `demand` section names both).
    Demand,
    /// A value per area (`dimension`, e.g. wijk) coloured on a map of the areas' boundaries
    /// (`geometry`, a GeoJSON file next to the data, whose property `key` holds the names).
    Map,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Width {
    Third,
    #[default]
    Half,
    /// Beside a third (a KPI tile), so the two fill a row.
    TwoThirds,
    Full,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetSpec {
    pub id: Spanned<String>,
    pub kind: WidgetKind,
    pub title: String,
    /// Another dataset than the page's, e.g. benefits on the neighbourhood page. The page's
    /// filters apply where that dataset has the column (see the page's `links`).
    #[serde(default)]
    pub dataset: Option<Spanned<String>>,
    /// Bar and table: the column to group by.
    #[serde(default)]
    pub dimension: Option<Spanned<String>>,
    /// Bar: split each bar by this column's values (stacked), e.g. per wijk by geslacht.
    /// Only for measures that add up (sum, count).
    #[serde(default)]
    pub stack: Option<Spanned<String>>,
    /// Bar: bars per `dimension` category side by side, one per value of this column
    /// (grouped bars), e.g. per wijk by geslacht.
    #[serde(default)]
    pub group: Option<Spanned<String>>,
    /// Histogram: about this many bins (rounded to a nice width); default by Sturges' rule.
    #[serde(default)]
    pub bins: Option<Spanned<usize>>,
    /// Histogram: exactly this bin width (wins over `bins`).
    #[serde(default)]
    pub bin_width: Option<Spanned<f64>>,
    /// Forecast: months ahead (default 12).
    #[serde(default)]
    pub horizon: Option<usize>,
    /// Effect: the day the measure started, `YYYY-MM-DD`.
    #[serde(default)]
    pub at: Option<Spanned<String>>,
    /// Effect: areas without the measure to compare with, e.g. `{ column = "wijk", values
    /// = ["Zuid", "West"] }`. The measure's series is then the other areas (under the page's
    /// filters), and a shock that hits both alike is not mistaken for the measure.
    #[serde(default)]
    pub control: Option<ControlSpec>,
    /// Rows: the columns to show, in this order; never an `id` column.
    #[serde(default)]
    pub show: Vec<Spanned<String>>,
    /// Pivot: the column whose values become the table's columns.
    #[serde(default)]
    pub columns: Option<Spanned<String>>,
    /// Other columns the user may group by instead.
    #[serde(default)]
    pub alternatives: Vec<Spanned<String>>,
    /// Line and KPI: the date column and its bucket (default month).
    #[serde(default)]
    pub time: Option<Spanned<String>>,
    #[serde(default)]
    pub bucket: Option<TimeBucket>,
    /// Budget: the dataset with the budget per year (columns `jaar` and `budget`).
    #[serde(default)]
    pub budget: Option<Spanned<String>>,
    /// Measures the user can switch between; the first is shown first (not for `rows`).
    #[serde(default)]
    pub measures: Vec<Spanned<String>>,
    /// KPI: a norm or target, with the direction that is good.
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub higher_is_better: Option<bool>,
    #[serde(default)]
    pub width: Width,
    /// Bar: also show the value over all categories (the municipality as a whole, under the
    /// same filters), e.g. to compare each wijk's cost per client with the municipal one.
    #[serde(default)]
    pub reference: bool,
    /// Line: events to mark on the time axis, e.g. the start of a policy measure.
    #[serde(default)]
    pub marks: Vec<Mark>,
    /// Map: the GeoJSON file with the areas' boundaries (WGS84 or RD New), next to the
    /// manifest, e.g. `wijken.geojson`.
    #[serde(default)]
    pub geometry: Option<Spanned<String>>,
    /// Map: the GeoJSON property whose values are the `dimension`'s values, e.g. `wijknaam`.
    #[serde(default)]
    pub key: Option<Spanned<String>>,
    /// Demand: where the population and the care use are, and the assumptions.
    #[serde(default)]
    pub demand: Option<DemandSpec>,
    /// Other words staff use for this widget, for quick lookup (e.g. `["begroting"]`).
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// An effect widget's comparison areas: the rows whose `column` holds one of `values` had
/// no measure; every other row had it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlSpec {
    pub column: Spanned<String>,
    pub values: Vec<Spanned<String>>,
    /// How the sentences name them, e.g. "de wijken zonder Werk Voorop" (default: the values).
    #[serde(default)]
    pub label: Option<String>,
}

impl ControlSpec {
    /// The values as plain strings.
    pub fn value_list(&self) -> Vec<String> {
        self.values.iter().map(|v| v.get_ref().clone()).collect()
    }

    /// How sentences name the comparison areas: the label, or the values ("Zuid en West").
    pub fn name(&self) -> String {
        match &self.label {
            Some(l) => l.clone(),
            None => crate::format_nl::list(&self.value_list()),
        }
    }
}

/// A care-demand widget's data and assumptions. The population is counted per area, year
/// and age band (labels like `0-3`, `4-11`, `67+`); the care dataset has one row per user
/// per period of use, with the user's area and age.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandSpec {
    /// Population columns, of the widget's dataset (its `dataset`, else the page's): year (whole number), area, age band and number of inhabitants.
    pub year: Spanned<String>,
    pub area: Spanned<String>,
    pub band: Spanned<String>,
    pub inhabitants: Spanned<String>,
    /// The care dataset and its columns: time of use, age in years, the user's id (counted
    /// distinct) and area (default: the same name as `area`).
    pub care: Spanned<String>,
    pub care_time: Spanned<String>,
    pub care_age: Spanned<String>,
    pub client: Spanned<String>,
    #[serde(default)]
    pub care_area: Option<Spanned<String>>,
    /// Years ahead (default 1 and 5).
    #[serde(default)]
    pub horizons: Option<Vec<usize>>,
    /// Births per inhabitant per year (default 0.0095).
    #[serde(default)]
    pub birth_rate: Option<f64>,
    /// Deaths per inhabitant per year in the oldest band (default 0.045).
    #[serde(default)]
    pub mortality_last_band: Option<f64>,
    /// Assumed growth of the usage rates per year (default 0: the last level stays).
    #[serde(default)]
    pub rate_growth: Option<f64>,
    /// Net migration per inhabitant per year, per age band label (bands not named: none),
    /// e.g. `{ "18-22" = -0.03, "23-44" = 0.01 }` for students leaving and families arriving.
    #[serde(default)]
    pub migration: BTreeMap<String, f64>,
}

impl DemandSpec {
    /// The column names as the data reader takes them.
    pub fn columns(&self) -> crate::demand_data::DemandColumns {
        let s = |x: &Spanned<String>| x.get_ref().clone();
        crate::demand_data::DemandColumns {
            year: s(&self.year),
            area: s(&self.area),
            band: s(&self.band),
            inhabitants: s(&self.inhabitants),
            care_time: s(&self.care_time),
            care_area: self.care_area.as_ref().map_or_else(|| s(&self.area), s),
            care_age: s(&self.care_age),
            client: s(&self.client),
        }
    }
}

/// A dated event drawn on a time chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    /// `YYYY-MM-DD`.
    pub date: Spanned<String>,
    pub label: String,
}

impl WidgetSpec {
    pub fn bucket(&self) -> TimeBucket {
        self.bucket.unwrap_or(TimeBucket::Month)
    }
}

/// What the browser reads: the spec as `helder check`, `demo` and `publish` write it, with
/// the fingerprint of the `dashboard.toml` bytes it was made from (so the page can tell
/// when the TOML was edited without a new check).
#[derive(Serialize, Deserialize)]
struct SpecJson {
    source: String,
    spec: Spec,
}

impl Spec {
    /// Parses spec text; a syntax or shape error names its line and column.
    #[cfg(feature = "toml")]
    pub fn parse(text: &str) -> Result<Self, CoreError> {
        toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let (line, col) = line_col(text, s.start);
                    format!("line {line}, column {col}: ")
                })
                .unwrap_or_default();
            CoreError::Spec(format!("{at}{}", e.message().trim_end()))
        })
    }

    /// The spec as the browser reads it (`dashboard.json`), made from the TOML `source`.
    /// Options left out are left out of the JSON too (absent reads back as unset), which
    /// makes the file a third smaller before compression (5 % after gzip).
    pub fn to_json(&self, source: &[u8]) -> Result<String, CoreError> {
        let failed =
            |e: serde_json::Error| CoreError::Spec(format!("cannot write {SPEC_JSON_FILE}: {e}"));
        let mut value = serde_json::to_value(SpecJson {
            source: crate::fingerprint::fnv1a(source),
            spec: self.clone(),
        })
        .map_err(failed)?;
        drop_nulls(&mut value);
        serde_json::to_string(&value).map_err(failed)
    }

    /// Reads `dashboard.json`: the spec and the fingerprint of the TOML it was made from.
    pub fn from_json(text: &str) -> Result<(Self, String), CoreError> {
        let j: SpecJson = serde_json::from_str(text).map_err(|e| {
            CoreError::Spec(format!(
                "{SPEC_JSON_FILE} cannot be read ({e}); run `helder check` on the data folder to write it again"
            ))
        })?;
        Ok((j.spec, j.source))
    }

    pub fn page(&self, id: &str) -> Option<&PageSpec> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// The measure `name` of `dataset` as an engine aggregate (ratios resolved).
    pub fn aggregate(&self, dataset: &str, name: &str) -> Result<Aggregate, CoreError> {
        self.aggregate_depth(dataset, name, 0)
    }

    fn aggregate_depth(
        &self,
        dataset: &str,
        name: &str,
        depth: u8,
    ) -> Result<Aggregate, CoreError> {
        let missing = || CoreError::Spec(format!("dataset `{dataset}` has no measure `{name}`"));
        let m = self
            .datasets
            .get(dataset)
            .and_then(|d| d.measures.get(name))
            .ok_or_else(missing)?
            .get_ref();
        let column = || {
            m.column
                .as_ref()
                .map(|c| c.get_ref().clone())
                .ok_or_else(|| CoreError::Spec(format!("measure `{name}` needs a `column`")))
        };
        Ok(match m.agg {
            Agg::Count => Aggregate::Count,
            Agg::Sum => Aggregate::Sum { column: column()? },
            Agg::Mean => Aggregate::Mean { column: column()? },
            Agg::Min => Aggregate::Min { column: column()? },
            Agg::Max => Aggregate::Max { column: column()? },
            Agg::Median => Aggregate::median(&column()?),
            Agg::CountDistinct => Aggregate::CountDistinct { column: column()? },
            Agg::Ratio => {
                if depth > 0 {
                    return Err(CoreError::Spec(format!(
                        "measure `{name}` is a ratio inside a ratio; divide plain measures"
                    )));
                }
                let part = |p: &Option<Spanned<String>>, what: &str| {
                    p.as_ref()
                        .map(|s| s.get_ref().clone())
                        .ok_or_else(|| CoreError::Spec(format!("ratio `{name}` needs `{what}`")))
                };
                Aggregate::Ratio {
                    numerator: Box::new(self.aggregate_depth(dataset, &part(&m.of, "of")?, 1)?),
                    denominator: Box::new(self.aggregate_depth(
                        dataset,
                        &part(&m.per, "per")?,
                        1,
                    )?),
                }
            }
        })
    }

    /// The one column of `dataset` the spec gives role `time`, if exactly one.
    pub fn time_column(&self, dataset: &str) -> Option<&str> {
        let mut times = self
            .datasets
            .get(dataset)?
            .columns
            .iter()
            .filter(|(_, c)| c.get_ref().role == Role::Time)
            .map(|(name, _)| name.as_str());
        match (times.next(), times.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }

    /// The measure's spec, if it exists.
    pub fn measure(&self, dataset: &str, name: &str) -> Option<&MeasureSpec> {
        self.datasets
            .get(dataset)
            .and_then(|d| d.measures.get(name))
            .map(Spanned::get_ref)
    }

    /// A column's label in the reader's language, or its name when the spec gives none.
    pub fn column_label<'a>(&'a self, dataset: &str, column: &'a str) -> &'a str {
        self.datasets
            .get(dataset)
            .and_then(|d| d.columns.get(column))
            .map_or(column, |c| self.text(&c.get_ref().label))
    }

    /// One of the spec's texts (a title, label or description) in the reader's language:
    /// its translation when the spec has one, else the text as written.
    pub fn text<'a>(&'a self, text: &'a str) -> &'a str {
        let lang = crate::locale::current();
        if lang == crate::locale::Lang::Nl {
            return text;
        }
        self.translations
            .get(lang.code())
            .and_then(|t| t.get(text))
            .map_or(text, String::as_str)
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Removes every object member whose value is null, at any depth.
fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            members.retain(|_, v| !v.is_null());
            members.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

#[cfg(all(test, feature = "toml"))]
mod json_tests {
    use super::*;

    #[test]
    fn the_demo_spec_reads_back_from_json_unchanged() {
        let text = include_str!("../../helder-cli/src/demo/dashboard.toml");
        let spec = Spec::parse(text).expect("demo spec");
        let json = spec.to_json(text.as_bytes()).expect("json");
        let (back, source) = Spec::from_json(&json).expect("read back");
        assert_eq!(source, crate::fingerprint::fnv1a(text.as_bytes()));
        // Debug shows every value (not the ranges, which JSON does not carry).
        assert_eq!(format!("{back:?}"), format!("{spec:?}"));
        assert_eq!(back.to_json(text.as_bytes()).expect("again"), json);
        assert!(!json.contains("null"), "options left out are not written");
    }

    #[test]
    fn a_damaged_json_spec_says_how_to_fix_it() {
        let e = Spec::from_json("{\"source\":\"0\"").expect_err("cut off");
        assert!(e.to_string().contains("helder check"), "{e}");
    }
}
