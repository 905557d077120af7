//! A field's paragraphs as the Markdown the office writes, and the comparison that says
//! whether a field changed.

use crate::render::blocks::{self, Block, Marker, Span};

/// A field's blocks as the Markdown the office writes: headings back at the level they are
/// written in the file (`shift` levels up).
pub fn markdown(blocks: &[Block], shift: u8) -> String {
    let mut parts: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { level, spans } => {
                let level = level.saturating_sub(shift).max(1);
                parts.push(format!(
                    "{} {}",
                    "#".repeat(usize::from(level)),
                    inline(spans)
                ));
            }
            Block::Paragraph(spans) => parts.push(inline(spans)),
            Block::List { .. } => parts.push(list_md(b, 0).trim_end().to_owned()),
            Block::Quote(inner) | Block::Part { blocks: inner, .. } => {
                parts.push(markdown(inner, shift))
            }
            Block::Table { .. } | Block::Rule | Block::Signature | Block::Notes(_) => {}
            Block::Extra(none) => match *none {},
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

fn list_md(b: &Block, indent: usize) -> String {
    let Block::List { marker, items, .. } = b else {
        return String::new();
    };
    let mut out = String::new();
    for (n, item) in items.iter().enumerate() {
        let mark = match marker {
            Marker::Bullet => "-".to_owned(),
            _ => format!("{}.", n + 1),
        };
        let pad = " ".repeat(indent);
        let inner = " ".repeat(indent + mark.len() + 1);
        let mut first = true;
        for block in item {
            match block {
                Block::List { .. } => out.push_str(&list_md(block, indent + mark.len() + 1)),
                Block::Paragraph(spans) | Block::Heading { spans, .. } => {
                    if first {
                        out.push_str(&format!("{pad}{mark} {}\n", inline(spans)));
                    } else {
                        out.push_str(&format!("\n{inner}{}\n", inline(spans)));
                    }
                }
                _ => {}
            }
            first = false;
        }
        if item.is_empty() {
            out.push_str(&format!("{pad}{mark}\n"));
        }
    }
    out
}

/// A paragraph's runs as Markdown: bold, italics and links marked, and the text as typed,
/// escaped only where Markdown would read it otherwise (`causes_of_concern[0]` stays as it
/// is; `*star*` typed as it stands is written `\*star\*`).
fn inline(spans: &[Span]) -> String {
    let plain = marked(spans, false);
    let wanted = normal(&[Block::Paragraph(spans.to_vec())]);
    let read = blocks::parse(&plain, "");
    if matches!(read.as_slice(), [Block::Paragraph(_)]) && normal(&read) == wanted {
        plain
    } else {
        marked(spans, true)
    }
}

/// The runs with their marks, the text escaped or not.
fn marked(spans: &[Span], escape: bool) -> String {
    let esc = |t: &str, at_start: bool| {
        if escape {
            crate::markup::escape_run(t, at_start)
        } else {
            t.to_owned()
        }
    };
    let mut out = String::new();
    for (i, s) in spans.iter().enumerate() {
        let lead = s.text.len() - s.text.trim_start().len();
        let trail = s.text.trim_end().len();
        let (before, core, after) = (
            &s.text[..lead],
            &s.text[lead..trail.max(lead)],
            &s.text[trail.max(lead)..],
        );
        out.push_str(&esc(before, false));
        if core.is_empty() {
            out.push_str(&esc(after, false));
            continue;
        }
        let mark = match (s.bold, s.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        let mut text = esc(core, i == 0 && lead == 0);
        if let Some(href) = &s.link {
            text = format!("[{text}]({})", destination(href));
        }
        out.push_str(mark);
        out.push_str(&text);
        out.push_str(mark);
        out.push_str(&esc(after, false));
    }
    out.replace('\n', "\\\n")
}

/// A link's destination as Markdown writes it: in angle brackets when it has spaces or
/// brackets.
fn destination(href: &str) -> String {
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_owned()
    }
}

/// Blocks reduced to what a reader sees: quotes and parts unwrapped, list kinds as bullet or
/// numbered, runs merged and spaces collapsed; so that a field is "changed" only when its
/// words or their emphasis changed, not how the file wraps them.
pub(super) fn normal(blocks: &[Block]) -> Vec<String> {
    fn spans_text(spans: &[Span]) -> String {
        let mut out = String::new();
        let mut last: Option<(bool, bool, Option<&str>)> = None;
        for s in spans {
            let style = (s.bold, s.italic, s.link.as_deref());
            if last != Some(style) {
                out.push_str(&format!(
                    "⟨{}{}{}⟩",
                    u8::from(s.bold),
                    u8::from(s.italic),
                    s.link.as_deref().unwrap_or("")
                ));
                last = Some(style);
            }
            out.push_str(&s.text);
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { level, spans } => out.push(format!("h{level} {}", spans_text(spans))),
            Block::Paragraph(spans) => {
                let t = spans_text(spans);
                if !t.is_empty() {
                    out.push(t);
                }
            }
            Block::List { marker, items, .. } => {
                let kind = if *marker == Marker::Bullet {
                    "ul"
                } else {
                    "ol"
                };
                out.push(kind.to_owned());
                for item in items {
                    out.push("li".to_owned());
                    out.extend(normal(item));
                }
                out.push(format!("/{kind}"));
            }
            Block::Quote(inner) | Block::Part { blocks: inner, .. } => out.extend(normal(inner)),
            Block::Table { head, rows } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    out.push(spans_text(cell));
                }
            }
            Block::Rule => out.push("hr".to_owned()),
            Block::Signature => {}
            Block::Notes(notes) => {
                for note in notes {
                    out.extend(normal(note));
                }
            }
            Block::Extra(none) => match *none {},
        }
    }
    out
}

