//! The allocator's one setting: how soon freed memory goes back to the system.
//!
//! mimalloc (the binaries' allocator) keeps freed pages for a second before
//! returning them. Loading a big file frees as much as it keeps (decoded
//! pages, per-thread batches, sort buffers), on threads that then end, so the
//! peak held about 90 MB of such pages at 10^6 events. Returned after 10 ms,
//! as mimalloc's own documentation gives, they are reused or gone before the
//! next step of the load.
//! A CSV parse, whose batches churn the same sizes over and over, keeps
//! them for a second again while it runs ([`keep_freed_pages`]).

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};
use std::ffi::c_long;
use std::sync::Mutex;

/// `mi_option_purge_delay`: its place in mimalloc's `mi_option_e` (v3's
/// `mimalloc.h`), which the Rust bindings do not name.
const PURGE_DELAY_OPTION: mi_option_t = 15;

/// How long mimalloc keeps a freed page before returning it, in milliseconds.
pub const PURGE_DELAY_MS: c_long = 10;

/// Has mimalloc return freed pages after [`PURGE_DELAY_MS`], unless the
/// user set the delay (`MIMALLOC_PURGE_DELAY`). Call it first thing in a
/// binary whose global allocator is mimalloc.
pub fn return_freed_memory_soon() {
    if !users_delay() {
        set_purge_delay_ms(PURGE_DELAY_MS);
    }
}

/// How long freed pages are kept while a [`KeepFreedPages`] lives, in
/// milliseconds (mimalloc's own default).
pub const CHURN_PURGE_DELAY_MS: c_long = 1000;

/// The [`KeepFreedPages`] that changed the delay.
struct Keepers {
    /// How many live.
    live: usize,
    /// The delay before the first, to go back to after the last.
    delay_before_ms: c_long,
}

static KEEPERS: Mutex<Keepers> = Mutex::new(Keepers {
    live: 0,
    delay_before_ms: PURGE_DELAY_MS,
});

/// While it lives, mimalloc keeps freed pages for [`CHURN_PURGE_DELAY_MS`]
/// (unless the user set the delay): for work that frees and allocates
/// buffers of the same sizes over and over, on several threads. A CSV
/// load's batches do: returned after 10 ms, their pages were faulted in and
/// zeroed again (the kernel's zeroing was 18 % of a 10^6-row load's CPU);
/// kept, that load took 1.07 s instead of 1.11 and 2 % less CPU, for 28 MB
/// more at its peak.
#[must_use = "the delay goes back when the guard is dropped"]
pub struct KeepFreedPages {
    /// Whether this guard is one of the [`Keepers`] (not when the user set
    /// the delay): only then does dropping it count down.
    counted: bool,
}

/// The keepers' count and delay. Nothing panics while they are held, so a
/// poisoned lock still holds them right.
fn keepers() -> std::sync::MutexGuard<'static, Keepers> {
    KEEPERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps freed pages longer until the guard is dropped (see [`KeepFreedPages`]).
pub fn keep_freed_pages() -> KeepFreedPages {
    if users_delay() {
        return KeepFreedPages { counted: false };
    }
    let mut keepers = keepers();
    if keepers.live == 0 {
        keepers.delay_before_ms = purge_delay_ms();
        set_purge_delay_ms(CHURN_PURGE_DELAY_MS);
    }
    keepers.live += 1;
    KeepFreedPages { counted: true }
}

impl Drop for KeepFreedPages {
    fn drop(&mut self) {
        if !self.counted {
            return;
        }
        let mut keepers = keepers();
        keepers.live = keepers.live.saturating_sub(1);
        if keepers.live == 0 {
            set_purge_delay_ms(keepers.delay_before_ms);
        }
    }
}

/// Whether the user set the delay (`MIMALLOC_PURGE_DELAY`): it then stands.
fn users_delay() -> bool {
    std::env::var_os("MIMALLOC_PURGE_DELAY").is_some()
}

fn set_purge_delay_ms(delay: c_long) {
    #[expect(
        unsafe_code,
        reason = "mimalloc's option setter is a C function taking two integers; it may be called at any time"
    )]
    // SAFETY: `mi_option_set` checks the option's range and has no preconditions.
    unsafe {
        mi_option_set(PURGE_DELAY_OPTION, delay);
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
