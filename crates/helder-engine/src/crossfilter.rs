//! The crossfilter engine: linked views over one table, each filtered by every active
//! filter except the one on its own dimension.
//!
//! Every row carries a bit mask of the filters that reject it. When one filter changes, only
//! the rows whose codes changed pass/fail status are touched (found through the dimension's
//! row index): their mask bit flips, and each incremental view adds or subtracts them. When
//! that set is larger than the rows passing the most selective other filter, the view is
//! recomputed from those rows instead. Either way the work follows the change, not the table.

use std::collections::HashSet;

use crate::bins::Bins;
use crate::codes::{Code, Codes};
use crate::dimension::{Dimension, Rows};
use crate::packed_rows::RowOrder;
use crate::query::{Aggregate, Filter, Group, GroupKey, TimeBucket};
use crate::table::{ColumnData, Table};
use crate::CoreError;

/// At most this many dimensions can carry a filter (one bit each in the row mask).
pub const MAX_DIMENSIONS: usize = 32;

/// How to build one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionSpec {
    /// The name filters and views refer to.
    pub name: String,
    kind: DimensionKind,
}

#[derive(Debug, Clone, PartialEq)]
enum DimensionKind {
    Column {
        column: String,
        bucket: Option<TimeBucket>,
    },
    Pair(String, String),
    Binned {
        column: String,
        bins: Bins,
    },
}

impl DimensionSpec {
    /// The column's own values, named like the column.
    pub fn column(column: &str) -> Self {
        DimensionSpec {
            name: column.to_string(),
            kind: DimensionKind::Column {
                column: column.to_string(),
                bucket: None,
            },
        }
    }

    /// The column's own values under another name, e.g. to filter a column that is also
    /// grouped by, where the filter must apply to the group's own view too.
    pub fn named(name: &str, column: &str) -> Self {
        DimensionSpec {
            name: name.to_string(),
            kind: DimensionKind::Column {
                column: column.to_string(),
                bucket: None,
            },
        }
    }

    /// A date or timestamp column by time bucket, named `column:bucket` (e.g. `maand:month`).
    pub fn bucketed(column: &str, bucket: TimeBucket) -> Self {
        DimensionSpec {
            name: format!("{column}:{}", format!("{bucket:?}").to_lowercase()),
            kind: DimensionKind::Column {
                column: column.to_string(),
                bucket: Some(bucket),
            },
        }
    }

    /// A number column in `bins` (for histograms), named `column:bins`. A number range
    /// filter on it keeps the bins that lie entirely inside the range.
    pub fn binned(column: &str, bins: Bins) -> Self {
        DimensionSpec {
            name: format!("{column}:bins"),
            kind: DimensionKind::Binned {
                column: column.to_string(),
                bins,
            },
        }
    }

    /// The combinations of two other dimensions (listed before it), for pivots.
    /// The table columns this dimension reads; a pair's through the dimensions in `all`.
    pub fn columns(&self, all: &[DimensionSpec]) -> Vec<String> {
        match &self.kind {
            DimensionKind::Column { column, .. } | DimensionKind::Binned { column, .. } => {
                vec![column.clone()]
            }
            DimensionKind::Pair(a, b) => [a, b]
                .into_iter()
                .filter_map(|n| all.iter().find(|d| &d.name == n))
                .flat_map(|d| d.columns(all))
                .collect(),
        }
    }

    pub fn pair(a: &str, b: &str) -> Self {
        DimensionSpec {
            name: format!("{a}×{b}"),
            kind: DimensionKind::Pair(a.to_string(), b.to_string()),
        }
    }
}

/// One linked view: a dimension to group by (none for a single total) and an aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewSpec {
    pub id: String,
    pub dimension: Option<String>,
    pub aggregate: Aggregate,
}

/// A numeric column as the hot loops read it: values with nulls as 0, and which are valid.
#[derive(Debug)]
struct Measure {
    column: String,
    values: Vec<f64>,
    /// `None` when the column has no nulls.
    valid: Option<Vec<bool>>,
}

impl Measure {
    /// Reads the column in the engine's row order (`order[i]` is the table row of row `i`).
    fn new(table: &Table, column: &str, order: Option<&RowOrder>) -> Result<Self, CoreError> {
        let col = table.numeric_column(column)?;
        let n = table.rows();
        // The table rows in the engine's order.
        let rows = || -> Box<dyn Iterator<Item = usize> + '_> {
            match order {
                Some(o) => Box::new(o.iter().map(|r| r as usize)),
                None => Box::new(0..n),
            }
        };
        let values = match &col.data {
            ColumnData::Float(v) if col.validity.is_none() => match order {
                Some(o) => o.iter().map(|r| v[r as usize]).collect(),
                None => v.to_vec(),
            },
            _ => rows().map(|r| col.number(r).unwrap_or(0.0)).collect(),
        };
        let valid = col
            .validity
            .as_ref()
            .map(|_| rows().map(|r| col.is_valid(r)).collect());
        Ok(Measure {
            column: column.to_string(),
            values,
            valid,
        })
    }
}

