//! Writes laid-out pages as a tagged, accessible, archival PDF: the only module that touches
//! the PDF libraries, with its parts [`draw`] (printpdf's operators for each page),
//! [`tree`] (the structure tree), [`pdfa`] (what PDF/A adds) and [`picture`] (an SVG's
//! shapes as a drawing, a picture as an XObject).
//!
//! printpdf draws the document: each page's operators (text in the embedded subset fonts,
//! rules, pictures as XObjects, marked content with an MCID for every piece of the letter and
//! `/Artifact` for footers and rules), its link annotations, the fonts' dictionaries and the
//! document information. What printpdf does not model, s55 adds to the document printpdf
//! hands over: the structure tree with its parent tree, `/MarkInfo`, `/Lang`,
//! `/ViewerPreferences /DisplayDocTitle`, the nested outline, the annotations' ties to the
//! structure tree, the XMP packet with the PDF/A-2 and PDF/UA-1 identifiers and the sRGB
//! output intent. Font names, dates and the document id all come from the document, so the
//! same letter gives the same bytes every time, in any process, in any order.
//!
//! A long document's pages are drawn in runs ([`draw::runs`]), so only a run's operators
//! are held at once; its structure tree and links are held until the file is saved, which
//! [`MAX_PAGES`] bounds, far beyond any letter.

use crate::util::fnv;
use std::collections::BTreeSet;

use anyhow::{Result, anyhow, bail};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{FontId, ParsedFont, PdfDocument, PdfDocumentInfo, XObject, XObjectId};

use super::fonts::{Face, Fonts, Style};
use super::layout::{Laid, Page};
use super::meta::Meta;

pub mod draw;
pub mod pdfa;
pub mod picture;
pub mod tree;

/// The most pages a PDF may have: a letter has a handful, the longest response seen some
/// thirty. The structure tree and the links of every page are held until the file is saved,
/// so a document of tens of thousands of pages (only ever made on purpose) is refused with a
/// clear error rather than filling the memory.
pub const MAX_PAGES: usize = 2_000;

/// The most tagged parts (structure elements) and link targets one PDF is written with.
/// A letter of three pages has about a hundred, one of a hundred pages a few thousand; the
/// PDF library holds each as a dictionary of two to five kilobytes until the file is saved,
/// so a document of 100,000 (45,000 footnotes, say, made only on purpose) would take more than
/// 500 MB to write, and is refused before it is drawn.
pub const MAX_PARTS: usize = 100_000;

/// The deflate level of every stream: 2, whose drawings are a tenth larger than level 3's
/// (the seed's 1.1 KB in all) for a fifth less time in the compressor, which is a quarter of
/// the writing; the fonts deflate as well at either.
const LEVEL: u32 = 2;

/// The resource name of a face.
fn resource(style: Style) -> String {
    format!("F{}", style.index() + 1)
}

/// Writes the PDF.
pub fn write(laid: &Laid, fonts: &Fonts, meta: &Meta) -> Result<Vec<u8>> {
    write_in_runs(laid, fonts, meta, draw::RUN)
}

/// Refuses, before anything is drawn, a document beyond what a PDF of s55 may hold: more than
/// [`MAX_PAGES`] pages, or more than [`MAX_PARTS`] tagged parts and link targets.
fn within_limits(laid: &Laid) -> Result<()> {
    if laid.pages.len() > MAX_PAGES {
        bail!(
            "the letter would be {} pages long in the PDF, more than the {MAX_PAGES} a PDF may have: shorten the letter (is some text repeated by mistake?), or leave the PDF out with --format",
            laid.pages.len()
        );
    }
    let parts = laid.nodes.len() + laid.places.len();
    if parts > MAX_PARTS {
        bail!(
            "the letter would need {parts} tagged parts and link targets in the PDF, more than the {MAX_PARTS} a PDF may have (a letter of a hundred pages needs a few thousand): shorten the letter or its footnotes (is some text repeated by mistake?), or leave the PDF out with --format"
        );
    }
    Ok(())
}

