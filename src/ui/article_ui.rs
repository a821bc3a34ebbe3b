//! The article panel: an article's sentences, each event's in the event's
//! colour. A click on a sentence selects its event; selecting an event
//! anywhere (map, list, timeline) scrolls the panel to its sentences.

use super::command::Command;
use super::state::AppState;
use super::style::event_color;
use crate::model::article_doc::{ArticleDoc, Passage};
use egui::{Align, Color32, RichText, Sense, Ui};

/// Datasets with more events than this get no panel of their quotes (a
/// big import's notes are no article).
const MAX_QUOTED_EVENTS: usize = 2_000;

/// The articles the panel can show, and which one it shows.
#[derive(Default)]
pub struct ArticlePanel {
    docs: Vec<ArticleDoc>,
    shown: usize,
    /// The event the panel last scrolled to.
    scrolled_to: Option<usize>,
    /// Datasets already looked at for quotes.
    datasets_seen: usize,
    /// The built-in article's text, to put its quotes in its order.
    builtin_text: Option<&'static str>,
}

impl ArticlePanel {
    /// A panel that orders the first dataset's quotes by `builtin_text`.
    pub fn new(builtin_text: Option<&'static str>) -> Self {
        Self {
            builtin_text,
            ..Self::default()
        }
    }

    /// Adds an extracted article and shows it.
    pub fn add(&mut self, doc: ArticleDoc) {
        self.docs.retain(|d| d.dataset != doc.dataset);
        self.docs.push(doc);
        self.shown = self.docs.len() - 1;
    }

    /// The articles, in the order added.
    pub fn docs(&self) -> &[ArticleDoc] {
        &self.docs
    }

    /// The article shown, if any.
    pub fn shown(&self) -> Option<&ArticleDoc> {
        self.docs.get(self.shown)
    }

    /// Makes panels of the quoted sentences of datasets new since last
    /// time that have quotes and no extracted article.
    pub fn sync(&mut self, state: &AppState) {
        let catalog = state.catalog();
        let datasets = catalog.datasets();
        for (k, dataset) in datasets.iter().enumerate().skip(self.datasets_seen) {
            let quoted = dataset.len <= MAX_QUOTED_EVENTS
                && (0..catalog.events().len())
                    .filter(|&i| catalog.dataset_of(i) == k)
                    .any(|i| catalog.event(i).quotes().len() > 0);
            if quoted && !self.docs.iter().any(|d| d.dataset == k) {
                let text = if k == 0 { self.builtin_text } else { None };
                self.docs.push(ArticleDoc::from_quotes(catalog, k, text));
            }
        }
        self.datasets_seen = datasets.len();
    }
}

/// Draws the panel; queues a selection when a sentence is clicked.
pub fn article_ui(ui: &mut Ui, panel: &mut ArticlePanel, state: &AppState, commands: &mut Vec<Command>) {
    panel.sync(state);
    if panel.docs.is_empty() {
        ui.add_space(8.0);
        ui.label(
            "Open a news article (.txt or .html) or paste its text with Ctrl+V: its events are \
             extracted, and it is shown here with each event's sentences highlighted.",
        );
        return;
    }
    // The selected event's article, when it changes.
    let selected = state.selected_event;
    let scroll = selected.filter(|_| selected != panel.scrolled_to);
    if let Some(i) = scroll {
        let dataset = state.catalog().dataset_of(i);
        if let Some(k) = panel.docs.iter().position(|d| d.dataset == dataset) {
            panel.shown = k;
        }
        panel.scrolled_to = selected;
    }
    if selected.is_none() {
        panel.scrolled_to = None;
    }
    if panel.docs.len() > 1 {
        let label = ui.label("Article");
        let mut shown = panel.shown;
        egui::ComboBox::from_id_salt("article choice")
            .selected_text(crate::model::extract::shorten(
                &panel.docs[shown.min(panel.docs.len() - 1)].title,
                40,
            ))
            .show_ui(ui, |ui| {
                for (k, d) in panel.docs.iter().enumerate() {
                    ui.selectable_value(&mut shown, k, crate::model::extract::shorten(&d.title, 60));
                }
            })
            .response
            .labelled_by(label.id);
        panel.shown = shown;
    }
    let Some(doc) = panel.docs.get(panel.shown) else {
        return;
    };
    header_ui(ui, doc);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("article text")
        .auto_shrink([false, false])
        .show(ui, |ui| passages_ui(ui, doc, state, scroll, commands));
}

