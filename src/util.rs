//! Small helpers any stage may use, naming no stage: text for messages.

/// `s` cut to `max` characters with `…` after, for quoting a post in a
/// warning.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
