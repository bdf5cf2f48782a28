//! The language figures are written in: Dutch by default, English as a switch.
//!
//! Numbers, dates and the few words the core puts into figures (units, months, quarters)
//! follow the language set for the current thread. The browser has one thread and sets it
//! from the reader's choice; the CLI and the tests never set it, so they write Dutch. A
//! thread-local keeps every formatting call free of a language argument while the choice
//! still lives in one place (the app's store).

use std::cell::Cell;

/// A language Helder writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// The language for an ISO 639-1 code (`nl`, `en`); Dutch for anything else.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The ISO 639-1 code, as `<html lang>` and the address write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Thousands and decimal separators: `1.234,5` or `1,234.5`.
    pub fn separators(self) -> (char, char) {
        match self {
            Lang::Nl => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Nl) };
}

/// The language figures on this thread are written in.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Sets the language for figures written on this thread from now on.
pub fn set(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// `nl` or `en` in the current language.
pub fn pick<T>(nl: T, en: T) -> T {
    current().pick(nl, en)
}

/// `template` with each `{}` replaced by the next of `args`, in order: a text's words may
/// stand in another order in each language, unlike `format!`, whose template is fixed.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or_default());
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// What a suppressed cell of a published cube reads, as Statistics Netherlands writes it.
pub fn secret() -> &'static str {
    pick("geheim", "confidential")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_unless_set_and_per_thread() {
        assert_eq!(current(), Lang::Nl);
        std::thread::spawn(|| {
            set(Lang::En);
            assert_eq!(crate::format_nl::number(1234.5, 1), "1,234.5");
            assert_eq!(
                crate::date::format_long_nl(crate::date::from_ymd(2026, 10, 31).unwrap()),
                "31 October 2026"
            );
        })
        .join()
        .unwrap();
        assert_eq!(crate::format_nl::number(1234.5, 1), "1.234,5");
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Nl);
    }
}
