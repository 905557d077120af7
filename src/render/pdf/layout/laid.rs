//! What layout hands the writer: pages of positioned text, rules, links and pictures, and the
//! structure elements they belong to.

use std::collections::BTreeSet;
use std::ops::{Add, AddAssign, Mul, Sub, SubAssign};

use super::super::fonts::Style;
use super::{Figure, Picture};
use crate::render::blocks::Marker;

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
