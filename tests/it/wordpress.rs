//! `s55 publish wordpress` against a real WordPress (scripts/wordpress.sh sets one up on
//! 127.0.0.1): the pages and media are read back through the REST API, as a reader's browser
//! and the office's editors would see them.
//!
//! The site comes from `S55_TEST_WORDPRESS_URL`, `S55_TEST_WORDPRESS_USER` and
//! `S55_TEST_WORDPRESS_PASSWORD` (and `S55_TEST_WORDPRESS_READER_USER`/`_PASSWORD`, a
//! subscriber); without them each test says it was skipped, and with
//! `S55_REQUIRE_WORDPRESS=1` (as CI sets) a skip fails. Each test gives its pages a prefix of
//! its own, so the tests run side by side on one site and again on a site kept from before.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use serde_json::Value;

use crate::support::{Run, TempDir, html_text, normalise, root, s55};

/// The test site and its users.
struct Wp {
    url: String,
    user: String,
    password: String,
    reader: Option<(String, String)>,
}

/// The site, or `None` (and a line saying the test was skipped) when none is configured.
fn site(test: &str) -> Option<Wp> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match (
        var("S55_TEST_WORDPRESS_URL"),
        var("S55_TEST_WORDPRESS_USER"),
        var("S55_TEST_WORDPRESS_PASSWORD"),
    ) {
        (Some(url), Some(user), Some(password)) => Some(Wp {
            url,
            user,
            password,
            reader: var("S55_TEST_WORDPRESS_READER_USER")
                .zip(var("S55_TEST_WORDPRESS_READER_PASSWORD")),
        }),
        _ => {
            assert!(
                var("S55_REQUIRE_WORDPRESS").is_none(),
                "{test}: S55_REQUIRE_WORDPRESS is set but no WordPress is configured (run scripts/wordpress.sh)"
            );
            eprintln!(
                "skipped {test}: no WordPress to publish to (set S55_TEST_WORDPRESS_URL, _USER and _PASSWORD; scripts/wordpress.sh makes one)"
            );
            None
        }
    }
}

impl Wp {
    /// Runs `s55` in `dir` as the office's user, or as `who` (name, password).
    fn s55_as(&self, dir: &Path, args: &[&str], who: (&str, &str)) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_s55"))
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("S55_WORDPRESS_USER", who.0)
            .env("S55_WORDPRESS_PASSWORD", who.1)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `s55 publish wordpress responses --url URL` and `extra`, as the office's user.
    fn publish(&self, dir: &Path, extra: &[&str]) -> Run {
        let mut args = vec!["publish", "wordpress", "responses", "--url", &self.url];
        args.extend(extra);
        self.s55_as(dir, &args, (&self.user, &self.password))
    }

    fn auth(&self) -> String {
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.user, self.password));
        format!("Basic {token}")
    }

    /// A REST route's JSON, as an editor sees it.
    fn get(&self, route: &str, query: &str) -> Value {
        let mut r = ureq::get(&format!(
            "{}/?rest_route={route}&context=edit&{query}",
            self.url
        ))
        .header("Authorization", &self.auth())
        .call()
        .unwrap();
        r.body_mut().read_json().unwrap()
    }

    /// Every page (in any state) whose address starts with `prefix`.
    fn pages(&self, prefix: &str) -> Vec<Value> {
        let all = self.get(
            "/wp/v2/pages",
            "per_page=100&status=publish,draft,pending,private,trash&orderby=id",
        );
        all.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["slug"].as_str().unwrap().starts_with(prefix))
            .cloned()
            .collect()
    }

    /// The bytes at an address on the site.
    fn download(&self, url: &str) -> Vec<u8> {
        let mut r = ureq::get(url).call().unwrap();
        r.body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap()
    }

    /// Edits a page as an editor would in WordPress.
    fn edit_page(&self, id: u64, content: &str) {
        ureq::post(&format!("{}/?rest_route=/wp/v2/pages/{id}", self.url))
            .header("Authorization", &self.auth())
            .send_json(serde_json::json!({ "content": content }))
            .unwrap();
    }
}

