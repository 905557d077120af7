//! Writes laid-out pages as a tagged, accessible, archival PDF. With [`super::tree`] and
//! [`super::pdfa`], the only code that touches the PDF libraries.
//!
//! printpdf draws the pages (text in the subset fonts, rules, link annotations, marked
//! content with an MCID for every piece of the letter and `/Artifact` for footers and rules).
//! What printpdf does not model is added to its lopdf document afterwards: the structure tree
//! with its parent tree, `/MarkInfo`, `/Lang`, `/ViewerPreferences /DisplayDocTitle`, the
//! nested outline, the XMP packet with the PDF/A-2 and PDF/UA-1 identifiers, the sRGB output
//! intent ([`super::pdfa`]), the document information, PDF version 1.7 and a document id
//! computed from the content. Font resource names, dates and the id are all derived from the
//! document, so the same letter gives the same bytes every time, in any process, in any order.

use crate::util::{fnv, xml_escape};
use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, anyhow};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{
    Color, CustomPdfConformance, DictItem, FontId, Mm, Op, ParsedFont, PdfConformance, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Rect, Rgb, TextItem, TextMatrix,
};

use super::fonts::{Fonts, Style};
use super::layout::{Artifact, BarInk, Ink, Laid, Page, Pt};
use super::{pdfa, tree};

/// The document's properties.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The title, shown in the viewer's title bar.
    pub title: String,
    /// The author: the local policing body.
    pub author: String,
    /// The subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The document language (BCP 47).
    pub lang: String,
    /// The date of the response, for the creation and modification dates.
    pub date: Option<jiff::civil::Date>,
    /// The program that made it.
    pub creator: String,
}

const LINK_BLUE: (f32, f32, f32) = (0.114, 0.31, 0.569);

fn font_id(style: Style) -> FontId {
    FontId(format!("F{}", style.index() + 1))
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

    let mut doc = PdfDocument::new(&meta.title);
    doc.metadata.info.conformance = PdfConformance::Custom(CustomPdfConformance::default());
    for (style, chars) in &used {
        let face = fonts.face(*style);
        let program = face.subset(chars)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&program, 0, &mut warnings)
            .ok_or_else(|| anyhow!("the subset of {} cannot be read back", face.name))?;
        let key: String = chars.iter().collect();
        parsed.font_name = Some(format!(
            "{}+{}",
            subset_tag(fnv(style.index() as u64, key.as_bytes())),
            face.name
        ));
        doc.resources
            .fonts
            .map
            .insert(font_id(*style), printpdf::PdfFont::new(parsed));
    }

    let (w, h) = (Mm(210.0), Mm(297.0));
    let mut pages = Vec::with_capacity(laid.pages.len());
    let mut mcids: Vec<Vec<Option<i64>>> = Vec::with_capacity(laid.pages.len());
    for page in &laid.pages {
        let (ops, page_mcids) = page_ops(page, laid, fonts);
        pages.push(PdfPage::new(w, h, ops));
        mcids.push(page_mcids);
    }
    doc.with_pages(pages);

    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    finish(&mut pdf, laid, &mcids, meta)?;
    compress(&mut pdf)?;
    let mut out = Vec::new();
    pdf.save_modern(&mut out)
        .map_err(|e| anyhow!("the PDF could not be written: {e}"))?;
    Ok(out)
}

/// A page's drawing: bars first, then one text object with each text in its marked content
/// (an MCID for the letter, `/Artifact` for the rest), then the link annotations. Returns the
/// operations and each text's MCID.
fn page_ops(page: &Page, laid: &Laid, fonts: &Fonts) -> (Vec<Op>, Vec<Option<i64>>) {
    let mut ops = Vec::with_capacity(page.texts.len() * 8);
    let mut page_mcids = Vec::with_capacity(page.texts.len());
    let mut next = 0i64;
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
                x: pt(bar.x),
                y: pt(bar.y),
                width: pt(bar.w),
                height: pt(bar.h),
                mode: Some(printpdf::PaintMode::Fill),
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
            Some(n) => {
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: laid.nodes[n].kind.name().to_owned(),
                    properties: DictItem::Dict {
                        map: BTreeMap::from([("MCID".to_owned(), DictItem::Int(next))]),
                    },
                });
                page_mcids.push(Some(next));
                next += 1;
            }
            None => {
                ops.push(artifact(t.artifact));
                page_mcids.push(None);
            }
        }
        if font != Some((t.style, t.size.0)) {
            font = Some((t.style, t.size.0));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(t.style)),
                size: pt(t.size),
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
            matrix: TextMatrix::Translate(pt(t.x), pt(t.y)),
        });
        ops.push(Op::ShowText {
            items: kerned(&t.text, fonts, t.style),
        });
        ops.push(Op::EndMarkedContent);
    }
    ops.push(Op::EndTextSection);
    (ops, page_mcids)
}

