//! Compliance and tracking: timescales and due dates, the office's statuses, copies, the
//! tracker table and `s55 status`.

use std::path::Path;

use crate::support::{TempDir, root, s55};

#[test]
fn the_seed_recommendations_have_their_timescales_and_due_dates() {
    let checked = s55::check_file(&root().join("examples/warwickshire-child-protection-2022.yaml"));
    let editions = checked.loaded.editions.unwrap();
    let doc = editions.first();
    let english = s55::render::Assets::builtin().unwrap().en;
    let published = doc.report.published.0;
    let got: Vec<(String, String)> = doc
        .recommendations
        .iter()
        .map(|f| {
            let read = s55::timescale::of(f).expect("a timescale");
            assert!(read.from_text, "the seed gives them in the text");
            (
                s55::render::view::timescale_text(read.timescale, &english),
                read.timescale.due(published).unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("immediately", "2022-08-05"),
        ("three months", "2022-11-05"),
        ("immediately", "2022-08-05"),
        ("three months", "2022-11-05"),
        ("immediately", "2022-08-05"),
        ("six months", "2023-02-05"),
        ("immediately", "2022-08-05"),
        ("six months", "2023-02-05"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn check_verbose_says_where_each_timescale_was_read() {
    let dir = root().join("examples");
    let quiet = s55(&dir, &["check", "warwickshire-child-protection-2022.yaml"]);
    assert!(!quiet.stderr.contains("note:"), "notes only when asked");
    let run = s55(
        &dir,
        &[
            "check",
            "--verbose",
            "warwickshire-child-protection-2022.yaml",
        ],
    );
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains(
        "note: recommendation 2: timescale `within three months` read from its text, due 2022-11-05\n   --> warwickshire-child-protection-2022.yaml:151:25"
    ), "{}", run.stderr);
    assert_eq!(run.stderr.matches("note: recommendation").count(), 8);
    let full = s55(&dir, &["check", "--verbose", "full.yaml"]);
    assert!(
        full.stderr
            .contains("note: recommendation 1: timescale `by 31 March 2026`, due 2026-03-31"),
        "{}",
        full.stderr
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn statuses_come_from_the_office_settings() {
    let tmp = TempDir::new("statuses");
    let full = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    write(tmp.path(), "r.yaml", &full);
    // The defaults know "in progress" and "completed".
    assert_eq!(s55(tmp.path(), &["check", "r.yaml"]).code, 0);
    // An office that tracks in its own words: the file's statuses are now unknown.
    write(
        tmp.path(),
        "s55.yaml",
        "statuses:\n  - name: open\n  - name: closed\n    closed: true\n",
    );
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: unknown status `in progress`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "= help: the statuses allowed are `open`, `closed`; an office lists its own in s55.yaml"
        ),
        "{}",
        run.stderr
    );
    // A typo of one of them is caught with a suggestion.
    write(
        tmp.path(),
        "s55.yaml",
        "statuses:\n  - name: in progres\n  - name: completed\n    closed: true\n",
    );
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert!(
        run.stderr.contains("did you mean `in progres`?"),
        "{}",
        run.stderr
    );
    // A broken settings file is reported against itself.
    write(tmp.path(), "s55.yaml", "statuses: [name: x]\ncolour: red\n");
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("s55.yaml:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `colour`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_timescale_and_missing_copies_are_warned_about() {
    let tmp = TempDir::new("timescale-copies");
    let full = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let text = full
        .replace("timescale: within six months", "timescale: in 3 months")
        .replace("  home_secretary: 2025-11-20\n", "");
    write(tmp.path(), "r.yaml", &text);
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 0, "warnings only");
    assert!(
        run.stderr
            .contains("warning: unknown timescale `in 3 months`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: write `immediately`, `within N days`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: no copy of the response is recorded as sent to the Home Secretary"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_tracker_table_is_in_every_format() {
    let tmp = TempDir::new("tracker");
    let seed = root()
        .join("examples/warwickshire-child-protection-2022.yaml")
        .display()
        .to_string();
    let run = s55(tmp.path(), &["render", &seed, "--tracker", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md =
        std::fs::read_to_string(tmp.path().join("warwickshire-child-protection-2022.md")).unwrap();
    assert!(md.contains("## Appendix: recommendations tracker\n\n| No. | Recommendation | Timescale | Due | Status | Owner | Response |"));
    assert!(md.contains("| 2 | We recommend that within three months Warwickshire Police acts to make sure that… | three months | 5 November 2022 | – | – | – |"), "{md}");
    assert_eq!(
        md.matches("\n| ").count(),
        2 + 8,
        "header, rule and eight rows"
    );
    let html = std::fs::read_to_string(tmp.path().join("warwickshire-child-protection-2022.html"))
        .unwrap();
    assert!(
        html.contains("<td>six months</td><td>5 February 2023</td>"),
        "{html}"
    );
    let pdf = std::fs::read(tmp.path().join("warwickshire-child-protection-2022.pdf")).unwrap();
    let text = crate::pdf::pdf_text(&pdf);
    assert!(text.contains("Appendix: recommendations tracker"), "{text}");
    // Cells wrap in the PDF's narrower columns: look for the words, not the lines.
    for words in ["six months", "5 February", "three months", "5 November"] {
        assert!(text.contains(words), "{words} in:\n{text}");
    }
    // Off unless asked.
    let plain = TempDir::new("no-tracker");
    s55(plain.path(), &["render", &seed, "--format", "md", "-q"]);
    let md = std::fs::read_to_string(plain.path().join("warwickshire-child-protection-2022.md"))
        .unwrap();
    assert!(!md.contains("tracker"));
}

fn status(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["status", "tests/fixtures/status", "--today", "2026-02-01"];
    all.extend_from_slice(args);
    s55(&root(), &all)
}

#[test]
fn the_status_view_as_a_table_json_and_csv() {
    let table = status(&[]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.lines().all(|l| l.chars().count() <= 100));
    insta::assert_snapshot!("status-table", table.stdout);
    let json = status(&["--json"]);
    insta::assert_snapshot!("status-json", json.stdout);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rows = parsed["responses"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let late = rows.iter().find(|r| r["force"] == "Dorset Police").unwrap();
    assert_eq!(
        late["timing"],
        serde_json::json!({"state": "late", "days": 23})
    );
    let pending = rows.iter().find(|r| r["force"] == "Gwent Police").unwrap();
    assert_eq!(
        pending["timing"],
        serde_json::json!({"state": "days-left", "days": 44})
    );
    let csv = status(&["--csv"]);
    insta::assert_snapshot!("status-csv", csv.stdout);
    assert_eq!(csv.stdout.lines().count(), 6);
}

#[test]
fn strict_status_fails_when_a_duty_is_broken() {
    assert_eq!(status(&["--strict"]).code, 1);
    assert_eq!(status(&[]).code, 0, "without --strict it only reports");
    let tmp = TempDir::new("strict-ok");
    let dir = root().join("tests/fixtures/status");
    std::fs::copy(dir.join("complete.yaml"), tmp.path().join("complete.yaml")).unwrap();
    std::fs::copy(dir.join("s55.yaml"), tmp.path().join("s55.yaml")).unwrap();
    let run = s55(
        tmp.path(),
        &["status", ".", "--today", "2026-02-01", "--strict"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn the_status_page_is_written() {
    let tmp = TempDir::new("status-html");
    let out = tmp.path().join("status.html");
    let run = status(&["--html", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(
        html.contains("<td class=\"late\">overdue by 68 days</td>"),
        "{html}"
    );
    assert!(
        html.contains("<li>s.55(5A): published 23 days after the last day</li>"),
        "{html}"
    );
}

/// The statutory position is worked out once: `check`, `status`, the letter and the archive's
/// `responses.json` say the same about every example and fixture.
#[test]
fn check_status_the_letter_and_the_archive_agree_on_every_response() {
    let mut seen = 0;
    for folder in [
        "examples",
        "tests/fixtures/valid",
        "tests/fixtures/status",
        "responses",
    ] {
        seen += agree_in(&root().join(folder));
    }
    assert!(seen >= 12, "{seen} responses");
}

/// Checks every response of a folder (with its settings) in the four places; returns how many.
fn agree_in(folder: &Path) -> usize {
    use s55::statute::Timing;
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
    let english = renderer.assets().en.clone();
    let tmp = TempDir::new("agree");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    if folder.join("s55.yaml").is_file() {
        std::fs::copy(folder.join("s55.yaml"), dir.join("s55.yaml")).unwrap();
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml") && !p.ends_with("s55.yaml"))
        .collect();
    files.sort();
    let mut expected = Vec::new();
    let mut seen = 0;
    for path in &files {
        let checked = s55::check_file(path);
        let Some(editions) = &checked.loaded.editions else {
            continue;
        };
        seen += 1;
        let doc = editions.english();
        let settings = &checked.settings;
        let st = s55::statute::standing(doc, settings, None);
        // The letter.
        let view = s55::render::view::build(doc, renderer.assets().locale(doc.language), settings);
        assert_eq!(
            view.deadline.days_late,
            st.timing.days_late().unwrap_or(0),
            "{path:?}"
        );
        assert_eq!(view.deadline.last_day_iso, st.last_day.to_string());
        assert_eq!(view.date_iso, st.date.map(|d| d.to_string()));
        // check.
        let said = |f: &dyn Fn(&str) -> bool| {
            checked
                .loaded
                .diagnostics
                .iter()
                .filter(|d| f(&d.message))
                .count()
        };
        let late = said(&|m| m.contains("after the last day for publication"));
        assert_eq!(late == 1, matches!(st.timing, Timing::Late(_)), "{path:?}");
        let unanswered = said(&|m| {
            m.starts_with("recommendation ")
                && (m.contains("no response") || m.contains("says no more"))
        });
        assert_eq!(
            unanswered,
            st.owed.iter().filter(|o| !o.explained).count(),
            "{path:?}"
        );
        // status, on a day long after every window.
        let today = jiff::civil::date(2099, 1, 1);
        let row = s55::status::row("r.yaml", doc, settings, today, &english);
        assert_eq!(row.last_day, st.last_day.to_string());
        assert_eq!(row.recommendations, st.recommendations);
        match st.timing {
            Timing::Undated => assert!(matches!(row.timing, Timing::Overdue(_))),
            t => assert_eq!(row.timing, t, "{path:?}"),
        }
        // The archive, below: finals only, as drafts are not published.
        std::fs::copy(path, dir.join(path.file_name().unwrap())).unwrap();
        if editions.first().draft {
            continue;
        }
        expected.push((
            doc.report.title.clone(),
            st.timing.days_late(),
            st.recommendations.answered,
        ));
    }
    let run = s55(tmp.path(), &["build", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("public/responses.json")).unwrap())
            .unwrap();
    let listed = json["responses"].as_array().unwrap();
    assert_eq!(listed.len(), expected.len());
    // Titles can repeat (a fixture is a copy of an example): compare the lists as wholes.
    let mut got: Vec<(String, Option<i64>, usize)> = listed
        .iter()
        .map(|r| {
            (
                r["report"]["title"].as_str().unwrap_or_default().to_owned(),
                r["days_late"].as_i64(),
                r["recommendations"]["answered"].as_u64().unwrap_or(0) as usize,
            )
        })
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{folder:?}");
    seen
}

#[test]
fn strict_status_fails_a_published_response_without_the_chief_officers_comments() {
    let tmp = TempDir::new("strict-chief-officer");
    let dir = root().join("tests/fixtures/status");
    let complete = std::fs::read_to_string(dir.join("complete.yaml")).unwrap();
    let without = complete.replace(
        "  - {kind: chief-officer-comments, text: \"The chief constable's comments.\"}\n",
        "",
    );
    assert_ne!(without, complete);
    std::fs::write(tmp.path().join("complete.yaml"), without).unwrap();
    std::fs::copy(dir.join("s55.yaml"), tmp.path().join("s55.yaml")).unwrap();
    let run = s55(
        tmp.path(),
        &["status", ".", "--today", "2026-02-01", "--strict", "--json"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = &json["responses"][0];
    assert_eq!(
        row["duties_broken"],
        serde_json::json!(["s.55(5)(b): no comments from the chief officer published"]),
        "{row}"
    );
    // The check's warning says the same, and what to do.
    let check = s55(tmp.path(), &["check", "complete.yaml"]);
    assert!(
        check
            .stderr
            .contains("warning: the response has no comments from the chief officer"),
        "{}",
        check.stderr
    );
}
