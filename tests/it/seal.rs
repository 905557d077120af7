//! The signed letter's seal, kept with the responses: every route by which a published
//! letter could change (a renamed, moved or deleted file, the office's settings, its
//! pictures, templates and locales, `--tracker`, `--force`, a fresh or damaged output
//! folder) either leaves the letter's files byte for byte as signed or is refused; a
//! correction is a real one and keeps the signed original published beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Run, TempDir, root, s55};

/// The letter's address in the archive, below `responses/`, as its seal names it.
fn slug(tmp: &TempDir) -> String {
    let sealed = tmp.path().join("responses/.sealed/northshire-police");
    let names: Vec<String> = std::fs::read_dir(&sealed)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let [name] = &names[..] else {
        panic!("one seal: {names:?}")
    };
    assert!(name.starts_with("2025-12-04-peel-2025-"), "{name}");
    format!("northshire-police/{name}")
}

/// The Northshire office (settings, logo, signature, one response) in `responses/northshire`;
/// returns the response file.
fn northshire(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("responses/northshire");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["peel-2025.yaml", "s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(root().join("examples/northshire").join(f), dir.join(f)).unwrap();
    }
    dir.join("peel-2025.yaml")
}

fn build(tmp: &TempDir, out: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", "responses", "--out", out];
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

/// The letter's files in an output folder: its page, PDF and Markdown (not its progress).
fn letter(tmp: &TempDir, out: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = tmp.path().join(out).join("responses/northshire-police");
    let Some(page) = std::fs::read_dir(&dir).ok().and_then(|d| {
        d.flatten()
            .map(|e| e.path())
            .find(|p| !p.to_string_lossy().ends_with(".as-signed"))
    }) else {
        return BTreeMap::new();
    };
    let mut files = tree(&page);
    files.retain(|k, _| !k.ends_with("progress.html"));
    files
}

/// Changes the file at `path` by `f`.
fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

/// An edit to the letter as signed: the status of the second cause of concern's first
/// recommendation.
fn status_changed(text: String) -> String {
    text.replacen("status: completed", "status: not started", 1)
}

/// Builds the office once and returns the letter's files as signed.
fn signed(tmp: &TempDir) -> BTreeMap<String, Vec<u8>> {
    let run = build(tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = letter(tmp, "public");
    assert_eq!(files.len(), 3, "{:?}", files.keys());
    files
}

#[test]
fn a_renamed_or_moved_response_is_still_the_sealed_one_and_an_edit_is_refused() {
    let tmp = TempDir::new("seal-moved");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    // Moved to another folder under another name, and edited: the manifest knew it by its
    // path, so the edited letter used to be published at the same address.
    let moved = tmp.path().join("responses/northshire/2025/renamed.yaml");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&path, &moved).unwrap();
    edit(&moved, status_changed);
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the published letter cannot change: `causes_of_concern[1].recommendations[0].status` is not what was signed (signed: “completed”; now: “not started”)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("responses/northshire/2025/renamed.yaml:"),
        "{}",
        run.stderr
    );
    assert_eq!(letter(&tmp, "public"), before);
    // Put back as signed under its new name: kept, not rendered again.
    edit(&moved, |t| {
        t.replacen("status: not started", "status: completed", 1)
    });
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 rendered, 1 kept"), "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), before);
}

#[test]
fn a_moved_signed_letter_is_counted_as_moved_not_removed() {
    let tmp = TempDir::new("seal-moved-count");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    let slug = slug(&tmp);
    let seal_file = tmp
        .path()
        .join("responses/.sealed")
        .join(&slug)
        .join("seal.json");
    // Moved unchanged: the same letter at the same address, not one removed and one added
    // (the build used to say "1 removed" and forget the old file's line only by chance).
    let moved = tmp.path().join("responses/northshire/2025/renamed.yaml");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&path, &moved).unwrap();
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("built 1 response into public: 0 rendered, 1 kept, 0 removed, 1 moved\n"),
        "{}",
        run.stderr
    );
    assert_eq!(letter(&tmp, "public"), before);
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("public/.s55-manifest.json")).unwrap(),
    )
    .unwrap();
    let keys: Vec<&String> = manifest["responses"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["northshire/2025/renamed.yaml"]);
    assert_eq!(
        manifest["responses"]["northshire/2025/renamed.yaml"]["slug"],
        slug.as_str()
    );
    // The seal now knows the letter by its new file.
    let seal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&seal_file).unwrap()).unwrap();
    assert_eq!(seal["path"], "northshire/2025/renamed.yaml");
    let run = build(&tmp, "public", &[]);
    assert!(
        run.stderr.ends_with("0 rendered, 1 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    // Moved back and corrected in the same build: rendered anew at the same address, still
    // one letter moved, none removed, the signed original beside it.
    std::fs::rename(&moved, &path).unwrap();
    edit(
        &path,
        corrected("2026-03-03", "Recommendation 1.2 is not yet started."),
    );
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("1 rendered, 0 kept, 0 removed, 1 moved\n"),
        "{}",
        run.stderr
    );
    let original = tree(
        &tmp.path()
            .join("public/responses")
            .join(format!("{slug}.as-signed")),
    );
    assert_eq!(original, before);
    assert_eq!(slug, self::slug(&tmp));
}

