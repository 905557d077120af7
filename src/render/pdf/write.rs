//! Writes laid-out pages as a tagged, accessible, archival PDF: the only module that touches
//! the PDF libraries, with its parts [`tree`] (the structure tree), [`pdfa`] (what PDF/A
//! adds) and [`picture`] (an SVG's shapes as a drawing).
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
//! A document's drawing is held whole until it is saved: [`MAX_PAGES`] bounds it, far beyond
//! any letter.

use crate::util::{fnv, xml_escape};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;

use anyhow::{Result, anyhow, bail};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, CustomPdfConformance, Destination, DictItem,
    ExternalStream, ExternalXObject, FontId, LinkAnnotation, Op, PaintMode, ParsedFont,
    PdfConformance, PdfDocument, PdfDocumentInfo, PdfFontHandle, PdfPage, PdfSaveOptions,
    Pt as PdfPt, Rect, Rgb, TextItem, TextMatrix, XObject, XObjectId, XObjectTransform,
};

use super::fonts::{Face, Fonts, Style};
use super::layout::{Artifact, BarInk, Ink, Laid, LinkArea, Page, Pt};
use super::meta::Meta;

pub mod pdfa;
pub mod picture;
pub mod tree;
use crate::picture::Drawn;

const LINK_BLUE: (f32, f32, f32) = (0.114, 0.31, 0.569);

/// The most pages a PDF may have: a letter has a handful, the longest response seen some
/// thirty. The whole drawing is held in memory until it is saved, so a document of tens of
/// thousands of pages (only ever made on purpose) is refused with a clear error rather than
/// filling the memory.
pub const MAX_PAGES: usize = 2_000;

/// The deflate level of every stream: 3, whose files are 4 per cent larger than the default
/// level's for about a third less time in the compressor, which is most of the writing.
const LEVEL: u32 = 3;

/// The resource name of a face.
fn resource(style: Style) -> String {
    format!("F{}", style.index() + 1)
}

/// Writes the PDF.
pub fn write(laid: &Laid, fonts: &Fonts, meta: &Meta) -> Result<Vec<u8>> {
    if laid.pages.len() > MAX_PAGES {
        bail!(
            "the letter would be {} pages long in the PDF, more than the {MAX_PAGES} a PDF may have: shorten the letter (is some text repeated by mistake?), or leave the PDF out with --format",
            laid.pages.len()
        );
    }
    let mut doc = PdfDocument::new(&meta.title);
    doc.metadata.info = info(meta);
    add_faces(&mut doc, laid, fonts)?;
    let mut sizes = Vec::with_capacity(laid.pictures.len());
    for (i, p) in laid.pictures.iter().enumerate() {
        let (xobject, size) = picture(p)?;
        doc.resources.xobjects.map.insert(
            XObjectId(format!("Im{}", i + 1)),
            XObject::External(xobject),
        );
        sizes.push(size);
    }

    let mut marks = tree::Marked::new(laid.pages.len());
    let mut pages = Vec::with_capacity(laid.pages.len());
    for page in &laid.pages {
        let (ops, mcids, figures) = page_ops(page, laid, fonts, &sizes);
        marks.page(&mcids, figures, page);
        let mut drawn = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
        drawn.media_box = Rect::from_wh(PdfPt(laid.size[0].0), PdfPt(laid.size[1].0));
        drawn.trim_box = drawn.media_box.clone();
        drawn.crop_box = drawn.media_box.clone();
        pages.push(drawn);
    }
    doc.pages = pages;

    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut file = doc.to_lopdf_document(&options, &mut warnings);
    drop(doc);
    file.version = "1.7".to_owned();

    let catalog_id = file
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| anyhow!("the PDF has no catalogue"))?;
    let page_ids: Vec<ObjectId> = file.page_iter().collect();
    if page_ids.len() != laid.pages.len() {
        bail!(
            "the PDF has {} pages of {}",
            page_ids.len(),
            laid.pages.len()
        );
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
    deflate_streams(&mut file)?;

    let tree_id = tree::structure(&mut file, laid, &marks, &page_ids, meta);
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

    let mut out = Vec::with_capacity(64 * 1024);
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(200)
        // The small dictionaries compress best at the highest level, for little time.
        .compression_level(9)
        .build();
    file.save_with_options(&mut out, save)?;
    Ok(out)
}

