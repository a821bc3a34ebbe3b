//! What chronomap remembers between runs: only this struct is persisted.

use super::state::PlaySpeed;
use serde::{Deserialize, Serialize};

/// The key the settings are stored under.
pub const SETTINGS_KEY: &str = "chronomap-settings";

/// Light, dark, or what the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// egui's preference for this choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }

    /// The toggle's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "System theme",
            Self::Light => "Light theme",
            Self::Dark => "Dark theme",
        }
    }
}

/// Persisted settings. Unknown or missing fields fall back to defaults, so
/// an older or newer file never stops the app from starting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// The slider's last day (ISO).
    pub last_day: Option<chrono::NaiveDate>,
    pub selected_region: Option<String>,
    /// The selected event's id.
    pub selected_event: Option<String>,
    pub speed: PlaySpeed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_defaults() {
        let s: Settings = ron::from_str("(theme: Dark)").unwrap();
        assert_eq!(s.theme, ThemeChoice::Dark);
        assert_eq!(s.last_day, None);
        let round: Settings = ron::from_str(&ron::to_string(&s).unwrap()).unwrap();
        assert_eq!(round, s);
    }
}
