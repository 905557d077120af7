//! Which box of a returned form is which field, and what each holds as blocks.
//!
//! Word keeps each content control's tag (`s55:PATH`). LibreOffice 7.4 drops every tag on
//! saving as .docx, keeps each text box's title (`w:alias`, unique to its field), blanks the
//! drop-downs' titles and keeps every box in its order. So a box is known by its tag; failing
//! that, by its title; failing that, by its place among the boxes, checked against the order
//! the form recorded in its properties, and used only when the boxes are all there and every
//! box known otherwise stands where that order says.

use std::collections::HashMap;

use super::{Content, Found, Refused, refused};
use crate::import::word::Para;
use crate::render::blocks::{Block, Marker, Span};
use crate::render::docx::FormSpec;

/// Each field's content, by path, in the order of the document; or, when some field's box
/// cannot be found, why, naming the fields and what the program that saved the form did.
pub fn identify(
    found: &[Found],
    spec: &FormSpec,
    order: &[String],
    saved_by: Option<&str>,
) -> Result<Vec<(String, Content)>, Refused> {
    let mut by_label: HashMap<&str, Option<&str>> = HashMap::new();
    for (path, f) in &spec.fields {
        by_label
            .entry(f.label.as_str())
            .and_modify(|p| *p = None)
            .or_insert(Some(path.as_str()));
    }
    let known: Vec<Option<String>> = found
        .iter()
        .map(|f| {
            let by_tag = f
                .control
                .tag
                .as_deref()
                .and_then(|t| t.strip_prefix("s55:"));
            let by_alias = || {
                f.control
                    .alias
                    .as_deref()
                    .and_then(|a| by_label.get(a).copied().flatten())
            };
            by_tag.or_else(by_alias).map(str::to_owned)
        })
        .collect();
    let placed = by_order(&known, order);
    let mut out: Vec<(String, Content)> = Vec::new();
    for (f, path) in found.iter().zip(placed) {
        if let Some(path) = path
            && !out.iter().any(|(p, _)| *p == path)
        {
            out.push((path, f.content.clone()));
        }
    }
    let missing: Vec<&String> = spec
        .fields
        .keys()
        .filter(|p| !out.iter().any(|(q, _)| q == *p))
        .collect();
    if missing.is_empty() {
        return Ok(out);
    }
    let names: Vec<String> = missing.iter().take(5).map(|p| format!("`{p}`")).collect();
    let names = format!(
        "{}{}",
        names.join(", "),
        if missing.len() > 5 {
            format!(" and {} more", missing.len() - 5)
        } else {
            String::new()
        }
    );
    let (field, is) = if missing.len() == 1 {
        ("field", "is")
    } else {
        ("fields", "are")
    };
    let untagged = found.iter().any(|f| f.control.tag.is_none());
    let what = if untagged {
        format!(
            "the form's {field} for {names} cannot be found: {} took the names off the \
             form's boxes as it saved it (LibreOffice keeps a text box's title but not a \
             drop-down's), and the form now has {} boxes where s55 wrote {}, so which box is \
             which cannot be told from their order",
            saved_by.unwrap_or("the program that saved it"),
            found.len(),
            order.len()
        )
    } else {
        format!(
            "the form's {field} for {names} {is} missing: {} no box for {}, so what was \
             written there cannot be read",
            match saved_by {
                Some(app) => format!("the form as {app} saved it has"),
                None => "the form has".to_owned(),
            },
            if missing.len() == 1 { "it" } else { "them" }
        )
    };
    Err(refused(
        what,
        "nothing was changed; copy the words into a new form (`s55 render --format docx \
         --form …`), or into the response file by hand",
    ))
}

