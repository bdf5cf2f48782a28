//! One dataset of a public site: its records become a protected cube (every cell of the
//! dimensions its public pages use, at every level of their hierarchies), one column per
//! measure with suppressed cells empty, as an Arrow record batch. Nothing of a record
//! survives but its contribution to the cells.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use helder_core::disclosure::attack::{self, AttackReport};
use helder_core::disclosure::cube::Key;
use helder_core::disclosure::suppress::{self, Counts};
use helder_core::disclosure::{Cube, CubeInput, MeasureClass, Rules, Status};
use helder_core::spec::{Agg, Role, Spec, Unit};
use helder_core::{date, ColumnData, Table};

/// The status column's word for a suppressed cell, as Statistics Netherlands writes it.
pub const GEHEIM: &str = "geheim";

/// Attack rounds before secondary suppression gives up.
const MAX_ROUNDS: usize = 200;

/// Cells per measure beyond which protection would take hours: each attack solves two
/// linear programs over every cell for each secret one.
const MAX_CELLS: usize = 20_000;

/// How a dimension's values become codes and back.
#[derive(Debug, Clone)]
enum DimValues {
    Text(Vec<String>),
    Int(Vec<i64>),
    /// Month indices (year × 12 + month − 1).
    Month(Vec<i32>),
}

#[derive(Debug, Clone)]
struct Dim {
    name: String,
    values: DimValues,
    /// Per record its code, `None` where the record has no value.
    codes: Vec<Option<u32>>,
}

/// One measure's protected cells and what happened to them.
#[derive(Debug, Clone)]
pub struct MeasureResult {
    pub name: String,
    pub class: MeasureClass,
    pub cube: Cube,
    pub attack: AttackReport,
    pub rounds: usize,
}

/// One level combination of the cube (a "table" in the report): the dimensions it shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TableName(pub Vec<String>);

impl std::fmt::Display for TableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            write!(f, "totaal")
        } else {
            write!(f, "{}", self.0.join(" × "))
        }
    }
}

/// A dataset's protected cube, ready to write.
#[derive(Debug)]
pub struct PublishedCube {
    pub dataset: String,
    pub dims: Vec<String>,
    pub measures: Vec<MeasureResult>,
    pub batch: RecordBatch,
    /// Records left out because a published dimension was empty in them.
    pub records_without_key: usize,
    pub rules: Rules,
}

impl PublishedCube {
    /// Cell counts per table (level combination) and measure.
    pub fn table_counts(&self) -> Vec<(TableName, String, Counts)> {
        let mut out = Vec::new();
        for m in &self.measures {
            let mut tables: BTreeMap<TableName, Vec<usize>> = BTreeMap::new();
            for c in 0..m.cube.cells.len() {
                let name = TableName(
                    m.cube
                        .shown_dims(c)
                        .into_iter()
                        .map(|d| self.dims[d].clone())
                        .collect(),
                );
                tables.entry(name).or_default().push(c);
            }
            for (name, cells) in tables {
                let set: std::collections::HashSet<usize> = cells.into_iter().collect();
                let n = suppress::counts(&m.cube, &self.rules, |c| set.contains(&c));
                out.push((name, m.name.clone(), n));
            }
        }
        out
    }
}