#[test]
fn a_deleted_response_stays_published_until_its_seal_is_removed() {
    let tmp = TempDir::new("seal-deleted");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    let slug = slug(&tmp);
    std::fs::remove_file(&path).unwrap();
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: the file of the published letter `{slug}` has gone, so the letter stays published as it was signed"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "to take the letter down, remove its seal, `responses/.sealed/{slug}`, as well"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(letter(&tmp, "public"), before);
    let index = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    assert!(index.contains(&slug), "still listed: {index}");
    // A fresh output folder publishes it too.
    let run = build(&tmp, "fresh", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(letter(&tmp, "fresh"), before);
    // Withdrawn on purpose: its seal removed, the letter comes down.
    std::fs::remove_dir_all(tmp.path().join("responses/.sealed").join(&slug)).unwrap();
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(letter(&tmp, "public").is_empty());
}

#[test]
fn a_fresh_output_or_a_lost_manifest_still_publishes_the_letter_as_signed() {
    let tmp = TempDir::new("seal-fresh-out");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    edit(&path, status_changed);
    // A CI job building into an empty folder used to publish the edit, exit 0.
    let run = build(&tmp, "ci", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`causes_of_concern[1].recommendations[0].status` is not what was signed"),
        "{}",
        run.stderr
    );
    assert_eq!(letter(&tmp, "ci"), before, "the signed letter is published");
    // The manifest deleted, then edited to forget the letter: the same.
    std::fs::remove_file(tmp.path().join("public/.s55-manifest.json")).unwrap();
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), before);
    std::fs::write(
        tmp.path().join("public/.s55-manifest.json"),
        r#"{"assets":"x","responses":{},"site":[]}"#,
    )
    .unwrap();
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), before);
}

#[test]
fn settings_labels_punctuation_notes_and_tracker_leave_the_signed_letter_as_signed() {
    let tmp = TempDir::new("seal-settings");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    let settings = path.with_file_name("s55.yaml");
    // Every "Response" hidden, "Completed" relabelled, punctuation as typed, notes at the
    // end, the tracker added: each used to reach the signed letter.
    edit(&settings, |t| {
        t.replace(
            "published_fields: [timescale, status, force-response, response]",
            "published_fields: [timescale]",
        )
        .replace(
            "label: {en: Completed, cy: Wedi’i gwblhau}",
            "label: {en: Rejected by the force, cy: Wedi’i wrthod}",
        )
        .replace("smart_punctuation: true", "smart_punctuation: false")
            + "footnotes: end\ntracker: true\n"
    });
    for extra in [&[][..], &["--tracker"], &["--force"]] {
        let run = build(&tmp, "public", extra);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        assert_eq!(letter(&tmp, "public"), before, "{extra:?}");
    }
}

#[test]
fn a_replaced_logo_or_signature_leaves_the_signed_letter_as_signed() {
    let tmp = TempDir::new("seal-pictures");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    std::fs::write(
        path.with_file_name("signature.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><path d="M0 30 L200 30" stroke="black"/></svg>"#,
    )
    .unwrap();
    std::fs::copy(
        root().join("docs/archive-index.png"),
        path.with_file_name("logo.png"),
    )
    .unwrap();
    let run = build(&tmp, "public", &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), before);
}

#[test]
fn templates_and_locales_that_change_words_leave_the_signed_letter_as_signed() {
    let tmp = TempDir::new("seal-templates");
    northshire(&tmp);
    let before = signed(&tmp);
    let templates = tmp.path().join("office");
    std::fs::create_dir_all(templates.join("locales")).unwrap();
    std::fs::write(
        templates.join("locales/en.yaml"),
        "labels:\n  status: Rejected\n  response: Nothing\n",
    )
    .unwrap();
    let run = build(&tmp, "public", &["--templates", "office"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), before);
}

