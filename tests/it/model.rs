//! The response model as real reports need it: causes of concern holding their
//! recommendations, numbers as the report writes them, addressees, report kinds in any case,
//! office settings written once, footnotes, names in running text and `s55 new`.

use std::path::{Path, PathBuf};

use crate::support::{TempDir, root, s55};

/// The Northshire office (its settings and its PEEL response) copied into a temporary folder.
fn northshire(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("northshire");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["s55.yaml", "peel-2025.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(root().join("examples/northshire").join(f), dir.join(f)).unwrap();
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn nested_recommendations_count_for_section_55_5b_everywhere() {
    let tmp = TempDir::new("nested");
    let dir = northshire(&tmp);
    let check = s55(&dir, &["check", "peel-2025.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    // Three recommendations, all under causes of concern: 1.1 and 2.1 answered, 1.2
    // addressed to the Home Office.
    let status = s55(
        tmp.path(),
        &["status", "northshire", "--json", "--today", "2026-02-01"],
    );
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let row = &json["responses"][0];
    assert_eq!(row["recommendations"]["total"], 3, "{row}");
    assert_eq!(row["recommendations"]["answered"], 3, "{row}");
    assert_eq!(row["causes_of_concern"]["total"], 2);
    assert_eq!(row["duties_broken"], serde_json::json!([]));
    // Without its response, 2.1 is a recommendation with no response of its own, at its path.
    let file = dir.join("peel-2025.yaml");
    edit(
        &file,
        "        response: |\n          Supervisory reviews are audited each month; the first audit found 92% on time.\n",
        "",
    );
    let check = s55(&dir, &["check", "peel-2025.yaml"]);
    assert!(
        check
            .stderr
            .contains("warning: recommendation 2.1 has no response of its own\n"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("= at causes_of_concern[1].recommendations[0]")
    );
    let build = s55(tmp.path(), &["build", "northshire", "-q"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("public/responses.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["responses"][0]["recommendations"],
        serde_json::json!({"total": 3, "answered": 2})
    );
}

#[test]
fn a_duplicated_nested_number_is_an_error_at_its_place() {
    let tmp = TempDir::new("dup-nested");
    let dir = northshire(&tmp);
    edit(
        &dir.join("peel-2025.yaml"),
        "number: \"1.2\"",
        "number: \"1.1\"",
    );
    let run = s55(&dir, &["check", "peel-2025.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: two of the causes_of_concern[0].recommendations are numbered 1.1\n  --> peel-2025.yaml:67:17\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "= help: causes_of_concern[0].recommendations[0] has the same number; give each its number from the report"
    ));
    // The same number under another cause of concern is another list: no clash.
    edit(
        &dir.join("peel-2025.yaml"),
        "number: \"1.1\"\n        text: >-\n          Within six",
        "number: \"1.2\"\n        text: >-\n          Within six",
    );
    edit(
        &dir.join("peel-2025.yaml"),
        "number: \"2.1\"",
        "number: \"1.1\"",
    );
    assert_eq!(s55(&dir, &["check", "peel-2025.yaml"]).code, 0);
}

#[test]
fn kinds_match_in_any_case_and_an_unknown_one_is_told_the_nearest() {
    let tmp = TempDir::new("kinds");
    let dir = northshire(&tmp);
    let file = dir.join("peel-2025.yaml");
    // `kind: PEEL` and `grade: requires improvement` are as people write them.
    assert_eq!(s55(&dir, &["check", "peel-2025.yaml"]).code, 0);
    edit(&file, "kind: PEEL", "kind: Post inspection review");
    assert_eq!(s55(&dir, &["check", "peel-2025.yaml"]).code, 0);
    edit(&file, "kind: Post inspection review", "kind: custdy");
    let run = s55(&dir, &["check", "peel-2025.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: `custdy` is not one of the values allowed here\n  --> peel-2025.yaml:10:9\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= help: did you mean `custody`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn office_settings_are_inherited_and_a_conflict_is_said_where_it_is() {
    let tmp = TempDir::new("office");
    let dir = northshire(&tmp);
    let (md, html) = crate::support::render(&dir.join("peel-2025.yaml"));
    // From s55.yaml: the body, its address (the page's letterhead), the commissioner and the
    // chief officer.
    assert!(
        md.contains(
            "**From:** Office of the Police, Fire and Crime Commissioner for Northshire\\\n**To:**"
        ),
        "{md}"
    );
    assert!(
        html.contains("<address class=\"letterhead\">Northshire House<br>\n4 Market Street<br>"),
        "{html}"
    );
    assert!(md.contains("— Priya Chandran QPM, Chief Constable"));
    assert!(md.contains("Jordan Hale\\\nPolice, Fire and Crime Commissioner"));
    // A response that names another force is warned, at its own line, naming the settings'.
    edit(
        &dir.join("peel-2025.yaml"),
        "date: 2026-01-22\n",
        "date: 2026-01-22\nforce: Southshire Police\n",
    );
    let run = s55(&dir, &["check", "peel-2025.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: `force` is `Southshire Police` here but `Northshire Police` in the office's settings ("), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("s55.yaml:34)\n --> peel-2025.yaml:7:8\n"),
        "{}",
        run.stderr
    );
    // A mistake in an inherited value is shown in the settings file.
    edit(&dir.join("s55.yaml"), "kind: pfcc", "kind: pfc");
    let run = s55(&dir, &["check", "peel-2025.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `pfc` is not one of the values allowed here\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("s55.yaml:8:11\n  |\n8 |     kind: pfc\n"),
        "{}",
        run.stderr
    );
    // A field that is not an office detail is refused where it is.
    edit(&dir.join("s55.yaml"), "kind: pfc", "kind: pfcc");
    edit(
        &dir.join("s55.yaml"),
        "  force: Northshire Police\n",
        "  force: Northshire Police\n  sections: []\n",
    );
    let run = s55(&dir, &["check", "peel-2025.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: `office` holds `sections`, which is not one of the office's details\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_settings_change_renders_again_only_the_responses_that_use_it() {
    let tmp = TempDir::new("office-rebuild");
    let dir = northshire(&tmp);
    // Drafts: a published final's words are frozen, and a settings change that alters them
    // is refused (tests/it/record.rs).
    edit(
        &dir.join("peel-2025.yaml"),
        "date: 2026-01-22\n",
        "date: 2026-01-22\ndraft: true\n",
    );
    // A second response that gives its own chief officer.
    let own = std::fs::read_to_string(dir.join("peel-2025.yaml"))
        .unwrap()
        .replace(
            "date: 2026-01-22\n",
            "date: 2026-01-22\nchief_officer: {name: Sam Price, title: Chief Constable}\n",
        )
        .replace("PEEL 2025 – Police", "PEEL 2025 (second) – Police");
    std::fs::write(dir.join("own-chief.yaml"), own).unwrap();
    let first = s55(tmp.path(), &["build", "northshire", "--drafts"]);
    assert!(
        first.stderr.contains("2 rendered, 0 kept"),
        "{}",
        first.stderr
    );
    edit(
        &dir.join("s55.yaml"),
        "name: Priya Chandran",
        "name: Priya Chandran-Hughes",
    );
    let again = s55(tmp.path(), &["build", "northshire", "--drafts"]);
    assert!(
        again.stderr.contains("1 rendered, 1 kept"),
        "{}",
        again.stderr
    );
    edit(&dir.join("s55.yaml"), "email: enquiries@", "email: office@");
    let both = s55(tmp.path(), &["build", "northshire", "--drafts"]);
    assert!(
        both.stderr.contains("2 rendered, 0 kept"),
        "{}",
        both.stderr
    );
}

#[test]
fn a_force_that_takes_the_reads_right_in_fixed_phrases() {
    let (md, _) = crate::support::render(&root().join("examples/mopac-thematic-statement.yaml"));
    assert!(
        md.contains("This recommendation does not apply to the Metropolitan Police Service."),
        "{md}"
    );
}

#[test]
fn status_labels_are_in_each_edition_s_language() {
    let tmp = TempDir::new("bilingual-status");
    std::fs::write(
        tmp.path().join("s55.yaml"),
        "published_fields: [status]\nstatuses:\n  - name: in progress\n    label: {en: Under way, cy: Ar y gweill}\n  - name: not started\n  - name: completed\n    closed: true\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/bilingual-teifi-valley.yaml"),
        tmp.path().join("b.yaml"),
    )
    .unwrap();
    let run = s55(tmp.path(), &["render", "b.yaml", "--format", "md", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cy = std::fs::read_to_string(tmp.path().join("b.cy.md")).unwrap();
    let en = std::fs::read_to_string(tmp.path().join("b.en.md")).unwrap();
    assert!(cy.contains("* **Statws:** Ar y gweill"), "{cy}");
    // Not in the office's list in Welsh: the Welsh locale's word for it.
    assert!(cy.contains("* **Statws:** Heb ddechrau"), "{cy}");
    assert!(en.contains("* **Status:** Under way"), "{en}");
}

#[test]
fn footnotes_are_notes_with_links_both_ways() {
    let (md, html) = crate::support::render(&root().join("examples/northshire/peel-2025.yaml"));
    assert!(md.contains("crime[^grades]"));
    assert!(html.contains("crime<sup class=\"footnote-ref\"><a href=\"#note-1\" id=\"note-ref-1\" role=\"doc-noteref\">1</a></sup>"), "{html}");
    assert!(html.contains("<li id=\"note-2\">\n<p><em>PEEL 2023–25: An inspection of Northshire Police</em>, published in March 2024.</p>"), "{html}");
    assert!(html.contains("<a href=\"#note-ref-2\" role=\"doc-backlink\""));
}

#[test]
fn new_writes_a_scaffold_for_the_report_and_language_that_checks() {
    let tmp = TempDir::new("new-scaffolds");
    for (kind, lang) in [("peel", "en"), ("peel", "bilingual"), ("custody", "cy")] {
        let file = format!("{kind}-{lang}.yaml");
        let run = s55(
            tmp.path(),
            &[
                "new",
                "--report-kind",
                kind,
                "--language",
                lang,
                "--published",
                "2026-03-12",
                "-o",
                &file,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(tmp.path().join(&file)).unwrap();
        assert!(!text.lines().any(|l| l.starts_with("date:")), "{text}");
        if kind == "peel" {
            assert!(text.contains("causes_of_concern:") && text.contains("number: \"1.1\""));
            assert!(text.contains("grades:") && text.contains("areas_for_improvement:"));
        }
        let check = s55(tmp.path(), &["check", &file]);
        assert!(
            check.stderr.contains("checked 1 file: 0 errors"),
            "{file}: {}",
            check.stderr
        );
    }
    // Never over a file that is there, unless asked.
    let again = s55(tmp.path(), &["new", "-o", "peel-en.yaml"]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        "error: `peel-en.yaml` is already there; choose another name, or add --overwrite to replace it\n"
    );
    assert_eq!(
        s55(tmp.path(), &["new", "-o", "peel-en.yaml", "--overwrite"]).code,
        0
    );
    // Undated, a scaffold is owed, never "on time".
    let status = s55(
        tmp.path(),
        &["status", ".", "--csv", "--today", "2026-03-20"],
    );
    assert!(status.stdout.contains("48 days left"), "{}", status.stdout);
    assert!(!status.stdout.contains("on time"), "{}", status.stdout);
}

#[test]
fn a_footnote_label_two_texts_share_leads_each_reference_to_its_own_note() {
    let tmp = TempDir::new("footnote-collide");
    let text = std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml"))
        .unwrap()
        .replacen(
            "      Professional Standards Directorate.\n",
            "      Professional Standards Directorate.[^1] Each month.[^1]\n\n      [^1]: Its monthly report to the Deputy Mayor.\n",
            1,
        )
        .replacen(
            "      is consulted.\n",
            "      is consulted.[^1]\n\n      [^1]: The Home Office's consultation of 2026.\n",
            1,
        );
    let path = tmp.path().join("mopac.yaml");
    std::fs::write(&path, text).unwrap();
    let (md, html) = crate::support::render(&path);
    // The Markdown gives the second text's note a label of its own.
    assert!(md.contains("Directorate.[^1] Each month.[^1]"), "{md}");
    assert!(
        md.contains("[^1]: Its monthly report to the Deputy Mayor."),
        "{md}"
    );
    assert!(md.contains("consulted.[^1-2]"), "{md}");
    assert!(
        md.contains("[^1-2]: The Home Office’s consultation of 2026."),
        "{md}"
    );
    // Both notes are listed, each reference leads to its own, and every id is unique.
    assert!(
        html.contains("<a href=\"#note-1\" id=\"note-ref-1\" role=\"doc-noteref\">1</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#note-1\" id=\"note-ref-1-2\" role=\"doc-noteref\">1</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#note-2\" id=\"note-ref-2\" role=\"doc-noteref\">2</a>"),
        "{html}"
    );
    let notes = html
        .split("<section class=\"footnotes\"")
        .nth(1)
        .expect("notes");
    assert!(
        notes.contains("<li id=\"note-1\">\n<p>Its monthly report to the Deputy Mayor.</p>"),
        "{notes}"
    );
    assert!(
        notes.contains("<li id=\"note-2\">\n<p>The Home Office"),
        "{notes}"
    );
    assert!(notes.contains("consultation of 2026.</p>"), "{notes}");
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "ids are unique");
}

#[test]
fn the_office_s_text_is_typographic_unless_its_settings_say_not() {
    let tmp = TempDir::new("smart-punctuation");
    let typed = "      Professional Standards Directorate. The force's \"new plan\" -- due in May --- is 'ready'...\n";
    let text = std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml"))
        .unwrap()
        .replacen("      Professional Standards Directorate.\n", typed, 1);
    let path = tmp.path().join("mopac.yaml");
    std::fs::write(&path, &text).unwrap();
    let smart = "The force’s “new plan” – due in May — is ‘ready’…";
    let (md, html) = crate::support::render(&path);
    assert!(md.contains(smart), "{md}");
    assert!(html.contains(smart), "{html}");
    let out = s55(
        tmp.path(),
        &["render", "mopac.yaml", "--format", "pdf", "--out", "out"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pdf = std::fs::read(tmp.path().join("out/mopac.pdf")).unwrap();
    let words = crate::support::normalise(&crate::pdf::pdf_text(&pdf));
    assert!(words.contains(smart), "{words}");

    // In Welsh alike.
    let welsh =
        std::fs::read_to_string(root().join("examples/bilingual-teifi-valley.yaml")).unwrap();
    assert!(welsh.contains("cy: |"), "a bilingual text to type into");
    let welsh = welsh.replacen(
        "cy: |\n",
        "cy: |\n        Dyma \"gynllun\" yr heddlu -- a'i nod...\n\n",
        1,
    );
    std::fs::write(tmp.path().join("teifi.yaml"), welsh).unwrap();
    let out = s55(
        tmp.path(),
        &["render", "teifi.yaml", "--format", "md", "--out", "out"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = std::fs::read_to_string(tmp.path().join("out/teifi.md")).unwrap();
    assert!(md.contains("Dyma “gynllun” yr heddlu – a’i nod…"), "{md}");

    // Off in the office's settings: as typed.
    std::fs::write(tmp.path().join("s55.yaml"), "smart_punctuation: false\n").unwrap();
    let (md, html) = crate::support::render(&path);
    assert!(
        md.contains("The force's \"new plan\" -- due in May --- is 'ready'..."),
        "{md}"
    );
    assert!(
        html.contains("The force's &quot;new plan&quot; -- due in May --- is 'ready'...")
            || html.contains(
                "The force&#39;s &quot;new plan&quot; -- due in May --- is &#39;ready&#39;..."
            )
            || html.contains("The force's \"new plan\" -- due in May --- is 'ready'..."),
        "{html}"
    );
}
