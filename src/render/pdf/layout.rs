//! Layout: the letter's blocks into A4 pages of positioned text, with the document's logical
//! structure beside them. Pure: no PDF here, so it is tested as text ([`Laid::dump`]).
//!
//! Policy:
//! - lines break at Unicode (UAX #14) opportunities, measured with the font's own advances and
//!   kerning; a word wider than the line is broken between letters rather than overrun;
//! - a heading stays with the first two lines of what follows it; a paragraph never leaves a
//!   single line alone at the foot or the head of a page; a paragraph made of short broken
//!   lines (an address, the signature block) is kept whole; the chief officer's quoted
//!   comments stay with their attribution;
//! - nested lists hang their text from the marker, numbered as the letter says;
//! - the letterhead (the office's name and address) heads page 1; every page has the response's
//!   title and "Page N of M" in its footer. Footers and rules are artifacts, outside the
//!   structure; everything else belongs to a structure element in reading order.

use std::collections::BTreeSet;
use std::ops::{Add, AddAssign, Mul, Sub, SubAssign};

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::blocks::{Block, Marker, Span};
use super::fonts::{Fonts, Style};

/// A length in PDF points (1/72 inch).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}
impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}
impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}

impl Pt {
    /// The larger of two lengths.
    pub fn max(self, o: Pt) -> Pt {
        if o.0 > self.0 { o } else { self }
    }
}

/// The page and what goes around the letter.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Left and right margins.
    pub side: Pt,
    /// Top margin.
    pub top: Pt,
    /// Bottom margin (the footer sits inside it).
    pub bottom: Pt,
    /// The letterhead lines on page 1: the office's name first.
    pub letterhead: Vec<String>,
    /// Where each letterhead line links to, if anywhere (the web and e-mail addresses).
    pub letterhead_links: Vec<Option<String>>,
    /// The response's title, in every footer.
    pub footer_title: String,
    /// The letter's valediction ("Yours sincerely"), if it has one: the paragraph that reads
    /// so stands apart from the text above it and keeps with the signature block after it,
    /// with room to sign between them.
    pub valediction: Option<String>,
    /// The page label with `{page}` and `{pages}`: "Page {page} of {pages}".
    pub page_label: String,
    /// Footnotes together at the end of the letter, under this heading, rather than at the
    /// foot of the page that refers to them.
    pub notes_at_end: Option<String>,
    /// The heading over notes set at the end because they are too long for a page's foot.
    pub notes_heading: String,
    /// In a bilingual document, each edition's footer: (language, title, page label). Each
    /// edition starts a page, and its pages carry its footer.
    pub footers: Vec<(String, String, String)>,
    /// The office's logo, at the head of page 1 beside the letterhead.
    pub logo: Option<Picture>,
    /// The signature, where the letter's `<!-- s55:signature -->` stands: in the room to
    /// sign between the valediction and the name.
    pub signature: Option<Picture>,
}

/// A picture the letter shows: the office's logo, the signature.
#[derive(Debug, Clone)]
pub struct Picture {
    /// What it shows, for readers who cannot see it: the figure's alternate text.
    pub alt: String,
    /// Its width and height on the page, its proportions kept.
    pub size: [Pt; 2],
    /// The picture, for the writer.
    pub data: crate::model::ImageData,
}

/// A picture placed on a page, in a Figure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Left edge.
    pub x: Pt,
    /// Bottom edge, from the bottom of the page (within a line box: its top, from the box's
    /// top down).
    pub y: Pt,
    /// Width.
    pub w: Pt,
    /// Height.
    pub h: Pt,
    /// The picture: `Laid::pictures[picture]`.
    pub picture: usize,
    /// Its Figure element.
    pub node: usize,
    /// How many of the page's texts come before it in reading order.
    pub after: usize,
}

impl Setup {
    /// A4 with the margins s55 uses.
    pub fn a4(letterhead: Vec<String>, footer_title: String, page_label: String) -> Self {
        Setup {
            width: Pt(595.28),
            height: Pt(841.89),
            side: Pt(64.0),
            top: Pt(58.0),
            bottom: Pt(72.0),
            letterhead,
            letterhead_links: Vec::new(),
            footer_title,
            page_label,
            valediction: None,
            notes_at_end: None,
            notes_heading: String::new(),
            footers: Vec::new(),
            logo: None,
            signature: None,
        }
    }
}

/// The kinds of structure element, as tagged PDF names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The whole document.
    Document,
    /// A heading, level 1 to 6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's marker.
    Lbl,
    /// A list item's body.
    LBody,
    /// A block quote.
    BlockQuote,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// A link.
    Link,
    /// A part of the document (one language's edition in a bilingual document).
    Part,
    /// A passage inside a block, in another language than the block's.
    Span,
    /// A footnote's reference in the text.
    Reference,
    /// A footnote.
    Note,
    /// A picture, with its alternate text.
    Figure,
}

impl Kind {
    /// The standard structure type's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Document => "Document",
            Kind::H(1) => "H1",
            Kind::H(2) => "H2",
            Kind::H(3) => "H3",
            Kind::H(4) => "H4",
            Kind::H(5) => "H5",
            Kind::H(_) => "H6",
            Kind::P => "P",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::BlockQuote => "BlockQuote",
            Kind::Table => "Table",
            Kind::TR => "TR",
            Kind::TH => "TH",
            Kind::TD => "TD",
            Kind::Link => "Link",
            Kind::Part => "Part",
            Kind::Span => "Span",
            Kind::Reference => "Reference",
            Kind::Note => "Note",
            Kind::Figure => "Figure",
        }
    }
}

/// What a structure element holds, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// A child element.
    Node(usize),
    /// A text on a page: `pages[page].texts[text]`.
    Text {
        /// The page, from 0.
        page: usize,
        /// The text's index on the page.
        text: usize,
    },
    /// A link annotation: `pages[page].links[link]`.
    Link {
        /// The page, from 0.
        page: usize,
        /// The link's index on the page.
        link: usize,
    },
    /// A picture: `pages[page].figures[figure]`.
    Figure {
        /// The page, from 0.
        page: usize,
        /// The figure's index on the page.
        figure: usize,
    },
}

/// A structure element.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its type.
    pub kind: Kind,
    /// Its parent; `None` for the document.
    pub parent: Option<usize>,
    /// What it holds, in reading order.
    pub kids: Vec<Kid>,
    /// Its language, when it differs from the document's.
    pub lang: Option<String>,
    /// Its identifier, for a note (PDF/UA-1, 7.9).
    pub id: Option<String>,
    /// For a list, how its items are numbered.
    pub numbering: Option<Marker>,
    /// For a figure, what it shows.
    pub alt: Option<String>,
}

/// What kind of artifact a text or bar without a structure element is (ISO 32000-1,
/// 14.8.2.2): readers skip both, but a reflowing reader drops pagination and keeps layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Artifact {
    /// Rules, borders, the quote bar, link underlines, a hyphen added at a break.
    #[default]
    Layout,
    /// The running footer: the response's title, the page number and its rule.
    Footer,
}

/// The colour of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Body text.
    Text,
    /// A link.
    Link,
    /// Footers.
    Muted,
}

/// A run of text at a place on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// Left edge.
    pub x: Pt,
    /// Baseline, from the bottom of the page.
    pub y: Pt,
    /// The face.
    pub style: Style,
    /// The size.
    pub size: Pt,
    /// What it says.
    pub text: String,
    /// How many spaces at the end of `text` stand for a line break or a gap between styles:
    /// they make the tagged text read as the words do, and the dump leaves them out.
    pub added: usize,
    /// Its colour.
    pub ink: Ink,
    /// Its structure element; `None` for an artifact (footers).
    pub node: Option<usize>,
    /// The kind of artifact, when `node` is `None`.
    pub artifact: Artifact,
}

/// A link's clickable area on one page: one rectangle for each line it covers, so a link
/// that wraps is still one annotation, one tab stop.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// Each line's box: lower left x, lower left y, upper right x, upper right y.
    pub rects: Vec<[Pt; 4]>,
    /// Where it goes: a web or e-mail address, or a place in the letter ([`Laid::places`]):
    /// `#note-N` a footnote, `#ref-N` the place that first refers to it.
    pub url: String,
    /// Its Link element.
    pub node: usize,
    /// The words it covers, for the annotation's description.
    pub text: String,
}

/// A filled rectangle, drawn as an artifact (rules, the quote bar, underlines).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Left.
    pub x: Pt,
    /// Bottom, from the bottom of the page (within a line box: from the box's top down).
    pub y: Pt,
    /// Width.
    pub w: Pt,
    /// Height.
    pub h: Pt,
    /// Its colour.
    pub ink: BarInk,
    /// The kind of artifact it is.
    pub artifact: Artifact,
}

/// The colour of a bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BarInk {
    /// A grey, 0 black to 1 white.
    Grey(f32),
    /// The colour of links (their underlines).
    Link,
}

/// One laid-out page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Texts, in reading order.
    pub texts: Vec<Text>,
    /// Link areas.
    pub links: Vec<LinkArea>,
    /// Rules and bars.
    pub bars: Vec<Bar>,
    /// Pictures.
    pub figures: Vec<Figure>,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The heading level (2 for a section).
    pub level: u8,
    /// The heading's text.
    pub title: String,
    /// The page, from 0.
    pub page: usize,
    /// The top of the heading, from the bottom of the page.
    pub y: Pt,
}

