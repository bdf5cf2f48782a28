//! Care demand per buurt: the population by age band aged forward a year at a time
//! (cohorts move up a band, births enter the youngest, the oldest band thins out, migration
//! as a rate per band), times the municipal usage rate per band and the buurt's own level of
//! use relative to it, in which small buurten borrow strength from the municipality
//! (empirical-Bayes Gamma–Poisson shrinkage of the buurt's relative use).

use serde::Serialize;

use super::normal;
use crate::CoreError;

/// One buurt's current population and users of the service, per age band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BuurtInput {
    pub name: String,
    pub population: Vec<f64>,
    pub users: Vec<f64>,
}

/// The demographic assumptions; a site spec can set every rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandOptions {
    /// Width of each age band in years; the last band is open-ended (its width unused).
    pub band_years: Vec<f64>,
    /// Births per inhabitant per year, entering the first band.
    pub birth_rate: f64,
    /// Deaths per inhabitant per year in the last (oldest) band.
    pub mortality_last_band: f64,
    /// Net migration per inhabitant per year, per band (empty: none).
    pub migration: Vec<f64>,
    /// Years ahead to project, e.g. [1, 5].
    pub horizons: Vec<usize>,
    /// The level of use at the end of the base year relative to its average (see
    /// [`level_factor`]); 1 = use stayed level during the year.
    pub level_factor: f64,
    /// Assumed growth of every usage rate per year beyond that level (0.02 = 2 % a year).
    pub rate_growth: f64,
}

impl Default for DemandOptions {
    /// The demo's bands 0-3, 4-11, 12-17, 18-26, 27-66, 67+ with Dutch-like rates.
    fn default() -> Self {
        DemandOptions {
            band_years: vec![4.0, 8.0, 6.0, 9.0, 40.0, 30.0],
            birth_rate: 0.0095,
            mortality_last_band: 0.045,
            migration: Vec::new(),
            horizons: vec![1, 5],
            level_factor: 1.0,
            rate_growth: 0.0,
        }
    }
}

/// Expected demand at one horizon with its interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandAt {
    pub years_ahead: usize,
    pub expected: f64,
    pub lower80: f64,
    pub upper80: f64,
    pub lower95: f64,
    pub upper95: f64,
    /// Projected population per band at this horizon.
    pub population: Vec<f64>,
}

/// One buurt's projection and how it was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BuurtDemand {
    pub name: String,
    /// Users now (the sum over bands).
    pub current: f64,
    /// Users the municipal rates per band would give this buurt's population now.
    pub expected_now: f64,
    /// The buurt's own relative use: `current / expected_now` (NaN without population).
    pub raw_relative: f64,
    /// The relative use the projection uses: the raw one shrunk towards 1 (the municipality).
    pub relative: f64,
    /// Weight of the buurt's own data in `relative` (0 = municipal level only, 1 = own only).
    pub own_weight: f64,
    /// The usage rate per band the projection starts from: municipal rate × `relative` ×
    /// the level factor.
    pub rate: Vec<f64>,
    pub horizons: Vec<DemandAt>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandProjection {
    pub buurten: Vec<BuurtDemand>,
    /// Municipal rate per band in the base year.
    pub municipal_rate: Vec<f64>,
    /// Prior strength: the municipal level counts as this many expected users of the buurt's
    /// own; None where buurten differ no more than chance (every buurt gets the municipal
    /// level).
    pub prior_users: Option<f64>,
    pub level_factor: f64,
    pub rate_growth: f64,
    /// The municipal total: exactly the sum of the buurten, per horizon.
    pub total: Vec<DemandAt>,
}

/// The level of use at the end of a year relative to the year as a whole, from the monthly
/// number of users (distinct users per month, the 12 months of the base year): the mean of
/// the last three months over the mean of all twelve. Yearly user counts follow the monthly
/// caseload, and the best guess of next year's caseload is where it ended, not its average
/// (as a level-only exponential smoothing would say); three months damp month-to-month noise.
/// Fewer than 6 months, or a zero mean, give 1 (no correction).
pub fn level_factor(monthly_users: &[f64]) -> f64 {
    let n = monthly_users.len();
    if n < 6 || monthly_users.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return 1.0;
    }
    let all = monthly_users.iter().sum::<f64>() / n as f64;
    let last = monthly_users[n - 3..].iter().sum::<f64>() / 3.0;
    if all > 0.0 {
        last / all
    } else {
        1.0
    }
}

