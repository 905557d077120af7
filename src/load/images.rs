//! The pictures a response names (the office's logo, the signature), read from the office's
//! folder when the response is checked, so that rendering needs no files.
//!
//! A picture must be a PNG or an SVG inside the office's folder (the folder of s55.yaml, or of
//! the response when there is none): a path that leaves it, through `..`, an absolute path or
//! a link, is refused, as is a file larger than [`MAX_IMAGE_BYTES`].

use std::collections::HashMap;
use std::path::{Component, Path};
use std::sync::Arc;

use crate::diag::{Diagnostic, FieldPath};
use crate::model::{Editions, Image, ImageData, ImageKind};

/// The largest picture s55 reads: a logo or a signature is a few tens of kilobytes.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// Reads every picture the editions name, from `base`; returns the problems, each at its
/// field.
pub fn attach(editions: &mut Editions, base: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut read: HashMap<String, Result<Read, String>> = HashMap::new();
    for doc in editions.iter_mut() {
        let fields: [(FieldPath, Option<&mut Image>); 2] = [
            (
                FieldPath::root().key("body").key("logo"),
                doc.body.logo.as_mut(),
            ),
            (
                FieldPath::root().key("signature").key("image"),
                doc.signature.as_mut().and_then(|s| s.image.as_mut()),
            ),
        ];
        for (at, image) in fields {
            let Some(image) = image else { continue };
            if image.alt.trim().is_empty() {
                let d = Diagnostic::error("the picture has no text for readers who cannot see it")
                    .at(at.key("alt"))
                    .hint("say in `alt:` what it shows, such as \"The office's logo\" or \"Signed by Jane Doe\"");
                if !found.contains(&d) {
                    found.push(d);
                }
            }
            let data = read
                .entry(image.file.clone())
                .or_insert_with(|| load(base, &image.file));
            match data {
                Ok(r) => {
                    image.data = Some(r.data.clone());
                    if !r.left_out.is_empty() {
                        let d = Diagnostic::warning(format!(
                            "the PDF leaves out {} of the picture `{}`",
                            crate::util::and_list(&r.left_out),
                            image.file
                        ))
                        .at(at.key("file"))
                        .hint("the web page and the Word document show the picture whole; for the PDF, draw it without these, or give a PNG");
                        if !found.contains(&d) {
                            found.push(d);
                        }
                    }
                }
                Err(e) => {
                    let d = Diagnostic::error(e.clone()).at(at.key("file")).hint(format!(
                        "give a PNG or an SVG of at most {} MB in `{}`, its path relative to that folder",
                        MAX_IMAGE_BYTES / (1024 * 1024),
                        base.display()
                    ));
                    if !found.contains(&d) {
                        found.push(d);
                    }
                }
            }
        }
    }
    found
}

/// A picture read, and what of it the PDF cannot show.
struct Read {
    data: ImageData,
    left_out: Vec<&'static str>,
}

/// Reads one picture, and decodes it as the PDF will, so that a picture the PDF cannot draw
/// is refused here, at its field, rather than when the PDF is written.
fn load(base: &Path, file: &str) -> Result<Read, String> {
    let rel = Path::new(file);
    let escapes = rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if file.trim().is_empty() || escapes {
        return Err(format!(
            "the picture `{file}` is not a file in the office's folder"
        ));
    }
    let path = base.join(rel);
    // A link may lead out of the folder: the file's real place must be inside it.
    let (real, inside) = match (path.canonicalize(), base.canonicalize()) {
        (Ok(p), Ok(b)) => {
            let inside = p.starts_with(&b);
            (Some(p), inside)
        }
        (Err(e), _) => return Err(format!("cannot read the picture `{file}`: {e}")),
        (_, Err(e)) => return Err(format!("cannot read the office's folder: {e}")),
    };
    if !inside {
        return Err(format!(
            "the picture `{file}` is a link to a file outside the office's folder"
        ));
    }
    let bytes = crate::fs::read_limited(&path, MAX_IMAGE_BYTES)
        .map_err(|e| format!("cannot read the picture `{file}`: {e}"))?;
    let (kind, width, height) =
        sniff(&bytes).ok_or_else(|| format!("the picture `{file}` is not a PNG or an SVG"))?;
    let data = ImageData {
        bytes: Arc::from(bytes),
        kind,
        width,
        height,
        file: real.unwrap_or(path),
    };
    let decoded = crate::picture::decode(&data)
        .map_err(|e| format!("the picture `{file}` cannot be drawn: {e}"))?;
    Ok(Read {
        data,
        left_out: decoded.left_out.clone(),
    })
}

/// What the bytes are, and their size in pixels.
pub fn sniff(bytes: &[u8]) -> Option<(ImageKind, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return (w > 0 && h > 0).then_some((ImageKind::Png, w, h));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let head = &text[start..];
    let tag = &head[..head.find('>')?];
    let number = |name: &str| -> Option<f64> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let v = &tag[at..];
        let v = &v[..v.find('"')?];
        let digits: String = v
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse().ok()
    };
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let at = tag.find(" viewBox=\"")? + 10;
            let v = &tag[at..];
            let v: Vec<f64> = v[..v.find('"')?]
                .split([' ', ','])
                .filter_map(|n| n.parse().ok())
                .collect();
            (*v.get(2)?, *v.get(3)?)
        }
    };
    let px = |v: f64| (v.round() as u32).clamp(1, 10_000);
    Some((ImageKind::Svg, px(w), px(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_told_by_their_bytes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&120u32.to_be_bytes());
        assert_eq!(sniff(&png), Some((ImageKind::Png, 300, 120)));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"x\" width=\"240\" height=\"80\">"),
            Some((ImageKind::Svg, 240, 80))
        );
        assert_eq!(
            sniff(b"<svg viewBox=\"0 0 400 100\"><rect/></svg>"),
            Some((ImageKind::Svg, 400, 100))
        );
        assert_eq!(sniff(b"GIF89a"), None);
    }
}