/// A folder with `responses/london/mopac.yaml` (the MOPAC example, changed by `edit`) and an
/// `s55.yaml` giving the pages `prefix`, plus `settings` lines.
fn office(tmp: &TempDir, prefix: &str, settings: &str, edit: impl Fn(String) -> String) {
    let dir = tmp.path().join("responses/london");
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml")).unwrap();
    std::fs::write(dir.join("mopac.yaml"), edit(text)).unwrap();
    std::fs::write(
        tmp.path().join("responses/s55.yaml"),
        format!("wordpress:\n  prefix: {prefix}\n{settings}"),
    )
    .unwrap();
}

/// A prefix no other test or earlier run uses.
fn unique(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t{}-{nanos}-{test}-", std::process::id())
}

/// The raw content less the block's comments: what WordPress should show, unchanged.
fn inside_block(raw: &str) -> String {
    raw.trim()
        .strip_prefix("<!-- wp:html -->")
        .and_then(|r| r.strip_suffix("<!-- /wp:html -->"))
        .expect("one Custom HTML block")
        .trim()
        .to_owned()
}

#[test]
fn a_response_is_one_page_with_every_sentence_and_its_pdf_after_three_runs() {
    let Some(wp) = site("a_response_is_one_page_with_every_sentence_and_its_pdf_after_three_runs")
    else {
        return;
    };
    let tmp = TempDir::new("wp-once");
    let prefix = unique("once");
    office(&tmp, &prefix, "", |t| t);

    let first = wp.publish(tmp.path(), &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.starts_with("created: "), "{}", first.stdout);
    for _ in 0..2 {
        let again = wp.publish(tmp.path(), &[]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(
            again.stdout.starts_with("left as it is: "),
            "{}",
            again.stdout
        );
        assert!(
            again
                .stderr
                .contains("0 new, 0 updated, 1 left as they were; 0 files uploaded"),
            "{}",
            again.stderr
        );
    }
    let pages = wp.pages(&prefix);
    assert_eq!(pages.len(), 1, "one page after three runs: {pages:#?}");
    let page = &pages[0];
    assert_eq!(page["status"], "publish");
    assert_eq!(
        page["title"]["raw"],
        "Response to the HMICFRS report ‘An inspection of how forces handle complaints from the public’"
    );

    // Kept as sent: what WordPress shows is the block's HTML, not a line break added.
    let raw = page["content"]["raw"].as_str().unwrap();
    let rendered = page["content"]["rendered"].as_str().unwrap();
    // Nothing changes but WordPress's typography: a straight apostrophe (in a heading, as
    // typed) is shown as a typographic one.
    assert_eq!(rendered.trim().replace("&#8217;", "'"), inside_block(raw));
    assert_eq!(
        rendered.matches("<br").count(),
        raw.matches("<br").count(),
        "WordPress added line breaks"
    );
    // Each paragraph of the letter on one line.
    for line in inside_block(raw).lines() {
        assert_eq!(
            line.matches("<p").count(),
            line.matches("</p>").count(),
            "a paragraph over two lines: {line}"
        );
    }

    // Every sentence of the letter, as the office wrote it and as `s55 render` gives it.
    let text = normalise(&html_text(rendered));
    for said in [
        "Public confidence depends on complaints being handled quickly and fairly.",
        "Quarterly figures will be published on the MOPAC website from July 2026.",
        "This recommendation is for the Home Office.",
        "By 30 September 2026, chief constables should make sure that every complaint is acknowledged within two working days.",
    ] {
        assert!(text.contains(said), "missing `{said}` in {text}");
    }
    let local = crate::support::s55(
        tmp.path(),
        &[
            "render",
            "responses/london/mopac.yaml",
            "--format",
            "md,pdf",
            "--out",
            "local",
            "-q",
        ],
    );
    assert_eq!(local.code, 0, "{}", local.stderr);
    let md = std::fs::read_to_string(tmp.path().join("local/mopac.md")).unwrap();
    // The page's title is WordPress's own, above the content; apostrophes as WordPress
    // shows them.
    let straight = |s: &str| s.replace('’', "'").replace("&#8217;", "'");
    let page_text = straight(&text);
    let letter = normalise(&crate::support::markdown_text(&md));
    let title = page["title"]["raw"].as_str().unwrap();
    let letter = straight(
        letter
            .strip_prefix(title)
            .expect("the letter opens with its title"),
    );
    let mut sentences = 0;
    for sentence in letter.split(". ").filter(|s| s.len() > 20) {
        let sentence = sentence.trim_end_matches('.');
        assert!(
            page_text.contains(sentence),
            "missing `{sentence}` in {page_text}"
        );
        sentences += 1;
    }
    assert!(sentences > 15, "{sentences} sentences");

    // The PDF in the media library is the letter's PDF, byte for byte, linked from the page.
    let pdf = std::fs::read(tmp.path().join("local/mopac.pdf")).unwrap();
    let href = rendered
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .find(|h| h.ends_with(".pdf"))
        .expect("the page links the PDF");
    assert!(
        href.starts_with(&format!("{}/wp-content/uploads/", wp.url)),
        "{href}"
    );
    assert!(
        wp.download(href) == pdf,
        "the PDF on the site is not the letter's"
    );
    assert!(text.contains("Download this response as a PDF"), "{text}");
}

#[test]
fn a_draft_is_never_sent_and_a_dry_run_sends_nothing() {
    let Some(wp) = site("a_draft_is_never_sent_and_a_dry_run_sends_nothing") else {
        return;
    };
    let tmp = TempDir::new("wp-draft");
    let prefix = unique("draft");
    office(&tmp, &prefix, "", |t| {
        t.replace("form: statement", "form: statement\ndraft: true")
    });
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "not sent (a draft): london/mopac.yaml\n");
    assert!(wp.pages(&prefix).is_empty());

    let tmp = TempDir::new("wp-dry");
    let prefix = unique("dry");
    office(&tmp, &prefix, "", |t| t);
    let run = wp.s55_as(
        tmp.path(),
        &[
            "publish",
            "wordpress",
            "responses",
            "--url",
            &wp.url,
            "--dry-run",
        ],
        ("", ""),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "would create: {prefix}2026-01-08-an-inspection-of-how-forces-handle-complaints-from-the-public from london/mopac.yaml (would upload 2026-01-08-an-inspection-of-how-forces-handle-complaints-from-the-public.pdf)\n"
        )
    );
    assert!(wp.pages(&prefix).is_empty(), "a dry run made a page");
    assert!(!tmp.path().join("responses/.s55").exists());
}

