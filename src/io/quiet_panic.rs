//! Running third-party decoding code whose panics on damaged input are
//! caught and reported as a damaged file: without the panic's own message
//! on stderr, which would otherwise come before chronomap's one line.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`caught`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it becomes `None`, and its message is not
/// printed. Panics elsewhere, on any thread, are reported as before.
pub fn caught<T>(f: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(was));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_none_and_a_value_passes() {
        assert_eq!(caught(|| 7), Some(7));
        let none: Option<()> = caught(|| panic!("damaged page"));
        assert_eq!(none, None);
        assert_eq!(caught(|| 8), Some(8), "the thread is usable after");
    }
}
