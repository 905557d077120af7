//! The pages' drawing as printpdf's operators: pictures, rules, each text in its marked
//! content, and the links' annotations.
//!
//! printpdf holds a page's operators as a model (a marked-content sequence's properties are a
//! map of their own), a kilobyte or more for each piece of text, so a long document is drawn
//! in runs of pages ([`runs`]): each run is a printpdf document of its own, whose pages'
//! drawings are deflated and put into the file's pages before the next run is drawn. A letter
//! is one run, drawn in the document printpdf writes.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::ops::Range;

use anyhow::{Result, anyhow, bail};
use flate2::write::ZlibEncoder;
use lopdf::{Object, ObjectId};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, DictItem, FontId, LinkAnnotation, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Pt as PdfPt, Rect, Rgb,
    TextItem, XObjectId, XObjectTransform,
};

use super::super::fonts::{Face, Fonts};
use super::super::layout::{Artifact, BarInk, Ink, Laid, LinkArea, Page, Pt};
use super::{LEVEL, resource, round, tree};

const LINK_BLUE: (f32, f32, f32) = (0.114, 0.31, 0.569);

/// The most pieces (texts, rules and pictures) one run of pages holds: about ten megabytes of
/// printpdf's operators, and more than the longest letter seen has in all, so a letter is
/// drawn at once.
pub const RUN: usize = 8_192;

/// One face the document embeds: its resource name, its subset as printpdf reads it, the
/// code the file draws each of the face's glyphs with, and one character for each glyph
/// drawn.
pub struct Embedded {
    /// The face's resource name.
    pub id: FontId,
    /// The subset, as printpdf embeds it.
    pub font: ParsedFont,
    /// The code of each of the face's glyphs in the subset, by the face's own glyph number
    /// (0, the missing glyph's, for a glyph the subset leaves out): the code printpdf gives a
    /// character, found once for each glyph rather than for each character drawn.
    pub codes: Vec<u16>,
    /// For each glyph drawn, the last character drawn with it, in the order of the glyphs:
    /// what printpdf lists the font's widths and its Unicode map for (see [`Faces::usage`]).
    pub used: String,
}

impl Embedded {
    /// The face's subset, with the codes of its glyphs found as printpdf finds them (the
    /// subset's glyph for a character, or, in a CFF font keyed by CIDs, that glyph's CID)
    /// and `used`, the characters its widths and Unicode map are made from.
    pub fn new(
        id: FontId,
        font: ParsedFont,
        face: &Face,
        chars: &std::collections::BTreeSet<char>,
        used: String,
    ) -> Self {
        let cids = printpdf::font::cff_charset_gid_to_cid_map(&font.original_bytes, 0);
        let code = |g: u16| match &cids {
            Some(map) => map.get(&g).copied().unwrap_or(0),
            None => g,
        };
        let mut codes = vec![code(0); face.glyph_count().max(1)];
        for &c in chars {
            if let Some(g) = face.glyph(c)
                && let Some(slot) = codes.get_mut(usize::from(g))
            {
                *slot = code(font.lookup_glyph_index(c as u32).unwrap_or(0));
            }
        }
        Embedded {
            id,
            font,
            codes,
            used,
        }
    }
}

/// The faces the document embeds, each under its own resource name.
pub struct Faces(pub Vec<Embedded>);

impl Faces {
    /// Gives a printpdf document the faces, under their own resource names.
    pub fn add_to(&self, doc: &mut PdfDocument) {
        for e in &self.0 {
            doc.resources
                .fonts
                .map
                .insert(e.id.clone(), PdfFont::new(e.font.clone()));
        }
    }

