//! The Word document and the Word form, checked with real tools: LibreOffice (headless)
//! converts each .docx to PDF and pdftotext reads it back; the structure is read from the
//! package's XML; and a form filled in as Word fills it is read back into its YAML.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TempDir, normalise, rendered, root, s55};

fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// Renders a response file to .docx in process.
fn docx_of(path: &Path) -> Vec<u8> {
    rendered(path, "docx")
}

/// The parts of a .docx, by name.
fn parts(docx: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        out.insert(name, text);
    }
    out
}

/// Converts .docx files to PDF with LibreOffice, all in one run, and returns each PDF's text
/// as pdftotext reads it.
fn libreoffice_text(dir: &Path, names: &[&str]) -> Vec<String> {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.join("pdf"))
        .args(names.iter().map(|n| dir.join(n)))
        .output()
        .expect("LibreOffice (`soffice`, Debian's libreoffice-writer) must be installed");
    assert!(
        out.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    names
        .iter()
        .map(|n| {
            let pdf = dir.join("pdf").join(n.replace(".docx", ".pdf"));
            assert!(pdf.is_file(), "LibreOffice wrote no PDF for {n}");
            let text = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) must be installed");
            String::from_utf8(text.stdout).unwrap()
        })
        .collect()
}

/// Text without white space or hyphens: LibreOffice breaks lines at spaces and after
/// hyphens, and pdftotext joins a word broken after a hyphen without it.
/// Whether the words of `block` are in `text` (squeezed), in order, each soon after the one
/// before: a paragraph that runs over a page has the page's footer and footnotes between its
/// halves.
fn in_order(text: &str, block: &str) -> bool {
    found_in_order(text, block).is_some()
}

/// Where the words of `block` end in `text`, found as [`in_order`] finds them.
fn found_in_order(text: &str, block: &str) -> Option<usize> {
    let mut words = block
        .split_whitespace()
        .map(squeeze)
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return Some(0);
    };
    let mut starts = text.match_indices(&first).map(|(i, _)| i + first.len());
    'start: for mut at in starts.by_ref() {
        for w in words.clone() {
            match text[at..].find(&w) {
                Some(i) if i <= 600 => at += i + w.len(),
                _ => continue 'start,
            }
        }
        return Some(at);
    }
    None
}

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// The texts of the letter's blocks (headings, paragraphs, list items, table cells), as the
/// Markdown gives them.
fn block_texts(markdown: &str) -> Vec<String> {
    use s55::render::blocks::{self, Block, Span};
    // A footnote's reference is Word's own superscript number, without brackets.
    fn text(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.note {
                Some(k) => (k + 1).to_string(),
                None => s.text.clone(),
            })
            .collect()
    }
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Heading { spans, .. } | Block::Paragraph(spans) => out.push(text(spans)),
                Block::List { items, .. } | Block::Notes(items) => {
                    items.iter().for_each(|i| walk(i, out))
                }
                Block::Quote(inner) | Block::Part { blocks: inner, .. } => walk(inner, out),
                Block::Extra(none) => match *none {},
                Block::Table { head, rows } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        // Cells wrap in their columns, at spaces and after hyphens: their
                        // words, each on its own.
                        out.extend(
                            text(cell)
                                .split(|c: char| c.is_whitespace() || c == '-')
                                .map(str::to_owned),
                        );
                    }
                }
                Block::Rule | Block::Signature => {}
            }
        }
    }
    let mut out = Vec::new();
    let letter = blocks::read(markdown);
    walk(&letter.blocks, &mut out);
    for note in &letter.notes {
        walk(note, &mut out);
    }
    out.retain(|t| !t.trim().is_empty());
    out
}

fn markdown_of(path: &Path) -> String {
    String::from_utf8(rendered(path, "md")).unwrap()
}

