//! One exponential-smoothing (ETS) state-space model: its recursion, likelihood, maximum-
//! likelihood fit and point forecasts (Hyndman, Koehler, Ord & Snyder 2008, as in R's `ets`).
//!
//! The state is a level, an optional (damped) additive trend and an optional additive or
//! multiplicative season; errors are additive or multiplicative. Parameters and initial
//! states are estimated together by Nelder–Mead on the concentrated Gaussian likelihood,
//! within the "usual" bounds and the forecastability (admissible) region, as `ets` does
//! with `bounds = "both"`.

use serde::{Deserialize, Serialize};

use super::admissible::is_admissible;
use super::nelder_mead;
use crate::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorType {
    Additive,
    Multiplicative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrendType {
    None,
    Additive,
    /// Additive trend damped by φ < 1, so long forecasts level off.
    Damped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeasonType {
    None,
    Additive,
    Multiplicative,
}

/// Which ETS model: error, trend and season components and the season length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtsSpec {
    pub error: ErrorType,
    pub trend: TrendType,
    pub season: SeasonType,
    /// Observations per seasonal cycle (12 for monthly data); 1 without a season.
    pub period: usize,
}

impl EtsSpec {
    /// The usual short name, e.g. `ETS(M,Ad,M)`.
    pub fn name(&self) -> String {
        let e = match self.error {
            ErrorType::Additive => "A",
            ErrorType::Multiplicative => "M",
        };
        let t = match self.trend {
            TrendType::None => "N",
            TrendType::Additive => "A",
            TrendType::Damped => "Ad",
        };
        let s = match self.season {
            SeasonType::None => "N",
            SeasonType::Additive => "A",
            SeasonType::Multiplicative => "M",
        };
        format!("ETS({e},{t},{s})")
    }

    fn has_trend(&self) -> bool {
        self.trend != TrendType::None
    }

    fn has_season(&self) -> bool {
        self.season != SeasonType::None && self.period > 1
    }

    /// Season length used by the recursion (1 without a season).
    pub fn m(&self) -> usize {
        if self.has_season() {
            self.period
        } else {
            1
        }
    }

    /// Free parameters: smoothing parameters, φ and the initial states (the last seasonal
    /// state follows from the others by normalisation).
    pub fn free_parameters(&self) -> usize {
        let mut k = 2;
        if self.has_trend() {
            k += 2;
        }
        if self.trend == TrendType::Damped {
            k += 1;
        }
        if self.has_season() {
            k += self.period;
        }
        k
    }

    /// Whether the model's forecasts and analytic variances are linear in the errors
    /// (additive error, no multiplicative season): then intervals are analytic.
    pub fn is_linear(&self) -> bool {
        self.error == ErrorType::Additive && self.season != SeasonType::Multiplicative
    }
}

/// Smoothing parameters in error-correction form (β ≤ α, γ ≤ 1 − α), as R's `ets` reports
/// them; β and γ are 0 and φ is 1 where the model has no such component.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EtsParams {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// The model state after the last observation, in the units of the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EtsState {
    pub level: f64,
    pub trend: f64,
    /// Seasonal states by position: `season[t % m]` is the latest state for time `t`.
    pub season: Vec<f64>,
    /// Observations seen, so that `t % m` lines up with the data's first month.
    pub t: usize,
}

/// A fitted model.
#[derive(Debug, Clone, Serialize)]
pub struct EtsFit {
    pub spec: EtsSpec,
    pub params: EtsParams,
    pub state: EtsState,
    /// Innovation variance: of the errors in data units (additive error) or of the relative
    /// errors (multiplicative error), divided by n − k as R does.
    pub sigma2: f64,
    pub log_likelihood: f64,
    pub aic: f64,
    pub aicc: f64,
    pub bic: f64,
    /// Observations used.
    pub n: usize,
    /// Estimated parameters including σ².
    pub k: usize,
    /// One-step-ahead fitted values.
    pub fitted: Vec<f64>,
    /// Nelder–Mead iterations used (both rounds).
    pub iterations: usize,
}

/// Bounds of the "usual" region, as in R's `ets`.
const LOWER: f64 = 1e-4;
const UPPER: f64 = 1.0 - 1e-4;
const PHI_LOWER: f64 = 0.8;
const PHI_UPPER: f64 = 0.98;
/// Below this a multiplicative component's divisor counts as zero.
const TINY: f64 = 1e-10;