/// Ages a population one year: per band a share 1/width moves up (ages spread evenly within
/// a band), births enter the first band, the last band loses its mortality.
pub fn age_one_year(pop: &[f64], opts: &DemandOptions) -> Vec<f64> {
    let k = pop.len();
    let total: f64 = pop.iter().sum();
    let mut next = vec![0.0; k];
    for i in 0..k {
        let moving = if i + 1 < k {
            pop[i] / opts.band_years.get(i).copied().unwrap_or(1.0).max(1.0)
        } else {
            0.0
        };
        next[i] += pop[i] - moving;
        if i + 1 < k {
            next[i + 1] += moving;
        }
    }
    if let Some(first) = next.first_mut() {
        *first += opts.birth_rate * total;
    }
    if let Some(last) = next.last_mut() {
        *last *= 1.0 - opts.mortality_last_band;
    }
    for (v, m) in next.iter_mut().zip(&opts.migration) {
        *v *= 1.0 + m;
    }
    next
}

/// Projects demand per buurt and for the municipality.
pub fn project_demand(
    buurten: &[BuurtInput],
    opts: &DemandOptions,
) -> Result<DemandProjection, CoreError> {
    let k = opts.band_years.len();
    if buurten.is_empty() || k == 0 {
        return Err(CoreError::Analytics(
            "no buurten or no age bands to project".into(),
        ));
    }
    for b in buurten {
        if b.population.len() != k || b.users.len() != k {
            return Err(CoreError::Analytics(format!(
                "buurt `{}` has {} population and {} user values, but there are {k} age bands",
                b.name,
                b.population.len(),
                b.users.len()
            )));
        }
        if b.population
            .iter()
            .chain(&b.users)
            .any(|v| !v.is_finite() || *v < 0.0)
        {
            return Err(CoreError::Analytics(format!(
                "buurt `{}` has a missing or negative count",
                b.name
            )));
        }
    }
    let level_ok = opts.level_factor.is_finite() && opts.level_factor >= 0.0;
    let growth_ok = opts.rate_growth.is_finite() && opts.rate_growth > -1.0;
    if !(level_ok && growth_ok) {
        return Err(CoreError::Analytics(format!(
            "level factor {} or rate growth {} is out of range",
            opts.level_factor, opts.rate_growth
        )));
    }
    let municipal_rate: Vec<f64> = (0..k)
        .map(|i| {
            let pop: f64 = buurten.iter().map(|b| b.population[i]).sum();
            let users: f64 = buurten.iter().map(|b| b.users[i]).sum();
            if pop > 0.0 {
                users / pop
            } else {
                0.0
            }
        })
        .collect();
    // Each buurt's observed users against those the municipal rates per band would give it
    // (indirect standardisation): one relative level per buurt pools all its age bands, so a
    // buurt with 40 children still has a few hundred inhabitants' worth of evidence.
    let expected_now: Vec<f64> = buurten
        .iter()
        .map(|b| {
            b.population
                .iter()
                .zip(&municipal_rate)
                .map(|(p, r)| p * r)
                .sum()
        })
        .collect();
    let observed: Vec<f64> = buurten.iter().map(|b| b.users.iter().sum()).collect();
    let prior_users = prior_strength(&observed, &expected_now);
    let z80 = normal::quantile(0.9);
    let z95 = normal::quantile(0.975);
    let max_h = opts.horizons.iter().copied().max().unwrap_or(0);
    let mut out = Vec::with_capacity(buurten.len());
    // Gamma(k, k) prior on the relative level (mean 1); the posterior mean is
    // (O + k) / (E + k) and its variance (O + k) / (E + k)².
    let posterior: Vec<(f64, f64, f64)> = observed
        .iter()
        .zip(&expected_now)
        .map(|(o, e)| match prior_users {
            Some(kp) => {
                let (shape, scale) = (o + kp, e + kp);
                (shape / scale, shape / (scale * scale), e / scale)
            }
            None => (1.0, 0.0, 0.0),
        })
        .collect();
    // Shrinking moves users between buurten but should not change the municipal count:
    // the levels are scaled so that Σ E·level = Σ O (benchmarking), usually by a fraction
    // of a per cent.
    let shrunk_total: f64 = posterior
        .iter()
        .zip(&expected_now)
        .map(|(p, e)| p.0 * e)
        .sum();
    let observed_total: f64 = observed.iter().sum();
    let bench = if shrunk_total > 0.0 {
        observed_total / shrunk_total
    } else {
        1.0
    };
    for (bi, b) in buurten.iter().enumerate() {
        let (o, e) = (observed[bi], expected_now[bi]);
        let (relative, relative_var, own_weight) = (
            posterior[bi].0 * bench,
            posterior[bi].1 * bench * bench,
            posterior[bi].2,
        );
        let rate: Vec<f64> = municipal_rate
            .iter()
            .map(|r| r * relative * opts.level_factor)
            .collect();
        let mut pop = b.population.clone();
        let mut horizons = Vec::new();
        for year in 1..=max_h {
            pop = age_one_year(&pop, opts);
            if opts.horizons.contains(&year) {
                let growth = (1.0 + opts.rate_growth).powi(year as i32);
                let expected: f64 = pop.iter().zip(&rate).map(|(p, r)| p * r).sum::<f64>() * growth;
                // Poisson noise of the users plus the uncertainty of the buurt's level.
                let var = if relative > 0.0 {
                    expected + (expected / relative).powi(2) * relative_var
                } else {
                    expected
                };
                horizons.push(at_horizon(
                    year,
                    expected,
                    var.sqrt(),
                    pop.clone(),
                    z80,
                    z95,
                ));
            }
        }
        out.push(BuurtDemand {
            name: b.name.clone(),
            current: o,
            expected_now: e,
            raw_relative: if e > 0.0 { o / e } else { f64::NAN },
            relative,
            own_weight,
            rate,
            horizons,
        });
    }
    // The total is the sum of the buurten; buurten are treated as independent for its
    // interval.
    let total = (0..opts.horizons.len())
        .filter_map(|j| {
            let first = out.first()?.horizons.get(j)?;
            let at = || out.iter().filter_map(|b| b.horizons.get(j));
            let expected: f64 = at().map(|h| h.expected).sum();
            let var: f64 = at().map(|h| ((h.upper95 - h.expected) / z95).powi(2)).sum();
            let population = (0..k)
                .map(|i| at().map(|h| h.population[i]).sum())
                .collect();
            Some(at_horizon(
                first.years_ahead,
                expected,
                var.sqrt(),
                population,
                z80,
                z95,
            ))
        })
        .collect();
    Ok(DemandProjection {
        buurten: out,
        municipal_rate,
        prior_users,
        level_factor: opts.level_factor,
        rate_growth: opts.rate_growth,
        total,
    })
}

