//! The allocator's one setting: how soon freed memory goes back to the system.
//!
//! mimalloc (the binaries' allocator) keeps freed pages for a second before
//! returning them. Loading a big file frees as much as it keeps (decoded
//! pages, per-thread batches, sort buffers), on threads that then end, so the
//! peak held about 90 MB of such pages at 10^6 events. Returned after 10 ms,
//! as mimalloc's own documentation gives, they are reused or gone before the
//! next step of the load.

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};
use std::ffi::c_long;

/// `mi_option_purge_delay`: its place in mimalloc's `mi_option_e` (v3's
/// `mimalloc.h`), which the Rust bindings do not name.
const PURGE_DELAY_OPTION: mi_option_t = 15;

/// How long mimalloc keeps a freed page before returning it, in milliseconds.
pub const PURGE_DELAY_MS: c_long = 10;

/// Has mimalloc return freed pages after [`PURGE_DELAY_MS`], unless the
/// user set the delay (`MIMALLOC_PURGE_DELAY`). Call it first thing in a
/// binary whose global allocator is mimalloc.
pub fn return_freed_memory_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    #[expect(
        unsafe_code,
        reason = "mimalloc's option setter is a C function taking two integers; it may be called at any time"
    )]
    // SAFETY: `mi_option_set` checks the option's range and has no preconditions.
    unsafe {
        mi_option_set(PURGE_DELAY_OPTION, PURGE_DELAY_MS);
    }
}

/// mimalloc's purge delay now, in milliseconds.
pub fn purge_delay_ms() -> c_long {
    #[expect(
        unsafe_code,
        reason = "mimalloc's option getter is a C function taking an integer"
    )]
    // SAFETY: `mi_option_get` checks the option's range and has no preconditions.
    unsafe {
        mi_option_get(PURGE_DELAY_OPTION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // The user's delay stands (and is not the default).
        }
        // mimalloc v3's default purge delay is 1000 ms (options.c); no other
        // option near it has that default, so the place is the right one.
        assert_eq!(purge_delay_ms(), 1000);
        return_freed_memory_soon();
        assert_eq!(purge_delay_ms(), PURGE_DELAY_MS);
    }
}
