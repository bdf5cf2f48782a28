//! The forecastability (admissible) region of ETS parameters: forecasts must not depend
//! ever more on the distant past, i.e. the discount matrix's eigenvalues lie in the unit
//! disc (Hyndman, Akram & Archibald 2008). A transcription of R's `admissible()`.

use super::ets::{EtsSpec, TrendType};

/// Whether α, β, γ, φ give a forecastable model for this spec.
pub fn is_admissible(alpha: f64, beta: f64, gamma: f64, phi: f64, spec: &EtsSpec) -> bool {
    let phi = if spec.trend == TrendType::Damped {
        phi
    } else {
        1.0
    };
    if !(0.0..=1.0 + 1e-8).contains(&phi) {
        return false;
    }
    let m = spec.m();
    let has_trend = spec.trend != TrendType::None;
    if m <= 1 {
        if alpha < 1.0 - 1.0 / phi || alpha > 1.0 + 1.0 / phi {
            return false;
        }
        if has_trend && (beta < alpha * (phi - 1.0) || beta > (1.0 + phi) * (2.0 - alpha)) {
            return false;
        }
        return true;
    }
    let beta = if has_trend { beta } else { 0.0 };
    let mf = m as f64;
    if gamma < (1.0 - 1.0 / phi - alpha).max(0.0) || gamma > 1.0 + 1.0 / phi - alpha {
        return false;
    }
    if alpha < 1.0 - 1.0 / phi - gamma * (1.0 - mf + phi + phi * mf) / (2.0 * phi * mf) {
        return false;
    }
    if beta < -(1.0 - phi) * (gamma / mf + alpha) {
        return false;
    }
    // The characteristic polynomial, coefficients from z⁰ up to z^(m+1). The optimiser
    // asks this for every candidate point, so the usual season lengths stay on the stack.
    let degree = m + 1;
    let mut stack = [0.0f64; 2 * STACK];
    let mut heap = Vec::new();
    let buf: &mut [f64] = if degree < STACK {
        &mut stack
    } else {
        heap.resize(2 * (degree + 1), 0.0);
        &mut heap
    };
    let (p, scratch) = buf.split_at_mut(buf.len() / 2);
    p[0] = phi * (1.0 - alpha - gamma);
    p[1] = alpha + beta - alpha * phi + gamma - 1.0;
    for c in p.iter_mut().take(m).skip(2) {
        *c = alpha + beta - alpha * phi;
    }
    p[m] = alpha + beta - phi;
    p[m + 1] = 1.0;
    roots_within(&mut p[..=degree], scratch, 1.0 + 1e-8)
}

/// Polynomials up to this degree are checked without allocating.
const STACK: usize = 32;

/// Whether every root of Σ p_k z^k has modulus below `radius`, by the Schur–Cohn test,
/// which needs no root finding: substitute z = radius·w, then repeatedly check that the
/// constant term is smaller in modulus than the leading one and reduce the degree.
/// `p` is overwritten; `scratch` must be at least as long.
fn roots_within(p: &mut [f64], scratch: &mut [f64], radius: f64) -> bool {
    let mut r = 1.0;
    for c in p.iter_mut() {
        *c *= r;
        r *= radius;
    }
    let (mut a, mut next) = (p, scratch);
    let mut n = a.len().saturating_sub(1);
    while n > 0 {
        let (lead, constant) = (a[n], a[0]);
        // NaN coefficients fail too, hence no plain `>=`.
        if constant.abs().partial_cmp(&lead.abs()) != Some(std::cmp::Ordering::Less) {
            return false;
        }
        // (a_n·A(w) − a_0·A*(w)) / w has the same number of roots inside the unit disc.
        for k in 1..=n {
            next[k - 1] = (lead * a[k] - constant * a[n - k]) / lead;
        }
        std::mem::swap(&mut a, &mut next);
        n -= 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::ets::{ErrorType, SeasonType};

    #[test]
    fn schur_cohn_agrees_with_known_roots() {
        // (z − 0.5)(z + 0.9) = z² + 0.4z − 0.45: inside; (z − 1.2)(z − 0.1): not.
        let check = |p: [f64; 3]| roots_within(&mut p.clone(), &mut [0.0; 3], 1.0);
        assert!(check([-0.45, 0.4, 1.0]));
        assert!(!check([0.12, -1.3, 1.0]));
        // Complex pair with modulus 0.95: z² − 1.0z + 0.9025.
        assert!(check([0.9025, -1.0, 1.0]));
        assert!(!check([1.1025, -1.0, 1.0]));
    }

    #[test]
    fn usual_seasonal_parameters_are_admissible() {
        let spec = EtsSpec {
            error: ErrorType::Additive,
            trend: TrendType::Additive,
            season: SeasonType::Additive,
            period: 12,
        };
        assert!(is_admissible(0.3, 0.05, 0.1, 1.0, &spec));
        assert!(!is_admissible(0.3, 0.05, 1.5, 1.0, &spec));
        // Without a trend the polynomial has a root on the unit circle, which is allowed.
        let ana = EtsSpec {
            trend: TrendType::None,
            ..spec
        };
        assert!(is_admissible(0.3, 0.0, 0.1, 1.0, &ana));
        assert!(is_admissible(0.0167, 0.0, 0.05, 1.0, &ana));
    }
}
