//! Writes laid-out pages as a tagged, accessible, archival PDF. With [`super::tree`],
//! [`super::pdfa`] and [`super::obj`] (the file's syntax), the only code that knows the PDF
//! format.
//!
//! Each page is drawn and written to the file as soon as it is reached: its text in the
//! subset fonts, rules, link annotations, marked content with an MCID for every piece of the
//! letter and `/Artifact` for footers and rules. Then the structure tree with its parent
//! tree, `/MarkInfo`, `/Lang`, `/ViewerPreferences /DisplayDocTitle`, the nested outline,
//! the XMP packet with the PDF/A-2 and PDF/UA-1 identifiers, the sRGB output intent
//! ([`super::pdfa`]) and the document information. Font names, dates and the document id are
//! all derived from the document, so the same letter gives the same bytes every time, in any
//! process, in any order. Memory grows with the letter's text and the file's bytes, never
//! with a model of the file: a page's drawing is freed once it is written.

use crate::util::{fnv, xml_escape};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;

use super::fonts::{Face, Fonts, Style};
use super::layout::{Artifact, BarInk, Ink, Laid, Page, Pt};
use super::meta::Meta;
use super::obj::{File, Id, n, name, num, text};
use super::{pdfa, tree};
use crate::picture::Drawn;

const LINK_BLUE: (f32, f32, f32) = (0.114, 0.31, 0.569);

/// One face as the file embeds it: the subset's own glyph numbers and its resource name.
struct Embedded {
    /// The subset program, read back: its character map gives the glyph each letter is
    /// drawn with.
    subset: Face,
    /// The Type0 font's object.
    id: Id,
}

fn resource(style: Style) -> String {
    format!("F{}", style.index() + 1)
}

/// Writes the PDF.
pub fn write(laid: &Laid, fonts: &Fonts, meta: &Meta) -> Result<Vec<u8>> {
    // Which characters each face draws.
    let mut used: BTreeMap<Style, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for t in &page.texts {
            used.entry(t.style).or_default().extend(t.text.chars());
        }
    }

    let mut f = File::new();
    let catalog = f.reserve();
    let pages_root = f.reserve();
    let resources = f.reserve();
    let mut embedded: BTreeMap<Style, Embedded> = BTreeMap::new();
    for (style, chars) in &used {
        embedded.insert(*style, embed(&mut f, fonts.face(*style), *style, chars)?);
    }
    let mut fonts_dict = String::from("<</Font <<");
    for (style, e) in &embedded {
        let _ = write!(fonts_dict, "/{} {} ", resource(*style), e.id.r());
    }
    fonts_dict.push_str(">>");
    let mut pictures = Vec::with_capacity(laid.pictures.len());
    for p in &laid.pictures {
        pictures.push(picture(&mut f, p)?);
    }
    if !pictures.is_empty() {
        fonts_dict.push_str(" /XObject <<");
        for (i, (id, _)) in pictures.iter().enumerate() {
            let _ = write!(fonts_dict, "/Im{} {} ", i + 1, id.r());
        }
        fonts_dict.push_str(">>");
    }
    fonts_dict.push_str(">>");
    f.object(resources, fonts_dict.as_bytes());

    let first_page = f.reserve_many(laid.pages.len());
    let page_id = |p: usize| Id(first_page.0 + p as u32);
    let elements = tree::Elements::reserve(&mut f, laid.nodes.len());

    // Each page drawn, written and forgotten; what the structure tree needs of it kept.
    let mut marks = tree::Marked::new(laid.pages.len());
    let mut kids = Vec::new();
    for (p, page) in laid.pages.iter().enumerate() {
        let (content, mcids, figure_mcids) = page_content(page, laid, fonts, &embedded, &pictures);
        let content_id = f.reserve();
        f.stream(content_id, "", &content, true)?;
        drop(content);
        let annots = annotations(&mut f, laid, page, page_id(p), &page_id, &mut marks);
        let mut dict = format!(
            "<</Type /Page /Parent {} /MediaBox [0 0 {} {}] /Resources {} /Contents {} /StructParents {p} /Tabs /S",
            pages_root.r(),
            n(laid.size[0].0),
            n(laid.size[1].0),
            resources.r(),
            content_id.r(),
        );
        if !annots.is_empty() {
            dict.push_str(" /Annots [");
            for a in &annots {
                let _ = write!(dict, "{} ", a.r());
            }
            dict.push(']');
        }
        dict.push_str(">>");
        f.object(page_id(p), dict.as_bytes());
        marks.page(p, &mcids, figure_mcids, page, annots);
        kids.push(page_id(p));
    }

    let mut pages = format!("<</Type /Pages /Count {} /Kids [", kids.len());
    for k in &kids {
        let _ = write!(pages, "{} ", k.r());
    }
    pages.push_str("]>>");
    f.object(pages_root, pages.as_bytes());

    let tree_id = tree::structure(&mut f, laid, &marks, page_id, &elements, meta);
    let outline_id = outline(&mut f, laid, page_id);
    let (xmp_id, info_id) = metadata(&mut f, laid, meta)?;
    let intents = pdfa::output_intents(&mut f)?;

    let mut cat = format!(
        "<</Type /Catalog /Pages {} /Lang {} /MarkInfo <</Marked true>> /ViewerPreferences <</DisplayDocTitle true>> /StructTreeRoot {} /Metadata {} /OutputIntents {intents}",
        pages_root.r(),
        text(&meta.lang),
        tree_id.r(),
        xmp_id.r(),
    );
    match outline_id {
        Some(id) => {
            let _ = write!(cat, " /Outlines {} /PageMode /UseOutlines", id.r());
        }
        None => cat.push_str(" /PageMode /UseNone"),
    }
    cat.push_str(">>");
    f.object(catalog, cat.as_bytes());

    // An id from the content, the same for the same letter.
    let id = f.digest();
    let trailer = format!(
        " /Root {} /Info {} /ID [<{id}> <{id}>]",
        catalog.r(),
        info_id.r()
    );
    Ok(f.finish(&trailer))
}

