//! A Word document read as text: its paragraphs, its tables as pipe rows, and its list
//! paragraphs with the marker Word shows before them (from `word/numbering.xml`); and the marker a list item of
//! a web page or a Word document is shown with, which the web page reader shares.

/// A list being read: how its items are marked, and the next item's number.
pub(super) struct List {
    /// `None` for bullets; for a numbered list its `type` ("1", "a", "i").
    pub(super) kind: Option<char>,
    pub(super) next: u32,
}

/// The marker an item of `list` begins with, as the page would show it: "3. ", "b. ",
/// "ii. ", "• ".
pub(super) fn item_marker(list: &List) -> String {
    let n = list.next;
    match list.kind {
        None => "• ".to_owned(),
        Some('a') if (1..=26).contains(&n) => format!("{}. ", char::from(b'a' + (n - 1) as u8)),
        Some('i') if (1..=39).contains(&n) => {
            let ones = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
            let tens = ["", "x", "xx", "xxx"];
            format!("{}{}. ", tens[(n / 10) as usize], ones[(n % 10) as usize])
        }
        Some(_) => format!("{n}. "),
    }
}

/// A Word document's paragraphs (`w:p`), each a paragraph, and tables (`w:tbl`), each row a
/// pipe row ("| a | b |") on a line of its own; list paragraphs (`w:numPr`) begin with a
/// bullet. Read by the one Word reader, [`super::word`].
pub(super) fn docx(bytes: &[u8]) -> Result<String, String> {
    let bad = |e: String| {
        format!(
            "this Word document cannot be read (it may be damaged or only partly downloaded): {e}"
        )
    };
    let mut package = super::word::Package::open(bytes).map_err(bad)?;
    // A part past the limits (super::limits) is not imported, and the error says why.
    let not_imported = |e: String| format!("this Word document is not imported: {e}");
    let xml = package
        .part("word/document.xml")
        .map_err(not_imported)?
        .ok_or_else(|| bad("it has no `word/document.xml`".to_owned()))?;
    let rels = package
        .part("word/_rels/document.xml.rels")
        .map_err(not_imported)?
        .unwrap_or_default();
    let links = super::word::relationships(&rels).map_err(bad)?;
    let body = super::word::body(&xml, &links).map_err(bad)?;
    let numbering = package
        .part("word/numbering.xml")
        .map_err(not_imported)?
        .map(|x| list_formats(&x))
        .unwrap_or_default();
    Ok(docx_text(&body.paras, &numbering))
}

/// How each list (`w:numId`) numbers each level (`w:ilvl`): its `w:numFmt` ("decimal",
/// "lowerLetter", "lowerRoman", "bullet") and its `w:start`, from `word/numbering.xml`.
type ListFormats = std::collections::HashMap<(String, u32), (String, u32)>;

fn list_formats(xml: &str) -> ListFormats {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    use std::collections::HashMap;
    // abstractNumId → level → (format, start); numId → abstractNumId.
    let mut abstracts: HashMap<String, HashMap<u32, (String, u32)>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let (mut abs, mut lvl, mut num): (Option<String>, Option<u32>, Option<String>) =
        (None, None, None);
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| super::xml::attr(e, name);
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:abstractNum" => abs = attr(e, "w:abstractNumId"),
                "w:lvl" => lvl = attr(e, "w:ilvl").and_then(|v| v.parse().ok()),
                "w:numFmt" | "w:start" => {
                    if let (Some(a), Some(l), Some(v)) = (&abs, lvl, attr(e, "w:val")) {
                        let slot = abstracts
                            .entry(a.clone())
                            .or_default()
                            .entry(l)
                            .or_insert_with(|| ("decimal".to_owned(), 1));
                        if e.name().as_ref() == "w:numFmt" {
                            slot.0 = v;
                        } else {
                            slot.1 = v.parse().unwrap_or(1);
                        }
                    }
                }
                "w:num" => num = attr(e, "w:numId"),
                "w:abstractNumId" => {
                    if let (Some(n), Some(v)) = (&num, attr(e, "w:val")) {
                        nums.insert(n.clone(), v);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:abstractNum" => abs = None,
                "w:lvl" => lvl = None,
                "w:num" => num = None,
                _ => {}
            },
            _ => {}
        }
    }
    let mut out = ListFormats::new();
    for (n, a) in nums {
        for (l, f) in abstracts.get(&a).into_iter().flatten() {
            out.insert((n.clone(), *l), f.clone());
        }
    }
    out
}

/// The marker a list paragraph begins with, as Word shows it: its number in the list's
/// format ("2. ", "b. ", "iii. ") or a bullet.
fn docx_marker(format: Option<&(String, u32)>, n: u32) -> String {
    let kind = match format.map(|f| f.0.as_str()) {
        Some("decimal" | "decimalZero") => Some('1'),
        Some("lowerLetter") => Some('a'),
        Some("lowerRoman") => Some('i'),
        _ => None,
    };
    item_marker(&List { kind, next: n })
}

fn docx_text(paras: &[super::word::Para], numbering: &ListFormats) -> String {
    // Each list's next number at each level; a shallower item restarts the deeper levels.
    let mut counters: std::collections::HashMap<String, [u32; 9]> =
        std::collections::HashMap::new();
    let mut out = String::new();
    // The row being read, and its cells' words.
    let mut row: Option<(usize, Vec<String>)> = None;
    let end_row = |row: &mut Option<(usize, Vec<String>)>, out: &mut String| {
        if let Some((_, cells)) = row.take() {
            if cells.iter().any(|c| !c.is_empty()) {
                out.push_str("| ");
                out.push_str(&cells.join(" | "));
                out.push_str(" |\n");
            }
            out.push('\n');
        }
    };
    for p in paras {
        let text = p.text();
        match p.cell {
            Some((r, c)) => {
                if row.as_ref().is_some_and(|(n, _)| *n != r) {
                    end_row(&mut row, &mut out);
                    out.pop();
                }
                let cells = &mut row.get_or_insert_with(|| (r, Vec::new())).1;
                while cells.len() < c {
                    cells.push(String::new());
                }
                // A cell's paragraphs are joined with spaces; its row is one pipe row.
                if let Some(cell) = cells.last_mut() {
                    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !cell.is_empty() && !t.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(&t);
                }
            }
            None => {
                end_row(&mut row, &mut out);
                if !text.trim().is_empty() {
                    if let Some((id, level)) = &p.num {
                        // Word has nine levels (0 to 8); a deeper one is read as the ninth.
                        let level = (*level).min(8);
                        let format = numbering.get(&(id.clone(), level));
                        let start = format.map_or(1, |f| f.1);
                        let at = counters.entry(id.clone()).or_insert([0; 9]);
                        let l = level as usize;
                        at[l + 1..].fill(0);
                        if at[l] == 0 {
                            at[l] = start;
                        }
                        out.push_str(&"  ".repeat(l));
                        out.push_str(&docx_marker(format, at[l]));
                        at[l] += 1;
                    }
                    out.push_str(text.trim_end());
                    out.push_str("\n\n");
                }
            }
        }
    }
    end_row(&mut row, &mut out);
    out
}