/// Per group running sums of one measure, kept up to date by adding and subtracting rows.
#[derive(Debug)]
struct SumPart {
    measure: usize,
    sums: Vec<f64>,
    /// Rows with a valid measure; when it drops to 0 the sum is reset to exactly 0.
    counts: Vec<i64>,
}

#[derive(Debug)]
enum Calc {
    /// Count, sum, mean and ratios of these.
    Incremental { rows: Vec<i64>, parts: Vec<SumPart> },
    /// Min, max, quantiles, distinct counts: recomputed from the passing rows.
    Recomputed {
        rows: Vec<i64>,
        values: Vec<Option<f64>>,
    },
}

#[derive(Debug)]
struct View {
    spec: ViewSpec,
    dim: usize,
    /// The filter bits this view ignores when deciding whether a row counts: its own
    /// dimension's, plus any set with [`Crossfilter::ignore_in_view`].
    own_bit: u32,
    /// The bits `own_bit` always holds; the rest are a cube's level filters (see
    /// [`Crossfilter::set_levels_ignored`]).
    base_bit: u32,
    calc: Calc,
}

#[derive(Debug)]
struct ActiveFilter {
    /// Pass or not per code (the null code last).
    pass: Vec<bool>,
    /// Rows that pass.
    rows: usize,
}

/// Linked views over one table.
#[derive(Debug)]
pub struct Crossfilter {
    rows: usize,
    dims: Vec<Dimension>,
    filters: Vec<Option<ActiveFilter>>,
    /// Per row: bit `d` set when dimension `d`'s filter rejects the row (empty until the
    /// first view or filter).
    fail: Vec<u32>,
    measures: Vec<Measure>,
    /// Text or whole-number columns for distinct counts, as codes.
    distinct: Vec<(String, Dimension)>,
    views: Vec<View>,
    /// The engine keeps rows clustered by its first time dimension, so that a time brush
    /// touches one contiguous block of rows: `order[i]` is the table row of engine row `i`.
    order: Option<RowOrder>,
    /// The table is a published cube: a sum over cells with an empty (suppressed) value
    /// has no value, never the sum of the others.
    cells: bool,
}

impl Crossfilter {
    /// Builds the dimensions and computes every view with no filter active.
    pub fn new(
        table: &Table,
        dimensions: &[DimensionSpec],
        views: Vec<ViewSpec>,
    ) -> Result<Self, CoreError> {
        let mut cf = Crossfilter::for_rows(table.rows());
        for spec in dimensions {
            cf.add_dimension(table, spec)?;
        }
        for spec in views {
            cf.add_view(Some(table), spec)?;
        }
        Ok(cf)
    }

    /// An engine over `rows` rows with no dimensions or views yet. With
    /// [`add_dimension`](Self::add_dimension), [`add_measure`](Self::add_measure) and
    /// [`add_view`](Self::add_view) it is built a column at a time, each from a table that
    /// holds only that column, so a large file never has to be in memory whole.
    pub fn for_rows(rows: usize) -> Self {
        Crossfilter {
            rows,
            dims: Vec::new(),
            filters: Vec::new(),
            // Made with the first view or filter: a streamed load's columns come and go
            // before that, and 4 bytes a row then fit in the memory they leave free.
            fail: Vec::new(),
            measures: Vec::new(),
            distinct: Vec::new(),
            views: Vec::new(),
            order: None,
            cells: false,
        }
    }

    /// The per-row filter masks, all clear, made on first need (see `for_rows`); the row
    /// order is packed then too: columns are added before views and filters.
    fn ensure_fail(&mut self) {
        if let Some(o) = &mut self.order {
            o.pack();
        }
        if self.fail.len() != self.rows {
            self.fail = vec![0; self.rows];
        }
    }

    /// Checks that `table` can feed this engine: same number of rows, no filter set yet.
    fn check_feed(&self, table: &Table) -> Result<(), CoreError> {
        if table.rows() != self.rows {
            return Err(CoreError::Query(format!(
                "dataset `{}` has {} rows, but the engine was built for {}",
                table.name(),
                table.rows(),
                self.rows
            )));
        }
        if self.filters.iter().any(Option::is_some) {
            return Err(CoreError::Query(
                "columns are added to the engine before any filter is set".into(),
            ));
        }
        Ok(())
    }

