//! The PDF's tags read back: the structure tree walked with lopdf, each marked-content
//! sequence's text decoded through its font's ToUnicode map, and every block's text compared
//! with the Markdown's. This is what a screen reader or a reflowing viewer gets from the file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use s55::render::blocks::{self, Block, Span};

use crate::support::root;

/// Every example and every bundled response.
pub fn inputs() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "examples/northshire", "responses"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "yaml") && !path.ends_with("s55.yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    files
}

/// Each document a response renders to (both editions and the bilingual one, where there
/// are two languages): (file stem, Markdown, PDF).
pub fn documents(path: &Path) -> Vec<(String, String, Vec<u8>)> {
    let checked = s55::check_file(path);
    let editions = checked.loaded.editions.as_ref().expect("no errors");
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
    let formats = s55::render::format::by_names(&["md", "pdf"]);
    let out = s55::render::render(
        &renderer,
        editions,
        &checked.settings,
        "letter",
        &formats,
        s55::render::PageLinks::default(),
    )
    .unwrap();
    let mut docs = Vec::new();
    for (name, bytes) in &out.files {
        if let Some(stem) = name.strip_suffix(".md") {
            let pdf = out
                .files
                .iter()
                .find(|(n, _)| *n == format!("{stem}.pdf"))
                .map(|(_, b)| b.clone())
                .unwrap();
            docs.push((
                stem.to_owned(),
                String::from_utf8(bytes.clone()).unwrap(),
                pdf,
            ));
        }
    }
    assert!(!docs.is_empty());
    docs
}

/// A structure element that holds text, with the text of each marked-content sequence under
/// it, in order.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// Its structure type.
    pub kind: String,
    /// The marked-content sequences' texts, its inline children's included.
    pub runs: Vec<String>,
}

impl Tagged {
    pub fn text(&self) -> String {
        self.runs.concat()
    }
}

/// A ToUnicode CMap's `bfchar` and `bfrange` entries.
fn to_unicode(cmap: &str) -> HashMap<u16, String> {
    let hex = |s: &str| u32::from_str_radix(s.trim_matches(['<', '>']), 16).unwrap();
    let utf16 = |s: &str| {
        let s = s.trim_matches(['<', '>']);
        let units: Vec<u16> = (0..s.len() / 4)
            .map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).unwrap())
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let mut map = HashMap::new();
    let mut mode = "";
    for line in cmap.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.last().copied() {
            Some("beginbfchar") => mode = "char",
            Some("beginbfrange") => mode = "range",
            Some("endbfchar" | "endbfrange") => mode = "",
            _ if mode == "char" && words.len() == 2 => {
                map.insert(hex(words[0]) as u16, utf16(words[1]));
            }
            _ if mode == "range" && words.len() == 3 => {
                let (a, b, first) = (hex(words[0]), hex(words[1]), utf16(words[2]));
                let start = u32::from(first.chars().next().unwrap());
                for (k, code) in (a..=b).enumerate() {
                    let c = char::from_u32(start + k as u32).unwrap();
                    map.insert(code as u16, c.to_string());
                }
            }
            _ => {}
        }
    }
    map
}

