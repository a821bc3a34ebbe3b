//! The allocator's setting, in a process of its own: the library's CSV
//! loads change it while they run, so it is not tested beside them.

use chronomap::memory::{
    CHURN_PURGE_DELAY_MS, PURGE_DELAY_MS, keep_freed_pages, purge_delay_ms, return_freed_memory_soon,
};

#[test]
fn the_option_set_is_mimallocs_purge_delay_and_guards_put_it_back() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return; // The user's delay stands (and is not the default).
    }
    // mimalloc v3's default purge delay is 1000 ms (options.c); no other
    // option near it has that default, so the place is the right one.
    assert_eq!(purge_delay_ms(), 1000);
    return_freed_memory_soon();
    assert_eq!(purge_delay_ms(), PURGE_DELAY_MS);
    // Kept longer while a guard lives (two at once: the last one out puts
    // the delay back).
    let first = keep_freed_pages();
    let second = keep_freed_pages();
    assert_eq!(purge_delay_ms(), CHURN_PURGE_DELAY_MS);
    drop(first);
    assert_eq!(purge_delay_ms(), CHURN_PURGE_DELAY_MS);
    drop(second);
    assert_eq!(purge_delay_ms(), PURGE_DELAY_MS);
}
