//! The one Word (.docx) reader: the package's parts, and the body as paragraphs of styled
//! runs, each with the table cell and the content control it stands in.
//!
//! `import response` and `import recs` read a Word document's paragraphs and table rows as
//! text ([`super::read`]); `import docx` reads a filled form's controls as Markdown
//! ([`super::form`]). Both read it here, so that a run, a tracked insertion, a link (as a
//! relationship or as a `HYPERLINK` field code) or a control written inline in a paragraph
//! (as LibreOffice saves them) is read the same way by both.

use std::collections::{BTreeMap, HashMap};

use quick_xml::events::{BytesStart, Event};

use crate::render::blocks::Span;

/// The deepest list level Word offers (levels 0 to 8): a deeper `w:ilvl` is read as this
/// one, so that a list cannot nest without bound.
const MAX_LIST_LEVEL: u32 = 8;

/// A Word document's package (the zip), read part by part.
pub struct Package<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// What the parts read so far unpack to, together: each part and the whole have a limit
    /// ([`super::limits`]).
    used: u64,
}

impl<'a> Package<'a> {
    /// Opens the package; an error says why it is not one.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok(Package { zip, used: 0 })
    }

    /// The text of a part, if the package has it; an error for a part past the limits.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, String> {
        super::limits::member(&mut self.zip, name, &mut self.used)
    }
}

/// An attribute's value (its name as written, with its prefix), references resolved.
pub fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    super::xml::attr(e, name)
}

