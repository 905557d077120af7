//! The Word round trip as the other office makes it: every box of every example's forms
//! filled at once, in Word's XML and in LibreOffice itself (driven through UNO by
//! `tests/libreoffice/fill-form.py`, saved as .docx), read back with `s55 import docx`; the
//! YAML holds exactly what was typed, `check` accepts it, and the letter shows it.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TempDir, html_text, normalise, render, root, s55};

/// What a box of the form takes.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Paragraphs.
    Text,
    /// One line.
    Line,
    /// One of these.
    Choice(Vec<String>),
}

/// A box of a form, as s55 wrote it: its field's path and what it takes.
#[derive(Debug, Clone)]
struct FormBox {
    path: String,
    kind: Kind,
}

/// A copy of an example's folder (its settings and pictures too), and the response in it.
fn office(name: &str, example: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(name);
    let from = root().join("examples").join(example);
    for entry in std::fs::read_dir(from.parent().unwrap()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
        }
    }
    let file = tmp.path().join(from.file_name().unwrap());
    (tmp, file)
}

fn make_form(dir: &Path, file: &Path, which: &str) -> Vec<u8> {
    let name = file.file_name().unwrap().to_str().unwrap();
    let run = s55(
        dir,
        &[
            "render", name, "--format", "docx", "--form", which, "-o", "forms", "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stem = name.trim_end_matches(".yaml");
    std::fs::read(dir.join(format!("forms/{stem}.{which}.docx"))).unwrap()
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn value_of(attr: &str, tag: &str) -> Option<String> {
    let at = tag.find(&format!("{attr}=\""))? + attr.len() + 2;
    let end = at + tag[at..].find('"')?;
    Some(tag[at..end].replace("&amp;", "&").replace("&quot;", "\""))
}

/// The form's boxes in the order of the document, read from the XML s55 wrote.
fn boxes(docx: &[u8]) -> Vec<FormBox> {
    let xml = part(docx, "word/document.xml");
    let mut out = Vec::new();
    for pr in xml.split("<w:sdtPr>").skip(1) {
        let pr = &pr[..pr.find("</w:sdtPr>").unwrap()];
        let tag = &pr[pr.find("<w:tag ").unwrap()..];
        let path = value_of("w:val", tag).unwrap();
        let path = path.strip_prefix("s55:").unwrap().to_owned();
        let kind = if pr.contains("<w:dropDownList>") {
            Kind::Choice(
                pr.split("<w:listItem ")
                    .skip(1)
                    .map(|i| value_of("w:value", i).unwrap())
                    .collect(),
            )
        } else if pr.contains("<w:text/>") {
            Kind::Line
        } else {
            Kind::Text
        };
        out.push(FormBox { path, kind });
    }
    out
}

/// Replaces each named box's content as Word does when someone types in it.
fn fill_word(docx: &[u8], fills: &[(String, String)]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let mut xml = String::from_utf8(bytes).unwrap();
            for (path, content) in fills {
                let tag = format!("<w:tag w:val=\"s55:{path}\"/>");
                let at = xml.find(&tag).unwrap_or_else(|| panic!("no box {path}"));
                let start = xml[..at].rfind("<w:sdt>").unwrap();
                let open = at + xml[at..].find("<w:sdtContent>").unwrap() + 14;
                let close = open + xml[open..].find("</w:sdtContent>").unwrap();
                let props = xml[start..open].replace("<w:showingPlcHdr/>", "");
                xml = format!("{}{props}{content}{}", &xml[..start], &xml[close..]);
            }
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn yaml(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn at(v: &serde_yaml::Value, path: &str) -> Option<String> {
    let mut v = v;
    for step in s55::diag::FieldPath::parse(path).0 {
        v = match step {
            s55::diag::Step::Key(k) => v.get(k.as_str())?,
            s55::diag::Step::Index(i) => v.get(i)?,
        };
    }
    v.as_str().map(str::to_owned)
}

/// What is typed into a box, and what the YAML must then hold.
fn typed(b: &FormBox, n: usize) -> (String, String) {
    match &b.kind {
        Kind::Text => (
            format!(
                "Typed for {}, with **bold** words.\n\nA second paragraph.",
                b.path
            ),
            format!(
                "Typed for {}, with **bold** words.\n\nA second paragraph.\n",
                b.path
            ),
        ),
        Kind::Line => (
            format!("Owner {n} of {}", b.path),
            format!("Owner {n} of {}", b.path),
        ),
        Kind::Choice(items) => {
            let item = items[n % items.len()].clone();
            (item.clone(), item)
        }
    }
}

/// Word's XML for what is typed.
fn word_xml(b: &FormBox, n: usize) -> String {
    match &b.kind {
        Kind::Text => format!(
            "<w:p w:rsidR=\"00A1B2C3\"><w:r><w:t xml:space=\"preserve\">Typed for {}, with </w:t></w:r>\
             <w:r w:rsidR=\"00D4E5F6\"><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r><w:r>\
             <w:t xml:space=\"preserve\"> words.</w:t></w:r></w:p><w:p><w:r><w:t>A second \
             paragraph.</w:t></w:r></w:p>",
            b.path
        ),
        _ => format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", typed(b, n).0),
    }
}

fn import(dir: &Path, form: &str, file: &Path, dry: bool) -> crate::support::Run {
    let name = file.file_name().unwrap().to_str().unwrap();
    let mut args = vec!["import", "docx", form, "--into", name];
    if dry {
        args.push("--dry-run");
    }
    s55(dir, &args)
}

/// The values the YAML must hold after the form is read in, and how many fields change.
fn expect(file: &Path, filled: &[(FormBox, String)]) -> usize {
    let before = yaml(file);
    filled
        .iter()
        .filter(|(b, want)| at(&before, &b.path).as_deref().map(str::trim) != Some(want.trim()))
        .count()
}

/// Reads a filled form in (first with `--dry-run`), and checks every value, `check`, the
/// letter, and that the same form read in again changes nothing.
fn read_in_and_check(dir: &Path, file: &Path, form: &str, filled: &[(FormBox, String)]) {
    let changed = expect(file, filled);
    let before = std::fs::read(file).unwrap();
    let dry = import(dir, form, file, true);
    assert_eq!(dry.code, 0, "{form}: {}", dry.stderr);
    let count = if changed == 1 {
        "1 field to change".to_owned()
    } else {
        format!("{changed} fields to change")
    };
    assert!(
        dry.stderr.contains(&count),
        "{form}: want {count}: {}",
        dry.stderr
    );
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "--dry-run writes nothing"
    );
    let run = import(dir, form, file, false);
    assert_eq!(run.code, 0, "{form}: {}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{form}: {}", run.stderr);
    let after = yaml(file);
    for (b, want) in filled {
        assert_eq!(
            at(&after, &b.path).as_deref(),
            Some(want.as_str()),
            "{form}: {}",
            b.path
        );
    }
    let name = file.file_name().unwrap().to_str().unwrap();
    let check = s55(dir, &["check", name]);
    assert_eq!(check.code, 0, "{form}: {}", check.stderr);
    assert!(
        check.stderr.contains(" 0 errors"),
        "{form}: {}",
        check.stderr
    );
    // The letter (its first edition) shows what was typed.
    let (_, html) = render(file);
    let page = normalise(&html_text(&html));
    let first_lang = at(&after, "language").unwrap_or_default();
    for (b, want) in filled {
        let other_lang = b.path.ends_with(".en") && first_lang != "en"
            || b.path.ends_with(".cy") && first_lang == "en";
        if b.kind == Kind::Text && !other_lang {
            let words = want.split("\n\n").next().unwrap().replace("**", "");
            assert!(page.contains(&words), "{form}: the letter lacks “{words}”");
        }
    }
    let again = import(dir, form, file, false);
    assert_eq!(again.code, 0, "{form}: {}", again.stderr);
    assert!(
        again.stderr.contains("the form changes nothing"),
        "{}",
        again.stderr
    );
}

const EXAMPLES: [&str; 5] = [
    "full.yaml",
    "warwickshire-child-protection-2022.yaml",
    "mopac-thematic-statement.yaml",
    "bilingual-teifi-valley.yaml",
    "northshire/peel-2025.yaml",
];

#[test]
fn every_box_of_every_example_s_forms_filled_in_word_comes_back() {
    for example in EXAMPLES {
        for which in ["chief-officer", "commissioner"] {
            let (tmp, file) = office("forms-word-every-box", example);
            let form = make_form(tmp.path(), &file, which);
            let boxes = boxes(&form);
            assert!(!boxes.is_empty(), "{example} {which}: no boxes");
            let fills: Vec<(String, String)> = boxes
                .iter()
                .enumerate()
                .map(|(n, b)| (b.path.clone(), word_xml(b, n)))
                .collect();
            let filled: Vec<(FormBox, String)> = boxes
                .iter()
                .enumerate()
                .map(|(n, b)| (b.clone(), typed(b, n).1))
                .collect();
            std::fs::write(tmp.path().join("returned.docx"), fill_word(&form, &fills)).unwrap();
            read_in_and_check(tmp.path(), &file, "returned.docx", &filled);
        }
    }
}

/// Fills a form in LibreOffice Writer through UNO, saving it as .docx.
fn fill_in_libreoffice(dir: &Path, form: &[u8], values: &[Option<String>]) -> (Vec<u8>, String) {
    std::fs::write(dir.join("form.docx"), form).unwrap();
    std::fs::write(
        dir.join("values.json"),
        serde_json::to_string(values).unwrap(),
    )
    .unwrap();
    let out = Command::new("/usr/bin/python3")
        .arg(root().join("tests/libreoffice/fill-form.py"))
        .arg(dir.join("form.docx"))
        .arg(dir.join("returned-lo.docx"))
        .arg(dir.join("values.json"))
        .arg(dir.join("lo-profile"))
        .output()
        .expect("the system Python with LibreOffice's uno (python3-uno) must be installed");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "LibreOffice could not fill the form: {stderr}"
    );
    (std::fs::read(dir.join("returned-lo.docx")).unwrap(), stderr)
}

#[test]
fn forms_filled_and_saved_in_libreoffice_come_back_whole() {
    for example in ["northshire/peel-2025.yaml", "bilingual-teifi-valley.yaml"] {
        for which in ["chief-officer", "commissioner"] {
            let (tmp, file) = office("forms-libreoffice", example);
            let form = make_form(tmp.path(), &file, which);
            let boxes = boxes(&form);
            // LibreOffice's boxes take one line of plain text: typed as a person would.
            let filled: Vec<(FormBox, String)> = boxes
                .iter()
                .enumerate()
                .map(|(n, b)| {
                    let v = match &b.kind {
                        Kind::Text => format!("Typed in LibreOffice for {} & more", b.path),
                        _ => typed(b, n).1,
                    };
                    (b.clone(), v)
                })
                .collect();
            let values: Vec<Option<String>> = filled.iter().map(|(_, v)| Some(v.clone())).collect();
            let (returned, said) = fill_in_libreoffice(tmp.path(), &form, &values);
            assert!(
                said.contains(&format!("LibreOffice shows {} boxes", boxes.len())),
                "{said}"
            );
            // What LibreOffice keeps: the boxes, without their tags.
            let xml = part(&returned, "word/document.xml");
            assert_eq!(xml.matches("<w:sdt>").count(), boxes.len());
            assert!(
                !xml.contains("<w:tag w:val=\"s55:"),
                "LibreOffice kept the tags"
            );
            std::fs::write(tmp.path().join("returned.docx"), &returned).unwrap();
            read_in_and_check(tmp.path(), &file, "returned.docx", &filled);
        }
    }
}

#[test]
fn links_as_field_codes_and_struck_words_are_kept_or_told() {
    let (tmp, file) = office("forms-field-codes", "full.yaml");
    let form = make_form(tmp.path(), &file, "chief-officer");
    let xml = "<w:p><w:r><w:t xml:space=\"preserve\">See </w:t></w:r><w:r><w:fldChar \
               w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> \
               HYPERLINK \"https://example.org/plan\" </w:instrText></w:r><w:r><w:fldChar \
               w:fldCharType=\"separate\"/></w:r><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/>\
               </w:rPr><w:t>the plan</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
               <w:r><w:t xml:space=\"preserve\"> and </w:t></w:r><w:fldSimple w:instr=\" HYPERLINK \
               &quot;https://example.org/dates&quot; \"><w:r><w:t>the dates</w:t></w:r>\
               </w:fldSimple><w:r><w:t xml:space=\"preserve\">, </w:t></w:r><w:r><w:rPr>\
               <w:strike/></w:rPr><w:t>by March</w:t></w:r><w:r><w:t xml:space=\"preserve\"> \
               in causes_of_concern[0].</w:t></w:r></w:p>";
    let filled = fill_word(
        &form,
        &[(
            "recommendations[0].force_response".to_owned(),
            xml.to_owned(),
        )],
    );
    std::fs::write(tmp.path().join("returned.docx"), filled).unwrap();
    let run = import(tmp.path(), "returned.docx", &file, false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        at(&yaml(&file), "recommendations[0].force_response").as_deref(),
        Some(
            "See [the plan](https://example.org/plan) and [the dates](https://example.org/dates), \
             by March in causes_of_concern[0]."
        )
    );
    assert!(
        run.stderr.contains(
            "warning: in `recommendations[0].force_response`, words struck through are read in \
             as words, without the line through them: “by March”"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_box_lost_by_a_suite_that_drops_names_is_named_with_what_the_suite_did() {
    let (tmp, file) = office("forms-lost-box", "full.yaml");
    let form = make_form(tmp.path(), &file, "chief-officer");
    let before = std::fs::read(&file).unwrap();
    let all = boxes(&form);
    let lost = all
        .iter()
        .find(|b| matches!(b.kind, Kind::Choice(_)))
        .unwrap()
        .path
        .clone();
    // As LibreOffice saves it: no tags, the drop-downs' titles blank; and one drop-down gone.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&form[..])).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        if name == "word/document.xml" {
            let tag = format!("<w:tag w:val=\"s55:{lost}\"/>");
            let at = text.find(&tag).unwrap();
            let start = text[..at].rfind("<w:sdt>").unwrap();
            let end = at + text[at..].find("</w:sdt>").unwrap() + "</w:sdt>".len();
            text = format!("{}{}", &text[..start], &text[end..]);
            let mut kept = String::new();
            for (i, piece) in text.split("<w:sdt><w:sdtPr>").enumerate() {
                if i > 0 {
                    kept.push_str("<w:sdt><w:sdtPr>");
                }
                let mut piece = piece.to_owned();
                if let Some(a) = piece.find("<w:tag ") {
                    let e = a + piece[a..].find("/>").unwrap() + 2;
                    piece.replace_range(a..e, "");
                }
                if piece.contains("<w:dropDownList>") && piece.starts_with("<w:alias ") {
                    let e = piece.find("/>").unwrap() + 2;
                    piece.replace_range(..e, "<w:alias w:val=\"\"/>");
                }
                kept.push_str(&piece);
            }
            text = kept;
        }
        if name == "docProps/app.xml" {
            text = text.replace(
                "<Application>s55</Application>",
                "<Application>LibreOffice/7.4.7.2$Linux_X86_64</Application>",
            );
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    let returned = out.finish().unwrap().into_inner();
    std::fs::write(tmp.path().join("returned.docx"), returned).unwrap();
    let run = import(tmp.path(), "returned.docx", &file, false);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let want = format!(
        "error: the form's field for `{lost}` cannot be found: LibreOffice/7.4.7.2 took the \
         names off the form's boxes as it saved it (LibreOffice keeps a text box's title but \
         not a drop-down's), and the form now has {} boxes where s55 wrote {}, so which box \
         is which cannot be told from their order",
        all.len() - 1,
        all.len()
    );
    assert!(run.stderr.contains(&want), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_form_saved_in_libreoffice_untouched_changes_nothing() {
    // The commissioner's comments there are two paragraphs with notes, and bold: LibreOffice
    // keeps a box's first paragraph only, as plain text, so they stand above an empty box,
    // and a box's words without their bold are the file's words.
    let (tmp, file) = office("forms-libreoffice-untouched", "northshire/peel-2025.yaml");
    let before = std::fs::read(&file).unwrap();
    let form = make_form(tmp.path(), &file, "commissioner");
    let xml = part(&form, "word/document.xml");
    assert!(xml.contains("Write here to replace the text above: Comments of the Police"));
    let values = vec![None; boxes(&form).len()];
    let (returned, _) = fill_in_libreoffice(tmp.path(), &form, &values);
    std::fs::write(tmp.path().join("returned.docx"), &returned).unwrap();
    let run = import(tmp.path(), "returned.docx", &file, false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("the form changes nothing"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