/// Writes the PDF, drawing its pages in runs of at most `most` pieces (see [`draw::runs`]).
fn write_in_runs(laid: &Laid, fonts: &Fonts, meta: &Meta, most: usize) -> Result<Vec<u8>> {
    within_limits(laid)?;
    let faces = faces(laid, fonts)?;
    let mut doc = PdfDocument::new(&meta.title);
    doc.metadata.info = info(meta);
    faces.add_to(&mut doc);
    let mut sizes = Vec::with_capacity(laid.pictures.len());
    for (i, p) in laid.pictures.iter().enumerate() {
        let (xobject, size) = picture::xobject(p)?;
        doc.resources.xobjects.map.insert(
            XObjectId(format!("Im{}", i + 1)),
            XObject::External(xobject),
        );
        sizes.push(size);
    }

    // The first run of pages is drawn in the document printpdf writes (a letter is one run);
    // the pages of the others carry only their links there, and are drawn once it is written.
    let runs = draw::runs(&laid.pages, most);
    let first = runs.first().cloned().unwrap_or(0..0);
    let mut marks = tree::Marked::new(laid.pages.len());
    let mut pages = Vec::with_capacity(laid.pages.len() + 1);
    for (p, page) in laid.pages.iter().enumerate() {
        let mut ops = Vec::new();
        if first.contains(&p) {
            let (drawn, mcids, figures) = draw::page_ops(page, laid, (fonts, &faces), &sizes);
            marks.page(&mcids, figures, page);
            ops = drawn;
        }
        ops.extend(draw::links(page, laid));
        pages.push(draw::sized(ops, laid.size));
    }
    // A last page, not kept, tells printpdf which glyphs each face draws.
    pages.push(draw::sized(faces.usage(), laid.size));
    doc.pages = pages;

    let mut file = doc.to_lopdf_document(&draw::options(), &mut Vec::new());
    drop(doc);
    file.version = "1.7".to_owned();

    let catalog_id = file
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| anyhow!("the PDF has no catalogue"))?;
    drop_last_page(&mut file, catalog_id)?;
    let page_ids: Vec<ObjectId> = file.page_iter().collect();
    if page_ids.len() != laid.pages.len() {
        bail!(
            "the PDF has {} pages of {}",
            page_ids.len(),
            laid.pages.len()
        );
    }
    for run in runs.into_iter().skip(1) {
        draw::run_into(
            &mut file,
            &page_ids,
            laid,
            run,
            (fonts, &faces, &sizes),
            &mut marks,
        )?;
    }
    for (p, (page, &id)) in laid.pages.iter().zip(&page_ids).enumerate() {
        annotations(&mut file, page, id, &mut marks)?;
        let dict = file.get_dictionary_mut(id)?;
        dict.set("StructParents", p as i64);
        dict.set("Tabs", Object::Name(b"S".to_vec()));
        dict.remove(b"TrimBox");
        dict.remove(b"CropBox");
    }
    share_resources(&mut file, &page_ids)?;
    deflate_streams(&mut file, &page_ids)?;

    let tree_id = tree::structure(&mut file, laid, &marks, &page_ids, meta);
    drop(marks);
    let outline_id = outline(&mut file, laid, &page_ids);
    let xmp_id = metadata(&mut file, laid, meta)?;
    let intents = pdfa::output_intents(&mut file);

    let parts = Parts {
        tree: tree_id,
        xmp: xmp_id,
        intents,
        outline: outline_id,
    };
    catalogue(&mut file, catalog_id, meta, parts)?;

    // An id from what the document is made of, the same for the same letter: no pass over
    // the finished file.
    let id = Object::String(document_id(laid, meta).to_vec(), StringFormat::Hexadecimal);
    file.trailer.set("ID", vec![id.clone(), id]);

    // Written plain, each object once: packing the small dictionaries into object streams
    // saved a quarter of the bytes but took lopdf three writings of each and a deflate, a fifth
    // of all the writing; the fonts without their hinting save more than that.
    // The cross-reference as a stream: seven bytes an object where a table takes twenty.
    file.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceStream;
    let mut out = Vec::with_capacity(64 * 1024);
    file.save_to(&mut out)?;
    Ok(out)
}

