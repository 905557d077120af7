//! The letter's Markdown as blocks for layout: the same events the HTML is made from, so the
//! PDF has no second copy of the letter's structure.
//!
//! As in the HTML writer, raw HTML is text, unsafe links lose their address, images become
//! their description, and s55's own `<!-- s55:list ... -->` comment sets the numbering of the
//! list after it.
//!
//! The blocks are the letter's alone: a format that adds something of its own around some of
//! them (the Word form's fields) reads the Markdown with [`read_as`] and a [`Wrap`] of its
//! own, and only that format's code knows of it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markup::{Footnotes, link_allowed, options};

/// How a list's items are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A bullet.
    Bullet,
    /// 1. 2. 3.
    Decimal,
    /// (a) (b) (c)
    LowerAlpha,
    /// (i) (ii) (iii)
    LowerRoman,
}

impl Marker {
    /// The label of the item numbered `n` (from 1).
    pub fn label(self, n: u64) -> String {
        match self {
            Marker::Bullet => "•".to_owned(),
            Marker::Decimal => format!("{n}."),
            Marker::LowerAlpha => format!("({})", alpha(n)),
            Marker::LowerRoman => format!("({})", roman(n)),
        }
    }
}

fn alpha(mut n: u64) -> String {
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn roman(n: u64) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A run of text in one style. A line break inside a paragraph is a `\n` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Where it links to.
    pub link: Option<String>,
    /// Its language (BCP 47), when it is not the language around it.
    pub lang: Option<String>,
    /// For a footnote's reference ("[1]"), the note it refers to, from 0.
    pub note: Option<usize>,
}

impl Span {
    /// Text in no style of its own: not bold, not italic, no link, no language or note.
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
            lang: None,
            note: None,
        }
    }
}

/// A block of the letter; `X` is what a format adds around some blocks ([`Wrap`]), nothing
/// for the letter itself ([`Plain`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Block<X = Plain> {
    /// A heading, level 1 to 6.
    Heading {
        /// Its level.
        level: u8,
        /// Its text.
        spans: Vec<Span>,
    },
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A list; each item is a list of blocks.
    List {
        /// How items are marked.
        marker: Marker,
        /// The first item's number.
        start: u64,
        /// The items.
        items: Vec<Vec<Block<X>>>,
    },
    /// A block quote.
    Quote(Vec<Block<X>>),
    /// A table: the header row, then the body rows; each cell is spans.
    Table {
        /// The header cells.
        head: Vec<Vec<Span>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Span>>>,
    },
    /// A thematic break.
    Rule,
    /// The footnotes gathered at the end of the letter, in number order.
    Notes(Vec<Vec<Block<X>>>),
    /// A part of a bilingual document in one language (a BCP 47 tag).
    Part {
        /// The part's language.
        lang: String,
        /// Its blocks.
        blocks: Vec<Block<X>>,
    },
    /// Where the signature's picture goes, when the letter has one.
    Signature,
    /// What a format added around some of the letter's blocks (see [`Wrap`]); never in a
    /// letter read with [`read`].
    Extra(X),
}

/// Nothing added to the letter's blocks: the blocks every format reads. It has no value, so
/// [`Block::Extra`] never occurs in a `Block<Plain>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {}

/// What a format adds around some of the letter's blocks: the blocks between an opening
/// comment of its own in the Markdown and its closing comment, wrapped as one.
pub trait Wrap: Sized {
    /// What an opening comment says of the blocks it opens.
    type Open;
    /// What the comment (its whole text, trimmed) opens, when it opens anything.
    fn opens(comment: &str) -> Option<Self::Open>;
    /// Whether the comment closes the innermost opened one.
    fn closes(comment: &str) -> bool;
    /// The blocks between the two comments, wrapped.
    fn wrap(open: Self::Open, blocks: Vec<Block<Self>>) -> Self;
}

