//! How quick lookup compares words: what staff type against what the spec and the data
//! say, tolerant of case, accents, the Dutch ij/y, punctuation and small typos.

/// A text as lookup compares it: lowercase, accents stripped (é→e, ë→e), `ij` folded to
/// `y` (so "wyk" meets "wijk"), every other sign a space between words.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            // The Dutch ligature ĳ is the digraph ij.
            'ĳ' => 'y',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == 'j' && out.ends_with('i') {
            out.pop();
            out.push('y');
        } else if c == ' ' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The words of a text, normalised.
pub fn words(text: &str) -> Vec<String> {
    normalise(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How many typing mistakes a word of `len` letters may hold and still match: none for
/// short words (they would match too much), one up to seven letters, two beyond.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of neighbours), or `None` once it exceeds `max`: lookup only
/// needs to know whether a word is close, so it stops early.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    // Three rows of the dynamic programme: two back (for swaps), one back and this one.
    let mut rows = vec![0usize; 3 * w];
    for (j, cell) in rows.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = ((i % 3) * w, ((i - 1) % 3) * w, ((i + 1) % 3) * w);
        rows[cur] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2 + j - 2] + 1);
            }
            rows[cur + j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
    }
    let d = rows[(a.len() % 3) * w + b.len()];
    (d <= max).then_some(d)
}

/// How well typed word `typed` matches known word `known` (both normalised), from 0 (not
/// at all) to 1 (exactly). `prefix`: the word is still being typed, so the start of a
/// known word counts (from two letters on).
pub fn word_match(typed: &str, known: &str, prefix: bool) -> f32 {
    if typed == known {
        return 1.0;
    }
    let t: Vec<char> = typed.chars().collect();
    let k: Vec<char> = known.chars().collect();
    if prefix && t.len() >= 2 && known.starts_with(typed) {
        return 0.6 + 0.3 * t.len() as f32 / k.len() as f32;
    }
    let budget = typo_budget(t.len());
    if budget > 0 {
        if let Some(d) = distance(&t, &k, budget) {
            return 0.8 - 0.15 * d as f32;
        }
        // A typo inside the word being typed: compare with the known word's start.
        if prefix && k.len() > t.len() && t.len() >= 4 {
            if let Some(d) = distance(&t, &k[..t.len()], typo_budget(t.len())) {
                return 0.5 - 0.1 * d as f32;
            }
        }
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_ij_and_punctuation() {
        assert_eq!(normalise("Cliënten"), "clienten");
        assert_eq!(normalise("Café-Noord!"), "cafe noord");
        assert_eq!(normalise("Wijk"), normalise("wyk"));
        assert_eq!(normalise("IJsselmonde"), "ysselmonde");
        assert_eq!(normalise("  Per  1.000 inwoners "), "per 1 000 inwoners");
        assert_eq!(words("Kosten per cliënt"), ["kosten", "per", "client"]);
    }

    #[test]
    fn budgets_grow_with_length() {
        assert_eq!(typo_budget(3), 0);
        assert_eq!(typo_budget(4), 1);
        assert_eq!(typo_budget(7), 1);
        assert_eq!(typo_budget(8), 2);
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&c("bijstnd"), &c("bijstand"), 2), Some(1));
        assert_eq!(distance(&c("nord"), &c("noord"), 1), Some(1));
        assert_eq!(distance(&c("jeugdzrog"), &c("jeugdzorg"), 2), Some(1));
        assert_eq!(distance(&c("abc"), &c("xyz"), 2), None);
        assert_eq!(distance(&c(""), &c("ab"), 2), Some(2));
    }

    #[test]
    fn matches_typos_prefixes_but_not_short_guesses() {
        assert_eq!(word_match("noord", "noord", false), 1.0);
        assert!(word_match("nord", "noord", false) > 0.5);
        assert!(word_match("bystnd", "bystand", false) > 0.5);
        assert!(word_match("bijs", "bijstand", false) == 0.0);
        assert!(word_match("bys", "bystand", true) > 0.5);
        assert_eq!(
            word_match("zud", "zuid", false),
            0.0,
            "three letters: no typo allowed"
        );
        assert_eq!(word_match("oost", "west", false), 0.0);
    }
}
