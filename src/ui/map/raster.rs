//! The base map drawn once on the CPU into a texture, then shown as one quad
//! for as long as the view and the layers stay the same (as while the slider
//! is scrubbed). Without a GPU, the rasteriser pays for every pixel of every
//! triangle: the map's ~30,000 fill and outline triangles cost it tens of
//! milliseconds a frame, a quad a few. While the map pans or zooms, the last
//! texture is shown moved and scaled (soft while zoomed in), so no frame
//! waits for the CPU to redraw it; that happens once the view rests.

use super::mesh::WorldMesh;
use super::projector::Projector;
use egui::epaint::Mesh;
use egui::{Color32, ColorImage, Painter, Rect, Shape, Stroke, TextureHandle, TextureOptions, pos2};
use std::sync::Arc;
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, StrokeDash};

/// One drawing step of the base map, in world coordinates (lon, Mercator y).
#[derive(Clone, Copy, Debug)]
pub enum BaseLayer<'a> {
    /// The polygons' area.
    Fill(&'a WorldMesh, Color32),
    /// The polygons' rings.
    Outline(&'a WorldMesh, Stroke),
    /// An open line, dashed: [dash, gap] in points.
    Dashed(&'a [[f32; 2]], Stroke, [f32; 2]),
    /// Filled discs (the density cells), in screen points of the view they
    /// were placed for (`placed_for`: carried to the view drawn while it
    /// moves), with the sprite mesh that draws them; `version` changes each
    /// time they are placed anew.
    Discs {
        discs: &'a [Disc],
        mesh: &'a Arc<Mesh>,
        color: Color32,
        version: u64,
        placed_for: Projector,
    },
}

impl BaseLayer<'_> {
    /// What identifies the step's picture: its kind, its geometry's address
    /// (meshes live as long as the cache that owns this texture) or, for the
    /// density cells, their version, and its style.
    fn key(&self) -> LayerKey {
        match *self {
            Self::Fill(mesh, color) => (0, std::ptr::from_ref(mesh) as usize, color, [0.0; 3]),
            Self::Outline(mesh, s) => (1, std::ptr::from_ref(mesh) as usize, s.color, [s.width, 0.0, 0.0]),
            Self::Dashed(points, s, [dash, gap]) => {
                (2, points.as_ptr() as usize, s.color, [s.width, dash, gap])
            }
            Self::Discs { color, version, .. } => (DISCS, version as usize, color, [0.0; 3]),
        }
    }
}

/// A filled disc on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disc {
    pub center: egui::Pos2,
    pub radius: f32,
}

type LayerKey = (u8, usize, Color32, [f32; 3]);

/// A `content` for [`BaseRaster::paint`] made from the layers themselves
/// (the density cells' counts left out: they move along with the view).
pub fn content_of(layers: &[BaseLayer]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for layer in layers {
        let k = layer.key();
        let k = if k.0 == DISCS { (k.0, 0, k.2, k.3) } else { k };
        (k.0, k.1, k.2).hash(&mut h);
        k.3.iter().for_each(|x| x.to_bits().hash(&mut h));
    }
    h.finish()
}
/// The kind in a [`LayerKey`] of the density cells.
const DISCS: u8 = 3;

/// Everything the texture's pixels depend on.
#[derive(Clone, Debug, PartialEq)]
struct RasterKey {
    projector: Projector,
    pixels_per_point: f32,
    sea: Color32,
    layers: Vec<LayerKey>,
    /// What the picture shows apart from the view (see [`BaseRaster::paint`]).
    content: u64,
}

/// The base map's texture and what it shows.
#[derive(Default)]
pub struct BaseRaster {
    texture: Option<TextureHandle>,
    /// What the texture holds.
    drawn: Option<RasterKey>,
    /// What last frame showed: a picture that stays for a second frame is
    /// worth drawing into the texture.
    last: Option<RasterKey>,
}

