//! Per-thread memos of the phrase rules.
//!
//! One therapist turn is read by the coder, by the client's act head (as the listener's turn), by the judge and by
//! the flags, and each asks the same rule scans of the same words: six to eight scans of one text per turn. The
//! scans are pure functions of the text, so each thread keeps what it found for texts it has seen lately.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// Texts remembered per thread and function before the memo starts again (bounds memory in a long-running server).
const CAPACITY: usize = 4096;

pub(crate) type Table<V> = RefCell<HashMap<Box<str>, V>>;

/// `f(text)`, from `table` where this thread already computed it. `f` must be a pure function of `text`, and must
/// not itself go through the same table.
pub(crate) fn get_or<V: Clone + 'static>(
    table: &'static LocalKey<Table<V>>,
    text: &str,
    f: impl FnOnce(&str) -> V,
) -> V {
    if let Some(v) = table.with(|t| t.borrow().get(text).cloned()) {
        return v;
    }
    let v = f(text);
    table.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= CAPACITY {
            t.clear();
        }
        t.insert(text.into(), v.clone());
    });
    v
}
