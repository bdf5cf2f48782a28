//! A cube: every cell of a set of tables over the same records, at every level of every
//! hierarchy (buurt, wijk, gemeente; month, total), with the additive relations between
//! them. A relation says one cell (the margin) is the sum of others (its children), which is
//! exactly what an attacker can add and subtract.

use std::collections::HashMap;

use super::rules::{CellStats, MeasureClass, Reason, Rules};
use crate::CoreError;

/// A cell's key: one code per dimension, `None` where the cell is a total over it.
pub type Key = Vec<Option<u32>>;

/// Whether a cell is published, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Published,
    Suppressed(Reason),
}

impl Status {
    pub fn is_suppressed(self) -> bool {
        matches!(self, Status::Suppressed(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub key: Key,
    pub stats: CellStats,
    pub status: Status,
}

impl Cell {
    pub fn value(&self) -> f64 {
        self.stats.value
    }
}

/// `cells[total] = Σ cells[parts]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// The records a cube is built from, as codes per dimension.
#[derive(Debug, Clone)]
pub struct CubeInput<'a> {
    /// `keys[d][r]`: record `r`'s code in dimension `d`.
    pub keys: Vec<Vec<u32>>,
    /// Groups of dimensions, each a hierarchy finest first (`[buurt, wijk]`) or a single
    /// dimension; every dimension is in exactly one group.
    pub groups: Vec<Vec<usize>>,
    pub values: &'a [f64],
    /// Who each record belongs to (for contributor rules); `None`: each record is one.
    pub contributors: Option<&'a [u32]>,
    /// The level combinations to publish, one level per group (0 shows every dimension of
    /// the group, `group.len()` is its total); `None`: all of them. Their margins are
    /// always added, so every cell's totals are in the cube and take part in the attack.
    pub levels: Option<Vec<Vec<usize>>>,
}

#[derive(Debug, Clone)]
pub struct Cube {
    pub dims: usize,
    pub class: MeasureClass,
    pub cells: Vec<Cell>,
    pub relations: Vec<Relation>,
    /// `cell_relations[c]`: the relations cell `c` takes part in.
    pub cell_relations: Vec<Vec<usize>>,
}

#[derive(Default)]
struct Acc {
    sum: f64,
    rows: u32,
    by_contributor: HashMap<u32, f64>,
}

impl Cube {
    /// Builds every cell at every level combination, with its statistics and relations.
    pub fn build(input: &CubeInput<'_>, class: MeasureClass) -> Result<Cube, CoreError> {
        let dims = input.keys.len();
        let rows = input.values.len();
        if input.keys.iter().any(|k| k.len() != rows) {
            return Err(CoreError::Disclosure(
                "every dimension needs one code per record".into(),
            ));
        }
        if input.contributors.is_some_and(|c| c.len() != rows) {
            return Err(CoreError::Disclosure(
                "the contributors need one entry per record".into(),
            ));
        }
        let mut seen = vec![false; dims];
        for g in &input.groups {
            for &d in g {
                if d >= dims || std::mem::replace(&mut seen[d], true) {
                    return Err(CoreError::Disclosure(format!(
                        "dimension {d} is missing or in two hierarchies"
                    )));
                }
            }
        }
        if let Some(d) = seen.iter().position(|s| !s) {
            return Err(CoreError::Disclosure(format!(
                "dimension {d} is in no hierarchy group"
            )));
        }
        check_hierarchies(input)?;
        // Every combination of levels: in a group of k dimensions, level l hides the l
        // finest ones (level k is the group's total).
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        for g in &input.groups {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    (0..=g.len()).map(move |l| {
                        let mut c = c.clone();
                        c.push(l);
                        c
                    })
                })
                .collect();
        }
        if let Some(wanted) = &input.levels {
            if let Some(bad) = wanted.iter().find(|w| {
                w.len() != input.groups.len()
                    || w.iter().zip(&input.groups).any(|(&l, g)| l > g.len())
            }) {
                return Err(CoreError::Disclosure(format!(
                    "level combination {bad:?} does not fit groups {:?}",
                    input.groups
                )));
            }
            // A combination is kept when it is a margin of a wanted one: every level at
            // least as coarse.
            combos.retain(|c| {
                wanted
                    .iter()
                    .any(|w| c.iter().zip(w).all(|(&have, &want)| have >= want))
            });
        }
        let magnitude = class == MeasureClass::Magnitude;
        let mut accs: HashMap<Key, Acc> = HashMap::new();
        let mut key = vec![None; dims];
        for r in 0..rows {
            let v = input.values[r];
            if !v.is_finite() {
                continue;
            }
            for combo in &combos {
                for (g, &level) in input.groups.iter().zip(combo) {
                    for (i, &d) in g.iter().enumerate() {
                        key[d] = (i >= level).then(|| input.keys[d][r]);
                    }
                }
                let acc = accs.entry(key.clone()).or_default();
                acc.sum += v;
                acc.rows += 1;
                if magnitude {
                    let who = input.contributors.map_or(r as u32, |c| c[r]);
                    *acc.by_contributor.entry(who).or_default() += v;
                }
            }
        }
        let mut keyed: Vec<(Key, Acc)> = accs.into_iter().collect();
        crate::sort_order::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
        let mut index = HashMap::with_capacity(keyed.len());
        let mut cells = Vec::with_capacity(keyed.len());
        for (i, (key, acc)) in keyed.into_iter().enumerate() {
            let (contributors, top) = if magnitude {
                let mut top = [0.0f64; 2];
                for v in acc.by_contributor.values() {
                    let v = v.abs();
                    if v > top[0] {
                        top = [v, top[0]];
                    } else if v > top[1] {
                        top[1] = v;
                    }
                }
                (acc.by_contributor.len() as u32, top)
            } else {
                (acc.rows, [0.0; 2])
            };
            index.insert(key.clone(), i);
            cells.push(Cell {
                key,
                stats: CellStats {
                    value: acc.sum,
                    contributors,
                    top,
                    denominator: None,
                },
                status: Status::Published,
            });
        }
        // A cell's parent in a group hides the finest dimension the cell still shows there.
        let mut by_parent: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (c, cell) in cells.iter().enumerate() {
            for (g, group) in input.groups.iter().enumerate() {
                let Some(&d) = group.iter().find(|&&d| cell.key[d].is_some()) else {
                    continue;
                };
                let mut parent = cell.key.clone();
                parent[d] = None;
                let p = *index.get(&parent).ok_or_else(|| {
                    CoreError::Disclosure("a cell's margin is missing from the cube".into())
                })?;
                by_parent.entry((p, g)).or_default().push(c);
            }
        }
        let mut relations: Vec<Relation> = by_parent
            .into_iter()
            .map(|((total, _), parts)| Relation { total, parts })
            .collect();
        crate::sort_order::sort_by(&mut relations, |a, b| {
            (a.total, &a.parts).cmp(&(b.total, &b.parts))
        });
        Ok(Cube::from_parts(dims, class, cells, relations))
    }

