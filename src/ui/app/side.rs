//! The side panel: the events (their list, or the selected one's details)
//! or the article, as two tabs.

use super::ChronomapApp;
use crate::ui::article_ui::article_ui;
use crate::ui::command::Command;
use crate::ui::details_ui::details_ui;
use crate::ui::event_list_ui::{Reveal, event_list_ui};
use crate::ui::filter_ui::filter_ui;
use egui::Ui;

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SideTab {
    #[default]
    Events,
    Article,
}

impl ChronomapApp {
    /// Draws the tab shown; returns whether the list followed the day.
    pub(super) fn side_ui(&mut self, ui: &mut Ui, reveal: Reveal, commands: &mut Vec<Command>) -> bool {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.side_tab, SideTab::Events, "Events");
            let article = match self.articles.docs().len() {
                0 => "Article".to_string(),
                1 => "Article".to_string(),
                n => format!("Articles ({n})"),
            };
            ui.selectable_value(&mut self.side_tab, SideTab::Article, article);
        });
        ui.separator();
        let mut followed = false;
        match self.side_tab {
            SideTab::Events => {
                // The selected event's details take the list's place: its
                // sentences need the room.
                if self.state.selected_event.is_some() {
                    details_ui(ui, &self.state, &mut self.review, commands);
                } else {
                    filter_ui(ui, &self.state, commands);
                    followed = event_list_ui(ui, &self.state, reveal, commands);
                }
            }
            SideTab::Article => {
                if self.state.selected_event.is_some() {
                    egui::Panel::bottom("article details")
                        .resizable(true)
                        .default_size(210.0)
                        .min_size(100.0)
                        .show(ui, |ui| details_ui(ui, &self.state, &mut self.review, commands));
                }
                egui::CentralPanel::default().show(ui, |ui| {
                    article_ui(ui, &mut self.articles, &self.state, commands);
                });
            }
        }
        followed
    }
}
