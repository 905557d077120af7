//! The office's pictures (its logo, the commissioner's signature) as a PDF draws them: a
//! PNG's pixels, flattened onto the white of the page, or an SVG's shapes as PDF path
//! operators. The loader decodes each picture once when it reads it, so that a picture the
//! PDF cannot draw is an error at its field, with the file named, before anything is written;
//! the PDF writer decodes it again to embed it.
//!
//! What PDF/A-2 and PDF/UA-1 ask of a picture is met here: no transparency (a PNG's alpha is
//! composed over white, an SVG's opacity blends its colours with white), no interpolation,
//! and nothing outside the file: an SVG's references to other files are never followed.

use std::io::Cursor;
use std::sync::{Arc, Mutex};

use crate::model::{ImageData, ImageKind};

/// The most pixels a PNG may have: 16.8 million, 4,096 × 4,096. A logo or a signature
/// printed at 300 dots to the inch needs well under a tenth of that.
pub const MAX_PIXELS: u64 = 4096 * 4096;

/// A picture ready for the PDF.
#[derive(Debug, Clone, PartialEq)]
pub enum Drawn {
    /// Pixels, row by row from the top, 8 bits a sample.
    Raster {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Samples to a pixel: 1 grey, 3 red, green and blue.
        colors: u8,
        /// The samples.
        samples: Vec<u8>,
    },
    /// Shapes: a content stream that draws the picture in a box `width` × `height` user
    /// units, its origin at the box's lower left corner.
    Vector {
        /// Width in the SVG's user units.
        width: f32,
        /// Height in the SVG's user units.
        height: f32,
        /// The drawing.
        content: Vec<u8>,
    },
}

/// A picture decoded, and what of it the PDF does not show.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The drawing.
    pub drawn: Drawn,
    /// What the PDF leaves out or approximates, in words for the office ("its text").
    pub left_out: Vec<&'static str>,
}

impl Decoded {
    /// The bytes its drawing holds.
    fn size(&self) -> usize {
        match &self.drawn {
            Drawn::Raster { samples, .. } => samples.len(),
            Drawn::Vector { content, .. } => content.len(),
        }
    }
}

/// Decodes a picture for the PDF: once a run for each picture, however many letters show it
/// (see [`Memo`]).
pub fn decode(data: &ImageData) -> Result<Arc<Decoded>, String> {
    static DECODED: Memo<Decoded> = Memo::new();
    DECODED.get_or_make(data, Decoded::size, || match data.kind {
        ImageKind::Png => png(&data.bytes, data.width, data.height).map(|drawn| Decoded {
            drawn,
            left_out: Vec::new(),
        }),
        ImageKind::Svg => svg(&data.bytes),
    })
}

/// How many pictures a [`Memo`] keeps.
const MEMO_PICTURES: usize = 8;

/// The most bytes a [`Memo`] keeps of what was made of one picture: a logo's pixels are a
/// few hundred kilobytes; a larger picture is made again for each letter.
const MEMO_BYTES: usize = 2 << 20;

/// What was made of a picture this run (its pixels, its PDF stream), kept for the next letter
/// that shows the same picture: an office's logo on every letter of an archive is decoded and
/// packed once, not once a letter. A picture is known by its kind and its bytes, compared
/// whole. It keeps at most [`MEMO_PICTURES`] pictures, the oldest going first, and of each at
/// most [`MEMO_BYTES`], so that it stays small whatever the pictures; what is made is the same
/// whether it was kept or not.
pub struct Memo<T> {
    made: Mutex<Vec<Kept<T>>>,
}

