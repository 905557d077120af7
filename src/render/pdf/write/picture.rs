//! The office's pictures as the PDF draws them: an SVG's shapes as PDF path operators, in
//! its own colours, blended with the white of the page by their opacity (PDF/A-2's archival
//! level has no transparency to spare). What the drawing leaves out or approximates is said
//! when the picture is read ([`crate::picture`]); and each picture as the XObject every page
//! that shows it draws.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use lopdf::Object;
use lopdf::content::{Content, Operation};
use printpdf::{DictItem, ExternalStream, ExternalXObject};

use super::super::layout::Picture;
use super::round;
use crate::picture::Drawn;

/// An SVG's shapes as a PDF content stream that draws the picture in a box `width` × `height`
/// user units, its origin at the box's lower left corner: (width, height, content).
pub fn draw_svg(bytes: &[u8]) -> Result<(f32, f32, Vec<u8>), String> {
    let tree = crate::picture::read_svg(bytes)?;
    let size = tree.size();
    let mut d = Draw {
        ops: Vec::new(),
        dashed: false,
    };
    // SVG's y runs down the page, PDF's up.
    d.op("cm", &[1.0, 0.0, 0.0, -1.0, 0.0, size.height()]);
    d.group(tree.root(), 1.0);
    let content = Content { operations: d.ops }
        .encode()
        .map_err(|e| format!("the drawing cannot be written: {e}"))?;
    Ok((size.width(), size.height(), content))
}

/// A picture as an XObject: an image of its pixels, or a form of its shapes, and the size
/// of the box it is drawn in (1 × 1 for an image, the SVG's own for a form), which the page
/// scales to the figure.
pub fn xobject(p: &Picture) -> Result<(ExternalXObject, [f32; 2])> {
    static MADE: crate::picture::Memo<PictureObject> = crate::picture::Memo::new();
    let e = MADE.get_or_make(&p.data, |e| e.data.len(), || make(p))?;
    let mut dict = e.entries.clone();
    if e.packed {
        dict.insert("Filter".to_owned(), DictItem::Name(b"FlateDecode".to_vec()));
    }
    let stream = ExternalStream {
        dict,
        content: e.data.clone(),
        compress: false,
    };
    Ok((
        ExternalXObject {
            stream,
            width: None,
            height: None,
            dpi: None,
        },
        e.size,
    ))
}