/// Embeds a face's subset for `chars`: the program, its descriptor, its widths by glyph and
/// the map from glyphs back to text (ToUnicode), as a Type0 font with Identity-H encoding.
fn embed(f: &mut File, face: &Face, style: Style, chars: &BTreeSet<char>) -> Result<Embedded> {
    let program = face.subset(chars)?;
    let length = program.len();
    let subset = Face::parse(Cow::Owned(program), &face.name)?;
    let key: String = chars.iter().collect();
    let base = format!(
        "{}+{}",
        subset_tag(fnv(style.index() as u64, key.as_bytes())),
        face.name
    );
    let program_id = f.reserve();
    f.stream(
        program_id,
        &format!(" /Length1 {length}"),
        &subset.bytes,
        true,
    )?;

    // Metrics in thousandths of an em, as PDF gives them.
    let k = 1000.0 / f32::from(face.units_per_em);
    let scaled = |v: i16| (f32::from(v) * k).round() as i64;
    const NONSYMBOLIC: u32 = 1 << 5;
    const ITALIC: u32 = 1 << 6;
    let flags = NONSYMBOLIC | if face.italic_angle != 0.0 { ITALIC } else { 0 };
    // No table gives the stem width: estimated from the weight, as producers do.
    let stem = 50 + (f32::from(face.weight) / 65.0).powi(2).round() as i64;
    let descriptor = f.reserve();
    let [x0, y0, x1, y1] = face.bbox;
    f.object(
        descriptor,
        format!(
            "<</Type /FontDescriptor /FontName {} /Flags {flags} /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {stem} /FontFile2 {}>>",
            name(&base),
            scaled(x0),
            scaled(y0),
            scaled(x1),
            scaled(y1),
            n(face.italic_angle),
            scaled(face.ascender),
            scaled(face.descender),
            scaled(face.cap_height),
            program_id.r()
        )
        .as_bytes(),
    );

    let mut widths = String::from("[0 [");
    let sk = 1000.0 / f32::from(subset.units_per_em);
    for g in 0..subset.glyph_count() {
        let w = (f32::from(subset.advance(g as u16)) * sk).round() as i64;
        let _ = write!(widths, "{w} ");
    }
    widths.push_str("]]");

    let mut map: Vec<(u16, char)> = chars
        .iter()
        .filter_map(|&c| subset.glyph(c).map(|g| (g, c)))
        .collect();
    map.sort_unstable();
    map.dedup_by_key(|(g, _)| *g);
    let to_unicode = f.reserve();
    f.stream(to_unicode, "", to_unicode_cmap(&map).as_bytes(), true)?;

    let cid = f.reserve();
    f.object(
        cid,
        format!(
            "<</Type /Font /Subtype /CIDFontType2 /BaseFont {} /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor {} /DW 1000 /W {widths} /CIDToGIDMap /Identity>>",
            name(&base),
            descriptor.r()
        )
        .as_bytes(),
    );
    let id = f.reserve();
    f.object(
        id,
        format!(
            "<</Type /Font /Subtype /Type0 /BaseFont {} /Encoding /Identity-H /DescendantFonts [{}] /ToUnicode {}>>",
            name(&base),
            cid.r(),
            to_unicode.r()
        )
        .as_bytes(),
    );
    Ok(Embedded { subset, id })
}

