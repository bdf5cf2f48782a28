//! Fingerprints of files (FNV-1a, 32 bits), so a page can tell whether two files still
//! belong together: `first_view.json` and `dashboard.json` name the bytes they were made
//! from, and the page (in Rust or in its small start-up script) recomputes them cheaply.

/// FNV-1a (32 bits) of `bytes`, as 8 hex digits.
pub fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        assert_eq!(fnv1a(b""), "811c9dc5");
        assert_eq!(fnv1a(b"a"), "e40c292c");
        assert_eq!(fnv1a("\u{e9}".as_bytes()), fnv1a(&[0xc3, 0xa9]));
    }
}