#[test]
fn a_correction_updates_the_page_and_an_uncorrected_edit_is_refused() {
    let Some(wp) = site("a_correction_updates_the_page_and_an_uncorrected_edit_is_refused") else {
        return;
    };
    let tmp = TempDir::new("wp-correction");
    let prefix = unique("corr");
    office(&tmp, &prefix, "", |t| t);
    assert_eq!(wp.publish(tmp.path(), &[]).code, 0);
    let before = wp.pages(&prefix)[0]["content"]["raw"].clone();

    let file = tmp.path().join("responses/london/mopac.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("status: not started", "status: completed");
    std::fs::write(&file, &edited).unwrap();
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: london/mopac.yaml: the published letter cannot change: `recommendations[2].status` is not what was signed"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(wp.pages(&prefix)[0]["content"]["raw"], before);

    std::fs::write(
        &file,
        edited.replace(
            "\nsignature:",
            "\ncorrections:\n  - date: 2026-03-03\n    note: The status of recommendation 3 was wrong.\n\nsignature:",
        ),
    )
    .unwrap();
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("updated: "), "{}", run.stdout);
    let pages = wp.pages(&prefix);
    assert_eq!(pages.len(), 1);
    let text = normalise(&html_text(
        pages[0]["content"]["rendered"].as_str().unwrap(),
    ));
    assert!(
        text.contains("The status of recommendation 3 was wrong."),
        "{text}"
    );
}