/// The status edit with a correction dated `date` and noted `note`, written as YAML.
fn corrected(date: &str, note: &str) -> impl FnOnce(String) -> String {
    let correction = format!("corrections:\n  - date: {date}\n    note: {note}\n");
    move |t| correction + &status_changed(t)
}

#[test]
fn a_correction_must_be_dated_after_the_letter_and_say_something() {
    let tmp = TempDir::new("seal-correction-real");
    let path = northshire(&tmp);
    let text = std::fs::read_to_string(&path).unwrap();
    let before = signed(&tmp);
    for (date, note, says) in [
        (
            "1900-01-01",
            "Status.",
            "error: a correction dated 1900-01-01 is before the letter it corrects (2026-01-22), so it cannot record a change to it",
        ),
        (
            "2026-03-03",
            "\"  \"",
            "error: a correction's note says nothing, so it cannot record a change to the published letter",
        ),
        (
            "2026-03-03",
            "\"\\u200B\\u2060\"",
            "error: a correction's note says nothing, so it cannot record a change to the published letter",
        ),
    ] {
        std::fs::write(&path, corrected(date, note)(text.clone())).unwrap();
        let run = build(&tmp, "public", &[]);
        assert_eq!(run.code, 1, "{date} {note}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{date} {note}: {}", run.stderr);
        assert_eq!(letter(&tmp, "public"), before);
    }
}

#[test]
fn a_correction_keeps_the_signed_original_published_beside_it() {
    let tmp = TempDir::new("seal-correction-original");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    edit(
        &path,
        corrected("2026-03-03", "Recommendation 1.2 is not yet started."),
    );
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let now = letter(&tmp, "public");
    assert_ne!(now, before);
    let page = String::from_utf8(now["index.html"].clone()).unwrap();
    assert!(
        page.contains("Corrected on 3 March 2026: Recommendation 1.2 is not yet started."),
        "{page}"
    );
    // The original, byte for byte, beside it; and in a fresh output folder too.
    for out in ["public", "fresh"] {
        if out == "fresh" {
            assert_eq!(build(&tmp, out, &[]).code, 0);
        }
        let original = tree(
            &tmp.path()
                .join(out)
                .join("responses")
                .join(format!("{}.as-signed", slug(&tmp))),
        );
        assert_eq!(original, before, "{out}");
        assert_eq!(letter(&tmp, out), now, "{out}");
    }
    // The corrected page links to the original as signed; the feed and responses.json say
    // when it was updated.
    let slug = slug(&tmp);
    let stem = slug.rsplit('/').next().unwrap();
    assert!(
        page.contains(&format!(
            "<p class=\"as-signed\"><a href=\"../{stem}.as-signed/index.html\">The letter as signed on 22 January 2026, before it was corrected</a></p>"
        )),
        "{page}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("public/responses.json")).unwrap())
            .unwrap();
    let listed = &json["responses"][0];
    assert_eq!(listed["updated"], "2026-03-03", "{listed}");
    assert_eq!(
        listed["as_signed"],
        format!("responses/{slug}.as-signed/index.html")
    );
    let feed = std::fs::read_to_string(tmp.path().join("public/feed.xml")).unwrap();
    assert!(
        feed.contains("<updated>2026-03-03T00:00:00Z</updated>"),
        "{feed}"
    );
    // The corrected version is sealed in its turn: a further edit is refused.
    edit(&path, |t| {
        t.replacen("status: in progress", "status: completed", 1)
    });
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), now);
}

