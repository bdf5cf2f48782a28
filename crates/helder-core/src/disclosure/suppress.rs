//! Secondary suppression: after the primary rules hid the sensitive cells, hide enough
//! other cells that no hidden value can be recovered by adding and subtracting published
//! ones. A cheap local pass makes every relation protect each of its hidden cells on its
//! own; then the attack (linear programming over all relations at once) finds what the
//! local view missed, and each cell it breaches gets one more partner, until it passes.

use super::cube::{Cube, Status};
use super::rules::{Reason, Rules};
use crate::CoreError;

/// How a cube's cells ended up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub cells: usize,
    pub primary: usize,
    pub secondary: usize,
    /// Published cells whose shown value differs from the exact one (rounded).
    pub rounded: usize,
}

/// Counts the cells of `cube` (or of the cells `which` lets through) by status.
pub fn counts(cube: &Cube, rules: &Rules, which: impl Fn(usize) -> bool) -> Counts {
    let mut n = Counts::default();
    for (c, cell) in cube.cells.iter().enumerate().filter(|(c, _)| which(*c)) {
        let _ = c;
        n.cells += 1;
        match cell.status {
            Status::Suppressed(Reason::Secondary) => n.secondary += 1,
            Status::Suppressed(_) => n.primary += 1,
            Status::Published => {
                if rules.published(cube.class, cell.value()) != cell.value() {
                    n.rounded += 1;
                }
            }
        }
    }
    n
}

/// Runs secondary suppression until `attack` reports no breached cell (it returns the
/// breached cells). Gives up with an error after `max_rounds` attacks, or when a breached
/// cell has no published partner left to hide. Returns the number of attack rounds.
pub fn protect(
    cube: &mut Cube,
    rules: &Rules,
    max_rounds: usize,
    mut attack: impl FnMut(&Cube) -> Result<Vec<usize>, CoreError>,
) -> Result<usize, CoreError> {
    for round in 1..=max_rounds {
        while local_pass(cube, rules) > 0 {}
        let breached = attack(cube)?;
        if breached.is_empty() {
            return Ok(round);
        }
        let mut added = 0;
        for c in breached {
            let need = rules.protection(cube.class, cube.cells[c].value());
            // The relation with the fewest hidden cells is where the attacker pins it down.
            let choice = cube.cell_relations[c]
                .iter()
                .filter_map(|&r| Some((r, partner(cube, r, c, need)?)))
                .min_by_key(|&(r, _)| suppressed_in(cube, r));
            if let Some((_, p)) = choice {
                cube.cells[p].status = Status::Suppressed(Reason::Secondary);
                added += 1;
            }
        }
        if added == 0 {
            return Err(CoreError::Disclosure(
                "secondary suppression found no cell left to hide; the table cannot be published at this level of detail".into(),
            ));
        }
    }
    Err(CoreError::Disclosure(format!(
        "secondary suppression did not pass the attack within {max_rounds} rounds"
    )))
}

/// One pass over all relations; returns the number of cells it hid.
fn local_pass(cube: &mut Cube, rules: &Rules) -> usize {
    let mut added = 0;
    for r in 0..cube.relations.len() {
        let rel = &cube.relations[r];
        let total_hidden = cube.is_suppressed(rel.total);
        let hidden: Vec<usize> = rel
            .parts
            .iter()
            .copied()
            .filter(|&p| cube.is_suppressed(p))
            .collect();
        let hidden_sum: f64 = hidden.iter().map(|&p| cube.cells[p].value().abs()).sum();
        let mut want: Option<(usize, f64)> = None;
        if total_hidden {
            // The total can only be as uncertain as its hidden parts are large.
            let v = cube.cells[rel.total].value().abs();
            let need = rules.protection(cube.class, v).min(v);
            if hidden_sum < need {
                want = Some((rel.total, need - hidden_sum));
            }
        } else {
            // With the total published, a hidden part can only rise as far as the other
            // hidden parts can fall.
            for &p in &hidden {
                let others = hidden_sum - cube.cells[p].value().abs();
                let need = rules.protection(cube.class, cube.cells[p].value());
                if others < need {
                    want = Some((p, need - others));
                    break;
                }
            }
        }
        let Some((cell, need)) = want else { continue };
        if let Some(p) = partner(cube, r, cell, need) {
            cube.cells[p].status = Status::Suppressed(Reason::Secondary);
            added += 1;
        }
    }
    added
}

