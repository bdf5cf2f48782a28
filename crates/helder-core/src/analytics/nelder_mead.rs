//! A bounded-effort Nelder–Mead minimiser for the few-dozen-dimensional likelihoods here.
//!
//! ETS likelihoods are cheap, non-smooth at the parameter bounds and have no analytic
//! gradient, which is what Nelder–Mead suits (R's `ets` and statsforecast use it too). The
//! adaptive coefficients of Gao & Han (2012) keep it working in 15+ dimensions. Infeasible
//! points return +∞ from the objective and are simply never accepted. The iteration cap
//! guarantees termination on any input.

/// The best point found and how the search ended.
#[derive(Debug, Clone)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub iterations: usize,
    pub converged: bool,
}

/// Minimises `f` from `start`, with a first simplex that moves coordinate `i` by `steps[i]`.
/// Stops when the simplex values agree to `tol` (relative) or after `max_iter` iterations.
pub fn minimize<F>(mut f: F, start: &[f64], steps: &[f64], tol: f64, max_iter: usize) -> Minimum
where
    F: FnMut(&[f64]) -> f64,
{
    let n = start.len();
    let nf = n.max(1) as f64;
    let (alpha, gamma, rho, sigma) = (1.0, 1.0 + 2.0 / nf, 0.75 - 0.5 / nf, 1.0 - 1.0 / nf);
    let mut eval = |x: &[f64]| {
        let v = f(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut simplex: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
    simplex.push(start.to_vec());
    for i in 0..n {
        let mut x = start.to_vec();
        x[i] += steps.get(i).copied().unwrap_or(0.05);
        simplex.push(x);
    }
    let mut values: Vec<f64> = simplex.iter().map(|x| eval(x)).collect();
    let mut order: Vec<usize> = (0..=n).collect();
    let mut centroid = vec![0.0; n];
    let mut trial = vec![0.0; n];
    let mut trial2 = vec![0.0; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < max_iter {
        crate::sort_order::sort_indices(&mut order, &mut |a, b| values[a].total_cmp(&values[b]));
        let (best, worst, second) = (order[0], order[n], order[n.saturating_sub(1)]);
        let (fb, fw) = (values[best], values[worst]);
        if fb.is_finite() && fw.is_finite() && (fw - fb).abs() <= tol * (fb.abs() + tol) {
            converged = true;
            break;
        }
        iterations += 1;
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for &k in &order[..n] {
            for (c, x) in centroid.iter_mut().zip(&simplex[k]) {
                *c += x / nf;
            }
        }
        for j in 0..n {
            trial[j] = centroid[j] + alpha * (centroid[j] - simplex[worst][j]);
        }
        let fr = eval(&trial);
        if fr < fb {
            for j in 0..n {
                trial2[j] = centroid[j] + gamma * (trial[j] - centroid[j]);
            }
            let fe = eval(&trial2);
            if fe < fr {
                simplex[worst].copy_from_slice(&trial2);
                values[worst] = fe;
            } else {
                simplex[worst].copy_from_slice(&trial);
                values[worst] = fr;
            }
            continue;
        }
        if fr < values[second] {
            simplex[worst].copy_from_slice(&trial);
            values[worst] = fr;
            continue;
        }
        // Contract outside when the reflection beat the worst point, inside otherwise.
        let outside = fr < fw;
        for j in 0..n {
            trial2[j] = if outside {
                centroid[j] + rho * (trial[j] - centroid[j])
            } else {
                centroid[j] - rho * (centroid[j] - simplex[worst][j])
            };
        }
        let fc = eval(&trial2);
        if (outside && fc <= fr) || (!outside && fc < fw) {
            simplex[worst].copy_from_slice(&trial2);
            values[worst] = fc;
            continue;
        }
        let anchor = simplex[best].clone();
        for &k in &order[1..] {
            for (x, a) in simplex[k].iter_mut().zip(&anchor) {
                *x = a + sigma * (*x - a);
            }
            values[k] = eval(&simplex[k]);
        }
    }
    let best = (0..=n)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    Minimum {
        x: simplex[best].clone(),
        value: values[best],
        iterations,
        converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_rosenbrock_minimum_and_respects_infeasible_regions() {
        let rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = minimize(rosen, &[-1.2, 1.0], &[0.1, 0.1], 1e-12, 5000);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-3 && (m.x[1] - 1.0).abs() < 1e-3,
            "{m:?}"
        );
        // A bound as +∞: the minimum of x² on x ≥ 0.5 is at the bound.
        let bounded = |x: &[f64]| {
            if x[0] < 0.5 {
                f64::INFINITY
            } else {
                x[0] * x[0]
            }
        };
        let m = minimize(bounded, &[2.0], &[0.3], 1e-12, 1000);
        assert!((m.x[0] - 0.5).abs() < 1e-4, "{m:?}");
        // The cap ends the search even when it cannot converge.
        let m = minimize(|_| f64::NAN, &[0.0; 3], &[0.1; 3], 1e-12, 50);
        assert!(m.iterations <= 50);
    }
}
