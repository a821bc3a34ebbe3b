//! The keyboard: arrows, Home and End, Escape.

use crate::ui::command::Command;
use egui::Key;

/// Arrow keys, Home and End, unless a text field has the keyboard.
pub(super) fn keyboard_commands(ctx: &egui::Context, commands: &mut Vec<Command>) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    ctx.input(|i| {
        let shift = i.modifiers.shift;
        for (key, forward) in [
            (Key::ArrowRight, true),
            (Key::ArrowLeft, false),
            (Key::ArrowDown, true),
            (Key::ArrowUp, false),
        ] {
            if i.key_pressed(key) {
                commands.push(if shift && matches!(key, Key::ArrowLeft | Key::ArrowRight) {
                    Command::StepDays(if forward { 1 } else { -1 })
                } else {
                    Command::StepEvent { forward }
                });
            }
        }
        if i.key_pressed(Key::Home) {
            commands.push(Command::JumpToStart);
        }
        if i.key_pressed(Key::End) {
            commands.push(Command::JumpToEnd);
        }
        // Back from the details to the list.
        if i.key_pressed(Key::Escape) {
            commands.push(Command::SelectEvent(None));
        }
    });
}
