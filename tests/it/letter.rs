//! The letter as a letter: greeting, leave-taking and signature; what each finding publishes;
//! the attribution under the chief officer's comments.

use crate::support::{TempDir, render};

/// A short response, with `extra` fields added at the top level.
fn response(form: &str, extra: &str) -> String {
    format!(
        "form: {form}
date: 2025-11-20
body: {{kind: pcc, area: Midshire}}
commissioner: {{name: Alex Morgan, title: Police and Crime Commissioner}}
chief_officer: {{name: Sam Okafor, title: Chief Constable}}
force: Midshire Police
report:
  title: An inspection of Midshire Police
  kind: peel
  published: 2025-10-01
{extra}
sections:
  - kind: comments
    text: I welcome the report.
  - kind: chief-officer-comments
    text: We accept it.
  - kind: response
    text: I am reassured.
  - kind: recommendations
  - kind: publication
recommendations:
  - text: Improve the response to calls.
    timescale: within three months
    status: in progress
    owner: Head of Performance
    response: The force has a plan.
"
    )
}

/// Renders `yaml` (with `settings` as the folder's s55.yaml, when given): (Markdown, HTML).
fn rendered(name: &str, yaml: &str, settings: Option<&str>) -> (String, String) {
    let dir = TempDir::new(name);
    if let Some(s) = settings {
        std::fs::write(dir.path().join("s55.yaml"), s).unwrap();
    }
    let file = dir.path().join("response.yaml");
    std::fs::write(&file, yaml).unwrap();
    render(&file)
}

#[test]
fn a_letter_that_greets_has_salutation_valediction_and_signature_of_its_own() {
    let (md, html) = rendered("greets", &response("letter", "greetings: true"), None);
    assert!(
        md.contains("\n\nDear Home Secretary\n\nAs the Police and Crime Commissioner"),
        "{md}"
    );
    assert!(
        md.contains("\n\nYours sincerely\n\nAlex Morgan\\\nPolice and Crime Commissioner\\\n20 November 2025\n"),
        "{md}"
    );
    assert!(html.contains("<p>Dear Home Secretary</p>"), "{html}");
    assert!(
        html.contains(
            "<p class=\"valediction\">Yours sincerely</p>\n<p class=\"signature\">Alex Morgan<br />"
        ),
        "{html}"
    );
}

#[test]
fn a_response_may_word_its_own_greeting_and_a_statement_has_none() {
    let own =
        "salutation: Dear Home Secretary and HM Chief Inspector\nvalediction: Yours faithfully";
    let (md, _) = rendered("own-greeting", &response("letter", own), None);
    assert!(
        md.contains("\n\nDear Home Secretary and HM Chief Inspector\n\n"),
        "{md}"
    );
    assert!(
        md.contains("\n\nYours faithfully\n\nAlex Morgan\\\n"),
        "{md}"
    );
    let (md, _) = rendered("statement", &response("statement", "greetings: true"), None);
    assert!(!md.contains("Dear "), "{md}");
    assert!(!md.contains("Yours sincerely"), "{md}");
}

#[test]
fn a_letter_greets_only_when_the_office_says() {
    let (md, _) = rendered("no-greeting", &response("letter", ""), None);
    assert!(!md.contains("Dear Home Secretary"), "{md}");
    assert!(!md.contains("Yours sincerely"), "{md}");
    let office = "office:\n  greetings: true\n";
    let (md, _) = rendered("office-greets", &response("letter", ""), Some(office));
    assert!(md.contains("\n\nDear Home Secretary\n\n"), "{md}");
}

#[test]
fn the_signature_may_leave_out_the_title() {
    let sig = "signature: {titled: false}";
    let (md, _) = rendered("untitled", &response("letter", sig), None);
    assert!(md.contains("\n\nAlex Morgan\\\n20 November 2025\n"), "{md}");
    assert!(
        !md.contains("Alex Morgan\\\nPolice and Crime Commissioner"),
        "{md}"
    );
}