/// One picture a [`Memo`] keeps: its kind, its bytes, and what was made of it.
type Kept<T> = (ImageKind, Arc<[u8]>, Arc<T>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Memo<T> {
    /// An empty memo.
    pub const fn new() -> Self {
        Memo {
            made: Mutex::new(Vec::new()),
        }
    }

    /// What was made of `data`, or what `make` makes of it now (kept when `size` of it is
    /// small enough). A failure is not kept.
    pub fn get_or_make<E>(
        &self,
        data: &ImageData,
        size: impl Fn(&T) -> usize,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let same = |(kind, bytes, _): &&Kept<T>| {
            *kind == data.kind && (Arc::ptr_eq(bytes, &data.bytes) || **bytes == *data.bytes)
        };
        if let Some(made) = self
            .made
            .lock()
            .ok()
            .and_then(|m| m.iter().find(same).map(|(_, _, t)| t.clone()))
        {
            return Ok(made);
        }
        let made = Arc::new(make()?);
        if size(&made) <= MEMO_BYTES
            && let Ok(mut kept) = self.made.lock()
            && !kept.iter().any(|e| same(&e))
        {
            if kept.len() >= MEMO_PICTURES {
                kept.remove(0);
            }
            kept.push((data.kind, data.bytes.clone(), made.clone()));
        }
        Ok(made)
    }
}

/// A PNG's pixels at 8 bits a sample, any alpha composed over white.
fn png(bytes: &[u8], width: u32, height: u32) -> Result<Drawn, String> {
    // The header's size, before a byte of the pixels is read.
    too_many(width, height)?;
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: (MAX_PIXELS * 8) as usize,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("it is not a PNG that can be read ({e})"))?;
    let (width, height) = reader.info().size();
    too_many(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "it is too large to decode".to_owned())?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("its pixels cannot be read ({e})"))?;
    buf.truncate(frame.buffer_size());
    let (colour, _) = reader.output_color_type();
    let (colors, samples) = match colour {
        png::ColorType::Grayscale => (1, buf),
        png::ColorType::Rgb => (3, buf),
        png::ColorType::GrayscaleAlpha => (1, over_white(&buf, 1)),
        png::ColorType::Rgba => (3, over_white(&buf, 3)),
        // Normalised to 8-bit colour, a palette is expanded: not reached.
        png::ColorType::Indexed => return Err("its palette cannot be read".to_owned()),
    };
    Ok(Drawn::Raster {
        width,
        height,
        colors,
        samples,
    })
}