/// Each box's path: the one its tag or title gives, or else the one its place gives. Between
/// two boxes known by name (or the form's start or end), boxes without a name take the paths
/// the recorded order has between those two, when there are as many boxes as paths: so a
/// box lost in one part of the form leaves the boxes in the other parts known.
fn by_order(known: &[Option<String>], order: &[String]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = known.to_vec();
    // Anchors: (box, place in the order) for each box known by name, in order.
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    for (i, k) in known.iter().enumerate() {
        if let Some(j) = k.as_ref().and_then(|k| order.iter().position(|o| o == k)) {
            if anchors.last().is_some_and(|&(_, last)| last >= j) {
                // Out of order: the places cannot be trusted.
                return out;
            }
            anchors.push((i, j));
        }
    }
    let mut from = (0usize, 0usize);
    for (i, j) in anchors.into_iter().chain([(known.len(), order.len())]) {
        let boxes = from.0..i;
        let paths = order.get(from.1..j).unwrap_or_default();
        if boxes.len() == paths.len() && boxes.clone().all(|b| known[b].is_none()) {
            for (b, p) in boxes.zip(paths) {
                out[b] = Some(p.clone());
            }
        }
        from = (i + 1, j + 1);
    }
    out
}

/// A field's paragraphs as blocks: headings by their style, list items by their numbering,
/// nested by their level; empty paragraphs left out.
pub fn to_blocks(paras: Vec<Para>, bullets: &HashMap<(String, u32), bool>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Open lists, outermost first: (level, marker, items).
    let mut lists: Vec<(u32, Marker, Vec<Vec<Block>>)> = Vec::new();
    fn close_to(
        lists: &mut Vec<(u32, Marker, Vec<Vec<Block>>)>,
        out: &mut Vec<Block>,
        level: Option<u32>,
    ) {
        while let Some((l, _, _)) = lists.last() {
            if level.is_some_and(|lv| *l <= lv) {
                break;
            }
            let Some((_, marker, items)) = lists.pop() else {
                break;
            };
            let list = Block::List {
                marker,
                start: 1,
                items,
            };
            match lists.last_mut().and_then(|(_, _, items)| items.last_mut()) {
                Some(item) => item.push(list),
                None => out.push(list),
            }
        }
    }
    for p in paras {
        let spans = tidy(p.spans);
        let style = p.style.to_ascii_lowercase();
        let styled_list = style.starts_with("listbullet") || style.starts_with("listnumber");
        let listed = p
            .num
            .clone()
            .or_else(|| styled_list.then(|| (p.style.clone(), 0)));
        if spans.is_empty() && listed.is_none() {
            continue;
        }
        match listed {
            Some((id, level)) => {
                let bullet = bullets
                    .get(&(id.clone(), level))
                    .copied()
                    .unwrap_or(style.starts_with("listbullet"));
                let marker = if bullet {
                    Marker::Bullet
                } else {
                    Marker::Decimal
                };
                close_to(&mut lists, &mut out, Some(level));
                if lists.last().is_none_or(|(l, _, _)| *l < level) {
                    lists.push((level, marker, Vec::new()));
                }
                if let Some((_, _, items)) = lists.last_mut() {
                    items.push(vec![Block::Paragraph(spans)]);
                }
            }
            None => {
                close_to(&mut lists, &mut out, None);
                let heading = style
                    .strip_prefix("heading")
                    .and_then(|n| n.trim().parse::<u8>().ok());
                out.push(match heading {
                    Some(level) => Block::Heading {
                        level: level.clamp(1, 6),
                        spans,
                    },
                    None => Block::Paragraph(spans),
                });
            }
        }
    }
    close_to(&mut lists, &mut out, None);
    out
}

/// A paragraph's runs tidied: runs of white space one space, none at either end.
fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for mut s in spans {
        let mut text = String::with_capacity(s.text.len());
        for c in s.text.chars() {
            let space = c.is_whitespace() && c != '\n';
            let prev_space = text.ends_with(' ')
                || (text.is_empty()
                    && out
                        .last()
                        .is_none_or(|l: &Span| l.text.ends_with([' ', '\n'])));
            if space && prev_space {
                continue;
            }
            text.push(if space { ' ' } else { c });
        }
        s.text = text;
        if s.text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(l) if l.bold == s.bold && l.italic == s.italic && l.link == s.link => {
                l.text.push_str(&s.text)
            }
            _ => out.push(s),
        }
    }
    if let Some(l) = out.last_mut() {
        let t = l.text.trim_end().len();
        l.text.truncate(t);
        if l.text.is_empty() {
            out.pop();
        }
    }
    out
}