/// A field's words as one line of plain text (a status, an owner).
pub(super) fn line(blocks: &[Block]) -> String {
    normal_plain(blocks)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn normal_plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { spans, .. } | Block::Paragraph(spans) => {
                for s in spans {
                    out.push_str(&s.text);
                }
                out.push(' ');
            }
            Block::List { items, .. } => {
                for item in items {
                    out.push_str(&normal_plain(item));
                }
            }
            Block::Quote(inner) | Block::Part { blocks: inner, .. } => {
                out.push_str(&normal_plain(inner))
            }
            Block::Table { .. } | Block::Rule | Block::Signature | Block::Notes(_) => {}
            Block::Extra(none) => match *none {},
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md_round_trip(md: &str) -> String {
        markdown(&blocks::parse(md, ""), 0)
    }

    #[test]
    fn markdown_comes_back_as_written() {
        for md in [
            "One paragraph.",
            "The force has **begun** work on *three* of them.\n\nA second paragraph.",
            "See [the plan](https://example.org/plan) for dates.",
            "- first\n- second",
            "1. first\n2. second\n   - inner",
            "A line\\\nbroken here.",
            "Costs rose by 5 per cent & more (see 2.1).",
            "## A heading\n\nText.",
        ] {
            assert_eq!(md_round_trip(md), md);
        }
    }

    #[test]
    fn text_that_would_be_markup_is_escaped() {
        let spans = vec![Span::plain("2022. A *star* and # hash")];
        let md = inline(&spans);
        assert_eq!(md, "2022\\. A \\*star\\* and # hash");
        let back = blocks::parse(&md, "");
        assert_eq!(line(&back), "2022. A *star* and # hash");
    }

    #[test]
    fn plain_text_is_written_as_typed() {
        for typed in [
            "See causes_of_concern[0] and snake_case_names.",
            "Fire & Rescue (2025) – 50% done; a+b = c.",
            "Email chief.constable@northshire.police.uk about it",
        ] {
            assert_eq!(inline(&[Span::plain(typed)]), typed);
        }
        // What Markdown would read otherwise is still escaped.
        assert_eq!(inline(&[Span::plain("a *star* b")]), "a \\*star\\* b");
        assert_eq!(inline(&[Span::plain("1. not a list")]), "1\\. not a list");
    }

    #[test]
    fn spaces_stay_outside_emphasis() {
        let s = |t: &str, b: bool| Span {
            bold: b,
            ..Span::plain(t)
        };
        assert_eq!(
            inline(&[s("We ", false), s("will ", true), s("act.", false)]),
            "We **will** act."
        );
    }
}
