//! The life of a response in the archive: a draft is not published, a final one is checked
//! strictly, a published letter stays what was signed unless a correction says otherwise,
//! and progress recorded beside it changes no byte of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use mail_parser::MimeHeaders as _;

use crate::support::{Run, TempDir, root, s55};

const FILE: &str = "responses/london/mopac.yaml";

/// A responses folder holding the MOPAC statement, as written or changed by `edit`.
fn office(tmp: &TempDir, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = tmp.path().join("responses/london");
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml")).unwrap();
    let path = dir.join("mopac.yaml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

/// Changes the file at `path` by `f`.
fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

/// An edit to the signed letter: recommendation 3's status, as signed, changed.
fn status_changed(text: String) -> String {
    text.replace("status: not started", "status: completed")
}

/// The same edit, with the correction that records it.
fn corrected(text: String) -> String {
    status_changed(text).replace(
        "\nsignature:",
        "\ncorrections:\n  - date: 2026-03-03\n    note: The status of recommendation 3 was wrong.\n\nsignature:",
    )
}

fn build(tmp: &TempDir, extra: &[&str]) -> Run {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    s55(tmp.path(), &args)
}

/// Every file below `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The letter's files in the output: the response's folder but its progress page.
fn letter_files(tmp: &TempDir) -> BTreeMap<String, Vec<u8>> {
    let mut files = tree(&tmp.path().join("public/responses"));
    // Not the signed original a correction keeps beside the letter (tests/it/seal.rs).
    files.retain(|k, _| !k.ends_with("progress.html") && !k.contains(".as-signed/"));
    files
}

fn page(tmp: &TempDir) -> String {
    let files = letter_files(tmp);
    let (_, html) = files
        .iter()
        .find(|(k, _)| k.ends_with("index.html"))
        .expect("a published page");
    String::from_utf8(html.clone()).unwrap()
}

fn pdf_text(tmp: &TempDir) -> String {
    let files = letter_files(tmp);
    let name = files.keys().find(|k| k.ends_with(".pdf")).expect("a PDF");
    let out = Command::new("pdftotext")
        .arg(tmp.path().join("public/responses").join(name))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(tmp: &TempDir, rel: &str) -> String {
    std::fs::read_to_string(tmp.path().join(rel)).unwrap()
}

#[test]
fn a_draft_is_not_published_unless_asked_and_never_in_the_feeds() {
    let tmp = TempDir::new("record-draft");
    office(&tmp, |t| format!("draft: true\n{t}"));
    let run = build(&tmp, &["--base-url", "https://example.org"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "1 draft not published (`draft: true`); `s55 build --drafts` publishes them for a preview"
        ),
        "{}",
        run.stderr
    );
    assert!(letter_files(&tmp).is_empty());
    assert!(!read(&tmp, "public/index.html").contains("handle complaints"));

    let run = build(&tmp, &["--drafts", "--base-url", "https://example.org"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&tmp);
    assert!(
        html.contains("<strong>Draft:</strong> not yet signed or published"),
        "{html}"
    );
    assert!(pdf_text(&tmp).contains("Draft: not yet signed or published"));
    for feed in [
        "public/responses.json",
        "public/feed.xml",
        "public/sitemap.xml",
    ] {
        assert!(!read(&tmp, feed).contains("handle complaints"), "{feed}");
        assert!(
            !read(&tmp, feed).contains("responses/metropolitan"),
            "{feed}"
        );
    }

    // Without --drafts again, the draft's files go.
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(letter_files(&tmp).is_empty());
}

#[test]
fn a_scaffold_is_a_draft_and_a_final_with_a_todo_is_an_error() {
    let tmp = TempDir::new("record-todo");
    std::fs::create_dir_all(tmp.path().join("responses")).unwrap();
    let new = s55(
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
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(new.stdout.contains("\ndraft: true\n"));
    std::fs::write(tmp.path().join("responses/x.yaml"), &new.stdout).unwrap();
    // Issue 16: the scaffold is not published with its placeholders.
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(letter_files(&tmp).is_empty());
    assert!(!read(&tmp, "public/index.html").contains("TODO"));
    // A pipeline can refuse the warnings.
    let run = build(&tmp, &["--drafts", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("with --deny-warnings: exit 1"),
        "{}",
        run.stderr
    );

    let final_ = new.stdout.replace("\ndraft: true\n", "\n");
    std::fs::write(tmp.path().join("responses/x.yaml"), final_).unwrap();
    let check = s55(tmp.path(), &["check", "responses/x.yaml"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("error: a placeholder is still to be filled in, and the response is final"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains(
            "replace the TODO with the real text, or mark the response `draft: true` until it is ready"
        ),
        "{}",
        check.stderr
    );
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(letter_files(&tmp).is_empty());
}

#[test]
fn an_edit_to_a_published_letter_is_refused_with_the_field_named() {
    let tmp = TempDir::new("record-frozen");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let before = letter_files(&tmp);
    edit(&path, status_changed);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the published letter cannot change: `recommendations[2].status` is not what was signed"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{FILE}:85:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "record the change under `corrections:` (a `date` on or after the letter's, and a `note` saying what changed and why, shown with the letter)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        letter_files(&tmp),
        before,
        "the signed letter stays as published"
    );
}

#[test]
fn a_correction_publishes_with_its_note() {
    let tmp = TempDir::new("record-correction");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    edit(&path, corrected);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&tmp);
    assert!(html.contains(">Corrections</h2>"), "{html}");
    assert!(
        html.contains("Corrected on 3 March 2026: The status of recommendation 3 was wrong."),
        "{html}"
    );
    let text = pdf_text(&tmp);
    assert!(
        text.contains("Corrected on 3 March 2026: The status of recommendation 3"),
        "{text}"
    );
    // The correction is now part of what was published: the same edit builds again unchanged.
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn progress_changes_no_byte_of_the_letter() {
    let tmp = TempDir::new("record-progress");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let before = letter_files(&tmp);
    let status = |tmp: &TempDir| {
        let run = s55(tmp.path(), &["status", "--today", "2026-08-01", "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        v["responses"][0]["overdue_recommendations"].clone()
    };
    assert_eq!(status(&tmp), 1);
    let html = page(&tmp);
    assert!(
        html.contains("<p class=\"progress-link\"><a href=\"progress.html\">Progress on the report’s findings</a></p>"),
        "{html}"
    );

    let text = std::fs::read_to_string(&path).unwrap();
    let progressed = text.replace(
        "    owner: Head of Oversight\n",
        "    owner: Head of Oversight\n    progress:\n      - date: 2026-07-01\n        status: completed\n        note: The first quarter's figures are published.\n        evidence: https://www.london.gov.uk/complaints\n      - date: 2026-04-01\n        status: in progress\n",
    );
    std::fs::write(&path, progressed).unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 rendered, 1 kept"), "{}", run.stderr);
    assert_eq!(
        letter_files(&tmp),
        before,
        "not one byte of the letter changes"
    );
    // The letter still says what was signed: progress is not part of it.
    assert!(!page(&tmp).contains("The first quarter"));

    // The tracker, the progress pages and the data read the progress.
    assert_eq!(status(&tmp), 0);
    let files = tree(&tmp.path().join("public/responses"));
    let (_, progress) = files
        .iter()
        .find(|(k, _)| k.ends_with("progress.html"))
        .expect("a progress page");
    let progress = String::from_utf8(progress.clone()).unwrap();
    assert!(
        progress.contains("<td>Closed on 1 July 2026</td>\n<td>completed (since 1 July 2026)</td>"),
        "{progress}"
    );
    assert!(
        progress.contains("<td><ol><li><time datetime=\"2026-04-01\">1 April 2026</time>: in progress</li><li><time datetime=\"2026-07-01\">1 July 2026</time>: completed. The first quarter&#39;s figures are published. <a href=\"https://www.london.gov.uk/complaints\">Evidence</a></li></ol></td>"),
        "{progress}"
    );
    let force = read(
        &tmp,
        "public/forces/metropolitan-police-service/progress.html",
    );
    assert!(force.contains("<td>Closed on 1 July 2026</td>"), "{force}");

    let json: serde_json::Value =
        serde_json::from_str(&read(&tmp, "public/responses.json")).unwrap();
    let third = &json["responses"][0]["findings"][2];
    assert_eq!(third["number"], "3");
    assert_eq!(third["status"], "completed");
    assert_eq!(third["status_date"], "2026-07-01");
    assert_eq!(third["closed_on"], "2026-07-01");
    assert_eq!(third["due"], "2026-07-08");
    assert_eq!(third["history"][0]["status"], "in progress");
    assert_eq!(third["history"][1]["date"], "2026-07-01");

    let run = s55(tmp.path(), &["export", "findings", "--csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}reference,force,report,report_published,list,number,text,timescale,due,addressed_to,status,status_date,owner,closed_on,closed,kind,under,force_response,response,discharged"
    );
    assert_eq!(
        lines.len(),
        5,
        "a header, three rows and the end: {}",
        run.stdout
    );
    assert!(
        lines[3].contains(
            ",within six months,2026-07-08,,completed,2026-07-01,Head of Oversight,2026-07-01,true,recommendation,,"
        ),
        "{}",
        lines[3]
    );
    assert!(
        lines[3].starts_with("metropolitan-police-service/2026-"),
        "{}",
        lines[3]
    );
    let run = s55(tmp.path(), &["export", "findings", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // The office's own export keeps the owner, which the published data leaves out (the
    // office does not publish owners); otherwise the rows are the same.
    assert_eq!(third["owner"], serde_json::Value::Null);
    assert_eq!(rows[2]["owner"], "Head of Oversight");
    rows[2]["owner"] = serde_json::Value::Null;
    assert_eq!(rows[2], *third);
}

#[test]
fn a_new_stylesheet_keeps_the_signed_letter_and_restyles_the_site() {
    let tmp = TempDir::new("record-restyle");
    office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let words = pdf_text(&tmp);
    let templates = tmp.path().join("office-templates");
    std::fs::create_dir_all(&templates).unwrap();
    let css = std::fs::read_to_string(root().join("templates/style.css")).unwrap();
    std::fs::write(
        templates.join("style.css"),
        format!("{css}\nmain {{ color: #111; }}\n"),
    )
    .unwrap();
    let before = letter_files(&tmp);
    let run = build(&tmp, &["--templates", "office-templates"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The letter is published as sealed; the site's stylesheet, which its page links, is new.
    assert!(run.stderr.contains("0 rendered, 1 kept"), "{}", run.stderr);
    assert_eq!(pdf_text(&tmp), words);
    assert_eq!(letter_files(&tmp), before);
    assert!(read(&tmp, "public/style.css").ends_with("main { color: #111; }\n"));
}

#[test]
fn copies_are_two_emails_carrying_the_published_pdf() {
    let tmp = TempDir::new("record-copies");
    let path = office(&tmp, |t| t);
    std::fs::write(
        tmp.path().join("responses/s55.yaml"),
        "copies:\n  from: office@mopac.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps.homesecretary@homeoffice.example.org\n  site: https://www.example.org/archive/\n",
    )
    .unwrap();
    assert_eq!(build(&tmp, &[]).code, 0);
    let files = letter_files(&tmp);
    let (pdf_name, published) = files
        .iter()
        .find(|(k, _)| k.ends_with(".pdf"))
        .expect("a published PDF");
    let page = pdf_name.trim_end_matches(|c| c != '/');

    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let run = s55(
        tmp.path(),
        &["copies", path.to_str().unwrap(), "--out", "outbox"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let stem = pdf_name
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".pdf");
    assert_eq!(
        names,
        [
            format!("{stem}-hmicfrs.eml"),
            format!("{stem}-home-secretary.eml")
        ]
    );
    for (file, to, name) in [
        (&names[0], "enquiries@hmicfrs.example.org", "HMICFRS"),
        (
            &names[1],
            "ps.homesecretary@homeoffice.example.org",
            "Home Secretary",
        ),
    ] {
        let bytes = std::fs::read(tmp.path().join("outbox").join(file)).unwrap();
        let mail = mail_parser::MessageParser::default()
            .parse(&bytes)
            .expect("the e-mail parses");
        assert_eq!(
            mail.subject(),
            Some(
                "Section 55 response: An inspection of how forces handle complaints from the public"
            )
        );
        let from = mail.from().unwrap().first().unwrap();
        assert_eq!(from.address(), Some("office@mopac.example.org"));
        assert_eq!(from.name(), Some("Mayor’s Office for Policing and Crime"));
        let recipient = mail.to().unwrap().first().unwrap();
        assert_eq!(recipient.address(), Some(to));
        assert_eq!(recipient.name(), Some(name));
        // Dated when it was made, as a mail program dates a draft (tools.rs fixes the time
        // with SOURCE_DATE_EPOCH), not on the letter's day.
        let made = mail.date().unwrap().to_timestamp();
        assert!(
            (started..=started + 600).contains(&made),
            "{made} from {started}"
        );
        let text = mail.body_text(0).unwrap();
        assert!(text.starts_with(&format!("Dear {name},")), "{text}");
        assert!(
            text.contains(&format!(
                "as published: https://www.example.org/archive/responses/{page}"
            )),
            "{text}"
        );
        let attachment = mail.attachments().next().expect("the PDF is attached");
        assert_eq!(
            attachment.attachment_name(),
            Some(format!("{stem}.pdf").as_str())
        );
        assert_eq!(
            attachment.contents(),
            published.as_slice(),
            "the published PDF, byte for byte"
        );
    }

    // A draft is not sent.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("draft: true\n{text}")).unwrap();
    let run = s55(
        tmp.path(),
        &["copies", path.to_str().unwrap(), "--out", "drafts"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "the response is a draft (`draft: true`); copies go once it is signed and published"
        ),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("drafts").exists());
}

#[test]
fn render_marks_a_draft_as_build_does() {
    let tmp = TempDir::new("record-render-draft");
    let path = office(&tmp, |t| format!("draft: true\n{t}"));
    let run = s55(
        tmp.path(),
        &[
            "render",
            path.to_str().unwrap(),
            "--format",
            "md",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = read(&tmp, "out/mopac.md");
    assert!(
        md.starts_with("# Response to the HMICFRS report ‘An inspection of how forces handle complaints from the public’\n\n**Draft:** not yet signed or published\n\n"),
        "{md}"
    );
}

#[test]
fn progress_is_checked_as_the_letter_is() {
    let tmp = TempDir::new("record-progress-check");
    let path = office(&tmp, |t| {
        t.replace(
            "    owner: Head of Oversight\n",
            "    owner: Head of Oversight\n    progress:\n      - date: 2025-12-01\n        status: finished-ish\n        evidence: javascript:alert(1)\n",
        )
    });
    let run = s55(tmp.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for said in [
        "error: progress dated 2025-12-01, before the report was published on 2026-01-08",
        "error: unknown status `finished-ish`",
        "warning: `javascript:alert(1)` is not a web address; it is left out",
    ] {
        assert!(run.stderr.contains(said), "{said}\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("london/mopac.yaml:88:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_final_response_without_a_date_is_an_error_and_not_published() {
    let tmp = TempDir::new("record-undated");
    let path = office(&tmp, |t| t.replace("date: 2026-02-20\n", ""));
    let check = s55(tmp.path(), &["check", FILE]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "error: the response is final but has no date\n  --> responses/london/mopac.yaml\n   = at date\n   = help: add `date:` (the day it was signed and published; section 55(5A) sets the last day as 2026-03-04), or mark the response `draft: true` until it is ready\n"
        ),
        "{}",
        check.stderr
    );
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(letter_files(&tmp).is_empty());

    // A draft may wait for its date: a warning only.
    std::fs::write(
        &path,
        format!("draft: true\n{}", std::fs::read_to_string(&path).unwrap()),
    )
    .unwrap();
    let check = s55(tmp.path(), &["check", FILE]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "warning: the response has no date, so the 56-day deadline cannot be checked"
        ),
        "{}",
        check.stderr
    );

    // An original published without a date is reproduced as it was, saying so.
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "draft: true\n",
        "undated: the published page gives no date\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!page(&tmp).contains("the published page gives no date"));
}

#[test]
fn the_bundled_responses_build_with_the_warnings_the_readme_counts() {
    let tmp = TempDir::new("record-bundled");
    // A copy: a build seals the letters it publishes in the folder of responses.
    let copied = Command::new("cp")
        .arg("-a")
        .arg(root().join("responses"))
        .arg(tmp.path().join("responses"))
        .status()
        .unwrap();
    assert!(copied.success());
    let run = s55(
        tmp.path(),
        &[
            "build",
            "responses",
            "--out",
            tmp.path().join("public").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let warnings = run.stderr.matches("\nwarning: ").count()
        + usize::from(run.stderr.starts_with("warning: "));
    assert!(
        run.stderr.contains(&format!(
            "{warnings} warnings above, which do not stop publishing"
        )),
        "{}",
        run.stderr
    );
    assert!(
        readme.contains(&format!("{warnings} warnings")),
        "the README counts {warnings} warnings for the bundled response"
    );
}

#[test]
fn progress_pages_count_from_the_day_given_and_say_which() {
    let tmp = TempDir::new("record-today");
    office(&tmp, |t| t);
    let progress = |tmp: &TempDir| {
        read(
            tmp,
            "public/forces/metropolitan-police-service/progress.html",
        )
    };
    let run = build(&tmp, &["--today", "2026-08-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let august = progress(&tmp);
    assert!(
        august.contains(
            "<p class=\"as-at\">Open, overdue and closed as at <time datetime=\"2026-08-01\">1 August 2026</time>.</p>"
        ),
        "{august}"
    );
    assert_eq!(
        august.matches("<tr class=\"overdue\">").count(),
        1,
        "{august}"
    );

    // Another day counts differently, and says so.
    let run = build(&tmp, &["--today", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let march = progress(&tmp);
    assert!(march.contains("<time datetime=\"2026-03-01\">1 March 2026</time>"));
    assert_eq!(
        march.matches("<tr class=\"overdue\">").count(),
        0,
        "{march}"
    );

    // The same day from SOURCE_DATE_EPOCH (1 August 2026, 09:00 UTC) gives the same bytes.
    let out = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["build", "-q"])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "1785574800")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(progress(&tmp), august);

    let out = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["build", "-q"])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("`SOURCE_DATE_EPOCH=yesterday` is not a number of seconds since 1970"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_finding_is_exported_causes_of_concern_and_areas_for_improvement_included() {
    let tmp = TempDir::new("record-every-finding");
    let dir = tmp.path().join("responses/northshire");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["peel-2025.yaml", "s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(root().join("examples/northshire").join(f), dir.join(f)).unwrap();
    }
    let run = s55(tmp.path(), &["export", "findings", "--csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}reference,force,report,report_published,list,number,text,timescale,due,addressed_to,status,status_date,owner,closed_on,closed,kind,under,force_response,response,discharged"
    );
    let slug =
        "northshire-police/2025-12-04-peel-2025-police-effectiveness-efficiency-and-legitimacy-an";
    let refs: Vec<&str> = lines[1..lines.len() - 1]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let want: Vec<String> = [
        "cause-of-concern-1",
        "cause-of-concern-1/1.1",
        "cause-of-concern-1/1.2",
        "cause-of-concern-2",
        "cause-of-concern-2/2.1",
        "area-for-improvement-1",
        "area-for-improvement-2",
    ]
    .iter()
    .map(|r| format!("{slug}/{r}"))
    .collect();
    assert_eq!(refs, want);
    assert!(
        // Then the force's and the body's responses.
        lines[2].contains(
            ",causes_of_concern,1.1,\"Within three months, the force should make sure it answers emergency calls within national standards.\",,2026-03-04,,in progress,,Head of Contact Management,,false,recommendation,1,,\"Answer times are reported to my Accountability Board every month.\n\""
        ),
        "{}",
        lines[2]
    );
    assert!(lines[1].contains(",causes_of_concern,1,"), "{}", lines[1]);
    assert!(lines[1].contains(",cause_of_concern,,"), "{}", lines[1]);
    assert!(lines[7].contains(",area_for_improvement,,"), "{}", lines[7]);

    // responses.json carries the same rows.
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&read(&tmp, "public/responses.json")).unwrap();
    let findings = json["responses"][0]["findings"].as_array().unwrap();
    let kinds: Vec<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "cause_of_concern",
            "recommendation",
            "recommendation",
            "cause_of_concern",
            "recommendation",
            "area_for_improvement",
            "area_for_improvement"
        ]
    );
    assert_eq!(findings[4]["under"], "2");
    assert_eq!(findings[4]["list"], "causes_of_concern");
    assert_eq!(findings[5]["list"], "areas_for_improvement");
}

/// The Northshire office: its settings give every response the commissioner's name.
fn northshire(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("responses/northshire");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["peel-2025.yaml", "s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(root().join("examples/northshire").join(f), dir.join(f)).unwrap();
    }
    dir.join("s55.yaml")
}

#[test]
fn a_settings_change_after_publication_leaves_the_signed_letter_and_is_not_refused() {
    let tmp = TempDir::new("record-settings-frozen");
    let settings = northshire(&tmp);
    assert_eq!(build(&tmp, &[]).code, 0);
    let before = letter_files(&tmp);
    let text = std::fs::read_to_string(&settings).unwrap();
    let words = pdf_text(&tmp);
    // The copies' addresses, a new commissioner after an election, the letterhead's e-mail
    // address taken out: the letter keeps its signer and words as signed, and nothing is
    // refused (an election used to be refused for every letter the old commissioner signed).
    for changed in [
        format!(
            "{text}\ncopies:\n  from: office@northshire.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps@homeoffice.example.org\n"
        ),
        text.replace("name: Jordan Hale", "name: Sam Hale"),
        text.replace("    email: enquiries@northshire-pfcc.example.org\n", ""),
    ] {
        std::fs::write(&settings, changed).unwrap();
        let run = build(&tmp, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(pdf_text(&tmp), words);
        assert_eq!(
            letter_files(&tmp),
            before,
            "the signed letter stays as published"
        );
    }
    // A correction (dated on or after the letter) publishes the letter again with the
    // office's settings as they now read: the new name.
    std::fs::write(
        &settings,
        text.replace("name: Jordan Hale", "name: Sam Hale"),
    )
    .unwrap();
    let response = tmp.path().join("responses/northshire/peel-2025.yaml");
    let own = std::fs::read_to_string(&response).unwrap();
    std::fs::write(
        &response,
        format!("corrections:\n  - date: 2026-01-30\n    note: The commissioner's name was misspelt.\n{own}"),
    )
    .unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The output's manifest, as JSON.
fn manifest(tmp: &TempDir) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(tmp.path().join("public/.s55-manifest.json")).unwrap())
        .unwrap()
}

/// The names of the records in the output.
fn records(tmp: &TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("public/.s55/records"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_manifest_from_before_records_keeps_the_letters_it_remembers() {
    let tmp = TempDir::new("record-legacy-manifest");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let before = letter_files(&tmp);
    let now = manifest(&tmp);
    // The manifest as versions before records wrote it: each line holding its record.
    let public = tmp.path().join("public");
    let mut legacy = now.clone();
    for line in legacy["responses"].as_object_mut().unwrap().values_mut() {
        let hash = line["record"].as_str().unwrap().to_owned();
        let record: serde_json::Value = serde_json::from_slice(
            &std::fs::read(public.join(format!(".s55/records/{hash}.json"))).unwrap(),
        )
        .unwrap();
        let line = line.as_object_mut().unwrap();
        for k in [
            "record",
            "draft",
            "force",
            "report_published",
            "response_date",
        ] {
            line.remove(k);
        }
        line.extend(record.as_object().unwrap().clone());
    }
    std::fs::write(
        public.join(".s55-manifest.json"),
        serde_json::to_vec_pretty(&legacy).unwrap(),
    )
    .unwrap();
    std::fs::remove_dir_all(public.join(".s55/records")).unwrap();
    // Read as it was: nothing renders again, and the manifest is as this version writes it.
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("0 rendered, 1 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(manifest(&tmp), now);
    assert_eq!(letter_files(&tmp), before);
    // The letter it remembers is still the signed one: an edit is refused.
    edit(&path, status_changed);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the published letter cannot change: `recommendations[2].status` is not what was signed"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(letter_files(&tmp), before);
}

#[test]
fn a_published_letter_whose_record_is_gone_is_published_again_from_its_seal() {
    let tmp = TempDir::new("record-gone");
    office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let before = letter_files(&tmp);
    let [record] = &records(&tmp)[..] else {
        panic!("one record: {:?}", records(&tmp))
    };
    std::fs::remove_file(tmp.path().join("public/.s55/records").join(record)).unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("built 1 response into public: 0 rendered, 1 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(letter_files(&tmp), before);
    assert_eq!(records(&tmp).len(), 1);
}

#[test]
fn a_corrected_letter_leaves_one_record_and_a_removed_response_none() {
    let tmp = TempDir::new("record-sweep");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let first = records(&tmp);
    assert_eq!(first.len(), 1);
    // A correction: a new letter, so a new record, and the last one's letter and record go.
    edit(&path, corrected);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let letters = || {
        std::fs::read_dir(tmp.path().join("public/.s55/letters"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    assert_eq!(letters(), 1);
    let second = records(&tmp);
    assert_eq!(second.len(), 1);
    assert_ne!(first, second);
    let line = &manifest(&tmp)["responses"]["london/mopac.yaml"];
    assert_eq!(
        line["record"].as_str().unwrap(),
        second[0].trim_end_matches(".json")
    );
    // A record left by a build stopped midway, and the response removed: none remain.
    std::fs::write(
        tmp.path()
            .join("public/.s55/records/0123456789abcdef0123456789abcdef.json"),
        "{}",
    )
    .unwrap();
    // Withdrawn on purpose: the file and its seal removed.
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_dir_all(tmp.path().join("responses/.sealed")).unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("0 rendered, 0 kept, 1 removed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(records(&tmp), Vec::<String>::new());
    assert!(
        letter_files(&tmp).is_empty(),
        "{:?}",
        letter_files(&tmp).keys()
    );
    let letters = std::fs::read_dir(tmp.path().join("public/.s55/letters"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(letters, 0, "the letter's fields go with it");
}

#[test]
fn a_published_letter_marked_draft_again_stays_as_signed_with_drafts_too() {
    let tmp = TempDir::new("record-draft-again");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let before = letter_files(&tmp);
    // Marked a draft, and its words changed: a preview build does not publish it over the
    // signed letter.
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "Quarterly figures will be published",
        "Figures will be published",
    );
    assert_ne!(edited, text);
    std::fs::write(&path, format!("draft: true\n{edited}")).unwrap();
    let run = build(&tmp, &["--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "warning: the letter is published, so it stays as it was signed: this draft of it is not published over it\n --> {FILE}:1:8\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "= help: to change the published letter, remove `draft: true` and record the change under `corrections:` (a `date` and a `note`)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("0 rendered, 1 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(letter_files(&tmp), before);
    // Final again with the changed words: refused, as any edit to the signed letter is.
    std::fs::write(&path, &edited).unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the published letter cannot change: `recommendations[2].response` is not what was signed"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(letter_files(&tmp), before);
}

#[test]
fn a_manifest_that_cannot_be_read_stops_the_build() {
    let tmp = TempDir::new("record-bad-manifest");
    let path = office(&tmp, |t| t);
    assert_eq!(build(&tmp, &[]).code, 0);
    let public = tmp.path().join("public");
    let before = tree(&public);
    let manifest = public.join(".s55-manifest.json");
    let bytes = std::fs::read(&manifest).unwrap();
    std::fs::write(&manifest, &bytes[..bytes.len() - 5]).unwrap();
    // An edit that would be refused if the manifest could be read.
    edit(&path, status_changed);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: the output folder's manifest, `.s55-manifest.json`, cannot be read (EOF while parsing"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "so the published letters cannot be checked against what was signed; restore it from a copy of the output folder, or remove it to publish every response again as it now reads\n"
        ),
        "{}",
        run.stderr
    );
    // Nothing written, nothing removed: the records of the signed letters are all there.
    let mut after = tree(&public);
    after.insert(
        ".s55-manifest.json".to_owned(),
        before[".s55-manifest.json"].clone(),
    );
    assert_eq!(after, before);
}

#[test]
fn a_preview_draft_comes_down_even_when_its_file_cannot_be_read() {
    let tmp = TempDir::new("record-draft-unreadable");
    let path = office(&tmp, |t| format!("draft: true\n{t}"));
    assert_eq!(build(&tmp, &["--drafts"]).code, 0);
    assert!(!letter_files(&tmp).is_empty());
    // Too large to read: refused, and the preview it was comes down with the other drafts.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n#{}\n", "x".repeat(9_000_000))).unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("0 rendered, 0 kept, 1 removed, 1 with errors\n"),
        "{}",
        run.stderr
    );
    assert!(
        letter_files(&tmp).is_empty(),
        "{:?}",
        letter_files(&tmp).keys()
    );
    assert!(!read(&tmp, "public/index.html").contains("href=\"responses/"));
}

#[test]
fn a_discharge_is_recorded_beside_the_signed_letter_and_closes_the_cause_of_concern() {
    let tmp = TempDir::new("record-discharge");
    northshire(&tmp);
    let today = ["--today", "2026-08-01"];
    assert_eq!(build(&tmp, &today).code, 0);
    let before = letter_files(&tmp);
    let progress_page = |tmp: &TempDir| {
        let files = tree(&tmp.path().join("public/responses"));
        let (_, html) = files
            .iter()
            .find(|(k, _)| k.ends_with("progress.html") && !k.contains(".as-signed/"))
            .expect("a progress page");
        String::from_utf8(html.clone()).unwrap()
    };
    let was = progress_page(&tmp);
    assert!(!was.contains("Discharged"), "{was}");
    // HMICFRS discharges the first cause of concern after the letter was published.
    let response = tmp.path().join("responses/northshire/peel-2025.yaml");
    let text = std::fs::read_to_string(&response).unwrap();
    std::fs::write(
        &response,
        text.replacen(
            "    accelerated: true\n",
            "    accelerated: true\n    discharged: 2026-06-30\n",
            1,
        ),
    )
    .unwrap();
    let run = build(&tmp, &today);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The letter is as signed, byte for byte; the discharge is beside it.
    assert_eq!(letter_files(&tmp), before);
    let now = progress_page(&tmp);
    assert!(
        now.contains(
            "<tr class=\"closed\">\n<th scope=\"row\">Cause of concern 1</th>\n<td>The force doesn&#39;t answer emergency and non-emergency calls quickly enough, which means the public may be at risk.</td>\n<td>–</td>\n<td>Discharged on 30 June 2026</td>"
        ),
        "{now}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&tmp, "public/responses.json")).unwrap();
    let cause = json["responses"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "cause_of_concern" && f["number"] == "1")
        .expect("cause of concern 1")
        .clone();
    assert_eq!(cause["discharged"], "2026-06-30", "{cause}");
    // The office's own tracker has it as its last column.
    let run = s55(tmp.path(), &["export", "findings", "--csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The cause of concern's row ends with its response (a quoted cell over two lines),
    // then the day it was discharged.
    assert!(
        run.stdout.contains(
            ",\"A new call-handling model started in January 2026, with 40 more call handlers.\n\",2026-06-30\r\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(",response,discharged"),
        "{}",
        run.stdout
    );
}
