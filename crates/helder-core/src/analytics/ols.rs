//! Ordinary least squares with Newey–West (HAC) standard errors, for the segmented
//! regression of the policy-effect analysis: monthly series are autocorrelated, and plain
//! OLS standard errors would then claim effects too readily.

// Index loops mirror the matrix formulas; the matrices are at most 15 × 15.
#![allow(clippy::needless_range_loop)]

use crate::CoreError;

/// Coefficients, residuals and the HAC covariance of a least-squares fit.
#[derive(Debug, Clone)]
pub struct Ols {
    pub coef: Vec<f64>,
    pub residuals: Vec<f64>,
    /// Newey–West covariance of leverage-adjusted (HC3-style) residuals.
    pub cov: Vec<Vec<f64>>,
    /// Bartlett-kernel lag used.
    pub lag: usize,
    /// Residual degrees of freedom, n − k.
    pub dof: usize,
}

/// The Newey–West (1994) rule-of-thumb lag: ⌊4 (n/100)^(2/9)⌋.
pub fn default_lag(n: usize) -> usize {
    (4.0 * (n as f64 / 100.0).powf(2.0 / 9.0)).floor() as usize
}

/// Fits y = Xβ + e, X given row by row, with HAC covariance at `lag` (None: the default).
pub fn fit(x: &[Vec<f64>], y: &[f64], lag: Option<usize>) -> Result<Ols, CoreError> {
    let n = y.len();
    let k = x.first().map_or(0, Vec::len);
    if n != x.len() || k == 0 || n <= k + 1 {
        return Err(CoreError::SeriesTooShort {
            needed: k + 2,
            found: n,
        });
    }
    let mut xtx = vec![vec![0.0; k]; k];
    let mut xty = vec![0.0; k];
    for (row, &yi) in x.iter().zip(y) {
        for i in 0..k {
            xty[i] += row[i] * yi;
            for j in 0..=i {
                xtx[i][j] += row[i] * row[j];
            }
        }
    }
    for i in 0..k {
        for j in 0..i {
            xtx[j][i] = xtx[i][j];
        }
    }
    let inv = invert_spd(&xtx).ok_or_else(|| {
        CoreError::Analytics(
            "the regression is singular: too few months before or after the date".into(),
        )
    })?;
    let coef: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| inv[i][j] * xty[j]).sum())
        .collect();
    let residuals: Vec<f64> = x
        .iter()
        .zip(y)
        .map(|(row, yi)| yi - row.iter().zip(&coef).map(|(a, b)| a * b).sum::<f64>())
        .collect();
    let lag = lag.unwrap_or_else(|| default_lag(n)).min(n - 1);
    // The "meat": Σ_l w_l Σ_t u_t u_{t−l}ᵀ (both orders), u_t = x_t e_t, Bartlett weights.
    // Each residual is scaled by 1/(1 − h_t), its leverage, as in HC3: OLS residuals are
    // too small where the design pulls the fit towards them (a step or ramp after the
    // measure with few months), and without this the test claims effects far too often in
    // series of a few years.
    let u: Vec<Vec<f64>> = x
        .iter()
        .zip(&residuals)
        .map(|(row, e)| {
            let h: f64 = (0..k)
                .map(|i| row[i] * (0..k).map(|j| inv[i][j] * row[j]).sum::<f64>())
                .sum();
            let e = e / (1.0 - h.min(0.99));
            row.iter().map(|v| v * e).collect()
        })
        .collect();
    let mut meat = vec![vec![0.0; k]; k];
    for l in 0..=lag {
        let w = if l == 0 {
            1.0
        } else {
            1.0 - l as f64 / (lag as f64 + 1.0)
        };
        for t in l..n {
            for i in 0..k {
                for j in 0..k {
                    let v = u[t][i] * u[t - l][j];
                    meat[i][j] += w * v;
                    if l > 0 {
                        meat[j][i] += w * v;
                    }
                }
            }
        }
    }
    let bread_meat = matmul(&inv, &meat);
    let cov = matmul(&bread_meat, &inv);
    Ok(Ols {
        coef,
        residuals,
        cov,
        lag,
        dof: n - k,
    })
}

fn matmul(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = b.first().map_or(0, Vec::len);
    a.iter()
        .map(|row| {
            (0..k)
                .map(|j| row.iter().zip(b).map(|(x, bj)| x * bj[j]).sum())
                .collect()
        })
        .collect()
}

/// The lower Cholesky factor L (A = L Lᵀ) of a symmetric positive-definite matrix; None
/// if it is not (numerically) positive definite.
pub fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|p| l[i][p] * l[j][p]).sum();
            if i == j {
                let d = a[i][i] - s;
                // Relative to the diagonal, so a collinear design is caught at any scale.
                if d <= 1e-12 * a[i][i].abs().max(1e-300) {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

/// The inverse of a symmetric positive-definite matrix by Cholesky; None if it is not.
pub fn invert_spd(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = a.len();
    let l = cholesky(a)?;
    // inv = L⁻ᵀ L⁻¹, column by column of the identity.
    let mut inv = vec![vec![0.0; k]; k];
    for c in 0..k {
        let mut z = vec![0.0; k];
        for i in 0..k {
            let s: f64 = (0..i).map(|p| l[i][p] * z[p]).sum();
            z[i] = (if i == c { 1.0 } else { 0.0 } - s) / l[i][i];
        }
        let mut x = vec![0.0; k];
        for i in (0..k).rev() {
            let s: f64 = (i + 1..k).map(|p| l[p][i] * x[p]).sum();
            x[i] = (z[i] - s) / l[i][i];
        }
        for r in 0..k {
            inv[r][c] = x[r];
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_line_and_inverts() {
        let x: Vec<Vec<f64>> = (0..20).map(|t| vec![1.0, t as f64]).collect();
        let y: Vec<f64> = (0..20)
            .map(|t| 3.0 + 0.5 * t as f64 + if t % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let o = fit(&x, &y, None).unwrap();
        assert!((o.coef[0] - 3.0).abs() < 0.1 && (o.coef[1] - 0.5).abs() < 0.01);
        assert!(o.cov[1][1] > 0.0);
        let a = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let inv = invert_spd(&a).unwrap();
        assert!((inv[0][0] - 3.0 / 11.0).abs() < 1e-12 && (inv[0][1] + 1.0 / 11.0).abs() < 1e-12);
        assert!(invert_spd(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
    }
}