impl EtsState {
    /// The deterministic h-step-ahead forecast (h ≥ 1) from this state.
    pub fn forecast(&self, spec: &EtsSpec, params: &EtsParams, h: usize) -> f64 {
        let phi_h = damped_sum(params.phi, h, spec.trend);
        let base = self.level + phi_h * self.trend;
        let m = self.season.len();
        match spec.season {
            _ if m <= 1 => base,
            SeasonType::None => base,
            SeasonType::Additive => base + self.season[(self.t + h - 1) % m],
            SeasonType::Multiplicative => base * self.season[(self.t + h - 1) % m],
        }
    }

    /// Takes in observation `y`: returns the one-step forecast made before it, and updates
    /// the state (R's `etscalc` update, which is the same for both error types).
    #[inline]
    pub fn step(&mut self, spec: &EtsSpec, params: &EtsParams, y: f64) -> f64 {
        let m = self.season.len();
        let phib = if spec.has_trend() {
            params.phi * self.trend
        } else {
            0.0
        };
        let q = self.level + phib;
        let pos = if m > 0 { self.t % m } else { 0 };
        let s_old = if m > 1 { self.season[pos] } else { 0.0 };
        let (f, p, season_target) = match spec.season {
            _ if m <= 1 => (q, y, 0.0),
            SeasonType::None => (q, y, 0.0),
            SeasonType::Additive => (q + s_old, y - s_old, y - q),
            SeasonType::Multiplicative => (
                q * s_old,
                if s_old.abs() < TINY {
                    f64::NAN
                } else {
                    y / s_old
                },
                if q.abs() < TINY { f64::NAN } else { y / q },
            ),
        };
        let level = q + params.alpha * (p - q);
        if spec.has_trend() {
            self.trend = phib + (params.beta / params.alpha) * (level - self.level - phib);
        }
        self.level = level;
        if m > 1 && spec.has_season() {
            self.season[pos] =
                s_old + (params.gamma / (1.0 - params.alpha)) * (season_target - s_old);
        }
        self.t += 1;
        f
    }
}

/// φ + φ² + … + φʰ for a damped trend, h for an undamped one, 0 without a trend.
pub fn damped_sum(phi: f64, h: usize, trend: TrendType) -> f64 {
    match trend {
        TrendType::None => 0.0,
        TrendType::Additive => h as f64,
        TrendType::Damped => {
            let mut acc = 0.0;
            let mut p = 1.0;
            for _ in 0..h {
                p *= phi;
                acc += p;
            }
            acc
        }
    }
}

/// Sum of squared errors and, for multiplicative errors, of log |forecast|; None when the
/// model breaks down (non-finite or non-positive forecasts where they must be positive).
struct Likelihood {
    sse: f64,
    sum_log_f: f64,
}

fn run(spec: &EtsSpec, params: &EtsParams, state: EtsState, y: &[f64]) -> Option<Likelihood> {
    // The optimiser calls this tens of thousands of times per model, so it keeps the state
    // in locals, walks the season with a wrapping index instead of `%`, and hoists the
    // divisions out of the loop; the arithmetic is exactly that of `EtsState::step`.
    let EtsState {
        mut level,
        mut trend,
        mut season,
        ..
    } = state;
    let m = season.len();
    let seasonal = m > 1 && spec.has_season();
    let multiplicative_season = seasonal && spec.season == SeasonType::Multiplicative;
    let has_trend = spec.has_trend();
    let multiplicative_error = spec.error == ErrorType::Multiplicative;
    let phi = params.phi;
    let alpha = params.alpha;
    let beta_star = params.beta / params.alpha;
    let gamma_star = params.gamma / (1.0 - params.alpha);
    let mut pos = 0usize;
    let mut sse = 0.0;
    let mut sum_log_f = 0.0;
    let mut prod_f = 1.0f64;
    for &obs in y {
        let phib = if has_trend { phi * trend } else { 0.0 };
        let q = level + phib;
        let s_old = if seasonal { season[pos] } else { 0.0 };
        let (f, p, target) = if !seasonal {
            (q, obs, 0.0)
        } else if multiplicative_season {
            (q * s_old, obs / s_old, obs / q)
        } else {
            (q + s_old, obs - s_old, obs - q)
        };
        if !f.is_finite() {
            return None;
        }
        let e = if multiplicative_error {
            if f <= TINY {
                return None;
            }
            // Σ ln f as the logarithm of a running product: one `ln` per many steps
            // instead of one per step (the data are scaled to about 1, so the product
            // rarely nears the limits).
            prod_f *= f;
            if !(1e-100..=1e100).contains(&prod_f) {
                sum_log_f += prod_f.ln();
                prod_f = 1.0;
            }
            (obs - f) / f
        } else {
            obs - f
        };
        sse += e * e;
        let new_level = q + alpha * (p - q);
        if has_trend {
            trend = phib + beta_star * (new_level - level - phib);
        }
        level = new_level;
        if seasonal {
            season[pos] = s_old + gamma_star * (target - s_old);
            pos += 1;
            if pos == m {
                pos = 0;
            }
        }
    }
    sum_log_f += prod_f.ln();
    (sse.is_finite() && level.is_finite()).then_some(Likelihood { sse, sum_log_f })
}

