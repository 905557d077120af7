//! Tables: columns sized to their cells, the type shrunk (to a floor) before a word is broken.

use super::super::fonts::Style;
use super::lines::{breaks, hyphen_after, invisible};
use super::*;
use crate::render::blocks::Span;

impl Layout<'_> {
    pub(super) fn table(
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
            for (at, _) in breaks(&text) {
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
