//! What arrives from other threads: the world's layers, and loaded files.

use super::{ChronomapApp, MESSAGES_PER_FILE, show_day_and_event};
use crate::ui::loader::LoadedData;
use std::sync::Arc;

impl ChronomapApp {
    /// Adds the world's layers to the map once they have been read (the
    /// window opens with the South Caucasus while they are, see
    /// [`crate::embedded::warm_world`]).
    pub(super) fn poll_world(&mut self) {
        if self.world_failed || self.state.atlas.has_places() {
            return;
        }
        // Read on other threads once the first frame is on screen: on two
        // cores, reading them while the window opens doubled its start-up.
        if self.frames_shown >= 1 && !std::mem::replace(&mut self.world_requested, true) {
            crate::embedded::warm_world();
        }
        match crate::embedded::world_if_read() {
            None => self.repaint_soon = true,
            Some(Ok(world)) => {
                self.state.atlas = self.shared.atlas_with_world(world);
                self.map.set_atlas(&self.state.atlas);
            }
            Some(Err(e)) => {
                self.world_failed = true;
                self.messages
                    .push(format!("The world map could not be read: {e}"));
            }
        }
    }

    /// Takes finished loads: a good file becomes a dataset, a bad one a
    /// message; the data already loaded stays either way.
    pub(super) fn poll_loading(&mut self) {
        let mut finished = false;
        let mut k = 0;
        while k < self.loading.len() {
            let Some(result) = self.loading[k].take_result() else {
                k += 1;
                continue;
            };
            finished = true;
            let job = self.loading.remove(k);
            match result {
                Ok(LoadedData::Regions(loaded)) => {
                    self.note_problems(&job.name, &loaded.problems);
                    let added = loaded.items.len();
                    Arc::make_mut(&mut self.state.atlas).add_regions(loaded.items);
                    self.shared.set_atlas(Arc::clone(&self.state.atlas));
                    self.map.set_atlas(&self.state.atlas);
                    self.messages
                        .push(format!("{}: added {added} regions to the map", job.name));
                }
                Ok(LoadedData::Events {
                    added,
                    problems,
                    notes,
                    version,
                }) => {
                    self.note_problems(&job.name, &problems);
                    self.messages
                        .extend(notes.iter().map(|n| format!("{}: {n}", job.name)));
                    // Loads may finish out of order: the newest version holds all.
                    if let Some(v) = version
                        && v.number > self.catalog_version
                    {
                        self.show_version(v);
                    }
                    self.messages.push(if added == 0 {
                        format!("{}: no events could be read", job.name)
                    } else {
                        format!("{}: loaded {added} events, skipped {}", job.name, problems.len())
                    });
                }
                Ok(LoadedData::Article { added, version, doc }) => {
                    if let Some(v) = version
                        && v.number > self.catalog_version
                    {
                        self.show_version(v);
                    }
                    self.messages.push(format!(
                        "{}: {added} events extracted from “{}”",
                        job.name,
                        crate::model::extract::shorten(&doc.title, 60)
                    ));
                    self.articles.add(doc);
                    self.side_tab = crate::ui::app::SideTab::Article;
                }
                Ok(LoadedData::NeedsDate(article)) => self.ask_publication_date(job.name, article),
                Err(e) => self.messages.push(e.to_string()),
            }
        }
        // The start-up day and event, once the last load has finished (however
        // it ended: the data there is, is all there will be).
        if finished
            && self.loading.is_empty()
            && let Some((day, event)) = self.after_start_loads.take()
        {
            show_day_and_event(&mut self.state, day, event.as_deref());
        }
        if !self.loading.is_empty() {
            self.repaint_soon = true; // keep the progress bars moving
        }
    }

    /// Shows a newer catalog from a load: the timeline fits the events, the
    /// map goes to the new ones (unless the user moved it).
    fn show_version(&mut self, v: crate::ui::loader::CatalogVersion) {
        let before = self.state.catalog().events().len();
        self.catalog_version = v.number;
        self.state.set_catalog(v.catalog);
        self.timeline.fit_events(&self.state);
        let catalog = self.state.catalog();
        let new = crate::model::extent::sample(before..catalog.events().len(), |i| catalog.anchor(i));
        if let Some(home) = crate::model::extent::robust_extent(new) {
            self.map.set_home(home);
        }
    }

    /// Keeps the first few problems of a file, and how many more there were.
    fn note_problems(&mut self, name: &str, problems: &[crate::io::Problem]) {
        for p in problems.iter().take(MESSAGES_PER_FILE) {
            self.messages.push(format!("skipped {p}"));
        }
        if problems.len() > MESSAGES_PER_FILE {
            self.messages.push(format!(
                "{name}: {} more skipped",
                problems.len() - MESSAGES_PER_FILE
            ));
        }
    }
}