#[test]
fn libreoffice_opens_every_example_and_its_text_holds_every_sentence() {
    let tmp = TempDir::new("word-libreoffice");
    let examples = [
        "warwickshire-child-protection-2022.yaml",
        "full.yaml",
        "northshire/peel-2025.yaml",
        "bilingual-teifi-valley.yaml",
        "mopac-thematic-statement.yaml",
    ];
    let mut names = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        let name = format!("letter-{i}.docx");
        std::fs::write(tmp.path().join(&name), docx_of(&example(e))).unwrap();
        names.push(name);
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let texts = libreoffice_text(tmp.path(), &names);

    // The seed: every sentence of the published letter, in order.
    // (A sentence may run over a page, with the footer between its halves.)
    let seed = squeeze(&texts[0]);
    let mut from = 0;
    for sentence in crate::seed::seed_sentences() {
        match found_in_order(&seed[from..], &sentence) {
            Some(end) => from += end,
            None => panic!("the Word document lacks, or has out of order:\n  {sentence}"),
        }
    }
    // Every example: every block of the letter's text.
    for (e, text) in examples.iter().zip(&texts) {
        let text = squeeze(text);
        for block in block_texts(&markdown_of(&example(e))) {
            assert!(
                in_order(&text, &block),
                "{e}: LibreOffice's text lacks:\n  {block}"
            );
        }
    }
    // The letterhead and the footer's page numbers are Word's own fields, filled in.
    assert!(texts[1].contains("Page 1 of"), "{}", texts[1]);
}