    /// A cube from cells and relations given directly (tests, hand-made tables).
    pub fn from_parts(
        dims: usize,
        class: MeasureClass,
        cells: Vec<Cell>,
        relations: Vec<Relation>,
    ) -> Cube {
        let mut cell_relations = vec![Vec::new(); cells.len()];
        for (r, rel) in relations.iter().enumerate() {
            for &c in rel.parts.iter().chain([&rel.total]) {
                if let Some(list) = cell_relations.get_mut(c) {
                    list.push(r);
                }
            }
        }
        Cube {
            dims,
            class,
            cells,
            relations,
            cell_relations,
        }
    }

    /// Marks every cell that fails a primary rule.
    pub fn apply_primary(&mut self, rules: &Rules) {
        for cell in &mut self.cells {
            if let Some(reason) = rules.primary(self.class, &cell.stats) {
                cell.status = Status::Suppressed(reason);
            }
        }
    }

    pub fn is_suppressed(&self, c: usize) -> bool {
        self.cells[c].status.is_suppressed()
    }

    /// The levels of cell `c` as a table name: which dimensions it shows.
    pub fn shown_dims(&self, c: usize) -> Vec<usize> {
        (0..self.dims)
            .filter(|&d| self.cells[c].key[d].is_some())
            .collect()
    }
}