/// Each face the letter uses, subset to the characters it draws there.
fn add_faces(doc: &mut PdfDocument, laid: &Laid, fonts: &Fonts) -> Result<()> {
    // Which characters each face draws.
    let mut used: BTreeMap<Style, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for t in &page.texts {
            used.entry(t.style).or_default().extend(t.text.chars());
        }
    }
    for (style, chars) in &used {
        let subset = embed(fonts.face(*style), *style, chars)?;
        // Under the face's own resource name (not printpdf's random one), so the same
        // letter gives the same bytes.
        let added = doc.add_font(&subset);
        if let Some(font) = doc.resources.fonts.map.remove(&added) {
            doc.resources
                .fonts
                .map
                .insert(FontId(resource(*style)), font);
        }
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
        // printpdf's own XMP and CMYK output intent are left out: s55 adds the PDF/A ones.
        conformance: PdfConformance::Custom(CustomPdfConformance {
            requires_xmp_metadata: false,
            requires_icc_profile: false,
            ..CustomPdfConformance::default()
        }),
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

/// A picture as an XObject: an image of its pixels, or a form of its shapes, and the size
/// of the box it is drawn in (1 × 1 for an image, the SVG's own for a form), which the page
/// scales to the figure.
fn picture(p: &super::layout::Picture) -> Result<(ExternalXObject, [f32; 2])> {
    static MADE: crate::picture::Memo<PictureObject> = crate::picture::Memo::new();
    let e = MADE.get_or_make(&p.data, |e| e.data.len(), || xobject(p))?;
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
fn xobject(p: &super::layout::Picture) -> Result<PictureObject> {
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
            let (width, height, content) = picture::draw_svg(&p.data.bytes)
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
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3 + 16),
        flate2::Compression::new(LEVEL),
    );
    z.write_all(data)?;
    let packed = z.finish()?;
    Ok(
        if packed.len() + " /Filter /FlateDecode".len() < data.len() {
            (packed, true)
        } else {
            (data.to_vec(), false)
        },
    )
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

/// Deflates every stream printpdf left plain (the pages' drawings, the font programs and
/// their maps) with one compressor, when that makes it smaller.
fn deflate_streams(file: &mut lopdf::Document) -> Result<()> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
    for object in file.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") {
            continue;
        }
        z.write_all(&stream.content)?;
        z.try_finish()?;
        let packed = z.reset(Vec::new())?;
        if packed.len() + " /Filter /FlateDecode".len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// A number rounded to thousandths, as the page's coordinates are written.
fn round(v: f32) -> f32 {
    if v.is_finite() {
        ((f64::from(v) * 1000.0).round() / 1000.0) as f32
    } else {
        0.0
    }
}

/// Marked content for a piece of the letter: its structure type and MCID.
fn tagged(tag: &str, mcid: u32) -> Op {
    let mut map = BTreeMap::new();
    map.insert("MCID".to_owned(), DictItem::Int(i64::from(mcid)));
    Op::BeginMarkedContentWithProperties {
        tag: tag.to_owned(),
        properties: DictItem::Dict { map },
    }
}

/// Marked content for what is not the letter: a rule or a footer.
fn artifact(kind: Artifact) -> Op {
    let mut map = BTreeMap::new();
    match kind {
        Artifact::Layout => {
            map.insert("Type".to_owned(), name("Layout"));
        }
        Artifact::Footer => {
            map.insert("Type".to_owned(), name("Pagination"));
            map.insert("Subtype".to_owned(), name("Footer"));
        }
    }
    Op::BeginMarkedContentWithProperties {
        tag: "Artifact".to_owned(),
        properties: DictItem::Dict { map },
    }
}