/// Refuses a picture of more than [`MAX_PIXELS`].
fn too_many(width: u32, height: u32) -> Result<(), String> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "it is {width} × {height} pixels, more than the {} million a picture may have",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// Pixels of `colors` samples and an alpha, composed over white: the page they are drawn on.
fn over_white(pixels: &[u8], colors: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels.len() / (colors + 1) * colors);
    for px in pixels.chunks_exact(colors + 1) {
        let a = u16::from(px[colors]);
        for &c in &px[..colors] {
            // c·a + 255·(1 − a), rounded: 255 stays 255 and 0 over opaque stays 0.
            out.push(((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

/// An SVG's shapes as a PDF content stream, with usvg's reading of its styles, transforms
/// and units. Nothing outside the file is read: a reference to an image is left out.
fn svg(bytes: &[u8]) -> Result<Decoded, String> {
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_data(bytes, &options).map_err(|e| format!("it is not an SVG ({e})"))?;
    let size = tree.size();
    let mut d = Draw {
        out: Vec::new(),
        left_out: Vec::new(),
    };
    // usvg drops what it cannot resolve without a word: say so of text and pictures.
    let source = std::str::from_utf8(bytes).unwrap_or_default();
    if source.contains("<text") {
        d.note("its text (turn the text into outlines, or use a PNG)");
    }
    if source.contains("<image") {
        d.note("the pictures inside it");
    }
    // SVG's y runs down the page, PDF's up.
    d.out.extend_from_slice(b"1 0 0 -1 0 ");
    d.num(size.height());
    d.out.extend_from_slice(b" cm\n");
    d.group(tree.root(), 1.0);
    Ok(Decoded {
        drawn: Drawn::Vector {
            width: size.width(),
            height: size.height(),
            content: d.out,
        },
        left_out: d.left_out,
    })
}

struct Draw {
    out: Vec<u8>,
    left_out: Vec<&'static str>,
}

impl Draw {
    fn note(&mut self, what: &'static str) {
        if !self.left_out.contains(&what) {
            self.left_out.push(what);
        }
    }

    fn num(&mut self, v: f32) {
        crate::util::num(&mut self.out, v);
    }

    fn transform(&mut self, t: usvg::Transform) {
        if t.is_identity() {
            return;
        }
        for v in [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty] {
            self.num(v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(b"cm\n");
    }

    fn group(&mut self, g: &usvg::Group, opacity: f32) {
        let opacity = opacity * g.opacity().get();
        if g.mask().is_some() {
            self.note("its masks");
        }
        if !g.filters().is_empty() {
            self.note("its filters (blurs and shadows)");
        }
        self.out.extend_from_slice(b"q\n");
        self.transform(g.transform());
        if let Some(clip) = g.clip_path() {
            self.clip(clip);
        }
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => self.group(g, opacity),
                usvg::Node::Path(p) => self.path(p, opacity),
                usvg::Node::Image(_) => self.note("the pictures inside it"),
                usvg::Node::Text(_) => {
                    self.note("its text (turn the text into outlines, or use a PNG)")
                }
            }
        }
        self.out.extend_from_slice(b"Q\n");
    }

    /// Clips to the union of a clip path's shapes (a nested clip path's own clip aside).
    fn clip(&mut self, clip: &usvg::ClipPath) {
        if clip.clip_path().is_some() {
            self.note("clip paths within clip paths");
        }
        self.transform(clip.transform());
        let mut any = false;
        self.clip_shapes(clip.root(), usvg::Transform::identity(), &mut any);
        if any {
            self.out.extend_from_slice(b"W n\n");
        } else {
            // Nothing in the clip: nothing shows.
            self.out.extend_from_slice(b"0 0 m W n\n");
        }
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
                    self.point(p.x, p.y, b"m");
                    at = (p.x, p.y);
                }
                PathSegment::LineTo(p) => {
                    self.point(p.x, p.y, b"l");
                    at = (p.x, p.y);
                }
                PathSegment::QuadTo(c, p) => {
                    // A quadratic curve as the cubic that traces it.
                    let c1 = (
                        at.0 + 2.0 / 3.0 * (c.x - at.0),
                        at.1 + 2.0 / 3.0 * (c.y - at.1),
                    );
                    let c2 = (p.x + 2.0 / 3.0 * (c.x - p.x), p.y + 2.0 / 3.0 * (c.y - p.y));
                    self.curve(c1, c2, (p.x, p.y));
                    at = (p.x, p.y);
                }
                PathSegment::CubicTo(c1, c2, p) => {
                    self.curve((c1.x, c1.y), (c2.x, c2.y), (p.x, p.y));
                    at = (p.x, p.y);
                }
                PathSegment::Close => self.out.extend_from_slice(b"h\n"),
            }
        }
    }

    fn point(&mut self, x: f32, y: f32, op: &[u8]) {
        self.num(x);
        self.out.push(b' ');
        self.num(y);
        self.out.push(b' ');
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    fn curve(&mut self, a: (f32, f32), b: (f32, f32), c: (f32, f32)) {
        for v in [a.0, a.1, b.0, b.1, c.0, c.1] {
            self.num(v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(b"c\n");
    }

    /// A paint as one colour: a gradient's is the mean of its stops. Blended with white by
    /// its opacity, since the page is white and PDF/A's archival level has no transparency
    /// to spare for a signature.
    fn colour(&mut self, paint: &usvg::Paint, opacity: f32) -> [f32; 3] {
        let (rgb, stop_opacity) = match paint {
            usvg::Paint::Color(c) => ([c.red, c.green, c.blue].map(|v| f32::from(v) / 255.0), 1.0),
            usvg::Paint::LinearGradient(g) => {
                self.note("its gradients (each drawn in its mean colour)");
                mean(g.stops())
            }
            usvg::Paint::RadialGradient(g) => {
                self.note("its gradients (each drawn in its mean colour)");
                mean(g.stops())
            }
            usvg::Paint::Pattern(_) => {
                self.note("its patterns (drawn in grey)");
                ([0.5; 3], 1.0)
            }
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
        self.out.extend_from_slice(b"q\n");
        if let Some((rgb, _)) = fill {
            self.rgb(rgb, b"rg");
        }
        if let Some((rgb, s)) = stroke {
            self.rgb(rgb, b"RG");
            self.num(s.width().get());
            self.out.extend_from_slice(b" w ");
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
            let _ = std::io::Write::write_fmt(&mut self.out, format_args!("{cap} J {join} j "));
            self.num(s.miterlimit().get());
            self.out.extend_from_slice(b" M ");
            if let Some(dashes) = s.dasharray() {
                self.out.push(b'[');
                for &d in dashes {
                    self.num(d);
                    self.out.push(b' ');
                }
                self.out.extend_from_slice(b"] ");
                self.num(s.dashoffset());
                self.out.extend_from_slice(b" d");
            }
            self.out.push(b'\n');
        }
        self.segments(p.data());
        let even_odd = fill.is_some_and(|(_, rule)| rule == usvg::FillRule::EvenOdd);
        let stroke_first = p.paint_order() == usvg::PaintOrder::StrokeAndFill;
        let op: &[u8] = match (fill.is_some(), stroke.is_some()) {
            (true, true) if stroke_first => {
                // Stroke under the fill: drawn twice, the stroke first.
                self.out.extend_from_slice(b"S\n");
                self.segments(p.data());
                if even_odd { b"f*" } else { b"f" }
            }
            (true, true) => {
                if even_odd {
                    b"B*"
                } else {
                    b"B"
                }
            }
            (true, false) => {
                if even_odd {
                    b"f*"
                } else {
                    b"f"
                }
            }
            _ => b"S",
        };
        self.out.extend_from_slice(op);
        self.out.extend_from_slice(b"\nQ\n");
    }

    fn rgb(&mut self, rgb: [f32; 3], op: &[u8]) {
        for v in rgb {
            self.num(v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(op);
        self.out.push(b' ');
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
    use std::sync::Arc;

    fn data(kind: ImageKind, bytes: &[u8]) -> ImageData {
        ImageData {
            bytes: Arc::from(bytes),
            kind,
            width: 1,
            height: 1,
            file: std::path::PathBuf::new(),
        }
    }

    fn png_of(colour: png::ColorType, w: u32, h: u32, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(colour);
        e.set_depth(png::BitDepth::Eight);
        let mut writer = e.write_header().unwrap();
        writer.write_image_data(pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn alpha_is_composed_over_white() {
        // Opaque red, transparent, half-transparent black.
        let bytes = png_of(
            png::ColorType::Rgba,
            3,
            1,
            &[255, 0, 0, 255, 9, 9, 9, 0, 0, 0, 0, 128],
        );
        let d = decode(&data(ImageKind::Png, &bytes)).unwrap();
        assert_eq!(
            d.drawn,
            Drawn::Raster {
                width: 3,
                height: 1,
                colors: 3,
                samples: vec![255, 0, 0, 255, 255, 255, 127, 127, 127],
            }
        );
    }

    #[test]
    fn a_grey_png_stays_grey_and_a_palette_is_expanded() {
        let bytes = png_of(png::ColorType::Grayscale, 2, 1, &[0, 200]);
        let d = decode(&data(ImageKind::Png, &bytes)).unwrap();
        assert!(
            matches!(d.drawn, Drawn::Raster { colors: 1, ref samples, .. } if samples == &[0, 200])
        );
    }

    #[test]
    fn a_broken_png_is_an_error_not_a_panic() {
        let mut bytes = png_of(png::ColorType::Rgb, 2, 2, &[7; 12]);
        let n = bytes.len();
        bytes.truncate(n - 20);
        let e = decode(&data(ImageKind::Png, &bytes)).unwrap_err();
        assert!(e.starts_with("its pixels cannot be read"), "{e}");
        let e = decode(&data(ImageKind::Png, b"\x89PNG\r\n\x1a\nrubbish")).unwrap_err();
        assert!(e.starts_with("it is not a PNG that can be read"), "{e}");
    }

    #[test]
    fn an_svg_becomes_paths_in_its_own_colours() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
            <g transform="translate(10 5)"><rect width="20" height="10" fill="#ff0000"/></g>
            <path d="M0 0 Q 10 10 20 0" stroke="blue" stroke-width="2" fill="none" stroke-opacity="0.5"/>
            <text x="1" y="40">Hi</text></svg>"##;
        let d = decode(&data(ImageKind::Svg, svg)).unwrap();
        let Drawn::Vector {
            width,
            height,
            content,
        } = &d.drawn
        else {
            panic!("not a vector");
        };
        assert_eq!((*width, *height), (100.0, 50.0));
        let c = String::from_utf8(content.clone()).unwrap();
        assert!(c.starts_with("1 0 0 -1 0 50 cm\n"), "{c}");
        assert!(c.contains("1 0 0 1 10 5 cm"), "{c}");
        assert!(c.contains("1 0 0 rg"), "{c}");
        // Blue at half opacity, blended with white; the quadratic curve as a cubic.
        assert!(c.contains("0.5 0.5 1 RG 2 w 0 J 0 j"), "{c}");
        assert!(c.contains("6.667 6.667 13.333 6.667 20 0 c"), "{c}");
        assert_eq!(
            d.left_out,
            vec!["its text (turn the text into outlines, or use a PNG)"]
        );
    }

    #[test]
    fn an_svg_never_reads_another_file() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
            <image width="10" height="10" xlink:href="/etc/hostname"/>
            <image width="10" height="10" href="file:///etc/passwd"/></svg>"#;
        let d = decode(&data(ImageKind::Svg, svg)).unwrap();
        let Drawn::Vector { content, .. } = &d.drawn else {
            panic!("not a vector");
        };
        assert!(!String::from_utf8(content.clone()).unwrap().contains("Do"));
    }

    #[test]
    fn a_broken_svg_is_an_error() {
        let e = decode(&data(ImageKind::Svg, b"<svg xmlns=\"x\"><g></svg>")).unwrap_err();
        assert!(e.starts_with("it is not an SVG"), "{e}");
    }

    #[test]
    fn a_picture_is_made_once_a_run_and_the_memo_stays_small() {
        let memo: Memo<Vec<u8>> = Memo::new();
        let made = std::cell::Cell::new(0);
        let make = |n: usize| {
            made.set(made.get() + 1);
            Ok::<_, String>(vec![0u8; n])
        };
        let logo = data(ImageKind::Png, b"the logo");
        let a = memo.get_or_make(&logo, Vec::len, || make(10)).unwrap();
        // The same bytes read again for another letter: not made again.
        let again = data(ImageKind::Png, b"the logo");
        let b = memo.get_or_make(&again, Vec::len, || make(10)).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(made.get(), 1);
        // Other bytes, or the same bytes as another kind, are another picture.
        memo.get_or_make(&data(ImageKind::Png, b"the log0"), Vec::len, || make(10))
            .unwrap();
        memo.get_or_make(&data(ImageKind::Svg, b"the logo"), Vec::len, || make(10))
            .unwrap();
        assert_eq!(made.get(), 3);
        // Too large to keep: made each time.
        let big = data(ImageKind::Png, b"a large photograph");
        for _ in 0..2 {
            memo.get_or_make(&big, Vec::len, || make(MEMO_BYTES + 1))
                .unwrap();
        }
        assert_eq!(made.get(), 5);
        // A failure is not kept.
        let broken = data(ImageKind::Png, b"broken");
        assert!(
            memo.get_or_make(&broken, Vec::len, || Err::<Vec<u8>, _>("no"))
                .is_err()
        );
        assert!(memo.get_or_make(&broken, Vec::len, || make(1)).is_ok());
        // At most MEMO_PICTURES kept, the oldest going first.
        for i in 0..MEMO_PICTURES {
            let other = data(ImageKind::Png, format!("picture {i}").as_bytes());
            memo.get_or_make(&other, Vec::len, || make(1)).unwrap();
        }
        assert_eq!(memo.made.lock().unwrap().len(), MEMO_PICTURES);
        let before = made.get();
        memo.get_or_make(&logo, Vec::len, || make(10)).unwrap();
        assert_eq!(made.get(), before + 1, "the logo was the oldest, and went");
    }
}
