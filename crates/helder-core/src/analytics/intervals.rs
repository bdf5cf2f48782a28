//! Prediction intervals: analytic variances for the linear (additive) ETS class, simulated
//! sample paths for every model, and quantile bands from either.

use serde::Serialize;

use super::ets::{damped_sum, ErrorType, EtsFit, TrendType};
use super::normal;
use super::rng::Rng;

/// A central prediction band at one coverage level, per forecast step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Coverage, e.g. 0.8 for an 80 % interval.
    pub level: f64,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

/// How the bands were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    Analytic,
    Simulated,
}

/// Forecast variances for h = 1…horizon of a linear model (Hyndman et al. 2008, class 1):
/// σ²(1 + Σ_{j<h} c_j²) with c_j = α + βφ_j + γ·[j is a multiple of m]. None otherwise.
pub fn analytic_variances(fit: &EtsFit, horizon: usize) -> Option<Vec<f64>> {
    if !fit.spec.is_linear() {
        return None;
    }
    let p = &fit.params;
    let m = fit.spec.m();
    let mut out = Vec::with_capacity(horizon);
    let mut acc = 1.0;
    for h in 1..=horizon {
        out.push(fit.sigma2 * acc);
        let j = h;
        let mut c = p.alpha;
        if fit.spec.trend != TrendType::None {
            c += p.beta * damped_sum(p.phi, j, fit.spec.trend);
        }
        if m > 1 && j.is_multiple_of(m) {
            c += p.gamma;
        }
        acc += c * c;
    }
    Some(out)
}

/// `paths` simulated futures of `horizon` steps from the end of the fitted data, with
/// Gaussian innovations of the fitted variance. Row-major: `out[path][step]`.
pub fn sample_paths(fit: &EtsFit, horizon: usize, paths: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Rng::new(seed);
    let sigma = fit.sigma2.max(0.0).sqrt();
    (0..paths)
        .map(|_| {
            let mut state = fit.state.clone();
            (0..horizon)
                .map(|_| {
                    let f = state.forecast(&fit.spec, &fit.params, 1);
                    let e = sigma * rng.normal();
                    let y = match fit.spec.error {
                        ErrorType::Additive => f + e,
                        ErrorType::Multiplicative => f * (1.0 + e),
                    };
                    state.step(&fit.spec, &fit.params, y);
                    y
                })
                .collect()
        })
        .collect()
}

/// The q-quantile of `values` (sorted in place), interpolated linearly (R's type 7).
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    crate::sort_order::sort_f64(values);
    let pos = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    values[lo] + (pos - lo as f64) * (values[hi] - values[lo])
}

/// Bands at each level: analytic for linear models, from sample paths otherwise.
pub fn bands(
    fit: &EtsFit,
    mean: &[f64],
    levels: &[f64],
    paths: usize,
    seed: u64,
) -> (Vec<Band>, IntervalMethod) {
    let horizon = mean.len();
    if let Some(vars) = analytic_variances(fit, horizon) {
        let bands = levels
            .iter()
            .map(|&level| {
                let z = normal::quantile(0.5 + level / 2.0);
                Band {
                    level,
                    lower: mean
                        .iter()
                        .zip(&vars)
                        .map(|(m, v)| m - z * v.sqrt())
                        .collect(),
                    upper: mean
                        .iter()
                        .zip(&vars)
                        .map(|(m, v)| m + z * v.sqrt())
                        .collect(),
                }
            })
            .collect();
        return (bands, IntervalMethod::Analytic);
    }
    let sims = sample_paths(fit, horizon, paths, seed);
    let mut per_step: Vec<Vec<f64>> = (0..horizon)
        .map(|h| sims.iter().map(|p| p[h]).collect())
        .collect();
    let bands = levels
        .iter()
        .map(|&level| {
            let (a, b) = (0.5 - level / 2.0, 0.5 + level / 2.0);
            let mut lower = Vec::with_capacity(horizon);
            let mut upper = Vec::with_capacity(horizon);
            for step in per_step.iter_mut() {
                lower.push(quantile(step, a));
                upper.push(quantile(step, b));
            }
            Band {
                level,
                lower,
                upper,
            }
        })
        .collect();
    (bands, IntervalMethod::Simulated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::ets::{EtsSpec, SeasonType, TrendType};
    use crate::analytics::ets_select::{fit_spec, EtsOptions};
    use crate::analytics::reference_series::US_ACC_DEATHS;

    /// For a linear model the simulated paths must agree with the analytic variances, which
    /// checks both the formula and the simulation.
    #[test]
    fn simulation_matches_analytic_variance() {
        let spec = EtsSpec {
            error: ErrorType::Additive,
            trend: TrendType::Damped,
            season: SeasonType::Additive,
            period: 12,
        };
        let fit = fit_spec(US_ACC_DEATHS.values, spec, &EtsOptions::default()).unwrap();
        let vars = analytic_variances(&fit, 14).unwrap();
        let paths = sample_paths(&fit, 14, 20_000, 7);
        for h in [0, 5, 11, 13] {
            let mean = fit.state.forecast(&fit.spec, &fit.params, h + 1);
            let sim: Vec<f64> = paths.iter().map(|p| p[h]).collect();
            let m = sim.iter().sum::<f64>() / sim.len() as f64;
            let v = sim.iter().map(|x| (x - m).powi(2)).sum::<f64>() / sim.len() as f64;
            assert!(
                (m - mean).abs() < 0.05 * vars[h].sqrt(),
                "h {h}: mean {m} vs {mean}"
            );
            assert!(
                (v / vars[h] - 1.0).abs() < 0.05,
                "h {h}: var {v} vs {}",
                vars[h]
            );
        }
        // Same seed, same paths: the bands a user sees never flicker.
        assert_eq!(sample_paths(&fit, 3, 5, 1), sample_paths(&fit, 3, 5, 1));
    }
}
