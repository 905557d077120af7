//! Lists: each item's label hung in the gutter before its text, numbered as the letter says.

use super::super::fonts::Style;
use super::*;
use crate::render::blocks::{Block, Marker};

impl Layout<'_> {
    /// A list: each item's label hung in the gutter before its first line.
    pub(super) fn list(
        &mut self,
        marker: Marker,
        start: u64,
        items: &[Vec<Block>],
        parent: usize,
        frame: Frame,
    ) {
        let Frame {
            x0,
            width,
            quote_bar,
        } = frame;
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
}
