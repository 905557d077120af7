//! Lines: a paragraph's spans broken at Unicode (UAX #14) opportunities into lines no wider
//! than the measure, each a row of pieces in one style.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::super::fonts::Style;
use super::{Artifact, HYPHEN, Ink, Layout, Piece, Pt, Text};
use crate::render::blocks::Span;

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
}
/// The places a line may break in `s` (Unicode's rules, UAX #14), less the one after an en
/// dash between two numbers: "2023–2025" and "PEEL 2023–25" are one range and stay on one
/// line, in titles and text alike.
pub(super) fn breaks(s: &str) -> impl Iterator<Item = (usize, BreakOpportunity)> + '_ {
    linebreaks(s).filter(|&(at, kind)| kind == BreakOpportunity::Mandatory || !in_range(s, at))
}

/// Whether `at` comes just after an en dash that joins two numbers.
fn in_range(s: &str, at: usize) -> bool {
    let mut before = s[..at].chars().rev();
    before.next() == Some('–')
        && before.next().is_some_and(|c| c.is_ascii_digit())
        && s[at..].chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Characters with no width and no ink: never drawn.
pub(super) fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\r')
}

/// A paragraph's spans as one string (invisible characters left out, tabs as spaces), with
/// the end of each span in it: (end byte, span).
fn paragraph(spans: &[Span]) -> (String, Vec<(usize, usize)>) {
    let mut s = String::new();
    let mut owner: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (i, span) in spans.iter().enumerate() {
        for c in span.text.chars() {
            if invisible(c) {
                continue;
            }
            s.push(if c == '\t' { ' ' } else { c });
        }
        owner.push((s.len(), i));
    }
    (s, owner)
}

/// A stretch of a paragraph between two break opportunities, measured.
struct Segment {
    /// Where it starts, in bytes.
    start: usize,
    /// Where it ends without its trailing spaces and line breaks.
    body: usize,
    /// Where it ends.
    end: usize,
    /// Whether a line must end after it.
    mandatory: bool,
    /// Its width without its trailing spaces, and with them.
    w_body: Pt,
    w_full: Pt,
}