/// −2 log L up to a constant that is the same for every model of the same data.
fn objective(spec: &EtsSpec, n: usize, lik: &Likelihood) -> f64 {
    let n = n as f64;
    let mut v = n * lik.sse.max(1e-300).ln();
    if spec.error == ErrorType::Multiplicative {
        v += 2.0 * lik.sum_log_f;
    }
    v
}

/// How a parameter vector maps onto parameters and initial states.
struct Layout {
    spec: EtsSpec,
}

impl Layout {
    fn unpack(&self, x: &[f64]) -> Option<(EtsParams, EtsState)> {
        let spec = &self.spec;
        let mut i = 0;
        let mut take = || {
            let v = x.get(i).copied();
            i += 1;
            v
        };
        let alpha = take()?;
        let beta = if spec.has_trend() { take()? } else { 0.0 };
        let gamma = if spec.has_season() { take()? } else { 0.0 };
        let phi = if spec.trend == TrendType::Damped {
            take()?
        } else {
            1.0
        };
        let level = take()?;
        let trend = if spec.has_trend() { take()? } else { 0.0 };
        let m = spec.m();
        let mut season = vec![0.0; m.max(1)];
        if spec.has_season() {
            for s in season.iter_mut().skip(1) {
                *s = take()?;
            }
            let rest: f64 = season[1..].iter().sum();
            season[0] = match spec.season {
                SeasonType::Multiplicative => m as f64 - rest,
                _ => -rest,
            };
        } else {
            season.clear();
        }
        Some((
            EtsParams {
                alpha,
                beta,
                gamma,
                phi,
            },
            EtsState {
                level,
                trend,
                season,
                t: 0,
            },
        ))
    }

    fn feasible(&self, p: &EtsParams, s: &EtsState) -> bool {
        let spec = &self.spec;
        if !(LOWER..=UPPER).contains(&p.alpha) {
            return false;
        }
        if spec.has_trend() && !(p.beta >= LOWER && p.beta <= p.alpha) {
            return false;
        }
        if spec.has_season() && !(p.gamma >= LOWER && p.gamma <= 1.0 - p.alpha) {
            return false;
        }
        if spec.trend == TrendType::Damped && !(PHI_LOWER..=PHI_UPPER).contains(&p.phi) {
            return false;
        }
        if spec.season == SeasonType::Multiplicative && s.season.iter().any(|&v| v <= 1e-2) {
            return false;
        }
        is_admissible(p.alpha, p.beta, p.gamma, p.phi, spec)
    }
}