/// Builds and protects the cube of `dataset` over `dims` for `measures`.
pub fn build(
    spec: &Spec,
    dataset: &str,
    table: &Table,
    dims: &[String],
    measures: &[String],
    tables: &BTreeSet<BTreeSet<String>>,
) -> Result<PublishedCube> {
    let ds = spec
        .datasets
        .get(dataset)
        .with_context(|| format!("the spec has no dataset `{dataset}`"))?;
    let rules = ds.disclosure_rules();
    let dims: Vec<Dim> = dims
        .iter()
        .map(|d| dim(table, d).with_context(|| format!("dataset `{dataset}`, column `{d}`")))
        .collect::<Result<_>>()?;
    // Records with an empty dimension have no cell to add to.
    let keep: Vec<usize> = (0..table.rows())
        .filter(|&r| dims.iter().all(|d| d.codes[r].is_some()))
        .collect();
    let keys: Vec<Vec<u32>> = dims
        .iter()
        .map(|d| keep.iter().map(|&r| d.codes[r].unwrap_or(0)).collect())
        .collect();
    let groups = groups(&rules, &dims)?;
    // Each table as one level per group: the finest of the group's columns it shows.
    let levels: Vec<Vec<usize>> = tables
        .iter()
        .map(|t| {
            groups
                .iter()
                .map(|g| {
                    g.iter()
                        .position(|&d| t.contains(&dims[d].name))
                        .unwrap_or(g.len())
                })
                .collect()
        })
        .collect();
    let id_column = ds
        .columns
        .iter()
        .find(|(_, c)| c.get_ref().role == Role::Id)
        .map(|(name, _)| name.clone());
    let contributors: Option<Vec<u32>> = match &id_column {
        Some(col) => Some(
            dim(table, col)?
                .codes
                .iter()
                .enumerate()
                .filter(|(r, _)| keep.binary_search(r).is_ok())
                .map(|(_, c)| c.unwrap_or(u32::MAX))
                .collect(),
        ),
        None => None,
    };
    let mut results = Vec::new();
    for m in measures {
        let ms = spec
            .measure(dataset, m)
            .with_context(|| format!("dataset `{dataset}` has no measure `{m}`"))?;
        let (values, class) = match ms.agg {
            Agg::Count => (vec![1.0; keep.len()], MeasureClass::Persons),
            Agg::Sum => {
                let col = ms
                    .column
                    .as_ref()
                    .with_context(|| format!("measure `{m}` has no column"))?;
                let c = table.numeric_column(col.get_ref())?;
                // An empty amount adds nothing; every record still has its cell.
                let values = keep.iter().map(|&r| c.number(r).unwrap_or(0.0)).collect();
                let class = if ms.unit == Some(Unit::Count) {
                    MeasureClass::Persons
                } else {
                    MeasureClass::Magnitude
                };
                (values, class)
            }
            other => bail!(
                "measure `{m}` of `{dataset}` is {other:?}; public pages publish counts and sums only"
            ),
        };
        let input = CubeInput {
            keys: keys.clone(),
            groups: groups.clone(),
            values: &values,
            contributors: contributors.as_deref(),
            levels: Some(levels.clone()),
        };
        let mut cube = Cube::build(&input, class)
            .with_context(|| format!("building the cube of `{dataset}`.`{m}`"))?;
        if cube.cells.len() > MAX_CELLS {
            bail!(
                "`{dataset}`.`{m}` would publish {} cells, more than the {MAX_CELLS} the attack can check in reasonable time; offer fewer public filters or coarser groupings (e.g. wijk instead of buurt) on its public pages",
                cube.cells.len()
            );
        }
        cube.apply_primary(&rules);
        let mut last = AttackReport::default();
        let rounds = suppress::protect(&mut cube, &rules, MAX_ROUNDS, |c| {
            last = attack::attack(c, &rules)?;
            Ok(last.breaches.iter().map(|b| b.cell).collect())
        })
        .with_context(|| format!("protecting `{dataset}`.`{m}`"))?;
        if !last.passed() {
            bail!("`{dataset}`.`{m}` fails the attack; nothing is published");
        }
        results.push(MeasureResult {
            name: m.clone(),
            class,
            cube,
            attack: last,
            rounds,
        });
    }
    let batch = to_batch(&dims, &results, &rules)?;
    Ok(PublishedCube {
        dataset: dataset.to_string(),
        dims: dims.iter().map(|d| d.name.clone()).collect(),
        measures: results,
        batch,
        records_without_key: table.rows() - keep.len(),
        rules,
    })
}

/// The dimension groups for the cube: each hierarchy of the rules whose columns are all
/// published (finest first), and every other dimension on its own.
fn groups(rules: &Rules, dims: &[Dim]) -> Result<Vec<Vec<usize>>> {
    let index = |name: &str| dims.iter().position(|d| d.name == name);
    let mut grouped = vec![false; dims.len()];
    let mut out = Vec::new();
    for h in &rules.hierarchies {
        let members: Vec<usize> = h.iter().filter_map(|c| index(c)).collect();
        if members.len() < 2 {
            continue;
        }
        for &m in &members {
            if std::mem::replace(&mut grouped[m], true) {
                bail!("column `{}` is in two hierarchies", dims[m].name);
            }
        }
        out.push(members);
    }
    out.extend((0..dims.len()).filter(|&d| !grouped[d]).map(|d| vec![d]));
    Ok(out)
}