#[test]
fn the_feed_is_updated_on_the_day_of_the_latest_correction() {
    let tmp = TempDir::new("seal-feed-updated");
    let path = northshire(&tmp);
    signed(&tmp);
    let feed = || std::fs::read_to_string(tmp.path().join("public/feed.xml")).unwrap();
    // The feed's own time, after its id (each entry has one too).
    let overall =
        |day: &str| format!("<id>urn:s55:archive</id>\n<updated>{day}T00:00:00Z</updated>\n");
    assert!(feed().contains(&overall("2026-01-22")), "{}", feed());
    edit(
        &path,
        corrected("2026-03-03", "Recommendation 1.2 is not yet started."),
    );
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The feed changed when the letter was corrected: its time says so, and the entry's.
    let first = feed();
    assert!(first.contains(&overall("2026-03-03")), "{first}");
    assert!(
        first.contains("<updated>2026-03-03T00:00:00Z</updated>\n<link rel=\"alternate\""),
        "{first}"
    );
    // From the correction's date, never the clock: a fresh build is the same bytes.
    let run = build(&tmp, "again", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = std::fs::read_to_string(tmp.path().join("again/feed.xml")).unwrap();
    assert_eq!(again, first);
}

#[test]
fn an_election_and_a_discharge_never_touch_a_signed_letter() {
    let tmp = TempDir::new("seal-after-publication");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    // A new commissioner after an election, a new chief constable, a new address: used to
    // be refused for every letter the old commissioner signed.
    edit(&path.with_file_name("s55.yaml"), |t| {
        t.replace("name: Jordan Hale", "name: Alex Morgan")
            .replace("name: Priya Chandran", "name: Sam Okafor")
            .replace("4 Market Street", "9 Castle Road")
    });
    // HMICFRS discharges the cause of concern: used to be "not what was signed".
    edit(&path, |t| {
        t.replacen(
            "    accelerated: true\n",
            "    accelerated: true\n    discharged: 2026-06-30\n",
            1,
        )
    });
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(letter(&tmp, "public"), before);
    let run = build(&tmp, "fresh", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(letter(&tmp, "fresh"), before);
}

#[test]
fn an_archive_published_before_seals_is_sealed_as_it_stands() {
    let tmp = TempDir::new("seal-upgrade");
    let path = northshire(&tmp);
    let before = signed(&tmp);
    // An archive built before seals has none: its published letters are sealed from the
    // output folder as they stand, nothing refused and nothing rendered again, even with
    // the office's settings changed since.
    std::fs::remove_dir_all(tmp.path().join("responses/.sealed")).unwrap();
    edit(&path.with_file_name("s55.yaml"), |t| {
        t.replace("name: Jordan Hale", "name: Alex Morgan")
    });
    let run = build(&tmp, "public", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 rendered, 1 kept"), "{}", run.stderr);
    assert!(
        tmp.path()
            .join("responses/.sealed")
            .join(slug(&tmp))
            .join("seal.json")
            .is_file()
    );
    assert_eq!(letter(&tmp, "public"), before);
    let run = build(&tmp, "fresh", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(letter(&tmp, "fresh"), before);
}

#[test]
fn a_damaged_seal_is_said_and_never_published() {
    let tmp = TempDir::new("seal-damaged");
    northshire(&tmp);
    signed(&tmp);
    let slug = slug(&tmp);
    let files = tmp
        .path()
        .join("responses/.sealed")
        .join(&slug)
        .join("files");
    for e in std::fs::read_dir(&files).unwrap().flatten() {
        std::fs::write(e.path(), b"not what was signed").unwrap();
    }
    let run = build(&tmp, "fresh", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "the seal of the signed letter `{slug}`, in `responses/.sealed/{slug}`, cannot be read (the sealed copy of"
        )),
        "{}",
        run.stderr
    );
    assert!(letter(&tmp, "fresh").is_empty());
}

#[test]
fn copies_of_a_corrected_letter_are_new_messages_that_say_so() {
    let tmp = TempDir::new("seal-copies");
    let path = northshire(&tmp);
    edit(&path.with_file_name("s55.yaml"), |t| {
        t + "copies:\n  from: office@northshire.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps@homeoffice.example.org\n"
    });
    let copies = |outbox: &str| -> Vec<(String, String, String, String)> {
        let run = s55(
            tmp.path(),
            &["copies", path.to_str().unwrap(), "--out", outbox],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut mails = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(tmp.path().join(outbox))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for p in names {
            let bytes = std::fs::read(&p).unwrap();
            let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            mails.push((
                m.message_id().unwrap_or_default().to_owned(),
                m.in_reply_to().as_text().unwrap_or_default().to_owned(),
                m.subject().unwrap_or_default().to_owned(),
                m.body_text(0).unwrap_or_default().into_owned(),
            ));
        }
        mails
    };
    let first = copies("outbox1");
    edit(
        &path,
        corrected("2026-03-03", "Recommendation 1.2 is not yet started."),
    );
    let second = copies("outbox2");
    assert_eq!((first.len(), second.len()), (2, 2));
    for (was, now) in first.iter().zip(&second) {
        assert_ne!(was.0, now.0, "a new Message-ID");
        assert_eq!(now.1, was.0, "in reply to the copy sent before");
        assert!(
            now.2.starts_with("Corrected section 55 response: "),
            "{}",
            now.2
        );
        assert!(
            now.3.contains(
                "This corrects the copy sent before: the response was corrected on 3 March 2026"
            ),
            "{}",
            now.3
        );
        assert!(!was.3.contains("corrects"), "{}", was.3);
    }
}

/// The attachments of the e-mail at `eml` as Python's `email` package reads them: each
/// one's file name and bytes.
fn attachments(eml: &Path) -> Vec<(String, Vec<u8>)> {
    const SCRIPT: &str = r#"
import email, email.policy, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(json.dumps([[a.get_filename(), a.get_content().hex()] for a in m.iter_attachments()]))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(eml)
        .output()
        .expect("python3 must be installed");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Vec<(String, String)> = serde_json::from_slice(&out.stdout).unwrap();
    read.into_iter()
        .map(|(name, hex)| {
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            (name, bytes)
        })
        .collect()
}

#[test]
fn copies_of_a_signed_letter_attach_its_sealed_pdf_not_a_new_rendering() {
    let tmp = TempDir::new("seal-copies-sealed");
    let path = northshire(&tmp);
    edit(&path.with_file_name("s55.yaml"), |t| {
        t + "copies:\n  from: office@northshire.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps@homeoffice.example.org\n"
    });
    let before = signed(&tmp);
    let slug = slug(&tmp);
    let stem = slug.rsplit('/').next().unwrap();
    let pdf = format!("{stem}.pdf");
    // The sealed PDF, found through the seal's own list of files.
    let sealed_dir = tmp.path().join("responses/.sealed").join(&slug);
    let seal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sealed_dir.join("seal.json")).unwrap()).unwrap();
    let hash = seal["versions"][0]["files"][format!("responses/{slug}/{pdf}")]
        .as_str()
        .unwrap()
        .to_owned();
    let sealed = std::fs::read(sealed_dir.join("files").join(&hash)).unwrap();
    assert_eq!(sealed, before[&pdf]);
    // A new logo: a letter rendered now would differ from the one signed and sent.
    std::fs::copy(
        root().join("docs/archive-index.png"),
        path.with_file_name("logo.png"),
    )
    .unwrap();
    let copies = |outbox: &str| {
        s55(
            tmp.path(),
            &["copies", path.to_str().unwrap(), "--out", outbox],
        )
    };
    let run = copies("outbox");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for who in ["hmicfrs", "home-secretary"] {
        let eml = tmp.path().join(format!("outbox/{stem}-{who}.eml"));
        let found = attachments(&eml);
        assert_eq!(found.len(), 1, "{who}");
        assert_eq!(found[0].0, pdf, "{who}");
        assert!(
            found[0].1 == sealed,
            "{who}: the attachment is not the sealed PDF"
        );
    }
    // An edit to the signed letter: no copies of a letter that was never signed.
    edit(&path, status_changed);
    let run = copies("edited");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the letter is not what was signed and published (the published letter cannot change: `causes_of_concern[1].recommendations[0].status` is not what was signed"
        ),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("edited").exists());
    // A correction recorded but not yet built: built first, then its copies carry it.
    edit(&path, |t| {
        t.replacen("status: not started", "status: completed", 1)
    });
    edit(
        &path,
        corrected("2026-03-03", "Recommendation 1.2 is not yet started."),
    );
    let run = copies("early");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the letter's correction is not published yet, and the copies carry the letter as published; build the archive first (`s55 build`)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(build(&tmp, "public", &[]).code, 0);
    let run = copies("corrected");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let now = letter(&tmp, "public");
    assert_ne!(now[&pdf], sealed);
    let eml = tmp.path().join(format!("corrected/{stem}-hmicfrs.eml"));
    assert!(attachments(&eml)[0].1 == now[&pdf]);
}

#[test]
fn check_says_what_build_would_refuse_with_the_signed_text_beside_the_new() {
    let tmp = TempDir::new("seal-check");
    let path = northshire(&tmp);
    signed(&tmp);
    let file = path.to_str().unwrap();
    assert_eq!(s55(tmp.path(), &["check", file]).code, 0);
    edit(&path, status_changed);
    // `s55 check` used to pass an edit that `s55 build` then refused.
    let run = s55(tmp.path(), &["check", file]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the published letter cannot change: `causes_of_concern[1].recommendations[0].status` is not what was signed (signed: “completed”; now: “not started”)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("peel-2025.yaml:85:"), "{}", run.stderr);
    // A change of commissioner in the settings is not a refusal.
    edit(&path, |t| {
        t.replacen("status: not started", "status: completed", 1)
    });
    edit(&path.with_file_name("s55.yaml"), |t| {
        t.replace("name: Jordan Hale", "name: Alex Morgan")
    });
    let run = s55(tmp.path(), &["check", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