/// Whether a toggle such as `<w:b/>` or `<w:b w:val="0"/>` is on.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "w:val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// The custom properties of `docProps/custom.xml`, by name.
pub fn properties(xml: &str) -> Result<BTreeMap<String, String>, String> {
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
pub fn relationships(xml: &str) -> Result<HashMap<String, String>, String> {
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
pub fn bullet_lists(xml: &str) -> Result<HashMap<(String, u32), bool>, String> {
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

/// A paragraph as Word holds it.
#[derive(Debug, Default, Clone)]
pub struct Para {
    /// Its style's id (`Heading2`, `ListBullet`, …).
    pub style: String,
    /// The list it belongs to (`w:numId`) and its level.
    pub num: Option<(String, u32)>,
    /// Its runs; a tab is a `\t`, a line break a `\n`.
    pub spans: Vec<Span>,
    /// The words in it that are struck through.
    pub struck: Vec<String>,
    /// The content control it stands in (an index into [`Body::controls`]).
    pub control: Option<usize>,
    /// The table row (counted through the document) and cell it stands in.
    pub cell: Option<(usize, usize)>,
}

impl Para {
    /// Its words, as one string.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A content control (`w:sdt`): a field of a form, or one the writer made for itself.
#[derive(Debug, Default, Clone)]
pub struct Control {
    /// Its `w:tag`, which Word keeps and LibreOffice drops.
    pub tag: Option<String>,
    /// Its `w:alias`, the title Word shows on it.
    pub alias: Option<String>,
    /// Whether Word still shows its prompt (nothing was written).
    pub placeholder: bool,
    /// Whether it is a drop-down list.
    pub choice: bool,
}

/// A document's body.
#[derive(Debug, Default)]
pub struct Body {
    /// Its paragraphs, in order; a control written inside a paragraph has a paragraph of its
    /// own here, after the words before it.
    pub paras: Vec<Para>,
    /// Its outermost content controls, in order.
    pub controls: Vec<Control>,
}

/// A field code being read (`w:fldChar` begin … separate … end).
#[derive(Default)]
struct FieldCode {
    instr: String,
    result: bool,
}

/// Where the reader stands.
#[derive(Default)]
struct State {
    body: Body,
    /// The paragraph being read, and those it interrupts (a control inline in a paragraph
    /// reads its words into a paragraph of its own).
    para: Option<Para>,
    outer: Vec<Option<Para>>,
    /// Open controls: (index into the body's controls for the outermost, whether it opened
    /// inside a paragraph).
    sdts: Vec<(Option<usize>, bool)>,
    bold: bool,
    italic: bool,
    strike: bool,
    link: Option<String>,
    field_link: Option<String>,
    codes: Vec<FieldCode>,
    in_text: bool,
    in_instr: bool,
    in_rpr: bool,
    in_ppr: bool,
    in_sdt_pr: bool,
    row: Option<usize>,
    rows: usize,
    cell: usize,
}

impl State {
    fn control(&self) -> Option<usize> {
        self.sdts.first().and_then(|s| s.0)
    }

    fn push(&mut self, text: &str) {
        let (b, i) = (self.bold, self.italic);
        let link = self.link.clone().or_else(|| self.field_link.clone());
        let strike = self.strike;
        let Some(p) = self.para.as_mut() else { return };
        if strike && !text.trim().is_empty() {
            p.struck.push(text.to_owned());
        }
        if let Some(last) = p.spans.last_mut()
            && last.bold == b
            && last.italic == i
            && last.link == link
        {
            last.text.push_str(text);
            return;
        }
        p.spans.push(Span {
            text: text.to_owned(),
            bold: b,
            italic: i,
            link,
            lang: None,
            note: None,
        });
    }

    fn start_para(&mut self) {
        self.para = Some(Para {
            control: self.control(),
            cell: self.row.map(|r| (r, self.cell)),
            ..Para::default()
        });
    }

    fn finish_para(&mut self) {
        if let Some(p) = self.para.take() {
            self.body.paras.push(p);
        }
    }

    fn open_sdt(&mut self) {
        let inline = self.para.is_some();
        let index = self.sdts.is_empty().then(|| {
            self.body.controls.push(Control::default());
            self.body.controls.len() - 1
        });
        self.sdts.push((index, inline));
        if inline {
            // The words before the control are the paragraph's; the control's its own.
            let style = self.para.as_ref().map(|p| (p.style.clone(), p.num.clone()));
            let before = self.para.take();
            self.outer.push(before);
            self.start_para();
            if let (Some(p), Some((style, num))) = (self.para.as_mut(), style) {
                p.style = style;
                p.num = num;
            }
        }
    }

    fn close_sdt(&mut self) {
        let Some((_, inline)) = self.sdts.pop() else {
            return;
        };
        if inline {
            self.finish_para();
            self.para = self.outer.pop().flatten();
            if let Some(p) = self.para.as_mut() {
                p.control = self.sdts.first().and_then(|s| s.0);
            }
        }
    }

    fn last_control(&mut self) -> Option<&mut Control> {
        let i = self.sdts.last().and_then(|s| s.0)?;
        self.body.controls.get_mut(i)
    }
}

/// The address of a `HYPERLINK "…"` field code (with `\l "…"`, the place in the document).
fn field_link(instr: &str) -> Option<String> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?;
    let quoted: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
    if rest.contains("\\l") && quoted.len() == 1 && rest.trim_start().starts_with("\\l") {
        return quoted.first().map(|a| format!("#{a}"));
    }
    let mut href = quoted.first()?.to_string();
    if let (Some(i), Some(anchor)) = (rest.find("\\l"), quoted.get(1))
        && i > rest.find('"').unwrap_or(0)
    {
        href.push('#');
        href.push_str(anchor);
    }
    Some(href)
}

/// Reads a document's body (`word/document.xml`), with its hyperlinks' addresses.
pub fn body(xml: &str, links: &HashMap<String, String>) -> Result<Body, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut s = State::default();
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                start(&mut s, e, matches!(event, Event::Empty(_)), links);
            }
            Event::Text(_) | Event::GeneralRef(_) if s.in_text => {
                let text = super::xml::text(&event)?.unwrap_or_default();
                s.push(&text);
            }
            Event::Text(_) | Event::GeneralRef(_) if s.in_instr => {
                let text = super::xml::text(&event)?.unwrap_or_default();
                if let Some(code) = s.codes.last_mut() {
                    code.instr.push_str(&text);
                }
            }
            Event::End(e) => end(&mut s, e.name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(s.body)
}

fn start(s: &mut State, e: &BytesStart<'_>, empty: bool, links: &HashMap<String, String>) {
    match e.name().as_ref() {
        "w:sdt" if !empty => s.open_sdt(),
        "w:sdtPr" if !empty => s.in_sdt_pr = true,
        "w:tag" if s.in_sdt_pr => {
            let v = attr(e, "w:val");
            if let Some(c) = s.last_control() {
                c.tag = v;
            }
        }
        "w:alias" if s.in_sdt_pr => {
            let v = attr(e, "w:val").filter(|v| !v.is_empty());
            if let Some(c) = s.last_control() {
                c.alias = v;
            }
        }
        "w:showingPlcHdr" if s.in_sdt_pr => {
            let v = on(e);
            if let Some(c) = s.last_control() {
                c.placeholder = v;
            }
        }
        "w:dropDownList" | "w:comboBox" if s.in_sdt_pr => {
            if let Some(c) = s.last_control() {
                c.choice = true;
            }
        }
        "w:tr" if !empty => {
            s.rows += 1;
            s.row = Some(s.rows);
            s.cell = 0;
        }
        "w:tc" if !empty => s.cell += 1,
        "w:p" => {
            s.start_para();
            if empty {
                s.finish_para();
            }
        }
        "w:pStyle" if s.in_ppr => {
            if let Some(p) = s.para.as_mut() {
                p.style = attr(e, "w:val").unwrap_or_default();
            }
        }
        "w:numId" if s.in_ppr => {
            if let Some(p) = s.para.as_mut()
                && let Some(id) = attr(e, "w:val").filter(|v| v != "0")
            {
                let level = p.num.as_ref().map_or(0, |n| n.1);
                p.num = Some((id, level));
            }
        }
        "w:ilvl" if s.in_ppr => {
            if let Some(p) = s.para.as_mut() {
                let level = attr(e, "w:val")
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(0)
                    .min(MAX_LIST_LEVEL);
                let id = p.num.take().map(|n| n.0).unwrap_or_default();
                p.num = Some((id, level));
            }
        }
        "w:r" if !empty => (s.bold, s.italic, s.strike) = (false, false, false),
        "w:rPr" if !empty => s.in_rpr = true,
        "w:pPr" if !empty => s.in_ppr = true,
        "w:b" if s.in_rpr && !s.in_ppr => s.bold = on(e),
        "w:i" if s.in_rpr && !s.in_ppr => s.italic = on(e),
        "w:strike" | "w:dstrike" if s.in_rpr && !s.in_ppr => s.strike = on(e),
        "w:hyperlink" if !empty => {
            s.link = attr(e, "r:id")
                .and_then(|id| links.get(&id).cloned())
                .or_else(|| attr(e, "w:anchor").map(|a| format!("#{a}")));
        }
        "w:fldSimple" if !empty => {
            s.field_link = attr(e, "w:instr").and_then(|i| field_link(&i));
        }
        "w:fldChar" => match attr(e, "w:fldCharType").as_deref() {
            Some("begin") => s.codes.push(FieldCode::default()),
            Some("separate") => {
                if let Some(code) = s.codes.last_mut() {
                    code.result = true;
                    if let Some(href) = field_link(&code.instr) {
                        s.field_link = Some(href);
                    }
                }
            }
            // The end of a link's field code ends the link.
            Some("end")
                if s.codes
                    .pop()
                    .is_some_and(|c| c.result && field_link(&c.instr).is_some()) =>
            {
                s.field_link = None;
            }
            _ => {}
        },
        "w:instrText" if !empty => s.in_instr = true,
        "w:t" if !empty => s.in_text = true,
        "w:tab" if !s.in_rpr && !s.in_ppr => s.push("\t"),
        // A page or column break is layout, not a line of the text.
        "w:br" | "w:cr"
            if !s.in_rpr && !s.in_ppr && attr(e, "w:type").is_none_or(|t| t == "textWrapping") =>
        {
            s.push("\n");
        }
        "w:noBreakHyphen" => s.push("-"),
        _ => {}
    }
}

fn end(s: &mut State, name: &str) {
    match name {
        "w:t" => s.in_text = false,
        "w:instrText" => s.in_instr = false,
        "w:rPr" => s.in_rpr = false,
        "w:pPr" => s.in_ppr = false,
        "w:sdtPr" => s.in_sdt_pr = false,
        "w:hyperlink" => s.link = None,
        "w:fldSimple" => s.field_link = None,
        "w:p" => s.finish_para(),
        "w:sdt" => s.close_sdt(),
        "w:tr" => s.row = None,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_field_codes_give_their_address() {
        assert_eq!(
            field_link(" HYPERLINK \"https://example.org/plan\" ").as_deref(),
            Some("https://example.org/plan")
        );
        assert_eq!(
            field_link("HYPERLINK \"https://example.org/\" \\l \"part\"").as_deref(),
            Some("https://example.org/#part")
        );
        assert_eq!(field_link(" PAGE "), None);
    }

    #[test]
    fn a_control_inside_a_paragraph_has_its_own_words() {
        let xml = "<w:document><w:body><w:p><w:r><w:t>Owner: </w:t></w:r><w:sdt><w:sdtPr>\
                   <w:alias w:val=\"Owner\"/></w:sdtPr><w:sdtContent><w:r><w:t>Head of Crime\
                   </w:t></w:r></w:sdtContent></w:sdt><w:r><w:t> (acting)</w:t></w:r></w:p>\
                   </w:body></w:document>";
        let b = body(xml, &HashMap::new()).unwrap();
        let texts: Vec<(String, Option<usize>)> =
            b.paras.iter().map(|p| (p.text(), p.control)).collect();
        assert_eq!(
            texts,
            vec![
                ("Head of Crime".to_owned(), Some(0)),
                ("Owner:  (acting)".to_owned(), None)
            ]
        );
        assert_eq!(b.controls[0].alias.as_deref(), Some("Owner"));
    }
}