fn grey(g: f32) -> Color {
    Color::Greyscale(printpdf::Greyscale {
        percent: g,
        icc_profile: None,
    })
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// A page's drawing: its pictures, each in a Figure's marked content, and bars; then one
/// text object with each text in its marked content (an MCID for the letter, `/Artifact`
/// for the rest); then its links. Returns the operators, each text's MCID and each
/// figure's.
fn page_ops(
    page: &Page,
    laid: &Laid,
    fonts: &Fonts,
    sizes: &[[f32; 2]],
) -> (Vec<Op>, Vec<Option<u32>>, Vec<u32>) {
    let mut ops = Vec::with_capacity(page.texts.len() * 6 + page.bars.len() * 4 + 4);
    let mut mcids = Vec::with_capacity(page.texts.len());
    let mut next = 0u32;
    let mut figures = Vec::with_capacity(page.figures.len());
    for fig in &page.figures {
        let [bw, bh] = sizes.get(fig.picture).copied().unwrap_or([1.0, 1.0]);
        ops.push(tagged("Figure", next));
        figures.push(next);
        next += 1;
        ops.push(Op::UseXobject {
            id: XObjectId(format!("Im{}", fig.picture + 1)),
            transform: XObjectTransform {
                translate_x: Some(PdfPt(round(fig.x.0))),
                translate_y: Some(PdfPt(round(fig.y.0))),
                rotate: None,
                scale_x: Some(round(fig.w.0 / bw)),
                scale_y: Some(round(fig.h.0 / bh)),
                dpi: None,
                no_auto_scale: true,
            },
        });
        ops.push(Op::EndMarkedContent);
    }
    for bar in &page.bars {
        ops.push(artifact(bar.artifact));
        ops.push(Op::SetFillColor {
            col: match bar.ink {
                BarInk::Grey(g) => grey(g),
                BarInk::Link => rgb(LINK_BLUE),
            },
        });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: PdfPt(round(bar.x.0)),
                y: PdfPt(round(bar.y.0)),
                width: PdfPt(round(bar.w.0)),
                height: PdfPt(round(bar.h.0)),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
        ops.push(Op::EndMarkedContent);
    }
    // One text object per page; the font and colour are set only when they change.
    ops.push(Op::StartTextSection);
    let mut font: Option<(Style, f32)> = None;
    let mut ink: Option<Ink> = None;
    for t in &page.texts {
        match t.node {
            Some(node) => {
                ops.push(tagged(laid.nodes[node].kind.name(), next));
                mcids.push(Some(next));
                next += 1;
            }
            None => {
                ops.push(artifact(t.artifact));
                mcids.push(None);
            }
        }
        if font != Some((t.style, t.size.0)) {
            font = Some((t.style, t.size.0));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(resource(t.style))),
                size: PdfPt(round(t.size.0)),
            });
        }
        if ink != Some(t.ink) {
            ink = Some(t.ink);
            ops.push(Op::SetFillColor {
                col: match t.ink {
                    Ink::Text => grey(0.0),
                    Ink::Link => rgb(LINK_BLUE),
                    Ink::Muted => grey(0.33),
                },
            });
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([1.0, 0.0, 0.0, 1.0, round(t.x.0), round(t.y.0)]),
        });
        ops.push(Op::ShowText {
            items: shown(&t.text, fonts.face(t.style)),
        });
        ops.push(Op::EndMarkedContent);
    }
    ops.push(Op::EndTextSection);
    ops.extend(page.links.iter().filter_map(|link| link_op(link, laid)));
    (ops, mcids, figures)
}

/// A link's annotation over the boxes of its lines: a place in the letter (a footnote and its
/// reference) is a destination, an address a URI action. A link with no box has none.
fn link_op(link: &LinkArea, laid: &Laid) -> Option<Op> {
    let first = link.rects.first()?;
    let bounds = link.rects.iter().fold(*first, |b, r| {
        [
            Pt(b[0].0.min(r[0].0)),
            Pt(b[1].0.min(r[1].0)),
            b[2].max(r[2]),
            b[3].max(r[3]),
        ]
    });
    let actions = match link.url.strip_prefix('#') {
        Some(place) => {
            let (p, y) = laid.places.get(place).copied().unwrap_or((0, laid.size[1]));
            Actions::Goto(Destination::Xyz {
                page: p + 1,
                left: None,
                top: Some(round(y.0 + 2.0)),
                zoom: None,
            })
        }
        None => Actions::Uri(link.url.clone()),
    };
    Some(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            Rect {
                x: PdfPt(round(bounds[0].0)),
                y: PdfPt(round(bounds[1].0)),
                width: PdfPt(round(bounds[2].0 - bounds[0].0)),
                height: PdfPt(round(bounds[3].0 - bounds[1].0)),
                mode: None,
                winding_order: None,
            },
            actions,
            // No border.
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            None,
        ),
    })
}