/// Fits one model to `y` (already checked: finite, long enough, positive for multiplicative
/// parts). Fails when no feasible start exists or the likelihood cannot be evaluated.
pub fn fit(y: &[f64], spec: EtsSpec, max_iter: usize) -> Result<EtsFit, CoreError> {
    let n = y.len();
    // Working on data scaled to a mean absolute value of 1 puts levels, steps and smoothing
    // parameters on one scale for the simplex; the likelihood shifts by the same constant
    // for every model, so model choice is unaffected.
    let scale = y.iter().map(|v| v.abs()).sum::<f64>() / n.max(1) as f64;
    let scale = if scale > 0.0 && scale.is_finite() {
        scale
    } else {
        1.0
    };
    let ys: Vec<f64> = y.iter().map(|v| v / scale).collect();
    let layout = Layout { spec };
    let (start, steps) = start_values(&ys, &spec)?;
    let f = |x: &[f64]| -> f64 {
        let Some((p, s)) = layout.unpack(x) else {
            return f64::INFINITY;
        };
        if !layout.feasible(&p, &s) {
            return f64::INFINITY;
        }
        run(&spec, &p, s, &ys).map_or(f64::INFINITY, |lik| objective(&spec, n, &lik))
    };
    if !f(&start).is_finite() {
        return Err(CoreError::Analytics(format!(
            "{} cannot start on this series",
            spec.name()
        )));
    }
    let first = nelder_mead::minimize(f, &start, &steps, 1e-6, max_iter);
    // A restart from the best point with a fresh simplex escapes the early collapse that
    // Nelder–Mead is prone to in many dimensions.
    let small: Vec<f64> = steps.iter().map(|s| s * 0.5).collect();
    let second = nelder_mead::minimize(f, &first.x, &small, 1e-7, max_iter / 2);
    let best = if second.value <= first.value {
        second.x.clone()
    } else {
        first.x.clone()
    };
    let iterations = first.iterations + second.iterations;
    let (params, state0) = layout
        .unpack(&best)
        .ok_or_else(|| CoreError::Analytics("parameter vector too short".into()))?;
    let mut state = state0;
    let mut fitted = Vec::with_capacity(n);
    let mut sse = 0.0;
    let mut sum_log_f = 0.0;
    for &obs in &ys {
        let fc = state.step(&spec, &params, obs);
        let e = match spec.error {
            ErrorType::Additive => obs - fc,
            ErrorType::Multiplicative => {
                sum_log_f += fc.abs().max(TINY).ln();
                (obs - fc) / fc
            }
        };
        sse += e * e;
        fitted.push(fc * scale);
    }
    if !sse.is_finite() {
        return Err(CoreError::Analytics(format!(
            "{} does not fit this series",
            spec.name()
        )));
    }
    let nf = n as f64;
    // A series the model fits exactly (a constant one, say) would get an infinite
    // likelihood; a floor far below any real noise keeps the comparison finite, and the
    // penalty then prefers the simplest such model.
    let sse = sse.max(nf * 1e-20);
    let k = spec.free_parameters() + 1;
    // The Gaussian log-likelihood in the data's own units: scaling by c adds n·ln c to
    // −log L for both error types (through σ for additive errors, through the forecasts
    // in the Jacobian for multiplicative ones).
    let mut m2ll = nf * (std::f64::consts::TAU * sse / nf).ln() + nf + 2.0 * nf * scale.ln();
    if spec.error == ErrorType::Multiplicative {
        m2ll += 2.0 * sum_log_f;
    }
    let kf = k as f64;
    let aic = m2ll + 2.0 * kf;
    let aicc = if nf - kf - 1.0 > 0.0 {
        aic + 2.0 * kf * (kf + 1.0) / (nf - kf - 1.0)
    } else {
        f64::INFINITY
    };
    let bic = m2ll + kf * nf.ln();
    let dof = (nf - kf).max(1.0);
    let sigma2 = match spec.error {
        ErrorType::Additive => sse / dof * scale * scale,
        ErrorType::Multiplicative => sse / dof,
    };
    state.level *= scale;
    state.trend *= scale;
    if spec.season == SeasonType::Additive {
        state.season.iter_mut().for_each(|s| *s *= scale);
    }
    Ok(EtsFit {
        spec,
        params,
        state,
        sigma2,
        log_likelihood: -0.5 * m2ll,
        aic,
        aicc,
        bic,
        n,
        k,
        fitted,
        iterations,
    })
}

/// Starting parameters and initial states (R's `initstate` heuristics: a classical
/// decomposition of the first three years for the season, a straight line through the
/// first seasonally adjusted values for level and trend) and the first simplex's steps.
fn start_values(y: &[f64], spec: &EtsSpec) -> Result<(Vec<f64>, Vec<f64>), CoreError> {
    let m = spec.m();
    let n = y.len();
    let mut figure = vec![0.0; m];
    let mut adjusted: Vec<f64> = y.to_vec();
    if spec.has_season() {
        let take = n.min(3 * m);
        if take < 2 * m {
            return Err(CoreError::Analytics(format!(
                "{} needs at least two full seasons",
                spec.name()
            )));
        }
        figure = seasonal_figure(&y[..take], m, spec.season == SeasonType::Multiplicative);
        for (i, v) in adjusted.iter_mut().enumerate() {
            match spec.season {
                SeasonType::Multiplicative => *v /= figure[i % m].max(1e-2),
                _ => *v -= figure[i % m],
            }
        }
        if spec.season == SeasonType::Multiplicative {
            for s in figure.iter_mut() {
                *s = s.max(1e-2);
            }
            let total: f64 = figure.iter().sum();
            figure.iter_mut().for_each(|s| *s *= m as f64 / total);
        }
    }
    let maxn = n.min(10.max(2 * m));
    let (l0, b0) = if spec.has_trend() {
        let (a, b) = line_fit(&adjusted[..maxn]);
        (a, b)
    } else {
        (adjusted[..maxn].iter().sum::<f64>() / maxn as f64, 0.0)
    };
    let mf = m as f64;
    // R's starting smoothing parameters: small for seasonal data, where a large α would
    // absorb the season into the level.
    let alpha = LOWER + 0.2 * (UPPER - LOWER) / mf;
    let mut x = vec![alpha];
    let mut steps = vec![0.05];
    if spec.has_trend() {
        x.push(LOWER + 0.1 * (alpha - LOWER));
        steps.push(0.01);
    }
    if spec.has_season() {
        x.push(LOWER + 0.05 * (1.0 - alpha - LOWER));
        steps.push(0.02);
    }
    if spec.trend == TrendType::Damped {
        x.push(0.97);
        steps.push(-0.05);
    }
    x.push(l0);
    steps.push(0.05 * l0.abs().max(0.1));
    if spec.has_trend() {
        x.push(b0);
        steps.push(0.01 * l0.abs().max(0.1));
    }
    if spec.has_season() {
        for s in &figure[1..] {
            x.push(*s);
            steps.push(match spec.season {
                SeasonType::Multiplicative => 0.02,
                _ => 0.02 * l0.abs().max(0.1),
            });
        }
    }
    Ok((x, steps))
}