fn header_ui(ui: &mut Ui, doc: &ArticleDoc) {
    ui.heading(if doc.title.is_empty() {
        "Untitled article"
    } else {
        &doc.title
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(&doc.source);
        if let Some(url) = &doc.url {
            ui.hyperlink_to("open the source", url);
        }
    });
    let undated = doc.passages.iter().filter(|p| p.undated).count();
    let what = if doc.whole_text {
        "its text, with each event's sentences in the event's colour"
    } else {
        "the sentences its events quote, in the article's order"
    };
    let mut line = format!("{} events · {what}", doc.event_count());
    if undated > 0 {
        line.push_str(&format!(
            " · {undated} sentence(s) state a happening with no date in the text (grey, not on the timeline)"
        ));
    }
    ui.label(RichText::new(line).small().weak());
}

/// The sentences, by paragraph; `scroll_to` an event to bring into view.
fn passages_ui(
    ui: &mut Ui,
    doc: &ArticleDoc,
    state: &AppState,
    scroll_to: Option<usize>,
    commands: &mut Vec<Command>,
) {
    let mut scrolled = false;
    let mut k = 0;
    while k < doc.passages.len() {
        let paragraph = doc.passages[k].paragraph;
        let end = doc.passages[k..]
            .iter()
            .position(|p| p.paragraph != paragraph)
            .map_or(doc.passages.len(), |n| k + n);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            for passage in &doc.passages[k..end] {
                let response = passage_ui(ui, passage, doc.whole_text, state, commands);
                if !scrolled && scroll_to.is_some_and(|i| passage.events.contains(&i)) {
                    response.scroll_to_me(Some(Align::Center));
                    scrolled = true;
                }
            }
        });
        if !doc.whole_text {
            events_line_ui(ui, &doc.passages[k], state);
        }
        ui.add_space(8.0);
        k = end;
    }
}

/// One sentence: in its event's colour when it states one; a click selects
/// it (the next of its events, if it states several).
fn passage_ui(
    ui: &mut Ui,
    passage: &Passage,
    whole_text: bool,
    state: &AppState,
    commands: &mut Vec<Command>,
) -> egui::Response {
    let text = if whole_text {
        format!("{} ", passage.text)
    } else {
        format!("“{}”", passage.text)
    };
    let selected = state.selected_event.is_some_and(|i| passage.events.contains(&i));
    let shown: Vec<usize> = passage
        .events
        .iter()
        .copied()
        .filter(|&i| state.is_shown(i))
        .collect();
    let mut rich = RichText::new(text);
    if let Some(&first) = shown.first() {
        let color = event_color(state, first);
        let alpha = if selected { 0.75 } else { 0.3 };
        rich = rich.background_color(color.gamma_multiply(alpha));
        if selected {
            rich = rich.strong();
        }
    } else if passage.undated {
        rich = rich.italics().color(ui.visuals().weak_text_color());
    } else if !passage.events.is_empty() {
        rich = rich.strikethrough().color(ui.visuals().weak_text_color()); // removed or filtered out
    }
    let response = ui.add(egui::Label::new(rich).sense(Sense::click()));
    if let Some(&first) = shown.first() {
        if response.hovered() {
            commands.push(Command::HoverEvent(first));
        }
        if response.clicked() {
            // A sentence of several events: each click, the next one.
            let next = state
                .selected_event
                .and_then(|s| shown.iter().position(|&i| i == s))
                .map_or(first, |k| shown[(k + 1) % shown.len()]);
            commands.push(Command::SelectEvent(Some(next)));
        }
        return response.on_hover_ui(|ui| {
            for &i in &shown {
                if let Some(e) = state.catalog().get(i) {
                    let toll = e.casualty_text().map(|t| format!(" · {t}")).unwrap_or_default();
                    ui.label(format!("{}{toll}", e.title()));
                    ui.label(
                        RichText::new(crate::ui::style::readable(ui, &e.time().text()))
                            .small()
                            .weak(),
                    );
                }
            }
            ui.label(RichText::new("Click to select").small().weak());
        });
    }
    if passage.undated {
        return response.on_hover_text(
            "States a happening, but the text gives no date for it: not placed on the timeline",
        );
    }
    response
}

/// Under a quoted sentence: the events that quote it.
fn events_line_ui(ui: &mut Ui, passage: &Passage, state: &AppState) {
    for &i in &passage.events {
        let Some(e) = state.catalog().get(i) else { continue };
        let toll = e.casualty_text().map(|t| format!(" · {t}")).unwrap_or_default();
        let color: Color32 = event_color(state, i);
        ui.label(
            RichText::new(format!("· {}{toll}", e.title()))
                .small()
                .color(color),
        );
    }
}