/// A picture's XObject as every PDF that shows it holds it: its dictionary's entries, its
/// stream (deflated when that makes it smaller) and the size of its box.
struct PictureObject {
    entries: BTreeMap<String, DictItem>,
    data: Vec<u8>,
    packed: bool,
    size: [f32; 2],
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

/// Makes a picture's XObject, once a run for each picture (see [`crate::picture::Memo`]).
fn make(p: &Picture) -> Result<PictureObject> {
    let decoded = crate::picture::decode(&p.data)
        .map_err(|e| anyhow!("the picture \"{}\" cannot be drawn: {e}", p.alt))?;
    let drawing: Vec<u8>;
    let mut entries = BTreeMap::new();
    entries.insert("Type".to_owned(), name("XObject"));
    let (raw, size) = match &decoded.drawn {
        Drawn::Raster {
            width,
            height,
            colors,
            samples,
        } => {
            let space = if *colors == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            entries.insert("Subtype".to_owned(), name("Image"));
            entries.insert("Width".to_owned(), DictItem::Int(i64::from(*width)));
            entries.insert("Height".to_owned(), DictItem::Int(i64::from(*height)));
            entries.insert("ColorSpace".to_owned(), name(space));
            entries.insert("BitsPerComponent".to_owned(), DictItem::Int(8));
            (samples, [1.0, 1.0])
        }
        Drawn::Vector { .. } => {
            let (width, height, content) = draw_svg(&p.data.bytes)
                .map_err(|e| anyhow!("the picture \"{}\" cannot be drawn: {e}", p.alt))?;
            drawing = content;
            entries.insert("Subtype".to_owned(), name("Form"));
            entries.insert(
                "BBox".to_owned(),
                DictItem::Array(vec![
                    DictItem::Int(0),
                    DictItem::Int(0),
                    DictItem::Real(round(width)),
                    DictItem::Real(round(height)),
                ]),
            );
            entries.insert(
                "Resources".to_owned(),
                DictItem::Dict {
                    map: BTreeMap::new(),
                },
            );
            (
                &drawing,
                [width.max(f32::MIN_POSITIVE), height.max(f32::MIN_POSITIVE)],
            )
        }
    };
    let (data, packed) = pack(raw)?;
    Ok(PictureObject {
        entries,
        data,
        packed,
        size,
    })
}

/// `data` deflated when that makes it smaller (`true`), else as it is.
fn pack(data: &[u8]) -> Result<(Vec<u8>, bool)> {
    Ok(
        match super::draw::with_compressor(|z| super::draw::deflate(z, data))? {
            Some(packed) => (packed, true),
            None => (data.to_vec(), false),
        },
    )
}

struct Draw {
    ops: Vec<Operation>,
    /// Whether the stroke's dash in force is a pattern (a stroke without one resets it).
    dashed: bool,
}

/// A number rounded to thousandths, as the page's coordinates are.
fn real(v: f32) -> Object {
    let v = if v.is_finite() { v } else { 0.0 };
    Object::Real(((f64::from(v) * 1000.0).round() / 1000.0) as f32)
}

impl Draw {
    /// An operator with numbers for operands.
    fn op(&mut self, operator: &str, numbers: &[f32]) {
        self.ops.push(Operation::new(
            operator,
            numbers.iter().map(|&v| real(v)).collect(),
        ));
    }

    fn transform(&mut self, t: usvg::Transform) {
        if t.is_identity() {
            return;
        }
        self.op("cm", &[t.sx, t.ky, t.kx, t.sy, t.tx, t.ty]);
    }

