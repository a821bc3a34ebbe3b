//! News articles in the window: text pasted onto it, articles that do not
//! say when they were published (the user is asked), and the reader's
//! corrections to the events extracted.

use super::ChronomapApp;
use crate::model::extract::Article;
use crate::model::review;
use crate::ui::command::Command;
use crate::ui::loader::LoadJob;
use chrono::NaiveDate;

/// Pasted text shorter than this many words is not taken as an article.
const MIN_ARTICLE_WORDS: usize = 12;

/// An article waiting for its publication date.
pub struct PendingArticle {
    /// Its dataset's name (the file's, or "pasted article").
    pub name: String,
    pub article: Article,
    /// What the user typed.
    pub date: String,
    pub error: Option<String>,
}

/// Text pasted onto the window (Ctrl+V) while no text field has the keyboard.
pub(super) fn pasted_text(ctx: &egui::Context) -> Option<String> {
    if ctx.egui_wants_keyboard_input() {
        return None;
    }
    ctx.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) => Some(text.clone()),
            _ => None,
        })
    })
}

impl ChronomapApp {
    /// Starts extracting pasted text as an article, unless it is too short to be one.
    pub(super) fn open_article_text(&mut self, ctx: &egui::Context, text: String) {
        let words = text.split_whitespace().count();
        if words < MIN_ARTICLE_WORDS {
            self.messages.push(format!(
                "The pasted text has {words} words: paste a whole news article to extract its events"
            ));
            return;
        }
        self.pasted += 1;
        let name = if self.pasted == 1 {
            "pasted article".to_string()
        } else {
            format!("pasted article {}", self.pasted)
        };
        self.loading.push(LoadJob::start_pasted(
            name,
            text,
            None,
            self.shared.clone(),
            ctx.clone(),
        ));
    }

    /// An article with no publication date: the user is asked for one.
    pub(super) fn ask_publication_date(&mut self, name: String, article: Article) {
        self.pending_articles.push(PendingArticle {
            name,
            article,
            date: String::new(),
            error: None,
        });
    }

    /// Extracts the waiting article `k` as published on `day`.
    pub(super) fn extract_pending(&mut self, ctx: &egui::Context, k: usize, day: NaiveDate) {
        if k >= self.pending_articles.len() {
            return;
        }
        let pending = self.pending_articles.remove(k);
        self.loading.push(LoadJob::start_article(
            pending.name,
            pending.article,
            day,
            self.shared.clone(),
            ctx.clone(),
        ));
    }

    /// Forgets the waiting article `k`.
    pub(super) fn drop_pending(&mut self, k: usize) {
        if k < self.pending_articles.len() {
            let pending = self.pending_articles.remove(k);
            self.messages
                .push(format!("{}: not extracted (no publication date)", pending.name));
        }
    }

    /// A dialog for each article waiting for its date.
    pub(super) fn pending_articles_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        for (k, pending) in self.pending_articles.iter_mut().enumerate() {
            egui::Window::new("When was this article published?")
                .id(egui::Id::unique(("publication date", k)))
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
                .show(ctx, |ui| {
                    let title = if pending.article.title.is_empty() {
                        pending.name.clone()
                    } else {
                        pending.article.title.clone()
                    };
                    ui.label(format!(
                        "“{title}” does not say when it was published. Its dates (\"on Monday\", \
                         \"two months ago\") are read against that day."
                    ));
                    ui.horizontal(|ui| {
                        let label = ui.label("Published on");
                        let field = ui
                            .add(egui::TextEdit::singleline(&mut pending.date).hint_text("YYYY-MM-DD"))
                            .labelled_by(label.id);
                        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if ui.button("Extract").clicked() || entered {
                            match crate::model::date::parse_day(pending.date.trim()) {
                                Ok(day) => commands.push(Command::ExtractArticle(k, day)),
                                Err(_) => {
                                    pending.error = Some(format!(
                                        "'{}' is not a day: write it as YYYY-MM-DD",
                                        pending.date.trim()
                                    ));
                                }
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            commands.push(Command::DropArticle(k));
                        }
                    });
                    if let Some(error) = &pending.error {
                        ui.colored_label(ui.visuals().error_fg_color, error);
                    }
                });
        }
    }

    /// Applies a correction of the event at `pos` made by `correct`.
    pub(super) fn correct_event(
        &mut self,
        pos: usize,
        correct: impl FnOnce(&crate::model::Event) -> Result<crate::model::Event, review::ReviewError>,
    ) {
        let Some(event) = self.state.catalog().get(pos) else {
            return;
        };
        match correct(&event.to_event()) {
            Ok(fixed) => {
                let version = self.shared.replace_event(pos, fixed);
                self.catalog_version = version.number;
                self.state.set_catalog(version.catalog);
                self.state.select_event(Some(pos));
                self.review.refill();
            }
            Err(e) => self.review.error = Some(e.to_string()),
        }
    }
}
