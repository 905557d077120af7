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

mod flow;
mod footers;
mod laid;
mod lines;
mod lists;
mod notes;
mod paginate;
mod tables;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use super::fonts::{Fonts, Style};
use crate::render::blocks::Block;

pub use laid::{Artifact, Bar, BarInk, Ink, Kid, Kind, Laid, LinkArea, Mark, Node, Page, Pt, Text};

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
    /// The letter's valedictions ("Yours sincerely"; each edition's, in a bilingual letter):
    /// the paragraph that reads so stands apart from the text above it, keeps with the last
    /// lines of that text and with the signature block after it, with room to sign between
    /// them.
    pub valedictions: Vec<String>,
    /// The page label with `{page}` and `{pages}`: "Page {page} of {pages}".
    pub page_label: String,
    /// Footnotes together at the end of the letter, under this heading, rather than at the
    /// foot of the page that refers to them.
    pub notes_at_end: Option<String>,
    /// The heading over notes set at the end because they are too long for a page's foot.
    pub notes_heading: String,
    /// What a footnote's links say they lead to, before its number: to the note
    /// ("Footnote"), and from the note back to the text ("Back to reference"), as the HTML
    /// page's do.
    pub note_words: [String; 2],
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
            valedictions: Vec::new(),
            notes_at_end: None,
            notes_heading: String::new(),
            note_words: Default::default(),
            footers: Vec::new(),
            logo: None,
            signature: None,
        }
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

/// Where a block is set: its left edge, its measure, and the quote bar beside its lines.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x0: Pt,
    width: Pt,
    quote_bar: Option<Pt>,
}

/// The type a run of lines is set in: size and leading in points, and whether all of it is
/// bold (a heading, a table's head).
#[derive(Debug, Clone, Copy)]
struct Type {
    size: f32,
    leading: f32,
    bold: bool,
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
    valedictions: &'a [String],
    /// The size and leading of paragraphs and list labels: the body's, or a footnote's.
    body: (f32, f32),
    /// The footnotes, laid out before the text that refers to them.
    notes: Vec<LaidNote>,
    /// How much of a page the footnotes of one line may take; past it they go to the end.
    note_room: Pt,
    /// The signature's picture, if the letter has one.
    signature: Option<&'a Picture>,
    /// What a footnote's links say: [`Setup::note_words`].
    note_words: &'a [String; 2],
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

/// Lays out the letter's blocks on A4 pages.
pub fn layout(blocks: &[Block], setup: &Setup, fonts: &Fonts) -> Laid {
    layout_letter(blocks, &[], setup, fonts)
}

/// Lays out the letter's blocks and the footnotes they refer to (see [`crate::render::blocks::read`]):
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
        valedictions: &setup.valedictions,
        body: BODY,
        notes: Vec::new(),
        note_room: room * 0.4,
        signature: setup.signature.as_ref(),
        note_words: &setup.note_words,
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
    let mut laid = paginate::paginate(l.boxes, notes, setup);
    laid.nodes = l.nodes;
    laid.missing = l.missing;
    laid.pictures = l.pictures;
    footers::footers(&mut laid, setup, fonts);
    paginate::link_kids(&mut laid);
    laid
}