/// The laid-out document.
#[derive(Debug, Clone)]
pub struct Laid {
    /// The page's width and height.
    pub size: [Pt; 2],
    /// The pages.
    pub pages: Vec<Page>,
    /// The structure elements; the first is the document.
    pub nodes: Vec<Node>,
    /// Bookmarks, in order.
    pub marks: Vec<Mark>,
    /// Characters the fonts have no glyph for.
    pub missing: BTreeSet<char>,
    /// The places internal links lead to, by name (`note-1`, `ref-1`): the page, from 0,
    /// and the top of the line there.
    pub places: std::collections::BTreeMap<String, (usize, Pt)>,
    /// Each page's edition, in a bilingual document: the language of the last edition begun
    /// on or before it.
    pub page_langs: Vec<Option<String>>,
    /// The pictures the pages show.
    pub pictures: Vec<Picture>,
}

impl Laid {
    /// A text dump of the layout, for snapshots: one line per text with its place and style.
    /// The spaces layout adds at breaks ([`Text::added`]) are not shown.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (n, page) in self.pages.iter().enumerate() {
            out.push_str(&format!("--- page {} ---\n", n + 1));
            for f in &page.figures {
                out.push_str(&format!(
                    "figure {:.1},{:.1} {:.1}x{:.1} {}\n",
                    f.x.0,
                    f.y.0,
                    f.w.0,
                    f.h.0,
                    self.nodes[f.node].alt.as_deref().unwrap_or_default()
                ));
            }
            for t in &page.texts {
                let kind = t.node.map_or("Artifact", |i| self.nodes[i].kind.name());
                out.push_str(&format!(
                    "{:6.1} {:6.1} {:?} {:.1} {} {}\n",
                    t.y.0,
                    t.x.0,
                    t.style,
                    t.size.0,
                    kind,
                    &t.text[..t.text.len() - t.added.min(t.text.len())]
                ));
            }
            for l in &page.links {
                for r in &l.rects {
                    out.push_str(&format!(
                        "link {:.1},{:.1}-{:.1},{:.1} {}\n",
                        r[0].0, r[1].0, r[2].0, r[3].0, l.url
                    ));
                }
            }
        }
        out
    }
}

/// Type sizes: (size, leading, space before, space after).
const BODY: (f32, f32) = (11.0, 15.0);
const PARAGRAPH_SPACE: f32 = 7.0;
const LIST_ITEM_SPACE: f32 = 3.0;
const QUOTE_INDENT: f32 = 16.0;
/// Padding on each side of a table cell's text.
const CELL_PAD: f32 = 4.0;
/// The smallest type a table shrinks to before it hyphenates words.
const TABLE_FLOOR: f32 = 8.5;
/// Drawn where a word too wide for any line is split: an artifact, not part of the text.
const HYPHEN: &str = "-";

fn heading_metrics(level: u8) -> (f32, f32, f32, f32) {
    match level {
        1 => (18.0, 22.0, 0.0, 12.0),
        2 => (14.0, 18.0, 16.0, 6.0),
        3 => (12.0, 16.0, 13.0, 5.0),
        _ => (11.0, 15.0, 10.0, 4.0),
    }
}

/// A line (or table row, or letterhead) before it is placed on a page. Texts' `y` is the
/// distance from the box's top down to the baseline; `x` is absolute.
#[derive(Debug, Clone, Default)]
struct LineBox {
    height: Pt,
    space_before: Pt,
    keep_with_next: bool,
    /// Stays with the next box unless that would leave more than [`MAX_HOLE`] empty at the
    /// foot of the page: a paragraph that introduces a list, and the ends of lists and quotes.
    keep_loose: bool,
    /// Starts a new page (a bilingual document's second edition).
    break_before: bool,
    /// The language of the edition this box begins, in a bilingual document.
    part: Option<String>,
    texts: Vec<Text>,
    links: Vec<LinkArea>,
    bars: Vec<Bar>,
    figures: Vec<Figure>,
    quote_bar: Option<Pt>,
    mark: Option<(u8, String)>,
    /// The footnotes referred to on this line, set at the foot of its page.
    notes: Vec<usize>,
    /// The footnote whose first line this is: its place is where the references lead.
    note_start: Option<usize>,
}

/// A piece of a line: text in one style, at an offset from the line's start. `width` is what
/// is drawn; the text may end in the space of a break or of a gap between styles.
#[derive(Debug, Clone)]
struct Piece {
    x: Pt,
    width: Pt,
    text: String,
    style: Style,
    /// The span it comes from.
    span: usize,
    /// Spaces appended for a break or a gap, as [`Text::added`].
    added: usize,
    /// Whether a hyphen follows it: a word split because no line could hold it.
    hyphen: bool,
}

/// A paragraph's spans as one string, with the span each byte range came from.
struct Joined<'a> {
    s: &'a str,
    owners: &'a Owners<'a>,
    spans: &'a [Span],
    bold: bool,
}

/// Which span each byte of a paragraph's joined text came from. Line breaking reads the text
/// from its start to its end, so the lookup keeps its place and moves on from it: each
/// lookup costs O(1) amortised, not a search from the first span (which made a paragraph of
/// many short styled runs take time in the square of its length).
struct Owners<'a> {
    /// (end byte, span), in order.
    ends: &'a [(usize, usize)],
    /// Where the last lookup ended.
    at: std::cell::Cell<usize>,
}

impl<'a> Owners<'a> {
    fn new(ends: &'a [(usize, usize)]) -> Self {
        Owners {
            ends,
            at: std::cell::Cell::new(0),
        }
    }

    /// The run holding `byte`: its end and its span.
    fn run(&self, byte: usize) -> Option<(usize, usize)> {
        let mut k = self.at.get().min(self.ends.len());
        while k > 0 && self.ends[k - 1].0 > byte {
            k -= 1;
        }
        while k < self.ends.len() && self.ends[k].0 <= byte {
            k += 1;
        }
        self.at.set(k);
        self.ends.get(k).copied()
    }

    /// The span `byte` came from.
    fn at(&self, byte: usize) -> usize {
        self.run(byte).map_or(0, |(_, span)| span)
    }
}

struct Layout<'a> {
    fonts: &'a Fonts,
    width: Pt,
    left: Pt,
    boxes: Vec<LineBox>,
    nodes: Vec<Node>,
    pending: Pt,
    /// A cap on the space before the next box: between the items of a list.
    cap: Option<Pt>,
    /// How deep in lists the layout is.
    list_depth: usize,
    missing: BTreeSet<char>,
    valediction: Option<&'a str>,
    /// The size and leading of paragraphs and list labels: the body's, or a footnote's.
    body: (f32, f32),
    /// The footnotes, laid out before the text that refers to them.
    notes: Vec<LaidNote>,
    /// How much of a page the footnotes of one line may take; past it they go to the end.
    note_room: Pt,
    /// The signature's picture, if the letter has one.
    signature: Option<&'a Picture>,
    /// The pictures placed so far.
    pictures: Vec<Picture>,
}

/// A footnote laid out: its lines, set at the foot of the page that first refers to it or
/// at the end of the letter.
#[derive(Debug, Default)]
struct LaidNote {
    boxes: Vec<LineBox>,
    height: Pt,
    /// Its Note element, given a parent where it is first referred to.
    node: usize,
    referred: bool,
    at_end: bool,
}

/// The most a loose keep may leave empty at the foot of a page: three lines of text.
const MAX_HOLE: f32 = 3.0 * BODY.1;

/// A footnote's type: size and leading.
const NOTE_BODY: (f32, f32) = (9.0, 12.0);
/// The space between two footnotes.
const NOTE_GAP: f32 = 3.0;
/// The space above the footnotes of a page, with the short rule that sets them apart.
const NOTE_RULE: f32 = 12.0;
/// The indent of a footnote's text, after its number.
const NOTE_INDENT: f32 = 18.0;

/// The space above a letter's valediction, and the room to sign below it.
const VALEDICTION_SPACE: f32 = 18.0;
const SIGNATURE_ROOM: f32 = 40.0;
/// The space above and below a signature's picture.
const SIGNATURE_GAP: f32 = 6.0;
/// The least space between the logo and the letterhead beside it.
const LOGO_GAP: Pt = Pt(12.0);

/// The letterhead's type for line `i`: the office's name bold, the rest smaller. (Style,
/// size, leading.)
fn letterhead_type(i: usize) -> (Style, f32, f32) {
    if i == 0 {
        (Style::Bold, 11.0, 14.0)
    } else {
        (Style::Regular, 9.5, 12.5)
    }
}

/// Characters with no width and no ink: never drawn.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\r')
}

