//! How wide a chart label is drawn, estimated per character, so a bar chart gives its
//! labels the room they need and shortens only those that truly do not fit.
//!
//! The widths are DejaVu Sans's (in em), the widest sans-serif a browser commonly falls
//! back to; on Arial, Helvetica, Roboto or Segoe UI the text is narrower, so an estimate
//! never lets a label run into the bars.

/// DejaVu Sans's advance widths of a to z, in em (rounded up to the hundredth).
const LOWER: [f64; 26] = [
    0.62, 0.64, 0.56, 0.64, 0.62, 0.36, 0.64, 0.64, 0.28, 0.28, 0.58, 0.28, 0.98, 0.64, 0.62, 0.64,
    0.64, 0.42, 0.53, 0.4, 0.64, 0.6, 0.82, 0.6, 0.6, 0.53,
];

/// The advance width of `c` in em, rounded up; other letters (with accents, say) as wide
/// as the widest lowercase or a capital.
fn em(c: char) -> f64 {
    match c {
        'a'..='z' => LOWER[c as usize - 'a' as usize],
        'I' | 'J' => 0.3,
        'M' => 0.87,
        'W' | '…' | '%' => 1.0,
        'A'..='Z' => 0.79,
        '0'..='9' | '€' => 0.64,
        '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.34,
        ' ' | '(' | ')' | '-' | '/' => 0.4,
        c if c.is_lowercase() => 0.64,
        _ => 0.8,
    }
}

/// The width of `text` in pixels at font size `size_px`.
pub fn px(text: &str, size_px: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * size_px
}

/// `text` if it fits in `max_px`, else as many of its first characters as fit with "…".
pub fn shorten(text: &str, max_px: f64, size_px: f64) -> String {
    if px(text, size_px) <= max_px {
        return text.to_string();
    }
    let mut room = max_px - em('…') * size_px;
    let mut out: String = text
        .chars()
        .take_while(|&c| {
            room -= em(c) * size_px;
            room >= 0.0
        })
        .collect();
    // A word cut after its space reads as a whole word; drop the space before "…".
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels_stay_whole_and_long_ones_fit_with_an_ellipsis() {
        let size = 13.7;
        assert_eq!(shorten("Noord", 60.0, size), "Noord");
        // DejaVu Sans draws "Griffie en Bestuur" 121 px wide at 13.7 px; the estimate may
        // only be wider, and not by much.
        let w = px("Griffie en Bestuur", size);
        assert!((121.0..132.0).contains(&w), "{w}");
        assert_eq!(shorten("Griffie en Bestuur", w, size), "Griffie en Bestuur");
        let short = shorten("Ruimtelijke Ontwikkeling", 120.0, size);
        assert!(short.ends_with('…') && px(&short, size) <= 120.0, "{short}");
        assert_eq!(short, "Ruimtelijke On…");
        // Never more than the room, however narrow.
        assert_eq!(shorten("Wmo", 5.0, size), "…");
    }
}
