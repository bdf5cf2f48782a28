//! The attack that verifies a suppression pattern: for every suppressed cell, linear
//! programming over all published values finds the tightest interval an attacker can
//! deduce for it, and the interval must reach the protection level on both sides.
//!
//! Only suppressed cells are variables; published cells enter as constants at their exact
//! (unrounded) values, as if the attacker knew them precisely. Rounding only adds
//! uncertainty, so a pattern that survives this attack survives the real one. Suppressed
//! cells are split into independent components (cells linked through relations), and a
//! solution found for one cell often already proves another cell's side wide enough, which
//! saves most of the programs.

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::cube::Cube;
use super::rules::Rules;
use crate::CoreError;

/// What the attack learned about one suppressed cell that it could narrow down too far.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    pub cell: usize,
    /// The tightest interval the attacker can deduce.
    pub lower: f64,
    pub upper: f64,
    /// The interval the protection level asks for at least.
    pub need_lower: f64,
    pub need_upper: f64,
}

/// The outcome of an attack on a whole cube.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttackReport {
    /// Suppressed cells checked.
    pub checked: usize,
    /// Linear programs solved.
    pub programs: usize,
    /// Independent groups of suppressed cells, and the largest one's size.
    pub components: usize,
    pub largest_component: usize,
    /// Cells the attacker narrows down below the protection level.
    pub breaches: Vec<Breach>,
}

