//! A document from outside can change only the fields it was meant to: the words of a
//! returned Word form, a pasted list of findings or a past response are written into YAML so
//! that the loader reads back exactly those words. The attacks: a line separator (U+2028,
//! U+2029, U+0085), which one YAML reader takes for a line break and the other does not,
//! followed by YAML that would become new fields; and control characters, which are not text.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::support::{TempDir, root, s55};

/// A copy of the full example in its own folder, and its form for the chief officer.
fn office_with_form(name: &str) -> (TempDir, PathBuf, PathBuf) {
    let tmp = TempDir::new(name);
    let file = tmp.path().join("response.yaml");
    std::fs::copy(root().join("examples/full.yaml"), &file).unwrap();
    let run = s55(
        tmp.path(),
        &[
            "render",
            "response.yaml",
            "--format",
            "docx",
            "--form",
            "chief-officer",
            "-o",
            "forms",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form = tmp.path().join("forms/response.chief-officer.docx");
    (tmp, file, form)
}

/// The .docx with each part passed through `change`.
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

/// The form with one field filled as Word fills it, and `link` added to the document's
/// relationships as `rIdEvil`.
fn fill_with_link(docx: &[u8], field: &str, content: &str, link: &str) -> Vec<u8> {
    rewrite(docx, |name, mut xml| {
        if name == "word/_rels/document.xml.rels" {
            let rel = format!(
                "<Relationship Id=\"rIdEvil\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{link}\" TargetMode=\"External\"/></Relationships>"
            );
            return xml.replace("</Relationships>", &rel);
        }
        if name != "word/document.xml" {
            return xml;
        }
        let tag = format!("<w:tag w:val=\"s55:{field}\"/>");
        let at = xml.find(&tag).unwrap_or_else(|| panic!("no field {field}"));
        let start = xml[..at].rfind("<w:sdt>").unwrap();
        let open = at + xml[at..].find("<w:sdtContent>").unwrap() + "<w:sdtContent>".len();
        let close = open + xml[open..].find("</w:sdtContent>").unwrap();
        let props = xml[start..open].replace("<w:showingPlcHdr/>", "");
        xml = format!("{}{props}{content}{}", &xml[..start], &xml[close..]);
        xml
    })
}

fn yaml_of(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const PAYLOAD: &str = "https://example.org/plan\u{2028}commissioner:\u{2028}  name: Mallory Evil\u{2028}title: All recommendations rejected\u{2028}#";

fn linked_paragraphs(two: bool) -> String {
    let link = "<w:p><w:r><w:t xml:space=\"preserve\">See </w:t></w:r><w:hyperlink r:id=\"rIdEvil\"><w:r><w:t>the plan</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>";
    if two {
        format!("<w:p><w:r><w:t>We have begun.</w:t></w:r></w:p>{link}")
    } else {
        link.to_owned()
    }
}

#[test]
fn a_form_link_with_a_line_separator_cannot_rewrite_the_title_or_the_signer() {
    // One paragraph (a value on one line) and two (a block of lines): both writers.
    for two in [false, true] {
        let (tmp, file, form) = office_with_form(&format!("inject-form-{two}"));
        let before = yaml_of(&file);
        let filled = fill_with_link(
            &std::fs::read(&form).unwrap(),
            "recommendations[0].force_response",
            &linked_paragraphs(two),
            PAYLOAD,
        );
        std::fs::write(tmp.path().join("returned.docx"), filled).unwrap();
        let run = s55(
            tmp.path(),
            &["import", "docx", "returned.docx", "--into", "response.yaml"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains('\u{2028}'),
            "a raw line separator was written:\n{text}"
        );
        let after = yaml_of(&file);
        assert_eq!(after["title"], before["title"]);
        assert_eq!(after["commissioner"], before["commissioner"]);
        // The link is kept as the form gave it, as one field's words.
        let response = after["recommendations"][0]["force_response"]
            .as_str()
            .unwrap();
        assert!(
            response.contains(&format!("[the plan](<{PAYLOAD}>)"))
                || response.contains(&format!("[the plan]({PAYLOAD})")),
            "{response:?}"
        );
        let check = s55(tmp.path(), &["check", "response.yaml"]);
        assert_eq!(check.code, 0, "{}", check.stderr);
        let run = s55(
            tmp.path(),
            &[
                "render",
                "response.yaml",
                "--format",
                "md",
                "-o",
                "out",
                "-q",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let md = std::fs::read_to_string(tmp.path().join("out/response.md")).unwrap();
        assert!(
            md.contains("Response to the PEEL inspection of Midshire Police 2025"),
            "{md}"
        );
        assert!(!md.contains("Mallory Evil\n"), "{md}");
    }
}

#[test]
fn a_form_field_holding_an_escape_code_is_refused_naming_the_field() {
    let (tmp, file, form) = office_with_form("inject-form-esc");
    let before = std::fs::read(&file).unwrap();
    let filled = fill_with_link(
        &std::fs::read(&form).unwrap(),
        "recommendations[0].owner",
        "<w:p><w:r><w:t>Head of \u{1b}[31mCrime</w:t></w:r></w:p>",
        "https://example.org/",
    );
    std::fs::write(tmp.path().join("returned.docx"), filled).unwrap();
    let run = s55(
        tmp.path(),
        &["import", "docx", "returned.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`recommendations[0].owner` holds a control character, U+001B (an escape code, as terminals use)"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// A response with `recommendations:` last, for pasting findings after.
fn head() -> String {
    let example = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let cut = example.find("\nrecommendations:").unwrap() + 1;
    example[..cut].to_owned()
}

#[test]
fn a_pasted_line_kept_as_a_comment_cannot_add_a_field() {
    let tmp = TempDir::new("inject-recs");
    let pasted = "Our recommendations follow.\u{2028}title: All recommendations rejected\u{2028}#\nRecommendations\n1. Within three months, the force should review its use of force.\n";
    std::fs::write(tmp.path().join("p.txt"), pasted).unwrap();
    let run = s55(tmp.path(), &["import", "recs", "p.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{2028}'), "{}", run.stdout);
    assert!(run.stdout.contains("\\L"), "{}", run.stdout);
    let text = format!("{}{}", head(), run.stdout);
    let (doc, diags) = s55::load::parse(&text);
    let doc = doc.unwrap_or_else(|| panic!("{diags:?}\n{text}"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Response to the PEEL inspection of Midshire Police 2025")
    );
    assert_eq!(doc.recommendations.len(), 1);
}

#[test]
fn a_raw_line_separator_in_a_file_is_refused_where_it_is() {
    let tmp = TempDir::new("inject-raw");
    let example = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let planted = example.replacen(
        "\ntracker: true",
        "\n# a note\u{2028}title: All recommendations rejected\u{2028}#\ntracker: true",
        1,
    );
    let line = planted[..planted.find('\u{2028}').unwrap()].lines().count();
    std::fs::write(tmp.path().join("r.yaml"), planted).unwrap();
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "this file holds an invisible line break, U+2028 (a Unicode line separator), that YAML readers disagree about"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("r.yaml:{line}:9")),
        "{}",
        run.stderr
    );
}

#[test]
fn escapes_that_write_control_characters_are_refused_at_the_field() {
    let tmp = TempDir::new("inject-escape");
    let example = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let planted = example.replacen(
        "title: Response to the PEEL inspection of Midshire Police 2025",
        "title: \"Response to the PEEL inspection\\e[2J of Midshire\\0 Police 2025\"",
        1,
    );
    assert_ne!(planted, example);
    std::fs::write(tmp.path().join("r.yaml"), planted).unwrap();
    let run = s55(
        tmp.path(),
        &["render", "r.yaml", "--format", "docx", "-o", "out"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`title` holds a control character, U+001B (an escape code, as terminals use), which is not text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("r.yaml:17:"), "{}", run.stderr);
    assert!(!tmp.path().join("out").join("r.docx").exists());
}

// ---------------------------------------------------------------------------------------
// Every writer, for any text: what is written is what is read back.

/// Texts with every character that has a meaning to YAML or to one of its readers.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\u{2028}", "\u{2029}", "\u{85}", "\n", "\n\n", "\t", "\"", "'", "\\", "#", " # ", ": ",
        ":", "- ", "---", "...", "  ", " ", "{", "}", "[", "]", "&a", "*a", "!", "|", ">", "%",
        "@", "`", "?", "title: x", "\u{feff}", "yes", "null", "12", "1.10", "~", "Ŵyn", "words",
        "é",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

const SEPARATORS: [char; 3] = s55::load::scalar::LINE_SEPARATORS;

const FILE: &str = "title: Old\nsections:\n  - kind: comments\n    text: |\n      Old words.\n  - {kind: chief-officer-comments, text: \"Hi\"}\nrecommendations:\n  - number: 1\n    text: Do this.\n    response: {en: Yes., cy: Ie.}\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The in-place editor, at a value on its own line, in a block, in a flow mapping, and
    /// for a field it adds: the field holds the text (a block's trailing space aside) and
    /// every other field is as it was.
    #[test]
    fn the_editor_writes_exactly_the_text(value in hostile_text()) {
        let old: serde_yaml::Value = serde_yaml::from_str(FILE).unwrap();
        for path in ["title", "sections[0].text", "sections[1].text", "recommendations[0].response.cy", "recommendations[0].owner"] {
            let change = s55::load::edit::Change {
                path: s55::diag::FieldPath::parse(path),
                value: value.clone(),
            };
            let result = s55::load::edit::apply(FILE, &[change]);
            // A control character (NEL is one) is refused, naming the field.
            if let Some(c) = value.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
                let e = result.unwrap_err();
                prop_assert!(e.starts_with(&format!("`{path}` holds a control character, U+{:04X}", c as u32)), "{}", e);
                continue;
            }
            let (out, _) = result.unwrap();
            let mut new: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
            let got = {
                let mut v = &mut new;
                for step in s55::diag::FieldPath::parse(path).0 {
                    v = match step {
                        s55::diag::Step::Key(k) => &mut v[k.as_str()],
                        s55::diag::Step::Index(i) => &mut v[i],
                    };
                }
                std::mem::replace(v, serde_yaml::Value::Null)
            };
            prop_assert_eq!(got.as_str().map(str::trim_end), Some(value.trim_end()), "{}", out);
            // No raw separator, so the positions reader and the loader agree on the lines.
            prop_assert!(!out.contains(SEPARATORS));
            let mut rest = old.clone();
            let mut v = &mut rest;
            for step in s55::diag::FieldPath::parse(path).0 {
                v = match step {
                    s55::diag::Step::Key(k) => &mut v[k.as_str()],
                    s55::diag::Step::Index(i) => &mut v[i],
                };
            }
            *v = serde_yaml::Value::Null;
            prop_assert_eq!(&new, &rest, "{}", out);
        }
    }

    /// The quoting the importers and the scaffold use: one value, read back exactly, and as
    /// a comment, nothing at all.
    #[test]
    fn quoted_values_and_comments_read_back_exactly(value in hostile_text()) {
        let q = s55::load::scalar::quoted(&value);
        let text = format!("# {}\nk: {q}\n", s55::load::scalar::comment(&value));
        let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let m = v.as_mapping().unwrap();
        prop_assert_eq!(m.len(), 1);
        prop_assert_eq!(v["k"].as_str(), Some(value.as_str()));
        for (writer, written) in [
            ("inline", format!("k: {}\n", s55::load::scalar::inline(&value))),
            ("block", format!("k:{}\n", s55::load::scalar::block(&value, 0))),
        ] {
            let v: serde_yaml::Value = serde_yaml::from_str(&written).unwrap();
            prop_assert_eq!(v.as_mapping().unwrap().len(), 1, "{}", writer);
            let want = if writer == "block" { value.trim_end() } else { value.as_str() };
            prop_assert_eq!(v["k"].as_str().map(str::trim_end), Some(want.trim_end()), "{}: {}", writer, written);
        }
    }

    /// `import recs`: every pasted line comes back as a finding's words or a comment, and
    /// never as a field of its own.
    #[test]
    fn imported_findings_add_no_field(lines in prop::collection::vec(hostile_text(), 1..6)) {
        let pasted = format!("Recommendations\n{}\n1. The force should {}.\n", lines.join("\n"), lines[0].replace('\n', " "));
        let found = s55::import::findings(&pasted);
        let written = s55::import::findings_yaml(&found, Some("recommendations"));
        prop_assert!(!written.contains(SEPARATORS));
        let v: serde_yaml::Value = serde_yaml::from_str(&written).unwrap();
        let keys: Vec<&str> = v.as_mapping().unwrap().keys().filter_map(|k| k.as_str()).collect();
        prop_assert_eq!(keys, ["recommendations"], "{}", written);
    }

    /// `import response`: the draft is a response file that loads with no raw separator,
    /// whatever the past letter's words.
    #[test]
    fn an_imported_response_has_no_raw_separator(lines in prop::collection::vec(hostile_text(), 1..8)) {
        let letter = format!("Dear Sir\n{}\nYours sincerely\nA Commissioner\n", lines.join("\n"));
        let draft = s55::import::response(&letter);
        prop_assert!(!draft.yaml.contains(SEPARATORS));
        prop_assert!(serde_yaml::from_str::<serde_yaml::Value>(&draft.yaml).is_ok(), "{}", draft.yaml);
    }
}

/// The corpora of the form reader's and the YAML editor's fuzzers, replayed: every input
/// they kept reads or is refused without a panic, and every edit reads back as written.
#[test]
fn the_form_and_editor_fuzz_corpora_run_as_a_test() {
    let mut written = 0;
    let mut count = 0;
    for target in ["form_reader", "yaml_editor"] {
        let dir = root().join("fuzz/corpus").join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            if target == "form_reader" {
                s55::harness::form(&bytes);
            } else {
                written += usize::from(s55::harness::edit(&bytes));
            }
            count += 1;
        }
    }
    assert!(count >= 6, "{count} corpus inputs replayed");
    assert!(written >= 3, "{written} edits written");
}