    /// A group's shapes; its transform and clip, when it has either, between `q` and `Q`
    /// (a shape sets every colour and line property it uses, so needs no saving of its own).
    fn group(&mut self, g: &usvg::Group, opacity: f32) {
        let opacity = opacity * g.opacity().get();
        let isolated = !g.transform().is_identity() || g.clip_path().is_some();
        let dashed = self.dashed;
        if isolated {
            self.op("q", &[]);
        }
        self.transform(g.transform());
        if let Some(clip) = g.clip_path() {
            self.clip(clip);
        }
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => self.group(g, opacity),
                usvg::Node::Path(p) => self.path(p, opacity),
                // What cannot be drawn is said when the picture is read (`crate::picture`).
                usvg::Node::Image(_) | usvg::Node::Text(_) => {}
            }
        }
        if isolated {
            self.op("Q", &[]);
            self.dashed = dashed;
        }
    }

    /// Clips to the union of a clip path's shapes (a nested clip path's own clip aside).
    fn clip(&mut self, clip: &usvg::ClipPath) {
        self.transform(clip.transform());
        let mut any = false;
        self.clip_shapes(clip.root(), usvg::Transform::identity(), &mut any);
        if !any {
            // Nothing in the clip: nothing shows.
            self.op("m", &[0.0, 0.0]);
        }
        self.op("W", &[]);
        self.op("n", &[]);
        // The clip's transform applied only to its shapes: undo it for the content.
        if let Some(inv) = clip.transform().invert() {
            self.transform(inv);
        }
    }

    fn clip_shapes(&mut self, g: &usvg::Group, t: usvg::Transform, any: &mut bool) {
        let t = t.pre_concat(g.transform());
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => self.clip_shapes(g, t, any),
                usvg::Node::Path(p) => {
                    if let Some(path) = p.data().clone().transform(t) {
                        self.segments(&path);
                        *any = true;
                    }
                }
                _ => {}
            }
        }
    }

    fn segments(&mut self, path: &usvg::tiny_skia_path::Path) {
        use usvg::tiny_skia_path::PathSegment;
        let mut at = (0.0f32, 0.0f32);
        for seg in path.segments() {
            match seg {
                PathSegment::MoveTo(p) => {
                    self.op("m", &[p.x, p.y]);
                    at = (p.x, p.y);
                }
                PathSegment::LineTo(p) => {
                    self.op("l", &[p.x, p.y]);
                    at = (p.x, p.y);
                }
                PathSegment::QuadTo(c, p) => {
                    // A quadratic curve as the cubic that traces it.
                    let c1 = (
                        at.0 + 2.0 / 3.0 * (c.x - at.0),
                        at.1 + 2.0 / 3.0 * (c.y - at.1),
                    );
                    let c2 = (p.x + 2.0 / 3.0 * (c.x - p.x), p.y + 2.0 / 3.0 * (c.y - p.y));
                    self.op("c", &[c1.0, c1.1, c2.0, c2.1, p.x, p.y]);
                    at = (p.x, p.y);
                }
                PathSegment::CubicTo(c1, c2, p) => {
                    self.op("c", &[c1.x, c1.y, c2.x, c2.y, p.x, p.y]);
                    at = (p.x, p.y);
                }
                PathSegment::Close => self.op("h", &[]),
            }
        }
    }

    /// A paint as one colour: a gradient's is the mean of its stops. Blended with white by
    /// its opacity, since the page is white and PDF/A's archival level has no transparency
    /// to spare for a signature.
    fn colour(&self, paint: &usvg::Paint, opacity: f32) -> [f32; 3] {
        let (rgb, stop_opacity) = match paint {
            usvg::Paint::Color(c) => ([c.red, c.green, c.blue].map(|v| f32::from(v) / 255.0), 1.0),
            usvg::Paint::LinearGradient(g) => mean(g.stops()),
            usvg::Paint::RadialGradient(g) => mean(g.stops()),
            usvg::Paint::Pattern(_) => ([0.5; 3], 1.0),
        };
        let a = (opacity * stop_opacity).clamp(0.0, 1.0);
        rgb.map(|v| v * a + (1.0 - a))
    }

    fn path(&mut self, p: &usvg::Path, opacity: f32) {
        if !p.is_visible() {
            return;
        }
        let fill = p.fill().map(|f| {
            (
                self.colour(f.paint(), opacity * f.opacity().get()),
                f.rule(),
            )
        });
        let stroke = p
            .stroke()
            .map(|s| (self.colour(s.paint(), opacity * s.opacity().get()), s));
        if fill.is_none() && stroke.is_none() {
            return;
        }
        if let Some((rgb, _)) = fill {
            self.op("rg", &rgb);
        }
        if let Some((rgb, s)) = stroke {
            self.op("RG", &rgb);
            self.op("w", &[s.width().get()]);
            let cap = match s.linecap() {
                usvg::LineCap::Butt => 0,
                usvg::LineCap::Round => 1,
                usvg::LineCap::Square => 2,
            };
            let join = match s.linejoin() {
                usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => 0,
                usvg::LineJoin::Round => 1,
                usvg::LineJoin::Bevel => 2,
            };
            self.ops
                .push(Operation::new("J", vec![Object::Integer(cap)]));
            self.ops
                .push(Operation::new("j", vec![Object::Integer(join)]));
            self.op("M", &[s.miterlimit().get()]);
            if let Some(dashes) = s.dasharray() {
                self.ops.push(Operation::new(
                    "d",
                    vec![
                        Object::Array(dashes.iter().map(|&d| real(d)).collect()),
                        real(s.dashoffset()),
                    ],
                ));
                self.dashed = true;
            } else if self.dashed {
                // A solid line after a dashed one.
                self.ops.push(Operation::new(
                    "d",
                    vec![Object::Array(Vec::new()), Object::Integer(0)],
                ));
                self.dashed = false;
            }
        }
        self.segments(p.data());
        let even_odd = fill.is_some_and(|(_, rule)| rule == usvg::FillRule::EvenOdd);
        let stroke_first = p.paint_order() == usvg::PaintOrder::StrokeAndFill;
        let op = match (fill.is_some(), stroke.is_some()) {
            (true, true) if stroke_first => {
                // Stroke under the fill: drawn twice, the stroke first.
                self.op("S", &[]);
                self.segments(p.data());
                if even_odd { "f*" } else { "f" }
            }
            (true, true) => {
                if even_odd {
                    "B*"
                } else {
                    "B"
                }
            }
            (true, false) => {
                if even_odd {
                    "f*"
                } else {
                    "f"
                }
            }
            _ => "S",
        };
        self.op(op, &[]);
    }
}