/// The text as runs of letters between the font's kerning adjustments: the same widths
/// layout measured. printpdf draws each letter with the subset's glyph for it (a letter the
/// font lacks is its missing glyph) and maps the glyph back to the letter in the font's
/// ToUnicode map.
fn shown(text: &str, face: &Face) -> Vec<TextItem> {
    let em = f32::from(face.units_per_em);
    let mut items = Vec::with_capacity(2);
    let mut run = String::with_capacity(text.len());
    let mut prev: Option<u16> = None;
    for c in text.chars() {
        let g = face.glyph(c).unwrap_or(0);
        if let Some(p) = prev {
            let k = face.kern(p, g);
            if k != 0 {
                items.push(TextItem::Text(std::mem::take(&mut run)));
                items.push(TextItem::Offset(round(-f32::from(k) * 1000.0 / em)));
            }
        }
        run.push(c);
        prev = Some(g);
    }
    items.push(TextItem::Text(run));
    items
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
    let xmp = xmp_packet(meta, &languages, laid.missing.is_empty());
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
/// the file `conforms`) the PDF/A-2 and PDF/UA-1 identifiers. Each property says what the
/// information dictionary says, in the same words and the same dates (PDF/A asks that they
/// agree).
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
    fn strings_are_in_pdfdocencoding_where_they_can_be() {
        assert_eq!(
            text("Plain"),
            Object::String(b"Plain".to_vec(), StringFormat::Literal)
        );
        // An en dash has a PDFDocEncoding code; ŵ has none.
        assert_eq!(
            text("A – b"),
            Object::String(
                vec![0x41, 0x20, 0x85, 0x20, 0x62],
                StringFormat::Hexadecimal
            )
        );
        assert_eq!(
            text("Gŵ"),
            Object::String(
                vec![0xFE, 0xFF, 0x00, 0x47, 0x01, 0x75],
                StringFormat::Hexadecimal
            )
        );
    }

    fn meta() -> Meta {
        Meta {
            title: "Response".to_owned(),
            author: "Office".to_owned(),
            subject: String::new(),
            keywords: Vec::new(),
            lang: "en-GB".to_owned(),
            date: None,
            creator: "s55".to_owned(),
        }
    }

    fn laid(pages: usize) -> Laid {
        Laid {
            size: [Pt(595.28), Pt(841.89)],
            pages: vec![Page::default(); pages],
            nodes: Vec::new(),
            marks: Vec::new(),
            missing: BTreeSet::new(),
            places: BTreeMap::new(),
            page_langs: Vec::new(),
            pictures: Vec::new(),
        }
    }

    #[test]
    fn a_document_beyond_the_page_limit_is_refused_before_it_is_drawn() {
        let fonts = Fonts::load(None).unwrap();
        let err = write(&laid(MAX_PAGES + 1), &fonts, &meta()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the letter would be 2001 pages long in the PDF, more than the 2000 a PDF may have: shorten the letter (is some text repeated by mistake?), or leave the PDF out with --format"
        );
        // At the limit, it is written.
        let pdf = write(&laid(3), &fonts, &meta()).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 3);
    }

    #[test]
    fn the_document_id_follows_the_text_and_nothing_else() {
        let mut a = laid(1);
        a.pages[0].texts.push(crate::render::pdf::layout::Text {
            x: Pt(72.0),
            y: Pt(700.0),
            style: Style::of(false, false),
            size: Pt(11.0),
            text: "I welcome this inspection".to_owned(),
            added: 0,
            ink: Ink::Text,
            node: None,
            artifact: Artifact::Layout,
        });
        let mut b = a.clone();
        assert_eq!(document_id(&a, &meta()), document_id(&b, &meta()));
        b.pages[0].texts[0].text = "I welcome this inspection.".to_owned();
        assert_ne!(document_id(&a, &meta()), document_id(&b, &meta()));
        let mut other = meta();
        other.title = "Another response".to_owned();
        assert_ne!(document_id(&a, &meta()), document_id(&a, &other));
    }

    #[test]
    fn numbers_are_rounded_to_thousandths() {
        assert_eq!(round(595.2756), 595.276);
        assert_eq!(round(f32::NAN), 0.0);
        assert_eq!(format!("{}", round(0.1 + 0.2)), "0.3");
    }
}