/// The text of every marked-content sequence with an MCID, by (page, MCID): one string for
/// each place a text is put on the page (`Td` or `Tm`: a line, or a run of one style), so
/// that a sequence holding a paragraph's lines still shows where each line ends.
pub fn marked_texts(doc: &Document) -> BTreeMap<(ObjectId, i64), Vec<String>> {
    let mut out = BTreeMap::new();
    for (_, page) in doc.get_pages() {
        let mut maps: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
        for (name, font) in doc.get_page_fonts(page).unwrap() {
            let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
            let stream = doc.get_object(id).unwrap().as_stream().unwrap();
            let bytes = stream
                .decompressed_content()
                .unwrap_or(stream.content.clone());
            maps.insert(name, to_unicode(&String::from_utf8_lossy(&bytes)));
        }
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut stack: Vec<Option<i64>> = Vec::new();
        let mut font: Vec<u8> = Vec::new();
        // Whether the next text shown starts a new piece: it is put at a place of its own.
        let mut placed = true;
        for op in content.operations {
            let mut show = |bytes: &[u8]| {
                let Some(Some(mcid)) = stack.iter().rev().find(|m| m.is_some()).copied() else {
                    return;
                };
                let map = &maps[&font];
                let text: String = bytes
                    .chunks_exact(2)
                    .map(|b| {
                        map.get(&u16::from_be_bytes([b[0], b[1]]))
                            .cloned()
                            .unwrap_or_else(|| "\u{FFFD}".to_owned())
                    })
                    .collect();
                let pieces: &mut Vec<String> = out.entry((page, mcid)).or_default();
                match pieces.last_mut() {
                    Some(last) if !placed => last.push_str(&text),
                    _ => pieces.push(text),
                }
                placed = false;
            };
            match op.operator.as_str() {
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                "Td" | "TD" | "Tm" | "T*" => placed = true,
                "Tj" => show(op.operands[0].as_str().unwrap()),
                "TJ" => {
                    for item in op.operands[0].as_array().unwrap() {
                        if let Object::String(bytes, _) = item {
                            show(bytes);
                        }
                    }
                }
                "BDC" => stack.push(
                    op.operands
                        .get(1)
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok()),
                ),
                "BMC" => stack.push(None),
                "EMC" => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    out
}

/// The elements that hold text (P, H1–H6, Lbl, LBody, TH, TD), depth first, in reading
/// order; the footnotes' (each a Note, wherever it is in the tree) after all the rest, in
/// the order they are found.
pub fn tagged(pdf: &[u8]) -> Vec<Tagged> {
    let doc = Document::load_mem(pdf).unwrap();
    let texts = marked_texts(&doc);
    let catalog = doc.catalog().unwrap();
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    // `pg` is the page of the element whose kids these are: a kid that is a number is the
    // MCID of marked content on that page.
    fn walk(
        doc: &Document,
        texts: &BTreeMap<(ObjectId, i64), Vec<String>>,
        obj: &Object,
        pg: Option<ObjectId>,
        out: &mut Vec<Tagged>,
        notes: &mut Vec<Tagged>,
    ) -> Vec<String> {
        if let (Object::Integer(mcid), Some(page)) = (obj, pg) {
            return texts.get(&(page, *mcid)).cloned().unwrap_or_default();
        }
        let dict = match obj {
            Object::Reference(r) => match doc.get_object(*r) {
                Ok(Object::Dictionary(d)) => d,
                _ => return Vec::new(),
            },
            Object::Dictionary(d) => d,
            Object::Array(a) => {
                return a
                    .iter()
                    .flat_map(|k| walk(doc, texts, k, pg, out, notes))
                    .collect();
            }
            _ => return Vec::new(),
        };
        if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"MCR".as_slice()) {
            let page = dict.get(b"Pg").unwrap().as_reference().unwrap();
            let mcid = dict.get(b"MCID").unwrap().as_i64().unwrap();
            return texts.get(&(page, mcid)).cloned().unwrap_or_default();
        }
        let kind = dict
            .get(b"S")
            .and_then(Object::as_name)
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        let pg = dict.get(b"Pg").and_then(Object::as_reference).ok();
        if kind == "Note" {
            // A note's text is its own, not the text of the element that refers to it.
            let mut inner = Vec::new();
            let mut nested = Vec::new();
            if let Ok(k) = dict.get(b"K") {
                walk(doc, texts, k, pg, &mut inner, &mut nested);
            }
            notes.extend(inner);
            notes.extend(nested);
            return Vec::new();
        }
        let holds_text = matches!(
            kind.as_str(),
            "P" | "H1" | "H2" | "H3" | "H4" | "H5" | "H6" | "Lbl" | "LBody" | "TH" | "TD"
        );
        let at = out.len();
        if holds_text {
            out.push(Tagged {
                kind,
                runs: Vec::new(),
            });
        }
        let runs = match dict.get(b"K") {
            Ok(k) => walk(doc, texts, k, pg, out, notes),
            Err(_) => Vec::new(),
        };
        if holds_text && out[at].kind == "LBody" {
            // A list item's body holds blocks: its text is theirs, one after the other.
            let blocks: Vec<String> = out[at + 1..]
                .iter()
                .filter(|t| t.kind != "LBody")
                .map(|t| normalise(&t.text()))
                .collect();
            out[at].runs = vec![blocks.join(" ")];
        } else if holds_text {
            out[at].runs.clone_from(&runs);
        }
        runs
    }
    walk(
        &doc,
        &texts,
        root.get(b"K").unwrap(),
        None,
        &mut out,
        &mut notes,
    );
    out.extend(notes);
    out
}

/// Text as it is compared: the characters layout never draws left out, and every run of
/// ASCII white space one space. (A no-break space is not a break, so it stays.)
pub fn normalise(s: &str) -> String {
    let visible: String = s
        .chars()
        .filter(|&c| {
            !matches!(c,
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\r')
        })
        .collect();
    visible
        .split([' ', '\n', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn plain(spans: &[Span]) -> String {
    normalise(&spans.iter().map(|s| s.text.as_str()).collect::<String>())
}

/// A list item's text that begins with a letter's label, `(a) …` or `(iv) …`: the label and
/// the rest.
fn cms_label(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('(')?;
    let (label, rest) = rest.split_once(") ")?;
    (!label.is_empty() && label.chars().all(|c| c.is_ascii_lowercase()))
        .then(|| (format!("({label})"), rest.to_owned()))
}

/// The Markdown's blocks as the elements that hold their text, in reading order:
/// (structure type, text).
pub fn expected(markdown: &str) -> Vec<(String, String)> {
    fn walk(blocks: &[Block], out: &mut Vec<(String, String)>) {
        for block in blocks {
            match block {
                Block::Heading { level, spans } => out.push((format!("H{level}"), plain(spans))),
                Block::Paragraph(spans) if !plain(spans).is_empty() => {
                    out.push(("P".to_owned(), plain(spans)))
                }
                Block::Paragraph(_) | Block::Rule | Block::Signature => {}
                Block::List {
                    marker,
                    start,
                    items,
                } => {
                    for (n, item) in items.iter().enumerate() {
                        let mut inner = Vec::new();
                        walk(item, &mut inner);
                        if inner.is_empty() {
                            continue;
                        }
                        let mut label = marker.label(start + n as u64);
                        // The Markdown for a CMS writes a lettered or Roman-numbered list as
                        // bullets that begin with the letter's label, `- (a) …`; the PDF's
                        // list carries that label as its own.
                        if label == "•"
                            && let Some((_, first)) = inner.first_mut()
                            && let Some((own, rest)) = cms_label(first)
                        {
                            label = own;
                            *first = rest;
                        }
                        out.push(("Lbl".to_owned(), label));
                        let body: Vec<&str> = inner
                            .iter()
                            .filter(|(k, _)| k != "LBody")
                            .map(|(_, t)| t.as_str())
                            .collect();
                        out.push(("LBody".to_owned(), body.join(" ")));
                        out.extend(inner);
                    }
                }
                Block::Quote(inner) | Block::Part { blocks: inner, .. } => walk(inner, out),
                Block::Extra(none) => match *none {},
                Block::Notes(notes) => {
                    // Each note's number heads its first paragraph: "[1] The grades…".
                    for (k, note) in notes.iter().enumerate() {
                        let mut inner = Vec::new();
                        walk(note, &mut inner);
                        match inner.first_mut() {
                            Some((kind, text)) if kind == "P" => {
                                *text = format!("[{}] {text}", k + 1)
                            }
                            _ => inner.insert(0, ("P".to_owned(), format!("[{}]", k + 1))),
                        }
                        out.extend(inner);
                    }
                }
                Block::Table { head, rows } => {
                    for cell in head {
                        if !plain(cell).is_empty() {
                            out.push(("TH".to_owned(), plain(cell)));
                        }
                    }
                    for cell in rows.iter().flatten() {
                        if !plain(cell).is_empty() {
                            out.push(("TD".to_owned(), plain(cell)));
                        }
                    }
                }
            }
        }
    }
    // The footnotes come after the text, as `tagged` reads them: each its number, then its
    // blocks.
    let letter = blocks::read(markdown);
    let mut out = Vec::new();
    walk(&letter.blocks, &mut out);
    walk(&[Block::Notes(letter.notes)], &mut out);
    out
}

/// Joins of two marked-content runs of one block with no space between them where the
/// block's text has one (`expected`), or, without an expected text, anywhere.
pub fn glued_joins(runs: &[String], expected: Option<&str>) -> usize {
    // For the k-th non-space character of the expected text: is a space after it?
    let space_after: Option<Vec<bool>> = expected.map(|e| {
        let chars: Vec<char> = e.chars().collect();
        chars
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != ' ')
            .map(|(i, _)| chars.get(i + 1) == Some(&' '))
            .collect()
    });
    let runs: Vec<String> = runs.iter().map(|r| normalise_keep_edges(r)).collect();
    let mut seen = 0;
    let mut glued = 0;
    for (i, run) in runs.iter().enumerate() {
        seen += run.chars().filter(|c| *c != ' ').count();
        let Some(next) = runs.get(i + 1) else { break };
        if run.is_empty() || next.is_empty() || run.ends_with(' ') || next.starts_with(' ') {
            continue;
        }
        let wanted = match &space_after {
            Some(after) => seen > 0 && after.get(seen - 1).copied().unwrap_or(false),
            None => true,
        };
        if wanted {
            glued += 1;
        }
    }
    glued
}

/// White space runs as one space, but a space at either end kept.
fn normalise_keep_edges(s: &str) -> String {
    let inner = normalise(s);
    let starts = s.starts_with([' ', '\n', '\t']);
    let ends = s.ends_with([' ', '\n', '\t']);
    format!(
        "{}{inner}{}",
        if starts && !inner.is_empty() { " " } else { "" },
        if ends { " " } else { "" }
    )
}

/// For one document: its glued joins, and every block whose tagged text differs from the
/// Markdown's (as "kind: tagged ≠ expected").
pub fn audit(markdown: &str, pdf: &[u8]) -> (usize, Vec<String>) {
    let mut got = tagged(pdf);
    let want = expected(markdown);
    let mut glued = 0;
    let mut wrong = Vec::new();
    // The letterhead is not in the Markdown: the first paragraph, before the title.
    if got.len() == want.len() + 1 && got[0].kind == "P" {
        let head = got.remove(0);
        glued += glued_joins(&head.runs, None);
    }
    if got.len() != want.len() {
        wrong.push(format!(
            "{} tagged blocks, {} in the Markdown",
            got.len(),
            want.len()
        ));
    }
    for (g, (kind, text)) in got.iter().zip(&want) {
        let tagged = normalise(&g.text());
        if g.kind != *kind || tagged != *text {
            wrong.push(format!("{}: {tagged:?}\n  ≠ {kind}: {text:?}", g.kind));
        }
        glued += glued_joins(&g.runs, Some(text));
    }
    (glued, wrong)
}

#[test]
fn every_block_tags_the_markdown_text_with_no_glued_joins() {
    let mut report = Vec::new();
    let mut total = 0;
    let mut differ = Vec::new();
    for path in inputs() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (stem, markdown, pdf) in documents(&path) {
            let (glued, wrong) = audit(&markdown, &pdf);
            total += glued;
            report.push(format!("{name} ({stem}): {glued} glued joins"));
            if !wrong.is_empty() {
                differ.push(format!("{name} ({stem}):\n{}", wrong.join("\n")));
            }
        }
    }
    println!("{}", report.join("\n"));
    assert_eq!(total, 0, "{}", report.join("\n"));
    assert!(
        differ.is_empty(),
        "the tags differ from the Markdown:\n{}",
        differ.join("\n")
    );
}

#[test]
fn glued_joins_are_counted_only_where_the_text_has_a_space() {
    let runs = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let text = "I am providing the following";
    assert_eq!(
        glued_joins(&runs(&["I am providing", "the following"]), Some(text)),
        1
    );
    assert_eq!(
        glued_joins(&runs(&["I am providing ", "the following"]), Some(text)),
        0
    );
    // A break after a hyphen, or between letters of one word, is not a glued join.
    assert_eq!(
        glued_joins(&runs(&["decision-", "making"]), Some("decision-making")),
        0
    );
    assert_eq!(glued_joins(&runs(&["Februa", "ry"]), Some("February")), 0);
    assert_eq!(glued_joins(&runs(&["Office", "1 Street"]), None), 1);
}

/// Every structure element: (type, /Lang, the text of the marked content directly in it,
/// the element's dictionary).
fn elements(doc: &Document) -> Vec<(String, Option<String>, String, lopdf::Dictionary)> {
    let texts = marked_texts(doc);
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Object::Dictionary(d) = object else {
            continue;
        };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"StructElem".as_slice()) {
            continue;
        }
        let kind = String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into_owned();
        let lang = d
            .get(b"Lang")
            .ok()
            .map(|l| lopdf::decode_text_string(l).unwrap());
        let mut text = String::new();
        let pg = d.get(b"Pg").and_then(Object::as_reference).ok();
        for k in d.get(b"K").unwrap().as_array().unwrap() {
            // Marked content on the element's page is its MCID alone; on another page, a
            // reference with the page.
            let marked = match k {
                Object::Integer(mcid) => Some((pg.unwrap(), *mcid)),
                _ => k.as_dict().ok().and_then(|mcr| {
                    let mcid = mcr.get(b"MCID").and_then(Object::as_i64).ok()?;
                    Some((mcr.get(b"Pg").unwrap().as_reference().unwrap(), mcid))
                }),
            };
            // A figure's marked content is a picture: it has no text.
            if let Some(at) = marked
                && kind != "Figure"
            {
                text.push_str(&texts[&at].concat());
            }
        }
        out.push((kind, lang, text, d.clone()));
    }
    out
}

fn document(path: &str, stem: &str) -> Document {
    let (_, _, pdf) = documents(&root().join(path))
        .into_iter()
        .find(|(s, _, _)| s == stem)
        .unwrap();
    Document::load_mem(&pdf).unwrap()
}

#[test]
fn passages_in_the_other_language_carry_their_own() {
    let doc = document("examples/bilingual-teifi-valley.yaml", "letter");
    let mut spans: Vec<(String, String)> = elements(&doc)
        .into_iter()
        .filter(|(kind, ..)| kind == "Span")
        .map(|(_, lang, text, _)| (lang.unwrap(), normalise(&text)))
        .collect();
    spans.sort();
    // The title's English half; the statuses are in Welsh in the Welsh part (the Welsh
    // locale's words for them), so nothing else is in the other language.
    assert_eq!(
        spans,
        [(
            "en-GB".to_owned(),
            "Response to the HMICFRS report ‘PEEL 2025 – An inspection of Teifi Valley Police’"
                .to_owned()
        ),]
    );
    // An office whose status labels are in English only: in the Welsh part, they are English.
    let tmp = crate::support::TempDir::new("tags-english-status");
    std::fs::write(
        tmp.path().join("s55.yaml"),
        "published_fields: [status]\nstatuses:\n  - name: in progress\n    label: Under way\n  - name: not started\n    label: Not yet begun\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/bilingual-teifi-valley.yaml"),
        tmp.path().join("b.yaml"),
    )
    .unwrap();
    let other = Document::load_mem(
        &documents(&tmp.path().join("b.yaml"))
            .into_iter()
            .find(|(s, _, _)| s == "letter")
            .unwrap()
            .2,
    )
    .unwrap();
    let mut english: Vec<(String, String)> = elements(&other)
        .into_iter()
        .filter(|(kind, ..)| kind == "Span")
        .map(|(_, lang, text, _)| (lang.unwrap(), normalise(&text)))
        .filter(|(_, t)| !t.starts_with("Response to"))
        .collect();
    english.sort();
    assert_eq!(
        english,
        [
            ("en-GB".to_owned(), "Not yet begun".to_owned()),
            ("en-GB".to_owned(), "Under way".to_owned()),
        ]
    );
    let xmp = doc
        .get_object(
            doc.catalog()
                .unwrap()
                .get(b"Metadata")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    let xmp = String::from_utf8(xmp).unwrap();
    assert!(
        xmp.contains("<dc:language><rdf:Bag><rdf:li>cy</rdf:li><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>"),
        "{xmp}"
    );
    // The Welsh edition alone: Welsh throughout, its statuses included.
    let cy = document("examples/bilingual-teifi-valley.yaml", "letter.cy");
    assert!(elements(&cy).iter().all(|(kind, ..)| kind != "Span"));
    // An English letter has no passage in another language.
    let en = document("examples/full.yaml", "letter");
    assert!(elements(&en).iter().all(|(kind, ..)| kind != "Span"));
}

#[test]
fn every_list_says_how_it_is_numbered() {
    let full = document("examples/full.yaml", "letter");
    let seed = document("examples/warwickshire-child-protection-2022.yaml", "letter");
    let mut numbering: Vec<String> = elements(&full)
        .into_iter()
        .chain(elements(&seed))
        .filter(|(kind, ..)| kind == "L")
        .map(|(.., d)| {
            let a = d.get(b"A").unwrap().as_dict().unwrap();
            assert_eq!(a.get(b"O").unwrap().as_name().unwrap(), b"List");
            String::from_utf8_lossy(a.get(b"ListNumbering").unwrap().as_name().unwrap())
                .into_owned()
        })
        .collect();
    numbering.sort();
    numbering.dedup();
    assert_eq!(numbering, ["Decimal", "Disc", "LowerAlpha", "LowerRoman"]);
}

#[test]
fn the_document_element_is_titled_in_a_readable_encoding() {
    let doc = document("examples/warwickshire-child-protection-2022.yaml", "letter");
    let (.., d) = elements(&doc)
        .into_iter()
        .find(|(kind, ..)| kind == "Document")
        .unwrap();
    let Object::String(bytes, _) = d.get(b"T").unwrap() else {
        panic!()
    };
    // PDFDocEncoding (no UTF-16 byte order mark): the en dash is 0x85.
    assert!(!bytes.starts_with(&[0xFE, 0xFF]));
    assert_eq!(
        lopdf::decode_text_string(d.get(b"T").unwrap()).unwrap(),
        "Response to Warwickshire – National child protection inspection"
    );
}

#[test]
fn artifacts_say_whether_they_are_layout_or_the_footer() {
    let doc = document("examples/warwickshire-child-protection-2022.yaml", "letter");
    for (n, (_, page)) in doc.get_pages().into_iter().enumerate() {
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        // What is drawn (a rule, a text) inside each kind of artifact.
        let (mut footer, mut layout) = (0, 0);
        let mut open: Vec<Option<Vec<u8>>> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" if op.operands[0].as_name().unwrap() == b"Artifact" => {
                    let props = op.operands[1].as_dict().unwrap();
                    let kind = props.get(b"Type").unwrap().as_name().unwrap();
                    match kind {
                        b"Pagination" => {
                            assert_eq!(props.get(b"Subtype").unwrap().as_name().unwrap(), b"Footer")
                        }
                        b"Layout" => {}
                        other => panic!("artifact of type {}", String::from_utf8_lossy(other)),
                    }
                    open.push(Some(kind.to_vec()));
                }
                "BDC" | "BMC" => open.push(None),
                "EMC" => {
                    open.pop();
                }
                "re" | "Tj" | "TJ" => match open.last() {
                    Some(Some(kind)) if kind == b"Pagination" => footer += 1,
                    Some(Some(_)) => layout += 1,
                    _ => {}
                },
                _ => {}
            }
        }
        // The footer's rule, the response's title and the page number.
        assert_eq!(footer, 3, "page {}", n + 1);
        if n == 2 {
            assert!(layout > 0, "the chief constable's quote bar is layout");
        }
    }
}