/// A column's values as codes: text by its dictionary, whole numbers by value, dates and
/// timestamps by month (public cubes publish months, never days).
fn dim(table: &Table, name: &str) -> Result<Dim> {
    let col = table.column(name)?;
    let n = table.rows();
    let valid = |r: usize| col.is_valid(r);
    let (values, codes) = match &col.data {
        ColumnData::Category { codes, dict } => {
            // Compact codes over the values that occur, so the cube holds no other labels.
            let mut used: BTreeMap<u32, u32> = BTreeMap::new();
            for r in (0..n).filter(|&r| valid(r)) {
                used.insert(codes[r], 0);
            }
            let mut labels = Vec::with_capacity(used.len());
            for (i, (code, slot)) in used.iter_mut().enumerate() {
                *slot = i as u32;
                labels.push(dict.get(*code as usize).cloned().unwrap_or_default());
            }
            let out = (0..n).map(|r| valid(r).then(|| used[&codes[r]])).collect();
            (DimValues::Text(labels), out)
        }
        ColumnData::Int(v) => {
            let distinct: Vec<i64> = {
                let mut d: Vec<i64> = (0..n).filter(|&r| valid(r)).map(|r| v[r]).collect();
                d.sort_unstable();
                d.dedup();
                d
            };
            let out = (0..n)
                .map(|r| valid(r).then(|| distinct.binary_search(&v[r]).unwrap_or(0) as u32))
                .collect();
            (DimValues::Int(distinct), out)
        }
        ColumnData::Date(_) | ColumnData::Timestamp { .. } => {
            let day = |r: usize| -> Option<i32> {
                match &col.data {
                    ColumnData::Date(d) => Some(d[r]),
                    ColumnData::Timestamp { micros, .. } => {
                        i32::try_from(micros[r].div_euclid(86_400_000_000)).ok()
                    }
                    _ => None,
                }
            };
            let months: Vec<Option<i32>> = (0..n)
                .map(|r| {
                    if valid(r) {
                        day(r).map(date::month_index)
                    } else {
                        None
                    }
                })
                .collect();
            let mut distinct: Vec<i32> = months.iter().flatten().copied().collect();
            distinct.sort_unstable();
            distinct.dedup();
            let out = months
                .iter()
                .map(|m| m.map(|m| distinct.binary_search(&m).unwrap_or(0) as u32))
                .collect();
            (DimValues::Month(distinct), out)
        }
        other => bail!("is {}, which a public page cannot group by", other.kind()),
    };
    Ok(Dim {
        name: name.to_string(),
        values,
        codes,
    })
}

/// The cube as columns: one per dimension (empty = the total over it), then per measure its
/// published value (empty where suppressed) and a status column saying `geheim` there.
fn to_batch(dims: &[Dim], measures: &[MeasureResult], rules: &Rules) -> Result<RecordBatch> {
    // Every measure's cube has the same cells, since the same records build them.
    let mut rows: BTreeMap<Key, Vec<Option<(f64, Status)>>> = BTreeMap::new();
    for (i, m) in measures.iter().enumerate() {
        for cell in &m.cube.cells {
            let slot = rows
                .entry(cell.key.clone())
                .or_insert_with(|| vec![None; measures.len()]);
            slot[i] = Some((cell.value(), cell.status));
        }
    }
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (d, dim) in dims.iter().enumerate() {
        let codes = rows.keys().map(|k| k[d]);
        let (array, data_type): (ArrayRef, DataType) = match &dim.values {
            DimValues::Text(labels) => (
                Arc::new(
                    codes
                        .map(|c| c.and_then(|c| labels.get(c as usize).map(String::as_str)))
                        .collect::<DictionaryArray<Int32Type>>(),
                ),
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            ),
            DimValues::Int(values) => (
                Arc::new(Int64Array::from(
                    codes
                        .map(|c| c.and_then(|c| values.get(c as usize).copied()))
                        .collect::<Vec<_>>(),
                )),
                DataType::Int64,
            ),
            DimValues::Month(months) => (
                Arc::new(Date32Array::from(
                    codes
                        .map(|c| {
                            c.and_then(|c| months.get(c as usize)).and_then(|&m| {
                                let (y, mo) = date::month_parts(m);
                                date::from_ymd(y, mo, 1)
                            })
                        })
                        .collect::<Vec<_>>(),
                )),
                DataType::Date32,
            ),
        };
        fields.push(Field::new(&dim.name, data_type, true));
        columns.push(array);
    }
    for (i, m) in measures.iter().enumerate() {
        // Built from options, so a suppressed cell's slot holds 0, not its value.
        let values: Vec<Option<f64>> = rows
            .values()
            .map(|v| match v[i] {
                Some((x, Status::Published)) => Some(rules.published(m.class, x)),
                _ => None,
            })
            .collect();
        let status: Vec<Option<&str>> = rows
            .values()
            .map(|v| match v[i] {
                Some((_, Status::Published)) => None,
                _ => Some(GEHEIM),
            })
            .collect();
        fields.push(Field::new(&m.name, DataType::Float64, true));
        columns.push(Arc::new(Float64Array::from(values)));
        fields.push(Field::new(status_column(&m.name), DataType::Utf8, true));
        columns.push(Arc::new(StringArray::from(status)));
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}

/// The name of a measure's status column in a cube.
pub fn status_column(measure: &str) -> String {
    format!("{measure}_status")
}