/// Deflates every stream that is not compressed yet. lopdf's own `compress` uses the
/// slowest level, which costs more than all the rest of the writing; the default level gives
/// files within a few per cent of the size.
fn compress(pdf: &mut lopdf::Document) -> Result<()> {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
        {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            z.write_all(&stream.content)?;
            let packed = z.finish()?;
            if packed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", name("FlateDecode"));
                stream.set_content(packed);
            }
        }
    }
    Ok(())
}

fn pt(p: Pt) -> printpdf::Pt {
    printpdf::Pt(p.0)
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

fn artifact(kind: Artifact) -> Op {
    let mut map = BTreeMap::new();
    match kind {
        Artifact::Layout => {
            map.insert("Type".to_owned(), DictItem::Name(b"Layout".to_vec()));
        }
        Artifact::Footer => {
            map.insert("Type".to_owned(), DictItem::Name(b"Pagination".to_vec()));
            map.insert("Subtype".to_owned(), DictItem::Name(b"Footer".to_vec()));
        }
    }
    Op::BeginMarkedContentWithProperties {
        tag: "Artifact".to_owned(),
        properties: DictItem::Dict { map },
    }
}

/// The text as printpdf draws it, with the font's kerning between pairs of letters: the same
/// widths layout measured.
fn kerned(text: &str, fonts: &Fonts, style: Style) -> Vec<TextItem> {
    let face = fonts.face(style);
    let em = f32::from(face.units_per_em);
    let mut items = Vec::new();
    let mut run = String::new();
    let mut prev: Option<u16> = None;
    for c in text.chars() {
        let g = face.glyph(c).unwrap_or(0);
        if let Some(p) = prev {
            let k = face.kern(p, g);
            if k != 0 {
                items.push(TextItem::Text(std::mem::take(&mut run)));
                items.push(TextItem::Offset(-f32::from(k) * 1000.0 / em));
            }
        }
        run.push(c);
        prev = Some(g);
    }
    items.push(TextItem::Text(run));
    items
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

pub(super) fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
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

fn pdf_date(d: Option<jiff::civil::Date>) -> String {
    match d {
        Some(d) => format!("D:{:04}{:02}{:02}000000Z", d.year(), d.month(), d.day()),
        None => "D:19700101000000Z".to_owned(),
    }
}

fn iso_date(d: Option<jiff::civil::Date>) -> String {
    match d {
        Some(d) => format!("{d}T00:00:00Z"),
        None => "1970-01-01T00:00:00Z".to_owned(),
    }
}

/// Adds to printpdf's document what it does not model. See the module's documentation.
fn finish(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    mcids: &[Vec<Option<i64>>],
    meta: &Meta,
) -> Result<()> {
    pdf.version = "1.7".to_owned();
    let root_id = pdf
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| anyhow!("the PDF has no catalogue"))?;
    let page_ids: Vec<ObjectId> = pdf.get_pages().values().copied().collect();

    let (annots, links) = annotations(pdf, laid, &page_ids);
    let tree_id = tree::structure(pdf, laid, mcids, &page_ids, &annots, &links, meta);

    // The outline: sections, with their sub-sections nested.
    let outline_id = outline(pdf, laid, &page_ids);
    let (xmp_id, info_id) = metadata(pdf, laid, meta);
    let intents = pdfa::output_intents(pdf)?;

    let catalog = pdf
        .get_dictionary_mut(root_id)
        .map_err(|_| anyhow!("the PDF has no catalogue"))?;
    let mut replaced: Vec<ObjectId> = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .into_iter()
        .collect();
    catalog.set("OutputIntents", intents);
    catalog.set("Lang", text(&meta.lang));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    catalog.set("StructTreeRoot", Object::Reference(tree_id));
    catalog.set("Metadata", Object::Reference(xmp_id));
    match outline_id {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", name("UseOutlines"));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", name("UseNone"));
        }
    }
    replaced.extend(pdf.trailer.get(b"Info").and_then(Object::as_reference));
    pdf.trailer.set("Info", Object::Reference(info_id));
    pdfa::drop_replaced(pdf, &replaced);

    // An id from the content, the same for the same letter.
    let mut seed = Vec::new();
    for page in &laid.pages {
        for t in &page.texts {
            seed.extend_from_slice(t.text.as_bytes());
            seed.extend_from_slice(&t.x.0.to_bits().to_be_bytes());
            seed.extend_from_slice(&t.y.0.to_bits().to_be_bytes());
        }
    }
    seed.extend_from_slice(meta.title.as_bytes());
    let id = crate::util::hash_hex(&seed).into_bytes();
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// One link annotation per link and page, tied into the structure tree: its rectangle
/// bounds every line it covers, and QuadPoints give each line's box, so a link that wraps is
/// one tab stop whose /Contents names the whole address. Returns each page's annotations
/// and their places in the parent tree.
fn annotations(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    page_ids: &[ObjectId],
) -> (Vec<Vec<ObjectId>>, tree::Links) {
    let mut annots: Vec<Vec<ObjectId>> = Vec::with_capacity(page_ids.len());
    let mut links = tree::Links {
        parents: Vec::new(),
        next_key: page_ids.len() as i64,
    };
    for (page, &pid) in laid.pages.iter().zip(page_ids) {
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
            let real = |p: Pt| Object::Real(p.0);
            // Each line's box, counter-clockwise from its lower left corner.
            let quads: Vec<Object> = link
                .rects
                .iter()
                .flat_map(|r| [r[0], r[1], r[2], r[1], r[2], r[3], r[0], r[3]])
                .map(real)
                .collect();
            let words = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let contents = if words == link.url || words.is_empty() {
                link.url.clone()
            } else {
                format!("{words} ({})", link.url)
            };
            let dict = Dictionary::from_iter(vec![
                ("Type", name("Annot")),
                ("Subtype", name("Link")),
                (
                    "Rect",
                    Object::Array(bounds.into_iter().map(real).collect()),
                ),
                ("QuadPoints", Object::Array(quads)),
                (
                    "Border",
                    Object::Array(vec![
                        Object::Integer(0),
                        Object::Integer(0),
                        Object::Integer(0),
                    ]),
                ),
                (
                    "A",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", name("Action")),
                        ("S", name("URI")),
                        (
                            "URI",
                            Object::String(link.url.as_bytes().to_vec(), StringFormat::Literal),
                        ),
                    ])),
                ),
                ("Contents", text(&contents)),
                // Printable, as PDF/A asks of every annotation.
                ("F", Object::Integer(4)),
                ("P", Object::Reference(pid)),
                ("StructParent", Object::Integer(links.next_key)),
            ]);
            links.parents.push((links.next_key, link.node));
            links.next_key += 1;
            ids.push(pdf.add_object(Object::Dictionary(dict)));
        }
        annots.push(ids);
    }
    for (p, (&pid, ids)) in page_ids.iter().zip(&annots).enumerate() {
        if let Ok(page) = pdf.get_dictionary_mut(pid) {
            if ids.is_empty() {
                page.remove(b"Annots");
            } else {
                page.set(
                    "Annots",
                    Object::Array(ids.iter().map(|&id| Object::Reference(id)).collect()),
                );
            }
            page.set("StructParents", Object::Integer(p as i64));
            page.set("Tabs", name("S"));
        }
    }
    (annots, links)
}