impl Wrap for Plain {
    type Open = Plain;
    fn opens(_: &str) -> Option<Plain> {
        None
    }
    fn closes(_: &str) -> bool {
        false
    }
    fn wrap(open: Plain, _: Vec<Block<Plain>>) -> Plain {
        match open {}
    }
}

#[derive(Default)]
struct Inline {
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    links: Vec<Option<String>>,
}

impl Inline {
    fn push(&mut self, text: &str) {
        let link = self.links.iter().rev().find_map(Clone::clone);
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        if let Some(last) = self.spans.last_mut()
            && last.bold == bold
            && last.italic == italic
            && last.link == link
            && last.note.is_none()
        {
            last.text.push_str(text);
            return;
        }
        self.spans.push(Span {
            text: text.to_owned(),
            bold,
            italic,
            link,
            lang: None,
            note: None,
        });
    }

    /// A footnote's reference: a span of its own.
    fn push_note(&mut self, text: String, note: usize) {
        self.spans.push(Span {
            text,
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: None,
            lang: None,
            note: Some(note),
        });
    }

    fn take(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.spans)
    }
}

/// Containers being filled, innermost last.
enum Frame<X: Wrap> {
    Root(Vec<Block<X>>),
    Part(String, Vec<Block<X>>),
    /// Blocks a format's own comment opened ([`Wrap`]).
    Wrapped(X::Open, Vec<Block<X>>),
    Quote(Vec<Block<X>>),
    List {
        marker: Marker,
        start: u64,
        items: Vec<Vec<Block<X>>>,
    },
    Item(Vec<Block<X>>),
    /// A footnote's definition, by its label.
    Note(String, Vec<Block<X>>),
    Table {
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        row: Vec<Vec<Span>>,
        in_head: bool,
    },
}

/// The letter read for layout: its blocks, and the footnotes they refer to.
#[derive(Debug, Clone)]
pub struct Letter<X = Plain> {
    /// The blocks, footnote references among their spans ([`Span::note`]).
    pub blocks: Vec<Block<X>>,
    /// The footnotes, numbered in the order they are first referred to ("[1]" in the text);
    /// a note's own references to notes stay plain text.
    pub notes: Vec<Vec<Block<X>>>,
}

impl<X> Default for Letter<X> {
    fn default() -> Self {
        Letter {
            blocks: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// Reads the letter's Markdown for layout.
pub fn read(markdown: &str) -> Letter {
    read_as::<Plain>(markdown)
}

/// Reads the Markdown of a format that adds `X` around some of the letter's blocks, between
/// its own comments.
pub fn read_as<X: Wrap>(markdown: &str) -> Letter<X> {
    let mut r = Reader {
        notes: Notes(Footnotes::default()),
        stack: vec![Frame::Root(Vec::new())],
        inline: Inline::default(),
        pending_marker: None,
        heading: None,
    };
    for event in Parser::new_ext(markdown, options()) {
        if !r.block(&event) && !r.table(&event) {
            r.inline(event);
        }
    }
    let blocks = match r.stack.into_iter().next() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    };
    Letter {
        blocks,
        notes: r.notes.0.in_order(),
    }
}

/// Reads the letter's Markdown into blocks with its footnotes gathered at the end under
/// `notes_heading`, so the printed letter reads as the page does.
pub fn parse(markdown: &str, notes_heading: &str) -> Vec<Block> {
    let letter = read(markdown);
    let mut blocks = letter.blocks;
    blocks.extend(end_notes(letter.notes, notes_heading));
    blocks
}

/// The notes at the end: a heading, then the notes.
pub fn end_notes(notes: Vec<Vec<Block>>, heading: &str) -> Vec<Block> {
    if notes.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading {
            level: 2,
            spans: vec![Span::plain(heading)],
        },
        Block::Notes(notes),
    ]
}

/// The reading of one letter: containers being filled, the inline text of the current block,
/// and what a comment or heading said of the next block.
struct Reader<X: Wrap> {
    notes: Notes<X>,
    stack: Vec<Frame<X>>,
    inline: Inline,
    pending_marker: Option<Marker>,
    heading: Option<u8>,
}

impl<X: Wrap> Reader<X> {
    fn add(&mut self, block: Block<X>) {
        if let Some(
            Frame::Root(b)
            | Frame::Quote(b)
            | Frame::Item(b)
            | Frame::Part(_, b)
            | Frame::Wrapped(_, b)
            | Frame::Note(_, b),
        ) = self.stack.last_mut()
        {
            b.push(block);
        }
    }

