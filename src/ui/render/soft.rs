//! egui's triangles painted on the CPU into an image, with no GPU and no
//! display: the same meshes and textures the window's renderer gets, so
//! that a frame written to a file shows what the window shows. egui's
//! meshes are anti-aliased by their own feathering, and it blends in gamma
//! space with premultiplied alpha, as done here.

use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Primitive, Vertex};
use egui::{Color32, ColorImage, TextureFilter, TextureId, TexturesDelta};
use std::collections::HashMap;

/// A texture as uploaded: its pixels and how it is sampled.
struct Texture {
    size: [usize; 2],
    pixels: Vec<Color32>,
    filter: TextureFilter,
}

/// The textures egui has uploaded so far, and the painting of its meshes.
#[derive(Default)]
pub struct SoftRenderer {
    textures: HashMap<TextureId, Texture>,
    /// Textures to free once the next picture is painted.
    to_free: Vec<TextureId>,
}

impl SoftRenderer {
    /// Takes a frame's texture changes: new and patched textures now, freed
    /// ones after the next [`Self::paint`] (which may still use them).
    pub fn update(&mut self, delta: &TexturesDelta) {
        for (id, deltas) in &delta.set {
            for image_delta in deltas {
                self.set(*id, image_delta);
            }
        }
        self.to_free.extend(delta.free.iter().copied());
    }

    fn set(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        match delta.pos {
            None => {
                self.textures.insert(
                    id,
                    Texture {
                        size: image.size,
                        pixels: image.pixels.clone(),
                        filter: delta.options.magnification,
                    },
                );
            }
            Some([x0, y0]) => {
                let Some(t) = self.textures.get_mut(&id) else {
                    return;
                };
                let [w, h] = image.size;
                for y in 0..h {
                    for x in 0..w {
                        let (tx, ty) = (x0 + x, y0 + y);
                        if tx < t.size[0] && ty < t.size[1] {
                            t.pixels[ty * t.size[0] + tx] = image.pixels[y * w + x];
                        }
                    }
                }
            }
        }
    }

    /// Paints `primitives` (in points) over `background` into an image of
    /// `size` pixels at `pixels_per_point`.
    pub fn paint(
        &mut self,
        primitives: &[ClippedPrimitive],
        size: [usize; 2],
        pixels_per_point: f32,
        background: Color32,
    ) -> ColorImage {
        let mut target = ColorImage::filled(size, background);
        for p in primitives {
            let Primitive::Mesh(mesh) = &p.primitive else {
                continue;
            };
            let texture = self.textures.get(&mesh.texture_id);
            let clip = [
                (p.clip_rect.min.x * pixels_per_point).floor().max(0.0) as i64,
                (p.clip_rect.min.y * pixels_per_point).floor().max(0.0) as i64,
                ((p.clip_rect.max.x * pixels_per_point).ceil() as i64).min(size[0] as i64),
                ((p.clip_rect.max.y * pixels_per_point).ceil() as i64).min(size[1] as i64),
            ];
            if clip[0] >= clip[2] || clip[1] >= clip[3] {
                continue;
            }
            for tri in mesh.indices.chunks_exact(3) {
                let v = |k: usize| mesh.vertices.get(tri[k] as usize);
                if let (Some(a), Some(b), Some(c)) = (v(0), v(1), v(2)) {
                    triangle(&mut target, clip, pixels_per_point, [a, b, c], texture);
                }
            }
        }
        for id in self.to_free.drain(..) {
            self.textures.remove(&id);
        }
        target
    }
}

/// Fills one triangle, pixel centres inside it (top-left rule: a pixel on a
/// shared edge belongs to one of the two triangles, never both).
fn triangle(
    target: &mut ColorImage,
    clip: [i64; 4],
    ppp: f32,
    [a, b, c]: [&Vertex; 3],
    texture: Option<&Texture>,
) {
    let p = |v: &Vertex| (v.pos.x * ppp, v.pos.y * ppp);
    let (mut p0, mut p1, p2) = (p(a), p(b), p(c));
    let (mut v0, mut v1, v2) = (a, b, c);
    let mut area = edge(p0, p1, p2);
    if area == 0.0 || !area.is_finite() {
        return;
    }
    // Counter-clockwise on screen (y down) so that inside is positive.
    if area < 0.0 {
        std::mem::swap(&mut p0, &mut p1);
        std::mem::swap(&mut v0, &mut v1);
        area = -area;
    }
    let min_x = (p0.0.min(p1.0).min(p2.0).floor() as i64).max(clip[0]);
    let max_x = (p0.0.max(p1.0).max(p2.0).ceil() as i64).min(clip[2]);
    let min_y = (p0.1.min(p1.1).min(p2.1).floor() as i64).max(clip[1]);
    let max_y = (p0.1.max(p1.1).max(p2.1).ceil() as i64).min(clip[3]);
    if min_x >= max_x || min_y >= max_y {
        return;
    }
    let width = target.size[0];
    let bias = |from: (f32, f32), to: (f32, f32)| {
        // Top-left edges own the pixels exactly on them.
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        if (dy == 0.0 && dx < 0.0) || dy > 0.0 {
            0.0
        } else {
            -1e-6
        }
    };
    let (b0, b1, b2) = (bias(p1, p2), bias(p2, p0), bias(p0, p1));
    let colors = [v0.color, v1.color, v2.color].map(|c| c.to_array().map(f32::from));
    let uvs = [v0.uv, v1.uv, v2.uv];
    let flat = colors[0] == colors[1] && colors[1] == colors[2];
    for y in min_y..max_y {
        let py = y as f32 + 0.5;
        for x in min_x..max_x {
            let q = (x as f32 + 0.5, py);
            let w0 = edge(p1, p2, q);
            let w1 = edge(p2, p0, q);
            let w2 = edge(p0, p1, q);
            if w0 + b0 < 0.0 || w1 + b1 < 0.0 || w2 + b2 < 0.0 {
                continue;
            }
            let (l0, l1, l2) = (w0 / area, w1 / area, w2 / area);
            let mut rgba = if flat {
                colors[0]
            } else {
                std::array::from_fn(|k| colors[0][k] * l0 + colors[1][k] * l1 + colors[2][k] * l2)
            };
            if let Some(t) = texture {
                let u = uvs[0].x * l0 + uvs[1].x * l1 + uvs[2].x * l2;
                let v = uvs[0].y * l0 + uvs[1].y * l1 + uvs[2].y * l2;
                let s = sample(t, u, v);
                for k in 0..4 {
                    rgba[k] = rgba[k] * s[k] / 255.0;
                }
            }
            let i = y as usize * width + x as usize;
            target.pixels[i] = over(rgba, target.pixels[i]);
        }
    }
}

