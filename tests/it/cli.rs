//! The command line, run as users run it.

use crate::support::{TempDir, root, s55};

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

#[test]
fn render_writes_one_file_per_format_named_after_the_input() {
    let tmp = TempDir::new("render");
    let out = tmp.path().join("public");
    let run = s55(
        tmp.path(),
        &[
            "render",
            &example("full.yaml"),
            &example("mopac-thematic-statement.yaml"),
            "--out",
            "public",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "full.html",
            "full.md",
            "full.pdf",
            "mopac-thematic-statement.html",
            "mopac-thematic-statement.md",
            "mopac-thematic-statement.pdf"
        ]
    );
    assert!(
        run.stderr
            .ends_with("rendered 6 files of 2 responses into public\n"),
        "{}",
        run.stderr
    );
    let html = std::fs::read_to_string(out.join("full.html")).unwrap();
    assert!(
        html.contains("<a href=\"full.md\">Markdown<span class=\"size\">, 5 KB</span></a>"),
        "the page links to the Markdown"
    );
    assert!(
        html.contains("<a href=\"full.pdf\">PDF<span class=\"size\">, ")
            && html.contains(" KB</span></a>"),
        "and to the PDF, with its size"
    );
    assert!(
        std::fs::read(out.join("full.pdf"))
            .unwrap()
            .starts_with(b"%PDF-1.7")
    );
}

