//! The filter: which datasets and kinds to show, an actor, words to search
//! for, and a casualty range. The list, map and timeline all follow it.

use super::command::Command;
use super::state::AppState;
use super::style::dataset_color;
use egui::Ui;

/// Draws the filter as a collapsible section; queues a new filter when it changes.
pub fn filter_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let mut filter = state.filter().clone();
    let title = if filter.is_empty() {
        "Filter".to_string()
    } else {
        "Filter (on)".to_string()
    };
    egui::CollapsingHeader::new(title)
        .id_salt("filter")
        .show(ui, |ui| {
            let datasets = state.catalog().datasets();
            if datasets.len() > 1 {
                ui.label("Datasets");
                for (k, d) in datasets.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let (swatch, _) =
                            ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                        ui.painter().rect_filled(swatch, 2.0, dataset_color(k));
                        let mut shown = !filter.hidden_datasets.contains(&k);
                        if ui
                            .checkbox(&mut shown, format!("{} ({})", d.name, d.len))
                            .changed()
                        {
                            toggle(&mut filter.hidden_datasets, k, shown);
                        }
                    });
                }
            }
            ui.label("Kinds");
            ui.horizontal_wrapped(|ui| {
                for kind in state.kinds() {
                    let mut shown = !filter.hidden_kinds.contains(kind);
                    if ui.checkbox(&mut shown, kind).changed() {
                        toggle(&mut filter.hidden_kinds, kind.clone(), shown);
                    }
                }
            });
            egui::Grid::new("filter fields").num_columns(2).show(ui, |ui| {
                let label = ui.label("Search");
                ui.add(egui::TextEdit::singleline(&mut filter.text).hint_text("title, quote, notes"))
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Actor");
                ui.add(egui::TextEdit::singleline(&mut filter.actor).hint_text("name contains"))
                    .labelled_by(label.id);
                ui.end_row();
                bound_ui(ui, "At least killed", &mut filter.min_casualties);
                bound_ui(ui, "At most killed", &mut filter.max_casualties);
            });
            if ui
                .add_enabled(!filter.is_empty(), egui::Button::new("Reset filter"))
                .clicked()
            {
                filter = Default::default();
            }
        });
    if filter != *state.filter() {
        commands.push(Command::SetFilter(filter));
    }
    let removed = state.removed_count();
    if removed > 0 && ui.button(format!("Restore {removed} removed event(s)")).clicked() {
        commands.push(Command::RestoreRemoved);
    }
}

fn toggle<T: Ord>(hidden: &mut std::collections::BTreeSet<T>, item: T, shown: bool) {
    if shown {
        hidden.remove(&item);
    } else {
        hidden.insert(item);
    }
}

/// A checkbox that enables a bound, and the bound's value.
fn bound_ui(ui: &mut Ui, label: &str, bound: &mut Option<u32>) {
    let mut on = bound.is_some();
    let check = ui.checkbox(&mut on, label);
    let mut value = bound.unwrap_or(0);
    ui.add_enabled(
        on,
        egui::DragValue::new(&mut value).range(0..=10_000_000).speed(10.0),
    )
    .labelled_by(check.id);
    *bound = on.then_some(value);
    ui.end_row();
}