impl BaseRaster {
    /// Draws the sea and `layers` over `t.screen()`.
    ///
    /// `content` sums up what the picture shows apart from the view (the
    /// day's dated layers, the selection, the theme): while only the view
    /// changes (a pan or a zoom: regions come into view, the level of detail
    /// changes), the last texture is moved and scaled, not redrawn.
    pub fn paint(
        &mut self,
        painter: &Painter,
        t: &Projector,
        sea: Color32,
        layers: &[BaseLayer],
        content: u64,
    ) {
        let pixels_per_point = painter.ctx().pixels_per_point();
        let max_side = painter.ctx().input(|i| i.max_texture_side);
        let key = RasterKey {
            projector: *t,
            pixels_per_point,
            sea,
            layers: layers.iter().map(BaseLayer::key).collect(),
            content,
        };
        if self.drawn.as_ref() != Some(&key)
            && self.last.as_ref() == Some(&key)
            && let Some(image) = rasterise(t, pixels_per_point, max_side, sea, layers)
        {
            match &mut self.texture {
                Some(texture) => texture.set(image, TextureOptions::LINEAR),
                None => {
                    self.texture = Some(painter.ctx().load_texture(
                        "base map",
                        image,
                        TextureOptions::LINEAR,
                    ));
                }
            }
            self.drawn = Some(key.clone());
        }
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        match (&self.texture, &self.drawn) {
            (Some(texture), Some(drawn)) if *drawn == key => {
                let rect = pixel_rect(t.screen(), pixels_per_point);
                painter.image(texture.id(), rect, uv, Color32::WHITE);
            }
            // A pan or a zoom: the same picture moved or scaled. Shown so until the
            // view rests and it is drawn anew; what it does not cover shows the sea.
            (Some(texture), Some(drawn)) if let Some(rect) = moved_picture(drawn, &key) => {
                painter.rect_filled(t.screen(), 0.0, sea);
                painter.image(texture.id(), rect, uv, Color32::WHITE);
                // Should the pointer stop with the button still down, the next
                // frame finds the view at rest and draws it anew.
                painter.ctx().request_repaint();
            }
            _ => paint_meshes(painter, t, sea, layers),
        }
        self.last = Some(key);
    }

    /// Whether the last frame drew the texture (for tests: the app never asks).
    #[cfg(test)]
    fn showing_texture(&self) -> bool {
        self.drawn.is_some() && self.drawn == self.last
    }
}

/// Where the texture drawn for `drawn` belongs on screen in the view of `now`,
/// if only the view changed (same layers, screen and pixel density). The
/// density cells are counted anew for every view: the old ones move along.
fn moved_picture(drawn: &RasterKey, now: &RasterKey) -> Option<Rect> {
    let (a, b) = (&drawn.projector, &now.projector);
    let view_only = drawn.content == now.content
        && drawn.sea == now.sea
        && drawn.pixels_per_point == now.pixels_per_point
        && a.screen() == b.screen()
        && a != b;
    let drawn_rect = pixel_rect(a.screen(), drawn.pixels_per_point);
    view_only.then(|| Rect::from_two_pos(a.carry_to(b, drawn_rect.min), a.carry_to(b, drawn_rect.max)))
}

/// The layers as egui shapes, while there is no texture of them yet.
fn paint_meshes(painter: &Painter, t: &Projector, sea: Color32, layers: &[BaseLayer]) {
    painter.rect_filled(t.screen(), 0.0, sea);
    let mut shapes: Vec<Shape> = Vec::new();
    for layer in layers {
        match *layer {
            BaseLayer::Fill(mesh, color) => shapes.extend(mesh.fill(t, color)),
            BaseLayer::Outline(mesh, stroke) => shapes.extend(mesh.outline(t, stroke)),
            BaseLayer::Dashed(points, stroke, [dash, gap]) => {
                let on_screen: Vec<_> = points.iter().map(|p| t.world_to_screen(*p)).collect();
                shapes.extend(Shape::dashed_line(&on_screen, stroke, dash, gap));
            }
            BaseLayer::Discs { mesh, .. } if mesh.is_empty() => {}
            BaseLayer::Discs { mesh, placed_for, .. } => {
                if placed_for == *t {
                    shapes.push(Shape::mesh(mesh.clone()));
                } else {
                    // Counted for a view the map has since moved from (they are
                    // counted anew once it rests): carried along.
                    let mut moved = Mesh::clone(mesh);
                    for v in &mut moved.vertices {
                        v.pos = placed_for.carry_to(t, v.pos);
                    }
                    shapes.push(Shape::mesh(moved));
                }
            }
        }
    }
    painter.extend(shapes);
}