/// Twice the signed area of (a, b, c): positive when c is left of a→b.
fn edge(a: (f32, f32), b: (f32, f32), c: (f32, f32)) -> f32 {
    (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
}

/// The texture at (u, v), bilinear or nearest as the texture asks.
fn sample(t: &Texture, u: f32, v: f32) -> [f32; 4] {
    let [w, h] = t.size;
    if w == 0 || h == 0 {
        return [255.0; 4];
    }
    let at = |x: i64, y: i64| {
        let x = x.clamp(0, w as i64 - 1) as usize;
        let y = y.clamp(0, h as i64 - 1) as usize;
        t.pixels[y * w + x].to_array().map(f32::from)
    };
    let (x, y) = (u * w as f32 - 0.5, v * h as f32 - 0.5);
    if t.filter == TextureFilter::Nearest {
        return at(x.round() as i64, y.round() as i64);
    }
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as i64, y0 as i64);
    let (c00, c10, c01, c11) = (at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1));
    std::array::from_fn(|k| {
        let top = c00[k] + (c10[k] - c00[k]) * fx;
        let bottom = c01[k] + (c11[k] - c01[k]) * fx;
        top + (bottom - top) * fy
    })
}

/// Premultiplied `src` over `dst`.
fn over(src: [f32; 4], dst: Color32) -> Color32 {
    let keep = 1.0 - src[3] / 255.0;
    let d = dst.to_array();
    let mix = |k: usize| (src[k] + f32::from(d[k]) * keep).round().clamp(0.0, 255.0) as u8;
    Color32::from_rgba_premultiplied(mix(0), mix(1), mix(2), mix(3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Mesh, Pos2, Rect, pos2, vec2};

    /// `mesh` (white-textured) painted over black in `size` pixels, clipped to `clip`.
    fn painted_in(mesh: Mesh, size: [usize; 2], clip: Rect) -> ColorImage {
        let mut r = SoftRenderer::default();
        let white = ColorImage::filled([1, 1], Color32::WHITE);
        let mut delta = TexturesDelta::default();
        delta.set.insert(
            TextureId::default(),
            [ImageDelta::full(white, egui::TextureOptions::LINEAR)]
                .into_iter()
                .collect(),
        );
        r.update(&delta);
        delta.clear();
        let primitive = ClippedPrimitive {
            clip_rect: clip,
            primitive: Primitive::Mesh(mesh),
        };
        r.paint(&[primitive], size, 1.0, Color32::BLACK)
    }

    fn painted(mesh: Mesh, size: [usize; 2]) -> ColorImage {
        painted_in(
            mesh,
            size,
            Rect::from_min_size(Pos2::ZERO, vec2(size[0] as f32, size[1] as f32)),
        )
    }

    #[test]
    fn a_rectangle_fills_exactly_its_pixels_and_blends_over_the_background() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(Rect::from_min_max(pos2(2.0, 1.0), pos2(6.0, 4.0)), Color32::RED);
        let image = painted(mesh, [8, 6]);
        let red = image.pixels.iter().filter(|&&c| c == Color32::RED).count();
        assert_eq!(red, 4 * 3, "no pixel twice, none missed on the diagonal");
        assert_eq!(image.pixels[8 + 2], Color32::RED);
        assert_eq!(image.pixels[0], Color32::BLACK);
        // Half-transparent white over black: grey.
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(2.0, 2.0)),
            Color32::from_white_alpha(128),
        );
        let image = painted(mesh, [2, 2]);
        assert_eq!(
            image.pixels[0],
            Color32::from_rgba_premultiplied(128, 128, 128, 255)
        );
    }

    #[test]
    fn the_clip_rectangle_holds_the_paint() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(Rect::from_min_max(pos2(0.0, 0.0), pos2(8.0, 8.0)), Color32::GREEN);
        let image = painted_in(mesh, [8, 8], Rect::from_min_max(pos2(1.0, 1.0), pos2(4.0, 4.0)));
        let green = image.pixels.iter().filter(|&&c| c == Color32::GREEN).count();
        assert_eq!(green, 3 * 3);
    }
}