/// The CMap that maps each glyph of a subset back to its character, so text can be copied,
/// searched and read aloud.
fn to_unicode_cmap(map: &[(u16, char)]) -> String {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries to a block (ISO 32000-1, 9.10.3).
    for block in map.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for (g, c) in block {
            let mut units = [0u16; 2];
            let _ = write!(s, "<{g:04X}> <");
            for u in c.encode_utf16(&mut units) {
                let _ = write!(s, "{u:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// A picture as an XObject: an image of its pixels, or a form of its shapes. Returns its
/// object and the size of the box it is drawn in (1 × 1 for an image, the SVG's own for a
/// form), which the page scales to the figure.
fn picture(f: &mut File, p: &super::layout::Picture) -> Result<(Id, [f32; 2])> {
    static MADE: crate::picture::Memo<PictureObject> = crate::picture::Memo::new();
    let e = MADE.get_or_make(&p.data, |e| e.data.len(), || xobject(p))?;
    let id = f.reserve();
    if e.packed {
        f.packed_stream(id, &e.entries, &e.data);
    } else {
        f.stream(id, &e.entries, &e.data, false)?;
    }
    Ok((id, e.size))
}

/// A picture's XObject as every PDF that shows it holds it: its dictionary's entries, its
/// stream (deflated when that makes it smaller) and the size of its box.
struct PictureObject {
    entries: String,
    data: Vec<u8>,
    packed: bool,
    size: [f32; 2],
}

/// Makes a picture's XObject, once a run for each picture (see [`crate::picture::Memo`]).
fn xobject(p: &super::layout::Picture) -> Result<PictureObject> {
    let decoded = crate::picture::decode(&p.data)
        .map_err(|e| anyhow::anyhow!("the picture \"{}\" cannot be drawn: {e}", p.alt))?;
    let drawing: Vec<u8>;
    let (entries, raw, size) = match &decoded.drawn {
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
            (
                format!(
                    " /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /{space} /BitsPerComponent 8"
                ),
                samples,
                [1.0, 1.0],
            )
        }
        Drawn::Vector { .. } => {
            let (width, height, content) = super::picture::draw_svg(&p.data.bytes)
                .map_err(|e| anyhow::anyhow!("the picture \"{}\" cannot be drawn: {e}", p.alt))?;
            drawing = content;
            (
                format!(
                    " /Type /XObject /Subtype /Form /BBox [0 0 {} {}] /Resources <<>>",
                    n(width),
                    n(height)
                ),
                &drawing,
                [width.max(f32::MIN_POSITIVE), height.max(f32::MIN_POSITIVE)],
            )
        }
    };
    let (data, packed) = super::obj::pack(raw)?;
    Ok(PictureObject {
        entries,
        data,
        packed,
        size,
    })
}

/// A page's drawing: its pictures, each in a Figure's marked content, and bars; then one
/// text object with each text in its marked content (an MCID for the letter, `/Artifact`
/// for the rest). Returns the content stream, each text's MCID and each figure's.
fn page_content(
    page: &Page,
    laid: &Laid,
    fonts: &Fonts,
    embedded: &BTreeMap<Style, Embedded>,
    pictures: &[(Id, [f32; 2])],
) -> (Vec<u8>, Vec<Option<u32>>, Vec<u32>) {
    let mut out: Vec<u8> = Vec::with_capacity(page.texts.len() * 64 + page.bars.len() * 64);
    let mut mcids = Vec::with_capacity(page.texts.len());
    let mut next = 0u32;
    let mut figures = Vec::with_capacity(page.figures.len());
    for fig in &page.figures {
        let [bw, bh] = pictures.get(fig.picture).map_or([1.0, 1.0], |p| p.1);
        let _ = write!(out, "/Figure <</MCID {next}>> BDC q ");
        figures.push(next);
        next += 1;
        for v in [fig.w.0 / bw, 0.0, 0.0, fig.h.0 / bh, fig.x.0, fig.y.0] {
            num(&mut out, v);
            out.push(b' ');
        }
        let _ = writeln!(out, "cm /Im{} Do Q EMC", fig.picture + 1);
    }
    for bar in &page.bars {
        artifact(&mut out, bar.artifact);
        match bar.ink {
            BarInk::Grey(g) => grey(&mut out, g),
            BarInk::Link => rgb(&mut out, LINK_BLUE),
        }
        for v in [bar.x, bar.y, bar.w, bar.h] {
            num(&mut out, v.0);
            out.push(b' ');
        }
        out.extend_from_slice(b"re f EMC\n");
    }
    // One text object per page; the font and colour are set only when they change.
    out.extend_from_slice(b"BT\n");
    let mut font: Option<(Style, f32)> = None;
    let mut ink: Option<Ink> = None;
    for t in &page.texts {
        match t.node {
            Some(node) => {
                out.extend_from_slice(name(laid.nodes[node].kind.name()).as_bytes());
                let _ = write!(out, " <</MCID {next}>> BDC ");
                mcids.push(Some(next));
                next += 1;
            }
            None => {
                artifact(&mut out, t.artifact);
                mcids.push(None);
            }
        }
        if font != Some((t.style, t.size.0)) {
            font = Some((t.style, t.size.0));
            let _ = write!(out, "/{} ", resource(t.style));
            num(&mut out, t.size.0);
            out.extend_from_slice(b" Tf ");
        }
        if ink != Some(t.ink) {
            ink = Some(t.ink);
            match t.ink {
                Ink::Text => grey(&mut out, 0.0),
                Ink::Link => rgb(&mut out, LINK_BLUE),
                Ink::Muted => grey(&mut out, 0.33),
            }
        }
        out.extend_from_slice(b"1 0 0 1 ");
        num(&mut out, t.x.0);
        out.push(b' ');
        num(&mut out, t.y.0);
        out.extend_from_slice(b" Tm ");
        if let Some(e) = embedded.get(&t.style) {
            shown(&mut out, &t.text, fonts.face(t.style), &e.subset);
        }
        out.extend_from_slice(b" EMC\n");
    }
    out.extend_from_slice(b"ET\n");
    (out, mcids, figures)
}

/// The text as a `TJ` array of the subset's glyphs, with the font's kerning between pairs of
/// letters: the same widths layout measured. A letter the font lacks is its missing glyph.
fn shown(out: &mut Vec<u8>, text: &str, face: &Face, subset: &Face) {
    let em = f32::from(face.units_per_em);
    out.extend_from_slice(b"[<");
    let mut prev: Option<u16> = None;
    for c in text.chars() {
        let g = face.glyph(c).unwrap_or(0);
        if let Some(p) = prev {
            let k = face.kern(p, g);
            if k != 0 {
                out.extend_from_slice(b"> ");
                num(out, -f32::from(k) * 1000.0 / em);
                out.extend_from_slice(b" <");
            }
        }
        let _ = write!(out, "{:04X}", subset.glyph(c).unwrap_or(0));
        prev = Some(g);
    }
    out.extend_from_slice(b">] TJ");
}

fn grey(out: &mut Vec<u8>, g: f32) {
    num(out, g);
    out.extend_from_slice(b" g ");
}

fn rgb(out: &mut Vec<u8>, (r, g, b): (f32, f32, f32)) {
    for v in [r, g, b] {
        num(out, v);
        out.push(b' ');
    }
    out.extend_from_slice(b"rg ");
}

fn artifact(out: &mut Vec<u8>, kind: Artifact) {
    out.extend_from_slice(match kind {
        Artifact::Layout => b"/Artifact <</Type /Layout>> BDC ".as_slice(),
        Artifact::Footer => b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC ".as_slice(),
    });
}

/// One link annotation per link and page, tied into the structure tree: its rectangle
/// bounds every line it covers, and QuadPoints give each line's box, so a link that wraps is
/// one tab stop whose /Contents names the whole address. Returns the page's annotations.
fn annotations(
    f: &mut File,
    laid: &Laid,
    page: &Page,
    page_id: Id,
    pages: &impl Fn(usize) -> Id,
    marks: &mut tree::Marked,
) -> Vec<Id> {
    let mut ids = Vec::with_capacity(page.links.len());
    for link in &page.links {
        let Some(first) = link.rects.first() else {
            continue;
        };
        let bounds = link.rects.iter().fold(*first, |b, r| {
            [
                Pt(b[0].0.min(r[0].0)),
                Pt(b[1].0.min(r[1].0)),
                b[2].max(r[2]),
                b[3].max(r[3]),
            ]
        });
        let mut quads = String::new();
        // Each line's box, counter-clockwise from its lower left corner.
        for r in &link.rects {
            for p in [r[0], r[1], r[2], r[1], r[2], r[3], r[0], r[3]] {
                let _ = write!(quads, "{} ", n(p.0));
            }
        }
        let words = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let contents = if words == link.url || words.is_empty() {
            link.url.clone()
        } else {
            format!("{words} ({})", link.url)
        };
        let key = marks.link(link.node);
        let id = f.reserve();
        // A place in the letter (a footnote and its reference) is a destination; an address
        // a URI action.
        let (goes, contents) = match link.url.strip_prefix('#') {
            Some(place) => {
                let (p, y) = laid.places.get(place).copied().unwrap_or((0, laid.size[1]));
                (
                    format!("/Dest [{} /XYZ null {} null]", pages(p).r(), n(y.0 + 2.0)),
                    words,
                )
            }
            None => (
                format!(
                    "/A <</Type /Action /S /URI /URI {}>>",
                    super::obj::literal(link.url.as_bytes())
                ),
                contents,
            ),
        };
        // Printable (/F 4), as PDF/A asks of every annotation; no border.
        f.object(
            id,
            format!(
                "<</Type /Annot /Subtype /Link /Rect [{} {} {} {}] /QuadPoints [{quads}] /Border [0 0 0] {goes} /Contents {} /F 4 /P {} /StructParent {key}>>",
                n(bounds[0].0),
                n(bounds[1].0),
                n(bounds[2].0),
                n(bounds[3].0),
                text(&contents),
                page_id.r(),
            )
            .as_bytes(),
        );
        ids.push(id);
    }
    ids
}

/// The XMP packet and the document information dictionary, saying the same things.
fn metadata(f: &mut File, laid: &Laid, meta: &Meta) -> Result<(Id, Id)> {
    // Every language the document is in: its own, then each passage's, once.
    let mut languages = vec![meta.lang.clone()];
    for lang in laid.nodes.iter().filter_map(|n| n.lang.as_ref()) {
        if !languages.contains(lang) {
            languages.push(lang.clone());
        }
    }
    // A missing glyph is drawn as `.notdef`, which PDF/A-2 (6.2.11.8) and PDF/UA-1 (7.21.8)
    // both forbid: such a file (already a warning) must not claim either standard.
    let xmp = xmp_packet(meta, &languages, laid.missing.is_empty());
    let xmp_id = f.reserve();
    // Uncompressed, so any reader finds it (ISO 19005-2, 6.6.2.1).
    f.stream(
        xmp_id,
        " /Type /Metadata /Subtype /XML",
        xmp.as_bytes(),
        false,
    )?;
    let dates = pdf_dates(meta.date);
    let info_id = f.reserve();
    f.object(
        info_id,
        format!(
            "<</Title {} /Author {} /Subject {} /Keywords {} /Creator {} /Producer {}{dates}>>",
            text(&meta.title),
            text(&meta.author),
            text(&meta.subject),
            text(&meta.keywords.join(", ")),
            text(&meta.creator),
            text(&meta.creator),
        )
        .as_bytes(),
    );
    Ok((xmp_id, info_id))
}

/// Builds the outline from the headings below the title: level 2 at the top, deeper levels
/// nested under the heading before them.
fn outline(f: &mut File, laid: &Laid, page_id: impl Fn(usize) -> Id) -> Option<Id> {
    let marks: Vec<_> = laid.marks.iter().filter(|m| m.level >= 2).collect();
    if marks.is_empty() || laid.pages.is_empty() {
        return None;
    }
    let root = f.reserve();
    let first = f.reserve_many(marks.len());
    let id = |i: usize| Id(first.0 + i as u32);
    // Each entry's parent: the nearest earlier entry of a lower level, or the root; found
    // with a stack of the open entries, so each entry is looked at once.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut open: Vec<usize> = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); marks.len()];
    let mut top: Vec<usize> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        while open.last().is_some_and(|&j| marks[j].level >= m.level) {
            open.pop();
        }
        let parent = open.last().copied();
        match parent {
            Some(p) => children[p].push(i),
            None => top.push(i),
        }
        parents.push(parent);
        open.push(i);
    }
    let siblings = |i: usize| -> &Vec<usize> {
        match parents[i] {
            Some(p) => &children[p],
            None => &top,
        }
    };
    // Each entry's place among its siblings.
    let mut place = vec![0usize; marks.len()];
    for list in children.iter().chain(std::iter::once(&top)) {
        for (k, &i) in list.iter().enumerate() {
            place[i] = k;
        }
    }
    for (i, m) in marks.iter().enumerate() {
        let mut d = format!(
            "<</Title {} /Parent {} /Dest [{} /XYZ null {} null]",
            text(&m.title),
            parents[i].map_or(root, id).r(),
            page_id(m.page.min(laid.pages.len() - 1)).r(),
            n(m.y.0 + 4.0)
        );
        let kids = &children[i];
        if let (Some(&a), Some(&b)) = (kids.first(), kids.last()) {
            let _ = write!(
                d,
                " /First {} /Last {} /Count {}",
                id(a).r(),
                id(b).r(),
                kids.len()
            );
        }
        let sib = siblings(i);
        let k = place[i];
        if k > 0 {
            let _ = write!(d, " /Prev {}", id(sib[k - 1]).r());
        }
        if let Some(&next) = sib.get(k + 1) {
            let _ = write!(d, " /Next {}", id(next).r());
        }
        d.push_str(">>");
        f.object(id(i), d.as_bytes());
    }
    let mut r = String::from("<</Type /Outlines");
    if let (Some(&a), Some(&b)) = (top.first(), top.last()) {
        let _ = write!(
            r,
            " /First {} /Last {} /Count {}",
            id(a).r(),
            id(b).r(),
            top.len()
        );
    }
    r.push_str(">>");
    f.object(root, r.as_bytes());
    Some(root)
}

/// Six capital letters from a hash: the subset tag of a font name.
fn subset_tag(mut h: u64) -> String {
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// The document information's creation and modification dates, or nothing for a document
/// without a date: never a date the letter does not have.
fn pdf_dates(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| {
        let date = text(&format!(
            "D:{:04}{:02}{:02}000000Z",
            d.year(),
            d.month(),
            d.day()
        ));
        format!(" /CreationDate {date} /ModDate {date}")
    })
    .unwrap_or_default()
}

/// The XMP's dates, the same as the information's, or nothing.
fn xmp_dates(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| {
        let date = format!("{d}T00:00:00Z");
        format!(
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        )
    })
    .unwrap_or_default()
}

/// The XMP packet: Dublin Core title, author, subject and languages, the dates, and (when
/// the file `conforms`) the PDF/A-2 and PDF/UA-1 identifiers. Each property says what the information dictionary
/// says, in the same words and the same dates (PDF/A asks that they agree).
fn xmp_packet(meta: &Meta, languages: &[String], conforms: bool) -> String {
    let dates = xmp_dates(meta.date);
    let languages: String = languages
        .iter()
        .map(|l| format!("<rdf:li>{}</rdf:li>", xml_escape(l)))
        .collect();
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{creator}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
{dates}</rdf:Description>
{identification}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = xml_escape(&meta.title),
        author = xml_escape(&meta.author),
        subject = xml_escape(&meta.subject),
        keywords = xml_escape(&meta.keywords.join(", ")),
        creator = xml_escape(&meta.creator),
        identification = if conforms {
            pdfa::xmp_identification()
        } else {
            String::new()
        },
        // The byte order mark XMP asks for in `begin`, which says the packet is UTF-8.
        bom = '\u{feff}',
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals() {
        let t = subset_tag(fnv(0, b"abc"));
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag(fnv(0, b"abc")));
    }

    #[test]
    fn the_cmap_maps_glyphs_back_to_letters() {
        let cmap = to_unicode_cmap(&[(1, 'G'), (2, 'ŵ')]);
        assert!(cmap.contains("2 beginbfchar\n<0001> <0047>\n<0002> <0175>\nendbfchar"));
    }
}