#[test]
fn a_page_edited_in_wordpress_is_left_unless_overwritten() {
    let Some(wp) = site("a_page_edited_in_wordpress_is_left_unless_overwritten") else {
        return;
    };
    let tmp = TempDir::new("wp-edited");
    let prefix = unique("edited");
    office(&tmp, &prefix, "", |t| t);
    assert_eq!(wp.publish(tmp.path(), &[]).code, 0);
    let id = wp.pages(&prefix)[0]["id"].as_u64().unwrap();
    wp.edit_page(id, "<p>An editor's words.</p>");

    let file = tmp.path().join("responses/london/mopac.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "\nsignature:",
            "\ncorrections:\n  - date: 2026-03-03\n    note: A word was wrong.\n\nsignature:",
        ),
    )
    .unwrap();
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("was changed in WordPress since s55 last published it"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--overwrite"), "{}", run.stderr);
    assert_eq!(
        wp.pages(&prefix)[0]["content"]["raw"],
        "<p>An editor's words.</p>"
    );

    let run = wp.publish(tmp.path(), &["--overwrite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let raw = wp.pages(&prefix)[0]["content"]["raw"].clone();
    assert!(raw.as_str().unwrap().contains("A word was wrong."), "{raw}");
}

#[test]
fn a_bilingual_response_is_a_page_in_each_language_under_the_office_s_parent_page() {
    let Some(wp) =
        site("a_bilingual_response_is_a_page_in_each_language_under_the_office_s_parent_page")
    else {
        return;
    };
    let tmp = TempDir::new("wp-bilingual");
    let prefix = unique("cy");
    // The parent page the office made for its responses.
    let parent_slug = format!("{prefix}responses");
    let parent: Value = ureq::post(&format!("{}/?rest_route=/wp/v2/pages", wp.url))
        .header("Authorization", &wp.auth())
        .send_json(
            serde_json::json!({ "title": "Responses", "slug": parent_slug, "status": "publish" }),
        )
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("examples/bilingual-teifi-valley.yaml"),
        dir.join("teifi.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("s55.yaml"),
        format!("wordpress:\n  prefix: {prefix}\n  parent: {parent_slug}\n"),
    )
    .unwrap();
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages: Vec<Value> = wp
        .pages(&prefix)
        .into_iter()
        .filter(|p| p["id"] != parent["id"])
        .collect();
    assert_eq!(pages.len(), 2, "{pages:#?}");
    for p in &pages {
        assert_eq!(p["parent"], parent["id"]);
        let other = pages.iter().find(|o| o["id"] != p["id"]).unwrap();
        let rendered = p["content"]["rendered"].as_str().unwrap();
        assert!(
            rendered.contains(&format!("href=\"{}\"", other["link"].as_str().unwrap())),
            "{} does not link {}",
            p["link"],
            other["link"]
        );
        assert!(rendered.contains(".pdf\""), "{rendered}");
    }
    let welsh = pages
        .iter()
        .find(|p| p["slug"].as_str().unwrap().ends_with("-cy"))
        .expect("a Welsh page");
    assert!(
        welsh["content"]["raw"]
            .as_str()
            .unwrap()
            .contains("lang=\"cy\""),
        "{}",
        welsh["content"]["raw"]
    );
}

#[test]
fn a_wrong_password_or_a_user_without_rights_is_refused_with_a_clear_message() {
    let Some(wp) =
        site("a_wrong_password_or_a_user_without_rights_is_refused_with_a_clear_message")
    else {
        return;
    };
    let tmp = TempDir::new("wp-refused");
    let prefix = unique("refused");
    office(&tmp, &prefix, "", |t| t);
    let args = ["publish", "wordpress", "responses", "--url", &wp.url];
    let run = wp.s55_as(tmp.path(), &args, (&wp.user, "wrong password"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: WordPress at {} did not accept the user `{}` with that application password",
            wp.url, wp.user
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Users → Profile → Application Passwords"),
        "{}",
        run.stderr
    );
    if let Some((reader, password)) = &wp.reader {
        let run = wp.s55_as(tmp.path(), &args, (reader, password));
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("does not let the user `{reader}`")),
            "{}",
            run.stderr
        );
    }
    assert!(wp.pages(&prefix).is_empty());
    let run = wp.s55_as(tmp.path(), &args, ("", ""));
    assert_eq!(run.code, 2);
}

#[test]
fn recorded_progress_updates_the_page_and_copies_name_it() {
    let Some(wp) = site("recorded_progress_updates_the_page_and_copies_name_it") else {
        return;
    };
    let tmp = TempDir::new("wp-progress");
    let prefix = unique("progress");
    office(
        &tmp,
        &prefix,
        "copies:\n  from: office@mopac.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps.homesecretary@homeoffice.example.org\n  site: https://archive.example.org/\n",
        |t| t,
    );
    let today = ["--today", "2026-08-01"];
    assert_eq!(wp.publish(tmp.path(), &today).code, 0);
    let page = &wp.pages(&prefix)[0];
    let text = normalise(&html_text(page["content"]["rendered"].as_str().unwrap()));
    assert!(text.contains("Progress on the report’s findings"), "{text}");
    // Recommendation 3 was due on 8 July 2026 and is not started: overdue on 1 August.
    assert!(text.contains("Overdue"), "{text}");
    // The office's settings do not publish owners: none reaches the page.
    for owner in [
        "Head of Oversight",
        "Director of Audit, Integrity and Assurance",
    ] {
        assert!(!text.contains(owner), "{owner}: {text}");
    }

    // Progress is recorded beside the signed letter: the page is updated, not refused.
    let file = tmp.path().join("responses/london/mopac.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "    owner: Head of Oversight\n",
            "    owner: Head of Oversight\n    progress:\n      - date: 2026-07-20\n        status: completed\n        note: Figures for the first quarter are published.\n",
        ),
    )
    .unwrap();
    let run = wp.publish(tmp.path(), &today);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("updated: "), "{}", run.stdout);
    let pages = wp.pages(&prefix);
    assert_eq!(pages.len(), 1);
    let text = normalise(&html_text(
        pages[0]["content"]["rendered"].as_str().unwrap(),
    ));
    assert!(
        text.contains("Figures for the first quarter are published."),
        "{text}"
    );

    // The covering e-mails name the page the office published.
    let run = crate::support::s55(
        tmp.path(),
        &["copies", "responses/london/mopac.yaml", "--out", "outbox"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let link = pages[0]["link"].as_str().unwrap();
    for entry in std::fs::read_dir(tmp.path().join("outbox")).unwrap() {
        let mail = std::fs::read(entry.unwrap().path()).unwrap();
        let message = mail_parser::MessageParser::default().parse(&mail).unwrap();
        let body = message.body_text(0).unwrap();
        assert!(body.contains(link), "{body}");
        assert!(!body.contains("archive.example.org"), "{body}");
    }
}

#[test]
fn a_run_that_lost_its_record_takes_up_its_page_again_and_offers_the_word_document() {
    let Some(wp) =
        site("a_run_that_lost_its_record_takes_up_its_page_again_and_offers_the_word_document")
    else {
        return;
    };
    let tmp = TempDir::new("wp-lost");
    let prefix = unique("lost");
    office(&tmp, &prefix, "downloads: [docx]\n", |t| t);
    assert_eq!(wp.publish(tmp.path(), &[]).code, 0);
    // As if a run had stopped between making the page and recording it.
    std::fs::remove_dir_all(tmp.path().join("responses/.s55/wordpress")).unwrap();
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = wp.pages(&prefix);
    assert_eq!(pages.len(), 1, "{pages:#?}");
    let rendered = pages[0]["content"]["rendered"].as_str().unwrap();
    let docx = rendered
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .find(|h| h.ends_with(".docx"))
        .expect("the page links the Word document");
    let local = crate::support::s55(
        tmp.path(),
        &[
            "render",
            "responses/london/mopac.yaml",
            "--format",
            "docx",
            "--out",
            "local",
            "-q",
        ],
    );
    assert_eq!(local.code, 0, "{}", local.stderr);
    assert!(
        wp.download(docx) == std::fs::read(tmp.path().join("local/mopac.docx")).unwrap(),
        "the Word document on the site is not the letter's"
    );
}

#[test]
fn a_sealed_letter_changed_by_the_office_s_settings_is_refused_and_the_page_kept() {
    let Some(wp) =
        site("a_sealed_letter_changed_by_the_office_s_settings_is_refused_and_the_page_kept")
    else {
        return;
    };
    let tmp = TempDir::new("wp-sealed");
    let prefix = unique("seal");
    office(&tmp, &prefix, "", |t| t);
    // The archive's build seals the signed letter beside the responses.
    let built = s55(tmp.path(), &["build", "responses", "--out", "public"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(tmp.path().join("responses/.sealed").is_dir());
    assert_eq!(wp.publish(tmp.path(), &[]).code, 0);
    let before = wp.pages(&prefix)[0]["content"]["raw"].clone();

    // A setting that adds an appendix to every letter: the signed one keeps its words.
    std::fs::write(
        tmp.path().join("responses/s55.yaml"),
        format!("wordpress:\n  prefix: {prefix}\ntracker: true\n"),
    )
    .unwrap();
    let run = wp.publish(tmp.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("as s55 makes it now is not the letter as signed (sealed in `"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the page keeps the signed letter"),
        "{}",
        run.stderr
    );
    let pages = wp.pages(&prefix);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["content"]["raw"], before);
}