impl<'a> Layout<'a> {
    fn node(&mut self, kind: Kind, parent: usize) -> usize {
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            kids: Vec::new(),
            lang: None,
            id: None,
            numbering: None,
            alt: None,
        });
        self.nodes.len() - 1
    }

    fn space(&mut self, before: f32) {
        self.pending = self.pending.max(Pt(before));
    }

    fn push(&mut self, mut b: LineBox) {
        b.space_before = match self.cap.take() {
            Some(cap) if cap < self.pending => cap,
            _ => self.pending,
        };
        self.pending = Pt(0.0);
        self.boxes.push(b);
    }

    /// The distance from a line's top to its baseline, centring the font's ascent and
    /// descent in the leading.
    fn baseline(&self, style: Style, size: f32, leading: f32) -> Pt {
        let f = self.fonts.face(style);
        let em = f32::from(f.units_per_em);
        let asc = f32::from(f.ascender) / em * size;
        let desc = -f32::from(f.descender) / em * size;
        Pt((leading - asc - desc) / 2.0 + asc)
    }

    fn measure(&mut self, text: &str, style: Style, size: f32) -> Pt {
        let face = self.fonts.face(style);
        for c in text.chars() {
            if !c.is_whitespace() && face.glyph(c).is_none() {
                self.missing.insert(c);
            }
        }
        Pt(face.width(text, size))
    }

    /// Breaks spans into lines no wider than `width`.
    fn break_lines(&mut self, spans: &[Span], size: f32, width: Pt, bold: bool) -> Vec<Vec<Piece>> {
        // The paragraph as one string, with the span each byte came from.
        let mut s = String::new();
        let mut owner: Vec<(usize, usize)> = Vec::new(); // (end byte, span)
        for (i, span) in spans.iter().enumerate() {
            for c in span.text.chars() {
                if invisible(c) {
                    continue;
                }
                s.push(if c == '\t' { ' ' } else { c });
            }
            owner.push((s.len(), i));
        }
        let owners = Owners::new(&owner);
        let span_at = |byte: usize| owners.at(byte);
        let style_of = |i: usize| Style::of(bold || spans[i].bold, spans[i].italic);

        // Segments between break opportunities.
        // (start, end, hyphenated): the last when a word too wide for any line is split.
        let mut lines: Vec<(usize, usize, bool)> = Vec::new();
        let hyphen = Pt(self.fonts.face(Style::of(bold, false)).width(HYPHEN, size));
        let mut line_start = 0;
        let mut line_width = Pt(0.0);
        let mut prev = 0;
        for (at, kind) in linebreaks(&s) {
            let seg = &s[prev..at];
            let body = seg.trim_end_matches([' ', '\n']);
            let seg_start = prev;
            prev = at;
            let w_body = self.measure_range(
                &s,
                seg_start,
                seg_start + body.len(),
                &span_at,
                &style_of,
                size,
            );
            let w_full = self.measure_range(&s, seg_start, at, &span_at, &style_of, size);
            if line_width + w_body > width && seg_start > line_start {
                lines.push((line_start, seg_start, false));
                line_start = seg_start;
                line_width = Pt(0.0);
            }
            if w_body > width {
                // A word wider than the line: break it between letters, with a visible
                // hyphen (there is room for it) that is not part of the text.
                let mut chunk_start = seg_start;
                let mut w = Pt(0.0);
                for (i, c) in body.char_indices() {
                    let at_byte = seg_start + i;
                    let cw = self.measure_range(
                        &s,
                        at_byte,
                        at_byte + c.len_utf8(),
                        &span_at,
                        &style_of,
                        size,
                    );
                    if w + cw + hyphen > width && at_byte > chunk_start {
                        lines.push((chunk_start, at_byte, true));
                        chunk_start = at_byte;
                        w = Pt(0.0);
                    }
                    w += cw;
                }
                line_start = chunk_start;
                line_width = w + (w_full - w_body);
            } else {
                line_width += w_full;
            }
            if kind == BreakOpportunity::Mandatory && at < s.len() {
                lines.push((line_start, at, false));
                line_start = at;
                line_width = Pt(0.0);
            }
        }
        if line_start < s.len() || lines.is_empty() {
            lines.push((line_start, s.len(), false));
        }

        // Each line's pieces, trailing spaces and breaks trimmed from what is measured but
        // kept as one space in the text: the tags must read "providing the", not
        // "providingthe" (ISO 32000-1, 14.8.2.5, asks for the space at a line's end too).
        let count = lines.len();
        let text = Joined {
            s: &s,
            owners: &owners,
            spans,
            bold,
        };
        lines
            .into_iter()
            .enumerate()
            .map(|(k, (a, b, hyphenated))| {
                let mut pieces = self.pieces(&text, a, b, k + 1 < count, size);
                if let Some(last) = pieces.last_mut() {
                    last.hyphen = hyphenated;
                }
                pieces
            })
            .collect()
    }

    /// The pieces of the line `text.s[a..b]`, one per span; `breaks` if another line follows.
    fn pieces(
        &mut self,
        text: &Joined<'_>,
        a: usize,
        b: usize,
        breaks: bool,
        size: f32,
    ) -> Vec<Piece> {
        let s = text.s;
        let line = s[a..b].trim_end_matches([' ', '\n']);
        let breaks_at_space = breaks && line.len() < b - a;
        let b = a + line.len();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut x = Pt(0.0);
        let mut at = a;
        while at < b {
            let (end, span) = text
                .owners
                .run(at)
                .map_or((b, 0), |(end, span)| (end.min(b), span));
            let piece = s[at..end].replace('\n', "");
            let style = Style::of(text.bold || text.spans[span].bold, text.spans[span].italic);
            let w = self.measure(&piece, style, size);
            // White space between two styles is a gap, not something to draw on its own:
            // it ends the piece before, so the tagged text keeps it ("Report: PEEL").
            if !piece.trim().is_empty() {
                pieces.push(Piece {
                    x,
                    width: w,
                    text: piece,
                    style,
                    span,
                    added: 0,
                    hyphen: false,
                });
            } else if let Some(last) = pieces.last_mut() {
                last.text.push(' ');
                last.added += 1;
            }
            x += w;
            at = end;
        }
        if breaks_at_space && let Some(last) = pieces.last_mut() {
            last.text.push(' ');
            last.added += 1;
        }
        pieces
    }

    fn measure_range(
        &mut self,
        s: &str,
        a: usize,
        b: usize,
        span_at: &dyn Fn(usize) -> usize,
        style_of: &dyn Fn(usize) -> Style,
        size: f32,
    ) -> Pt {
        let mut w = Pt(0.0);
        let mut at = a;
        while at < b {
            let span = span_at(at);
            let mut end = at;
            for (i, c) in s[at..b].char_indices() {
                if span_at(at + i) != span {
                    break;
                }
                end = at + i + c.len_utf8();
            }
            let text: String = s[at..end].chars().filter(|&c| c != '\n').collect();
            w += Pt(self.fonts.face(style_of(span)).width(&text, size));
            at = end.max(at + 1);
        }
        w
    }

    /// The measure a heading is set to so that its lines come out even: the narrowest that
    /// still takes no more lines than the full width does, so that a heading never leaves one
    /// word alone on its last line. Never below 60% of the width, where a long word could
    /// need breaking.
    fn balanced(&mut self, spans: &[Span], size: f32, width: Pt) -> Pt {
        let lines = self.break_lines(spans, size, width, true).len();
        if lines < 2 {
            return width;
        }
        let (mut narrow, mut wide) = (Pt(width.0 * 0.6), width);
        for _ in 0..12 {
            let mid = Pt((narrow.0 + wide.0) / 2.0);
            if self.break_lines(spans, size, mid, true).len() <= lines {
                wide = mid;
            } else {
                narrow = mid;
            }
        }
        wide
    }

    /// Lays out text as lines of a structure element `node`. Returns the index of the first
    /// box, and how many boxes.
    #[allow(clippy::too_many_arguments)]
    fn text_block(
        &mut self,
        spans: &[Span],
        node: usize,
        x0: Pt,
        width: Pt,
        size: f32,
        leading: f32,
        bold: bool,
        quote_bar: Option<Pt>,
    ) -> (usize, usize) {
        let lines = self.break_lines(spans, size, width, bold);
        let first = self.boxes.len();
        // One Link (or Span, for a passage in another language) element for each run of
        // such a span, across lines.
        let mut inline: Option<(usize, usize)> = None; // (span, node)
        let n = lines.len();
        let hard_breaks = spans.iter().any(|s| s.text.contains('\n'));
        for (i, pieces) in lines.into_iter().enumerate() {
            let dy = self.baseline(Style::Regular, size, leading);
            let mut b = LineBox {
                height: Pt(leading),
                quote_bar,
                ..LineBox::default()
            };
            for p in pieces {
                let span = &spans[p.span];
                let text_node = if span.link.is_none() && span.lang.is_none() && span.note.is_none()
                {
                    inline = None;
                    node
                } else {
                    let ln = match inline {
                        Some((s, ln)) if s == p.span => ln,
                        _ => {
                            if let Some(k) = span.note {
                                // A Reference holding the link to its note.
                                let r = self.node(Kind::Reference, node);
                                self.refer(k, node);
                                self.node(Kind::Link, r)
                            } else {
                                let kind = if span.link.is_some() {
                                    Kind::Link
                                } else {
                                    Kind::Span
                                };
                                let ln = self.node(kind, node);
                                self.nodes[ln].lang.clone_from(&span.lang);
                                ln
                            }
                        }
                    };
                    inline = Some((p.span, ln));
                    ln
                };
                if let Some(k) = span.note
                    && !b.notes.contains(&k)
                {
                    b.notes.push(k);
                }
                let target = span
                    .link
                    .clone()
                    .or_else(|| span.note.map(|k| format!("#note-{}", k + 1)));
                if let Some(url) = &target {
                    let top = dy - Pt(size);
                    let rect = [x0 + p.x, top, x0 + p.x + p.width, dy + Pt(size * 0.25)];
                    match b.links.last_mut() {
                        // A change of style inside a link: still the same annotation.
                        Some(last) if last.node == text_node => {
                            last.rects.push(rect);
                            last.text.push_str(&p.text);
                        }
                        _ => b.links.push(LinkArea {
                            rects: vec![rect],
                            url: url.clone(),
                            node: text_node,
                            text: p.text.clone(),
                        }),
                    }
                    b.bars.push(Bar {
                        x: x0 + p.x,
                        y: dy + Pt(size * 0.12 + 0.6),
                        w: p.width,
                        h: Pt(0.6),
                        ink: BarInk::Link,
                        artifact: Artifact::Layout,
                    });
                }
                let ink = if target.is_some() {
                    Ink::Link
                } else {
                    Ink::Text
                };
                b.texts.extend(hyphen_after(&p, x0 + p.x, dy, size, ink));
                b.texts.push(Text {
                    x: x0 + p.x,
                    y: dy,
                    style: p.style,
                    size: Pt(size),
                    text: p.text,
                    added: p.added,
                    ink,
                    node: Some(text_node),
                    artifact: Artifact::Layout,
                });
            }
            // Widows and orphans: the first line stays with the second, the last with the
            // one before. A block of short broken lines stays whole.
            b.keep_with_next = i + 1 < n && (i == 0 || i + 2 == n || (hard_breaks && n <= 12));
            self.too_long_for_the_foot(&b.notes);
            self.push(b);
        }
        (first, self.boxes.len() - first)
    }

    /// Adds lines laid out apart (a note's), keeping the space between them.
    fn append(&mut self, boxes: Vec<LineBox>) {
        for (i, b) in boxes.into_iter().enumerate() {
            if i == 0 {
                self.push(b);
            } else {
                self.boxes.push(b);
            }
        }
    }

    /// Gives note `k` its place in the structure: after the first reference to it, in the
    /// element `parent` that refers to it.
    fn refer(&mut self, k: usize, parent: usize) {
        if let Some(note) = self.notes.get_mut(k)
            && !note.referred
        {
            note.referred = true;
            let node = note.node;
            self.nodes[node].parent = Some(parent);
        }
    }

    /// Footnotes that would take more than their share of a page, with the line that refers
    /// to them, are set at the end of the letter instead.
    fn too_long_for_the_foot(&mut self, notes: &[usize]) {
        let total: f32 = notes
            .iter()
            .filter_map(|&k| self.notes.get(k))
            .filter(|n| !n.at_end)
            .map(|n| n.height.0 + NOTE_GAP)
            .sum();
        if total > self.note_room.0 {
            for &k in notes {
                if let Some(n) = self.notes.get_mut(k) {
                    n.at_end = true;
                }
            }
        }
    }

    /// Lays out the footnotes, each into lines of its own, before the text that refers to
    /// them: pagination then knows how much of a page's foot each one needs.
    fn lay_notes(&mut self, notes: &[Vec<Block>], at_end: bool) {
        let (x0, width) = (self.left, self.width);
        for (k, blocks) in notes.iter().enumerate() {
            let node = self.node(Kind::Note, 0);
            self.nodes[node].id = Some(format!("note-{}", k + 1));
            let boxes = self.note(k, node, blocks, x0, width);
            let height = boxes
                .iter()
                .enumerate()
                .map(|(i, b)| b.height + if i == 0 { Pt(0.0) } else { b.space_before })
                .fold(Pt(0.0), |a, h| a + h);
            self.notes.push(LaidNote {
                boxes,
                height,
                node,
                referred: false,
                at_end: at_end || height > self.note_room,
            });
        }
    }

    /// One footnote's lines, in footnote type: its number hung before its text, and a link
    /// from the number back to the text that refers to it.
    fn note(&mut self, k: usize, node: usize, blocks: &[Block], x0: Pt, width: Pt) -> Vec<LineBox> {
        let saved = std::mem::take(&mut self.boxes);
        let (pending, cap, body) = (self.pending, self.cap.take(), self.body);
        self.pending = Pt(0.0);
        self.body = NOTE_BODY;
        let lbl = self.node(Kind::Lbl, node);
        let link = self.node(Kind::Link, lbl);
        self.blocks(
            blocks,
            node,
            x0 + Pt(NOTE_INDENT),
            width - Pt(NOTE_INDENT),
            None,
        );
        if self.boxes.is_empty() {
            self.boxes.push(LineBox {
                height: Pt(NOTE_BODY.1),
                ..LineBox::default()
            });
        }
        let label = format!("[{}]", k + 1);
        let size = NOTE_BODY.0;
        let w = self.measure(&label, Style::Regular, size);
        let dy = self.boxes[0]
            .texts
            .first()
            .map_or(self.baseline(Style::Regular, size, NOTE_BODY.1), |t| t.y);
        let first = &mut self.boxes[0];
        first.note_start = Some(k);
        first.links.insert(
            0,
            LinkArea {
                rects: vec![[x0, dy - Pt(size), x0 + w, dy + Pt(size * 0.25)]],
                url: format!("#ref-{}", k + 1),
                node: link,
                text: label.clone(),
            },
        );
        first.texts.insert(
            0,
            Text {
                x: x0,
                y: dy,
                style: Style::Regular,
                size: Pt(size),
                text: label,
                added: 0,
                ink: Ink::Link,
                node: Some(link),
                artifact: Artifact::Layout,
            },
        );
        // A note keeps its lines together where it can.
        let n = self.boxes.len();
        for (i, b) in self.boxes.iter_mut().enumerate() {
            b.keep_with_next = i + 1 < n;
        }
        self.pending = pending;
        self.cap = cap;
        self.body = body;
        std::mem::replace(&mut self.boxes, saved)
    }

    /// The footnotes set at the end of the letter, under their heading: those the office
    /// wants there, and those too long for a page's foot.
    fn end_notes(&mut self, heading: &str) {
        let ends: Vec<usize> = (0..self.notes.len())
            .filter(|&k| self.notes[k].at_end && self.notes[k].referred)
            .collect();
        if ends.is_empty() {
            return;
        }
        let spans = vec![Span::plain(heading)];
        let left = self.left;
        let width = self.width;
        self.block(&Block::Heading { level: 2, spans }, 0, left, width, None);
        for k in ends {
            let boxes = std::mem::take(&mut self.notes[k].boxes);
            self.space(PARAGRAPH_SPACE);
            self.append(boxes);
        }
    }

    /// The letterhead, right-aligned at the head of page 1: one paragraph, its web address
    /// and e-mail address links.
    fn letterhead(&mut self, setup: &Setup) {
        // The logo at the left, level with the letterhead's first line, made smaller if the
        // letterhead's lines leave it less room; above them where they leave it less than half.
        let mut logo = setup.logo.as_ref().map(|p| self.figure(p, 0, self.left));
        if let Some(f) = &mut logo {
            let widest = setup
                .letterhead
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let (style, size, _) = letterhead_type(i);
                    self.measure(line, style, size)
                })
                .fold(Pt(0.0), Pt::max);
            let room = self.width - LOGO_GAP - widest;
            if !setup.letterhead.is_empty() && f.w > room && room.0 >= f.w.0 / 2.0 {
                f.h = f.h * (room.0 / f.w.0);
                f.w = room;
            }
            if setup.letterhead.is_empty() || f.w > room {
                let b = LineBox {
                    height: f.h,
                    keep_with_next: true,
                    figures: logo.take().into_iter().collect(),
                    ..LineBox::default()
                };
                self.push(b);
                self.space(12.0);
            }
        }
        let logo_h = logo.as_ref().map_or(Pt(0.0), |f| f.h);
        let beside = logo.is_some();
        if setup.letterhead.is_empty() {
            return;
        }
        let node = self.node(Kind::P, 0);
        let n = setup.letterhead.len();
        let mut height = Pt(0.0);
        for (i, line) in setup.letterhead.iter().enumerate() {
            let (style, size, leading) = letterhead_type(i);
            let w = self.measure(line, style, size);
            let dy = self.baseline(style, size, leading);
            let x = self.left + self.width - w;
            let url = setup.letterhead_links.get(i).cloned().flatten();
            let text_node = match url {
                Some(_) => self.node(Kind::Link, node),
                None => node,
            };
            // The line break is a space in the tagged text.
            let text = if i + 1 < n {
                format!("{line} ")
            } else {
                line.clone()
            };
            let mut b = LineBox {
                height: Pt(leading),
                keep_with_next: i + 1 < n,
                figures: if i == 0 {
                    logo.take().into_iter().collect()
                } else {
                    Vec::new()
                },
                ..LineBox::default()
            };
            height += Pt(leading);
            if let Some(url) = url {
                b.links.push(LinkArea {
                    rects: vec![[x, dy - Pt(size), x + Pt(w.0), dy + Pt(size * 0.25)]],
                    url,
                    node: text_node,
                    text: line.clone(),
                });
            }
            b.texts.push(Text {
                x,
                y: dy,
                style,
                size: Pt(size),
                text,
                added: usize::from(i + 1 < n),
                ink: if text_node == node {
                    Ink::Text
                } else {
                    Ink::Link
                },
                node: Some(text_node),
                artifact: Artifact::Layout,
            });
            self.push(b);
        }
        // Below the logo, if it is the taller.
        let below = if beside && logo_h > height {
            logo_h - height
        } else {
            Pt(0.0)
        };
        self.space(20.0 + below.0);
    }

    /// A Figure element under `parent` for a picture, at `x` on the top of its line box. A
    /// picture shown twice (the signature of each edition) is one picture of the file's.
    fn figure(&mut self, picture: &Picture, parent: usize, x: Pt) -> Figure {
        let node = self.node(Kind::Figure, parent);
        self.nodes[node].alt = Some(picture.alt.clone());
        let same = |p: &Picture| std::sync::Arc::ptr_eq(&p.data.bytes, &picture.data.bytes);
        let index = match self.pictures.iter().position(same) {
            Some(i) => i,
            None => {
                self.pictures.push(picture.clone());
                self.pictures.len() - 1
            }
        };
        Figure {
            x,
            y: Pt(0.0),
            w: picture.size[0],
            h: picture.size[1],
            picture: index,
            node,
            after: 0,
        }
    }

    fn blocks(
        &mut self,
        blocks: &[Block],
        parent: usize,
        x0: Pt,
        width: Pt,
        quote_bar: Option<Pt>,
    ) {
        for (i, block) in blocks.iter().enumerate() {
            let valediction = matches!(block, Block::Paragraph(spans)
            if self.valediction.is_some_and(|v| {
                spans.iter().map(|s| s.text.as_str()).collect::<String>().trim() == v
            }));
            if valediction {
                self.space(VALEDICTION_SPACE);
            }
            self.block(block, parent, x0, width, quote_bar);
            if valediction {
                if let Some(b) = self.boxes.last_mut() {
                    b.keep_with_next = true;
                }
                // The signature's picture fills the room to sign, if it follows.
                let signed = self.signature.is_some()
                    && blocks
                        .get(i + 1)
                        .is_some_and(|b| matches!(b, Block::Signature));
                self.space(if signed {
                    SIGNATURE_GAP
                } else {
                    SIGNATURE_ROOM
                });
            }
            // A paragraph that ends with a colon introduces what follows: keep them together
            // where the page allows.
            if let Block::Paragraph(spans) = block
                && spans
                    .last()
                    .is_some_and(|s| s.text.trim_end().ends_with(':'))
                && let Some(b) = self.boxes.last_mut()
            {
                b.keep_loose = true;
            }
        }
    }

    fn block(&mut self, block: &Block, parent: usize, x0: Pt, width: Pt, quote_bar: Option<Pt>) {
        match block {
            Block::Heading { level, spans } => {
                let (size, leading, before, after) = heading_metrics(*level);
                self.space(before);
                let node = self.node(Kind::H(*level), parent);
                let measure = self.balanced(spans, size, width);
                let (first, count) =
                    self.text_block(spans, node, x0, measure, size, leading, true, quote_bar);
                for b in &mut self.boxes[first..first + count] {
                    b.keep_with_next = true;
                }
                if count > 0 {
                    let title: String = spans.iter().map(|s| s.text.replace('\n', " ")).collect();
                    self.boxes[first].mark = Some((*level, title));
                }
                self.space(after);
            }
            Block::Paragraph(spans) => {
                if spans.iter().all(|s| s.text.trim().is_empty()) {
                    return;
                }
                self.space(PARAGRAPH_SPACE);
                let node = self.node(Kind::P, parent);
                let (size, leading) = self.body;
                self.text_block(spans, node, x0, width, size, leading, false, quote_bar);
                self.space(PARAGRAPH_SPACE);
            }
            Block::List {
                marker,
                start,
                items,
            } => self.list(*marker, *start, items, parent, x0, width, quote_bar),
            Block::Quote(inner) => {
                self.space(PARAGRAPH_SPACE);
                let node = self.node(Kind::BlockQuote, parent);
                let bar = Some(x0 + Pt(2.0));
                let first = self.boxes.len();
                self.blocks(
                    inner,
                    node,
                    x0 + Pt(QUOTE_INDENT),
                    width - Pt(QUOTE_INDENT),
                    bar,
                );
                self.widows_and_orphans(first);
                // The attribution that follows stays with the quote's last line.
                if let Some(b) = self.boxes.last_mut() {
                    b.keep_with_next = true;
                }
            }
            Block::Table { head, rows } => self.table(head, rows, parent, x0, width),
            Block::Notes(notes) => {
                // Notes already gathered at the end: in place, in footnote type.
                for (k, blocks) in notes.iter().enumerate() {
                    let node = self.node(Kind::Note, parent);
                    self.nodes[node].id = Some(format!("note-{}", k + 1));
                    self.space(PARAGRAPH_SPACE);
                    let boxes = self.note(k, node, blocks, x0, width);
                    self.append(boxes);
                }
            }
            Block::Part { lang, blocks } => {
                let node = self.node(Kind::Part, parent);
                self.nodes[node].lang = Some(lang.clone());
                let first = self.boxes.len();
                // Each edition after the first starts a page of its own.
                let later = self.nodes.iter().filter(|n| n.kind == Kind::Part).count() > 1;
                self.blocks(blocks, node, x0, width, quote_bar);
                if let Some(b) = self.boxes.get_mut(first) {
                    b.break_before = later;
                    b.part = Some(lang.clone());
                }
            }
            // The signature's picture, kept with the name under it.
            Block::Signature => {
                if let Some(picture) = self.signature {
                    let f = self.figure(picture, parent, x0);
                    let b = LineBox {
                        height: f.h,
                        keep_with_next: true,
                        figures: vec![f],
                        ..LineBox::default()
                    };
                    self.push(b);
                    self.space(SIGNATURE_GAP);
                }
            }
            // A form's fields are for Word; a PDF shows their values as the letter does.
            Block::Field { blocks, .. } => self.blocks(blocks, parent, x0, width, quote_bar),
            Block::Rule => {
                self.space(PARAGRAPH_SPACE);
                let b = LineBox {
                    height: Pt(8.0),
                    bars: vec![Bar {
                        x: x0,
                        y: Pt(4.7),
                        w: width,
                        h: Pt(0.7),
                        ink: BarInk::Grey(0.6),
                        artifact: Artifact::Layout,
                    }],
                    ..LineBox::default()
                };
                self.push(b);
                self.space(PARAGRAPH_SPACE);
            }
        }
    }

    /// The rules of a paragraph's lines for a list's or a quote's, boxes `first..`: its first
    /// line stays with its second and its last with the one before, so neither a list's last
    /// item nor a quote's last line stands alone at the head of a page, nor its first at the
    /// foot. Loosely: a long item still splits rather than leave a hole.
    fn widows_and_orphans(&mut self, first: usize) {
        let n = self.boxes.len().saturating_sub(first);
        if n < 2 {
            return;
        }
        self.boxes[first].keep_loose = true;
        self.boxes[first + n - 2].keep_loose = true;
    }

    /// A list: each item's label hung in the gutter before its first line.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        marker: Marker,
        start: u64,
        items: &[Vec<Block>],
        parent: usize,
        x0: Pt,
        width: Pt,
        quote_bar: Option<Pt>,
    ) {
        if self.list_depth > 0 {
            // A nested list follows its item's text closely.
            self.cap = Some(Pt(LIST_ITEM_SPACE));
        }
        self.space(PARAGRAPH_SPACE);
        self.list_depth += 1;
        let list = self.node(Kind::L, parent);
        self.nodes[list].numbering = Some(marker);
        let labels: Vec<String> = (0..items.len() as u64)
            .map(|i| marker.label(start + i))
            .collect();
        let widest = labels
            .iter()
            .map(|l| self.measure(l, Style::Regular, self.body.0))
            .fold(Pt(0.0), Pt::max);
        // Lists nested past what the page can indent stop indenting.
        let gutter = (widest + Pt(7.0)).max(Pt(20.0));
        let gutter = if width - gutter < Pt(120.0) {
            Pt(0.0)
        } else {
            gutter
        };
        let list_first = self.boxes.len();
        for (n, (item, label)) in items.iter().zip(&labels).enumerate() {
            if n > 0 {
                self.cap = Some(Pt(LIST_ITEM_SPACE));
            }
            let li = self.node(Kind::LI, list);
            let lbl = self.node(Kind::Lbl, li);
            let body = self.node(Kind::LBody, li);
            let first = self.boxes.len();
            self.blocks(item, body, x0 + gutter, width - gutter, quote_bar);
            if self.boxes.len() == first {
                continue;
            }
            if let Some(b) = self.boxes.get(first).cloned() {
                let lw = self.measure(label, Style::Regular, self.body.0);
                let dy = b.texts.first().map_or(
                    self.baseline(Style::Regular, self.body.0, self.body.1),
                    |t| t.y,
                );
                let text = Text {
                    x: x0 + gutter - Pt(5.0) - lw,
                    y: dy,
                    style: Style::Regular,
                    size: Pt(self.body.0),
                    text: label.clone(),
                    added: 0,
                    ink: Ink::Text,
                    node: Some(lbl),
                    artifact: Artifact::Layout,
                };
                self.boxes[first].texts.insert(0, text);
            }
        }
        self.list_depth -= 1;
        self.widows_and_orphans(list_first);
        self.space(PARAGRAPH_SPACE);
    }

    fn table(
        &mut self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        parent: usize,
        x0: Pt,
        width: Pt,
    ) {
        self.space(PARAGRAPH_SPACE);
        let table = self.node(Kind::Table, parent);
        let (size, col_w) = self.columns(head, rows, width);
        let leading = size * BODY.1 / BODY.0;
        let col_x: Vec<Pt> = col_w
            .iter()
            .scan(x0, |x, w| {
                let at = *x;
                *x += *w;
                Some(at)
            })
            .collect();
        let pad = Pt(CELL_PAD);
        let head_row = (!head.is_empty()).then_some((true, head));
        for (is_head, row) in head_row
            .into_iter()
            .chain(rows.iter().map(|r| (false, r.as_slice())))
        {
            let tr = self.node(Kind::TR, table);
            let mut b = LineBox::default();
            let mut height = Pt(0.0);
            for (c, cell) in row.iter().enumerate() {
                let cell_node = self.node(if is_head { Kind::TH } else { Kind::TD }, tr);
                let (cx, cw) = (
                    col_x.get(c).copied().unwrap_or(x0) + pad,
                    col_w.get(c).copied().unwrap_or(width) - pad * 2.0,
                );
                let lines = self.break_lines(cell, size, cw, is_head);
                let dy0 = pad + self.baseline(Style::Regular, size, leading);
                for (i, pieces) in lines.iter().enumerate() {
                    let y = dy0 + Pt(leading * i as f32);
                    for p in pieces {
                        b.texts
                            .extend(hyphen_after(p, cx + p.x, y, size, Ink::Text));
                        b.texts.push(Text {
                            x: cx + p.x,
                            y,
                            style: p.style,
                            size: Pt(size),
                            text: p.text.clone(),
                            added: p.added,
                            ink: Ink::Text,
                            node: Some(cell_node),
                            artifact: Artifact::Layout,
                        });
                    }
                }
                height = height.max(Pt(leading * lines.len() as f32) + pad * 2.0);
            }
            b.height = height;
            b.bars.push(Bar {
                x: x0,
                y: height,
                w: width,
                h: Pt(if is_head { 0.9 } else { 0.5 }),
                ink: BarInk::Grey(if is_head { 0.2 } else { 0.7 }),
                artifact: Artifact::Layout,
            });
            b.keep_with_next = is_head;
            self.push(b);
        }
        self.space(PARAGRAPH_SPACE);
    }

    /// The type size of a table and its columns' widths, filling `width`.
    ///
    /// Each column has a minimum (its longest word) and a preferred width (its longest cell
    /// on one line), padding included. When the preferred widths fit, the spare room goes to
    /// the columns in proportion; when only the minimums fit, each column gets its minimum,
    /// short columns their preferred width, and the long ones an even share of the rest, so
    /// no word is broken and short cells stay on one line. When not even the minimums fit, the type shrinks
    /// (no lower than [`TABLE_FLOOR`]); past the floor, columns share the width by their
    /// minimums and a word wider than its column is hyphenated.
    fn columns(
        &mut self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        width: Pt,
    ) -> (f32, Vec<Pt>) {
        let columns = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        // Measured at the body size; widths scale with the size.
        let mut min = vec![0.0f32; columns];
        let mut pref = vec![0.0f32; columns];
        let head_row = (!head.is_empty()).then_some((true, head));
        for (is_head, row) in head_row
            .into_iter()
            .chain(rows.iter().map(|r| (false, r.as_slice())))
        {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let (word, line) = self.extent(cell, is_head);
                min[c] = min[c].max(word);
                pref[c] = pref[c].max(line);
            }
        }
        let padding = 2.0 * CELL_PAD * columns as f32;
        let text_room = (width.0 - padding).max(1.0);
        let min_sum: f32 = min.iter().sum::<f32>().max(0.01);
        let size = if min_sum <= text_room {
            BODY.0
        } else {
            // Rounded down to a tenth of a point, so the minimums fit at that size.
            ((BODY.0 * text_room / min_sum * 10.0).floor() / 10.0).max(TABLE_FLOOR)
        };
        let k = size / BODY.0;
        let min: Vec<f32> = min.iter().map(|w| w * k + 2.0 * CELL_PAD).collect();
        let pref: Vec<f32> = pref
            .iter()
            .zip(&min)
            .map(|(p, m)| (p * k + 2.0 * CELL_PAD).max(*m))
            .collect();
        let (min_total, pref_total): (f32, f32) = (min.iter().sum(), pref.iter().sum());
        let widths: Vec<f32> = if pref_total <= width.0 {
            pref.iter().map(|p| p * width.0 / pref_total).collect()
        } else if min_total <= width.0 {
            // Short cells (a date, a status: a column no wider than a quarter of the table)
            // get their one line first, the least wanting first; the rest of the room is
            // shared out evenly among the others, again the least wanting first.
            let mut order: Vec<usize> = (0..columns).collect();
            order.sort_by(|&a, &b| (pref[a] - min[a]).total_cmp(&(pref[b] - min[b])));
            let mut widths = min.clone();
            let mut spare = width.0 - min_total;
            let short = |c: usize| pref[c] <= width.0 / 4.0;
            for &c in order.iter().filter(|&&c| short(c)) {
                let give = (pref[c] - min[c]).min(spare);
                widths[c] += give;
                spare -= give;
            }
            let rest: Vec<usize> = order.into_iter().filter(|&c| !short(c)).collect();
            for (k, &c) in rest.iter().enumerate() {
                let give = (pref[c] - min[c]).min(spare / (rest.len() - k) as f32);
                widths[c] += give;
                spare -= give;
            }
            widths
        } else {
            min.iter().map(|m| m * width.0 / min_total).collect()
        };
        (size, widths.into_iter().map(Pt).collect())
    }

    /// A cell's longest word and its longest line (between hard breaks), at the body size.
    fn extent(&mut self, cell: &[Span], bold: bool) -> (f32, f32) {
        let (mut word, mut line, mut run) = (0.0f32, 0.0f32, 0.0f32);
        for span in cell {
            let face = self.fonts.face(Style::of(bold || span.bold, span.italic));
            let text: String = span.text.chars().filter(|&c| !invisible(c)).collect();
            let mut prev = 0;
            for (at, _) in linebreaks(&text) {
                let seg = &text[prev..at];
                prev = at;
                word = word.max(face.width(seg.trim_end_matches([' ', '\n']), BODY.0));
            }
            for (i, part) in text.split('\n').enumerate() {
                if i > 0 {
                    run = 0.0;
                }
                run += face.width(part, BODY.0);
                line = line.max(run);
            }
        }
        (word, line)
    }
}

