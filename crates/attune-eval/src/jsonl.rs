//! Our own evaluation sets are JSON Lines: each non-blank line one object, errors named by line.

/// The non-blank lines of `text` as JSON values with their 1-based line numbers; a line that is not JSON is an
/// error naming it.
pub(crate) fn objects(text: &str) -> impl Iterator<Item = Result<(usize, serde_json::Value), String>> + '_ {
    text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()).map(|(i, line)| {
        let n = i + 1;
        serde_json::from_str(line).map(|v| (n, v)).map_err(|e| format!("line {n}: not JSON ({e})"))
    })
}