impl Layout<'_> {
    /// The distance from a line's top to its baseline, centring the font's ascent and
    /// descent in the leading.
    pub(super) fn baseline(&self, style: Style, size: f32, leading: f32) -> Pt {
        let f = self.fonts.face(style);
        let em = f32::from(f.units_per_em);
        let asc = f32::from(f.ascender) / em * size;
        let desc = -f32::from(f.descender) / em * size;
        Pt((leading - asc - desc) / 2.0 + asc)
    }

    /// The width of `text` as [`super::super::fonts::Face::width`] measures it, noting the
    /// characters the face lacks; each character's glyph is looked up once for both.
    pub(super) fn measure(&mut self, text: &str, style: Style, size: f32) -> Pt {
        let face = self.fonts.face(style);
        let (mut units, mut prev) = (0i64, None);
        for c in text.chars() {
            let found = face.glyph(c);
            if found.is_none() && !c.is_whitespace() {
                self.missing.insert(c);
            }
            // As `Face::units` adds them: the missing-glyph box's advance for a character
            // the face lacks, and the kerning between neighbours.
            let g = found.unwrap_or(0);
            units += i64::from(face.advance(g));
            if let Some(p) = prev {
                units += i64::from(face.kern(p, g));
            }
            prev = Some(g);
        }
        Pt(face.points(units, size))
    }

    /// Breaks spans into lines no wider than `width`.
    pub(super) fn break_lines(
        &mut self,
        spans: &[Span],
        size: f32,
        width: Pt,
        bold: bool,
    ) -> Vec<Vec<Piece>> {
        let (s, owner) = paragraph(spans);
        let owners = Owners::new(&owner);
        let segments = self.segments(&s, &owners, spans, size, bold);
        let lines = self.fill(&s, &owners, spans, &segments, size, width, bold);

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

    /// The segments of the paragraph `s` between its break opportunities, each measured
    /// once, without and with its trailing spaces: a heading is broken at a dozen widths
    /// ([`Self::balanced`]) from the same measures.
    fn segments(
        &mut self,
        s: &str,
        owners: &Owners<'_>,
        spans: &[Span],
        size: f32,
        bold: bool,
    ) -> Vec<Segment> {
        let style_of = |i: usize| Style::of(bold || spans[i].bold, spans[i].italic);
        let mut out = Vec::new();
        let mut prev = 0;
        for (at, kind) in breaks(s) {
            let body = s[prev..at].trim_end_matches([' ', '\n']).len();
            let (w_body, w_full) =
                self.measure_range(s, prev, prev + body, at, owners, &style_of, size);
            out.push(Segment {
                start: prev,
                body: prev + body,
                end: at,
                mandatory: kind == BreakOpportunity::Mandatory,
                w_body,
                w_full,
            });
            prev = at;
        }
        out
    }

    /// The lines of the paragraph `s` at `width`, from its measured `segments`: each line's
    /// start and end, and whether it ends where a word too wide for any line was split.
    #[allow(clippy::too_many_arguments)]
    fn fill(
        &mut self,
        s: &str,
        owners: &Owners<'_>,
        spans: &[Span],
        segments: &[Segment],
        size: f32,
        width: Pt,
        bold: bool,
    ) -> Vec<(usize, usize, bool)> {
        let style_of = |i: usize| Style::of(bold || spans[i].bold, spans[i].italic);
        // (start, end, hyphenated): the last when a word too wide for any line is split.
        let mut lines: Vec<(usize, usize, bool)> = Vec::new();
        let hyphen = Pt(self.fonts.face(Style::of(bold, false)).width(HYPHEN, size));
        let mut line_start = 0;
        let mut line_width = Pt(0.0);
        for seg in segments {
            let (seg_start, at, w_body, w_full) = (seg.start, seg.end, seg.w_body, seg.w_full);
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
                for (i, c) in s[seg_start..seg.body].char_indices() {
                    let at_byte = seg_start + i;
                    let end = at_byte + c.len_utf8();
                    let (cw, _) = self.measure_range(s, at_byte, end, end, owners, &style_of, size);
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
            if seg.mandatory && at < s.len() {
                lines.push((line_start, at, false));
                line_start = at;
                line_width = Pt(0.0);
            }
        }
        if line_start < s.len() || lines.is_empty() {
            lines.push((line_start, s.len(), false));
        }
        lines
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

    /// The widths of `s[a..body]` and of `s[a..b]` (`body` ≤ `b`: a segment without and with
    /// its trailing spaces), in one pass: each span's run is measured on its own, without its
    /// line breaks, and the runs' widths added in order, so both come out exactly as if each
    /// range had been measured alone.
    #[allow(clippy::too_many_arguments)]
    fn measure_range(
        &mut self,
        s: &str,
        a: usize,
        body: usize,
        b: usize,
        owners: &Owners<'_>,
        style_of: &dyn Fn(usize) -> Style,
        size: f32,
    ) -> (Pt, Pt) {
        let (mut w_body, mut w_full) = (Pt(0.0), Pt(0.0));
        let mut at = a;
        while at < b {
            let (end, span) = owners
                .run(at)
                .map_or((b, 0), |(end, span)| (end.min(b), span));
            let end = end.max(at + 1);
            let face = self.fonts.face(style_of(span));
            let mut units: i64 = 0;
            let mut prev: Option<u16> = None;
            let mut split = None;
            for (i, c) in s[at..end].char_indices() {
                if at + i == body {
                    split = Some(units);
                }
                if c == '\n' {
                    continue;
                }
                let g = face.glyph(c).unwrap_or(0);
                units += i64::from(face.advance(g));
                if let Some(p) = prev {
                    units += i64::from(face.kern(p, g));
                }
                prev = Some(g);
            }
            if at < body {
                w_body += Pt(face.points(split.unwrap_or(units), size));
            }
            w_full += Pt(face.points(units, size));
            at = end;
        }
        (w_body, w_full)
    }

    /// The measure a heading is set to so that its lines come out even: the narrowest that
    /// still takes no more lines than the full width does, so that a heading never leaves one
    /// word alone on its last line. Never below 60% of the width, where a long word could
    /// need breaking.
    pub(super) fn balanced(&mut self, spans: &[Span], size: f32, width: Pt) -> Pt {
        let (s, owner) = paragraph(spans);
        let owners = Owners::new(&owner);
        let segments = self.segments(&s, &owners, spans, size, true);
        let mut count = |w: Pt| {
            self.fill(&s, &owners, spans, &segments, size, w, true)
                .len()
        };
        let lines = count(width);
        if lines < 2 {
            return width;
        }
        let (mut narrow, mut wide) = (Pt(width.0 * 0.6), width);
        for _ in 0..12 {
            let mid = Pt((narrow.0 + wide.0) / 2.0);
            if count(mid) <= lines {
                wide = mid;
            } else {
                narrow = mid;
            }
        }
        wide
    }
}

/// The hyphen drawn after a piece that ends where a word was split, as a layout artifact, so
/// the tagged text keeps the word whole.
pub(super) fn hyphen_after(p: &Piece, x: Pt, y: Pt, size: f32, ink: Ink) -> Option<Text> {
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