    /// The drawing of a page that is not kept: each face's glyphs shown once, each with the
    /// last character drawn with it. The pages show their text as codes printpdf writes as
    /// they are given ([`shown`]), so printpdf learns from this page alone which glyphs each
    /// face draws and which character each stands for: the font's widths and its Unicode map
    /// are then those of the letter's own text, as when printpdf read every character of it.
    /// The page is taken out of the file once printpdf has written it.
    pub fn usage(&self) -> Vec<Op> {
        let mut ops = vec![Op::StartTextSection];
        for e in &self.0 {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(e.id.clone()),
                size: PdfPt(1.0),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(e.used.clone())],
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// The codes of the face drawn in `style`; none for a face the letter does not draw.
    fn codes(&self, style: super::Style) -> &[u16] {
        let id = resource(style);
        self.0
            .iter()
            .find(|e| e.id.0 == id)
            .map_or(&[], |e| e.codes.as_slice())
    }
}

/// The pages in runs of at least one page and, where a page allows, no more than `most`
/// pieces ([`RUN`]).
pub fn runs(pages: &[Page], most: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pieces = 0;
    for (p, page) in pages.iter().enumerate() {
        let n = page.texts.len() + page.bars.len() + page.figures.len();
        if p > start && pieces + n > most {
            out.push(start..p);
            start = p;
            pieces = 0;
        }
        pieces += n;
    }
    if start < pages.len() {
        out.push(start..pages.len());
    }
    out
}

/// A page of the letter's size with these operators.
pub fn sized(ops: Vec<Op>, size: [Pt; 2]) -> PdfPage {
    let mut page = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
    page.media_box = Rect::from_wh(PdfPt(size[0].0), PdfPt(size[1].0));
    page.trim_box = page.media_box.clone();
    page.crop_box = page.media_box.clone();
    page
}

/// How printpdf is asked to write: the fonts as s55 subset them, and the text shown as the
/// glyph codes s55 gives ([`shown`]), which printpdf writes only when not asked to be
/// `secure` (an operator it does not model; s55 gives no other).
pub fn options() -> printpdf::PdfSaveOptions {
    printpdf::PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: false,
        image_optimization: None,
    }
}

/// The document information printpdf is given: its own XMP and CMYK output intent left out
/// (s55 adds the PDF/A ones).
pub fn conformance() -> printpdf::PdfConformance {
    printpdf::PdfConformance::Custom(printpdf::CustomPdfConformance {
        requires_xmp_metadata: false,
        requires_icc_profile: false,
        ..printpdf::CustomPdfConformance::default()
    })
}

/// Draws the pages of `run` in a printpdf document of their own and puts each page's drawing,
/// deflated, into the file's page of the same number; what the structure tree needs of each
/// page is kept in `marks`. Only this run's operators are held at once.
pub fn run_into(
    file: &mut lopdf::Document,
    page_ids: &[ObjectId],
    laid: &Laid,
    run: Range<usize>,
    art: (&Fonts, &Faces, &[[f32; 2]]),
    marks: &mut tree::Marked,
) -> Result<()> {
    let (fonts, faces, sizes) = art;
    // No fonts: the pages show their text as codes ([`shown`]), which printpdf writes
    // without them, and only the pages' drawings are taken from this document.
    let mut doc = PdfDocument::new("");
    doc.metadata.info.conformance = conformance();
    doc.pages = laid.pages[run.clone()]
        .iter()
        .map(|page| {
            let (ops, mcids, figures) = page_ops(page, laid, (fonts, faces), sizes);
            marks.page(&mcids, figures, page);
            sized(ops, laid.size)
        })
        .collect();
    let mut part = doc.to_lopdf_document(&options(), &mut Vec::new());
    drop(doc);
    let drawn: Vec<ObjectId> = part.page_iter().collect();
    if drawn.len() != run.len() {
        bail!("the PDF has {} pages of {}", drawn.len(), run.len());
    }
    with_compressor(|z| {
        for (from, &to) in drawn.into_iter().zip(&page_ids[run.clone()]) {
            let content = std::mem::take(&mut stream(&mut part, from)?.content);
            let packed = deflate(z, &content)?;
            let into = stream(file, to)?;
            match packed {
                Some(packed) => {
                    into.dict
                        .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    into.set_content(packed);
                }
                None => into.set_content(content),
            }
        }
        Ok(())
    })
}

/// A page's content stream.
fn stream(file: &mut lopdf::Document, page: ObjectId) -> Result<&mut lopdf::Stream> {
    let id = file
        .get_dictionary(page)?
        .get(b"Contents")
        .and_then(Object::as_reference)?;
    match file.get_object_mut(id)? {
        Object::Stream(s) => Ok(s),
        _ => Err(anyhow!("a page of the PDF has no drawing")),
    }
}

/// A compressor, and whether it has made a stream since it was last made ready for one.
pub struct Compressor {
    z: ZlibEncoder<Vec<u8>>,
    used: bool,
}