/// Every value of a finer dimension must lie in exactly one value of the coarser one.
fn check_hierarchies(input: &CubeInput<'_>) -> Result<(), CoreError> {
    for g in &input.groups {
        for pair in g.windows(2) {
            let (child, parent) = (pair[0], pair[1]);
            let mut of: HashMap<u32, u32> = HashMap::new();
            for (c, p) in input.keys[child].iter().zip(&input.keys[parent]) {
                if *of.entry(*c).or_insert(*p) != *p {
                    return Err(CoreError::Disclosure(format!(
                        "hierarchy: a value of dimension {child} lies in two values of dimension {parent}; list only true hierarchies (e.g. buurt in wijk)"
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_margins_and_relations_over_a_hierarchy_and_time() {
        // Two buurten (0, 1) in wijk 0 and one (2) in wijk 1, over two months.
        let buurt = vec![0, 1, 2, 0, 1, 2];
        let wijk = vec![0, 0, 1, 0, 0, 1];
        let month = vec![0, 0, 0, 1, 1, 1];
        let values = [3.0, 10.0, 20.0, 4.0, 11.0, 21.0];
        let input = CubeInput {
            keys: vec![buurt, wijk, month],
            groups: vec![vec![0, 1], vec![2]],
            values: &values,
            contributors: None,
            levels: None,
        };
        let cube = Cube::build(&input, MeasureClass::Persons).unwrap();
        // (3 buurten + 2 wijken + 1 total) × (2 months + total).
        assert_eq!(cube.cells.len(), 18);
        let find = |k: [Option<u32>; 3]| cube.cells.iter().find(|c| c.key == k).unwrap();
        assert_eq!(find([None, None, None]).value(), 69.0);
        assert_eq!(find([None, Some(0), None]).value(), 28.0);
        assert_eq!(find([Some(0), Some(0), None]).value(), 7.0);
        for rel in &cube.relations {
            let sum: f64 = rel.parts.iter().map(|&p| cube.cells[p].value()).sum();
            assert_eq!(sum, cube.cells[rel.total].value());
        }
        let bad = CubeInput {
            keys: vec![vec![0, 0], vec![0, 1]],
            groups: vec![vec![0, 1]],
            values: &[1.0, 2.0],
            contributors: None,
            levels: None,
        };
        assert!(Cube::build(&bad, MeasureClass::Persons).is_err());

        // Only buurten over all months and wijken per month: no buurt × month cells, but
        // every margin of the wanted tables.
        let restricted = CubeInput {
            levels: Some(vec![vec![0, 1], vec![1, 0]]),
            ..input
        };
        let cube = Cube::build(&restricted, MeasureClass::Persons).unwrap();
        // buurt (3) + wijk × month (2 × 2) + wijk (2) + month (2) + total (1).
        assert_eq!(cube.cells.len(), 12);
        assert!(!cube
            .cells
            .iter()
            .any(|c| c.key[0].is_some() && c.key[2].is_some()));
        for rel in &cube.relations {
            let sum: f64 = rel.parts.iter().map(|&p| cube.cells[p].value()).sum();
            assert_eq!(sum, cube.cells[rel.total].value());
        }
        let wrong = CubeInput {
            levels: Some(vec![vec![3, 0]]),
            ..restricted
        };
        assert!(Cube::build(&wrong, MeasureClass::Persons).is_err());
    }
}