/// Each face the letter uses, subset to the characters it draws there, under the face's own
/// resource name (not printpdf's random one), so the same letter gives the same bytes.
fn faces(laid: &Laid, fonts: &Fonts) -> Result<draw::Faces> {
    // Which characters each face draws: those below U+0800 (every Latin and Welsh letter,
    // and far more) as bits, so that each of the letter's characters costs a bit set rather
    // than a place found in an ordered set; the rest in a set.
    const BITS: usize = 0x800;
    let mut low = [[0u64; BITS / 64]; 4];
    let mut high: [BTreeSet<char>; 4] = Default::default();
    let mut drawn = [false; 4];
    for page in &laid.pages {
        for t in &page.texts {
            let i = t.style.index();
            drawn[i] = true;
            for c in t.text.chars() {
                let u = c as usize;
                if u < BITS {
                    low[i][u / 64] |= 1 << (u % 64);
                } else {
                    high[i].insert(c);
                }
            }
        }
    }
    let mut faces = Vec::new();
    for style in Style::ALL {
        let i = style.index();
        if !drawn[i] {
            continue;
        }
        let face = fonts.face(style);
        let mut chars: BTreeSet<char> = (0..BITS)
            .filter(|&u| low[i][u / 64] & (1 << (u % 64)) != 0)
            .filter_map(|u| char::from_u32(u as u32))
            .collect();
        chars.append(&mut high[i]);
        let subset = embed(face, style, &chars)?;
        let used = last_drawn(laid, face, style);
        faces.push(draw::Embedded::new(
            FontId(resource(style)),
            subset,
            face,
            &chars,
            used,
        ));
    }
    Ok(draw::Faces(faces))
}

/// For each glyph of `face` the letter draws in `style`, the last character drawn with it,
/// in the order of the glyphs: the character the font's Unicode map gives for the glyph, as
/// when printpdf read the letter's text (a glyph drawn for two characters, as a space and a
/// no-break space often are, stands for the last one drawn).
fn last_drawn(laid: &Laid, face: &Face, style: Style) -> String {
    let mut last: Vec<Option<char>> = vec![None; face.glyph_count()];
    for page in &laid.pages {
        for t in page.texts.iter().filter(|t| t.style == style) {
            for c in t.text.chars() {
                if let Some(slot) = face.glyph(c).and_then(|g| last.get_mut(usize::from(g))) {
                    *slot = Some(c);
                }
            }
        }
    }
    last.into_iter().flatten().collect()
}

/// Takes out the last page, the one that only told printpdf which glyphs the faces draw
/// ([`draw::Faces::usage`]), with its drawing; its resources go when the objects no page
/// refers to are dropped ([`share_resources`]).
fn drop_last_page(file: &mut lopdf::Document, catalog_id: ObjectId) -> Result<()> {
    let pages_id = file
        .get_dictionary(catalog_id)?
        .get(b"Pages")
        .and_then(Object::as_reference)?;
    let pages = file.get_dictionary_mut(pages_id)?;
    let last = match pages.get_mut(b"Kids")? {
        Object::Array(kids) => kids.pop(),
        _ => None,
    };
    let Some(Object::Reference(last)) = last else {
        bail!("the PDF's pages are not listed");
    };
    let count = pages.get(b"Count").and_then(Object::as_i64)?;
    pages.set("Count", count - 1);
    if let Some(Object::Dictionary(page)) = file.objects.remove(&last)
        && let Ok(contents) = page.get(b"Contents").and_then(Object::as_reference)
    {
        file.objects.remove(&contents);
    }
    Ok(())
}

/// What the catalogue points to, made before it: the structure tree, the XMP packet, the
/// output intents and the outline when the letter has headings.
struct Parts {
    tree: ObjectId,
    xmp: ObjectId,
    intents: Object,
    outline: Option<ObjectId>,
}

/// The catalogue's entries for PDF/UA and PDF/A: the language, the marked content and its
/// structure tree, the title shown, the XMP packet, the output intent and the outline.
fn catalogue(
    file: &mut lopdf::Document,
    catalog_id: ObjectId,
    meta: &Meta,
    Parts {
        tree: tree_id,
        xmp: xmp_id,
        intents,
        outline: outline_id,
    }: Parts,
) -> Result<()> {
    let catalog = file.get_dictionary_mut(catalog_id)?;
    catalog.remove(b"PageLayout");
    catalog.set("Lang", text(&meta.lang));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter([("Marked", Object::Boolean(true))]),
    );
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]),
    );
    catalog.set("StructTreeRoot", tree_id);
    catalog.set("Metadata", xmp_id);
    catalog.set("OutputIntents", intents);
    match outline_id {
        Some(id) => {
            catalog.set("Outlines", id);
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }
    Ok(())
}

