//! Reading a filled Word form back into its response file (`s55 import docx`).
//!
//! The form is the one `s55 render --format docx --form …` wrote: each place to write is a
//! content control tagged `s55:PATH`. What was written in each comes back as Markdown
//! (paragraphs, bold, italics, lists, links and headings as Word holds them), is compared with
//! what the file says, and only the fields that changed are written, into the file's text in
//! place ([`crate::load::edit`]), so the office's comments and layout stay. The document says
//! which response and which version of its file it was made from; a form for another
//! response, or made before the file last changed, is refused unless forced. Text typed
//! outside the fields is reported, never read in.

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;

use quick_xml::events::{BytesStart, Event};

use crate::diag::FieldPath;
use crate::load::edit::{self, Change, Hunk};
use crate::model::Editions;
use crate::render::Renderer;
use crate::render::docx::{self, FieldKind, FormSpec, Which};
use crate::render::pdf::blocks::{self, Block, Marker, Span};
use crate::settings::Settings;

/// The largest Word document `s55 import docx` reads: a form s55 writes is tens of
/// kilobytes, and one with pictures pasted in a few megabytes.
pub const MAX_DOCX_BYTES: usize = 20 * 1024 * 1024;
/// The most any one part of the document may take once uncompressed.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// What a filled form holds.
#[derive(Debug, Default)]
pub struct Filled {
    /// The document's s55 properties: `s55-form`, `s55-response`, `s55-source`.
    pub props: BTreeMap<String, String>,
    /// Each field's content, by path, in the order of the document.
    pub fields: Vec<(String, Content)>,
    /// The text of each paragraph outside the fields, in order.
    pub outside: Vec<String>,
}

/// What one field holds.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Whether Word still shows the prompt (nothing was written).
    pub placeholder: bool,
    /// Its paragraphs.
    pub blocks: Vec<Block>,
}

/// A paragraph as Word holds it.
#[derive(Debug, Default)]
struct Para {
    style: String,
    /// The list it belongs to (`w:numId`) and its level.
    num: Option<(String, u32)>,
    spans: Vec<Span>,
}

/// Why a document cannot be read.
#[derive(Debug)]
pub struct Refused(pub String, pub String);

fn refused(what: impl Into<String>, hint: impl Into<String>) -> Refused {
    Refused(what.into(), hint.into())
}