/// The hyphen drawn after a piece that ends where a word was split, as a layout artifact, so
/// the tagged text keeps the word whole.
fn hyphen_after(p: &Piece, x: Pt, y: Pt, size: f32, ink: Ink) -> Option<Text> {
    p.hyphen.then(|| Text {
        x: x + p.width,
        y,
        style: p.style,
        size: Pt(size),
        text: HYPHEN.to_owned(),
        added: 0,
        ink,
        node: None,
        artifact: Artifact::Layout,
    })
}

/// Lays out the letter's blocks on A4 pages.
pub fn layout(blocks: &[Block], setup: &Setup, fonts: &Fonts) -> Laid {
    layout_letter(blocks, &[], setup, fonts)
}

/// Lays out the letter's blocks and the footnotes they refer to (see [`super::blocks::read`]):
/// each note at the foot of the page that first refers to it, or at the end of the letter
/// where the office wants it there or it is too long for a page's foot.
pub fn layout_letter(blocks: &[Block], notes: &[Vec<Block>], setup: &Setup, fonts: &Fonts) -> Laid {
    let width = setup.width - setup.side * 2.0;
    let room = setup.height - setup.top - setup.bottom;
    let mut l = Layout {
        fonts,
        width,
        left: setup.side,
        boxes: Vec::new(),
        nodes: vec![Node {
            kind: Kind::Document,
            parent: None,
            kids: Vec::new(),
            lang: None,
            id: None,
            numbering: None,
            alt: None,
        }],
        pending: Pt(0.0),
        cap: None,
        list_depth: 0,
        missing: BTreeSet::new(),
        valediction: setup.valediction.as_deref(),
        body: BODY,
        notes: Vec::new(),
        note_room: room * 0.4,
        signature: setup.signature.as_ref(),
        pictures: Vec::new(),
    };

    l.lay_notes(notes, setup.notes_at_end.is_some());
    l.letterhead(setup);
    let left = l.left;
    l.blocks(blocks, 0, left, width, None);
    let heading = setup
        .notes_at_end
        .as_deref()
        .unwrap_or(&setup.notes_heading)
        .to_owned();
    l.end_notes(&heading);

    let notes = std::mem::take(&mut l.notes);
    let mut laid = paginate(l.boxes, notes, setup);
    laid.nodes = l.nodes;
    laid.missing = l.missing;
    laid.pictures = l.pictures;
    footers(&mut laid, setup, fonts);
    link_kids(&mut laid);
    laid
}

