//! One dashboard page over one table: the spec's widgets and filters become crossfilter
//! dimensions and views, a [`Selection`] (the page's filters) is applied as a diff, and each
//! widget's current figures come out ready to draw. The app, the CLI and the tests all go
//! through this, so what a test checks is what the page shows.

use std::collections::{BTreeMap, BTreeSet};

use crate::bins::Bins;
use crate::crossfilter::{Crossfilter, DimensionSpec, ViewSpec};
use crate::cube_levels::{level_dimension, CubeLevels};
use crate::page_links;
use crate::query::{Aggregate, Filter, GroupKey, TimeBucket};
use crate::rows_table::{self, RowsPage, RowsRequest};
use crate::selection::{RangeKind, Selection};
use crate::spec::{PageSpec, Spec, Unit, WidgetKind, WidgetSpec};
use crate::table::{ColumnKind, Table};
use crate::value_format;
use crate::CoreError;

/// One value of a widget's series.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub key: GroupKey,
    pub label: String,
    pub value: Option<f64>,
    /// Rows behind the value under the current filters.
    pub rows: i64,
    /// Whether the widget's own filter (if any) lets this key through.
    pub selected: bool,
}

/// A widget's figures for one measure and one grouping, as currently filtered.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The dimension the widget groups by (also the name its clicks filter).
    pub dimension: String,
    pub dimension_label: String,
    pub measure: String,
    pub measure_label: String,
    pub unit: Unit,
    pub decimals: usize,
    pub scale: f64,
    pub points: Vec<Point>,
    /// Whether a filter on this widget's own dimension is active.
    pub filtered: bool,
    /// The value over all categories under the same filters (spec `reference`), unscaled.
    pub reference: Option<f64>,
    /// Read from a published cube: a point with cells but no value is secret ("geheim"),
    /// not missing.
    pub secret: bool,
}

impl Series {
    /// Whether point `p` is a suppressed cell of a published cube.
    pub fn is_secret(&self, p: &Point) -> bool {
        self.secret && p.value.is_none() && p.rows > 0
    }

    /// Point `p`'s value as the page shows it, "geheim" for a suppressed cell.
    pub fn point_text(&self, p: &Point) -> String {
        if self.is_secret(p) {
            crate::locale::secret().to_string()
        } else {
            self.format(p.value)
        }
    }

    /// A value as the page shows it, e.g. `€ 1.234` or `12,3%`.
    pub fn format(&self, v: Option<f64>) -> String {
        value_format::format(v.map(|x| x * self.scale), self.unit, self.decimals)
    }
}

/// An option of a filter panel control: its key, label and how many rows it would keep.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterOption {
    pub key: GroupKey,
    pub label: String,
    pub rows: i64,
    pub selected: bool,
}

/// What kind of control a filter panel shows for a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterControl {
    /// Pick any values (text).
    Choice,
    /// From–to over whole numbers.
    NumberRange,
    /// From–to over months.
    DateRange,
}

#[derive(Debug, Clone)]
pub struct FilterModel {
    pub column: String,
    pub label: String,
    /// The crossfilter dimension this control sets.
    pub dimension: String,
    pub control: FilterControl,
    /// A count view over this dimension, for the option counts.
    view: usize,
}

/// A pivot's views for one measure: cells, totals per row and column, and the grand total.
#[derive(Debug, Clone, Copy)]
struct PivotViews {
    cells: usize,
    rows: usize,
    cols: usize,
    total: usize,
}