/// The Gamma–Poisson prior strength k by moments: the spread of the buurten's relative
/// levels O/E beyond what Poisson noise explains is the true between-buurt variance τ², and
/// k = 1/τ². None when the buurten differ no more than chance (then all get level 1).
fn prior_strength(observed: &[f64], expected: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = observed
        .iter()
        .zip(expected)
        .filter(|(_, e)| **e > 0.0)
        .map(|(o, e)| (*o, *e))
        .collect();
    let m = pairs.len() as f64;
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    if m < 2.0 || total <= 0.0 {
        return None;
    }
    let mean = pairs.iter().map(|p| p.0).sum::<f64>() / total;
    let weighted_var: f64 = pairs
        .iter()
        .map(|(o, e)| e * (o / e - mean).powi(2))
        .sum::<f64>()
        / total;
    // Expected weighted variance ≈ τ² (1 − ΣE²/(ΣE)²) + (m − 1)·mean/ΣE (Poisson noise
    // around each buurt's true level); solved for τ².
    let sum_sq: f64 = pairs.iter().map(|p| p.1 * p.1).sum();
    let factor = (1.0 - sum_sq / (total * total)).max(1e-9);
    let tau2 = (weighted_var - (m - 1.0) * mean / total) / factor;
    (tau2 > 0.0).then(|| 1.0 / tau2)
}

