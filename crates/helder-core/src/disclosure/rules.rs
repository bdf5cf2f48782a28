//! The primary disclosure rules and their settings, with the defaults Statistics Netherlands
//! uses for neighbourhood figures: person counts of 1 to 7 are "geheim", other person counts
//! are rounded to multiples of 5, averages and rates need a denominator of at least 100, and
//! money sums need at least 3 contributors and must pass the p%-rule.

use serde::{Deserialize, Serialize};

/// The disclosure settings of one dataset (`[datasets.<name>.disclosure]` in the spec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Person counts from 1 up to this value are suppressed.
    pub geheim_max: u32,
    /// Published person counts are rounded to a multiple of this (1 = no rounding).
    pub rounding: u32,
    /// Means, percentages and rates are published only with at least this denominator.
    pub min_denominator: f64,
    /// Money sums are published only with at least this many contributors.
    pub min_contributors: u32,
    /// The p of the p%-rule: the second-largest contributor must not learn the largest
    /// contribution to within p percent.
    pub p_percent: f64,
    /// A suppressed value must stay uncertain by at least this percentage either way ...
    pub protection_percent: f64,
    /// ... and, for person counts, by at least this many persons.
    pub protection_persons: f64,
    /// Hierarchies among the dataset's columns, finest first, e.g. `[["buurt", "wijk"]]`:
    /// every buurt lies in one wijk, and the wijk figures are the sums of their buurten.
    pub hierarchies: Vec<Vec<String>>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            geheim_max: 7,
            rounding: 5,
            min_denominator: 100.0,
            min_contributors: 3,
            p_percent: 10.0,
            protection_percent: 50.0,
            protection_persons: 5.0,
            hierarchies: Vec::new(),
        }
    }
}

/// What a measure counts, which decides the rules that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureClass {
    /// A number of persons (or cases): small counts are suppressed, others rounded.
    Persons,
    /// A sum of amounts (money, days): contributor and dominance rules.
    Magnitude,
    /// A mean, percentage or rate: only with a large enough denominator.
    Ratio,
}

/// What the primary rules need to know about one cell.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CellStats {
    pub value: f64,
    /// Distinct contributors (persons or records) behind the value.
    pub contributors: u32,
    /// The largest and second-largest contribution.
    pub top: [f64; 2],
    /// For ratios: the denominator.
    pub denominator: Option<f64>,
}

/// Why a cell is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A person count from 1 to `geheim_max`.
    SmallCount,
    /// Fewer contributors than `min_contributors`.
    FewContributors,
    /// The largest contributor dominates (p%-rule).
    Dominance,
    /// A mean or rate over fewer than `min_denominator`.
    SmallDenominator,
    /// Suppressed to protect other cells (secondary suppression).
    Secondary,
}

impl Reason {
    /// The reason in the report's words.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::SmallCount => "klein aantal personen",
            Reason::FewContributors => "te weinig bijdragers",
            Reason::Dominance => "dominante bijdrager (p%-regel)",
            Reason::SmallDenominator => "te kleine noemer",
            Reason::Secondary => "secundair (tegen terugrekenen)",
        }
    }
}

