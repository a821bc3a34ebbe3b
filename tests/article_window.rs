//! News articles in the window, driven through egui_kittest: pasted or
//! dropped, extracted in the background into a dataset, shown in the article
//! panel linked both ways with the other panels, reviewed, and exported.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

#[path = "support/files.rs"]
mod files;
mod support;

use chronomap::model::Location;
use chronomap::ui::ChronomapApp;
use chronomap::ui::app::SideTab;
use chronomap::ui::command::{Command, ExportKind};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use files::{Dropped, temp_file, wait_for_loads};
use support::{click_at, day, event_pos, harness};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/articles/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The article pasted onto the window (Ctrl+V), extracted.
fn pasted(text: &str) -> Harness<'static, ChronomapApp> {
    let mut h = harness();
    h.event(egui::Event::Paste(text.to_string()));
    h.run();
    wait_for_loads(&mut h);
    h.run();
    h
}

/// Scrolls the widget labelled `label` into view and clicks it, as a user would.
fn click_in_view(h: &mut Harness<'_, ChronomapApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Positions of the events of the dataset at `k`.
fn dataset_events(h: &Harness<'_, ChronomapApp>, k: usize) -> Vec<usize> {
    let catalog = h.state().state.catalog();
    (0..catalog.events().len())
        .filter(|&i| catalog.dataset_of(i) == k)
        .collect()
}

#[test]
fn a_pasted_article_becomes_a_dataset_shown_in_the_article_panel() {
    let h = pasted(&fixture("drc-2025-01-29-goma-m23.txt"));
    let catalog = h.state().state.catalog();
    assert_eq!(catalog.datasets().len(), 2, "the built-in article stays");
    assert_eq!(catalog.datasets()[1].name, "pasted article");
    let events = dataset_events(&h, 1);
    assert!(events.len() >= 3, "{}", events.len());
    assert_eq!(h.state().side_tab, SideTab::Article);
    let doc = h.state().articles.shown().unwrap();
    assert!(doc.whole_text);
    // Each event's sentences are in the panel, the article's own words.
    for &i in &events {
        let quote = catalog.event(i).quotes().next().unwrap().to_string();
        assert!(doc.passages.iter().any(|p| p.text == quote), "{quote}");
        h.get_by_label_contains(&quote);
    }
}

#[test]
fn clicking_a_sentence_selects_its_event_and_selecting_an_event_scrolls_to_its_sentence() {
    let mut h = pasted(&fixture("sudan-2024-06-14-el-fasher-siege.txt"));
    let events = dataset_events(&h, 1);
    let catalog = h.state().state.catalog().clone();
    let first = events[0];
    let quote = catalog.event(first).quotes().next().unwrap().to_string();
    h.get_by_label_contains(&quote).click();
    h.run();
    assert_eq!(h.state().state.selected_event, Some(first));
    // The last event's sentence, further down the article.
    let last = *events.last().unwrap();
    let last_quote = catalog.event(last).quotes().last().unwrap().to_string();
    let timeline_top = h.get_by_label("|< Start").rect().top();
    h.state_mut()
        .apply(&egui::Context::default(), Command::SelectEvent(Some(last)));
    h.run();
    h.run();
    // The article's sentence (its details show it too, in quotes).
    let rect = h.get_by_label(&format!("{last_quote} ")).rect();
    assert!(
        rect.top() >= 0.0 && rect.bottom() <= timeline_top,
        "{rect:?} below {timeline_top}"
    );
}

#[test]
fn an_article_that_gives_no_date_is_extracted_with_the_one_the_user_gives() {
    let text = "Rebels shelled the outskirts of Goma on Monday, killing at least 14 civilians, \
                officials said.\nThe fighting forced thousands of families to flee toward the city.";
    let mut h = pasted(text);
    assert_eq!(
        h.state().state.catalog().datasets().len(),
        1,
        "nothing extracted yet"
    );
    h.get_by_label("When was this article published?");
    h.get_by_label("Published on").focus();
    h.run();
    h.get_by_label("Published on").type_text("2024-03-12");
    h.run();
    h.get_by_label("Extract").click();
    h.run();
    wait_for_loads(&mut h);
    h.run();
    let events = dataset_events(&h, 1);
    let catalog = h.state().state.catalog();
    let shelling = events
        .iter()
        .map(|&i| catalog.event(i))
        .find(|e| e.casualties().is_some_and(|c| c.low == 14))
        .unwrap();
    // "on Monday" before Tuesday 12 March 2024.
    assert_eq!(shelling.time().interval().start, day("2024-03-11"));
    assert!(h.query_by_label("When was this article published?").is_none());
}

#[test]
fn the_built_in_articles_panel_shows_its_quotes_in_order_with_the_source() {
    let mut h = harness();
    h.get_by_label("Article").click();
    h.run();
    h.get_by_label("DW, 8 Nov 2022");
    let doc = h.state().articles.shown().unwrap();
    assert!(!doc.whole_text);
    assert!(doc.passages[0].text.starts_with("The US-organized peace talks"));
    assert!(
        doc.passages
            .last()
            .unwrap()
            .text
            .starts_with("Armenia and Azerbaijan fought two wars")
    );
    // Far down the panel: scrolled to, as a user would, then clicked.
    h.get_by_label_contains("Two months ago, over 280 people")
        .scroll_to_me();
    h.run();
    let quote = h.get_by_label_contains("Two months ago, over 280 people").rect();
    click_at(&mut h, quote.center());
    assert_eq!(
        h.state().state.selected_event,
        Some(event_pos(&h, "artillery-2022-09"))
    );
    // Its details show under the article.
    h.get_by_label("Review this event");
}

#[test]
fn an_extracted_event_is_corrected_removed_and_exported_as_reviewed() {
    let mut h = pasted(&fixture("drc-2025-01-29-goma-m23.txt"));
    let events = dataset_events(&h, 1);
    let (a, b) = (events[0], events[1]);
    h.get_by_label("Events").click();
    h.state_mut()
        .apply(&egui::Context::default(), Command::SelectEvent(Some(a)));
    h.run();
    click_in_view(&mut h, "Review this event");
    // Select what the field holds (the extracted date) and type over it.
    h.get_by_label("Correct date").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Correct date").type_text("2025-01-20");
    h.run();
    click_in_view(&mut h, "Set date");
    let fixed = h.state().state.catalog().event(a);
    assert_eq!(fixed.time().interval().start, day("2025-01-20"));
    assert!(
        fixed
            .notes()
            .iter()
            .any(|n| n.text.contains("corrected by the reader"))
    );
    // A place the gazetteer does not know is refused, with a message.
    h.state_mut().apply(
        &egui::Context::default(),
        Command::CorrectPlace(a, "Nowhereville".into()),
    );
    h.run();
    h.get_by_label_contains("no place called 'Nowhereville'");
    h.state_mut().apply(
        &egui::Context::default(),
        Command::CorrectPlace(a, "Bukavu".into()),
    );
    h.run();
    let Location::Point { lon, lat } = h.state().state.catalog().event(a).location() else {
        panic!("a point")
    };
    assert!(
        (lon - 28.86).abs() < 0.2 && (lat + 2.5).abs() < 0.2,
        "{lon} {lat}"
    );
    // Removed: gone from the list and from the export.
    h.state_mut()
        .apply(&egui::Context::default(), Command::SelectEvent(Some(b)));
    h.run();
    // The review section stays open from one event to the next.
    click_in_view(&mut h, "Remove this event");
    assert!(!h.state().state.is_shown(b));
    let out = temp_file("reviewed.geojson", "");
    h.state_mut().apply(
        &egui::Context::default(),
        Command::ExportTo(ExportKind::GeoJson, out.clone()),
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let catalog = h.state().state.catalog().clone();
    assert!(!text.contains(&format!("\"{}\"", catalog.event(b).id())));
    assert!(text.contains(&format!("\"{}\"", catalog.event(a).id())));
    assert!(text.contains("2025-01-20"));
}

#[test]
fn a_saved_web_page_dropped_on_the_window_is_extracted() {
    let mut h = harness();
    let path = temp_file("ceasefire.html", &fixture("lebanon-2024-11-27-ceasefire.html"));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    h.run();
    wait_for_loads(&mut h);
    h.run();
    let catalog = h.state().state.catalog();
    assert_eq!(catalog.datasets()[1].name, "ceasefire.html");
    assert!(!dataset_events(&h, 1).is_empty());
    let doc = h.state().articles.shown().unwrap();
    assert!(doc.title.to_lowercase().contains("ceasefire"), "{}", doc.title);
}
