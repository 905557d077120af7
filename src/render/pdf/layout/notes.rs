//! Footnotes: each laid out apart, in footnote type, before the text that refers to it, and
//! set at the foot of that page or at the end of the letter.

use super::super::fonts::Style;
use super::*;
use crate::render::blocks::{Block, Span};

impl Layout<'_> {
    /// Gives note `k` its place in the structure: after the first reference to it, in the
    /// element `parent` that refers to it.
    pub(super) fn refer(&mut self, k: usize, parent: usize) {
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
    pub(super) fn too_long_for_the_foot(&mut self, notes: &[usize]) {
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
    pub(super) fn lay_notes(&mut self, notes: &[Vec<Block>], at_end: bool) {
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
    /// from the number back to the text that refers to it. The number's link stands at the
    /// head of the note's first paragraph (Note, P, Link), so the note reads "[1] The
    /// grades…": a label (Lbl) belongs to a list item in PDF 1.7, which PDF/UA-1 builds on.
    pub(super) fn note(
        &mut self,
        k: usize,
        node: usize,
        blocks: &[Block],
        x0: Pt,
        width: Pt,
    ) -> Vec<LineBox> {
        let saved = std::mem::take(&mut self.boxes);
        let (pending, cap, body) = (self.pending, self.cap.take(), self.body);
        self.pending = Pt(0.0);
        self.body = NOTE_BODY;
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
        // The paragraph the note begins with, if it begins with one; else the note itself.
        let mut holder = self.boxes[0].texts.first().and_then(|t| t.node);
        while let Some(h) = holder
            && self.nodes[h].parent.is_some_and(|p| p != node)
        {
            holder = self.nodes[h].parent;
        }
        let holder = holder
            .filter(|&h| self.nodes[h].kind == Kind::P)
            .unwrap_or(node);
        let link = self.node(Kind::Link, holder);
        let back = self.note_says(1, k);
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
                text: back,
            },
        );
        first.texts.insert(
            0,
            Text {
                x: x0,
                y: dy,
                style: Style::Regular,
                size: Pt(size),
                // A space after the number, as the words after it read.
                text: format!("{label} "),
                added: 1,
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
    pub(super) fn end_notes(&mut self, heading: &str) {
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

    /// What the link to note `k` (`which` 0) or back from it (1) says: "Footnote 1", "Back to
    /// reference 1"; its number in brackets where there are no words for it.
    pub(super) fn note_says(&self, which: usize, k: usize) -> String {
        match self.note_words[which].as_str() {
            "" => format!("[{}]", k + 1),
            words => format!("{words} {}", k + 1),
        }
    }
}