/// The XMP packet and the document information dictionary, saying the same things.
fn metadata(pdf: &mut lopdf::Document, laid: &Laid, meta: &Meta) -> (ObjectId, ObjectId) {
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
    let mut xmp_stream = Stream::new(
        Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]),
        xmp.into_bytes(),
    );
    xmp_stream.allows_compression = false;
    let xmp_id = pdf.add_object(Object::Stream(xmp_stream));
    let date = pdf_date(meta.date);
    let info_id = pdf.add_object(Object::Dictionary(Dictionary::from_iter(vec![
        ("Title", text(&meta.title)),
        ("Author", text(&meta.author)),
        ("Subject", text(&meta.subject)),
        ("Keywords", text(&meta.keywords.join(", "))),
        ("Creator", text(&meta.creator)),
        ("Producer", text(&meta.creator)),
        ("CreationDate", text(&date)),
        ("ModDate", text(&date)),
    ])));
    (xmp_id, info_id)
}

/// Builds the outline from the headings below the title: level 2 at the top, deeper levels
/// nested under the heading before them.
fn outline(pdf: &mut lopdf::Document, laid: &Laid, page_ids: &[ObjectId]) -> Option<ObjectId> {
    let marks: Vec<_> = laid.marks.iter().filter(|m| m.level >= 2).collect();
    if marks.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| pdf.new_object_id()).collect();
    // Each entry's parent: the nearest earlier entry of a lower level, or the root.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    for (i, m) in marks.iter().enumerate() {
        let parent = (0..i).rev().find(|&j| marks[j].level < m.level);
        parents.push(parent);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..marks.len()).filter(|&i| parents[i] == p).collect()
    };
    let mut dicts: Vec<Dictionary> = Vec::with_capacity(marks.len());
    for (i, m) in marks.iter().enumerate() {
        let mut d = Dictionary::from_iter(vec![
            ("Title", text(&m.title)),
            (
                "Parent",
                Object::Reference(parents[i].map_or(root, |p| ids[p])),
            ),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_ids[m.page.min(page_ids.len() - 1)]),
                    name("XYZ"),
                    Object::Null,
                    Object::Real(m.y.0 + 4.0),
                    Object::Null,
                ]),
            ),
        ]);
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(kids.len() as i64));
        }
        dicts.push(d);
    }
    // Siblings.
    for p in std::iter::once(None).chain((0..marks.len()).map(Some)) {
        let kids = children(p);
        for (k, &i) in kids.iter().enumerate() {
            if k > 0 {
                dicts[i].set("Prev", Object::Reference(ids[kids[k - 1]]));
            }
            if let Some(&next) = kids.get(k + 1) {
                dicts[i].set("Next", Object::Reference(ids[next]));
            }
        }
    }
    let top = children(None);
    for (i, d) in dicts.into_iter().enumerate() {
        pdf.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut root_dict = Dictionary::from_iter(vec![("Type", name("Outlines"))]);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[first]));
        root_dict.set("Last", Object::Reference(ids[last]));
        root_dict.set("Count", Object::Integer(top.len() as i64));
    }
    pdf.objects.insert(root, Object::Dictionary(root_dict));
    Some(root)
}

