//! Filled circles as textured quads: a circle tessellated by egui is some
//! 60 vertices, a sprite 4. Thousands of density cells then cost a small mesh
//! that the frame copies cheaply, instead of megabytes every frame.
//!
//! The texture holds white anti-aliased discs at a few sizes, so a sprite is
//! never shrunk more than 2× (egui's textures have no mipmaps here) and keeps a clean edge.

use egui::epaint::Mesh;
use egui::{Color32, ColorImage, Context, Pos2, Rect, TextureHandle, TextureOptions, pos2, vec2};

/// Disc diameters in texels, smallest first.
const DIAMETERS: [usize; 5] = [8, 16, 32, 64, 128];
/// Transparent texels around each disc, so linear filtering does not bleed.
const PAD: usize = 1;

/// The disc texture, loaded once per context.
pub struct DiscSprites {
    texture: TextureHandle,
    /// Each disc's place in the texture (UV) and its radius in texels.
    slots: Vec<(Rect, f32)>,
}

impl DiscSprites {
    /// Draws the discs and uploads them as a texture.
    pub fn new(ctx: &Context) -> Self {
        let width: usize = DIAMETERS.iter().map(|d| d + 2 * PAD).sum();
        let height = DIAMETERS.iter().max().map_or(0, |d| d + 2 * PAD);
        let mut pixels = vec![Color32::TRANSPARENT; width * height];
        let mut slots = Vec::with_capacity(DIAMETERS.len());
        let mut left = 0;
        for d in DIAMETERS {
            let side = d + 2 * PAD;
            let (center, radius) = (side as f32 / 2.0, d as f32 / 2.0);
            for y in 0..side {
                for x in 0..side {
                    let dist = vec2(x as f32 + 0.5 - center, y as f32 + 0.5 - center).length();
                    // Coverage of the texel by the disc's edge, one texel wide.
                    let alpha = (radius + 0.5 - dist).clamp(0.0, 1.0);
                    pixels[y * width + left + x] = Color32::from_white_alpha((alpha * 255.0).round() as u8);
                }
            }
            let uv = Rect::from_min_max(
                pos2(left as f32 / width as f32, 0.0),
                pos2((left + side) as f32 / width as f32, side as f32 / height as f32),
            );
            slots.push((uv, radius));
            left += side;
        }
        let image = ColorImage::new([width, height], pixels);
        Self {
            texture: ctx.load_texture("disc-sprites", image, TextureOptions::LINEAR),
            slots,
        }
    }

    /// An empty mesh that sprites are added to.
    pub fn mesh(&self) -> Mesh {
        Mesh::with_texture(self.texture.id())
    }

    /// Adds a filled disc of `radius` points at `center` to `mesh` (made by [`Self::mesh`]).
    pub fn add(&self, mesh: &mut Mesh, center: Pos2, radius: f32, pixels_per_point: f32, fill: Color32) {
        let diameter_px = 2.0 * radius * pixels_per_point;
        let Some(&(uv, texel_radius)) = self
            .slots
            .iter()
            .find(|(_, r)| 2.0 * r >= diameter_px)
            .or(self.slots.last())
        else {
            return;
        };
        // The quad covers the padded slot, scaled so the disc has `radius`.
        let half = radius * (texel_radius + PAD as f32) / texel_radius;
        mesh.add_rect_with_uv(
            Rect::from_center_size(center, vec2(2.0 * half, 2.0 * half)),
            uv,
            fill,
        );
    }

    /// Adds a disc of `radius` with an outline `stroke` centred on its edge, as
    /// egui draws a stroked circle: the stroke's disc, then the fill's over it.
    /// For an opaque `fill` only (a see-through one would show the stroke's disc).
    pub fn add_outlined(
        &self,
        mesh: &mut Mesh,
        center: Pos2,
        radius: f32,
        pixels_per_point: f32,
        (fill, stroke): (Color32, egui::Stroke),
    ) {
        let half = stroke.width / 2.0;
        self.add(mesh, center, radius + half, pixels_per_point, stroke.color);
        self.add(mesh, center, radius - half, pixels_per_point, fill);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sprite_is_one_quad_of_the_disc_texture() {
        let ctx = Context::default();
        let sprites = DiscSprites::new(&ctx);
        let mut mesh = sprites.mesh();
        sprites.add(&mut mesh, pos2(100.0, 50.0), 10.0, 1.0, Color32::RED);
        assert_eq!((mesh.vertices.len(), mesh.indices.len()), (4, 6));
        assert_eq!(mesh.texture_id, sprites.texture.id());
        // 10 points at 1 pixel per point: the 32-texel disc (radius 16 texels, 1 padding).
        let bounds = mesh.calc_bounds();
        assert!(
            (bounds.width() - 2.0 * 10.0 * 17.0 / 16.0).abs() < 1e-4,
            "{bounds:?}"
        );
        assert_eq!(bounds.center(), pos2(100.0, 50.0));
        assert!(mesh.vertices.iter().all(|v| v.color == Color32::RED));
    }

    #[test]
    fn sprites_pick_a_disc_at_least_as_big_as_drawn() {
        let ctx = Context::default();
        let sprites = DiscSprites::new(&ctx);
        let uv_width = |radius: f32, ppp: f32| {
            let mut mesh = sprites.mesh();
            sprites.add(&mut mesh, Pos2::ZERO, radius, ppp, Color32::WHITE);
            let (lo, hi) = (mesh.vertices[0].uv, mesh.vertices[3].uv);
            (hi.x - lo.x).abs()
        };
        // Twice the pixels per point: the next disc up, twice the texels.
        assert!((uv_width(5.0, 2.0) / uv_width(5.0, 1.0) - 34.0 / 18.0).abs() < 1e-4);
        // Beyond the biggest disc: the biggest, stretched.
        assert_eq!(uv_width(200.0, 1.0), uv_width(100.0, 1.0));
    }
}
