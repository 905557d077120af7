//! The office's pictures (its logo, the commissioner's signature), read and checked: a PNG's
//! pixels, flattened onto the white of the page, or an SVG's shapes as usvg reads them, with
//! what of it the letter cannot show. The loader decodes each picture once when it reads it,
//! so that a picture that cannot be drawn is an error at its field, with the file named,
//! before anything is written; the PDF writer draws it (`render::pdf::write::picture`, the PDF's
//! path operators) from what is read here.
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

/// A picture read: its pixels, or an SVG's size.
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
    /// Shapes: an SVG that reads, `width` × `height` user units, which the writer draws from
    /// its bytes ([`read_svg`]).
    Vector {
        /// Width in the SVG's user units.
        width: f32,
        /// Height in the SVG's user units.
        height: f32,
    },
}

/// A picture decoded, and what of it the letter does not show.
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
            Drawn::Vector { .. } => 0,
        }
    }
}

/// Decodes a picture: once a run for each picture, however many letters show it
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

/// An SVG read with usvg (its styles, transforms and units resolved), never following a
/// reference to another file: a reference to an image is left out.
pub fn read_svg(bytes: &[u8]) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_data(bytes, &options).map_err(|e| format!("it is not an SVG ({e})"))
}

/// An SVG read, its size, and what of it the letter leaves out or approximates.
fn svg(bytes: &[u8]) -> Result<Decoded, String> {
    let tree = read_svg(bytes)?;
    let size = tree.size();
    let mut left_out = Vec::new();
    // usvg drops what it cannot resolve without a word: say so of text and pictures.
    let source = std::str::from_utf8(bytes).unwrap_or_default();
    if source.contains("<text") {
        note(&mut left_out, TEXT);
    }
    if source.contains("<image") {
        note(&mut left_out, PICTURES);
    }
    survey(tree.root(), &mut left_out);
    Ok(Decoded {
        drawn: Drawn::Vector {
            width: size.width(),
            height: size.height(),
        },
        left_out,
    })
}

/// What the letter says it leaves out of an SVG's text.
const TEXT: &str = "its text (turn the text into outlines, or use a PNG)";
/// ... of the pictures inside an SVG.
const PICTURES: &str = "the pictures inside it";

/// Adds what is left out, once.
fn note(left_out: &mut Vec<&'static str>, what: &'static str) {
    if !left_out.contains(&what) {
        left_out.push(what);
    }
}

/// What the drawing leaves out of a group, in the order the drawing meets it: masks,
/// filters, clip paths within clip paths, pictures and text, and the paints it reduces to
/// one colour (a gradient's mean, a pattern's grey). Only visible shapes are painted.
fn survey(g: &usvg::Group, left_out: &mut Vec<&'static str>) {
    if g.mask().is_some() {
        note(left_out, "its masks");
    }
    if !g.filters().is_empty() {
        note(left_out, "its filters (blurs and shadows)");
    }
    if g.clip_path().is_some_and(|c| c.clip_path().is_some()) {
        note(left_out, "clip paths within clip paths");
    }
    for node in g.children() {
        match node {
            usvg::Node::Group(g) => survey(g, left_out),
            usvg::Node::Path(p) if p.is_visible() => {
                let fill = p.fill().map(|f| f.paint());
                let stroke = p.stroke().map(|s| s.paint());
                for paint in fill.into_iter().chain(stroke) {
                    match paint {
                        usvg::Paint::Color(_) => {}
                        usvg::Paint::LinearGradient(_) | usvg::Paint::RadialGradient(_) => {
                            note(left_out, "its gradients (each drawn in its mean colour)")
                        }
                        usvg::Paint::Pattern(_) => note(left_out, "its patterns (drawn in grey)"),
                    }
                }
            }
            usvg::Node::Path(_) => {}
            usvg::Node::Image(_) => note(left_out, PICTURES),
            usvg::Node::Text(_) => note(left_out, TEXT),
        }
    }
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
    fn an_svg_says_what_it_leaves_out() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
            <defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></linearGradient></defs>
            <rect width="20" height="10" fill="url(#g)"/>
            <text x="1" y="40">Hi</text></svg>"##;
        let d = decode(&data(ImageKind::Svg, svg)).unwrap();
        assert_eq!(
            d.drawn,
            Drawn::Vector {
                width: 100.0,
                height: 50.0
            }
        );
        assert_eq!(
            d.left_out,
            vec![
                "its text (turn the text into outlines, or use a PNG)",
                "its gradients (each drawn in its mean colour)"
            ]
        );
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
