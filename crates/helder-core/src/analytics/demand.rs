//! Care demand per buurt: the population by age band aged forward a year at a time
//! (cohorts move up a band, births enter the youngest, the oldest band thins out, migration
//! as a rate per band), times age-specific usage rates in which small buurten borrow
//! strength from the municipal rate (empirical-Bayes Gamma–Poisson shrinkage).

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
    /// Raw rate per band: users / population.
    pub raw_rate: Vec<f64>,
    /// Shrunk rate per band, used for the projection.
    pub rate: Vec<f64>,
    /// Weight of the buurt's own data in each shrunk rate (0 = municipal rate only).
    pub own_weight: Vec<f64>,
    pub horizons: Vec<DemandAt>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandProjection {
    pub buurten: Vec<BuurtDemand>,
    /// Municipal rate per band.
    pub municipal_rate: Vec<f64>,
    /// Prior strength per band: the municipal rate counts as observed in this many
    /// inhabitants; None where buurten differ no more than chance (full pooling).
    pub prior_population: Vec<Option<f64>>,
    /// The municipal total: exactly the sum of the buurten, per horizon.
    pub total: Vec<DemandAt>,
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
    // Gamma–Poisson empirical Bayes per band, by moments: the spread of the raw rates beyond
    // what Poisson noise explains is the true between-buurt variance τ²; a buurt's rate is
    // then (users + k·R) / (population + k) with k = R / τ².
    let mut municipal_rate = vec![0.0; k];
    let mut prior_population = vec![0.0; k];
    for i in 0..k {
        let pop: f64 = buurten.iter().map(|b| b.population[i]).sum();
        let users: f64 = buurten.iter().map(|b| b.users[i]).sum();
        let r = if pop > 0.0 { users / pop } else { 0.0 };
        municipal_rate[i] = r;
        let with_pop: Vec<&BuurtInput> = buurten.iter().filter(|b| b.population[i] > 0.0).collect();
        let m = with_pop.len() as f64;
        let between = if m > 1.0 && pop > 0.0 {
            let weighted_var: f64 = with_pop
                .iter()
                .map(|b| b.population[i] * (b.users[i] / b.population[i] - r).powi(2))
                .sum::<f64>()
                / pop;
            // Expected weighted variance ≈ τ² (1 − Σn²/N²) + (m − 1) R / N (Poisson noise
            // around each buurt's true rate); solved for τ² and floored at 0.
            let sum_sq: f64 = with_pop
                .iter()
                .map(|b| b.population[i].powi(2))
                .sum::<f64>();
            let factor = 1.0 - sum_sq / (pop * pop);
            ((weighted_var - (m - 1.0) * r / pop) / factor.max(1e-9)).max(0.0)
        } else {
            0.0
        };
        prior_population[i] = if between > 0.0 {
            r / between
        } else {
            f64::INFINITY
        };
    }
    let z80 = normal::quantile(0.9);
    let z95 = normal::quantile(0.975);
    let max_h = opts.horizons.iter().copied().max().unwrap_or(0);
    let mut out = Vec::with_capacity(buurten.len());
    for b in buurten {
        let mut rate = vec![0.0; k];
        let mut rate_var = vec![0.0; k];
        let mut own_weight = vec![0.0; k];
        let raw_rate: Vec<f64> = (0..k)
            .map(|i| {
                if b.population[i] > 0.0 {
                    b.users[i] / b.population[i]
                } else {
                    f64::NAN
                }
            })
            .collect();
        for i in 0..k {
            let kp = prior_population[i];
            let r = municipal_rate[i];
            if kp.is_infinite() {
                rate[i] = r;
            } else {
                let shape = b.users[i] + kp * r;
                let scale = b.population[i] + kp;
                rate[i] = shape / scale;
                rate_var[i] = shape / (scale * scale);
                own_weight[i] = b.population[i] / scale;
            }
        }
        let mut pop = b.population.clone();
        let mut horizons = Vec::new();
        for year in 1..=max_h {
            pop = age_one_year(&pop, opts);
            if opts.horizons.contains(&year) {
                let expected: f64 = pop.iter().zip(&rate).map(|(p, r)| p * r).sum();
                // Poisson noise of the users plus the uncertainty of the rates.
                let var = expected
                    + pop
                        .iter()
                        .zip(&rate_var)
                        .map(|(p, v)| p * p * v)
                        .sum::<f64>();
                let sd = var.sqrt();
                horizons.push(DemandAt {
                    years_ahead: year,
                    expected,
                    lower80: (expected - z80 * sd).max(0.0),
                    upper80: expected + z80 * sd,
                    lower95: (expected - z95 * sd).max(0.0),
                    upper95: expected + z95 * sd,
                    population: pop.clone(),
                });
            }
        }
        out.push(BuurtDemand {
            name: b.name.clone(),
            current: b.users.iter().sum(),
            raw_rate,
            rate,
            own_weight,
            horizons,
        });
    }
    // The total is the sum of the buurten; buurten are treated as independent for its
    // interval.
    let prior_population = prior_population
        .into_iter()
        .map(|p| p.is_finite().then_some(p))
        .collect();
    let total = (0..opts.horizons.len())
        .filter_map(|j| {
            let first = out.first()?.horizons.get(j)?;
            let expected: f64 = out
                .iter()
                .filter_map(|b| b.horizons.get(j))
                .map(|h| h.expected)
                .sum();
            let var: f64 = out
                .iter()
                .filter_map(|b| b.horizons.get(j))
                .map(|h| ((h.upper95 - h.expected) / z95).powi(2))
                .sum();
            let sd = var.sqrt();
            let population = (0..k)
                .map(|i| {
                    out.iter()
                        .filter_map(|b| b.horizons.get(j))
                        .map(|h| h.population[i])
                        .sum()
                })
                .collect();
            Some(DemandAt {
                years_ahead: first.years_ahead,
                expected,
                lower80: (expected - z80 * sd).max(0.0),
                upper80: expected + z80 * sd,
                lower95: (expected - z95 * sd).max(0.0),
                upper95: expected + z95 * sd,
                population,
            })
        })
        .collect();
    Ok(DemandProjection {
        buurten: out,
        municipal_rate,
        prior_population,
        total,
    })
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

    #[test]
    fn small_buurten_borrow_strength_and_the_total_is_the_sum() {
        // Twenty similar buurten, one tiny one with a wild raw rate.
        let mut buurten: Vec<BuurtInput> = (0..20)
            .map(|i| BuurtInput {
                name: format!("b{i}"),
                population: vec![400.0, 800.0, 3000.0],
                users: vec![
                    8.0 + (i % 3) as f64,
                    40.0 + (i % 5) as f64 * 2.0,
                    30.0 + (i % 4) as f64,
                ],
            })
            .collect();
        buurten.push(BuurtInput {
            name: "klein".into(),
            population: vec![10.0, 40.0, 100.0],
            users: vec![3.0, 12.0, 1.0],
        });
        let p = project_demand(&buurten, &opts()).unwrap();
        let small = p.buurten.last().unwrap();
        // Raw 30 % of 40 children; the municipal rate is about 5 %; shrunk well towards it.
        assert!((small.raw_rate[1] - 0.3).abs() < 1e-12);
        assert!(small.rate[1] < 0.15, "shrunk rate {}", small.rate[1]);
        assert!(small.rate[1] >= p.municipal_rate[1]);
        for (j, t) in p.total.iter().enumerate() {
            let sum: f64 = p.buurten.iter().map(|b| b.horizons[j].expected).sum();
            assert!((t.expected - sum).abs() < 1e-9);
            assert!(t.lower95 <= t.expected && t.expected <= t.upper95);
        }
        assert_eq!(p.total[1].years_ahead, 5);
        // Bad shapes are errors, not panics.
        let bad = vec![BuurtInput {
            name: "x".into(),
            population: vec![1.0],
            users: vec![1.0, 2.0],
        }];
        assert!(project_demand(&bad, &opts()).is_err());
    }
}