/// A pivot table's figures: a value per row × column, with totals that do not shrink to a
/// clicked cell (they ignore the pivot's own selection, like a bar chart keeps its bars).
#[derive(Debug, Clone, PartialEq)]
pub struct Pivot {
    /// The dimension a cell click filters (the row × column combinations).
    pub dimension: String,
    pub row_label: String,
    pub col_label: String,
    pub measure_label: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[r][c]`, scaled; `None` where the combination has no rows or no value.
    pub cells: Vec<Vec<Option<f64>>>,
    pub selected: Vec<Vec<bool>>,
    pub row_totals: Vec<Option<f64>>,
    pub col_totals: Vec<Option<f64>>,
    pub total: Option<f64>,
    pub unit: Unit,
    pub decimals: usize,
    /// Whether a cell selection is active.
    pub filtered: bool,
    /// Stacked bars: the dimension a bar (row) click filters, and which rows it lets through.
    pub row_dimension: Option<String>,
    pub row_selected: Vec<bool>,
    /// `secret[r][c]`: a cell of a published cube with rows but no value (suppressed).
    pub secret: Vec<Vec<bool>>,
    /// Read from a published cube: a total without a value is suppressed, not missing.
    pub cube: bool,
}

impl Pivot {
    pub fn format(&self, v: Option<f64>) -> String {
        value_format::format(v, self.unit, self.decimals)
    }

    /// Cell `(r, c)` as the page shows it: "geheim" where a published cube suppressed it.
    pub fn cell_text(&self, r: usize, c: usize) -> String {
        if self.secret.get(r).and_then(|row| row.get(c)) == Some(&true) {
            crate::locale::secret().to_string()
        } else {
            self.format(
                self.cells
                    .get(r)
                    .and_then(|row| row.get(c))
                    .copied()
                    .flatten(),
            )
        }
    }

    /// A row, column or grand total as the page shows it: a total only exists where rows
    /// are, so on a cube a missing one was suppressed.
    pub fn total_text(&self, v: Option<f64>) -> String {
        if self.cube && v.is_none() {
            crate::locale::secret().to_string()
        } else {
            self.format(v)
        }
    }

    /// The selection value of cell (`r`, `c`), as the engine labels the combination.
    pub fn cell_value(&self, r: usize, c: usize) -> String {
        format!("{} · {}", self.rows[r], self.cols[c])
    }
}

/// One bin of a histogram under the current filters.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramBar {
    /// The bin's first value and its last (whole numbers) or end (decimals).
    pub start: f64,
    pub last: f64,
    pub label: String,
    /// Scaled; `None` where the bin has no rows under the filters.
    pub value: Option<f64>,
    pub text: String,
    pub rows: i64,
    /// Whether the histogram's own range filter (if any) keeps this bin.
    pub selected: bool,
}

/// A histogram: every bin from the table's first to its last (empty ones too, so the axis
/// does not move while the reader filters), with the series behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub series: Series,
    pub bins: Bins,
    pub bars: Vec<HistogramBar>,
}

#[derive(Debug, Clone)]
struct WidgetModel {
    spec: WidgetSpec,
    /// Pivot widgets and stacked bars: one set of views per measure.
    pivot: Vec<PivotViews>,
    /// Stacked bars: the row dimension, whose filter the bars ignore (their own).
    stack_rows: Option<String>,
    /// Pivots, stacked and grouped bars, stacked areas: the pair dimension of the cells.
    pivot_dim: Option<String>,
    /// The labels of the pivot's rows and columns.
    pivot_labels: (String, String),
    /// Histograms: the bins of the number column.
    bins: Option<Bins>,
    /// Groupings the user can pick: dimension name and column label.
    groupings: Vec<(String, String)>,
    /// `views[g][m]`: the view of grouping `g` and measure `m`.
    views: Vec<Vec<usize>>,
    /// `references[g][m]`: the total view beside it, when the spec asks for a reference.
    references: Vec<Vec<usize>>,
    /// Effect widgets with control areas: the dimension of the areas' column.
    control_dim: Option<String>,
}

/// A page's live state: the engine over its table, plus what the spec says about it.
/// Widgets that read another dataset get an engine of their own (`linked`), which the page's
/// filters reach through the columns both datasets have or the page's `links`.
#[derive(Debug)]
pub struct PageModel {
    dataset: String,
    spec: Spec,
    page: PageSpec,
    widgets: Vec<WidgetModel>,
    filters: Vec<FilterModel>,
    cf: Crossfilter,
    /// The filters this engine applied.
    applied: Selection,
    /// The filters at least one of the page's engines applied: the page's selection.
    shown: Selection,
    /// Engines of the widgets that read other datasets.
    linked: Vec<Linked>,
    /// Page widget index → (0 for this engine or k for `linked[k - 1]`, index there).
    route: Vec<(usize, usize)>,
    /// Dimension name → whether it holds dates or numbers (range filters).
    ranged: BTreeMap<String, FilterControl>,
    /// Dimension name → the column it reads.
    columns: BTreeMap<String, String>,
    /// The table itself (shared buffers), for data table widgets.
    table: Table,
    /// The care datasets demand widgets read next to their population, by name (shared
    /// buffers; no engine: the projection reads them whole).
    care: BTreeMap<String, Table>,
    /// Set when the dataset is a published cube: which cells each view reads.
    cube: Option<CubeLevels>,
}

impl PageModel {
    /// Builds the page `page_id` of `spec`, taking each dataset it reads from `tables`. The
    /// spec should have passed `spec_check`; anything still wrong comes back as an error,
    /// never a panic.
    pub fn new(
        spec: &Spec,
        page_id: &str,
        tables: impl Fn(&str) -> Option<Table>,
    ) -> Result<Self, CoreError> {
        let page = spec
            .page(page_id)
            .ok_or_else(|| CoreError::Spec(format!("there is no page `{page_id}`")))?
            .clone();
        let table_of = |name: &str| {
            tables(name).ok_or_else(|| {
                CoreError::Spec(format!(
                    "page `{page_id}` needs dataset `{name}`, which is not loaded"
                ))
            })
        };
        let own = page.dataset.get_ref().clone();
        let main_table = table_of(&own)?;
        let others: Vec<String> = page
            .widget_datasets()
            .into_iter()
            .skip(1)
            .map(str::to_string)
            .collect();
        let mut linked = Vec::new();
        let mut shared = Vec::new();
        for other in &others {
            let table = table_of(other)?;
            let (sub_page, link, sub_shared) =
                page_links::linked_page(&page, other, &main_table, &table);
            // The main engine also needs dimensions for the columns the other widgets group
            // by, so a click on them filters the page's own widgets too.
            for w in &sub_page.widgets {
                for c in w.dimension.iter().chain(&w.alternatives) {
                    if main_table.column_kind(c.get_ref()).is_some() {
                        shared.push(c.get_ref().clone());
                    }
                }
            }
            let model = Self::build(spec, sub_page, &table, &sub_shared)?;
            linked.push(Linked { model, link });
        }
        let mut main_page = page.clone();
        main_page.widgets.retain(|w| page.widget_dataset(w) == own);
        let mut model = Self::build(spec, main_page, &main_table, &shared)?;
        let mut seen = vec![0usize; others.len() + 1];
        model.route = page
            .widgets
            .iter()
            .map(|w| {
                let k = others
                    .iter()
                    .position(|o| o == page.widget_dataset(w))
                    .map_or(0, |i| i + 1);
                seen[k] += 1;
                (k, seen[k] - 1)
            })
            .collect();
        // A care dataset that could not be loaded leaves its widget without a figure
        // (`demand` says which dataset is missing); the rest of the page is unaffected.
        for d in page.widgets.iter().filter_map(|w| w.demand.as_ref()) {
            let name = d.care.get_ref();
            if let (false, Some(table)) = (model.care.contains_key(name), tables(name)) {
                model.care.insert(name.clone(), table);
            }
        }
        model.page = page;
        model.linked = linked;
        Ok(model)
    }

    /// One engine over one table for the widgets of `page` (all reading `page.dataset`), with
    /// hidden dimensions for `shared` columns that other engines' widgets filter on.
    fn build(
        spec: &Spec,
        page: PageSpec,
        table: &Table,
        shared: &[String],
    ) -> Result<Self, CoreError> {
        let dataset = page.dataset.get_ref().clone();
        let mut dims: Vec<DimensionSpec> = Vec::new();
        let mut views: Vec<ViewSpec> = Vec::new();
        let mut ranged = BTreeMap::new();
        let mut columns_of = BTreeMap::new();
        let add_dim = |d: DimensionSpec, dims: &mut Vec<DimensionSpec>| -> String {
            let name = d.name.clone();
            if !dims.iter().any(|x| x.name == name) {
                dims.push(d);
            }
            name
        };

        let mut filters = Vec::new();
        for f in &page.filters {
            let column = f.get_ref().clone();
            let kind = table
                .column_kind(&column)
                .ok_or_else(|| missing(&dataset, &column))?;
            let (dim, control) = filter_dimension(&column, kind);
            let dimension = add_dim(dim, &mut dims);
            columns_of.insert(dimension.clone(), column.clone());
            if control != FilterControl::Choice {
                ranged.insert(dimension.clone(), control);
            }
            views.push(ViewSpec {
                id: format!("filter:{column}"),
                dimension: Some(dimension.clone()),
                aggregate: Aggregate::Count,
            });
            filters.push(FilterModel {
                label: spec.column_label(&dataset, &column).to_string(),
                column,
                dimension,
                control,
                view: views.len() - 1,
            });
        }

        let mut widgets = Vec::new();
        for w in &page.widgets {
            let columns: Vec<(DimensionSpec, String)> = match w.kind {
                WidgetKind::Bar | WidgetKind::Table | WidgetKind::Scatter | WidgetKind::Map => w
                    .dimension
                    .iter()
                    .chain(&w.alternatives)
                    .map(|c| (DimensionSpec::column(c.get_ref()), c.get_ref().clone()))
                    .collect(),
                WidgetKind::Histogram => w
                    .dimension
                    .iter()
                    .map(|c| {
                        let bins = histogram_bins(table, c.get_ref(), w)?;
                        Ok((
                            DimensionSpec::binned(c.get_ref(), bins),
                            c.get_ref().clone(),
                        ))
                    })
                    .collect::<Result<_, CoreError>>()?,
                WidgetKind::Budget | WidgetKind::Pivot | WidgetKind::Rows | WidgetKind::Demand => {
                    Vec::new()
                }
                WidgetKind::Line
                | WidgetKind::Kpi
                | WidgetKind::Forecast
                | WidgetKind::Effect
                | WidgetKind::Area => w
                    .time
                    .iter()
                    .map(|c| {
                        (
                            DimensionSpec::bucketed(c.get_ref(), w.bucket()),
                            c.get_ref().clone(),
                        )
                    })
                    .collect(),
            };
            let mut pivot = Vec::new();
            let mut groupings = Vec::new();
            let cross = match w.kind {
                WidgetKind::Pivot => w.columns.as_ref(),
                WidgetKind::Bar => w.stack.as_ref().or(w.group.as_ref()),
                WidgetKind::Area => w.stack.as_ref(),
                _ => None,
            };
            // The pivot's rows: a column, or for a stacked area the time buckets.
            let rows_of = match w.kind {
                WidgetKind::Area => w.time.as_ref().map(|t| {
                    let t = t.get_ref();
                    (
                        DimensionSpec::bucketed(t, w.bucket()),
                        bucket_label(w.bucket()).to_string(),
                    )
                }),
                _ => w.dimension.as_ref().map(|r| {
                    let r = r.get_ref();
                    (
                        DimensionSpec::column(r),
                        spec.column_label(&dataset, r).to_string(),
                    )
                }),
            };
            let mut stack_rows = None;
            let mut pivot_dim = None;
            let mut pivot_labels = (String::new(), String::new());
            if let (Some((rspec, row_label)), Some(c)) = (rows_of, cross) {
                let c = c.get_ref();
                let rd = add_dim(rspec.clone(), &mut dims);
                let cd = add_dim(DimensionSpec::column(c), &mut dims);
                let pd = add_dim(DimensionSpec::pair(&rd, &cd), &mut dims);
                let row_column = match w.kind {
                    WidgetKind::Area => w.time.as_ref(),
                    _ => w.dimension.as_ref(),
                };
                if let Some(r) = row_column {
                    columns_of
                        .entry(rd.clone())
                        .or_insert_with(|| r.get_ref().clone());
                }
                columns_of.entry(cd.clone()).or_insert_with(|| c.clone());
                // Stacked bars and areas keep every bar or period when one is clicked.
                if w.stack.is_some() {
                    stack_rows = Some(rd.clone());
                }
                // Totals group on dimensions of their own, so they follow every filter the
                // cells follow (also one on the row column) and ignore only the cell selection.
                let mut rt_spec = rspec;
                rt_spec.name = format!("{pd}:rows");
                let rt = add_dim(rt_spec, &mut dims);
                let ct = add_dim(DimensionSpec::named(&format!("{pd}:cols"), c), &mut dims);
                columns_of.insert(pd.clone(), pd.clone());
                pivot_labels = (row_label, spec.column_label(&dataset, c).to_string());
                let label = format!("{} × {}", pivot_labels.0, pivot_labels.1);
                // A stacked area is clicked on its periods, never on a cell.
                if w.kind != WidgetKind::Area {
                    groupings.push((pd.clone(), label));
                }
                pivot_dim = Some(pd.clone());
                for m in &w.measures {
                    let aggregate = spec.aggregate(&dataset, m.get_ref())?;
                    let mut view = |dimension: Option<String>, part: &str| {
                        views.push(ViewSpec {
                            id: format!("{}:{part}:{}", w.id.get_ref(), m.get_ref()),
                            dimension,
                            aggregate: aggregate.clone(),
                        });
                        views.len() - 1
                    };
                    pivot.push(PivotViews {
                        cells: view(Some(pd.clone()), "cells"),
                        rows: view(Some(rt.clone()), "rows"),
                        cols: view(Some(ct.clone()), "cols"),
                        total: view(None, "total"),
                    });
                }
            }
            let columns = if w.kind == WidgetKind::Bar && !pivot.is_empty() {
                Vec::new()
            } else {
                columns
            };
            if columns.is_empty()
                && pivot.is_empty()
                && !matches!(
                    w.kind,
                    WidgetKind::Budget | WidgetKind::Rows | WidgetKind::Demand
                )
            {
                return Err(CoreError::Spec(format!(
                    "widget `{}` has nothing to group by; run `helder check`",
                    w.id.get_ref()
                )));
            }
            let mut wviews = Vec::new();
            let mut references = Vec::new();
            for (d, column) in columns {
                let kind = table
                    .column_kind(&column)
                    .ok_or_else(|| missing(&dataset, &column))?;
                let dimension = add_dim(d, &mut dims);
                columns_of.insert(dimension.clone(), column.clone());
                if kind.is_time() {
                    ranged.insert(dimension.clone(), FilterControl::DateRange);
                }
                if w.kind == WidgetKind::Histogram {
                    ranged.insert(dimension.clone(), FilterControl::NumberRange);
                }
                let mut per_measure = Vec::new();
                let mut refs = Vec::new();
                for m in &w.measures {
                    let aggregate = spec.aggregate(&dataset, m.get_ref())?;
                    views.push(ViewSpec {
                        id: format!("{}:{}:{}", w.id.get_ref(), dimension, m.get_ref()),
                        dimension: Some(dimension.clone()),
                        aggregate: aggregate.clone(),
                    });
                    per_measure.push(views.len() - 1);
                    if w.reference {
                        views.push(ViewSpec {
                            id: format!("{}:{}:{}:all", w.id.get_ref(), dimension, m.get_ref()),
                            dimension: None,
                            aggregate,
                        });
                        refs.push(views.len() - 1);
                    }
                }
                references.push(refs);
                // A time grouping is named for its bucket ("Maand"), as readers say it.
                let label = if kind.is_time() {
                    bucket_label(w.bucket()).to_string()
                } else {
                    spec.column_label(&dataset, &column).to_string()
                };
                groupings.push((dimension, label));
                wviews.push(per_measure);
            }
            let control_dim = match (&w.control, w.kind) {
                (Some(c), WidgetKind::Effect) => {
                    let column = c.column.get_ref();
                    table
                        .column_kind(column)
                        .ok_or_else(|| missing(&dataset, column))?;
                    let d = add_dim(DimensionSpec::column(column), &mut dims);
                    columns_of
                        .entry(d.clone())
                        .or_insert_with(|| column.clone());
                    Some(d)
                }
                _ => None,
            };
            let bins = match w.kind {
                WidgetKind::Histogram => w
                    .dimension
                    .as_ref()
                    .map(|c| histogram_bins(table, c.get_ref(), w))
                    .transpose()?,
                _ => None,
            };
            widgets.push(WidgetModel {
                spec: w.clone(),
                references,
                pivot,
                stack_rows,
                pivot_dim,
                pivot_labels,
                bins,
                groupings,
                views: wviews,
                control_dim,
            });
        }
        for c in shared {
            let d = add_dim(DimensionSpec::column(c), &mut dims);
            columns_of.entry(d).or_insert_with(|| c.clone());
        }
        let cube = spec.datasets.get(&dataset).filter(|ds| ds.cube).map(|ds| {
            let columns: Vec<String> = ds.columns.keys().cloned().collect();
            for c in &columns {
                add_dim(DimensionSpec::named(&level_dimension(c), c), &mut dims);
            }
            let view_columns = views
                .iter()
                .map(|v| {
                    v.dimension
                        .as_ref()
                        .and_then(|d| dims.iter().find(|x| &x.name == d))
                        .map(|d| d.columns(&dims).into_iter().collect())
                        .unwrap_or_default()
                })
                .collect();
            CubeLevels {
                columns,
                hierarchies: ds.disclosure_rules().hierarchies,
                view_columns,
            }
        });
        let mut cf = Crossfilter::new(table, &dims, views)?;
        for w in &widgets {
            // A reference follows the filters its bars follow, so not the widget's own.
            for (refs, (dim, _)) in w.references.iter().zip(&w.groupings) {
                for v in refs {
                    cf.ignore_in_view(*v, dim)?;
                }
            }
            if let Some(pd) = &w.pivot_dim {
                for p in &w.pivot {
                    for v in [p.rows, p.cols, p.total] {
                        cf.ignore_in_view(v, pd)?;
                    }
                    // Stacked bars keep every bar when one is clicked, like plain bars.
                    if let Some(rd) = &w.stack_rows {
                        for v in [p.cells, p.rows, p.cols, p.total] {
                            cf.ignore_in_view(v, rd)?;
                        }
                    }
                }
            }
        }
        for w in &widgets {
            if let (Some(c), Some(dim)) = (&w.spec.control, &w.control_dim) {
                check_control_values(&cf, w.spec.id.get_ref(), c, dim)?;
            }
        }
        let n_widgets = widgets.len();
        if cube.is_some() {
            cf.treat_as_cells();
        }
        let mut model = PageModel {
            dataset,
            spec: spec.clone(),
            page,
            widgets,
            filters,
            cf,
            applied: Selection::default(),
            shown: Selection::default(),
            linked: Vec::new(),
            route: (0..n_widgets).map(|i| (0, i)).collect(),
            ranged,
            columns: columns_of,
            table: table.clone(),
            care: BTreeMap::new(),
            cube,
        };
        model.apply_levels()?;
        Ok(model)
    }

    /// Sets a cube's level filters for the reader's current filters, so that every view
    /// reads the cells of exactly one level (see `cube_levels`).
    fn apply_levels(&mut self) -> Result<(), CoreError> {
        let Some(cube) = self.cube.take() else {
            return Ok(());
        };
        let filtered: BTreeSet<String> = self
            .applied
            .filters
            .keys()
            .filter_map(|d| self.columns.get(d).cloned())
            .collect();
        let result = (|| {
            let active = cube.active(&filtered);
            for c in &cube.columns {
                let level = active
                    .contains(&c.as_str())
                    .then(|| Filter::IsNull { column: c.clone() });
                self.cf.set_filter(&level_dimension(c), level)?;
            }
            for v in 0..cube.view_columns.len() {
                let names: Vec<String> = cube
                    .ignored(v, &filtered)
                    .iter()
                    .map(|c| level_dimension(c))
                    .collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                self.cf.set_levels_ignored(v, &names)?;
            }
            Ok(())
        })();
        self.cube = Some(cube);
        result
    }

    /// Whether a click or an address may filter on dimension `dim`: on a published cube only
    /// the page's filters can, since only their tables were published.
    fn filterable(&self, dim: &str) -> bool {
        self.cube.is_none()
            || self
                .columns
                .get(dim)
                .is_some_and(|c| self.page.filters.iter().any(|f| f.get_ref() == c))
    }

    /// Whether the page reads a published cube (cells, not records).
    pub fn reads_cells(&self) -> bool {
        self.cube.is_some()
    }

    pub fn page(&self) -> &PageSpec {
        &self.page
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    pub fn dataset(&self) -> &str {
        &self.dataset
    }

    pub fn widget_count(&self) -> usize {
        self.route.len()
    }

    pub fn widget_spec(&self, w: usize) -> Option<&WidgetSpec> {
        let (me, w) = self.locate(w).ok()?;
        me.widgets.get(w).map(|m| &m.spec)
    }

    /// The index of the widget with id `id`.
    pub fn widget_index(&self, id: &str) -> Option<usize> {
        self.page.widgets.iter().position(|w| w.id.get_ref() == id)
    }

    /// The dataset widget `w` reads.
    pub fn widget_dataset(&self, w: usize) -> Option<&str> {
        self.locate(w).ok().map(|(me, _)| me.dataset.as_str())
    }

    /// The groupings widget `w` offers: (dimension name, label).
    pub fn groupings(&self, w: usize) -> &[(String, String)] {
        self.locate(w)
            .ok()
            .and_then(|(me, w)| me.widgets.get(w))
            .map_or(&[], |m| m.groupings.as_slice())
    }

    pub fn filters(&self) -> &[FilterModel] {
        &self.filters
    }

    /// The filters currently applied (by this engine or a linked one).
    pub fn selection(&self) -> &Selection {
        &self.shown
    }

    /// How a dimension is filtered by range, if it is (dates or whole numbers).
    pub fn range_control(&self, dimension: &str) -> Option<FilterControl> {
        self.ranged.get(dimension).copied()
    }

    /// For reading an address: the column behind dimension `dim` and how its ranges are
    /// written; `None` for a name this page does not have.
    pub fn address_dimension(&self, dim: &str) -> Option<(String, Option<RangeKind>)> {
        if !self.filterable(dim) {
            return None;
        }
        let Some(column) = self.columns.get(dim).cloned() else {
            return self
                .linked
                .iter()
                .find_map(|l| l.model.address_dimension(dim));
        };
        let range = self.range_control(dim).map(|c| match c {
            FilterControl::DateRange => RangeKind::Dates,
            _ => RangeKind::Numbers,
        });
        Some((column, range))
    }

    /// The selection an address describes (pairs of dimension and value).
    pub fn selection_from_pairs<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Selection {
        Selection::from_pairs(pairs, |d| self.address_dimension(d))
    }

    /// Brings the page's engines to `selection`, touching only the filters that differ. Each
    /// engine takes the filters on columns its dataset has (renamed through the page's
    /// links); a filter no engine can take, or one an engine refuses, is left out (and
    /// reported); the others still apply.
    pub fn apply(&mut self, selection: &Selection) -> Result<(), CoreError> {
        let own = self.known(selection);
        let mut result = self.apply_own(&own);
        let mut shown = self.applied.clone();
        for l in &mut self.linked {
            let part = l.link.translate(selection, &l.model);
            if let Err(e) = l.model.apply_own(&part) {
                result = Err(e);
            }
            // A linked engine's own filters (a click on its widgets) belong to the page too.
            for (d, f) in &l.model.applied.filters {
                if selection.filters.get(d) == Some(f) {
                    shown.set(d, Some(f.clone()));
                }
            }
        }
        for d in selection.filters.keys() {
            // A published cube answers only its page filters; an old link's other filters
            // are dropped rather than shown as an error.
            let dropped = self.columns.contains_key(d) && !self.filterable(d);
            if !shown.filters.contains_key(d) && !dropped && result.is_ok() {
                result = Err(CoreError::Query(format!(
                    "no widget or filter on this page uses `{d}`"
                )));
            }
        }
        self.shown = shown;
        result
    }

    /// The part of `selection` on dimensions this engine has.
    fn known(&self, selection: &Selection) -> Selection {
        let mut out = Selection::default();
        for (d, f) in &selection.filters {
            if self.columns.contains_key(d) && self.filterable(d) {
                out.set(d, Some(f.clone()));
            }
        }
        out
    }

    fn apply_own(&mut self, selection: &Selection) -> Result<(), CoreError> {
        let mut dims: Vec<String> = self
            .applied
            .filters
            .keys()
            .chain(selection.filters.keys())
            .cloned()
            .collect();
        crate::sort_order::sort_by(&mut dims, Ord::cmp);
        dims.dedup();
        let mut result = Ok(());
        for dim in dims {
            let after = selection.filters.get(&dim);
            if self.applied.filters.get(&dim) == after {
                continue;
            }
            match self.cf.set_filter(&dim, after.cloned()) {
                Ok(_) => self.applied.set(&dim, after.cloned()),
                Err(e) => result = Err(e),
            }
        }
        if let Err(e) = self.apply_levels() {
            result = Err(e);
        }
        result
    }

    /// The engine that holds page widget `w`, and its index there.
    fn locate(&self, w: usize) -> Result<(&PageModel, usize), CoreError> {
        let (k, i) = *self
            .route
            .get(w)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        match k {
            0 => Ok((self, i)),
            k => self
                .linked
                .get(k - 1)
                .map(|l| (&l.model, i))
                .ok_or_else(|| CoreError::Query(format!("no engine for widget {w}"))),
        }
    }

    /// Widget `w`'s series for grouping `g` and measure `m` under the current filters.
    pub fn series(&self, w: usize, g: usize, m: usize) -> Result<Series, CoreError> {
        let (me, w) = self.locate(w)?;
        me.series_at(w, g, m)
    }

    /// Pivot widget `w`'s table for measure `m` under the current filters.
    pub fn pivot(&self, w: usize, m: usize) -> Result<Pivot, CoreError> {
        let (me, w) = self.locate(w)?;
        me.pivot_at(w, m)
    }

    /// The forecast or effect figure of widget `w` for measure `m`, from its monthly series
    /// under the current filters (not the widget's own time filter: it needs the history).
    /// `budget` is the widget's budget dataset, when it names one.
    pub fn analytics(
        &self,
        w: usize,
        m: usize,
        budget: Option<&Table>,
    ) -> Result<crate::analytics_figure::AnalyticsFigure, CoreError> {
        let (me, w) = self.locate(w)?;
        let filters: Vec<_> = self.shown.filters.values().cloned().collect();
        me.analytics_at(w, m, budget, &filters)
    }

    /// Budget widget `w`'s spending this year up to `as_of` against the year's budget (its
    /// budget dataset taken from `tables` by name), both under the page's filters the budget can follow (see
    /// [`crate::kpi::budget_kpi`]).
    pub fn budget<'t>(
        &self,
        w: usize,
        tables: impl Fn(&str) -> Option<&'t Table>,
        as_of: i32,
    ) -> Result<crate::kpi::BudgetKpi, CoreError> {
        let (me, i) = self.locate(w)?;
        let spec = &me
            .widgets
            .get(i)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?
            .spec;
        let source = crate::kpi::BudgetSource::of(&self.spec, &self.page, spec)?;
        let budgets = tables(&source.budget).ok_or_else(|| {
            CoreError::Spec(format!(
                "the budget tile `{}` needs its budget dataset `{}`",
                spec.id.get_ref(),
                source.budget
            ))
        })?;
        let filters: Vec<_> = self.shown.filters.values().cloned().collect();
        crate::kpi::budget_kpi(&me.table, budgets, &source, as_of, &filters)
    }

    /// A page of data table widget `w`: the rows passing every filter, as `req` asks.
    pub fn rows_page(&self, w: usize, req: &RowsRequest) -> Result<RowsPage, CoreError> {
        let (me, w) = self.locate(w)?;
        me.rows_page_at(w, req)
    }

    /// The labels of active filters that do not reach widget `w`, because its dataset has
    /// no such column (e.g. an age filter on a page whose benefits have no ages).
    pub fn filters_not_applying(&self, w: usize) -> Vec<String> {
        let Some(&(k, _)) = self.route.get(w) else {
            return Vec::new();
        };
        let link = k.checked_sub(1).and_then(|i| self.linked.get(i));
        let reaches = |d: &str| match link {
            None => self.applied.filters.contains_key(d),
            Some(l) => l.link.reaches(d) || l.model.applied.filters.contains_key(d),
        };
        self.shown
            .filters
            .iter()
            .filter(|(d, _)| !reaches(d))
            .map(|(d, f)| self.dimension_label(d, f.column()))
            .collect()
    }

    /// A label for dimension `dim` reading `column`, from whichever engine has it.
    fn dimension_label(&self, dim: &str, column: &str) -> String {
        std::iter::once(self)
            .chain(self.linked.iter().map(|l| &l.model))
            .find(|m| m.columns.contains_key(dim))
            .map_or(column, |m| m.spec.column_label(&m.dataset, column))
            .to_string()
    }

    fn series_at(&self, w: usize, g: usize, m: usize) -> Result<Series, CoreError> {
        let widget = self
            .widgets
            .get(w)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        let view = *widget.views.get(g).and_then(|v| v.get(m)).ok_or_else(|| {
            CoreError::Query(format!(
                "widget `{}` has no grouping {g} or measure {m}",
                widget.spec.id.get_ref()
            ))
        })?;
        let (dimension, dimension_label) = widget.groupings[g].clone();
        let measure = widget.spec.measures[m].get_ref().clone();
        let mspec = self.spec.measure(&self.dataset, &measure);
        let unit = mspec.and_then(|s| s.unit).unwrap_or(Unit::Number);
        let own = self.applied.filters.get(&dimension);
        let pass = own.map(|f| self.cf_pass(&dimension, f)).transpose()?;
        let additive = self.additive(&measure);
        let values = self.cf.view_values(view);
        let rows = self.cf.view_rows(view);
        let points = self
            .cf
            .view_keys(view)
            .iter()
            .enumerate()
            .map(|(c, key)| Point {
                label: key.label_nl(),
                key: key.clone(),
                value: values[c],
                rows: rows[c],
                selected: pass.as_ref().is_none_or(|p| p[c]),
            })
            .collect();
        Ok(Series {
            dimension,
            dimension_label,
            measure_label: mspec.map_or(measure.clone(), |s| self.spec.text(&s.label).to_string()),
            measure,
            unit,
            decimals: mspec
                .and_then(|s| s.decimals)
                .unwrap_or(value_format::default_decimals(unit)),
            scale: mspec.and_then(|s| s.scale).unwrap_or(1.0),
            points,
            filtered: own.is_some(),
            // The municipality as a whole compares with a category only for a rate, mean or
            // median; for a sum or count it is the total of all bars, not a reference.
            reference: widget
                .references
                .get(g)
                .and_then(|r| r.get(m))
                .filter(|_| !additive)
                .and_then(|v| self.cf.view_values(*v).first().copied().flatten()),
            secret: self.cube.is_some(),
        })
    }

    /// Whether measure `name` adds up over categories (sum, count, distinct count).
    fn additive(&self, name: &str) -> bool {
        matches!(
            self.spec.aggregate(&self.dataset, name),
            Ok(Aggregate::Sum { .. } | Aggregate::Count | Aggregate::CountDistinct { .. })
        )
    }

    fn pivot_at(&self, w: usize, m: usize) -> Result<Pivot, CoreError> {
        let widget = self
            .widgets
            .get(w)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        let (Some(views), Some(dimension)) = (widget.pivot.get(m), widget.pivot_dim.as_ref())
        else {
            return Err(CoreError::Query(format!(
                "widget `{}` is not a pivot",
                widget.spec.id.get_ref()
            )));
        };
        let measure = widget.spec.measures[m].get_ref();
        let mspec = self.spec.measure(&self.dataset, measure);
        let unit = mspec.and_then(|s| s.unit).unwrap_or(Unit::Number);
        let scale = mspec.and_then(|s| s.scale).unwrap_or(1.0);
        let scaled = |v: Option<f64>| v.map(|x| x * scale);
        let label = |k: &GroupKey| k.label_nl();
        // Rows and columns that have data under the current filters, in key order.
        let totals = |v: usize| -> Vec<(GroupKey, Option<f64>)> {
            let values = self.cf.view_values(v);
            let rows = self.cf.view_rows(v);
            self.cf
                .view_keys(v)
                .iter()
                .enumerate()
                .filter(|(c, _)| rows[*c] > 0)
                .map(|(c, k)| (k.clone(), scaled(values[c])))
                .collect()
        };
        let (row_tot, col_tot) = (totals(views.rows), totals(views.cols));
        let mut cells = vec![vec![None; col_tot.len()]; row_tot.len()];
        let mut selected = vec![vec![true; col_tot.len()]; row_tot.len()];
        let mut secret = vec![vec![false; col_tot.len()]; row_tot.len()];
        let own = self.applied.filters.get(dimension);
        let pass = own.map(|f| self.cf_pass(dimension, f)).transpose()?;
        let values = self.cf.view_values(views.cells);
        let rows = self.cf.view_rows(views.cells);
        for (code, key) in self.cf.view_keys(views.cells).iter().enumerate() {
            let GroupKey::Pair(a, b) = key else { continue };
            let (Some(r), Some(c)) = (
                row_tot.iter().position(|(k, _)| k == a.as_ref()),
                col_tot.iter().position(|(k, _)| k == b.as_ref()),
            ) else {
                continue;
            };
            if rows[code] > 0 {
                cells[r][c] = scaled(values[code]);
                secret[r][c] = self.cube.is_some() && values[code].is_none();
            }
            selected[r][c] = pass.as_ref().is_none_or(|p| p[code]);
        }
        let total = self.cf.view_values(views.total).first().copied().flatten();
        let n_rows = row_tot.len();
        let row_filter = widget
            .stack_rows
            .as_ref()
            .and_then(|rd| Some((rd, self.applied.filters.get(rd)?)));
        let row_pass = row_filter
            .map(|(rd, f)| -> Result<Vec<bool>, CoreError> {
                let pass = self.cf_pass(rd, f)?;
                let keys = self.cf.passes_keys(rd)?;
                Ok(row_tot
                    .iter()
                    .map(|(k, _)| keys.iter().position(|x| x == k).is_some_and(|c| pass[c]))
                    .collect())
            })
            .transpose()?;
        let (row_label, col_label) = widget.pivot_labels.clone();
        Ok(Pivot {
            dimension: dimension.clone(),
            row_label,
            col_label,
            measure_label: mspec.map_or(measure.clone(), |s| self.spec.text(&s.label).to_string()),
            rows: row_tot.iter().map(|(k, _)| label(k)).collect(),
            cols: col_tot.iter().map(|(k, _)| label(k)).collect(),
            cells,
            selected,
            row_totals: row_tot.into_iter().map(|(_, v)| v).collect(),
            col_totals: col_tot.into_iter().map(|(_, v)| v).collect(),
            total: scaled(total),
            unit,
            decimals: mspec
                .and_then(|s| s.decimals)
                .unwrap_or(value_format::default_decimals(unit)),
            filtered: own.is_some() || row_filter.is_some(),
            row_selected: row_pass.unwrap_or_else(|| vec![true; n_rows]),
            row_dimension: widget.stack_rows.clone(),
            secret,
            cube: self.cube.is_some(),
        })
    }

    /// Histogram widget `w`'s bins for measure `m` under the current filters.
    pub fn histogram(&self, w: usize, m: usize) -> Result<Histogram, CoreError> {
        let (me, w) = self.locate(w)?;
        me.histogram_at(w, m)
    }

    fn histogram_at(&self, w: usize, m: usize) -> Result<Histogram, CoreError> {
        let widget = self
            .widgets
            .get(w)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        let bins = widget.bins.ok_or_else(|| {
            CoreError::Query(format!(
                "widget `{}` is not a histogram",
                widget.spec.id.get_ref()
            ))
        })?;
        let series = self.series_at(w, 0, m)?;
        let ks = self
            .cf
            .bins_of(&series.dimension)?
            .map(|(_, ks)| ks.to_vec())
            .unwrap_or_default();
        let own = self.applied.filters.get(&series.dimension);
        let keeps = |k: i64| match own {
            None => true,
            Some(Filter::NumberRange { min, max, .. }) => bins.inside(k, *min, *max),
            Some(_) => false,
        };
        let (Some(first), Some(last)) = (ks.first().copied(), ks.last().copied()) else {
            return Ok(Histogram {
                series,
                bins,
                bars: Vec::new(),
            });
        };
        let mut bars: Vec<HistogramBar> = (first..=last)
            .map(|k| HistogramBar {
                start: bins.start(k),
                last: bins.last(k),
                label: bins.label(k),
                value: None,
                text: series.format(None),
                rows: 0,
                selected: keeps(k),
            })
            .collect();
        for (p, k) in series.points.iter().zip(&ks) {
            if let Some(b) = bars.get_mut((k - first) as usize) {
                b.value = p.value.map(|v| v * series.scale);
                b.text = series.format(p.value);
                b.rows = p.rows;
                b.selected = p.selected;
            }
        }
        Ok(Histogram { series, bins, bars })
    }

    /// A histogram's range filter in words with the column's unit, e.g. `10 t/m 19 dagen`;
    /// `None` for other dimensions and filters.
    pub fn range_text(&self, dim: &str, filter: &Filter) -> Option<String> {
        std::iter::once(self)
            .chain(self.linked.iter().map(|l| &l.model))
            .find_map(|m| m.range_text_own(dim, filter))
    }

    fn range_text_own(&self, dim: &str, filter: &Filter) -> Option<String> {
        let Filter::NumberRange { min, max, .. } = filter else {
            return None;
        };
        let w = self
            .widgets
            .iter()
            .find(|w| w.bins.is_some() && w.groupings.first().is_some_and(|(d, _)| d == dim))?;
        let unit = w.spec.dimension.as_ref().and_then(|c| {
            self.spec
                .datasets
                .get(&self.dataset)?
                .columns
                .get(c.get_ref())?
                .get_ref()
                .unit
        });
        let with_unit = move |s: String| match unit {
            Some(Unit::Days) => format!("{s} {}", crate::locale::pick("dagen", "days")),
            Some(Unit::Euro) => crate::format_nl::euro_text(&s),
            Some(Unit::Percent) => format!("{s}%"),
            _ => s,
        };
        Some(w.bins?.range_text(*min, *max, &with_unit))
    }

    fn analytics_at(
        &self,
        w: usize,
        m: usize,
        budget: Option<&Table>,
        filters: &[crate::query::Filter],
    ) -> Result<crate::analytics_figure::AnalyticsFigure, CoreError> {
        let widget = self
            .widgets
            .get(w)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        let series = self.series_at(w, 0, m)?;
        match widget.spec.kind {
            WidgetKind::Effect => {
                let at = widget
                    .spec
                    .at
                    .as_ref()
                    .and_then(|a| crate::date::parse_iso(a.get_ref()))
                    .ok_or_else(|| {
                        CoreError::Spec(format!(
                            "widget `{}` has no valid `at`",
                            widget.spec.id.get_ref()
                        ))
                    })?;
                match (&widget.spec.control, &widget.control_dim) {
                    (Some(control), Some(dim)) => {
                        let view = widget.views[0][m];
                        let (treated, compared) = self.control_split(view, control, dim)?;
                        let name = control.name();
                        let name = self.spec.text(&name).to_string();
                        if treated.is_empty() {
                            return Err(CoreError::Analytics(
                                crate::locale::pick(
                                    "onder deze filters blijven alleen de vergelijkingsgebieden over ({areas}); kies een gebied met de maatregel",
                                    "under these filters only the comparison areas remain ({areas}); choose an area with the measure",
                                )
                                .replace("{areas}", &name),
                            ));
                        }
                        let with = |groups: Vec<crate::query::Group>| Series {
                            points: groups
                                .into_iter()
                                .map(|g| Point {
                                    label: g.key.label_nl(),
                                    key: g.key,
                                    value: Some(g.value),
                                    rows: g.rows as i64,
                                    selected: true,
                                })
                                .collect(),
                            ..series.clone()
                        };
                        let compared = with(compared);
                        crate::analytics_figure::effect_figure(
                            &with(treated),
                            at,
                            Some(crate::analytics_figure::EffectControl {
                                series: &compared,
                                name: &name,
                            }),
                        )
                    }
                    _ => crate::analytics_figure::effect_figure(&series, at, None),
                }
            }
            _ => {
                let (start, values) = crate::analytics_figure::monthly_values(&series)?;
                let year = crate::date::month_parts(start + values.len() as i32 - 1).0;
                // The forecast follows every filter; its budget only those it is split by.
                // Under any other the comparison would be unfair, so it is left out.
                let time = widget
                    .spec
                    .time
                    .as_ref()
                    .map_or("", |t| t.get_ref().as_str());
                let mut not_split = Vec::new();
                let budget = match budget {
                    Some(t) => {
                        let (follow, ignored) = crate::kpi::budget_filters(t, filters, time);
                        not_split = ignored;
                        match not_split.is_empty() {
                            true => Some(crate::kpi::budget_for_year(t, year, &follow)?),
                            false => None,
                        }
                    }
                    None => None,
                };
                let mut figure = crate::analytics_figure::forecast_figure(
                    &series,
                    widget.spec.horizon.unwrap_or(12),
                    budget,
                    36,
                )?;
                if !not_split.is_empty() {
                    let labels: Vec<&str> = not_split
                        .iter()
                        .map(|c| self.spec.column_label(&self.dataset, c))
                        .collect();
                    figure.detail = format!(
                        "{} {}",
                        crate::locale::pick(
                            "Geen vergelijking met het budget: dat is niet verdeeld naar {}.",
                            "No comparison with the budget: it is not split by {}."
                        )
                        .replace("{}", &labels.join(", ")),
                        figure.detail
                    );
                }
                Ok(figure)
            }
        }
    }

    /// View `view` split into the areas with the measure (every area not in `control`,
    /// under all the page's filters) and the control areas (under the same filters except
    /// the one on the areas' column: the reader picks the treated areas, not the control).
    fn control_split(
        &self,
        view: usize,
        control: &crate::spec::ControlSpec,
        dim: &str,
    ) -> Result<(Vec<crate::query::Group>, Vec<crate::query::Group>), CoreError> {
        let in_control = self.cf.passes(
            dim,
            &Filter::OneOf {
                column: control.column.get_ref().clone(),
                values: control.value_list(),
            },
        )?;
        // Rows without an area belong to neither side (the null code is last).
        let mut outside: Vec<bool> = in_control.iter().map(|p| !p).collect();
        if let Some(null) = outside.last_mut() {
            *null = false;
        }
        Ok((
            self.cf.view_groups_split(view, dim, &outside, &[])?,
            self.cf.view_groups_split(view, dim, &in_control, &[dim])?,
        ))
    }

    /// The care-demand figure of widget `w`: its population is the dataset the widget reads,
    /// its care use the `care` dataset the page loaded for it. It ignores the page's filters:
    /// a projection needs every area (small ones borrow from the municipal level).
    pub fn demand(&self, w: usize) -> Result<crate::demand_figure::DemandFigure, CoreError> {
        let (me, i) = self.locate(w)?;
        let widget = me
            .widgets
            .get(i)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        let spec = widget.spec.demand.as_ref().ok_or_else(|| {
            CoreError::Spec(format!(
                "widget `{}` has no `demand` section; run `helder check`",
                widget.spec.id.get_ref()
            ))
        })?;
        let name = spec.care.get_ref();
        let care = self.care.get(name).ok_or_else(|| {
            CoreError::Spec(format!(
                "widget `{}` reads care dataset `{name}`, which the page did not load",
                widget.spec.id.get_ref()
            ))
        })?;
        crate::demand_figure::demand_figure(spec, &me.table, care)
    }

    fn rows_page_at(&self, w: usize, req: &RowsRequest) -> Result<RowsPage, CoreError> {
        let widget = self
            .widgets
            .get(w)
            .ok_or_else(|| CoreError::Query(format!("no widget {w}")))?;
        rows_table::rows_page(
            &self.spec,
            &self.dataset,
            &widget.spec,
            &self.table,
            self.cf.passing_rows(),
            req,
        )
    }

    fn cf_pass(&self, dimension: &str, filter: &Filter) -> Result<Vec<bool>, CoreError> {
        self.cf.passes(dimension, filter)
    }

    /// The options of filter control `f` with their row counts under the other filters.
    pub fn filter_options(&self, f: usize) -> Vec<FilterOption> {
        let Some(fm) = self.filters.get(f) else {
            return Vec::new();
        };
        let own = self.applied.filters.get(&fm.dimension);
        let pass = own.and_then(|f| self.cf_pass(&fm.dimension, f).ok());
        let rows = self.cf.view_rows(fm.view);
        self.cf
            .view_keys(fm.view)
            .iter()
            .enumerate()
            .map(|(c, key)| FilterOption {
                label: key.label_nl(),
                key: key.clone(),
                rows: rows[c],
                selected: own.is_some() && pass.as_ref().is_some_and(|p| p[c]),
            })
            .collect()
    }

    /// The selection a page opens with when its address names no filters: the spec's
    /// `latest` columns at their newest value that has rows.
    pub fn default_selection(&self) -> Selection {
        let mut sel = Selection::default();
        for l in &self.page.latest {
            let Some((f, fm)) = self
                .filters
                .iter()
                .enumerate()
                .find(|(_, fm)| &fm.column == l.get_ref())
            else {
                continue;
            };
            let Some(last) = self
                .filter_options(f)
                .into_iter()
                .rev()
                .find(|o| o.rows > 0)
            else {
                continue;
            };
            let filter = match (&last.key, fm.control) {
                (GroupKey::Month(m), _) => {
                    let (y, mo) = crate::date::month_parts(*m);
                    crate::date::from_ymd(y, mo, 1).map(|from| Filter::DateRange {
                        column: fm.column.clone(),
                        from,
                        to: crate::date::end_of_month(from),
                    })
                }
                (GroupKey::Int(i), FilterControl::NumberRange) => Some(Filter::NumberRange {
                    column: fm.column.clone(),
                    min: *i as f64,
                    max: *i as f64,
                }),
                (_, _) => Some(Filter::OneOf {
                    column: fm.column.clone(),
                    values: vec![last.label.clone()],
                }),
            };
            sel.set(&fm.dimension, filter);
        }
        sel
    }

    /// Rows that pass every filter.
    pub fn rows_passing(&self) -> i64 {
        self.filters
            .first()
            .map(|f| {
                // A filter's own view ignores its own filter; count only codes that pass it.
                let opts = self.filter_options(0);
                let active = self.applied.filters.contains_key(&f.dimension);
                opts.iter()
                    .filter(|o| !active || o.selected)
                    .map(|o| o.rows)
                    .sum()
            })
            .unwrap_or(self.cf.rows() as i64)
    }
}

/// Every control area of effect widget `id` must occur in its column: a misspelt area
/// would silently leave the control empty or smaller than meant.
fn check_control_values(
    cf: &Crossfilter,
    id: &str,
    control: &crate::spec::ControlSpec,
    dim: &str,
) -> Result<(), CoreError> {
    let keys = cf.passes_keys(dim)?;
    let values = control.value_list();
    if let Some(v) = values
        .iter()
        .find(|v| !keys.contains(&GroupKey::Text(v.to_string())))
    {
        let known: Vec<String> = keys.iter().map(GroupKey::label_nl).collect();
        return Err(CoreError::Spec(format!(
            "widget `{id}` compares with control area `{v}`, which column `{}` does not hold; it holds: {}",
            control.column.get_ref(),
            known.join(", ")
        )));
    }
    let all_control = keys
        .iter()
        .all(|k| matches!(k, GroupKey::Text(t) if values.contains(t)));
    if all_control {
        return Err(CoreError::Spec(format!(
            "widget `{id}` names every value of column `{}` as a control area, which leaves no area with the measure",
            control.column.get_ref()
        )));
    }
    Ok(())
}

/// The dimension and control of a filter panel entry on `column`: dates by month, whole
/// numbers by range, text by choice.
pub(crate) fn filter_dimension(column: &str, kind: ColumnKind) -> (DimensionSpec, FilterControl) {
    if kind.is_time() {
        (
            DimensionSpec::bucketed(column, TimeBucket::Month),
            FilterControl::DateRange,
        )
    } else if kind == ColumnKind::Integer {
        (DimensionSpec::column(column), FilterControl::NumberRange)
    } else {
        (DimensionSpec::column(column), FilterControl::Choice)
    }
}

/// A widget engine over another dataset, and how the page's filters reach it.
#[derive(Debug)]
struct Linked {
    model: PageModel,
    link: page_links::Link,
}

/// The bins of histogram `w` over `column`: from the whole table, so they stay put while
/// the reader filters.
fn histogram_bins(table: &Table, column: &str, w: &WidgetSpec) -> Result<Bins, CoreError> {
    let col = table.numeric_column(column)?;
    let integer = table.column_kind(column) == Some(ColumnKind::Integer);
    Bins::choose(
        (0..table.rows()).filter_map(|i| col.number(i)),
        integer,
        w.bins.as_ref().map(|b| *b.get_ref()),
        w.bin_width.as_ref().map(|b| *b.get_ref()),
    )
    .map_err(|e| CoreError::Spec(format!("widget `{}`: {e}", w.id.get_ref())))
}

fn bucket_label(bucket: TimeBucket) -> &'static str {
    let (nl, en) = match bucket {
        TimeBucket::Day => ("Dag", "Day"),
        TimeBucket::Week => ("Week", "Week"),
        TimeBucket::Month => ("Maand", "Month"),
        TimeBucket::Quarter => ("Kwartaal", "Quarter"),
        TimeBucket::Year => ("Jaar", "Year"),
    };
    crate::locale::pick(nl, en)
}

fn missing(dataset: &str, column: &str) -> CoreError {
    CoreError::Spec(format!(
        "dataset `{dataset}` has no column `{column}`; run `helder check`"
    ))
}