/// Places boxes on pages, honouring keep-with-next where the page allows.
fn paginate(boxes: Vec<LineBox>, mut notes: Vec<LaidNote>, setup: &Setup) -> Laid {
    let room = setup.height - setup.top - setup.bottom;
    // What a line's footnotes add to its page's foot, given the notes already there.
    let at_foot = |k: usize| notes.get(k).is_some_and(|n| !n.at_end && n.referred);
    let foot_cost = |b: &LineBox, there: &[usize]| -> Pt {
        let new: Vec<usize> = b
            .notes
            .iter()
            .copied()
            .filter(|&k| at_foot(k) && !there.contains(&k))
            .collect();
        if new.is_empty() {
            return Pt(0.0);
        }
        let rule = if there.is_empty() {
            NOTE_RULE
        } else {
            NOTE_GAP
        };
        new.iter()
            .map(|&k| notes[k].height)
            .fold(Pt(rule) + Pt(NOTE_GAP * (new.len() - 1) as f32), |a, h| {
                a + h
            })
    };
    // Each page's first box: pages hold consecutive boxes.
    let mut starts: Vec<usize> = vec![0];
    let mut used = Pt(0.0);
    let mut there: Vec<usize> = Vec::new();
    // How much of the page is filled after each of its boxes.
    let mut filled: Vec<Pt> = Vec::new();
    let mut i = 0;
    while i < boxes.len() {
        let b = &boxes[i];
        let start = starts.last().copied().unwrap_or(0);
        let current = i - start;
        if b.break_before && current > 0 {
            starts.push(i);
            used = Pt(0.0);
            there.clear();
            filled.clear();
            continue;
        }
        let space = if current == 0 {
            Pt(0.0)
        } else {
            b.space_before
        };
        let foot = foot_cost(b, &there);
        if used + space + b.height + foot <= room || current == 0 {
            used += space + b.height + foot;
            filled.push(used);
            there.extend(b.notes.iter().copied().filter(|&k| at_foot(k)));
            i += 1;
            continue;
        }
        // Move back to the start of the chain of boxes kept with this one; past a loose
        // keep only if that leaves no hole.
        let chain = |loose: bool| {
            let mut j = i;
            while j > start
                && (boxes[j - 1].keep_with_next || (loose && boxes[j - 1].keep_loose))
                && !boxes[j].break_before
            {
                j -= 1;
            }
            j
        };
        let mut j = chain(true);
        let hole = |j: usize| {
            room - if j == start {
                room
            } else {
                filled[j - start - 1]
            }
        };
        if hole(j) > Pt(MAX_HOLE) {
            j = chain(false);
        }
        if j == start {
            j = i; // the chain is longer than a page: break where it overflows
        }
        starts.push(j);
        used = Pt(0.0);
        there.clear();
        filled.clear();
        i = j;
    }
    let counts: Vec<usize> = starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&boxes.len())))
        .map(|(a, b)| b - a)
        .collect();

    let mut laid = Laid {
        size: [setup.width, setup.height],
        pages: Vec::with_capacity(counts.len()),
        nodes: Vec::new(),
        marks: Vec::new(),
        missing: BTreeSet::new(),
        places: std::collections::BTreeMap::new(),
        page_langs: Vec::with_capacity(counts.len()),
        pictures: Vec::new(),
    };
    let mut lang: Option<String> = None;
    // Each page holds the boxes after the last page's, in order: each box is moved onto its
    // page, never copied, so the letter is held once.
    let mut boxes = boxes.into_iter();
    for (n, &count) in counts.iter().enumerate() {
        let mut page = Page::default();
        let mut y = setup.height - setup.top;
        let mut prev_bar = false;
        let mut foot: Vec<usize> = Vec::new();
        for (k, b) in boxes.by_ref().take(count).enumerate() {
            if b.part.is_some() {
                lang.clone_from(&b.part);
            }
            let space = if k == 0 { Pt(0.0) } else { b.space_before };
            let top = y - space;
            for &note in &b.notes {
                laid.places
                    .entry(format!("ref-{}", note + 1))
                    .or_insert((n, top));
                if notes
                    .get(note)
                    .is_some_and(|x| !x.at_end && x.referred && !x.boxes.is_empty())
                    && !foot.contains(&note)
                {
                    foot.push(note);
                }
            }
            if let Some(x) = b.quote_bar {
                let extra = if prev_bar { space } else { Pt(0.0) };
                page.bars.push(Bar {
                    x,
                    y: top - b.height,
                    w: Pt(2.5),
                    h: b.height + extra,
                    ink: BarInk::Grey(0.75),
                    artifact: Artifact::Layout,
                });
            }
            prev_bar = b.quote_bar.is_some();
            y = top - b.height;
            place(&mut page, &mut laid, b, top, n);
        }
        // The page's footnotes, from the foot up: a short rule, then each note.
        if !foot.is_empty() {
            let blocks: Vec<Vec<LineBox>> = foot
                .iter()
                .map(|&k| std::mem::take(&mut notes[k].boxes))
                .collect();
            let height = blocks
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, b)| b.height + if i == 0 { Pt(0.0) } else { b.space_before })
                .fold(Pt(NOTE_GAP * (blocks.len() - 1) as f32), |a, h| a + h);
            let mut y = setup.bottom + height;
            page.bars.push(Bar {
                x: setup.side,
                y: y + Pt(NOTE_RULE / 2.0),
                w: Pt(120.0),
                h: Pt(0.5),
                ink: BarInk::Grey(0.6),
                artifact: Artifact::Layout,
            });
            for (i, note) in blocks.into_iter().enumerate() {
                if i > 0 {
                    y -= Pt(NOTE_GAP);
                }
                for (j, b) in note.into_iter().enumerate() {
                    let top = y - if j == 0 { Pt(0.0) } else { b.space_before };
                    y = top - b.height;
                    place(&mut page, &mut laid, b, top, n);
                }
            }
        }
        laid.pages.push(page);
        laid.page_langs.push(lang.clone());
    }
    laid
}