    /// Text directly in a tight list item has no paragraph around it: close it as one.
    fn flush(&mut self) {
        if !self.inline.spans.is_empty() && matches!(self.stack.last(), Some(Frame::Item(_))) {
            let spans = self.inline.take();
            self.add(Block::Paragraph(spans));
        }
    }

    /// Paragraphs, headings, quotes, lists, code and footnote definitions; whether it was one.
    fn block(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_)) => self.flush(),
            Event::End(TagEnd::Paragraph) => {
                let spans = self.inline.take();
                self.add(Block::Paragraph(spans));
            }
            Event::Start(Tag::Heading { level, .. }) => self.heading = Some(*level as u8),
            Event::End(TagEnd::Heading(_)) => {
                let spans = self.inline.take();
                let level = self.heading.take().unwrap_or(2);
                self.add(Block::Heading { level, spans });
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    self.add(Block::Quote(blocks));
                }
            }
            Event::Start(Tag::List(start)) => {
                self.flush();
                let marker = match (start, self.pending_marker.take()) {
                    (None, _) => Marker::Bullet,
                    (Some(_), Some(m)) => m,
                    (Some(_), None) => Marker::Decimal,
                };
                self.stack.push(Frame::List {
                    marker,
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                });
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(Frame::List {
                    marker,
                    start,
                    items,
                }) = self.stack.pop()
                {
                    self.add(Block::List {
                        marker,
                        start,
                        items,
                    });
                }
            }
            Event::Start(Tag::Item) => self.stack.push(Frame::Item(Vec::new())),
            Event::End(TagEnd::Item) => {
                self.flush();
                if let Some(Frame::Item(blocks)) = self.stack.pop()
                    && let Some(Frame::List { items, .. }) = self.stack.last_mut()
                {
                    items.push(blocks);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let mut spans = self.inline.take();
                if let Some(last) = spans.last_mut() {
                    let trimmed = last.text.trim_end_matches('\n').len();
                    last.text.truncate(trimmed);
                }
                self.add(Block::Paragraph(spans));
            }
            Event::Rule => self.add(Block::Rule),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.stack.push(Frame::Note(label.to_string(), Vec::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(Frame::Note(label, blocks)) = self.stack.pop() {
                    self.notes.0.define(label, blocks);
                }
            }
            _ => return false,
        }
        true
    }

    /// A table's head, rows and cells; whether it was one.
    fn table(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(Tag::Table(_)) => self.stack.push(Frame::Table {
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
                in_head: false,
            }),
            Event::Start(Tag::TableHead) => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(Frame::Table {
                    head, row, in_head, ..
                }) = self.stack.last_mut()
                {
                    *head = std::mem::take(row);
                    *in_head = false;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            Event::End(TagEnd::TableCell) => {
                let spans = self.inline.take();
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(spans);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Frame::Table { head, rows, .. }) = self.stack.pop() {
                    self.add(Block::Table { head, rows });
                }
            }
            _ => return false,
        }
        true
    }

    /// Styles, links, text, breaks, s55's own comments and footnote references.
    fn inline(&mut self, event: Event<'_>) {
        let inline = &mut self.inline;
        match event {
            Event::Start(Tag::Emphasis) => inline.italic += 1,
            Event::End(TagEnd::Emphasis) => inline.italic = inline.italic.saturating_sub(1),
            Event::Start(Tag::Strong) => inline.bold += 1,
            Event::End(TagEnd::Strong) => inline.bold = inline.bold.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => inline
                .links
                .push(link_allowed(&dest_url).then(|| dest_url.to_string())),
            Event::End(TagEnd::Link) => {
                inline.links.pop();
            }
            // In a code block the text keeps its line breaks, as breaks.
            Event::Text(t) | Event::Code(t) => inline.push(&t),
            Event::SoftBreak => inline.push(" "),
            Event::HardBreak => inline.push("\n"),
            Event::Html(h) | Event::InlineHtml(h) => self.comment(&h),
            Event::FootnoteReference(label) => {
                let n = self.notes.number(&label);
                let in_note = self.stack.iter().any(|f| matches!(f, Frame::Note(..)));
                if in_note {
                    self.inline.push(&format!("[{n}]"));
                } else {
                    self.inline.push_note(format!("[{n}]"), n - 1);
                }
            }
            _ => {}
        }
    }

    /// s55's own comments (list numbering, a bilingual document's parts); other HTML is text.
    fn comment(&mut self, h: &str) {
        match h.trim() {
            "<!-- s55:list lower-alpha -->" => self.pending_marker = Some(Marker::LowerAlpha),
            "<!-- s55:list lower-roman -->" => self.pending_marker = Some(Marker::LowerRoman),
            "<!-- s55:lang cy -->" => self.stack.push(Frame::Part("cy".to_owned(), Vec::new())),
            "<!-- s55:lang en -->" => self.stack.push(Frame::Part("en-GB".to_owned(), Vec::new())),
            "<!-- s55:lang end -->" => {
                if let Some(Frame::Part(lang, blocks)) = self.stack.pop() {
                    self.add(Block::Part { lang, blocks });
                }
            }
            "<!-- s55:signature -->" => {
                self.flush();
                self.add(Block::Signature);
            }
            t if X::closes(t) => {
                self.flush();
                if let Some(Frame::Wrapped(open, blocks)) = self.stack.pop() {
                    self.add(Block::Extra(X::wrap(open, blocks)));
                }
            }
            t => match X::opens(t) {
                Some(open) => {
                    self.flush();
                    self.stack.push(Frame::Wrapped(open, Vec::new()));
                }
                None => self.inline.push(h),
            },
        }
    }
}