#[test]
fn status_and_owner_are_published_only_where_the_office_says() {
    let (md, _) = rendered("private-tracking", &response("letter", ""), None);
    assert!(md.contains("* **Timescale:** within three months"), "{md}");
    assert!(md.contains("The force has a plan."), "{md}");
    assert!(!md.contains("Status"), "{md}");
    assert!(!md.contains("Head of Performance"), "{md}");
    let all = "published_fields: [timescale, status, owner, response]\n";
    let (md, _) = rendered("public-tracking", &response("letter", ""), Some(all));
    assert!(md.contains("* **Status:** In progress\n"), "{md}");
    assert!(md.contains("* **Owner:** Head of Performance\n"), "{md}");
    let none = "published_fields: [response]\n";
    let (md, _) = rendered("response-only", &response("letter", ""), Some(none));
    assert!(!md.contains("Timescale"), "{md}");
    assert!(md.contains("The force has a plan."), "{md}");
}

#[test]
fn only_the_attribution_is_styled_as_one() {
    let (_, html) = rendered("attribution", &response("letter", ""), None);
    assert!(
        html.contains("</blockquote>\n<p class=\"attribution\">— Sam Okafor, Chief Constable</p>"),
        "{html}"
    );
    assert!(!html.contains("blockquote + p"), "{html}");
    assert!(html.contains(".attribution {"), "{html}");
    // The body's response to the comments follows under its own heading, unstyled.
    assert!(html.contains("<p>I am reassured.</p>"), "{html}");
}

#[test]
fn markdown_for_a_cms_has_no_needless_escapes_or_bracketed_links() {
    let tmp = TempDir::new("cms-markdown");
    let run = crate::support::s55(
        tmp.path(),
        &[
            "render",
            &crate::support::root()
                .join("examples/northshire/peel-2025.yaml")
                .display()
                .to_string(),
            "--format",
            "md",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(tmp.path().join("peel-2025.md")).unwrap();
    assert!(!md.contains("\\&"), "{md}");
    assert!(!md.contains("](<"), "{md}");
    assert!(
        md.contains("(https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-2025-northshire/), published 4 December 2025"),
        "{md}"
    );
    assert!(md.contains("Fire & Rescue"), "{md}");
}

#[test]
fn a_fragment_without_its_title_leaves_the_h1_to_the_cms_page() {
    let tmp = TempDir::new("untitled-fragment");
    let file = crate::support::root().join("examples/full.yaml");
    let file = file.display().to_string();
    let run = crate::support::s55(
        tmp.path(),
        &[
            "render",
            &file,
            "--format",
            "html",
            "--fragment",
            "--no-title",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(tmp.path().join("full.html")).unwrap();
    assert!(
        html.starts_with(
            "<article class=\"s55-letter\" lang=\"en-GB\">\n<p><strong>From:</strong>"
        ),
        "{html}"
    );
    assert!(!html.contains("<h1"), "{html}");
    // Without --fragment the flag is refused: a whole page always has its title.
    let run = crate::support::s55(tmp.path(), &["render", &file, "--no-title", "-q"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn bilingual_markdown_for_a_cms_has_no_language_comments() {
    let tmp = TempDir::new("cms-bilingual");
    let file = crate::support::root().join("examples/bilingual-teifi-valley.yaml");
    let run = crate::support::s55(
        tmp.path(),
        &[
            "render",
            &file.display().to_string(),
            "--format",
            "md",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(tmp.path().join("bilingual-teifi-valley.md")).unwrap();
    assert!(!md.contains("<!-- s55:lang"), "{md}");
    assert!(!md.contains("\n\n\n"), "{md}");
    assert!(md.contains("Ymateb"), "{md}");
}

#[test]
fn each_half_of_the_bilingual_title_is_in_its_own_language() {
    let tmp = TempDir::new("bilingual-title");
    let file = crate::support::root().join("examples/bilingual-teifi-valley.yaml");
    let run = crate::support::s55(
        tmp.path(),
        &[
            "render",
            &file.display().to_string(),
            "--format",
            "html",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(tmp.path().join("bilingual-teifi-valley.html")).unwrap();
    let h1 = &html[html.find("<h1").unwrap()..html.find("</h1>").unwrap()];
    assert!(
        h1.contains("\"><span lang=\"cy\">Ymateb i adroddiad HMICFRS ‘Arolygiad PEEL 2025 – Heddlu Dyffryn Teifi’</span> / <span lang=\"en-GB\">"),
        "{h1}"
    );
    assert!(h1.ends_with("</span>"), "{h1}");
}
