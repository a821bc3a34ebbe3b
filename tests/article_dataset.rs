//! The embedded article dataset: complete, traceable to the article, honest
//! about dates.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use chronomap::embedded;
use chronomap::model::{Atlas, Catalog, Event, Precision};

const ARTICLE: &str = include_str!("data/dw-2022-11-08-armenia-azerbaijan-talks.txt");

fn load() -> (Atlas, Vec<Event>) {
    let atlas = embedded::atlas().unwrap();
    let loaded = embedded::article_events(&atlas).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    (atlas, loaded.items)
}

/// White space as a reader sees it: non-breaking spaces and line breaks are spaces.
fn normalise(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn event<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events
        .iter()
        .find(|e| e.id() == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn every_happening_of_the_article_is_there() {
    let (_, events) = load();
    for id in [
        "war-1991",
        "war-2020",
        "truce-2020",
        "border-clashes-since-truce",
        "artillery-2022-09",
        "deaths-recent-months",
        "summit-2022-10",
        "shootout-2022-11",
        "talks-washington",
        "kremlin-restraint",
    ] {
        event(&events, id);
    }
    assert_eq!(events.len(), 10);
}

#[test]
fn every_quote_is_verbatim_from_the_article() {
    let (_, events) = load();
    let article = normalise(ARTICLE);
    for e in &events {
        assert!(e.quotes().len() != 0, "{} has no quote", e.id());
        for q in e.quotes() {
            assert!(
                article.contains(&normalise(q)),
                "{}: not in the article: {q}",
                e.id()
            );
        }
        assert_eq!(e.source().publisher, "DW");
        assert_eq!(
            e.source().date.map(|d| d.to_string()).as_deref(),
            Some("2022-11-08")
        );
    }
}

#[test]
fn casualty_figures_are_the_articles() {
    let (_, events) = load();
    let article = normalise(ARTICLE);
    let c = |id: &str| event(&events, id).casualties.clone().unwrap();
    let war = c("war-2020");
    assert_eq!(
        (war.low, war.high, war.text.as_str()),
        (6500, None, "6,500+ killed")
    );
    assert!(article.contains("more than 6,500 people"));
    let sept = c("artillery-2022-09");
    assert_eq!(
        (sept.low, sept.high, sept.text.as_str()),
        (280, None, "280+ killed")
    );
    assert!(article.contains("over 280 people"));
    let recent = c("deaths-recent-months");
    assert_eq!((recent.low, recent.high), (200, Some(999)));
    assert!(event(&events, "talks-washington").casualties.is_none());
}

#[test]
fn relative_dates_keep_their_hedges() {
    let (_, events) = load();
    let monday = event(&events, "talks-washington");
    assert_eq!(monday.time.interval().start.to_string(), "2022-11-07");
    assert_eq!(monday.time.precision(), Precision::Day);
    assert!(!monday.time.is_approximate());

    let sept = event(&events, "artillery-2022-09");
    assert!(sept.time.is_approximate());
    assert_eq!(sept.time.precision(), Precision::Month);
    assert_eq!(sept.time.text(), "about two months before 8 Nov 2022 (~Sep 2022)");

    let summit = event(&events, "summit-2022-10");
    assert!(summit.time.is_approximate());
    assert!(
        summit.time.interval().len_days() > 1,
        "a week ago is not one exact day"
    );

    let war = event(&events, "war-1991");
    assert_eq!(war.time.precision(), Precision::Year);
    assert_eq!(war.time.text(), "in 1991");
}

#[test]
fn outside_facts_are_cited_notes() {
    let (_, events) = load();
    let summit = event(&events, "summit-2022-10");
    assert!(
        summit
            .notes
            .iter()
            .any(|n| n.text.contains("Sochi") && n.source.contains("31 October 2022"))
    );
    for e in &events {
        for n in &e.notes {
            assert!(!n.source.trim().is_empty(), "{}: uncited note", e.id());
        }
    }
}

#[test]
fn every_event_is_placed_and_in_known_regions() {
    let (atlas, events) = load();
    let catalog = Catalog::new(events, &atlas);
    for (i, e) in catalog.events().enumerate() {
        assert!(catalog.anchor(i).is_some(), "{} has no map position", e.id());
        for r in e.regions() {
            assert!(atlas.get(r).is_some(), "{}: unknown region {r}", e.id());
        }
    }
    // Border events sit on the Armenia-Azerbaijan border.
    let pos = catalog.position("artillery-2022-09").unwrap();
    let [lon, lat] = catalog.anchor(pos).unwrap();
    let near = |id: &str| {
        let r = atlas.get(id).unwrap();
        [(0.03, 0.0), (-0.03, 0.0), (0.0, 0.03), (0.0, -0.03)]
            .iter()
            .any(|(dx, dy)| r.contains(lon + dx, lat + dy))
    };
    assert!(near("armenia") && near("azerbaijan"), "border point {lon},{lat}");
}

#[test]
fn towns_fall_in_the_right_regions() {
    let (atlas, _) = load();
    let ids = |lat: f64, lon: f64| {
        atlas
            .regions_at(lon, lat)
            .iter()
            .map(|r| r.id.clone())
            .collect::<Vec<_>>()
    };
    let town = |name: &str| atlas.places.best(name, None).unwrap();
    let stepanakert = town("Stepanakert");
    let at = ids(stepanakert.lat, stepanakert.lon);
    assert!(
        at.contains(&"nagorno-karabakh".into()) && at.contains(&"azerbaijan".into()),
        "{at:?}"
    );
    for name in ["Jermuk", "Goris", "Yerevan"] {
        let t = town(name);
        let at = ids(t.lat, t.lon);
        assert!(
            at.contains(&"armenia".into()) && !at.contains(&"azerbaijan".into()),
            "{name}: {at:?}"
        );
    }
    let nakhchivan = town("Nakhchivan");
    assert!(ids(nakhchivan.lat, nakhchivan.lon).contains(&"azerbaijan".into()));
    let tbilisi = ids(41.6941, 44.8337);
    assert!(!tbilisi.contains(&"armenia".into()) && !tbilisi.contains(&"azerbaijan".into()));
    assert!(tbilisi.contains(&"georgia".into()));
}

#[test]
fn kalbajar_changes_hands_on_25_november_2020() {
    let (atlas, _) = load();
    let kalbajar = atlas.find("Kalbajar").unwrap();
    let day = |s: &str| chronomap::model::date::parse_day(s).unwrap();
    use chronomap::model::region::Holder;
    assert_eq!(
        kalbajar.control_at(day("2020-11-24")).unwrap().holder,
        Holder::Armenian
    );
    assert_eq!(
        kalbajar.control_at(day("2020-11-25")).unwrap().holder,
        Holder::Azerbaijani
    );
    let jabrayil = atlas.find("Jabrayil").unwrap();
    assert_eq!(
        jabrayil.control_at(day("2020-10-15")).unwrap().holder,
        Holder::Contested
    );
    assert!(atlas.lines_at(day("2020-01-01")).count() == 1);
    assert!(atlas.lines_at(day("2021-01-01")).count() == 0);
}