fn suppressed_in(cube: &Cube, r: usize) -> usize {
    let rel = &cube.relations[r];
    rel.parts
        .iter()
        .chain([&rel.total])
        .filter(|&&c| cube.is_suppressed(c))
        .count()
}

/// Published non-zero parts of relation `r` other than `cell`.
fn candidates(cube: &Cube, r: usize, cell: usize) -> impl Iterator<Item = usize> + '_ {
    cube.relations[r]
        .parts
        .iter()
        .copied()
        .filter(move |&p| p != cell && !cube.is_suppressed(p) && cube.cells[p].value() != 0.0)
}

/// The part of relation `r` to hide next to `cell`: the smallest one that gives `need` on
/// its own, preferring cells that also protect a lone hidden cell elsewhere; else the
/// largest; else the relation's total.
fn partner(cube: &Cube, r: usize, cell: usize, need: f64) -> Option<usize> {
    let lone_elsewhere = |p: usize| {
        cube.cell_relations[p]
            .iter()
            .any(|&o| o != r && suppressed_in(cube, o) == 1)
    };
    let value = |p: usize| cube.cells[p].value().abs();
    let enough = candidates(cube, r, cell)
        .filter(|&p| value(p) >= need)
        .min_by(|&a, &b| {
            (!lone_elsewhere(a), value(a))
                .partial_cmp(&(!lone_elsewhere(b), value(b)))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    enough
        .or_else(|| {
            candidates(cube, r, cell).max_by(|&a, &b| {
                value(a)
                    .partial_cmp(&value(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        })
        .or_else(|| {
            let t = cube.relations[r].total;
            (t != cell && !cube.is_suppressed(t)).then_some(t)
        })
}

#[cfg(test)]
mod tests {
    use super::super::attack::{attack, interval};
    use super::super::cube::{Cube, CubeInput};
    use super::super::rules::{MeasureClass, Rules};
    use super::*;

    /// Four buurten in two wijken over three months; buurt 0 has 3 clients in month 0.
    fn cube() -> Cube {
        let mut buurt = Vec::new();
        let mut wijk = Vec::new();
        let mut month = Vec::new();
        let mut values = Vec::new();
        let table = [
            [3.0, 40.0, 38.0],
            [25.0, 22.0, 30.0],
            [50.0, 45.0, 60.0],
            [12.0, 33.0, 28.0],
        ];
        for (b, row) in table.iter().enumerate() {
            for (m, v) in row.iter().enumerate() {
                buurt.push(b as u32);
                wijk.push((b / 2) as u32);
                month.push(m as u32);
                values.push(*v);
            }
        }
        let input = CubeInput {
            keys: vec![buurt, wijk, month],
            groups: vec![vec![0, 1], vec![2]],
            values: &values,
            contributors: None,
            levels: None,
        };
        Cube::build(&input, MeasureClass::Persons).unwrap()
    }

    fn attacked(cube: &Cube, rules: &Rules) -> Result<Vec<usize>, CoreError> {
        Ok(attack(cube, rules)?
            .breaches
            .iter()
            .map(|b| b.cell)
            .collect())
    }

    #[test]
    fn primary_suppression_alone_is_broken_by_differencing_and_the_full_method_is_not() {
        let rules = Rules::default();
        let mut cube = cube();
        cube.apply_primary(&rules);
        let three = cube
            .cells
            .iter()
            .position(|c| c.key == [Some(0), Some(0), Some(0)])
            .unwrap();
        assert!(cube.is_suppressed(three));
        assert_eq!(
            cube.cells
                .iter()
                .filter(|c| c.status.is_suppressed())
                .count(),
            1
        );
        // The wijk total minus the other buurt gives the hidden 3 exactly.
        let report = attack(&cube, &rules).unwrap();
        assert!(!report.passed());
        let (lo, hi) = interval(&cube, three).unwrap();
        assert!(
            (lo - 3.0).abs() < 1e-9 && (hi - 3.0).abs() < 1e-9,
            "{lo}..{hi}"
        );

        let rounds = protect(&mut cube, &rules, 20, |c| attacked(c, &rules)).unwrap();
        assert!(rounds >= 1);
        let report = attack(&cube, &rules).unwrap();
        assert!(report.passed(), "{report:?}");
        let (lo, hi) = interval(&cube, three).unwrap();
        assert!(lo <= 0.0 + 1e-9 && hi >= 8.0 - 1e-9, "{lo}..{hi}");
        let n = counts(&cube, &rules, |_| true);
        assert_eq!(n.primary, 1);
        assert!(n.secondary >= 3, "{n:?}");
        // Every relation with a hidden cell hides at least two.
        for (r, rel) in cube.relations.iter().enumerate() {
            let k = suppressed_in(&cube, r);
            assert!(k != 1, "relation {rel:?} hides one cell");
        }
    }

    #[test]
    fn random_tables_always_end_protected() {
        // A small linear congruential generator keeps the test deterministic.
        let mut seed = 12_345u64;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        let rules = Rules::default();
        let mut protected = 0;
        for _ in 0..20 {
            let (mut keys, mut values) = (vec![Vec::new(), Vec::new(), Vec::new()], Vec::new());
            for b in 0..6u32 {
                for m in 0..4u32 {
                    keys[0].push(b);
                    keys[1].push(b / 3);
                    keys[2].push(m);
                    values.push(if next(3) == 0 { next(8) } else { next(60) } as f64);
                }
            }
            let input = CubeInput {
                keys,
                groups: vec![vec![0, 1], vec![2]],
                values: &values,
                contributors: None,
                levels: None,
            };
            let mut cube = Cube::build(&input, MeasureClass::Persons).unwrap();
            cube.apply_primary(&rules);
            let result = protect(&mut cube, &rules, 50, |c| attacked(c, &rules));
            if let Err(e) = &result {
                eprintln!("{e}");
            }
            if result.is_ok() {
                assert!(attack(&cube, &rules).unwrap().passed());
                protected += 1;
            }
        }
        assert!(
            protected >= 18,
            "only {protected} of 20 tables could be protected"
        );
    }

    #[test]
    fn the_attack_sees_through_several_relations_at_once() {
        // A 2 × 2 table with all margins: hiding only the two cells of one row leaves each
        // recoverable from its column.
        let values = [3.0, 20.0, 30.0, 40.0];
        let input = CubeInput {
            keys: vec![vec![0, 0, 1, 1], vec![0, 1, 0, 1]],
            groups: vec![vec![0], vec![1]],
            values: &values,
            contributors: None,
            levels: None,
        };
        let rules = Rules::default();
        let mut cube = Cube::build(&input, MeasureClass::Persons).unwrap();
        for c in 0..cube.cells.len() {
            if cube.cells[c].key[0] == Some(0) && cube.cells[c].key[1].is_some() {
                cube.cells[c].status = Status::Suppressed(Reason::SmallCount);
            }
        }
        let report = attack(&cube, &rules).unwrap();
        assert_eq!(report.breaches.len(), 2);
        protect(&mut cube, &rules, 20, |c| attacked(c, &rules)).unwrap();
        assert!(attack(&cube, &rules).unwrap().passed());
    }
}
