//! The flow: blocks in reading order into line boxes, each with its structure element; the
//! letterhead, pictures, headings, paragraphs, quotes, rules and the editions of a bilingual
//! letter.

use super::super::fonts::Style;
use super::lines::hyphen_after;
use super::*;
use crate::render::blocks::{Block, Span};

/// The letterhead's type for line `i`: the office's name bold, the rest smaller. (Style,
/// size, leading.)
fn letterhead_type(i: usize) -> (Style, f32, f32) {
    if i == 0 {
        (Style::Bold, 11.0, 14.0)
    } else {
        (Style::Regular, 9.5, 12.5)
    }
}

impl Layout<'_> {
    pub(super) fn node(&mut self, kind: Kind, parent: usize) -> usize {
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

    pub(super) fn space(&mut self, before: f32) {
        self.pending = self.pending.max(Pt(before));
    }

    pub(super) fn push(&mut self, mut b: LineBox) {
        b.space_before = match self.cap.take() {
            Some(cap) if cap < self.pending => cap,
            _ => self.pending,
        };
        self.pending = Pt(0.0);
        self.boxes.push(b);
    }

    /// The element a piece of span `at` belongs to: `node` itself, or the Link (or Span, for
    /// a passage in another language, or Reference and Link, for a footnote's) that the run
    /// of that span has under it, across lines; `inline` keeps the current run.
    fn inline_node(
        &mut self,
        spans: &[Span],
        at: usize,
        node: usize,
        inline: &mut Option<(usize, usize)>,
    ) -> usize {
        let span = &spans[at];
        if span.link.is_none() && span.lang.is_none() && span.note.is_none() {
            *inline = None;
            return node;
        }
        let ln = match *inline {
            Some((s, ln)) if s == at => ln,
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
        *inline = Some((at, ln));
        ln
    }

    /// A thematic break: a grey rule across the measure, as an artifact.
    fn rule(&mut self, x0: Pt, width: Pt) {
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

    /// A heading, set to an even measure, kept with what follows it, and a bookmark.
    fn heading(&mut self, level: u8, spans: &[Span], parent: usize, frame: Frame) {
        let Frame {
            x0,
            width,
            quote_bar,
        } = frame;
        let (size, leading, before, after) = heading_metrics(level);
        self.space(before);
        let node = self.node(Kind::H(level), parent);
        let measure = self.balanced(spans, size, width);
        let (first, count) = self.text_block(
            spans,
            node,
            Frame {
                x0,
                width: measure,
                quote_bar,
            },
            Type {
                size,
                leading,
                bold: true,
            },
        );
        for b in &mut self.boxes[first..first + count] {
            b.keep_with_next = true;
        }
        if count > 0 {
            let title: String = spans.iter().map(|s| s.text.replace('\n', " ")).collect();
            self.boxes[first].mark = Some((level, title));
        }
        self.space(after);
    }

    /// Lays out text as lines of a structure element `node`. Returns the index of the first
    /// box, and how many boxes.
    pub(super) fn text_block(
        &mut self,
        spans: &[Span],
        node: usize,
        frame: Frame,
        ty: Type,
    ) -> (usize, usize) {
        let Frame {
            x0,
            width,
            quote_bar,
        } = frame;
        let Type {
            size,
            leading,
            bold,
        } = ty;
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
                let text_node = self.inline_node(spans, p.span, node, &mut inline);
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
                            // A reference's annotation says where it leads: "Footnote 1".
                            text: span
                                .note
                                .map_or_else(|| p.text.clone(), |k| self.note_says(0, k)),
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
    pub(super) fn append(&mut self, boxes: Vec<LineBox>) {
        for (i, b) in boxes.into_iter().enumerate() {
            if i == 0 {
                self.push(b);
            } else {
                self.boxes.push(b);
            }
        }
    }

    /// The letterhead, right-aligned at the head of page 1: one paragraph, its web address
    /// and e-mail address links.
    pub(super) fn letterhead(&mut self, setup: &Setup) {
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
    pub(super) fn figure(&mut self, picture: &Picture, parent: usize, x: Pt) -> Figure {
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

    pub(super) fn blocks(
        &mut self,
        blocks: &[Block],
        parent: usize,
        x0: Pt,
        width: Pt,
        quote_bar: Option<Pt>,
    ) {
        for (i, block) in blocks.iter().enumerate() {
            let valediction = matches!(block, Block::Paragraph(spans)
            if self.valedictions.iter().any(|v| {
                spans.iter().map(|s| s.text.as_str()).collect::<String>().trim() == v
            }));
            if valediction {
                self.space(VALEDICTION_SPACE);
            }
            // The closing (the valediction, or the signature's picture where there is none)
            // keeps with the last lines of the text before it: it never stands alone on the
            // last page.
            let signature = matches!(block, Block::Signature) && self.signature.is_some();
            if (valediction || signature)
                && let Some(b) = self.boxes.last_mut()
            {
                b.keep_with_next = true;
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

    pub(super) fn block(
        &mut self,
        block: &Block,
        parent: usize,
        x0: Pt,
        width: Pt,
        quote_bar: Option<Pt>,
    ) {
        match block {
            Block::Heading { level, spans } => self.heading(
                *level,
                spans,
                parent,
                Frame {
                    x0,
                    width,
                    quote_bar,
                },
            ),
            Block::Paragraph(spans) => {
                if spans.iter().all(|s| s.text.trim().is_empty()) {
                    return;
                }
                self.space(PARAGRAPH_SPACE);
                let node = self.node(Kind::P, parent);
                let (size, leading) = self.body;
                self.text_block(
                    spans,
                    node,
                    Frame {
                        x0,
                        width,
                        quote_bar,
                    },
                    Type {
                        size,
                        leading,
                        bold: false,
                    },
                );
                self.space(PARAGRAPH_SPACE);
            }
            Block::List {
                marker,
                start,
                items,
            } => self.list(
                *marker,
                *start,
                items,
                parent,
                Frame {
                    x0,
                    width,
                    quote_bar,
                },
            ),
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
            Block::Rule => self.rule(x0, width),
            // The letter's own blocks have nothing added around them.
            Block::Extra(none) => match *none {},
        }
    }

    /// The rules of a paragraph's lines for a list's or a quote's, boxes `first..`: its first
    /// line stays with its second and its last with the one before, so neither a list's last
    /// item nor a quote's last line stands alone at the head of a page, nor its first at the
    /// foot. Loosely: a long item still splits rather than leave a hole.
    pub(super) fn widows_and_orphans(&mut self, first: usize) {
        let n = self.boxes.len().saturating_sub(first);
        if n < 2 {
            return;
        }
        self.boxes[first].keep_loose = true;
        self.boxes[first + n - 2].keep_loose = true;
    }
}
