//! Unicode case mapping: Rust's in the native build, JavaScript's in the wasm
//! (the same Unicode mappings), so the wasm carries no case tables (about
//! 15 KB gzipped). ASCII text never leaves Rust.

/// `str::to_lowercase`: full mappings, and Σ at the end of a word is ς.
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        imp::lower(s)
    }
}

/// `str::to_uppercase`: full mappings (ß is SS).
pub(crate) fn upper(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_uppercase()
    } else {
        imp::upper(s)
    }
}

/// Each character lowered on its own (`char::to_lowercase`): Σ is always σ.
pub(crate) fn lower_chars(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    // Only Σ's lowering looks at its neighbours: lower the text between
    // capital sigmas as a whole, and each sigma on its own.
    let mut out = String::with_capacity(s.len());
    for (i, piece) in s.split('Σ').enumerate() {
        if i > 0 {
            out.push('σ');
        }
        out.push_str(&lower(piece));
    }
    out
}

/// Ruby's `capitalize`: the first character upper-cased, the rest lowered
/// character by character.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = upper(first.encode_utf8(&mut [0; 4]));
    out.push_str(&lower_chars(chars.as_str()));
    out
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub(super) fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    pub(super) fn upper(s: &str) -> String {
        s.to_uppercase()
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::JsString;

    pub(super) fn lower(s: &str) -> String {
        JsString::from(s).to_lower_case().into()
    }

    pub(super) fn upper(s: &str) -> String {
        JsString::from(s).to_upper_case().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_as_rusts_own_functions_do() {
        for s in [
            "Plain ASCII",
            "ΣΑΣ ΟΔΟΣ Σ",
            "Straße İstanbul ǅ ﬃ",
            "ÉCOLE été",
            "",
            "Σ",
            "aΣ.",
        ] {
            assert_eq!(lower(s), s.to_lowercase(), "{s}");
            assert_eq!(upper(s), s.to_uppercase(), "{s}");
            let chars: String = s.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(lower_chars(s), chars, "{s}");
            let mut c = s.chars();
            let capitalized: String = match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            };
            assert_eq!(capitalize(s), capitalized, "{s}");
        }
        assert_eq!(lower_chars("ΟΔΟΣ"), "οδοσ");
        assert_eq!(lower("ΟΔΟΣ"), "οδος");
    }
}
