//! Automatic ETS model choice: every admissible model is fitted and the lowest AICc wins,
//! as R's `ets` and statsforecast's `AutoETS` do by default (no multiplicative trend;
//! additive errors only with additive seasons; multiplicative parts only for positive data).

use serde::Serialize;

use super::ets::{self, ErrorType, EtsFit, EtsSpec, SeasonType, TrendType};
use crate::CoreError;

/// Fewest observations any model is fitted to.
pub const MIN_OBSERVATIONS: usize = 8;

/// Which models are tried, and how hard each is fitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EtsOptions {
    /// Observations per year: 12 for monthly series.
    pub period: usize,
    pub allow_damped: bool,
    pub allow_multiplicative: bool,
    /// Nelder–Mead iterations per model (the restart gets half as many).
    pub max_iter: usize,
}

impl Default for EtsOptions {
    fn default() -> Self {
        EtsOptions {
            period: 12,
            allow_damped: true,
            allow_multiplicative: true,
            max_iter: 800,
        }
    }
}

/// One model that was tried, and its AICc (None when it could not be fitted).
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub model: String,
    pub aicc: Option<f64>,
}

/// The chosen model and the scores of all candidates.
#[derive(Debug, Clone, Serialize)]
pub struct AutoEts {
    pub fit: EtsFit,
    pub candidates: Vec<Candidate>,
}

/// Checks that a series can be modelled at all: long enough and every value a number.
pub fn validate(y: &[f64]) -> Result<(), CoreError> {
    if y.len() < MIN_OBSERVATIONS {
        return Err(CoreError::SeriesTooShort {
            needed: MIN_OBSERVATIONS,
            found: y.len(),
        });
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(CoreError::Analytics(format!(
            "value {} of the series is missing or not a number; fill or drop it first",
            i + 1
        )));
    }
    Ok(())
}

/// The models `auto_ets` tries on this series.
pub fn candidate_specs(y: &[f64], opts: &EtsOptions) -> Vec<EtsSpec> {
    let n = y.len();
    let positive = y.iter().all(|&v| v > 0.0);
    let seasonal_ok = opts.period > 1 && n >= 2 * opts.period;
    let mut out = Vec::new();
    for error in [ErrorType::Additive, ErrorType::Multiplicative] {
        for trend in [TrendType::None, TrendType::Additive, TrendType::Damped] {
            for season in [
                SeasonType::None,
                SeasonType::Additive,
                SeasonType::Multiplicative,
            ] {
                let spec = EtsSpec {
                    error,
                    trend,
                    season,
                    period: if season == SeasonType::None {
                        1
                    } else {
                        opts.period
                    },
                };
                let multiplicative =
                    error == ErrorType::Multiplicative || season == SeasonType::Multiplicative;
                if multiplicative && (!positive || !opts.allow_multiplicative) {
                    continue;
                }
                // Additive errors with a multiplicative season are numerically unstable.
                if error == ErrorType::Additive && season == SeasonType::Multiplicative {
                    continue;
                }
                if trend == TrendType::Damped && !opts.allow_damped {
                    continue;
                }
                if season != SeasonType::None && !seasonal_ok {
                    continue;
                }
                if n <= spec.free_parameters() + 4 {
                    continue;
                }
                out.push(spec);
            }
        }
    }
    out
}

/// Fits every candidate model and returns the one with the lowest AICc.
pub fn auto_ets(y: &[f64], opts: &EtsOptions) -> Result<AutoEts, CoreError> {
    validate(y)?;
    let specs = candidate_specs(y, opts);
    let mut best: Option<EtsFit> = None;
    let mut candidates = Vec::with_capacity(specs.len());
    for spec in specs {
        let fitted = ets::fit(y, spec, opts.max_iter).ok();
        let aicc = fitted.as_ref().map(|f| f.aicc).filter(|a| a.is_finite());
        candidates.push(Candidate {
            model: spec.name(),
            aicc,
        });
        if let (Some(f), Some(a)) = (fitted, aicc) {
            if best.as_ref().is_none_or(|b| a < b.aicc) {
                best = Some(f);
            }
        }
    }
    let fit = best.ok_or_else(|| {
        CoreError::Analytics("no exponential-smoothing model could be fitted to this series".into())
    })?;
    Ok(AutoEts { fit, candidates })
}

/// Fits one named model, e.g. for a comparison or a spec that fixes the model.
pub fn fit_spec(y: &[f64], spec: EtsSpec, opts: &EtsOptions) -> Result<EtsFit, CoreError> {
    validate(y)?;
    let multiplicative =
        spec.error == ErrorType::Multiplicative || spec.season == SeasonType::Multiplicative;
    if multiplicative && y.iter().any(|&v| v <= 0.0) {
        return Err(CoreError::Analytics(format!(
            "{} needs every value above zero; this series has zero or negative values",
            spec.name()
        )));
    }
    ets::fit(y, spec, opts.max_iter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::reference_series::{AIR_PASSENGERS, US_ACC_DEATHS};

    #[test]
    fn bad_series_are_clear_errors_not_panics() {
        let opts = EtsOptions::default();
        assert!(matches!(
            auto_ets(&[1.0, 2.0, 3.0], &opts),
            Err(CoreError::SeriesTooShort {
                needed: 8,
                found: 3
            })
        ));
        let mut y = US_ACC_DEATHS.values.to_vec();
        y[5] = f64::NAN;
        assert!(auto_ets(&y, &opts).is_err());
        // Zero and negative values rule out multiplicative models instead of failing.
        let mut y = US_ACC_DEATHS.values.to_vec();
        y[3] = 0.0;
        y[4] = -10.0;
        let auto = auto_ets(&y, &opts).unwrap();
        assert_eq!(auto.fit.spec.error, ErrorType::Additive);
        assert!(auto.candidates.iter().all(|c| !c.model.contains('M')));
        let spec = EtsSpec {
            error: ErrorType::Multiplicative,
            trend: TrendType::None,
            season: SeasonType::None,
            period: 1,
        };
        assert!(fit_spec(&y, spec, &opts).is_err());
        // A constant series fits without hanging.
        let flat = vec![5.0; 40];
        assert!(auto_ets(&flat, &opts).is_ok());
        // Too short for a season: only non-seasonal models are tried.
        let short = &US_ACC_DEATHS.values[..20];
        assert!(candidate_specs(short, &opts)
            .iter()
            .all(|s| s.season == SeasonType::None));
    }

    /// The fit time quoted in docs/analytics.md: one 10-year monthly series, all models.
    /// `cargo test -p helder-core --release fit_time_report -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn fit_time_report() {
        let y = &AIR_PASSENGERS.values[..120];
        let mut times = Vec::new();
        for _ in 0..9 {
            let t0 = std::time::Instant::now();
            let auto = auto_ets(y, &EtsOptions::default()).unwrap();
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            assert!(auto.fit.aicc.is_finite());
        }
        times.sort_by(f64::total_cmp);
        eprintln!(
            "auto_ets on 120 months ({} models): min {:.1} ms, median {:.1} ms",
            candidate_specs(y, &EtsOptions::default()).len(),
            times[0],
            times[4]
        );
    }
}