/// The XMP packet: Dublin Core title, author, subject and languages, the dates, and (when
/// the file `conforms`) the PDF/A-2 and PDF/UA-1 identifiers. Each property says what the information dictionary
/// says, in the same words and the same dates (PDF/A asks that they agree).
fn xmp_packet(meta: &Meta, languages: &[String], conforms: bool) -> String {
    let date = iso_date(meta.date);
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
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
</rdf:Description>
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
    fn text_strings_carry_welsh_letters() {
        assert_eq!(
            text("Plain"),
            Object::String(b"Plain".to_vec(), StringFormat::Literal)
        );
        // An en dash and curly quotes have PDFDocEncoding codes; ŵ has none.
        assert_eq!(
            text("A – ‘b’ £5 €5"),
            Object::String(
                vec![
                    b'A', b' ', 0x85, b' ', 0x8F, b'b', 0x90, b' ', 0xA3, b'5', b' ', 0xA0, b'5'
                ],
                StringFormat::Hexadecimal
            )
        );
        for s in ["A – ‘b’ £5 €5 “c” • …", "Gŵyl"] {
            assert_eq!(lopdf::decode_text_string(&text(s)).unwrap(), s);
        }
        let Object::String(bytes, _) = text("Gŵyl") else {
            panic!()
        };
        assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
    }
}