#[test]
fn headings_lists_quotes_tables_and_properties_are_word_s_own() {
    let docx = docx_of(&example("full.yaml"));
    let p = parts(&docx);
    let doc = &p["word/document.xml"];
    // Headings: real heading styles, in order, never skipping a level.
    let mut last = 0;
    let mut levels = Vec::new();
    for chunk in doc.split("<w:pStyle w:val=\"Heading").skip(1) {
        let level: u32 = chunk[..1].parse().unwrap();
        assert!(level <= last + 1, "heading {level} after {last}");
        last = level;
        levels.push(level);
    }
    assert_eq!(levels[0], 1);
    assert!(levels.contains(&4), "{levels:?}");
    assert!(p["word/styles.xml"].contains("<w:name w:val=\"heading 1\"/>"));
    // Lists: Word's numbering, lettered and roman where the report letters them; no typed
    // numbers.
    let numbering = &p["word/numbering.xml"];
    for format in ["lowerLetter", "lowerRoman", "bullet"] {
        assert!(
            numbering.contains(&format!("<w:numFmt w:val=\"{format}\"/>")),
            "{format}"
        );
    }
    assert!(doc.matches("<w:numPr>").count() >= 6);
    let seed = parts(&docx_of(&example(
        "warwickshire-child-protection-2022.yaml",
    )));
    assert!(
        seed["word/numbering.xml"]
            .contains("<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>")
    );
    assert!(!doc.contains("<w:t xml:space=\"preserve\">(a) "));
    // The chief officer's words as a quote, the attribution styled apart.
    assert!(doc.contains("<w:pStyle w:val=\"Quote\"/>"));
    let attribution = doc
        .split("<w:pStyle w:val=\"Attribution\"/>")
        .nth(1)
        .unwrap();
    assert!(attribution.contains("— Sam Okafor QPM, Chief Constable"));
    // Tables: a header row that repeats on every page, and a caption (the heading above).
    assert!(doc.contains("<w:tblHeader/>"));
    assert!(doc.contains("<w:tblCaption w:val=\"PEEL grades\"/>"));
    // Links: real hyperlinks to the report.
    assert!(doc.contains("<w:hyperlink r:id=\"rIdL1\""));
    assert!(p["word/_rels/document.xml.rels"].contains(
        "Target=\"https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-assessment-2025-midshire/\" TargetMode=\"External\""
    ));
    // The title and language in the properties; fonts named, none embedded.
    let core = &p["docProps/core.xml"];
    assert!(
        core.contains(
            "<dc:title>Response to the PEEL inspection of Midshire Police 2025</dc:title>"
        )
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    assert!(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-11-20T00:00:00Z"));
    assert!(p["word/styles.xml"].contains("w:ascii=\"Arial\""));
    assert!(
        p.keys()
            .all(|k| !k.starts_with("word/fonts/") && !k.ends_with(".ttf"))
    );
}

#[test]
fn a_bilingual_document_marks_every_run_of_its_second_language() {
    let p = parts(&docx_of(&example("bilingual-teifi-valley.yaml")));
    let doc = &p["word/document.xml"];
    assert!(p["word/styles.xml"].contains("<w:lang w:val=\"cy\""));
    // The English edition starts on a page of its own, and each of its runs says so.
    let (_, english) = doc
        .split_once("<w:pageBreakBefore/>")
        .expect("a page break");
    let runs = english.matches("<w:r>").count();
    let marked = english.matches("<w:lang w:val=\"en-GB\"/>").count();
    assert!(runs > 20, "{runs}");
    assert_eq!(
        marked, runs,
        "every run of the English edition carries its language"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = docx_of(&example("full.yaml"));
    let b = docx_of(&example("full.yaml"));
    assert_eq!(a, b);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    assert_eq!(
        zip.by_index(0).unwrap().name().unwrap(),
        "[Content_Types].xml"
    );
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(
            f.last_modified().map(|d| d.year()),
            Some(1980),
            "{}",
            f.name().unwrap()
        );
    }
}

// ---------------------------------------------------------------------------------------
// The form and its round trip.

/// A copy of an example response in its own folder, as an office keeps one.
fn office(name: &str, example_file: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(name);
    let file = tmp.path().join("response.yaml");
    std::fs::copy(example(example_file), &file).unwrap();
    (tmp, file)
}

fn make_form(dir: &Path, which: &str) -> PathBuf {
    let run = s55(
        dir,
        &[
            "render",
            "response.yaml",
            "--format",
            "docx",
            "--form",
            which,
            "-o",
            "forms",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join(format!("forms/response.{which}.docx"))
}

/// Rewrites a .docx's parts.
fn rewrite(docx: &[u8], change: impl Fn(&str, String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        let text = change(&name, text);
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Fills the form's fields as Word does when someone types in them: the control's content
/// replaced by the typed paragraphs, its "showing the prompt" mark removed.
fn fill(docx: &[u8], fills: &[(&str, &str)]) -> Vec<u8> {
    rewrite(docx, |name, mut xml| {
        if name != "word/document.xml" {
            return xml;
        }
        for (path, content) in fills {
            let tag = format!("<w:tag w:val=\"s55:{path}\"/>");
            let at = xml.find(&tag).unwrap_or_else(|| panic!("no field {path}"));
            let start = xml[..at].rfind("<w:sdt>").unwrap();
            let open = at + xml[at..].find("<w:sdtContent>").unwrap() + "<w:sdtContent>".len();
            let close = open + xml[open..].find("</w:sdtContent>").unwrap();
            let props = xml[start..open].replace("<w:showingPlcHdr/>", "");
            xml = format!("{}{props}{content}{}", &xml[..start], &xml[close..]);
        }
        xml
    })
}

fn yaml(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn at<'a>(v: &'a serde_yaml::Value, path: &str) -> &'a serde_yaml::Value {
    let mut v = v;
    for step in s55::diag::FieldPath::parse(path).0 {
        v = match step {
            s55::diag::Step::Key(k) => &v[k.as_str()],
            s55::diag::Step::Index(i) => &v[i],
        };
    }
    v
}

const TYPED: &str = "<w:p w:rsidR=\"00A1B2C3\" w:rsidRDefault=\"00A1B2C3\"><w:pPr><w:pStyle w:val=\"FormField\"/></w:pPr><w:r><w:t xml:space=\"preserve\">The force has </w:t></w:r><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>begun</w:t></w:r><w:r><w:t xml:space=\"preserve\"> the work, </w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:i/></w:rPr><w:t>as planned</w:t></w:r><w:proofErr w:type=\"spellEnd\"/><w:ins w:id=\"7\" w:author=\"ACC Crime\" w:date=\"2025-11-03T10:00:00Z\"><w:r><w:t xml:space=\"preserve\"> in October</w:t></w:r></w:ins><w:del w:id=\"8\" w:author=\"ACC Crime\" w:date=\"2025-11-03T10:00:00Z\"><w:r><w:delText xml:space=\"preserve\"> at last</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">See </w:t></w:r><w:hyperlink r:id=\"rIdL1\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t>the plan</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\"> for its steps:</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>training every supervisor</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>auditing 200 cases a month</w:t></w:r></w:p>";

#[test]
fn the_chief_officer_s_form_round_trips_every_field_exactly() {
    let (tmp, file) = office("word-round-trip", "full.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let form = make_form(tmp.path(), "chief-officer");
    let filled = fill(
        &std::fs::read(&form).unwrap(),
        &[
            ("recommendations[0].force_response", TYPED),
            (
                "recommendations[0].status",
                "<w:p><w:r><w:t>completed</w:t></w:r></w:p>",
            ),
            (
                "recommendations[0].owner",
                "<w:p><w:r><w:t>Head of Crime Standards</w:t></w:r></w:p>",
            ),
            (
                "sections[5].text",
                "<w:p><w:r><w:t>I welcome the report.</w:t></w:r></w:p><w:p><w:r><w:t>Since June, 92 per cent of 999 calls were answered within 10 seconds.</w:t></w:r></w:p>",
            ),
        ],
    );
    let returned = tmp.path().join("returned.docx");
    std::fs::write(&returned, &filled).unwrap();
    let run = s55(
        tmp.path(),
        &["import", "docx", "returned.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("response.yaml: 4 fields read in from returned.docx"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("@@ response.yaml:"), "{}", run.stdout);
    assert!(
        run.stdout.contains("+    status: completed"),
        "{}",
        run.stdout
    );

    let v = yaml(&file);
    // The link's address is the form's own first link (the report's), as Word keeps it.
    assert_eq!(
        at(&v, "recommendations[0].force_response")
            .as_str()
            .unwrap(),
        "The force has **begun** the work, *as planned* in October.\n\nSee [the plan](https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-assessment-2025-midshire/) for its steps:\n\n1. training every supervisor\n2. auditing 200 cases a month\n"
    );
    assert_eq!(
        at(&v, "recommendations[0].status").as_str(),
        Some("completed")
    );
    assert_eq!(
        at(&v, "recommendations[0].owner").as_str(),
        Some("Head of Crime Standards")
    );
    assert_eq!(
        at(&v, "sections[5].text").as_str().unwrap(),
        "I welcome the report.\n\nSince June, 92 per cent of 999 calls were answered within 10 seconds.\n"
    );
    // Nothing else changed: every other field, and the file's comments.
    let old: serde_yaml::Value = serde_yaml::from_str(&before).unwrap();
    assert_eq!(at(&v, "recommendations[1]"), at(&old, "recommendations[1]"));
    assert_eq!(at(&v, "sections[0]"), at(&old, "sections[0]"));
    assert_eq!(at(&v, "causes_of_concern"), at(&old, "causes_of_concern"));
    let after = std::fs::read_to_string(&file).unwrap();
    for comment in before.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(after.contains(comment), "comment lost: {comment}");
    }
    // The response still checks, and renders the force's words into its letter.
    let check = s55(tmp.path(), &["check", "response.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("0 errors"), "{}", check.stderr);
    let (md, _) = crate::support::render(&file);
    assert!(
        md.contains("The force has **begun** the work, *as planned* in October."),
        "{md}"
    );

    // The same form again: the file has changed since it was made, but only by this form,
    // so reading it in again changes nothing and is no mistake.
    let again = s55(
        tmp.path(),
        &["import", "docx", "returned.docx", "--into", "response.yaml"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("response.yaml: the form changes nothing"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
}

#[test]
fn the_commissioner_s_form_and_an_untouched_form() {
    let (tmp, file) = office("word-commissioner", "full.yaml");
    let form = make_form(tmp.path(), "commissioner");
    let bytes = std::fs::read(&form).unwrap();
    let p = parts(&bytes);
    // Everything but the fields is locked; each field is a control that cannot be deleted.
    assert!(
        p["word/settings.xml"]
            .contains("<w:documentProtection w:edit=\"forms\" w:enforcement=\"1\"/>")
    );
    let controls = p["word/document.xml"]
        .matches("<w:lock w:val=\"sdtLocked\"/>")
        .count();
    assert_eq!(
        controls,
        p["word/document.xml"]
            .matches("<w:tag w:val=\"s55:")
            .count()
    );
    assert!(
        p["docProps/custom.xml"].contains("name=\"s55-form\"><vt:lpwstr>commissioner</vt:lpwstr>")
    );
    // An untouched form changes nothing.
    std::fs::write(tmp.path().join("same.docx"), &bytes).unwrap();
    let before = std::fs::read(&file).unwrap();
    let run = s55(
        tmp.path(),
        &["import", "docx", "same.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("the form changes nothing"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The body's response to a recommendation, written over the one it had.
    let filled = fill(
        &bytes,
        &[(
            "recommendations[1].response",
            "<w:p><w:r><w:t>I will review answer times every month.</w:t></w:r></w:p>",
        )],
    );
    std::fs::write(tmp.path().join("filled.docx"), filled).unwrap();
    let dry = s55(
        tmp.path(),
        &[
            "import",
            "docx",
            "filled.docx",
            "--into",
            "response.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains("+    response: I will review answer times every month."),
        "{}",
        dry.stdout
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "--dry-run writes nothing"
    );
    let run = s55(
        tmp.path(),
        &["import", "docx", "filled.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        at(&yaml(&file), "recommendations[1].response").as_str(),
        Some("I will review answer times every month.")
    );
}

#[test]
fn libreoffice_opens_the_form_and_shows_its_note_and_prompts() {
    let (tmp, _) = office("word-form-libreoffice", "full.yaml");
    let form = make_form(tmp.path(), "chief-officer");
    std::fs::copy(&form, tmp.path().join("form.docx")).unwrap();
    let text = normalise(&libreoffice_text(tmp.path(), &["form.docx"])[0]);
    assert!(
        text.contains("sent for the Chief Constable’s comments. Please write only in the boxes"),
        "{text}"
    );
    assert!(
        text.contains("Write here: The force’s response – Recommendation 1"),
        "{text}"
    );
    assert!(text.contains("Assistant Chief Constable, Crime"), "{text}");
}

#[test]
fn a_welsh_field_of_a_bilingual_form_goes_back_into_its_language() {
    let (tmp, file) = office("word-bilingual", "bilingual-teifi-valley.yaml");
    let form = make_form(tmp.path(), "commissioner");
    let bytes = std::fs::read(&form).unwrap();
    let doc = &parts(&bytes)["word/document.xml"];
    let tag = doc
        .split("<w:tag w:val=\"s55:")
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
        .find(|t| t.ends_with(".response.cy"))
        .expect("a Welsh response field")
        .to_owned();
    let filled = fill(
        &bytes,
        &[(
            &tag,
            "<w:p><w:r><w:rPr><w:lang w:val=\"cy\"/></w:rPr><w:t>Byddaf yn adolygu’r gwaith bob mis.</w:t></w:r></w:p>",
        )],
    );
    std::fs::write(tmp.path().join("filled.docx"), filled).unwrap();
    let run = s55(
        tmp.path(),
        &["import", "docx", "filled.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = yaml(&file);
    assert_eq!(
        at(&v, &tag).as_str(),
        Some("Byddaf yn adolygu’r gwaith bob mis.")
    );
    let english = tag.replace(".cy", ".en");
    let old: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(example("bilingual-teifi-valley.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(at(&v, &english), at(&old, &english), "the English stays");
}

#[test]
fn bad_forms_are_refused_and_the_yaml_is_untouched() {
    let (tmp, file) = office("word-bad", "full.yaml");
    let form = make_form(tmp.path(), "chief-officer");
    let bytes = std::fs::read(&form).unwrap();
    let before = std::fs::read(&file).unwrap();
    let import = |name: &str, extra: &[&str]| {
        let mut args = vec!["import", "docx", name, "--into", "response.yaml"];
        args.extend_from_slice(extra);
        s55(tmp.path(), &args)
    };
    let refused = |name: &str, expected: &str| {
        let run = import(name, &[]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "{name} changed the file"
        );
    };

    // A form made for another response.
    std::fs::create_dir_all(tmp.path().join("other")).unwrap();
    std::fs::copy(
        example("northshire/peel-2025.yaml"),
        tmp.path().join("other/response.yaml"),
    )
    .unwrap();
    for f in ["s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(
            example(&format!("northshire/{f}")),
            tmp.path().join("other").join(f),
        )
        .unwrap();
    }
    let other = make_form(&tmp.path().join("other"), "chief-officer");
    std::fs::copy(other, tmp.path().join("other.docx")).unwrap();
    refused(
        "other.docx",
        "error: this form was made for another response: “Northshire Police | PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Northshire Police | 2025-12-04”, not “Midshire Police",
    );

    // A damaged file: the zip cut short.
    std::fs::write(tmp.path().join("cut.docx"), &bytes[..bytes.len() / 2]).unwrap();
    refused(
        "cut.docx",
        "error: this is not a Word document s55 can read",
    );

    // A field deleted in Word.
    let deleted = rewrite(&bytes, |name, xml| {
        if name != "word/document.xml" {
            return xml;
        }
        let at = xml
            .find("<w:tag w:val=\"s55:recommendations[1].owner\"/>")
            .unwrap();
        let start = xml[..at].rfind("<w:sdt>").unwrap();
        let end = at + xml[at..].find("</w:sdt>").unwrap() + "</w:sdt>".len();
        format!("{}{}", &xml[..start], &xml[end..])
    });
    std::fs::write(tmp.path().join("deleted.docx"), deleted).unwrap();
    refused(
        "deleted.docx",
        "error: the form's field for `recommendations[1].owner` is missing: the form has no box \
         for it, so what was written there cannot be read",
    );

    // A file far too large to be a form (sparse: it takes no disk).
    let big = std::fs::File::create(tmp.path().join("big.docx")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    refused(
        "big.docx",
        "error: the file is too large to be a Word form from s55 (100 MB)",
    );

    // A Word document s55 did not make.
    let plain = rewrite(&bytes, |name, xml| {
        if name == "docProps/custom.xml" {
            String::from("<Properties/>")
        } else {
            xml
        }
    });
    std::fs::write(tmp.path().join("plain.docx"), plain).unwrap();
    refused(
        "plain.docx",
        "error: this Word document is not a form made by s55",
    );

    // A status the office's settings do not have.
    let bad_status = fill(
        &bytes,
        &[(
            "recommendations[0].status",
            "<w:p><w:r><w:t>nearly done</w:t></w:r></w:p>",
        )],
    );
    std::fs::write(tmp.path().join("status.docx"), bad_status).unwrap();
    refused("status.docx", "unknown status `nearly done`");

    // The file edited after the form was sent.
    let edited = format!("{}# edited\n", String::from_utf8(before.clone()).unwrap());
    std::fs::write(&file, &edited).unwrap();
    let run = import("other.docx", &[]);
    assert_eq!(run.code, 1);
    let typed = fill(
        &bytes,
        &[(
            "recommendations[0].owner",
            "<w:p><w:r><w:t>DCC</w:t></w:r></w:p>",
        )],
    );
    std::fs::write(tmp.path().join("late.docx"), typed).unwrap();
    let run = import("late.docx", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("has changed since this form was made"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    // ...read in when forced.
    let run = import("late.docx", &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("read in anyway, as --force asks"),
        "{}",
        run.stderr
    );
    assert_eq!(
        at(&yaml(&file), "recommendations[0].owner").as_str(),
        Some("DCC")
    );
}

#[test]
fn text_typed_outside_the_fields_is_reported_not_read_in() {
    let (tmp, file) = office("word-outside", "full.yaml");
    let form = make_form(tmp.path(), "chief-officer");
    let bytes = rewrite(&std::fs::read(&form).unwrap(), |name, xml| {
        if name != "word/document.xml" {
            return xml;
        }
        xml.replacen(
            "<w:body>",
            "<w:body><w:p><w:r><w:t>Please call me about recommendation 2.</w:t></w:r></w:p>",
            1,
        )
    });
    std::fs::write(tmp.path().join("note.docx"), bytes).unwrap();
    let before = std::fs::read(&file).unwrap();
    let run = s55(
        tmp.path(),
        &["import", "docx", "note.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: text typed outside the form's fields is not read in: “Please call me about recommendation 2.”"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn footnotes_are_word_s_own_at_the_foot_of_the_page() {
    let p = parts(&docx_of(&example("northshire/peel-2025.yaml")));
    let doc = &p["word/document.xml"];
    assert_eq!(doc.matches("<w:footnoteReference w:id=\"").count(), 2);
    assert!(!doc.contains(">[1]<"), "no typed reference numbers");
    let notes = &p["word/footnotes.xml"];
    assert!(notes.contains("<w:footnote w:type=\"separator\" w:id=\"-1\">"));
    let first = notes.split("<w:footnote w:id=\"1\">").nth(1).unwrap();
    assert!(first.starts_with("<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>"));
    assert!(first.contains("The grades are set out in full below, as the report gives them."));
    assert!(p["word/settings.xml"].contains("<w:footnotePr>"));
}
