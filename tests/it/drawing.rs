//! The PDF's drawing: a paragraph of many styled runs (a bold word, then plain words, again
//! and again) is drawn as one marked-content sequence on each page it covers, whose tagged
//! text is still the paragraph's, word by word.

use std::collections::BTreeSet;

use lopdf::{Document, Object, ObjectId};

use crate::support::{TempDir, root};

/// The response `examples/full.yaml` with its first paragraph replaced by `**a** b `
/// `times` times: a paragraph of 2 × `times` runs, alternately bold and plain.
fn styled_response(tmp: &TempDir, times: usize) -> std::path::PathBuf {
    let base = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let text = base.replacen("I welcome this inspection", &"**a** b ".repeat(times), 1);
    assert_ne!(text, base);
    let path = tmp.path().join("styled.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The pages (by object id) of each of a structure element's marked-content kids, and how
/// many kids it has, for every `P` element.
fn paragraphs(doc: &Document) -> Vec<(Vec<ObjectId>, usize)> {
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Object::Dictionary(d) = object else {
            continue;
        };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"StructElem".as_slice())
            || d.get(b"S").and_then(Object::as_name).ok() != Some(b"P".as_slice())
        {
            continue;
        }
        let pg = d.get(b"Pg").and_then(Object::as_reference).ok();
        let mut pages = Vec::new();
        for k in d.get(b"K").unwrap().as_array().unwrap() {
            match k {
                Object::Integer(_) => pages.push(pg.unwrap()),
                Object::Dictionary(mcr)
                    if mcr.get(b"Type").and_then(Object::as_name).ok()
                        == Some(b"MCR".as_slice()) =>
                {
                    pages.push(mcr.get(b"Pg").unwrap().as_reference().unwrap());
                }
                _ => {}
            }
        }
        let n = pages.len();
        out.push((pages, n));
    }
    out
}

#[test]
fn a_paragraph_of_many_styled_runs_is_one_marked_sequence_on_each_page() {
    let tmp = TempDir::new("styled-runs");
    // 3,000 bold words among 3,000 plain: 6,000 runs over about three pages.
    let path = styled_response(&tmp, 3_000);
    let (_, md, pdf) = crate::tags::documents(&path).remove(0);
    let doc = Document::load_mem(&pdf).unwrap();
    let (pages, kids) = paragraphs(&doc)
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .unwrap();
    let on: BTreeSet<ObjectId> = pages.iter().copied().collect();
    assert!(on.len() >= 2, "the paragraph covers {} pages", on.len());
    // One marked-content sequence a page, not one a line or a run.
    assert_eq!(
        kids,
        on.len(),
        "{kids} marked-content sequences on {} pages",
        on.len()
    );
    // Its tagged text is the Markdown's, with no words glued at the ends of lines.
    let (glued, wrong) = crate::tags::audit(&md, &pdf);
    assert_eq!((glued, wrong), (0, Vec::<String>::new()));
    let long = crate::tags::tagged(&pdf)
        .into_iter()
        .find(|t| t.text().starts_with("a b a b"))
        .unwrap();
    let words = format!("{}and thank HMICFRS", "a b ".repeat(3_000));
    assert!(
        crate::tags::normalise(&long.text()).starts_with(&words),
        "the paragraph's tagged text: {:?}",
        long.text()
    );
    // The visible text reads the same.
    let text = crate::pdf::pdf_text(&pdf);
    assert!(text.contains("a b a b a b a b"), "{text}");
    // As poppler places them, the paragraph's full lines on its first page all start at
    // one left edge, each one line below the one before: every move from one text to the
    // next lands where the page means it to.
    let lines = paragraph_lines(&tmp, &pdf);
    assert!(lines.len() >= 20, "{} lines: {lines:?}", lines.len());
    let left = lines[0].0;
    assert!(
        lines.iter().all(|&(x, _)| (x - left).abs() < 0.01),
        "lines starting elsewhere: {lines:?}"
    );
    let step = lines[1].1 - lines[0].1;
    assert!(step > 10.0 && step < 20.0, "line spacing {step}");
    for w in lines.windows(2) {
        assert!((w[1].1 - w[0].1 - step).abs() < 0.01, "uneven lines: {w:?}");
    }
}

/// The left edge and the bottom (measured down from the top of the page) of each line on page 1 that holds
/// only the paragraph's `a` and `b`, as `pdftotext -bbox-layout` reads them.
fn paragraph_lines(tmp: &TempDir, pdf: &[u8]) -> Vec<(f64, f64)> {
    let file = tmp.path().join("styled.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-bbox-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut lines = Vec::new();
    for part in html.split("<line ").skip(1) {
        let line = &part[..part.find("</line>").unwrap()];
        let words: Vec<&str> = line
            .split("<word ")
            .skip(1)
            .map(|w| &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()])
            .collect();
        if words.len() >= 10 && words.iter().all(|w| *w == "a" || *w == "b") {
            lines.push((attr(line, "xMin"), attr(line, "yMax")));
        }
    }
    lines
}