/// Puts a box's texts, links, bars and bookmark on page `n` with its top at `top`.
fn place(page: &mut Page, laid: &mut Laid, b: LineBox, top: Pt, n: usize) {
    if let Some((level, title)) = b.mark {
        laid.marks.push(Mark {
            level,
            title,
            page: n,
            y: top,
        });
    }
    if let Some(k) = b.note_start {
        laid.places
            .entry(format!("note-{}", k + 1))
            .or_insert((n, top));
    }
    for mut f in b.figures {
        f.y = top - f.y - f.h;
        f.after = page.texts.len();
        page.figures.push(f);
    }
    for mut t in b.texts {
        t.y = top - t.y;
        page.texts.push(t);
    }
    for mut l in b.links {
        // rect[1] and rect[3] were offsets below the top: the link's top and bottom.
        for r in &mut l.rects {
            let (upper, lower) = (top - r[1], top - r[3]);
            r[1] = lower;
            r[3] = upper;
        }
        // The rest of a link from the line before: the same annotation.
        match page.links.last_mut() {
            Some(last) if last.node == l.node => {
                last.rects.extend(l.rects);
                last.text.push_str(&l.text);
            }
            _ => page.links.push(l),
        }
    }
    for mut bar in b.bars {
        bar.y = top - bar.y;
        page.bars.push(bar);
    }
}