/// The document information as printpdf writes it: the same words the XMP packet says.
fn info(meta: &Meta) -> PdfDocumentInfo {
    PdfDocumentInfo {
        conformance: draw::conformance(),
        document_title: meta.title.clone(),
        author: meta.author.clone(),
        creator: meta.creator.clone(),
        producer: meta.creator.clone(),
        keywords: vec![meta.keywords.join(", ")],
        subject: meta.subject.clone(),
        ..PdfDocumentInfo::default()
    }
}

/// 16 bytes from the layout's texts, pictures and properties: the document's id.
fn document_id(laid: &Laid, meta: &Meta) -> [u8; 16] {
    let mut a = fnv(1, meta.title.as_bytes());
    let mut b = fnv(2, meta.lang.as_bytes());
    for page in &laid.pages {
        for t in &page.texts {
            a = fnv(a, t.text.as_bytes());
            b = fnv(b, &t.x.0.to_le_bytes());
            b = fnv(b, &t.y.0.to_le_bytes());
        }
        a = fnv(a, b"\x0c");
    }
    for p in &laid.pictures {
        a = fnv(a, &p.data.bytes);
    }
    for s in [&meta.author, &meta.subject, &meta.creator] {
        b = fnv(b, s.as_bytes());
    }
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&a.to_be_bytes());
    id[8..].copy_from_slice(&b.to_be_bytes());
    id
}

/// A face's subset for `chars`, as printpdf embeds it: the program (with the missing-glyph
/// box and a Unicode map), named with a subset tag derived from the characters.
fn embed(face: &Face, style: Style, chars: &BTreeSet<char>) -> Result<ParsedFont> {
    let program = face.subset(chars)?;
    let mut warnings = Vec::new();
    let mut subset = ParsedFont::from_bytes(&program, 0, &mut warnings)
        .ok_or_else(|| anyhow!("the font {} cannot be read once subset", face.name))?;
    let key: String = chars.iter().collect();
    subset.font_name = Some(format!(
        "{}+{}",
        subset_tag(fnv(style.index() as u64, key.as_bytes())),
        face.name
    ));
    Ok(subset)
}

/// One resource dictionary for every page, holding the fonts and pictures themselves:
/// printpdf gives each page its own, which refers to shared dictionaries of fonts,
/// pictures, graphics states and shadings, the last two always empty here. The objects no
/// page refers to any more are dropped.
fn share_resources(file: &mut lopdf::Document, page_ids: &[ObjectId]) -> Result<()> {
    let Some(&first) = page_ids.first() else {
        return Ok(());
    };
    let resources_id = file
        .get_dictionary(first)?
        .get(b"Resources")
        .and_then(Object::as_reference)?;
    let mut shared = Dictionary::new();
    for key in [b"Font".as_slice(), b"XObject"] {
        let Ok(entry) = file.get_dictionary(resources_id)?.get(key) else {
            continue;
        };
        let dict = match entry {
            Object::Reference(id) => file.get_dictionary(*id)?.clone(),
            Object::Dictionary(d) => d.clone(),
            _ => continue,
        };
        if !dict.is_empty() {
            shared.set(key.to_vec(), dict);
        }
    }
    file.objects
        .insert(resources_id, Object::Dictionary(shared));
    for &id in &page_ids[1..] {
        file.get_dictionary_mut(id)?.set("Resources", resources_id);
    }
    file.prune_objects();
    Ok(())
}

/// Streams shorter than this are left plain, but for the pages' drawings: readying the
/// compressor for a stream costs about a quarter of a million instructions (clearing its
/// tables), more than deflating a font's Unicode map of a kilobyte or two is worth (it saves
/// some 700 bytes). A page's drawing is deflated whatever its size, as when pages are drawn
/// in runs ([`draw::run_into`]): a short last page's two kilobytes of text become some 700
/// bytes.
const SMALL: usize = 2048;