/// Reads a filled form.
pub fn read(bytes: &[u8]) -> Result<Filled, Refused> {
    if bytes.len() > MAX_DOCX_BYTES {
        return Err(refused(
            format!(
                "the file is {} MB: a Word form from s55 is far smaller",
                bytes.len() / (1024 * 1024)
            ),
            format!(
                "s55 reads Word forms of up to {} MB; check that this is the form s55 wrote, \
                 and take out any pictures pasted into it",
                MAX_DOCX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        refused(
            format!("this is not a Word document s55 can read: {e}"),
            "save the form from Word as a Word Document (.docx) and try again; a file that \
             was copied only in part, or renamed from another format, cannot be read",
        )
    })?;
    let mut part = |name: &str| -> Result<Option<String>, Refused> {
        let Ok(file) = zip.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        file.take(MAX_PART_BYTES)
            .read_to_string(&mut text)
            .map_err(|e| {
                refused(
                    format!("the Word document's part `{name}` cannot be read: {e}"),
                    "the file is damaged: save the form from Word again",
                )
            })?;
        Ok(Some(text))
    };
    let document = part("word/document.xml")?.ok_or_else(|| {
        refused(
            "this file has no Word document in it (no `word/document.xml`)",
            "give the .docx that s55 wrote with `s55 render --format docx --form …`",
        )
    })?;
    let custom = part("docProps/custom.xml")?.unwrap_or_default();
    let rels = part("word/_rels/document.xml.rels")?.unwrap_or_default();
    let numbering = part("word/numbering.xml")?.unwrap_or_default();
    let props = properties(&custom).map_err(damaged)?;
    let links = relationships(&rels).map_err(damaged)?;
    let bullets = bullet_lists(&numbering).map_err(damaged)?;
    let mut filled = body(&document, &links, &bullets).map_err(damaged)?;
    filled.props = props;
    Ok(filled)
}

fn damaged(e: String) -> Refused {
    refused(
        format!("the Word document cannot be read: {e}"),
        "the file is damaged: save the form from Word again",
    )
}

use super::xml::attr;

/// The s55 properties of `docProps/custom.xml`.
fn properties(xml: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut name: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().as_ref() == "property" => {
                name = attr(&e, "name");
            }
            e @ (Event::Text(_) | Event::GeneralRef(_)) => {
                if let (Some(n), Some(v)) = (&name, super::xml::text(&e)?) {
                    out.entry(n.clone())
                        .or_insert_with(String::new)
                        .push_str(&v);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "property" => name = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The hyperlinks' addresses, by relationship id.
fn relationships(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target"))
                    && attr(&e, "Type").is_some_and(|t| t.ends_with("/hyperlink"))
                {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// For each list (`w:numId`) and level, whether it is a bullet list.
fn bullet_lists(xml: &str) -> Result<HashMap<(String, u32), bool>, String> {
    let mut abstracts: HashMap<String, HashMap<u32, bool>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut abs, mut lvl, mut num): (Option<String>, Option<u32>, Option<String>) =
        (None, None, None);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "abstractNum" => abs = attr(&e, "w:abstractNumId"),
                "lvl" => lvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()),
                "numFmt" => {
                    if let (Some(a), Some(l)) = (&abs, lvl) {
                        let bullet = attr(&e, "w:val").as_deref() == Some("bullet");
                        abstracts.entry(a.clone()).or_default().insert(l, bullet);
                    }
                }
                "num" => num = attr(&e, "w:numId"),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (&num, attr(&e, "w:val")) {
                        nums.insert(n.clone(), a);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "abstractNum" => abs = None,
                "lvl" => lvl = None,
                "num" => num = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for (n, a) in nums {
        for (l, bullet) in abstracts.get(&a).into_iter().flatten() {
            out.insert((n.clone(), *l), *bullet);
        }
    }
    Ok(out)
}

/// A content control being read.
struct Sdt {
    /// Its field's path, for one of s55's.
    path: Option<String>,
    placeholder: bool,
    /// The paragraphs read inside it.
    paras: Vec<Para>,
}

/// Reads the body: the fields' paragraphs, and the text outside them.
fn body(
    xml: &str,
    links: &HashMap<String, String>,
    bullets: &HashMap<(String, u32), bool>,
) -> Result<Filled, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut filled = Filled::default();
    let mut sdts: Vec<Sdt> = Vec::new();
    let mut para: Option<Para> = None;
    let (mut bold, mut italic) = (false, false);
    let mut link: Option<String> = None;
    let (mut in_text, mut in_rpr, mut in_sdt_pr) = (false, false, false);
    let mut in_ppr = false;
    let push = |para: &mut Option<Para>, text: &str, b: bool, i: bool, l: &Option<String>| {
        let Some(p) = para.as_mut() else { return };
        if let Some(last) = p.spans.last_mut()
            && last.bold == b
            && last.italic == i
            && last.link == *l
        {
            last.text.push_str(text);
            return;
        }
        p.spans.push(Span {
            text: text.to_owned(),
            bold: b,
            italic: i,
            link: l.clone(),
            lang: None,
            note: None,
        });
    };
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "w:sdt" if !empty => sdts.push(Sdt {
                        path: None,
                        placeholder: false,
                        paras: Vec::new(),
                    }),
                    "w:sdtPr" if !empty => in_sdt_pr = true,
                    "w:tag" if in_sdt_pr => {
                        if let (Some(s), Some(v)) = (sdts.last_mut(), attr(e, "w:val")) {
                            s.path = v.strip_prefix("s55:").map(str::to_owned);
                        }
                    }
                    "w:showingPlcHdr" if in_sdt_pr => {
                        if let Some(s) = sdts.last_mut() {
                            s.placeholder = on(e);
                        }
                    }
                    "w:p" => {
                        para = Some(Para::default());
                        if empty {
                            finish(&mut para, &mut sdts, &mut filled);
                        }
                    }
                    "w:pStyle" => {
                        if let Some(p) = para.as_mut() {
                            p.style = attr(e, "w:val").unwrap_or_default();
                        }
                    }
                    "w:numId" => {
                        if let Some(p) = para.as_mut()
                            && let Some(id) = attr(e, "w:val").filter(|v| v != "0")
                        {
                            let level = p.num.as_ref().map_or(0, |n| n.1);
                            p.num = Some((id, level));
                        }
                    }
                    "w:ilvl" => {
                        if let Some(p) = para.as_mut() {
                            let level = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            let id = p.num.take().map(|n| n.0).unwrap_or_default();
                            p.num = Some((id, level));
                        }
                    }
                    "w:r" if !empty => (bold, italic) = (false, false),
                    "w:rPr" if !empty => in_rpr = true,
                    "w:pPr" if !empty => in_ppr = true,
                    "w:b" if in_rpr => bold = on(e),
                    "w:i" if in_rpr => italic = on(e),
                    "w:hyperlink" if !empty => {
                        link = attr(e, "r:id").and_then(|id| links.get(&id).cloned());
                    }
                    "w:t" if !empty => in_text = true,
                    "w:tab" if !in_rpr && !in_ppr => push(&mut para, " ", bold, italic, &link),
                    // A page or column break is layout, not a line of the text.
                    "w:br" | "w:cr"
                        if !in_rpr
                            && !in_ppr
                            && attr(e, "w:type").is_none_or(|t| t == "textWrapping") =>
                    {
                        push(&mut para, "\n", bold, italic, &link);
                    }
                    "w:noBreakHyphen" => push(&mut para, "-", bold, italic, &link),
                    _ => {}
                }
            }
            Event::Text(_) | Event::GeneralRef(_) if in_text => {
                let text = super::xml::text(&event)?.unwrap_or_default();
                push(&mut para, &text, bold, italic, &link);
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:rPr" => in_rpr = false,
                "w:pPr" => in_ppr = false,
                "w:sdtPr" => in_sdt_pr = false,
                "w:hyperlink" => link = None,
                "w:p" => finish(&mut para, &mut sdts, &mut filled),
                "w:sdt" => {
                    if let Some(sdt) = sdts.pop() {
                        match sdt.path {
                            Some(path) => filled.fields.push((
                                path,
                                Content {
                                    placeholder: sdt.placeholder,
                                    blocks: to_blocks(sdt.paras, bullets),
                                },
                            )),
                            // A control of the writer's own: its paragraphs belong to the
                            // field around it, or to the text outside.
                            None => match sdts.last_mut() {
                                Some(outer) => outer.paras.extend(sdt.paras),
                                None => filled.outside.extend(sdt.paras.iter().map(plain)),
                            },
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    filled.outside.retain(|t| !t.trim().is_empty());
    Ok(filled)
}

/// Whether a toggle such as `<w:b/>` or `<w:b w:val="0"/>` is on.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "w:val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// A paragraph ends: into the innermost control, or the text outside.
fn finish(para: &mut Option<Para>, sdts: &mut [Sdt], filled: &mut Filled) {
    let Some(p) = para.take() else { return };
    match sdts.last_mut() {
        Some(sdt) => sdt.paras.push(p),
        None => filled.outside.push(plain(&p)),
    }
}

fn plain(p: &Para) -> String {
    p.spans.iter().map(|s| s.text.as_str()).collect()
}

/// A field's paragraphs as blocks: headings by their style, list items by their numbering,
/// nested by their level; empty paragraphs left out.
fn to_blocks(paras: Vec<Para>, bullets: &HashMap<(String, u32), bool>) -> Vec<Block> {
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
            Block::Quote(inner)
            | Block::Part { blocks: inner, .. }
            | Block::Field { blocks: inner, .. } => parts.push(markdown(inner, shift)),
            Block::Table { .. } | Block::Rule | Block::Signature | Block::Notes(_) => {}
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

/// A paragraph's runs as Markdown: bold, italics and links marked, the text escaped so that
/// it reads back as typed.
fn inline(spans: &[Span]) -> String {
    let mut out = String::new();
    for (i, s) in spans.iter().enumerate() {
        let lead = s.text.len() - s.text.trim_start().len();
        let trail = s.text.trim_end().len();
        let (before, core, after) = (
            &s.text[..lead],
            &s.text[lead..trail.max(lead)],
            &s.text[trail.max(lead)..],
        );
        out.push_str(&crate::markup::escape_run(before, false));
        if core.is_empty() {
            out.push_str(&crate::markup::escape_run(after, false));
            continue;
        }
        let mark = match (s.bold, s.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        let mut text = crate::markup::escape_run(core, i == 0 && lead == 0);
        if let Some(href) = &s.link {
            text = format!("[{text}]({})", destination(href));
        }
        out.push_str(mark);
        out.push_str(&text);
        out.push_str(mark);
        out.push_str(&crate::markup::escape_run(after, false));
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
fn normal(blocks: &[Block]) -> Vec<String> {
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
            Block::Quote(inner)
            | Block::Part { blocks: inner, .. }
            | Block::Field { blocks: inner, .. } => out.extend(normal(inner)),
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
        }
    }
    out
}

/// A field's words as one line of plain text (a status, an owner).
fn line(blocks: &[Block]) -> String {
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
            Block::Quote(inner)
            | Block::Part { blocks: inner, .. }
            | Block::Field { blocks: inner, .. } => out.push_str(&normal_plain(inner)),
            Block::Table { .. } | Block::Rule | Block::Signature | Block::Notes(_) => {}
        }
    }
    out
}

/// What reading a form back found.
#[derive(Debug)]
pub struct ReadBack {
    /// The response file's new text.
    pub text: String,
    /// What changed, field by field, in the order of the file.
    pub hunks: Vec<Hunk>,
    /// What the office should know: text outside the fields, a mismatch that was forced.
    pub warnings: Vec<String>,
}

/// Reads a filled form into the text of the response file it was made from. `editions` and
/// `settings` are the file's as checked; `text` its text. Refuses a form for another
/// response, or one made before the file last changed, unless `force`; and a form whose
/// fields were deleted.
pub fn read_back(
    filled: &Filled,
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    text: &str,
    force: bool,
) -> Result<ReadBack, Refused> {
    let mut warnings = Vec::new();
    let which = filled
        .props
        .get("s55-form")
        .and_then(|k| Which::from_key(k))
        .ok_or_else(|| {
            refused(
                "this Word document is not a form made by s55: it has no s55 form properties",
                "make the form with `s55 render FILE --format docx --form chief-officer` (or \
                 `commissioner`), send that file, and read back the file that comes back",
            )
        })?;
    let made_for = filled
        .props
        .get("s55-response")
        .cloned()
        .unwrap_or_default();
    let this = docx::form::identity(editions.first());
    if made_for != this {
        let what = format!("this form was made for another response: “{made_for}”, not “{this}”");
        if !force {
            return Err(refused(
                what,
                "give the response file the form was made from; `--force` reads it in anyway",
            ));
        }
        warnings.push(format!("{what}; read in anyway, as --force asks"));
    }
    let source = filled.props.get("s55-source").cloned().unwrap_or_default();
    if source != crate::util::hash_hex(text.as_bytes()) {
        let what = "the response file has changed since this form was made from it".to_owned();
        if !force {
            return Err(refused(
                what,
                "a form made from an older version could undo the changes made since: make a \
                 new form and send it again, or read this one in with `--force` (its fields \
                 then replace what the file says)",
            ));
        }
        warnings.push(format!("{what}; read in anyway, as --force asks"));
    }
    // The form as s55 would make it now: its fields, and the text around them.
    let made = docx::form(renderer, editions, settings, which, text).map_err(|e| {
        refused(
            format!("the form cannot be made again to compare with: {e}"),
            "check the response with `s55 check`",
        )
    })?;
    let got: HashMap<&str, &Content> = filled.fields.iter().map(|(p, c)| (p.as_str(), c)).collect();
    let missing: Vec<&String> = made
        .spec
        .fields
        .keys()
        .filter(|p| !got.contains_key(p.as_str()))
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().take(5).map(|p| format!("`{p}`")).collect();
        return Err(refused(
            format!(
                "the form's {} for {}{} {} missing: deleted in Word, so what was written there \
                 cannot be read",
                if missing.len() == 1 {
                    "field"
                } else {
                    "fields"
                },
                names.join(", "),
                if missing.len() > 5 {
                    format!(" and {} more", missing.len() - 5)
                } else {
                    String::new()
                },
                if missing.len() == 1 { "is" } else { "are" },
            ),
            "nothing was changed; copy the words into a new form (`s55 render --format docx \
             --form …`), or into the response file by hand",
        ));
    }
    for (path, _) in &filled.fields {
        if !made.spec.fields.contains_key(path) {
            warnings.push(format!(
                "the form has a field `{path}` that this response does not ask for: left out"
            ));
        }
    }
    let original = read(&made.bytes).map_err(|e| refused(e.0, e.1))?;
    warnings.extend(typed_outside(&original.outside, &filled.outside));
    let changes = changes(filled, &made.spec, text)?;
    let (new_text, hunks) = edit::apply(text, &changes).map_err(|e| {
        refused(
            format!("the response file cannot be changed in place: {e}"),
            "copy the words from the form into the file by hand",
        )
    })?;
    Ok(ReadBack {
        text: new_text,
        hunks,
        warnings,
    })
}

/// Paragraphs of the returned form that the form as made does not have: typed outside the
/// fields.
fn typed_outside(made: &[String], returned: &[String]) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in made {
        *count.entry(squash(p)).or_default() += 1;
    }
    let mut out = Vec::new();
    for p in returned {
        let key = squash(p);
        match count.get_mut(&key) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(format!(
                "text typed outside the form's fields is not read in: “{}”; copy it into the \
                 response file if it belongs there",
                crate::util::shorten(p.trim(), 120)
            )),
        }
    }
    out
}

fn squash(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The changes the form's fields make to the file: each field whose content differs from
/// what the file says.
fn changes(filled: &Filled, spec: &FormSpec, text: &str) -> Result<Vec<Change>, Refused> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        refused(
            format!("the response file cannot be read: {e}"),
            "check it with `s55 check`",
        )
    })?;
    let mut out = Vec::new();
    for (path, content) in &filled.fields {
        let Some(field) = spec.field(path) else {
            continue;
        };
        let at = FieldPath::parse(path);
        let old = value_at(&yaml, &at);
        let old = old.filter(|v| {
            let v = v.trim();
            !v.is_empty() && !v.starts_with("TODO")
        });
        let blocks = if content.placeholder || is_prompt(&content.blocks, &field.prompt) {
            Vec::new()
        } else {
            content.blocks.clone()
        };
        let new = match &field.kind {
            FieldKind::Text => {
                let shown = old
                    .as_deref()
                    .map(|o| blocks::parse(&crate::markup::sanitize(o, field.shift).markdown, ""))
                    .unwrap_or_default();
                if normal(&shown) == normal(&blocks) {
                    continue;
                }
                markdown(&blocks, field.shift)
            }
            FieldKind::Line | FieldKind::Choice(_) => {
                let new = line(&blocks);
                if old.as_deref().map(str::trim) == Some(new.as_str())
                    || (old.is_none() && new.is_empty())
                {
                    continue;
                }
                new
            }
        };
        if new.trim().is_empty() {
            // Emptied in Word: what the file says stays; an office removes a field itself.
            continue;
        }
        out.push(Change {
            path: at,
            value: new,
        });
    }
    Ok(out)
}

/// Whether the content is only the field's prompt, as Word shows it when nothing is written.
fn is_prompt(blocks: &[Block], prompt: &str) -> bool {
    !prompt.is_empty() && line(blocks) == squash(prompt)
}

/// The text at `path` in the file, if it is one.
fn value_at(yaml: &serde_yaml::Value, path: &FieldPath) -> Option<String> {
    let mut v = yaml;
    for step in &path.0 {
        v = match step {
            crate::diag::Step::Key(k) => v.get(k.as_str())?,
            crate::diag::Step::Index(i) => v.get(*i)?,
        };
    }
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
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
