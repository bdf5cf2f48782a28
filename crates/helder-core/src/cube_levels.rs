//! How a page reads a published cube (`helder publish`): which cells each view adds up.
//!
//! A cube holds every published cell once, with an empty column meaning "the total over
//! this column" (a wijk's row has no buurt; the municipality's row has neither). A view
//! must read exactly the cells of one level: those that show the columns it groups by and
//! the columns the reader filters on, and are totals over every other column. The engine
//! expresses that with one hidden "level" filter per column (`is empty`), which a view
//! ignores for the columns it groups by. In a hierarchy (buurt in wijk) a buurt's cell
//! also names its wijk, so a view over buurten ignores the wijk level too, and a filter on
//! a buurt lifts the wijk level for every view.

use std::collections::BTreeSet;

/// The name of the hidden dimension that holds column `column`'s level filter.
pub fn level_dimension(column: &str) -> String {
    format!("\u{0}level:{column}")
}

#[derive(Debug, Clone)]
pub struct CubeLevels {
    /// The cube's columns (its dimensions), each with a level filter.
    pub columns: Vec<String>,
    /// Hierarchies, finest first (`[buurt, wijk]`).
    pub hierarchies: Vec<Vec<String>>,
    /// Per engine view: the columns it groups by.
    pub view_columns: Vec<BTreeSet<String>>,
}

impl CubeLevels {
    /// The columns coarser than `column` in its hierarchy (wijk for buurt).
    fn coarser<'a>(&'a self, column: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.hierarchies
            .iter()
            .filter_map(move |h| h.iter().position(|c| c == column).map(|i| &h[i + 1..]))
            .flatten()
    }

    /// The columns finer than `column` in its hierarchy (buurt for wijk).
    fn finer<'a>(&'a self, column: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.hierarchies
            .iter()
            .filter_map(move |h| h.iter().position(|c| c == column).map(|i| &h[..i]))
            .flatten()
    }

    /// The columns whose level filter is on while the reader filters on `filtered`: all but
    /// the filtered ones and those coarser than a filtered one (a buurt's cell names its wijk).
    pub fn active(&self, filtered: &BTreeSet<String>) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| !filtered.contains(*c) && !self.finer(c).any(|f| filtered.contains(f)))
            .map(String::as_str)
            .collect()
    }

    /// The columns whose level filter view `v` ignores: those it groups by, and coarser ones
    /// in their hierarchies that the reader does not filter on.
    pub fn ignored(&self, v: usize, filtered: &BTreeSet<String>) -> Vec<String> {
        let mut out = BTreeSet::new();
        for c in self.view_columns.get(v).into_iter().flatten() {
            out.insert(c.clone());
            out.extend(self.coarser(c).filter(|x| !filtered.contains(*x)).cloned());
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(cols: &[&str]) -> BTreeSet<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_view_reads_one_level_and_a_buurt_filter_lifts_the_wijk_level() {
        let cube = CubeLevels {
            columns: vec!["buurt".into(), "wijk".into(), "maand".into()],
            hierarchies: vec![vec!["buurt".into(), "wijk".into()]],
            view_columns: vec![set(&["maand"]), set(&["buurt"]), set(&[])],
        };
        assert_eq!(cube.active(&set(&[])), ["buurt", "wijk", "maand"]);
        assert_eq!(cube.active(&set(&["wijk"])), ["buurt", "maand"]);
        assert_eq!(cube.active(&set(&["buurt"])), ["maand"]);
        assert_eq!(cube.ignored(0, &set(&[])), ["maand"]);
        // Buurten name their wijk: unless the reader picked wijken, that level is lifted.
        assert_eq!(cube.ignored(1, &set(&[])), ["buurt", "wijk"]);
        assert_eq!(cube.ignored(1, &set(&["wijk"])), ["buurt"]);
        assert!(cube.ignored(2, &set(&[])).is_empty());
    }
}