/// The mean colour and opacity of a gradient's stops.
fn mean(stops: &[usvg::Stop]) -> ([f32; 3], f32) {
    if stops.is_empty() {
        return ([0.0; 3], 0.0);
    }
    let n = stops.len() as f32;
    let mut rgb = [0.0f32; 3];
    let mut a = 0.0;
    for s in stops {
        let c = s.color();
        for (acc, v) in rgb.iter_mut().zip([c.red, c.green, c.blue]) {
            *acc += f32::from(v) / 255.0 / n;
        }
        a += s.opacity().get() / n;
    }
    (rgb, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_becomes_paths_in_its_own_colours() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
            <g transform="translate(10 5)"><rect width="20" height="10" fill="#ff0000"/></g>
            <path d="M0 0 Q 10 10 20 0" stroke="blue" stroke-width="2" fill="none" stroke-opacity="0.5"/>
            <text x="1" y="40">Hi</text></svg>"##;
        let (width, height, content) = draw_svg(svg).unwrap();
        assert_eq!((width, height), (100.0, 50.0));
        let c = String::from_utf8(content.clone()).unwrap();
        assert!(c.starts_with("1 0 0 -1 0 50 cm\n"), "{c}");
        assert!(c.contains("1 0 0 1 10 5 cm"), "{c}");
        assert!(c.contains("1 0 0 rg"), "{c}");
        // Blue at half opacity, blended with white; the quadratic curve as a cubic.
        assert!(c.contains("0.5 0.5 1 RG\n2 w\n0 J\n0 j"), "{c}");
        assert!(c.contains("6.667 6.667 13.333 6.667 20 0 c"), "{c}");
    }

    #[test]
    fn a_shape_sets_what_it_uses_with_no_state_saved_around_it() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
            <path d="M0 0 L 10 10" stroke="red" stroke-dasharray="2 1"/>
            <path d="M0 10 L 10 20" stroke="blue"/>
            <rect width="5" height="5" fill="#00ff00"/></svg>"##;
        let (_, _, content) = draw_svg(svg).unwrap();
        let c = String::from_utf8(content).unwrap();
        // No group or shape here moves or clips: nothing is saved and restored.
        assert!(!c.contains("q\n") && !c.contains("Q"), "{c}");
        // The dashed line, then the solid one with the dash undone, then the green square.
        let dash = c.find("[2 1] 0 d").unwrap();
        let solid = c.find("[] 0 d").unwrap();
        let blue = c.find("0 0 1 RG").unwrap();
        assert!(dash < blue && blue < solid, "{c}");
        assert!(c.contains("0 1 0 rg"), "{c}");
        assert_eq!(c.matches(" d").count(), 2, "{c}");
    }

    #[test]
    fn an_svg_never_reads_another_file() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
            <image width="10" height="10" xlink:href="/etc/hostname"/>
            <image width="10" height="10" href="file:///etc/passwd"/></svg>"#;
        let (_, _, content) = draw_svg(svg).unwrap();
        assert!(!String::from_utf8(content).unwrap().contains("Do"));
    }
}
