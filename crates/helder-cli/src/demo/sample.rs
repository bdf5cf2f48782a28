//! Drawing from discrete distributions given by weights.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// An index drawn with probability proportional to `weights[i]`.
pub fn pick(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random_range(0.0..total);
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}
