//! The shared state's derivations, without a window.

use super::*;

fn article_state(day: Option<NaiveDate>) -> AppState {
    let atlas = crate::embedded::atlas().unwrap();
    let events = crate::embedded::article_events(&atlas).unwrap().items;
    let catalog = Catalog::new(events, &atlas);
    AppState::new(atlas, catalog, day)
}

/// Every entry point derives the same values from the same inputs.
#[test]
fn a_new_state_derives_what_a_new_catalog_does() {
    let fresh = article_state(None);
    let mut replaced = article_state(None);
    replaced.set_catalog(Arc::clone(&fresh.catalog));
    for id in ["azerbaijan", "armenia", "nagorno-karabakh", "russia"] {
        assert_eq!(
            fresh.region_event_count(id),
            replaced.region_event_count(id),
            "{id}"
        );
    }
    assert_eq!(fresh.region_event_count("azerbaijan"), 10);
    assert_eq!(fresh.region_event_count("nagorno-karabakh"), 4);
    assert_eq!(fresh.shown_count(), 10);
    assert_eq!(fresh.kinds(), replaced.kinds());
    assert_eq!(fresh.active(), replaced.active());
    assert_eq!(fresh.listed(), replaced.listed());
}

#[test]
fn the_filter_and_the_region_narrow_what_is_derived() {
    let mut state = article_state(NaiveDate::from_ymd_opt(2022, 9, 13));
    assert_eq!(state.active().len(), 3, "{:?}", state.active());
    state.set_filter(EventFilter {
        text: "artillery".into(),
        ..Default::default()
    });
    assert_eq!(state.shown_count(), 1);
    assert_eq!(state.active().len(), 1);
    assert_eq!(state.region_event_count("nagorno-karabakh"), 0);
    state.set_filter(EventFilter::default());
    state.select_region(Some("nagorno-karabakh".into()));
    assert_eq!(state.listed().len(), 4);
    assert_eq!(state.selected_region(), Some("nagorno-karabakh"));
}

#[test]
fn the_list_is_the_catalogs_date_order_until_something_narrows_it() {
    let mut state = article_state(None);
    let shares = |s: &AppState| std::ptr::eq(s.listed(), s.catalog().by_date());
    assert!(shares(&state), "every event: no copy of the date order");
    state.select_region(Some("nagorno-karabakh".into()));
    assert!(!shares(&state));
    let narrowed = state.listed().to_vec();
    assert!(
        narrowed
            .windows(2)
            .all(|w| state.catalog().by_date().iter().position(|&i| i == w[0])
                < state.catalog().by_date().iter().position(|&i| i == w[1]))
    );
    state.select_region(None);
    state.set_filter(EventFilter {
        text: "artillery".into(),
        ..Default::default()
    });
    assert_eq!(state.listed().len(), 1);
    state.set_filter(EventFilter::default());
    assert!(shares(&state));
}

#[test]
fn the_cumulative_mode_counts_every_event_begun_by_the_day() {
    let mut state = article_state(NaiveDate::from_ymd_opt(2022, 9, 13));
    let during = state.active().to_vec();
    state.set_cumulative(true);
    // 1991, the 2020 war and truce, the clashes, the hundreds, the artillery.
    assert_eq!(state.active().len(), 6, "{:?}", state.active());
    assert!(during.iter().all(|i| state.active().contains(i)));
    let war_1991 = state.catalog().position("war-1991").unwrap();
    let war_2020 = state.catalog().position("war-2020").unwrap();
    assert!(state.is_active(war_1991));
    // The older, the fainter; a quarter at the least.
    assert!(state.recency(war_1991) < state.recency(war_2020));
    assert!(state.recency(war_1991) >= 0.25);
    assert!(during.iter().all(|&i| state.recency(i) == 1.0));
    // The filter still applies.
    state.set_filter(EventFilter {
        text: "war".into(),
        ..Default::default()
    });
    assert!(
        state
            .active()
            .iter()
            .all(|&i| state.catalog().event(i).title().contains("war"))
    );
    state.set_cumulative(false);
    assert!(!state.is_active(war_1991));
    assert!(state.active().iter().all(|i| during.contains(i)));
}