    /// Adds a dimension (none if one of that name exists). The first time dimension decides
    /// the engine's row order: rows are clustered by it, so a time brush touches one block.
    pub fn add_dimension(&mut self, table: &Table, spec: &DimensionSpec) -> Result<(), CoreError> {
        if self.dims.iter().any(|d| d.name() == spec.name) {
            return Ok(());
        }
        self.check_feed(table)?;
        if self.dims.len() >= MAX_DIMENSIONS {
            return Err(CoreError::Query(format!(
                "{} dimensions requested; at most {MAX_DIMENSIONS} can be filtered together",
                self.dims.len() + 1
            )));
        }
        let (mut dim, in_table_order) = match &spec.kind {
            DimensionKind::Column { column, bucket } => {
                (Dimension::new(&spec.name, table, column, *bucket)?, true)
            }
            // Made from dimensions already in the engine's order.
            DimensionKind::Pair(a, b) => {
                let find = |n: &str| {
                    self.dims.iter().find(|d| d.name() == n).ok_or_else(|| {
                        CoreError::Query(format!(
                            "pivot `{}` needs dimension `{n}` listed before it",
                            spec.name
                        ))
                    })
                };
                (Dimension::pair(&spec.name, find(a)?, find(b)?)?, false)
            }
            DimensionKind::Binned { column, bins } => {
                (Dimension::binned(&spec.name, table, column, *bins)?, true)
            }
        };
        match &self.order {
            None if dim.is_time() => {
                let perm = RowOrder::Plain(dim.sort_by_codes());
                self.reorder(&perm);
                self.order = Some(perm);
            }
            Some(perm) if in_table_order => dim = dim.permuted(perm),
            _ => {}
        }
        self.dims.push(dim);
        self.filters.push(None);
        Ok(())
    }

    /// Puts everything built so far in the row order `perm` (no filter is active yet).
    fn reorder(&mut self, perm: &RowOrder) {
        for d in &mut self.dims {
            *d = d.permuted(perm);
        }
        for (_, d) in &mut self.distinct {
            *d = d.permuted(perm);
        }
        for m in &mut self.measures {
            m.values = perm.iter().map(|r| m.values[r as usize]).collect();
            if let Some(valid) = &m.valid {
                m.valid = Some(perm.iter().map(|r| valid[r as usize]).collect());
            }
        }
    }

    /// Loads a numeric column for the views that sum, average or rank it.
    pub fn add_measure(&mut self, table: &Table, column: &str) -> Result<(), CoreError> {
        self.check_feed(table)?;
        self.measure(Some(table), column).map(|_| ())
    }

    /// Adds a view and computes it. Without a table, every column it reads must have been
    /// added already ([`add_measure`](Self::add_measure)).
    pub fn add_view(&mut self, table: Option<&Table>, spec: ViewSpec) -> Result<(), CoreError> {
        if let Some(t) = table {
            self.check_feed(t)?;
        }
        self.ensure_fail();
        let dim = match &spec.dimension {
            Some(name) => self.dim_index(name)?,
            None => {
                // A total is a view over a dimension with one value.
                let name = "\u{0}total";
                match self.dims.iter().position(|d| d.name() == name) {
                    Some(i) => i,
                    None => {
                        self.dims.push(Dimension::constant(name, self.rows));
                        self.filters.push(None);
                        self.dims.len() - 1
                    }
                }
            }
        };
        let groups = self.dims[dim].cardinality() + 1;
        let calc = if is_incremental(&spec.aggregate) {
            let mut parts = Vec::new();
            for column in sum_columns(&spec.aggregate) {
                let measure = self.measure(table, &column)?;
                if !parts.iter().any(|p: &SumPart| p.measure == measure) {
                    parts.push(SumPart {
                        measure,
                        sums: vec![0.0; groups],
                        counts: vec![0; groups],
                    });
                }
            }
            Calc::Incremental {
                rows: vec![0; groups],
                parts,
            }
        } else {
            self.prepare_generic(table, &spec.aggregate)?;
            Calc::Recomputed {
                rows: vec![0; groups],
                values: vec![None; groups],
            }
        };
        let own_bit = if dim < MAX_DIMENSIONS { 1u32 << dim } else { 0 };
        self.views.push(View {
            spec,
            dim,
            own_bit,
            base_bit: own_bit,
            calc,
        });
        let v = self.views.len() - 1;
        self.recompute(v);
        Ok(())
    }