impl Rules {
    /// The primary rule a cell fails, if any. Empty cells (zero) are never sensitive.
    /// The rules in words, for a public page and the publication report.
    pub fn sentences(&self) -> Vec<String> {
        use crate::locale::pick;
        let hierarchies = if self.hierarchies.is_empty() {
            pick("geen", "none").to_string()
        } else {
            self.hierarchies
                .iter()
                .map(|h| h.join(" → "))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (g, r) = (self.geheim_max, self.rounding);
        let (c, p, d) = (self.min_contributors, self.p_percent, self.min_denominator);
        let (pp, pn) = (self.protection_percent, self.protection_persons);
        vec![
            pick(
                format!("Aantallen personen van 1 tot en met {g} zijn geheim; andere aantallen personen zijn afgerond op veelvouden van {r}."),
                format!("Counts of 1 to {g} persons are confidential; other counts of persons are rounded to multiples of {r}."),
            ),
            pick(
                format!("Bedragen alleen met ten minste {c} bijdragers en als de p%-regel (p = {p}) slaagt; gemiddelden en percentages alleen bij een noemer van ten minste {d}."),
                format!("Amounts only with at least {c} contributors and when the p% rule (p = {p}) holds; averages and percentages only with a denominator of at least {d}."),
            ),
            pick(
                format!("Secundaire onderdrukking over alle tabellen, hiërarchieën ({hierarchies}), perioden en totalen samen."),
                format!("Secondary suppression over all tables, hierarchies ({hierarchies}), periods and totals together."),
            ),
            pick(
                format!("Controle: voor elke geheime cel bepaalt lineaire programmering over alle gepubliceerde cijfers het smalste interval dat een aanvaller kan afleiden; dat moet aan beide kanten ten minste {pp} % van de waarde beslaan, en bij aantallen personen ten minste {pn} personen. De controle rekent met de exacte, niet afgeronde cijfers, dus strenger dan nodig."),
                format!("Check: for every confidential cell, linear programming over all published figures finds the narrowest interval an attacker can derive; it must cover at least {pp} % of the value on both sides, and at least {pn} persons for counts of persons. The check uses the exact, unrounded figures, so it is stricter than needed."),
            ),
        ]
    }

    pub fn primary(&self, class: MeasureClass, s: &CellStats) -> Option<Reason> {
        match class {
            MeasureClass::Persons => (s.value >= 0.5 && s.value < f64::from(self.geheim_max) + 0.5)
                .then_some(Reason::SmallCount),
            MeasureClass::Magnitude => {
                if s.value == 0.0 && s.contributors == 0 {
                    None
                } else if s.contributors < self.min_contributors {
                    Some(Reason::FewContributors)
                } else if self.fails_p_percent(s) {
                    Some(Reason::Dominance)
                } else {
                    None
                }
            }
            MeasureClass::Ratio => s
                .denominator
                .is_none_or(|d| d < self.min_denominator)
                .then_some(Reason::SmallDenominator),
        }
    }

    /// The p%-rule: the second-largest contributor, knowing its own share, can estimate the
    /// largest one as the total minus its own; the rest must hide at least p % of it.
    pub fn fails_p_percent(&self, s: &CellStats) -> bool {
        let [x1, x2] = s.top;
        let rest = s.value.abs() - x1.abs() - x2.abs();
        rest < self.p_percent / 100.0 * x1.abs()
    }

    /// How far either way a suppressed value must stay uncertain.
    pub fn protection(&self, class: MeasureClass, value: f64) -> f64 {
        let relative = value.abs() * self.protection_percent / 100.0;
        match class {
            MeasureClass::Persons => relative.max(self.protection_persons),
            _ => relative,
        }
    }

    /// A published value as it is shown: person counts rounded to the rounding base.
    pub fn published(&self, class: MeasureClass, value: f64) -> f64 {
        match class {
            MeasureClass::Persons if self.rounding > 1 => {
                let base = f64::from(self.rounding);
                (value / base).round() * base
            }
            _ => value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(v: f64) -> CellStats {
        CellStats {
            value: v,
            contributors: v as u32,
            top: [1.0, 1.0],
            denominator: None,
        }
    }

    #[test]
    fn person_counts_follow_cbs() {
        let r = Rules::default();
        assert_eq!(r.primary(MeasureClass::Persons, &count(0.0)), None);
        for v in 1..=7 {
            assert_eq!(
                r.primary(MeasureClass::Persons, &count(f64::from(v))),
                Some(Reason::SmallCount)
            );
        }
        assert_eq!(r.primary(MeasureClass::Persons, &count(8.0)), None);
        assert_eq!(r.published(MeasureClass::Persons, 8.0), 10.0);
        assert_eq!(r.published(MeasureClass::Persons, 12.0), 10.0);
        assert_eq!(r.published(MeasureClass::Persons, 13.0), 15.0);
        assert_eq!(r.protection(MeasureClass::Persons, 3.0), 5.0);
        assert_eq!(r.protection(MeasureClass::Persons, 40.0), 20.0);
    }

    #[test]
    fn money_needs_contributors_and_passes_p_percent() {
        let r = Rules::default();
        let cell = |value, contributors, top| CellStats {
            value,
            contributors,
            top,
            denominator: None,
        };
        let m = MeasureClass::Magnitude;
        assert_eq!(
            r.primary(m, &cell(300.0, 2, [200.0, 100.0])),
            Some(Reason::FewContributors)
        );
        // 1000 + 50 + 5 more: the rest (5) is under 10 % of the largest (100).
        assert_eq!(
            r.primary(m, &cell(1055.0, 3, [1000.0, 50.0])),
            Some(Reason::Dominance)
        );
        assert_eq!(r.primary(m, &cell(1200.0, 3, [500.0, 400.0])), None);
    }

    #[test]
    fn rates_need_a_denominator_of_100() {
        let r = Rules::default();
        let rate = |d| CellStats {
            value: 0.3,
            denominator: Some(d),
            ..Default::default()
        };
        assert_eq!(
            r.primary(MeasureClass::Ratio, &rate(99.0)),
            Some(Reason::SmallDenominator)
        );
        assert_eq!(r.primary(MeasureClass::Ratio, &rate(100.0)), None);
    }
}