/// The response's title and "Page N of M" at the foot of every page, as artifacts.
fn footers(laid: &mut Laid, setup: &Setup, fonts: &Fonts) {
    let total = laid.pages.len();
    let size = 8.5;
    let y = Pt(setup.bottom.0 - 34.0);
    let right = setup.width - setup.side;
    for (n, page) in laid.pages.iter_mut().enumerate() {
        // A bilingual document's page says so in its edition's language.
        let edition = laid
            .page_langs
            .get(n)
            .and_then(Option::as_ref)
            .and_then(|l| setup.footers.iter().find(|(lang, ..)| lang == l));
        let (footer_title, page_label) = edition.map_or(
            (&setup.footer_title, &setup.page_label),
            |(_, title, label)| (title, label),
        );
        let label = page_label
            .replace("{page}", &(n + 1).to_string())
            .replace("{pages}", &total.to_string());
        let lw = Pt(fonts.face(Style::Regular).width(&label, size));
        let room = right - setup.side - lw - Pt(24.0);
        let title = fit(footer_title, room, fonts, size);
        page.bars.push(Bar {
            x: setup.side,
            y: y + Pt(12.0),
            w: right - setup.side,
            h: Pt(0.5),
            ink: BarInk::Grey(0.6),
            artifact: Artifact::Footer,
        });
        page.texts.push(Text {
            x: setup.side,
            y,
            style: Style::Regular,
            size: Pt(size),
            text: title,
            added: 0,
            ink: Ink::Muted,
            node: None,
            artifact: Artifact::Footer,
        });
        page.texts.push(Text {
            x: right - lw,
            y,
            style: Style::Regular,
            size: Pt(size),
            text: label,
            added: 0,
            ink: Ink::Muted,
            node: None,
            artifact: Artifact::Footer,
        });
    }
}