/// The layers drawn on the CPU at the screen's pixel density; `None` for an
/// empty rectangle or one larger than a texture may be (`max_side` pixels).
fn rasterise(
    t: &Projector,
    pixels_per_point: f32,
    max_side: usize,
    sea: Color32,
    layers: &[BaseLayer],
) -> Option<ColorImage> {
    let area = pixel_rect(t.screen(), pixels_per_point);
    let size = area.size() * pixels_per_point;
    let (width, height) = (size.x.round().max(0.0) as u32, size.y.round().max(0.0) as u32);
    if width as usize > max_side || height as usize > max_side {
        return None;
    }
    let mut pixmap = Pixmap::new(width, height)?;
    pixmap.fill(sk_color(sea));
    let to_pixels = |p: [f32; 2]| {
        let s = t.world_to_screen(p) - area.min;
        (s.x * pixels_per_point, s.y * pixels_per_point)
    };
    let identity = tiny_skia::Transform::identity();
    for layer in layers {
        match *layer {
            BaseLayer::Fill(mesh, color) if mesh.visible(t) => {
                if let Some(path) = path_of(mesh.rings(), to_pixels, true) {
                    pixmap.fill_path(&path, &sk_paint(color), FillRule::EvenOdd, identity, None);
                }
            }
            BaseLayer::Outline(mesh, stroke) if mesh.visible(t) => {
                if let Some(path) = path_of(mesh.rings(), to_pixels, true) {
                    let style = sk_stroke(stroke.width * pixels_per_point, None);
                    pixmap.stroke_path(&path, &sk_paint(stroke.color), &style, identity, None);
                }
            }
            BaseLayer::Dashed(points, stroke, [dash, gap]) => {
                let dashes = StrokeDash::new(vec![dash * pixels_per_point, gap * pixels_per_point], 0.0);
                if let Some(path) = path_of([points], to_pixels, false) {
                    let style = sk_stroke(stroke.width * pixels_per_point, dashes);
                    pixmap.stroke_path(&path, &sk_paint(stroke.color), &style, identity, None);
                }
            }
            BaseLayer::Discs {
                discs,
                color,
                placed_for,
                ..
            } => {
                // One path per disc: where discs overlap, the colour builds up
                // as it does with the sprites that draw them while the view moves.
                let paint = sk_paint(color);
                let grown = (t.scale() / placed_for.scale()) as f32;
                for disc in discs {
                    let (x, y) = (placed_for.carry_to(t, disc.center) - area.min).into();
                    let r = disc.radius * grown * pixels_per_point;
                    if let Some(disc) =
                        PathBuilder::from_circle(x * pixels_per_point, y * pixels_per_point, r)
                    {
                        pixmap.fill_path(&disc, &paint, FillRule::Winding, identity, None);
                    }
                }
            }
            _ => {}
        }
    }
    Some(ColorImage::from_rgba_premultiplied(
        [width as usize, height as usize],
        pixmap.data(),
    ))
}

/// `screen` grown to whole pixels, so that the texture's texels land on the
/// screen's pixels (no blur from filtering between them) and cover it all.
fn pixel_rect(screen: Rect, pixels_per_point: f32) -> Rect {
    let min = (screen.min.to_vec2() * pixels_per_point).floor().to_pos2();
    let max = (screen.max.to_vec2() * pixels_per_point).ceil().to_pos2();
    Rect::from_min_max(min, max) / pixels_per_point
}

/// One path of all `rings`, in pixels.
fn path_of<'a>(
    rings: impl IntoIterator<Item = &'a [[f32; 2]]>,
    to_pixels: impl Fn([f32; 2]) -> (f32, f32),
    closed: bool,
) -> Option<tiny_skia::Path> {
    let mut builder = PathBuilder::new();
    for ring in rings {
        let mut points = ring.iter().map(|p| to_pixels(*p));
        let Some((x, y)) = points.next() else {
            continue;
        };
        builder.move_to(x, y);
        for (x, y) in points {
            builder.line_to(x, y);
        }
        if closed {
            builder.close();
        }
    }
    builder.finish()
}

