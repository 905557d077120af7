//! A PNG of an SVG picture, for the Word document: Word before 2016, and other office suites,
//! show a picture's PNG; Word 2016 and later the SVG beside it (`asvg:svgBlip`). Drawn by
//! resvg from usvg's reading of the SVG (the reading the PDF's shapes come from), at twice
//! the size the page shows it, so that it stays sharp when printed.

use anyhow::{Result, anyhow};

/// How many pixels of the PNG to one CSS pixel of the picture on the page.
const SCALE: u32 = 2;

/// The PNG of an SVG shown `width` × `height` CSS pixels. Nothing outside the file is read.
pub fn png_of_svg(svg: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(svg, &options)
        .map_err(|e| anyhow!("the SVG picture cannot be read ({e})"))?;
    let (w, h) = (width.max(1) * SCALE, height.max(1) * SCALE);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| anyhow!("the SVG picture is too large to draw ({w} × {h} pixels)"))?;
    let size = tree.size();
    let transform =
        resvg::tiny_skia::Transform::from_scale(w as f32 / size.width(), h as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // tiny-skia's own PNG writer: its pixels are kept premultiplied by their alpha, and it
    // writes them straight, as a PNG holds them.
    pixmap
        .encode_png()
        .map_err(|e| anyhow!("the PNG of the SVG picture cannot be written ({e})"))
}