/// Footnotes: their numbers in order of first reference, and their definitions.
struct Notes<X>(Footnotes<Vec<Block<X>>>);

impl<X> Notes<X> {
    fn number(&mut self, label: &str) -> usize {
        self.0.number(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn nested_lists_keep_their_numbering() {
        let md =
            "1. We recommend:\n   <!-- s55:list lower-alpha -->\n   1. one\n   2. two\n2. Next\n";
        let blocks = parse(md, "Notes");
        let Block::List { marker, items, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(*marker, Marker::Decimal);
        assert_eq!(items.len(), 2);
        let Block::Paragraph(first) = &items[0][0] else {
            panic!()
        };
        assert_eq!(text(first), "We recommend:");
        let Block::List {
            marker,
            items: inner,
            ..
        } = &items[0][1]
        else {
            panic!("{:?}", items[0])
        };
        assert_eq!(*marker, Marker::LowerAlpha);
        assert_eq!(inner.len(), 2);
    }

    #[test]
    fn styles_links_and_breaks() {
        let blocks = parse(
            "A **bold** [link](https://x.org) and [bad](javascript:x)\\\nnext",
            "Notes",
        );
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!()
        };
        assert!(spans.iter().any(|s| s.bold && s.text == "bold"));
        assert!(
            spans
                .iter()
                .any(|s| s.link.as_deref() == Some("https://x.org") && s.text == "link")
        );
        assert!(
            spans
                .iter()
                .all(|s| s.link.as_deref() != Some("javascript:x"))
        );
        assert!(text(spans).ends_with("bad\nnext"));
    }

    #[test]
    fn labels() {
        assert_eq!(Marker::LowerAlpha.label(1), "(a)");
        assert_eq!(Marker::LowerAlpha.label(27), "(aa)");
        assert_eq!(Marker::LowerRoman.label(4), "(iv)");
        assert_eq!(Marker::Decimal.label(10), "10.");
    }
}