fn sk_color(color: Color32) -> tiny_skia::Color {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

fn sk_paint(color: Color32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(sk_color(color));
    paint.anti_alias = true;
    paint
}

fn sk_stroke(width: f32, dash: Option<StrokeDash>) -> tiny_skia::Stroke {
    tiny_skia::Stroke {
        width,
        // egui joins a line's segments with miters too.
        line_join: tiny_skia::LineJoin::Miter,
        dash,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::map::projector::{MapView, mercator_y};
    use geo::{MultiPolygon, polygon};

    const MAX_SIDE: usize = 4096;

    /// A square from (0°, 0°) to (1°, 1°), on a 100×100-point screen (its corner
    /// between pixels) that shows (-0.5°..1.5°) at 50 points a degree.
    fn square_and_view() -> (WorldMesh, Projector) {
        let square = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let view = MapView {
            center_lon: 0.5,
            center_lat: 0.5,
            points_per_deg: 50.0,
        };
        let screen = Rect::from_min_size(pos2(20.4, 30.6), egui::vec2(100.0, 100.0));
        (
            WorldMesh::new(&MultiPolygon(vec![square])),
            Projector::new(&view, screen),
        )
    }

    /// The texel at (lon, lat), at `ppp` pixels a point.
    fn pixel(image: &ColorImage, lon: f32, lat: f64, t: &Projector, ppp: f32) -> Color32 {
        let p = (t.world_to_screen([lon, mercator_y(lat) as f32]) - pixel_rect(t.screen(), ppp).min) * ppp;
        image[(p.x as usize, p.y as usize)]
    }

    #[test]
    fn fills_and_outlines_land_where_the_meshes_would() {
        let (mesh, t) = square_and_view();
        let (sea, land, line) = (Color32::BLUE, Color32::GREEN, Color32::RED);
        let layers = [
            BaseLayer::Fill(&mesh, land),
            BaseLayer::Outline(&mesh, Stroke::new(2.0, line)),
        ];
        let image = rasterise(&t, 1.0, MAX_SIDE, sea, &layers).unwrap();
        assert_eq!(image.size, [101, 101], "grown to whole pixels");
        assert_eq!(pixel(&image, 0.5, 0.5, &t, 1.0), land);
        assert_eq!(pixel(&image, -0.3, 0.5, &t, 1.0), sea);
        assert_eq!(pixel(&image, 1.0, 0.5, &t, 1.0), line);
    }

    #[test]
    fn discs_are_drawn_at_their_screen_positions() {
        let (_, t) = square_and_view();
        let discs = [Disc {
            center: pos2(30.0, 40.0),
            radius: 11.0,
        }];
        let mesh = Arc::new(Mesh::default());
        let layer = BaseLayer::Discs {
            discs: &discs,
            mesh: &mesh,
            color: Color32::GREEN,
            version: 1,
            placed_for: t,
        };
        let image = rasterise(&t, 1.0, MAX_SIDE, Color32::BLUE, &[layer]).unwrap();
        // The texture starts at the screen's whole pixel (20, 30).
        let (x, y) = (30 - 20, 40 - 30);
        assert_eq!(image[(x, y)], Color32::GREEN);
        assert_eq!(image[(x + 9, y)], Color32::GREEN);
        assert_eq!(image[(x + 13, y)], Color32::BLUE);
    }

    #[test]
    fn the_texture_sits_on_whole_pixels_and_covers_the_map() {
        let screen = Rect::from_min_size(pos2(10.3, 25.4), egui::vec2(100.2, 50.0));
        assert_eq!(
            pixel_rect(screen, 1.0),
            Rect::from_min_max(pos2(10.0, 25.0), pos2(111.0, 76.0))
        );
        // At 1.5 pixels a point: 15.45 -> 15 px, 165.75 -> 166 px.
        let r = pixel_rect(screen, 1.5);
        assert!((r.min.x * 1.5 - 15.0).abs() < 1e-4 && (r.max.x * 1.5 - 166.0).abs() < 1e-4);
        assert!(r.contains_rect(screen));
    }

    #[test]
    fn a_denser_screen_gets_more_pixels() {
        let (mesh, t) = square_and_view();
        let layers = [BaseLayer::Fill(&mesh, Color32::GREEN)];
        let image = rasterise(&t, 2.0, MAX_SIDE, Color32::BLUE, &layers).unwrap();
        assert_eq!(image.size, [201, 201]);
        assert_eq!(pixel(&image, 0.02, 0.5, &t, 2.0), Color32::GREEN);
        assert_eq!(pixel(&image, -0.02, 0.5, &t, 2.0), Color32::BLUE);
        assert!(
            rasterise(&t, 2.0, 200, Color32::BLUE, &layers).is_none(),
            "larger than a texture may be: none (meshes instead)"
        );
    }

    #[test]
    fn the_texture_is_drawn_once_the_picture_holds_for_a_second_frame() {
        let (mesh, t) = square_and_view();
        let ctx = egui::Context::default();
        let mut raster = BaseRaster::default();
        // Where the frame drew the texture's image, if it did (else meshes), and
        // whether that image was drawn for this very view.
        let mut frame = |t: Projector, color: Color32| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let layers = [BaseLayer::Fill(&mesh, color)];
                raster.paint(ui.painter(), &t, Color32::BLUE, &layers, content_of(&layers));
            });
            output.textures_delta.clear(); // no renderer to hand the texture to
            let texture = raster.texture.as_ref().map(TextureHandle::id);
            let image = output.shapes.iter().find_map(|c| match &c.shape {
                Shape::Mesh(m) if Some(m.texture_id) == texture && m.vertices.len() == 4 => {
                    Some(m.calc_bounds())
                }
                _ => None,
            });
            (image, raster.showing_texture())
        };
        let at_rest = pixel_rect(t.screen(), 1.0);
        assert_eq!(frame(t, Color32::GREEN), (None, false), "first frame: meshes");
        let texture = (Some(at_rest), true);
        assert_eq!(frame(t, Color32::GREEN), texture, "same picture again: texture");
        assert_eq!(frame(t, Color32::GREEN), texture);
        let view = |lon: f64, points_per_deg: f64| MapView {
            center_lon: lon,
            center_lat: 0.5,
            points_per_deg,
        };
        // Panned 0.1° east at 50 points a degree: the picture moves 5 points west.
        let moved = Projector::new(&view(0.6, 50.0), t.screen());
        let shifted = at_rest.translate(egui::vec2(-5.0, 0.0));
        let (drawn_at, anew) = frame(moved, Color32::GREEN);
        let drawn_at = drawn_at.unwrap();
        assert!((drawn_at.min - shifted.min).length() < 1e-3, "{drawn_at:?}");
        assert!(!anew, "the old picture, shifted");
        assert_eq!(frame(moved, Color32::GREEN), texture, "at rest: drawn anew");
        assert_eq!(
            frame(moved, Color32::RED),
            (None, false),
            "a layer changed colour: meshes"
        );
        assert_eq!(frame(moved, Color32::RED), texture);
        // Zoomed in by 6/5 about the screen's centre: the old picture, 6/5 as
        // large about that centre.
        let zoomed = Projector::new(&view(0.6, 60.0), t.screen());
        let (drawn_at, anew) = frame(zoomed, Color32::RED);
        let drawn_at = drawn_at.unwrap();
        assert!(!anew, "the old picture, scaled");
        let c = t.screen().center();
        for (got, rest) in [(drawn_at.min, at_rest.min), (drawn_at.max, at_rest.max)] {
            let expected = c + (rest - c) * 1.2;
            assert!((got - expected).length() < 1e-2, "{drawn_at:?}");
        }
        assert_eq!(frame(zoomed, Color32::RED), texture, "at rest: drawn anew");
    }

    #[test]
    fn a_pan_moves_the_old_density_cells_along_but_a_recount_in_place_does_not() {
        let (_, t) = square_and_view();
        let key = |t: Projector, version: u64| RasterKey {
            projector: t,
            pixels_per_point: 1.0,
            sea: Color32::BLUE,
            layers: vec![(DISCS, version as usize, Color32::GRAY, [0.0; 3])],
            // The cells' counts are no part of the content: they move along.
            content: 7,
        };
        let view = MapView {
            center_lon: 0.6,
            center_lat: 0.5,
            points_per_deg: 50.0,
        };
        let moved = Projector::new(&view, t.screen());
        let rect = moved_picture(&key(t, 1), &key(moved, 2)).unwrap();
        let shifted = pixel_rect(t.screen(), 1.0).translate(egui::vec2(-5.0, 0.0));
        assert!((rect.min - shifted.min).length() < 1e-3, "{rect:?}");
        assert_eq!(
            moved_picture(&key(t, 1), &key(t, 2)),
            None,
            "new cells, same view"
        );
    }

    #[test]
    fn cells_placed_for_an_older_view_are_carried_to_the_one_drawn() {
        let (_, t) = square_and_view();
        let zoomed = Projector::new(
            &MapView {
                center_lon: 0.6,
                center_lat: 0.5,
                points_per_deg: 60.0,
            },
            t.screen(),
        );
        let mut mesh = Mesh::default();
        mesh.colored_vertex(pos2(30.0, 40.0), Color32::GREEN);
        mesh.add_triangle(0, 0, 0);
        let mesh = Arc::new(mesh);
        let layer = BaseLayer::Discs {
            discs: &[],
            mesh: &mesh,
            color: Color32::GREEN,
            version: 1,
            placed_for: t,
        };
        let ctx = egui::Context::default();
        // The first frame of a view has no texture yet: meshes.
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            BaseRaster::default().paint(
                ui.painter(),
                &zoomed,
                Color32::BLUE,
                &[layer],
                content_of(&[layer]),
            );
        });
        output.textures_delta.clear(); // no renderer to hand the font texture to
        let drawn: Vec<egui::Pos2> = output
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                Shape::Mesh(m) => Some(m.vertices.iter().map(|v| v.pos).collect::<Vec<_>>()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(drawn, [t.carry_to(&zoomed, pos2(30.0, 40.0))]);
        assert_ne!(drawn[0], pos2(30.0, 40.0));
    }
}