/// The seasonal figure of a classical decomposition (centred moving average), normalised
/// to sum 0 (additive) or to average 1 (multiplicative).
fn seasonal_figure(y: &[f64], m: usize, multiplicative: bool) -> Vec<f64> {
    let n = y.len();
    let half = m / 2;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..n.saturating_sub(half) {
        // A 2×m moving average for even m, a plain m-term one for odd m.
        let trend = if m.is_multiple_of(2) {
            let mut acc = 0.5 * (y[t - half] + y[t + half]);
            for v in &y[t + 1 - half..t + half] {
                acc += v;
            }
            acc / m as f64
        } else {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        let d = if multiplicative {
            if trend.abs() < TINY {
                1.0
            } else {
                y[t] / trend
            }
        } else {
            y[t] - trend
        };
        sums[t % m] += d;
        counts[t % m] += 1;
    }
    let mut fig: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| {
            if c > 0 {
                s / c as f64
            } else if multiplicative {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let mean = fig.iter().sum::<f64>() / m as f64;
    for v in fig.iter_mut() {
        if multiplicative {
            *v /= mean;
        } else {
            *v -= mean;
        }
    }
    fig
}

/// Intercept (at t = 0) and slope of a least-squares line through y at t = 1, 2, ….
fn line_fit(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let tm = (n + 1.0) / 2.0;
    let ym = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dt = (i + 1) as f64 - tm;
        sxy += dt * (v - ym);
        sxx += dt * dt;
    }
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (ym - b * tm, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seasonal_series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| {
                let season = [
                    1.1, 1.0, 1.05, 0.95, 0.9, 1.0, 0.8, 0.85, 1.1, 1.05, 1.1, 1.1,
                ][t % 12];
                (100.0 + 0.5 * t as f64) * season + ((t * 7919) % 13) as f64 * 0.3
            })
            .collect()
    }

    #[test]
    fn fits_a_trended_seasonal_series_closely() {
        let y = seasonal_series(96);
        let spec = EtsSpec {
            error: ErrorType::Multiplicative,
            trend: TrendType::Additive,
            season: SeasonType::Multiplicative,
            period: 12,
        };
        let fit = fit(&y, spec, 2000).unwrap();
        let mape: f64 = y
            .iter()
            .zip(&fit.fitted)
            .skip(12)
            .map(|(a, f)| ((a - f) / a).abs())
            .sum::<f64>()
            / 84.0;
        assert!(mape < 0.02, "in-sample MAPE {mape}");
        let next = fit.state.forecast(&spec, &fit.params, 1);
        let expected = (100.0 + 0.5 * 96.0) * 1.1;
        assert!(
            (next - expected).abs() / expected < 0.03,
            "{next} vs {expected}"
        );
        assert!(fit.aicc.is_finite());
    }

    #[test]
    fn damped_sum_levels_off() {
        assert_eq!(damped_sum(0.9, 3, TrendType::Additive), 3.0);
        assert!((damped_sum(0.5, 3, TrendType::Damped) - 0.875).abs() < 1e-12);
        assert_eq!(damped_sum(0.5, 3, TrendType::None), 0.0);
    }
}