thread_local! {
    /// This thread's compressor, kept from one letter to the next: making one costs half a
    /// million instructions (its tables allocated and cleared), as much as deflating a page,
    /// and an archive's build writes hundreds of letters on each thread. Each stream is a
    /// compression of its own ([`deflate`] readies the compressor before each but the first
    /// of a new one), so a kept compressor gives the same bytes as a new one.
    static COMPRESSOR: RefCell<Option<Compressor>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's compressor (see [`COMPRESSOR`]), made the first time. One that
/// failed is not kept, as it may stand in the middle of a stream.
pub fn with_compressor<R>(f: impl FnOnce(&mut Compressor) -> Result<R>) -> Result<R> {
    let mut z = COMPRESSOR
        .with(|c| c.borrow_mut().take())
        .unwrap_or_else(|| Compressor {
            z: ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL)),
            used: false,
        });
    let out = f(&mut z);
    if out.is_ok() {
        COMPRESSOR.with(|c| *c.borrow_mut() = Some(z));
    }
    out
}

/// `data` deflated with `c`, when that makes it smaller. The compressor is readied (its
/// tables cleared, a fifth of a page's deflating) before a stream rather than after, so that
/// the last stream of a letter leaves it as it is.
pub fn deflate(c: &mut Compressor, data: &[u8]) -> Result<Option<Vec<u8>>> {
    if c.used {
        c.z.reset(Vec::new())?;
    }
    c.used = true;
    c.z.write_all(data)?;
    c.z.try_finish()?;
    let packed = std::mem::take(c.z.get_mut());
    Ok((packed.len() + " /Filter /FlateDecode".len() < data.len()).then_some(packed))
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

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
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

/// Which marked-content sequence a text is drawn in: its structure element's, or an
/// artifact's of its kind.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Node(usize),
    Artifact(Artifact),
}

/// A fill colour, compared to set it only when it changes.
#[derive(Clone, Copy, PartialEq)]
enum Fill {
    Grey(f32),
    Blue,
}

impl Fill {
    fn color(self) -> Color {
        match self {
            Fill::Grey(g) => grey(g),
            Fill::Blue => rgb(LINK_BLUE),
        }
    }
}

/// The fill colour is set when it differs from the one in force.
fn fill(ops: &mut Vec<Op>, current: &mut Option<Fill>, want: Fill) {
    if *current != Some(want) {
        *current = Some(want);
        ops.push(Op::SetFillColor { col: want.color() });
    }
}

/// A coordinate in thousandths of a point, as the page's coordinates are written (see
/// [`round`]), so that moves from one text to the next add up exactly.
fn milli(v: Pt) -> i64 {
    let v = f64::from(v.0) * 1000.0;
    if v.is_finite() { v.round() as i64 } else { 0 }
}