/// Shortens a text with an ellipsis to fit `room`, in one pass over its letters.
fn fit(text: &str, room: Pt, fonts: &Fonts, size: f32) -> String {
    let face = fonts.face(Style::Regular);
    if Pt(face.width(text, size)) <= room {
        return text.to_owned();
    }
    let room = room - Pt(face.width("…", size));
    let mut used = Pt(0.0);
    let mut out = String::new();
    for c in text.chars() {
        let w = Pt(face.width(c.encode_utf8(&mut [0; 4]), size));
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Fills in each structure element's kids in reading order, attaching an element to its
/// parent where its first content appears. Elements with no content are left out.
fn link_kids(laid: &mut Laid) {
    let mut attached = vec![false; laid.nodes.len()];
    if let Some(a) = attached.first_mut() {
        *a = true;
    }
    fn attach(nodes: &mut [Node], attached: &mut [bool], n: usize) {
        if attached[n] {
            return;
        }
        attached[n] = true;
        if let Some(p) = nodes[n].parent {
            attach(nodes, attached, p);
            nodes[p].kids.push(Kid::Node(n));
        }
    }
    for (p, page) in laid.pages.iter().enumerate() {
        // Texts and figures in reading order: each figure before the texts placed after it.
        let mut figures = page.figures.iter().enumerate().peekable();
        for i in 0..=page.texts.len() {
            while let Some((k, f)) = figures.next_if(|(_, f)| f.after <= i) {
                attach(&mut laid.nodes, &mut attached, f.node);
                laid.nodes[f.node]
                    .kids
                    .push(Kid::Figure { page: p, figure: k });
            }
            if let Some(n) = page.texts.get(i).and_then(|t| t.node) {
                attach(&mut laid.nodes, &mut attached, n);
                laid.nodes[n].kids.push(Kid::Text { page: p, text: i });
            }
        }
        for (i, l) in page.links.iter().enumerate() {
            attach(&mut laid.nodes, &mut attached, l.node);
            laid.nodes[l.node].kids.push(Kid::Link { page: p, link: i });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::parse;
    use super::*;

    fn setup() -> Setup {
        Setup::a4(
            vec!["Office".into(), "1 Street".into()],
            "Report".into(),
            "Page {page} of {pages}".into(),
        )
    }

    fn picture(alt: &str, w: f32, h: f32) -> Picture {
        Picture {
            alt: alt.into(),
            size: [Pt(w), Pt(h)],
            data: crate::model::ImageData {
                bytes: std::sync::Arc::from(&[][..]),
                kind: crate::model::ImageKind::Png,
                width: 1,
                height: 1,
                file: std::path::PathBuf::new(),
            },
        }
    }

    #[test]
    fn the_logo_heads_the_letter_and_the_signature_stands_between_valediction_and_name() {
        let fonts = Fonts::load(None).unwrap();
        let mut s = setup();
        s.logo = Some(picture("Logo", 120.0, 40.0));
        s.signature = Some(picture("Signed", 150.0, 50.0));
        s.valediction = Some("Yours sincerely".into());
        let laid = layout(
            &parse(
                "Dear Home Secretary\n\nYours sincerely\n\n<!-- s55:signature -->\n\nJane Doe\n",
                "Notes",
            ),
            &s,
            &fonts,
        );
        let kinds: Vec<String> = laid.nodes[0]
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Node(n) => Some(format!(
                    "{}{}",
                    laid.nodes[*n].kind.name(),
                    laid.nodes[*n]
                        .alt
                        .as_deref()
                        .map(|a| format!(" {a}"))
                        .unwrap_or_default()
                )),
                _ => None,
            })
            .collect();
        assert_eq!(kinds, ["Figure Logo", "P", "P", "P", "Figure Signed", "P"]);
        let page = &laid.pages[0];
        let (logo, sig) = (&page.figures[0], &page.figures[1]);
        // The logo at the left margin, its top level with the letterhead's first line; the
        // letterhead (two short lines) still right-aligned beside it.
        assert_eq!((logo.x, logo.w, logo.h), (Pt(64.0), Pt(120.0), Pt(40.0)));
        assert_eq!(logo.y + logo.h, s.height - s.top);
        // The signature in the room to sign: under "Yours sincerely", over the name.
        let line = |t: &str| page.texts.iter().find(|x| x.text.starts_with(t)).unwrap().y;
        assert!(line("Yours sincerely") > sig.y + sig.h, "{}", laid.dump());
        assert!(line("Jane Doe") < sig.y, "{}", laid.dump());
        assert!(
            sig.y - line("Jane Doe") < Pt(20.0),
            "the name follows closely"
        );
        assert!(laid.dump().contains("figure 64.0,"), "{}", laid.dump());
    }

    #[test]
    fn lines_never_overrun_the_measure() {
        let fonts = Fonts::load(None).unwrap();
        let text = "Wales ".repeat(400) + &"x".repeat(3000);
        let laid = layout(&parse(&text, "Notes"), &setup(), &fonts);
        let s = setup();
        let right = s.width - s.side;
        for page in &laid.pages {
            for t in &page.texts {
                let w = fonts.face(t.style).width(t.text.trim_end(), t.size.0);
                assert!(t.x.0 + w <= right.0 + 0.01, "{} overruns", t.text);
            }
        }
        assert!(laid.pages.len() > 1);
    }

    #[test]
    fn a_heading_is_never_alone_at_the_foot_of_a_page() {
        let fonts = Fonts::load(None).unwrap();
        let mut md = String::new();
        for i in 0..60 {
            md.push_str(&format!("## Heading {i}\n\nA paragraph long enough to wrap onto a second line of text in the letter, and then some more words to be sure of it.\n\n"));
        }
        let laid = layout(&parse(&md, "Notes"), &setup(), &fonts);
        for page in &laid.pages {
            let body: Vec<&Text> = page.texts.iter().filter(|t| t.node.is_some()).collect();
            let last = body.last().unwrap();
            assert!(
                laid.nodes[last.node.unwrap()].kind == Kind::P,
                "page ends with {}",
                last.text
            );
            // The page's first body line is never the last line of a paragraph.
        }
    }

    #[test]
    fn list_markers_hang_before_their_text() {
        let fonts = Fonts::load(None).unwrap();
        let laid = layout(
            &parse(
                "1. One\n   <!-- s55:list lower-alpha -->\n   1. Inner\n2. Two\n",
                "Notes",
            ),
            &setup(),
            &fonts,
        );
        let texts = &laid.pages[0].texts;
        let one = texts.iter().position(|t| t.text == "One").unwrap();
        assert_eq!(texts[one - 1].text, "1.");
        assert!(texts[one - 1].x.0 < texts[one].x.0);
        let inner = texts.iter().position(|t| t.text == "Inner").unwrap();
        assert_eq!(texts[inner - 1].text, "(a)");
        assert!(
            texts[inner].x.0 > texts[one].x.0,
            "nested text is indented further"
        );
    }

    #[test]
    fn structure_follows_reading_order() {
        let fonts = Fonts::load(None).unwrap();
        let laid = layout(
            &parse(
                "# Title\n\nSee [the plan](https://x.org) now.\n\n- a\n- b\n",
                "Notes",
            ),
            &setup(),
            &fonts,
        );
        let doc = &laid.nodes[0];
        let kinds: Vec<&str> = doc
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Node(n) => Some(laid.nodes[*n].kind.name()),
                _ => None,
            })
            .collect();
        assert_eq!(kinds, ["P", "H1", "P", "L"]);
        let p = match doc.kids[2] {
            Kid::Node(n) => &laid.nodes[n],
            _ => unreachable!(),
        };
        assert!(matches!(p.kids[0], Kid::Text { .. }));
        assert!(matches!(p.kids[1], Kid::Node(n) if laid.nodes[n].kind == Kind::Link));
        assert!(matches!(p.kids[2], Kid::Text { .. }));
        assert_eq!(laid.pages[0].links.len(), 1);
    }

    /// The body texts of each page (no footers, no hyphens added at breaks).
    fn body(laid: &Laid) -> Vec<Vec<&Text>> {
        laid.pages
            .iter()
            .map(|p| p.texts.iter().filter(|t| t.node.is_some()).collect())
            .collect()
    }

    #[test]
    fn a_list_never_leaves_its_last_item_alone_at_the_head_of_a_page() {
        let fonts = Fonts::load(None).unwrap();
        let list: String = (1..=6).map(|i| format!("{i}. Item {i}\n")).collect();
        for k in 0..45 {
            let filler: String = (0..k).map(|i| format!("Filler {i}.\n\n")).collect();
            let laid = layout(&parse(&(filler + &list), "Notes"), &setup(), &fonts);
            let pages = body(&laid);
            for (n, page) in pages.iter().enumerate().skip(1) {
                assert_ne!(
                    page.first().map(|t| t.text.as_str()),
                    Some("6."),
                    "{k} fillers: the last item alone at the head of page {}\n{}",
                    n + 1,
                    laid.dump()
                );
            }
            for page in &pages {
                assert_ne!(
                    page.iter().rev().nth(1).map(|t| t.text.as_str()),
                    Some("1."),
                    "{k} fillers: the first item alone at the foot of a page"
                );
            }
        }
    }

    #[test]
    fn a_long_item_splits_rather_than_leave_a_hole_at_the_foot_of_a_page() {
        let fonts = Fonts::load(None).unwrap();
        let s = setup();
        let item = "1. We recommend that the force immediately improves its child protection and exploitation investigations, paying attention to:\n   1. Allocating investigations to teams with the skills, capacity, and competence to carry them out well\n   2. Sharing information with children's social care services at the time that a risk to a child is known\n";
        for k in 0..45 {
            let filler: String = (0..k).map(|i| format!("Filler {i}.\n\n")).collect();
            let md = filler + item + "\nAfter the list.\n";
            let laid = layout(&parse(&md, "Notes"), &s, &fonts);
            let pages = body(&laid);
            for page in &pages[..pages.len() - 1] {
                let last = page.last().unwrap();
                // The foot of the text area is `bottom`; a line's baseline sits about 4 pt
                // above its box's foot.
                let hole = last.y.0 - s.bottom.0 - 4.0;
                assert!(
                    hole <= MAX_HOLE,
                    "{k} fillers: {hole} pt empty below {:?}\n{}",
                    last.text,
                    laid.dump()
                );
            }
        }
    }
}