impl AttackReport {
    pub fn passed(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// The interval the protection level asks for around cell `c`'s value: the attacker must
/// not be able to rule out values this far either way (never below the natural bound).
pub fn required(cube: &Cube, rules: &Rules, c: usize) -> (f64, f64) {
    let v = cube.cells[c].value();
    let p = rules.protection(cube.class, v);
    let floor = lower_bound(cube);
    ((v - p).max(floor), v + p)
}

/// Counts and sums of amounts are never negative, which an attacker knows too.
fn lower_bound(cube: &Cube) -> f64 {
    if cube.cells.iter().all(|c| c.value() >= 0.0) {
        0.0
    } else {
        f64::NEG_INFINITY
    }
}

/// The suppressed cells linked through relations, as groups of cell indices.
pub fn components(cube: &Cube) -> Vec<Vec<usize>> {
    let n = cube.cells.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for rel in &cube.relations {
        let mut first = None;
        for &c in rel.parts.iter().chain([&rel.total]) {
            if !cube.is_suppressed(c) {
                continue;
            }
            match first {
                None => first = Some(c),
                Some(f) => {
                    let (a, b) = (find(&mut parent, f), find(&mut parent, c));
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for c in (0..n).filter(|&c| cube.is_suppressed(c)) {
        let root = find(&mut parent, c);
        groups.entry(root).or_default().push(c);
    }
    groups.into_values().collect()
}

/// The linear system of one component: its cells become variables `0..cells.len()`.
struct System {
    cells: Vec<usize>,
    /// Each constraint: (variable, coefficient) terms = right-hand side.
    rows: Vec<(Vec<(usize, f64)>, f64)>,
    floor: f64,
}

impl System {
    fn new(cube: &Cube, cells: &[usize]) -> System {
        let var: std::collections::HashMap<usize, usize> =
            cells.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut rels: Vec<usize> = cells
            .iter()
            .flat_map(|&c| cube.cell_relations[c].iter().copied())
            .collect();
        rels.sort_unstable();
        rels.dedup();
        let rows = rels
            .into_iter()
            .map(|r| {
                let rel = &cube.relations[r];
                // Σ parts − total = 0, with published cells moved to the right-hand side.
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (&c, coef) in rel
                    .parts
                    .iter()
                    .map(|p| (p, 1.0))
                    .chain([(&rel.total, -1.0)])
                {
                    match var.get(&c) {
                        Some(&v) => terms.push((v, coef)),
                        None => rhs -= coef * cube.cells[c].value(),
                    }
                }
                (terms, rhs)
            })
            .collect();
        System {
            cells: cells.to_vec(),
            rows,
            floor: lower_bound(cube),
        }
    }

    /// Minimises or maximises variable `target`; returns the optimum and the solution, or
    /// an infinite optimum when the attacker cannot bound it at all.
    fn solve(&self, target: usize, maximise: bool) -> Result<(f64, Option<Vec<f64>>), CoreError> {
        let dir = if maximise {
            OptimizationDirection::Maximize
        } else {
            OptimizationDirection::Minimize
        };
        let mut p = Problem::new(dir);
        let vars: Vec<_> = (0..self.cells.len())
            .map(|i| {
                p.add_var(
                    if i == target { 1.0 } else { 0.0 },
                    (self.floor, f64::INFINITY),
                )
            })
            .collect();
        for (terms, rhs) in &self.rows {
            let expr: Vec<_> = terms.iter().map(|&(v, c)| (vars[v], c)).collect();
            p.add_constraint(expr.as_slice(), ComparisonOp::Eq, *rhs);
        }
        match p.solve() {
            Ok(outcome) => {
                let sol = outcome.into_solution().map_err(|_| {
                    CoreError::Disclosure("the attack's linear program was interrupted".into())
                })?;
                let values = vars.iter().map(|&v| sol.var_value(v)).collect();
                Ok((sol.var_value(vars[target]), Some(values)))
            }
            Err(microlp::Error::Unbounded) => Ok((
                if maximise {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                },
                None,
            )),
            Err(e) => Err(CoreError::Disclosure(format!(
                "the attack's linear program failed: {e}"
            ))),
        }
    }
}

/// Tolerance for comparing an optimum with a required bound.
fn tolerance(v: f64) -> f64 {
    1e-6 * v.abs().max(1.0)
}

/// Attacks every suppressed cell of `cube`.
pub fn attack(cube: &Cube, rules: &Rules) -> Result<AttackReport, CoreError> {
    let mut report = AttackReport::default();
    for comp in components(cube) {
        report.components += 1;
        report.largest_component = report.largest_component.max(comp.len());
        report.checked += comp.len();
        let sys = System::new(cube, &comp);
        let need: Vec<(f64, f64)> = comp.iter().map(|&c| required(cube, rules, c)).collect();
        // Sides already shown wide enough by some feasible solution.
        let mut low_ok = vec![false; comp.len()];
        let mut high_ok = vec![false; comp.len()];
        let witness = |values: &[f64], low_ok: &mut [bool], high_ok: &mut [bool]| {
            for (i, x) in values.iter().enumerate() {
                let (lo, hi) = need[i];
                if *x <= lo + tolerance(lo) {
                    low_ok[i] = true;
                }
                if *x >= hi - tolerance(hi) {
                    high_ok[i] = true;
                }
            }
        };
        for i in 0..comp.len() {
            let mut bounds = [f64::NAN, f64::NAN];
            for (side, maximise) in [(0, false), (1, true)] {
                let done = if maximise { high_ok[i] } else { low_ok[i] };
                if done {
                    continue;
                }
                let (opt, values) = sys.solve(i, maximise)?;
                report.programs += 1;
                bounds[side] = opt;
                match values {
                    Some(v) => witness(&v, &mut low_ok, &mut high_ok),
                    None if maximise => high_ok[i] = true,
                    None => low_ok[i] = true,
                }
            }
            if !(low_ok[i] && high_ok[i]) {
                let v = cube.cells[comp[i]].value();
                report.breaches.push(Breach {
                    cell: comp[i],
                    lower: if bounds[0].is_nan() { v } else { bounds[0] },
                    upper: if bounds[1].is_nan() { v } else { bounds[1] },
                    need_lower: need[i].0,
                    need_upper: need[i].1,
                });
            }
        }
    }
    Ok(report)
}

/// The tightest interval an attacker can deduce for suppressed cell `c`.
pub fn interval(cube: &Cube, c: usize) -> Result<(f64, f64), CoreError> {
    let comp = components(cube)
        .into_iter()
        .find(|comp| comp.contains(&c))
        .ok_or_else(|| CoreError::Disclosure(format!("cell {c} is not suppressed")))?;
    let sys = System::new(cube, &comp);
    let i = comp.iter().position(|&x| x == c).unwrap_or(0);
    Ok((sys.solve(i, false)?.0, sys.solve(i, true)?.0))
}