/// Deflates every stream printpdf left plain (the pages' drawings, the font programs and
/// their maps) with one compressor, when that makes it smaller and, but for the drawings
/// of `page_ids`, it is not [`SMALL`].
fn deflate_streams(file: &mut lopdf::Document, page_ids: &[ObjectId]) -> Result<()> {
    let mut drawings = BTreeSet::new();
    for &id in page_ids {
        if let Ok(contents) = file
            .get_dictionary(id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
        {
            drawings.insert(contents);
        }
    }
    draw::with_compressor(|z| {
        for (id, object) in file.objects.iter_mut() {
            let Object::Stream(stream) = object else {
                continue;
            };
            if stream.dict.has(b"Filter")
                || (stream.content.len() < SMALL && !drawings.contains(id))
            {
                continue;
            }
            if let Some(packed) = draw::deflate(z, &stream.content)? {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
        Ok(())
    })
}

/// A number rounded to thousandths, as the page's coordinates are written.
fn round(v: f32) -> f32 {
    if v.is_finite() {
        ((f64::from(v) * 1000.0).round() / 1000.0) as f32
    } else {
        0.0
    }
}

/// Ties each of a page's link annotations into the structure tree: printpdf writes them
/// into the page; each becomes an object of its own (an OBJR points at it) with its
/// QuadPoints (each line's box, so a link that wraps is one tab stop), its /Contents (the
/// whole address), the printable flag PDF/A asks of every annotation and its parent tree
/// key.
fn annotations(
    file: &mut lopdf::Document,
    page: &Page,
    page_id: ObjectId,
    marks: &mut tree::Marked,
) -> Result<()> {
    let dict = file.get_dictionary_mut(page_id)?;
    let drawn = match dict.remove(b"Annots") {
        Some(Object::Array(a)) => a,
        _ => Vec::new(),
    };
    let links: Vec<_> = page.links.iter().filter(|l| !l.rects.is_empty()).collect();
    if drawn.len() != links.len() {
        bail!(
            "the PDF's page has {} links of {}",
            drawn.len(),
            links.len()
        );
    }
    let mut ids = Vec::with_capacity(drawn.len());
    for (annot, link) in drawn.into_iter().zip(links) {
        let Object::Dictionary(mut annot) = annot else {
            bail!("a link of the PDF is not a dictionary");
        };
        let mut quads = Vec::with_capacity(link.rects.len() * 8);
        // Each line's box, counter-clockwise from its lower left corner.
        for r in &link.rects {
            for p in [r[0], r[1], r[2], r[1], r[2], r[3], r[0], r[3]] {
                quads.push(Object::Real(round(p.0)));
            }
        }
        let words = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let contents = if link.url.starts_with('#') {
            words
        } else if words == link.url || words.is_empty() {
            link.url.clone()
        } else {
            format!("{words} ({})", link.url)
        };
        if let Ok(Object::Dictionary(action)) = annot.get(b"A").cloned() {
            // A place in the letter: a destination, not an action.
            if action.get(b"S").and_then(Object::as_name).ok() == Some(b"GoTo".as_slice()) {
                annot.remove(b"A");
                if let Ok(d) = action.get(b"D") {
                    annot.set("Dest", d.clone());
                }
            }
        }
        annot.remove(b"C");
        annot.remove(b"H");
        annot.set("QuadPoints", quads);
        annot.set("Contents", text(&contents));
        annot.set("F", 4);
        annot.set("P", page_id);
        annot.set("StructParent", marks.link(link.node) as i64);
        ids.push(file.add_object(annot));
    }
    if !ids.is_empty() {
        let refs: Vec<Object> = ids.iter().map(|&id| Object::Reference(id)).collect();
        file.get_dictionary_mut(page_id)?.set("Annots", refs);
    }
    marks.annotations(ids);
    Ok(())
}

/// The XMP packet, saying what the document information says; the information's dates set
/// to the letter's (or none). Returns the packet's object.
fn metadata(file: &mut lopdf::Document, laid: &Laid, meta: &Meta) -> Result<ObjectId> {
    // Every language the document is in: its own, then each passage's, once.
    let mut languages = vec![meta.lang.clone()];
    for lang in laid.nodes.iter().filter_map(|n| n.lang.as_ref()) {
        if !languages.contains(lang) {
            languages.push(lang.clone());
        }
    }
    // A missing glyph is drawn as `.notdef`, which PDF/A-2 (6.2.11.8) and PDF/UA-1 (7.21.8)
    // both forbid: such a file (already a warning) must not claim either standard.
    let xmp = pdfa::xmp_packet(meta, &languages, laid.missing.is_empty());
    // Uncompressed, so any reader finds it (ISO 19005-2, 6.6.2.1).
    let mut stream = lopdf::Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp.into_bytes(),
    );
    stream.allows_compression = false;
    let xmp_id = file.add_object(stream);

    let info_id = file
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| anyhow!("the PDF has no document information"))?;
    let info = file.get_dictionary_mut(info_id)?;
    // What printpdf adds for PDF/X, which this file does not claim, and a date of 1970.
    for key in [
        b"Trapped".as_slice(),
        b"GTS_PDFXVersion",
        b"Identifier",
        b"CreationDate",
        b"ModDate",
    ] {
        info.remove(key);
    }
    for (key, value) in [
        ("Title", &meta.title),
        ("Author", &meta.author),
        ("Subject", &meta.subject),
        ("Creator", &meta.creator),
        ("Producer", &meta.creator),
    ] {
        info.set(key, text(value));
    }
    info.set("Keywords", text(&meta.keywords.join(", ")));
    if let Some(d) = meta.date {
        let date = Object::string_literal(format!(
            "D:{:04}{:02}{:02}000000Z",
            d.year(),
            d.month(),
            d.day()
        ));
        info.set("CreationDate", date.clone());
        info.set("ModDate", date);
    }
    Ok(xmp_id)
}

/// Builds the outline from the headings below the title: level 2 at the top, deeper levels
/// nested under the heading before them.
fn outline(file: &mut lopdf::Document, laid: &Laid, page_ids: &[ObjectId]) -> Option<ObjectId> {
    let marks: Vec<_> = laid.marks.iter().filter(|m| m.level >= 2).collect();
    if marks.is_empty() || page_ids.is_empty() {
        return None;
    }
    let root = file.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| file.new_object_id()).collect();
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
    // Each entry's place among its siblings.
    let mut place = vec![0usize; marks.len()];
    for list in children.iter().chain(std::iter::once(&top)) {
        for (k, &i) in list.iter().enumerate() {
            place[i] = k;
        }
    }
    for (i, m) in marks.iter().enumerate() {
        let page = page_ids[m.page.min(page_ids.len() - 1)];
        let mut d = Dictionary::from_iter([
            ("Title", text(&m.title)),
            (
                "Parent",
                Object::Reference(parents[i].map_or(root, |p| ids[p])),
            ),
            (
                "Dest",
                Object::Array(vec![
                    page.into(),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(round(m.y.0 + 4.0)),
                    Object::Null,
                ]),
            ),
        ]);
        let kids = &children[i];
        if let (Some(&a), Some(&b)) = (kids.first(), kids.last()) {
            d.set("First", ids[a]);
            d.set("Last", ids[b]);
            d.set("Count", kids.len() as i64);
        }
        let siblings = match parents[i] {
            Some(p) => &children[p],
            None => &top,
        };
        let k = place[i];
        if k > 0 {
            d.set("Prev", ids[siblings[k - 1]]);
        }
        if let Some(&next) = siblings.get(k + 1) {
            d.set("Next", ids[next]);
        }
        file.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut r = Dictionary::from_iter([("Type", Object::Name(b"Outlines".to_vec()))]);
    if let (Some(&a), Some(&b)) = (top.first(), top.last()) {
        r.set("First", ids[a]);
        r.set("Last", ids[b]);
        r.set("Count", top.len() as i64);
    }
    file.objects.insert(root, Object::Dictionary(r));
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

/// A text string: in PDFDocEncoding when every character has a code there (English titles,
/// dashes and curly quotes included), else UTF-16BE with a byte order mark. Tools that print
/// a string's bytes as they are (`pdfinfo -struct-text` with a structure element's title) read
/// the first form; the second only where the text needs it.
pub(super) fn text(s: &str) -> Object {
    match s.chars().map(pdf_doc_byte).collect::<Option<Vec<u8>>>() {
        Some(bytes) if bytes.iter().all(|b| (0x20..0x7f).contains(b)) => {
            Object::String(bytes, StringFormat::Literal)
        }
        Some(bytes) => Object::String(bytes, StringFormat::Hexadecimal),
        None => {
            let mut bytes = vec![0xFE, 0xFF];
            for u in s.encode_utf16() {
                bytes.extend_from_slice(&u.to_be_bytes());
            }
            Object::String(bytes, StringFormat::Hexadecimal)
        }
    }
}

/// A character's code in PDFDocEncoding (ISO 32000-1, Annex D), if it has one.
fn pdf_doc_byte(c: char) -> Option<u8> {
    const HIGH: [char; 31] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}',
        '\u{201D}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017E}',
    ];
    match c {
        ' '..='~' | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{FF}' => u8::try_from(u32::from(c)).ok(),
        '\u{20AC}' => Some(0xA0),
        _ => HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

#[cfg(test)]
mod tests;