/// Runs pdftotext on one page of a PDF.
pub fn page_text(pdf: &[u8], page: usize, name: &str) -> String {
    let tmp = crate::support::TempDir::new(&format!("page-text-{name}-{page}"));
    let file = tmp.path().join("letter.pdf");
    std::fs::write(&file, pdf).unwrap();
    let p = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &p, "-l", &p])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8(out.stdout).unwrap()
}

/// What a link annotation (the object of an OBJR) says it is: its /Contents.
fn link_contents(doc: &Document, obj: &Object) -> String {
    let id = obj
        .as_dict()
        .unwrap()
        .get(b"Obj")
        .unwrap()
        .as_reference()
        .unwrap();
    let annot = doc.get_dictionary(id).unwrap();
    let bytes = annot.get(b"Contents").unwrap().as_str().unwrap();
    lopdf::decode_text_string(annot.get(b"Contents").unwrap())
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

/// The page (from 1) a link annotation's destination is on, and the annotation's page.
fn link_ends(doc: &Document, obj: &Object) -> (usize, usize) {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let annot = doc
        .get_dictionary(
            obj.as_dict()
                .unwrap()
                .get(b"Obj")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let on = annot.get(b"P").unwrap().as_reference().unwrap();
    let dest = annot.get(b"Dest").unwrap().as_array().unwrap();
    let to = dest[0].as_reference().unwrap();
    let index = |id| pages.iter().position(|&p| p == id).unwrap() + 1;
    (index(to), index(on))
}

#[test]
fn footnotes_are_tagged_notes_at_the_foot_of_the_page_that_refers_to_them() {
    let path = root().join("examples/northshire/peel-2025.yaml");
    let (_, _, pdf) = documents(&path).remove(0);
    let doc = Document::load_mem(&pdf).unwrap();
    let all = elements(&doc);
    let id_of = |d: &lopdf::Dictionary| {
        d.get(b"ID")
            .ok()
            .and_then(|i| i.as_str().ok())
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let notes: Vec<&lopdf::Dictionary> = all
        .iter()
        .filter(|(k, ..)| k == "Note")
        .map(|(.., d)| d)
        .collect();
    let ids: Vec<Option<String>> = notes.iter().map(|d| id_of(d)).collect();
    assert_eq!(
        ids,
        [Some("note-1".to_owned()), Some("note-2".to_owned())],
        "each note has its identifier (PDF/UA-1, 7.9)"
    );
    // The identifiers are in the structure tree's IDTree.
    let root_id = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let tree = doc.get_dictionary(root_id).unwrap();
    let names = tree
        .get(b"IDTree")
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"Names")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(names.len(), 4);
    assert_eq!(names[0].as_str().unwrap(), b"note-1");

    // Each note: a paragraph headed by its number, a link back to where the text refers to
    // it (Note, P, Link: no list label outside a list, as PDF/UA-1 reads PDF 1.7).
    for (kind, _, _, d) in &all {
        if kind == "Lbl" {
            let parent = doc
                .get_dictionary(d.get(b"P").unwrap().as_reference().unwrap())
                .unwrap();
            assert_eq!(
                parent.get(b"S").unwrap().as_name().unwrap(),
                b"LI",
                "a Lbl outside a list"
            );
        }
    }
    for (n, note) in notes.iter().enumerate() {
        let kids = note.get(b"K").unwrap().as_array().unwrap();
        let p = doc.get_dictionary(kids[0].as_reference().unwrap()).unwrap();
        assert_eq!(p.get(b"S").unwrap().as_name().unwrap(), b"P");
        let link = doc
            .get_dictionary(
                p.get(b"K").unwrap().as_array().unwrap()[0]
                    .as_reference()
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(link.get(b"S").unwrap().as_name().unwrap(), b"Link");
        let link_kids = link.get(b"K").unwrap().as_array().unwrap();
        let objr = link_kids.iter().find(|k| {
            k.as_dict()
                .is_ok_and(|d| d.get(b"Type").unwrap().as_name().unwrap() == b"OBJR")
        });
        let (to, on) = link_ends(&doc, objr.unwrap());
        assert_eq!((to, on), (1, 1), "note {} links back to page 1", n + 1);
        // The annotation says where it leads, as the HTML page's link does.
        assert_eq!(
            link_contents(&doc, objr.unwrap()),
            format!("Back to reference {}", n + 1)
        );
        // The note sits in the element of the text that refers to it, after its Reference.
        let parent = doc
            .get_dictionary(note.get(b"P").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(parent.get(b"S").unwrap().as_name().unwrap(), b"P");
    }
    // Each reference: a Reference holding a link to its note, on the same page.
    let references: Vec<&lopdf::Dictionary> = all
        .iter()
        .filter(|(k, ..)| k == "Reference")
        .map(|(.., d)| d)
        .collect();
    assert_eq!(references.len(), 2);
    for (n, r) in references.iter().enumerate() {
        let link = doc
            .get_dictionary(
                r.get(b"K").unwrap().as_array().unwrap()[0]
                    .as_reference()
                    .unwrap(),
            )
            .unwrap();
        let kids = link.get(b"K").unwrap().as_array().unwrap();
        let objr = kids.iter().find(|k| {
            k.as_dict()
                .is_ok_and(|d| d.get(b"Type").unwrap().as_name().unwrap() == b"OBJR")
        });
        assert_eq!(link_ends(&doc, objr.unwrap()), (1, 1));
        assert_eq!(
            link_contents(&doc, objr.unwrap()),
            format!("Footnote {}", n + 1)
        );
    }
    // The notes' words are on the page of their references, at its foot.
    let page1 = normalise(&page_text(&pdf, 1, "foot"));
    let grades = "[1] The grades are set out in full below, as the report gives them.";
    let earlier = "[2] PEEL 2023–25: An inspection of Northshire Police, published in March 2024.";
    assert!(page1.contains("good at preventing crime[1] and"), "{page1}");
    let (g, e) = (page1.find(grades).unwrap(), page1.find(earlier).unwrap());
    assert!(g < e && page1.find("PEEL grades").unwrap() < g, "{page1}");
    assert!(!pdf_text_has_notes_heading(&pdf));
}

fn pdf_text_has_notes_heading(pdf: &[u8]) -> bool {
    let tmp = crate::support::TempDir::new("notes-heading");
    let file = tmp.path().join("letter.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "Notes")
}

#[test]
fn an_office_can_gather_the_footnotes_at_the_end() {
    let tmp = crate::support::TempDir::new("notes-at-end");
    let dir = root().join("examples/northshire");
    for f in ["peel-2025.yaml", "s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    let settings = std::fs::read_to_string(tmp.path().join("s55.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("s55.yaml"),
        format!("{settings}\nfootnotes: end\n"),
    )
    .unwrap();
    let (_, _, pdf) = documents(&tmp.path().join("peel-2025.yaml")).remove(0);
    let pages = Document::load_mem(&pdf).unwrap().get_pages().len();
    let first = normalise(&page_text(&pdf, 1, "end-first"));
    assert!(first.contains("good at preventing crime[1] and"), "{first}");
    assert!(!first.contains("[1] The grades are set out"), "{first}");
    let last = normalise(&page_text(&pdf, pages, "end-last"));
    let notes = last.find("Notes").expect("the notes' heading");
    let one = last
        .find("[1] The grades are set out in full below, as the report gives them.")
        .unwrap();
    assert!(notes < one, "{last}");
    let doc = Document::load_mem(&pdf).unwrap();
    assert_eq!(
        elements(&doc).iter().filter(|(k, ..)| k == "Note").count(),
        2
    );
}
