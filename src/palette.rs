//! Chart colours as design tokens. Charts are drawn with these colours, then every colour
//! in the SVG becomes `var(--helder-chart-…, #default)`, so a municipality's token file
//! (style/tokens.css or its replacement) recolours the charts like the rest of the page,
//! and a drawing saved on its own still shows the default colours.

use plotters::style::RGBColor;

/// Bars, lines and the first part of stacked bars: 3:1 or more against white (WCAG 1.4.11).
pub const BAR: RGBColor = RGBColor(0x15, 0x4A, 0x8A);
/// Bars outside the active filter: lighter, but still 3:1 against white.
pub const BAR_MUTED: RGBColor = RGBColor(0x76, 0x86, 0x9A);
/// The selected time range's background, and a projection's 95 % band.
pub const BAND: RGBColor = RGBColor(0xE3, 0xEC, 0xF7);
/// A projection's 80 % band.
pub const BAND_STRONG: RGBColor = RGBColor(0xB8, 0xCC, 0xE6);
/// Axis text and lines: 4.5:1 or better against white.
pub const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// The drawing's background, and the gap between the parts of a stacked bar.
pub const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Colours for the parts of stacked bars: each 3:1 or more against white, told apart by the
/// legend's names and the white gap between parts, never by colour alone.
pub const PARTS: [RGBColor; 6] = [
    BAR,
    RGBColor(0xB3, 0x59, 0x00),
    RGBColor(0x2E, 0x7D, 0x32),
    RGBColor(0x6A, 0x1B, 0x9A),
    RGBColor(0x8A, 0x15, 0x38),
    RGBColor(0x4E, 0x5B, 0x6E),
];

/// Each colour's token. Defaults are distinct, so a colour in the SVG names one token.
const TOKENS: [(RGBColor, &str); 12] = [
    (BACKGROUND, "--helder-chart-background"),
    (INK, "--helder-chart-ink"),
    (GRID, "--helder-chart-grid"),
    (BAR_MUTED, "--helder-chart-muted"),
    (BAND, "--helder-chart-band"),
    (BAND_STRONG, "--helder-chart-band-strong"),
    (PARTS[0], "--helder-chart-1"),
    (PARTS[1], "--helder-chart-2"),
    (PARTS[2], "--helder-chart-3"),
    (PARTS[3], "--helder-chart-4"),
    (PARTS[4], "--helder-chart-5"),
    (PARTS[5], "--helder-chart-6"),
];

/// `#RRGGBB`, as plotters writes colours into SVG.
fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// A colour for CSS or an SVG attribute: its token with the default as fallback.
pub fn css(c: RGBColor) -> String {
    match TOKENS.iter().find(|(t, _)| *t == c) {
        Some((_, name)) => format!("var({name}, {})", hex(c)),
        None => hex(c),
    }
}

/// The drawing with every palette colour in a fill or stroke replaced by its token.
pub fn themed(svg: &str) -> String {
    let mut out = svg.to_string();
    for (colour, _) in TOKENS {
        let quoted = format!("\"{}\"", hex(colour));
        if out.contains(&quoted) {
            out = out.replace(&quoted, &format!("\"{}\"", css(colour)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_tokens_with_their_default() {
        let svg = r##"<rect fill="#154A8A" stroke="#FFFFFF"/><text fill="#333333">"##;
        assert_eq!(
            themed(svg),
            r##"<rect fill="var(--helder-chart-1, #154A8A)" stroke="var(--helder-chart-background, #FFFFFF)"/><text fill="var(--helder-chart-ink, #333333)">"##
        );
        assert_eq!(css(RGBColor(1, 2, 3)), "#010203");
    }

    #[test]
    fn every_chart_colour_is_a_token() {
        use crate::chart;
        let labels = vec!["Noord".to_string(), "Zuid".to_string()];
        let values = [Some(2.0), Some(3.0)];
        let drawings = [
            chart::hbar_chart_svg(
                &labels,
                &values,
                &[true, false],
                Some(2.5),
                &chart::compact_number,
                400,
            )
            .map(|d| d.svg),
            chart::time_chart_svg(
                &labels,
                &values,
                &[true, false],
                &[(1, "x".into())],
                true,
                &chart::compact_number,
                400,
                200,
            )
            .map(|d| d.svg),
            chart::stacked_hbar_svg(
                &labels,
                &[vec![Some(1.0), Some(2.0)], vec![Some(3.0), None]],
                &chart::compact_number,
                400,
            )
            .map(|d| d.svg),
            chart::sparkline_svg(&[1.0, 2.0, 3.0], 160, 36),
        ];
        for svg in drawings {
            let svg = svg.unwrap();
            assert!(!svg.contains("=\"#"), "a colour without a token: {svg}");
            assert!(svg.contains("var(--helder-chart-1, #154A8A)"));
        }
    }

    #[test]
    fn defaults_are_distinct_and_equal_the_default_token_file() {
        let tokens = include_str!("../style/tokens.css").to_lowercase();
        for (i, (colour, name)) in TOKENS.iter().enumerate() {
            assert!(
                TOKENS[..i].iter().all(|(c, _)| c != colour),
                "{name} shares its default"
            );
            let line = format!("{name}: {};", hex(*colour).to_lowercase());
            assert!(tokens.contains(&line), "style/tokens.css lacks `{line}`");
        }
    }
}