fn at_horizon(
    years_ahead: usize,
    expected: f64,
    sd: f64,
    population: Vec<f64>,
    z80: f64,
    z95: f64,
) -> DemandAt {
    DemandAt {
        years_ahead,
        expected,
        lower80: (expected - z80 * sd).max(0.0),
        upper80: expected + z80 * sd,
        lower95: (expected - z95 * sd).max(0.0),
        upper95: expected + z95 * sd,
        population,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> DemandOptions {
        DemandOptions {
            band_years: vec![4.0, 8.0, 30.0],
            birth_rate: 0.0,
            mortality_last_band: 0.0,
            migration: Vec::new(),
            horizons: vec![1, 5],
            level_factor: 1.0,
            rate_growth: 0.0,
        }
    }

    #[test]
    fn ageing_moves_cohorts_and_keeps_people() {
        let next = age_one_year(&[400.0, 800.0, 3000.0], &opts());
        assert_eq!(next, vec![300.0, 800.0, 3100.0]);
        let o = DemandOptions {
            birth_rate: 0.01,
            mortality_last_band: 0.1,
            ..opts()
        };
        let next = age_one_year(&[400.0, 800.0, 3000.0], &o);
        assert!((next[0] - (300.0 + 42.0)).abs() < 1e-9);
        assert!((next[2] - 3100.0 * 0.9).abs() < 1e-9);
    }

    fn twenty_and_a_small_one() -> Vec<BuurtInput> {
        let mut buurten: Vec<BuurtInput> = (0..20)
            .map(|i| BuurtInput {
                name: format!("b{i}"),
                population: vec![400.0, 800.0, 3000.0],
                users: vec![
                    8.0 + (i % 3) as f64 * 3.0,
                    40.0 + (i % 5) as f64 * 6.0,
                    30.0 + (i % 4) as f64 * 4.0,
                ],
            })
            .collect();
        buurten.push(BuurtInput {
            name: "klein".into(),
            population: vec![10.0, 40.0, 100.0],
            users: vec![3.0, 12.0, 1.0],
        });
        buurten
    }

    #[test]
    fn small_buurten_borrow_strength_and_the_total_is_the_sum() {
        let buurten = twenty_and_a_small_one();
        let p = project_demand(&buurten, &opts()).unwrap();
        assert!(p.prior_users.is_some(), "the buurten differ beyond chance");
        let small = p.buurten.last().unwrap();
        // Raw: 16 users where the municipal rates give about 3.6; shrunk well towards 1.
        assert!(small.raw_relative > 3.0, "raw {}", small.raw_relative);
        assert!(small.relative < small.raw_relative && small.relative > 1.0);
        assert!(small.own_weight < 0.5, "own weight {}", small.own_weight);
        // A large buurt keeps most of its own level.
        assert!(p.buurten[0].own_weight > 0.5);
        for (j, t) in p.total.iter().enumerate() {
            let sum: f64 = p.buurten.iter().map(|b| b.horizons[j].expected).sum();
            assert!((t.expected - sum).abs() < 1e-9);
            assert!(t.lower95 <= t.lower80 && t.lower80 <= t.expected);
            assert!(t.expected <= t.upper80 && t.upper80 <= t.upper95);
        }
        assert_eq!(p.total[1].years_ahead, 5);
        // Without ageing, births or growth, demand one year ahead equals the users now
        // times the level factor, in total.
        let o = DemandOptions {
            band_years: vec![1e9, 1e9, 1e9],
            level_factor: 1.1,
            ..opts()
        };
        let p = project_demand(&buurten, &o).unwrap();
        let now: f64 = buurten.iter().flat_map(|b| &b.users).sum();
        assert!((p.total[0].expected - 1.1 * now).abs() < 1e-6 * now);
        // Two per cent growth a year compounds.
        let g = project_demand(
            &buurten,
            &DemandOptions {
                rate_growth: 0.02,
                ..o.clone()
            },
        )
        .unwrap();
        assert!((g.total[1].expected / p.total[1].expected - 1.02f64.powi(5)).abs() < 1e-9);
    }

    #[test]
    fn identical_buurten_get_the_municipal_level() {
        let buurten: Vec<BuurtInput> = (0..10)
            .map(|i| BuurtInput {
                name: format!("b{i}"),
                population: vec![400.0, 800.0, 3000.0],
                users: vec![8.0, 40.0, 30.0],
            })
            .collect();
        let p = project_demand(&buurten, &opts()).unwrap();
        assert_eq!(p.prior_users, None);
        assert!(p
            .buurten
            .iter()
            .all(|b| b.relative == 1.0 && b.own_weight == 0.0));
    }

    #[test]
    fn bad_input_is_an_error() {
        let bad = vec![BuurtInput {
            name: "x".into(),
            population: vec![1.0],
            users: vec![1.0, 2.0],
        }];
        assert!(project_demand(&bad, &opts()).is_err());
        let neg = vec![BuurtInput {
            name: "x".into(),
            population: vec![1.0, 1.0, -1.0],
            users: vec![0.0; 3],
        }];
        assert!(project_demand(&neg, &opts()).is_err());
        let o = DemandOptions {
            level_factor: f64::NAN,
            ..opts()
        };
        assert!(project_demand(&twenty_and_a_small_one(), &o).is_err());
    }

    #[test]
    fn level_factor_follows_the_end_of_the_year() {
        let flat = vec![100.0; 12];
        assert!((level_factor(&flat) - 1.0).abs() < 1e-12);
        let rising: Vec<f64> = (0..12).map(|m| 100.0 + 10.0 * m as f64).collect();
        // Mean 155, last three 200: 1.29.
        assert!((level_factor(&rising) - 200.0 / 155.0).abs() < 1e-12);
        assert_eq!(level_factor(&[1.0, 2.0]), 1.0);
        assert_eq!(level_factor(&[0.0; 12]), 1.0);
    }
}