/// A page's drawing: its pictures, each in a Figure's marked content; its bars, in artifacts;
/// then one text object. In it, the texts one after the other of one structure element (a
/// paragraph's lines, a bold word and the words around it) are one marked-content sequence
/// with one MCID, and the texts of an artifact (a footer) one `/Artifact` sequence; the font
/// and colour are set only when they change, and each text is placed by a move (`Td`) from
/// the one before rather than a whole text matrix. Its links are [`links`]. Returns the
/// operators, each text's MCID and each figure's: a text that goes on in the marked content
/// of the one before has none of its own (`None`), as an artifact has none, so the structure
/// tree and its parent tree list each MCID once.
pub fn page_ops(
    page: &Page,
    laid: &Laid,
    (fonts, faces): (&Fonts, &Faces),
    sizes: &[[f32; 2]],
) -> (Vec<Op>, Vec<Option<u32>>, Vec<u32>) {
    // At most a font, a colour, a move and the text for each text, and a colour and a
    // rectangle for each bar, with the sequences around them.
    let mut ops =
        Vec::with_capacity(page.texts.len() * 6 + page.bars.len() * 4 + page.figures.len() * 3 + 4);
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
    // The colour in force: bars and texts share it (a figure's is its own, inside q … Q).
    let mut colour: Option<Fill> = None;
    // The bars one after the other of one kind of artifact are one sequence.
    let mut open: Option<Artifact> = None;
    for bar in &page.bars {
        if open != Some(bar.artifact) {
            if open.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            open = Some(bar.artifact);
            ops.push(artifact(bar.artifact));
        }
        let want = match bar.ink {
            BarInk::Grey(g) => Fill::Grey(g),
            BarInk::Link => Fill::Blue,
        };
        fill(&mut ops, &mut colour, want);
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
    }
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    if page.texts.is_empty() {
        return (ops, mcids, figures);
    }
    // One text object per page.
    ops.push(Op::StartTextSection);
    let codes = super::Style::ALL.map(|style| faces.codes(style));
    let names = super::Style::ALL.map(|style| FontId(resource(style)));
    let mut mark: Option<Mark> = None;
    let mut font: Option<(super::Style, f32)> = None;
    // Where the last text began, in thousandths of a point: `Td` moves from there.
    let mut at = (0i64, 0i64);
    for t in &page.texts {
        let m = match t.node {
            Some(node) => Mark::Node(node),
            None => Mark::Artifact(t.artifact),
        };
        if mark == Some(m) {
            mcids.push(None);
        } else {
            if mark.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            mark = Some(m);
            match m {
                Mark::Node(node) => {
                    ops.push(tagged(laid.nodes[node].kind.name(), next));
                    mcids.push(Some(next));
                    next += 1;
                }
                Mark::Artifact(kind) => {
                    ops.push(artifact(kind));
                    mcids.push(None);
                }
            }
        }
        if font != Some((t.style, t.size.0)) {
            font = Some((t.style, t.size.0));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(names[t.style.index()].clone()),
                size: PdfPt(round(t.size.0)),
            });
        }
        let want = match t.ink {
            Ink::Text => Fill::Grey(0.0),
            Ink::Link => Fill::Blue,
            Ink::Muted => Fill::Grey(0.33),
        };
        fill(&mut ops, &mut colour, want);
        // printpdf writes this operator as `Td`, a move of the start of the line.
        let to = (milli(t.x), milli(t.y));
        ops.push(Op::SetTextCursor {
            pos: printpdf::Point {
                x: PdfPt(((to.0 - at.0) as f64 / 1000.0) as f32),
                y: PdfPt(((to.1 - at.1) as f64 / 1000.0) as f32),
            },
        });
        at = to;
        ops.push(shown(&t.text, fonts.face(t.style), codes[t.style.index()]));
    }
    ops.push(Op::EndMarkedContent);
    ops.push(Op::EndTextSection);
    (ops, mcids, figures)
}

/// A page's link annotations, in the order of its links.
pub fn links(page: &Page, laid: &Laid) -> impl Iterator<Item = Op> {
    page.links.iter().filter_map(|link| link_op(link, laid))
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

/// The text as runs of glyph codes between the font's kerning adjustments: the same widths
/// layout measured. Each letter is drawn with the subset's glyph for it (a letter the font
/// lacks with its missing glyph), the code printpdf would give it, found in `codes` by the
/// face's glyph; the font's ToUnicode map gives the letter back. printpdf writes the codes as
/// given, as literal strings (each code two bytes), where for text it would look every
/// letter up again, keep a string for each and write each byte as two hexadecimal digits:
/// the same glyphs, and the same text for any reader, for a fraction of the work.
fn shown(text: &str, face: &Face, codes: &[u16]) -> Op {
    let em = f32::from(face.units_per_em);
    let mut items: Vec<DictItem> = Vec::new();
    let mut run: Vec<u8> = Vec::with_capacity(text.len() * 2);
    let mut prev: Option<u16> = None;
    for c in text.chars() {
        let g = face.glyph(c).unwrap_or(0);
        if let Some(p) = prev {
            let k = face.kern(p, g);
            if k != 0 {
                items.push(DictItem::String {
                    data: std::mem::replace(&mut run, Vec::with_capacity(text.len() * 2)),
                    literal: true,
                });
                items.push(DictItem::Real(round(-f32::from(k) * 1000.0 / em)));
            }
        }
        prev = Some(g);
        let code = codes.get(usize::from(g)).copied().unwrap_or(0);
        run.extend_from_slice(&code.to_be_bytes());
    }
    let last = DictItem::String {
        data: run,
        literal: true,
    };
    // One run is shown with `Tj`, runs with kerning between them with `TJ`, as printpdf
    // shows text.
    if items.is_empty() {
        Op::Unknown {
            key: "Tj".to_owned(),
            value: vec![last],
        }
    } else {
        items.push(last);
        Op::Unknown {
            key: "TJ".to_owned(),
            value: vec![DictItem::Array(items)],
        }
    }
}