    fn dim_index(&self, name: &str) -> Result<usize, CoreError> {
        self.dims
            .iter()
            .position(|d| d.name() == name)
            .ok_or_else(|| {
                CoreError::Query(format!(
                    "no dimension `{name}`; dimensions: {}",
                    self.dims
                        .iter()
                        .map(Dimension::name)
                        .filter(|n| !n.starts_with('\u{0}'))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }

    fn measure(&mut self, table: Option<&Table>, column: &str) -> Result<usize, CoreError> {
        if let Some(i) = self.measures.iter().position(|m| m.column == column) {
            return Ok(i);
        }
        let table = table.ok_or_else(|| not_loaded(column))?;
        self.measures
            .push(Measure::new(table, column, self.order.as_ref())?);
        Ok(self.measures.len() - 1)
    }

    /// Loads what a recomputed aggregate reads: measures and distinct-count codes.
    fn prepare_generic(&mut self, table: Option<&Table>, agg: &Aggregate) -> Result<(), CoreError> {
        match agg {
            Aggregate::Count => {}
            Aggregate::Sum { column }
            | Aggregate::Mean { column }
            | Aggregate::Min { column }
            | Aggregate::Max { column }
            | Aggregate::Quantile { column, .. } => {
                self.measure(table, column)?;
            }
            Aggregate::CountDistinct { column } => {
                if !self.distinct.iter().any(|(c, _)| c == column) {
                    let table = table.ok_or_else(|| not_loaded(column))?;
                    let dim = Dimension::new(column, table, column, None)?;
                    let dim = match &self.order {
                        Some(perm) => dim.permuted(perm),
                        None => dim,
                    };
                    self.distinct.push((column.clone(), dim));
                }
            }
            Aggregate::Ratio {
                numerator,
                denominator,
            } => {
                self.prepare_generic(table, numerator)?;
                self.prepare_generic(table, denominator)?;
            }
        }
        if let Aggregate::Quantile { q, .. } = agg {
            if !(0.0..=1.0).contains(q) {
                return Err(CoreError::Query(format!(
                    "quantile {q} is not between 0 and 1"
                )));
            }
        }
        Ok(())
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The table rows that pass every active filter, in table order (for a data table,
    /// which has no dimension of its own and so follows all filters).
    pub fn passing_rows(&self) -> Vec<u32> {
        let passes = |i: &usize| self.fail.get(*i).is_none_or(|f| *f == 0);
        let mut out: Vec<u32> = match &self.order {
            Some(o) => (0..self.rows)
                .zip(o.iter())
                .filter(|(i, _)| passes(i))
                .map(|(_, r)| r)
                .collect(),
            None => (0..self.rows).filter(passes).map(|i| i as u32).collect(),
        };
        out.sort_unstable();
        out
    }

    /// Lets view `v` also ignore the filter on dimension `dim`, e.g. the totals of a pivot
    /// that must not shrink to the cell the reader clicked. Recomputes the view.
    pub fn ignore_in_view(&mut self, v: usize, dim: &str) -> Result<(), CoreError> {
        let d = self.dim_index(dim)?;
        if d >= MAX_DIMENSIONS || v >= self.views.len() {
            return Err(CoreError::Query(format!("view {v} cannot ignore `{dim}`")));
        }
        self.views[v].own_bit |= 1u32 << d;
        self.views[v].base_bit |= 1u32 << d;
        self.recompute(v);
        Ok(())
    }

    /// Treats the table as a published cube's cells: a group that holds a suppressed (empty)
    /// value has no value, so no chart adds the visible cells up as if they were all.
    /// The views' running sums stay as they are: the rule applies when values are read.
    pub fn treat_as_cells(&mut self) {
        self.cells = true;
    }

    /// Lets view `v` ignore, besides its own filters, the filters on `dims` and no others
    /// (a cube's level filters, which depend on what the view groups by and on what the
    /// reader filters). Recomputes the view only when that changes.
    pub fn set_levels_ignored(&mut self, v: usize, dims: &[&str]) -> Result<(), CoreError> {
        let mut extra = 0u32;
        for dim in dims {
            let d = self.dim_index(dim)?;
            if d >= MAX_DIMENSIONS {
                return Err(CoreError::Query(format!("view {v} cannot ignore `{dim}`")));
            }
            extra |= 1u32 << d;
        }
        let view = self
            .views
            .get_mut(v)
            .ok_or_else(|| CoreError::Query(format!("there is no view {v}")))?;
        let own = view.base_bit | extra;
        if own != view.own_bit {
            view.own_bit = own;
            self.recompute(v);
        }
        Ok(())
    }

    /// Builds dimension `dim`'s row index now, so the first filter on it is as fast as the
    /// next (otherwise it is built on first use).
    pub fn prepare(&self, dim: &str) -> Result<(), CoreError> {
        self.dims[self.dim_index(dim)?].index();
        Ok(())
    }

    /// Sets (or with `None` clears) the filter on dimension `dim`, and brings every view up
    /// to date. Returns the indices of the views whose values may have changed.
    pub fn set_filter(
        &mut self,
        dim: &str,
        filter: Option<Filter>,
    ) -> Result<Vec<usize>, CoreError> {
        let d = self.dim_index(dim)?;
        if d >= MAX_DIMENSIONS {
            return Err(CoreError::Query(format!("`{dim}` cannot be filtered")));
        }
        self.ensure_fail();
        let new_pass = match &filter {
            Some(f) => Some(self.compile(d, f)?),
            None => None,
        };
        let dimension = &self.dims[d];
        let codes = dimension.cardinality() + 1;
        let old = |c: usize| self.filters[d].as_ref().is_none_or(|f| f.pass[c]);
        let now: Vec<bool> = (0..codes)
            .map(|c| new_pass.as_ref().is_none_or(|p| p[c]))
            .collect();
        let changed: Vec<usize> = (0..codes).filter(|c| old(*c) != now[*c]).collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let delta: usize = changed.iter().map(|c| dimension.count_of(*c)).sum();
        self.filters[d] = new_pass.map(|pass| {
            let rows = (0..codes)
                .filter(|c| pass[*c])
                .map(|c| dimension.count_of(c))
                .sum();
            ActiveFilter { pass, rows }
        });
        let bit = 1u32 << d;

        let affected: Vec<usize> = (0..self.views.len())
            .filter(|v| self.views[*v].own_bit & bit == 0)
            .collect();
        let mut recompute = Vec::new();
        for &v in &affected {
            let view = &self.views[v];
            let incremental = matches!(view.calc, Calc::Incremental { .. });
            if incremental && delta <= self.driver_rows(view.own_bit).1 {
                let mask = !(bit | view.own_bit);
                for &c in &changed {
                    let sign = if now[c] { 1 } else { -1 };
                    let rows = self.dims[d].rows_of(c);
                    apply_rows(
                        &mut self.views[v],
                        &self.dims,
                        &self.measures,
                        &self.fail,
                        rows,
                        mask,
                        sign,
                    );
                }
            } else {
                recompute.push(v);
            }
        }
        for &c in &changed {
            match self.dims[d].rows_of(c) {
                Rows::List(rows) => rows.for_each(|r| self.fail[r as usize] ^= bit),
                Rows::Range(range) => self.fail[range].iter_mut().for_each(|f| *f ^= bit),
            }
        }
        for v in recompute {
            self.recompute(v);
        }
        Ok(affected)
    }

    /// The active filter (other than `own_bit`'s) passing the fewest rows, and how many.
    fn driver_rows(&self, own_bit: u32) -> (Option<usize>, usize) {
        let mut best = (None, self.rows);
        for (d, f) in self.filters.iter().enumerate() {
            if let Some(f) = f {
                if (1u32 << d) & own_bit == 0 && f.rows < best.1 {
                    best = (Some(d), f.rows);
                }
            }
        }
        best
    }

    /// Recomputes view `v` from the rows of its driver filter (or all rows).
    fn recompute(&mut self, v: usize) {
        let own_bit = self.views[v].own_bit;
        let (driver, _) = self.driver_rows(own_bit);
        let mask = !own_bit;
        let view = &mut self.views[v];
        let codes = self.dims[view.dim].codes();
        match &mut view.calc {
            Calc::Incremental { rows, parts } => {
                rows.iter_mut().for_each(|x| *x = 0);
                for p in parts.iter_mut() {
                    p.sums.iter_mut().for_each(|x| *x = 0.0);
                    p.counts.iter_mut().for_each(|x| *x = 0);
                }
            }
            Calc::Recomputed { rows, values } => {
                rows.iter_mut().for_each(|x| *x = 0);
                values.iter_mut().for_each(|x| *x = None);
            }
        }
        match driver {
            Some(dd) => {
                let dim = &self.dims[dd];
                let pass = self.filters[dd]
                    .as_ref()
                    .map(|f| f.pass.clone())
                    .unwrap_or_default();
                let mut passing: Vec<Rows<'_>> = Vec::new();
                for (c, p) in pass.iter().enumerate() {
                    if *p {
                        passing.push(dim.rows_of(c));
                    }
                }
                match &mut self.views[v].calc {
                    Calc::Incremental { .. } => {
                        for rows in passing {
                            apply_rows(
                                &mut self.views[v],
                                &self.dims,
                                &self.measures,
                                &self.fail,
                                rows,
                                mask,
                                1,
                            );
                        }
                    }
                    Calc::Recomputed { .. } => {
                        let rows: Vec<u32> = passing
                            .into_iter()
                            .flat_map(|rows| match rows {
                                Rows::List(l) => l.collect::<Vec<_>>(),
                                Rows::Range(r) => r.map(|x| x as u32).collect(),
                            })
                            .filter(|r| self.fail[*r as usize] & mask == 0)
                            .collect();
                        self.evaluate_generic(v, rows);
                    }
                }
            }
            None => match &mut view.calc {
                Calc::Incremental { rows, parts } => {
                    if self.filters.iter().all(Option::is_none) {
                        add_unfiltered(rows, parts, codes, &self.measures);
                    } else {
                        add_all(rows, parts, codes, &self.measures, &self.fail, mask);
                    }
                }
                Calc::Recomputed { .. } => {
                    let rows: Vec<u32> = (0..self.rows as u32)
                        .filter(|r| self.fail[*r as usize] & mask == 0)
                        .collect();
                    self.evaluate_generic(v, rows);
                }
            },
        }
    }

    /// Evaluates a recomputed view from its passing rows.
    fn evaluate_generic(&mut self, v: usize, mut rows: Vec<u32>) {
        let dim = self.views[v].dim;
        let codes = self.dims[dim].codes();
        rows.sort_by_key(|r| codes.get(*r as usize));
        let groups = self.dims[dim].cardinality() + 1;
        let mut counts = vec![0i64; groups];
        let mut values = vec![None; groups];
        let aggregate = self.views[v].spec.aggregate.clone();
        let mut start = 0;
        while start < rows.len() {
            let c = codes.get(rows[start] as usize);
            let end = start
                + rows[start..]
                    .iter()
                    .take_while(|r| codes.get(**r as usize) == c)
                    .count();
            counts[c as usize] = (end - start) as i64;
            values[c as usize] = self.aggregate_rows(&aggregate, &rows[start..end]);
            start = end;
        }
        if let Calc::Recomputed { rows, values: vals } = &mut self.views[v].calc {
            *rows = counts;
            *vals = values;
        }
    }

    fn aggregate_rows(&self, agg: &Aggregate, rows: &[u32]) -> Option<f64> {
        let measure = |column: &str| self.measures.iter().find(|m| m.column == column);
        let valid_values = |column: &str| -> Vec<f64> {
            let Some(m) = measure(column) else {
                return Vec::new();
            };
            rows.iter()
                .map(|r| *r as usize)
                .filter(|r| m.valid.as_ref().is_none_or(|v| v[*r]))
                .map(|r| m.values[r])
                .collect()
        };
        match agg {
            Aggregate::Count => Some(rows.len() as f64),
            Aggregate::Sum { column } => {
                let v = valid_values(column);
                (!v.is_empty()).then(|| v.iter().sum())
            }
            Aggregate::Mean { column } => {
                let v = valid_values(column);
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            }
            Aggregate::Min { column } => valid_values(column).into_iter().reduce(f64::min),
            Aggregate::Max { column } => valid_values(column).into_iter().reduce(f64::max),
            Aggregate::Quantile { column, q } => quantile(valid_values(column), *q),
            Aggregate::CountDistinct { column } => {
                let (_, dim) = self.distinct.iter().find(|(c, _)| c == column)?;
                let null = dim.null_code();
                let codes = dim.codes();
                let set: HashSet<u32> = rows
                    .iter()
                    .map(|r| codes.get(*r as usize))
                    .filter(|c| *c != null)
                    .collect();
                Some(set.len() as f64)
            }
            Aggregate::Ratio {
                numerator,
                denominator,
            } => {
                let n = self.aggregate_rows(numerator, rows)?;
                let d = self.aggregate_rows(denominator, rows)?;
                (d != 0.0).then(|| n / d)
            }
        }
    }

    /// The bins of dimension `dim` and each code's bin number, when it is binned.
    pub fn bins_of(&self, dim: &str) -> Result<Option<(&Bins, &[i64])>, CoreError> {
        Ok(self.dims[self.dim_index(dim)?].bins())
    }

    /// The keys of dimension `dim` in code order (as `passes` reports them).
    pub fn passes_keys(&self, dim: &str) -> Result<&[GroupKey], CoreError> {
        Ok(self.dims[self.dim_index(dim)?].keys())
    }

    /// Which codes of dimension `dim` (in `view_keys` order, the null code last) `filter`
    /// lets through, e.g. to highlight the selected bars.
    pub fn passes(&self, dim: &str, filter: &Filter) -> Result<Vec<bool>, CoreError> {
        self.compile(self.dim_index(dim)?, filter)
    }

    fn compile(&self, d: usize, filter: &Filter) -> Result<Vec<bool>, CoreError> {
        let dim = &self.dims[d];
        let codes = dim.cardinality();
        let mut pass = vec![false; codes + 1];
        let by_order = |lo: f64, hi: f64, pass: &mut Vec<bool>| -> Result<(), CoreError> {
            let order = dim.order_values().ok_or_else(|| {
                CoreError::Query(format!(
                    "`{}` is text; a range filter needs numbers or dates",
                    dim.name()
                ))
            })?;
            for (c, v) in order.iter().enumerate() {
                pass[c] = *v >= lo && *v <= hi;
            }
            Ok(())
        };
        match filter {
            Filter::DateRange { from, to, .. } => {
                by_order(f64::from(*from), f64::from(*to), &mut pass)?
            }
            Filter::NumberRange { min, max, .. } => match dim.bins() {
                Some((bins, ks)) => {
                    for (c, k) in ks.iter().enumerate() {
                        pass[c] = bins.inside(*k, *min, *max);
                    }
                }
                None => by_order(*min, *max, &mut pass)?,
            },
            Filter::OneOf { values, .. } => {
                let wanted: HashSet<&str> = values.iter().map(String::as_str).collect();
                for (c, key) in dim.keys().iter().enumerate() {
                    pass[c] = match key {
                        GroupKey::Text(s) => wanted.contains(s.as_str()),
                        GroupKey::Int(i) => wanted.contains(i.to_string().as_str()),
                        other => wanted.contains(other.label_nl().as_str()),
                    };
                }
            }
            Filter::Contains { text, .. } => {
                let needle = text.to_lowercase();
                for (c, key) in dim.keys().iter().enumerate() {
                    pass[c] = key.label_nl().to_lowercase().contains(&needle);
                }
            }
            Filter::IsNull { .. } => pass[codes] = true,
            Filter::NotNull { .. } => pass[..codes].iter_mut().for_each(|p| *p = true),
        }
        Ok(pass)
    }

    pub fn view_count(&self) -> usize {
        self.views.len()
    }

    pub fn view_id(&self, v: usize) -> &str {
        &self.views[v].spec.id
    }

    /// Keys of view `v`, one per code (the null code excluded).
    pub fn view_keys(&self, v: usize) -> &[GroupKey] {
        self.dims[self.views[v].dim].keys()
    }

    /// Values of view `v` per code (as `view_keys`), `None` where the group has no value.
    pub fn view_values(&self, v: usize) -> Vec<Option<f64>> {
        let view = &self.views[v];
        let n = self.dims[view.dim].cardinality();
        match &view.calc {
            Calc::Incremental { rows, parts } => (0..n)
                .map(|c| {
                    incremental_value(&view.spec.aggregate, c, rows, parts, &self.measures)
                        .filter(|_| !self.cells || parts.iter().all(|p| p.counts[c] == rows[c]))
                })
                .collect(),
            Calc::Recomputed { values, .. } => values[..n].to_vec(),
        }
    }

    /// Rows per code of view `v` that pass its filters.
    pub fn view_rows(&self, v: usize) -> &[i64] {
        match &self.views[v].calc {
            Calc::Incremental { rows, .. } | Calc::Recomputed { rows, .. } => rows,
        }
    }

    /// The groups of view `v` over only the rows whose code on dimension `split` passes
    /// `pass` (as [`Crossfilter::passes`] gives it), also ignoring the filters on `ignore`:
    /// a one-off split of a view that leaves the engine as it is, e.g. a policy effect's
    /// areas with the measure and its control areas. Groups without rows are left out.
    pub fn view_groups_split(
        &self,
        v: usize,
        split: &str,
        pass: &[bool],
        ignore: &[&str],
    ) -> Result<Vec<Group>, CoreError> {
        let view = self
            .views
            .get(v)
            .ok_or_else(|| CoreError::Query(format!("there is no view {v}")))?;
        let mut own = view.own_bit;
        for dim in ignore {
            let d = self.dim_index(dim)?;
            if d < MAX_DIMENSIONS {
                own |= 1u32 << d;
            }
        }
        let mask = !own;
        let split_codes = self.dims[self.dim_index(split)?].codes();
        let codes = self.dims[view.dim].codes();
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); self.dims[view.dim].cardinality()];
        for (r, fail) in self.fail.iter().enumerate() {
            if fail & mask == 0 && pass.get(split_codes.get(r) as usize) == Some(&true) {
                if let Some(group) = rows.get_mut(codes.get(r) as usize) {
                    group.push(r as u32);
                }
            }
        }
        Ok(self
            .view_keys(v)
            .iter()
            .zip(&rows)
            .filter(|(_, rows)| !rows.is_empty())
            .filter_map(|(key, rows)| {
                let value = self.aggregate_rows(&view.spec.aggregate, rows)?;
                Some(Group {
                    key: key.clone(),
                    value,
                    rows: rows.len() as u64,
                })
            })
            .collect())
    }

    /// Groups of view `v` that have rows and a value, in code order.
    pub fn groups(&self, v: usize) -> Vec<Group> {
        let values = self.view_values(v);
        let rows = self.view_rows(v);
        self.view_keys(v)
            .iter()
            .zip(values)
            .enumerate()
            .filter_map(|(c, (key, value))| {
                let n = rows[c];
                (n > 0).then_some(()).and(value).map(|value| Group {
                    key: key.clone(),
                    value,
                    rows: n as u64,
                })
            })
            .collect()
    }
}

fn is_incremental(agg: &Aggregate) -> bool {
    match agg {
        Aggregate::Count | Aggregate::Sum { .. } | Aggregate::Mean { .. } => true,
        Aggregate::Ratio {
            numerator,
            denominator,
        } => is_incremental(numerator) && is_incremental(denominator),
        _ => false,
    }
}

/// A view read a column the engine was built without.
fn not_loaded(column: &str) -> CoreError {
    CoreError::Query(format!(
        "column `{column}` is not in the engine; add it (add_measure) before the views that read it"
    ))
}

fn sum_columns(agg: &Aggregate) -> Vec<String> {
    match agg {
        Aggregate::Sum { column } | Aggregate::Mean { column } => vec![column.clone()],
        Aggregate::Ratio {
            numerator,
            denominator,
        } => {
            let mut v = sum_columns(numerator);
            v.extend(sum_columns(denominator));
            v
        }
        _ => Vec::new(),
    }
}

fn incremental_value(
    agg: &Aggregate,
    c: usize,
    rows: &[i64],
    parts: &[SumPart],
    measures: &[Measure],
) -> Option<f64> {
    let part = |column: &str| parts.iter().find(|p| measures[p.measure].column == column);
    match agg {
        Aggregate::Count => (rows[c] > 0).then_some(rows[c] as f64),
        Aggregate::Sum { column } => {
            part(column).and_then(|p| (p.counts[c] > 0).then_some(p.sums[c]))
        }
        Aggregate::Mean { column } => {
            part(column).and_then(|p| (p.counts[c] > 0).then(|| p.sums[c] / p.counts[c] as f64))
        }
        Aggregate::Ratio {
            numerator,
            denominator,
        } => {
            let n = incremental_value(numerator, c, rows, parts, measures)?;
            let d = incremental_value(denominator, c, rows, parts, measures)?;
            (d != 0.0).then(|| n / d)
        }
        _ => None,
    }
}

/// Adds (`sign` 1) or subtracts (−1) the rows that pass `mask` to an incremental view.
fn apply_rows(
    view: &mut View,
    dims: &[Dimension],
    measures: &[Measure],
    fail: &[u32],
    rows: Rows<'_>,
    mask: u32,
    sign: i64,
) {
    let Calc::Incremental {
        rows: counts,
        parts,
    } = &mut view.calc
    else {
        return;
    };
    crate::with_codes!(dims[view.dim].codes(), codes => match rows {
        Rows::List(list) => {
            accumulate(codes, counts, parts, measures, fail, list.map(|r| r as usize), mask, sign)
        }
        Rows::Range(range) => accumulate(codes, counts, parts, measures, fail, range, mask, sign),
    });
    // A group that lost its last row has a sum of exactly 0, not rounding residue.
    for p in parts.iter_mut() {
        for (s, n) in p.sums.iter_mut().zip(&p.counts) {
            if *n == 0 {
                *s = 0.0;
            }
        }
    }
}

/// Adds every row that passes `mask`, scanning the table in order (no filter to drive).
fn add_all(
    counts: &mut [i64],
    parts: &mut [SumPart],
    codes: &Codes,
    measures: &[Measure],
    fail: &[u32],
    mask: u32,
) {
    crate::with_codes!(codes, c => accumulate(c, counts, parts, measures, fail, 0..fail.len(), mask, 1));
}

/// Adds every row when no filter is active: the first dashboard, without reading masks.
fn add_unfiltered(counts: &mut [i64], parts: &mut [SumPart], codes: &Codes, measures: &[Measure]) {
    crate::with_codes!(codes, c => {
        match parts {
            [] => {
                for g in c {
                    counts[g.idx()] += 1;
                }
            }
            [p] if measures[p.measure].valid.is_none() => {
                for (g, x) in c.iter().zip(&measures[p.measure].values) {
                    let g = g.idx();
                    counts[g] += 1;
                    p.sums[g] += *x;
                }
                p.counts.copy_from_slice(counts);
            }
            parts => {
                let no_masks = vec![0u32; c.len()];
                accumulate(c, counts, parts, measures, &no_masks, 0..c.len(), 0, 1);
            }
        }
    });
}

/// The hot loop: for each row that passes `mask`, adds `sign` × (1, measure) to its group.
/// Specialised for the common shapes (a count; one sum without nulls), generic otherwise.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn accumulate<C: Code>(
    codes: &[C],
    counts: &mut [i64],
    parts: &mut [SumPart],
    measures: &[Measure],
    fail: &[u32],
    rows: impl Iterator<Item = usize>,
    mask: u32,
    sign: i64,
) {
    let fsign = sign as f64;
    match parts {
        [] => {
            for r in rows {
                if fail[r] & mask == 0 {
                    counts[codes[r].idx()] += sign;
                }
            }
        }
        [p] if measures[p.measure].valid.is_none() => {
            let m = &measures[p.measure].values;
            for r in rows {
                if fail[r] & mask == 0 {
                    let g = codes[r].idx();
                    counts[g] += sign;
                    p.sums[g] += fsign * m[r];
                }
            }
            // Without nulls the part's counts equal the row counts.
            p.counts.copy_from_slice(counts);
        }
        parts => {
            for r in rows {
                if fail[r] & mask == 0 {
                    let g = codes[r].idx();
                    counts[g] += sign;
                    for p in parts.iter_mut() {
                        let m = &measures[p.measure];
                        if m.valid.as_ref().is_none_or(|v| v[r]) {
                            p.sums[g] += fsign * m.values[r];
                            p.counts[g] += sign;
                        }
                    }
                }
            }
        }
    }
}

/// Linear-interpolation quantile (as numpy's default and R's type 7).
fn quantile(mut v: Vec<f64>, q: f64) -> Option<f64> {
    v.retain(|x| !x.is_nan());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let pos = q * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}
