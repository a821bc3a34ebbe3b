//! The map's colours, for light and dark themes.

use egui::Color32;

/// Colours the map and timeline draw with.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub sea: Color32,
    /// Land with no style of its own.
    pub land: Color32,
    /// The places the data is about, in turn (see [`Palette::subject`]).
    pub subjects: [Color32; 4],
    pub border: Color32,
    pub district_line: Color32,
    pub lake: Color32,
    pub disputed_fill: Color32,
    pub disputed_line: Color32,
    pub held: Color32,
    pub contested: Color32,
    pub ceasefire: Color32,
    pub town: Color32,
    pub text: Color32,
    pub halo: Color32,
    pub selection: Color32,
    pub hover: Color32,
    pub faded: Color32,
}

impl Palette {
    /// The palette for a theme.
    pub fn new(dark: bool) -> Self {
        if dark {
            Self {
                sea: Color32::from_rgb(22, 36, 52),
                land: Color32::from_rgb(52, 54, 58),
                subjects: [
                    Color32::from_rgb(92, 78, 104),
                    Color32::from_rgb(64, 92, 86),
                    Color32::from_rgb(100, 88, 62),
                    Color32::from_rgb(62, 80, 104),
                ],
                border: Color32::from_rgb(170, 170, 170),
                district_line: Color32::from_rgba_unmultiplied(200, 200, 200, 40),
                lake: Color32::from_rgb(36, 60, 86),
                disputed_fill: Color32::from_rgba_unmultiplied(230, 170, 60, 70),
                disputed_line: Color32::from_rgb(240, 180, 70),
                held: Color32::from_rgba_unmultiplied(220, 110, 60, 90),
                contested: Color32::from_rgba_unmultiplied(220, 60, 60, 70),
                ceasefire: Color32::from_rgb(255, 110, 90),
                town: Color32::from_rgb(230, 230, 230),
                text: Color32::from_rgb(235, 235, 235),
                halo: Color32::from_rgba_unmultiplied(0, 0, 0, 170),
                selection: Color32::from_rgb(255, 255, 255),
                hover: Color32::from_rgba_unmultiplied(255, 255, 255, 30),
                faded: Color32::from_rgba_unmultiplied(160, 160, 160, 90),
            }
        } else {
            Self {
                sea: Color32::from_rgb(196, 220, 238),
                land: Color32::from_rgb(226, 224, 220),
                subjects: [
                    Color32::from_rgb(224, 206, 226),
                    Color32::from_rgb(200, 226, 214),
                    Color32::from_rgb(234, 222, 196),
                    Color32::from_rgb(204, 216, 234),
                ],
                border: Color32::from_rgb(110, 110, 110),
                district_line: Color32::from_rgba_unmultiplied(60, 60, 60, 40),
                lake: Color32::from_rgb(170, 204, 230),
                disputed_fill: Color32::from_rgba_unmultiplied(230, 150, 20, 60),
                disputed_line: Color32::from_rgb(190, 110, 0),
                held: Color32::from_rgba_unmultiplied(210, 90, 40, 80),
                contested: Color32::from_rgba_unmultiplied(200, 30, 30, 60),
                ceasefire: Color32::from_rgb(200, 40, 30),
                town: Color32::from_rgb(40, 40, 40),
                text: Color32::from_rgb(25, 25, 25),
                halo: Color32::from_rgba_unmultiplied(255, 255, 255, 190),
                selection: Color32::from_rgb(20, 20, 20),
                hover: Color32::from_rgba_unmultiplied(0, 0, 0, 25),
                faded: Color32::from_rgba_unmultiplied(90, 90, 90, 80),
            }
        }
    }
}

impl Palette {
    /// The fill of a region drawn in `style` (disputed territories are
    /// drawn over their country: a see-through fill).
    pub fn region_fill(&self, style: crate::model::RegionStyle) -> Color32 {
        use crate::model::RegionStyle;
        match style {
            RegionStyle::Plain => self.land,
            RegionStyle::Subject(k) => self.subject(k),
            RegionStyle::Disputed => self.disputed_fill,
        }
    }

    /// The colour of the `k`-th subject.
    pub fn subject(&self, k: u8) -> Color32 {
        self.subjects[usize::from(k) % self.subjects.len()]
    }
}

/// The colour of an event kind's markers and bars.
pub fn kind_color(kind: &str) -> Color32 {
    match kind {
        "war" => Color32::from_rgb(200, 40, 40),
        "clash" => Color32::from_rgb(230, 110, 20),
        "truce" => Color32::from_rgb(40, 150, 90),
        "diplomacy" => Color32::from_rgb(50, 110, 210),
        "statement" => Color32::from_rgb(130, 80, 190),
        other => {
            // Imported kinds get a stable colour from their name.
            let h = other
                .bytes()
                .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
            let hue = (h % 360) as f32 / 360.0;
            egui::ecolor::Hsva::new(hue, 0.6, 0.75, 1.0).into()
        }
    }
}

/// A colour with its alpha scaled by `factor` (0..=1).
pub fn fade(color: Color32, factor: f32) -> Color32 {
    color.gamma_multiply(factor)
}

/// A legend colour for the dataset at position `k`.
pub fn dataset_color(k: usize) -> Color32 {
    const COLORS: [Color32; 6] = [
        Color32::from_rgb(230, 110, 20),
        Color32::from_rgb(50, 110, 210),
        Color32::from_rgb(40, 150, 90),
        Color32::from_rgb(190, 60, 160),
        Color32::from_rgb(200, 170, 20),
        Color32::from_rgb(20, 160, 170),
    ];
    COLORS[k % COLORS.len()]
}

/// The colour an event is drawn in: by kind with one dataset, by dataset with several.
pub fn event_color(state: &super::state::AppState, pos: usize) -> Color32 {
    if state.catalog().datasets().len() > 1 {
        dataset_color(state.catalog().dataset_of(pos))
    } else {
        state
            .catalog()
            .get(pos)
            .map_or(Color32::GRAY, |e| kind_color(e.kind()))
    }
}

/// `text`, or its letters without diacritics (other scripts transliterated)
/// where the fonts cannot draw it all: "→" reads "->", not as a box.
pub fn drawable<'a>(ctx: &egui::Context, text: &'a str, font: &egui::FontId) -> std::borrow::Cow<'a, str> {
    if text.is_ascii() || ctx.fonts_mut(|f| f.has_glyphs(font, text)) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    }
}

/// [`drawable`] in `ui`'s body font: for texts made by the program around
/// the source's words (how a date was read), never for the quotes themselves.
pub fn readable<'a>(ui: &egui::Ui, text: &'a str) -> std::borrow::Cow<'a, str> {
    drawable(ui.ctx(), text, &egui::TextStyle::Body.resolve(ui.style()))
}