#[test]
fn render_formats_and_fragment() {
    let tmp = TempDir::new("fragment");
    let run = s55(
        tmp.path(),
        &[
            "render",
            &example("full.yaml"),
            "--format",
            "html",
            "--fragment",
            "--quiet",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let html = std::fs::read_to_string(tmp.path().join("full.html")).unwrap();
    assert!(
        html.starts_with("<article class=\"s55-letter\" lang=\"en-GB\">\n<h1"),
        "{html}"
    );
    assert!(!html.contains("<html"));
    assert!(!tmp.path().join("full.md").exists());
}

#[test]
fn a_response_with_errors_writes_nothing_and_keeps_the_old_output() {
    let tmp = TempDir::new("errors");
    let bad = root().join("tests/fixtures/invalid/duplicate-numbers.yaml");
    std::fs::copy(&bad, tmp.path().join("letter.yaml")).unwrap();
    std::fs::write(tmp.path().join("letter.md"), "the previous good version").unwrap();
    let run = s55(
        tmp.path(),
        &["render", "letter.yaml", &example("full.yaml")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: two of the recommendations are numbered 3"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("letter.md")).unwrap(),
        "the previous good version"
    );
    assert!(!tmp.path().join("letter.html").exists());
    assert!(
        tmp.path().join("full.html").exists(),
        "the good response is still rendered"
    );
}

#[test]
fn two_inputs_with_one_name_are_refused_before_anything_is_written() {
    let tmp = TempDir::new("clash");
    std::fs::create_dir(tmp.path().join("a")).unwrap();
    std::fs::copy(
        root().join("examples/full.yaml"),
        tmp.path().join("a/full.yaml"),
    )
    .unwrap();
    let run = s55(
        tmp.path(),
        &[
            "render",
            &example("full.yaml"),
            "a/full.yaml",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("would both be written as `full.*`"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn an_office_overrides_one_template_and_one_phrase() {
    let tmp = TempDir::new("override");
    let t = tmp.path().join("office");
    std::fs::create_dir_all(t.join("locales")).unwrap();
    std::fs::write(
        t.join("locales/en.yaml"),
        "labels:\n  timescale: Time frame\n",
    )
    .unwrap();
    std::fs::write(
        t.join("fragment.html.tera"),
        "<article class=\"midshire\">{{ body_html }}</article>\n",
    )
    .unwrap();
    let run = s55(
        tmp.path(),
        &["render", &example("full.yaml"), "--templates", "office"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(tmp.path().join("full.md")).unwrap();
    assert!(md.contains("* **Time frame:** by 31 March 2026"), "{md}");
    assert!(
        md.contains("\n#### Response\n"),
        "the rest of the locale stays"
    );
    let html = std::fs::read_to_string(tmp.path().join("full.html")).unwrap();
    assert!(
        html.contains("<article class=\"midshire\"><h1"),
        "the office's fragment is used"
    );
    assert!(
        html.contains("<!DOCTYPE html>"),
        "the built-in page still wraps it"
    );
}

#[test]
fn a_broken_template_is_an_operational_error_naming_the_file() {
    let tmp = TempDir::new("broken");
    std::fs::create_dir(tmp.path().join("office")).unwrap();
    std::fs::write(tmp.path().join("office/letter.md.tera"), "# {{ title ").unwrap();
    let run = s55(
        tmp.path(),
        &["render", &example("full.yaml"), "--templates", "office"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: the template `office/letter.md.tera` does not compile"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("full.md").exists());
}

#[test]
fn new_prints_a_response_that_checks_once_filled() {
    let tmp = TempDir::new("new");
    let run = s55(
        tmp.path(),
        &[
            "new",
            "--force-name",
            "Gwent Police",
            "--area",
            "Gwent",
            "--report",
            "PEEL 2025",
            "--report-kind",
            "peel",
            "--published",
            "2026-03-12",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("published: 2026-03-12   # day 1 of the 56 days; the last day is 2026-05-06"),
        "{}",
        run.stdout
    );
    for kind in [
        "comments",
        "recommendations",
        "chief-officer-comments",
        "response",
        "publication",
    ] {
        assert!(
            run.stdout.contains(&format!("  - kind: {kind}\n")),
            "{kind}"
        );
    }
    std::fs::write(tmp.path().join("new.yaml"), &run.stdout).unwrap();
    let check = s55(tmp.path(), &["check", "new.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("warning: a placeholder is still to be filled in"),
        "{}",
        check.stderr
    );
    // Once published and sent on, the copies are recorded.
    let filled = run
        .stdout
        .replace("TODO: ", "")
        .replace("https://TODO", "https://www.gwent.pcc.police.uk")
        .replace("TODO", "x")
        .replace("# date: YYYY-MM-DD", "date: 2026-05-01")
        .replace("# copies:", "copies:")
        .replace("#   hmicfrs: YYYY-MM-DD", "  hmicfrs: 2026-05-01")
        .replace(
            "#   home_secretary: YYYY-MM-DD",
            "  home_secretary: 2026-05-01",
        );
    std::fs::write(tmp.path().join("filled.yaml"), filled).unwrap();
    let check = s55(tmp.path(), &["check", "--deny-warnings", "filled.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn new_without_a_date_asks_for_one() {
    let tmp = TempDir::new("new-undated");
    let run = s55(tmp.path(), &["new"]);
    std::fs::write(tmp.path().join("new.yaml"), &run.stdout).unwrap();
    // A draft: the date is one placeholder among the rest, each a warning to fill in.
    let check = s55(tmp.path(), &["check", "new.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("warning: a placeholder is still to be filled in\n  --> new.yaml:36:15\n"),
        "{}",
        check.stderr
    );
}

#[test]
fn version_and_help() {
    let tmp = TempDir::new("version");
    let run = s55(tmp.path(), &["--version"]);
    // The commit the binary was built from, as build.rs found it ("unknown" outside git).
    let commit = env!("S55_COMMIT");
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{commit}"
    );
    assert_eq!(
        run.stdout,
        format!("s55 {} ({commit})\n", env!("CARGO_PKG_VERSION"))
    );
    for cmd in ["check", "render", "new"] {
        let run = s55(tmp.path(), &[cmd, "--help"]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("Examples:"), "{cmd}");
    }
    let run = s55(tmp.path(), &["--help"]);
    assert!(run.stdout.contains("Exit codes:"));
}
