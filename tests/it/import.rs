//! `s55 import recs`: text pasted from a report becomes recommendations, structure and words
//! intact.

use crate::support::{TempDir, normalise, root};

/// The seed's recommendations as they appear in the published page.
fn pasted_seed() -> String {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/warwickshire-child-protection-2022.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("immediately reviews the OCC response"))
        .unwrap();
    let end = lines
        .iter()
        .position(|l| l.contains("not held in custody overnight"))
        .unwrap();
    lines[start..=end].join("\n")
}

#[test]
fn the_seed_recommendations_come_out_as_published() {
    let tmp = TempDir::new("import-recs");
    std::fs::write(tmp.path().join("pasted.txt"), pasted_seed()).unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "recs", "pasted.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Put the YAML into the example in place of its own recommendations: the same letter.
    let example =
        std::fs::read_to_string(root().join("examples/warwickshire-child-protection-2022.yaml"))
            .unwrap();
    let head = &example[..example.find("\nrecommendations:").unwrap() + 1];
    let (doc, diags) = s55::load::parse(&format!("{head}{}", run.stdout));
    let doc = doc.unwrap_or_else(|| panic!("{diags:?}\n{}", run.stdout));
    let (original, _) = s55::load::parse(&example);
    let original = original.unwrap();
    assert_eq!(doc.recommendations.len(), 8);
    let counts: Vec<usize> = doc.recommendations.iter().map(|r| r.items.len()).collect();
    assert_eq!(counts, [0, 0, 0, 0, 4, 0, 5, 3]);
    for (a, b) in doc.recommendations.iter().zip(&original.recommendations) {
        assert_eq!(normalise(&a.text), normalise(&b.text));
        let ai: Vec<String> = a.items.iter().map(|p| p.text.clone()).collect();
        let bi: Vec<String> = b.items.iter().map(|p| p.text.clone()).collect();
        assert_eq!(ai, bi);
    }
    let timescales: Vec<&str> = doc
        .recommendations
        .iter()
        .map(|r| r.timescale.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        timescales,
        [
            "immediately",
            "within three months",
            "immediately",
            "within three months",
            "immediately",
            "within six months",
            "immediately",
            "within six months"
        ]
    );
}

#[test]
fn a_pdf_copy_loses_its_page_furniture() {
    let tmp = TempDir::new("import-pdf");
    let pasted = "Recommendations\n1. Within three months, the force should review\nits use of force.\n14\nPEEL 2025 – Kent Police\n2. By 31 March 2026, the force should:\n(a) train staff; and\n(b) audit records.\nPEEL 2025 – Kent Police\n15\nPEEL 2025 – Kent Police\n";
    std::fs::write(tmp.path().join("p.txt"), pasted).unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "recs", "p.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("text: \"Within three months, the force should review its use of force.\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("    numbering: lower-alpha\n    items:\n      - \"train staff; and\"\n      - \"audit records.\""), "{}", run.stdout);
    assert!(!run.stdout.contains("PEEL 2025"));
    assert!(
        run.stderr
            .contains("warning: left out lines 4, 5, 9, 10, 11 of the pasted text: they looked like page numbers or running headers\n --> p.txt:4:1\n  |\n4 | 14\n  | ^^\n"),
        "{}",
        run.stderr
    );
    // The heading over the list is expected, so it is dropped without a word; the timescales
    // keep the report's own capitals.
    assert!(!run.stderr.contains("before the first"), "{}", run.stderr);
    assert!(
        run.stdout.contains("    timescale: \"By 31 March 2026\"\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("    timescale: \"Within three months\"\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn text_before_the_first_recommendation_is_kept_as_a_comment_and_reported_at_its_line() {
    let tmp = TempDir::new("import-preamble");
    let pasted =
        "Our inspection found the following.\n1. The force should review its use of force.\n";
    std::fs::write(tmp.path().join("p.txt"), pasted).unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "recs", "p.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "# not a finding (line 1): \"Our inspection found the following.\"\nrecommendations:\n  - number: 1\n    text: \"The force should review its use of force.\"\n"
    );
    assert_eq!(
        run.stderr,
        "warning: kept 1 line before the first finding as a comment: Our inspection found the following.\n --> p.txt:1:1\n  |\n1 | Our inspection found the following.\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    );
}

#[test]
fn a_published_response_becomes_a_draft_with_every_sentence() {
    let tmp = TempDir::new("import-response");
    let seed = root()
        .join("tests/fixtures/warwickshire-child-protection-2022.txt")
        .display()
        .to_string();
    let run = crate::support::s55(tmp.path(), &["import", "response", &seed]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the chief officer's name is only a surname from the text"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: kept 5 lines the import could not place under `unplaced:`"),
        "{}",
        run.stderr
    );
    for want in [
        "title: \"Response to Warwickshire – National child protection inspection\"",
        "  area: \"Warwickshire\"",
        "  name: \"Philip Seccombe\"\n  post_nominals: \"TD\"\n  title: \"Police and Crime Commissioner\"",
        "chief_officer:\n  name: \"Tedds\"",
        "force: \"Warwickshire Police\"",
        "  published: 2022-08-05",
        "  - kind: chief-officer-comments\n    heading: \"Comments from the Chief Constable\"",
        "  - kind: response\n    heading: \"Comments from the local policing body on the CC’s comments\"",
        "  - kind: publication\n    heading: false",
        "form: statement",
    ] {
        assert!(
            run.stdout.contains(want),
            "{want} missing from:\n{}",
            run.stdout
        );
    }
    // The draft checks (with warnings only) and renders every sentence of the original.
    std::fs::write(tmp.path().join("draft.yaml"), &run.stdout).unwrap();
    let check = crate::support::s55(tmp.path(), &["check", "draft.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let (md, html) = crate::support::render(&tmp.path().join("draft.yaml"));
    let sentences = crate::seed::seed_sentences();
    let md_text = normalise(&crate::support::markdown_text(&md));
    let html_text = normalise(&crate::support::html_text(&html));
    for s in &sentences {
        assert!(md_text.contains(s.as_str()), "Markdown lacks: {s}");
        assert!(html_text.contains(s.as_str()), "HTML lacks: {s}");
    }
}

#[test]
fn a_single_unnumbered_recommendation_is_still_one() {
    let tmp = TempDir::new("import-none");
    std::fs::write(
        tmp.path().join("p.txt"),
        "The force should improve how it answers calls.\n",
    )
    .unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "recs", "p.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "recommendations:\n  - number: 1\n    text: \"The force should improve how it answers calls.\"\n"
    );
    assert!(
        run.stderr.contains(
            "warning: found no numbered finding: read 1 sentence that asks the force for something as a finding; check it\n --> p.txt:1:1\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_binary_file_is_refused_and_nothing_is_written() {
    let tmp = TempDir::new("import-binary");
    std::fs::write(tmp.path().join("p.bin"), [0u8, 1, 2, 3, 255, 0, 7]).unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "response", "p.bin"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("error: the input is not text"),
        "{}",
        run.stderr
    );
    std::fs::write(tmp.path().join("p.docx"), b"PK\x03\x04not a zip").unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "response", "p.docx"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("this Word document cannot be read"),
        "{}",
        run.stderr
    );
    std::fs::write(
        tmp.path().join("e.html"),
        "<html><body><nav>Home</nav></body></html>",
    )
    .unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "response", "e.html"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no text to import"), "{}", run.stderr);
}

#[test]
fn a_tracker_gives_status_and_owner_and_a_register_its_answers() {
    let dir = root().join("tests/fixtures/import/recs");
    let run = crate::support::s55(
        &dir,
        &["import", "recs", "west-mercia-peel-2018-19-tracker.txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("  - number: ").count(),
        7,
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("    status: completed\n").count(),
        6,
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout
            .matches("    owner: \"West Mercia Police\"\n")
            .count(),
        7,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("# status as the tracker gives it: \"Superseded\"")
    );
    let run = crate::support::s55(&dir, &["import", "recs", "mps-search-warrants-2021.txt"]);
    assert!(run.stdout.contains("    response: \"This is addressed by the new mandatory training for officers and supervisors.\"\n"), "{}", run.stdout);
    let run = crate::support::s55(
        &dir,
        &["import", "recs", "vetting-misconduct-2022-lead-in.txt"],
    );
    assert!(run.stdout.contains("    text: \"HMICFRS has made 43 recommendations which include:\"\n    numbering: bullet\n    items:\n      - \"updating minimum standards"), "{}", run.stdout);
}

#[test]
fn input_with_nothing_to_import_is_refused_and_nothing_is_written() {
    let tmp = TempDir::new("import-bad-inputs");
    let bad = root().join("tests/fixtures/import/bad");
    for (file, error) in [
        (
            "scanned.pdf",
            "error: this PDF has no text to import: it may be scanned\n",
        ),
        (
            "encrypted.pdf",
            "error: this PDF is encrypted with a password, so its text cannot be read: import an unprotected copy or its text\n",
        ),
        (
            "corrupt.docx",
            "error: this Word document cannot be read (it may be damaged or only partly downloaded): invalid Zip archive: Could not find EOCD\n",
        ),
        (
            "binary.bin",
            "error: the input is not text (nor a web page, PDF or Word document): nothing to import\n",
        ),
        (
            "empty-page.html",
            "error: the input has no text to import: it is empty\n",
        ),
    ] {
        let input = bad.join(file).display().to_string();
        for command in ["response", "recs"] {
            let out = tmp.path().join(format!("{file}-{command}"));
            let mut args = vec!["import", command, input.as_str()];
            let out_arg = out.display().to_string();
            if command == "response" {
                args.extend(["--out", out_arg.as_str()]);
            }
            let run = crate::support::s55(tmp.path(), &args);
            assert_eq!(run.code, 1, "{file}: {}", run.stderr);
            assert_eq!(run.stdout, "", "{file}");
            assert_eq!(run.stderr, format!("{error}  --> {input}\n"), "{file}");
            assert!(!out.exists(), "{file}: {} was made", out.display());
        }
    }
}

#[test]
fn a_web_page_table_of_findings_is_read_by_its_header_into_the_fields() {
    let tmp = TempDir::new("import-html-table");
    let page = "<!DOCTYPE html><html><body><nav>Home</nav><main><h1>Response to HMICFRS PEEL 2023 – Kent Police</h1>\n<p>I welcome the report, published on 3 March 2023, by the Police and Crime Commissioner for Kent.</p>\n<h2>Recommendations</h2>\n<table><thead><tr><th>Recommendation</th><th>Force response</th><th>PCC comment</th><th>Status</th><th>Owner</th><th>Due</th></tr></thead>\n<tbody><tr><td>1. Within three months, the force should review its call handling.</td><td><p>The force has begun a review.</p><p>It reports in May.</p></td><td>I will hold the Chief Constable to account.</td><td>In progress</td><td>ACC Operations</td><td>June 2023</td></tr>\n<tr><td>2. The force should train staff.</td><td>Training is under way.</td><td>I welcome this.</td><td>Completed</td><td>Head of Learning</td><td></td></tr></tbody></table>\n<p>Matthew Scott</p></main></body></html>\n";
    std::fs::write(tmp.path().join("kent.html"), page).unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "response", "kent.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("recommendations:\n  - number: 1\n    text: \"Within three months, the force should review its call handling.\"\n    timescale: \"Within three months\"\n    force_response: \"The force has begun a review. It reports in May.\"\n    response: \"I will hold the Chief Constable to account.\"\n    status: in progress\n    owner: \"ACC Operations\"\n    # \"Due: June 2023\"\n  - number: 2\n    text: \"The force should train staff.\"\n    force_response: \"Training is under way.\"\n    response: \"I welcome this.\"\n    status: completed\n    owner: \"Head of Learning\"\n"), "{}", run.stdout);
    // The warning points at the header row in the page's own source.
    assert!(run.stderr.contains("warning: read a table of findings by its header row: `Recommendation` as text, `Force response` as the force's response, `PCC comment` as response, `Status` as status, `Owner` as owner, `Due` as a comment\n --> kent.html:4:23\n"), "{}", run.stderr);
    std::fs::write(tmp.path().join("kent.yaml"), &run.stdout).unwrap();
    let check = crate::support::s55(tmp.path(), &["check", "kent.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_tab_table_pasted_from_a_tracker_gives_each_column_its_field() {
    let tmp = TempDir::new("import-tab-table");
    std::fs::write(
        tmp.path().join("t.txt"),
        "Area for improvement\tUpdate\tRAG\tLead\nThe force should map its demand.\tDemand was mapped in May.\tComplete\tACC Crime\n",
    )
    .unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "recs", "t.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "areas_for_improvement:\n  - number: 1\n    text: \"The force should map its demand.\"\n    response: \"Demand was mapped in May.\"\n    status: completed\n    owner: \"ACC Crime\"\n"
    );
}

/// A Welsh edition and then an English one, the English without the chief officer's part.
const BILINGUAL: &str = "Ymateb y Comisiynydd

Mae’r adroddiad yn dangos bod yr heddlu yn dda ac mae wedi gwella yn y flwyddyn. Mae gan yr heddlu waith i’w wneud ar y materion hyn ac mae wedi dechrau yn barod.

Argymhellion

1. Dylai’r heddlu wella’r ffordd y mae’n ateb galwadau.
2. Dylai’r heddlu gofnodi pryderon dioddefwyr.

Ymateb Prif Gwnstabl

Mae’r Prif Gwnstabl yn derbyn yr argymhellion ac mae cynllun ar waith yn yr heddlu.

The Commissioner’s response

The report shows that the force is good and that it has improved in the year. The force has work to do on these matters and it has started on the work.

Recommendations

1. The force should improve how it answers calls.
2. The force should record the concerns of victims.
";

#[test]
fn a_welsh_and_an_english_edition_become_one_bilingual_draft_paired_part_by_part() {
    let tmp = TempDir::new("import-bilingual-editions");
    std::fs::write(tmp.path().join("both.txt"), BILINGUAL).unwrap();
    let run = crate::support::s55(tmp.path(), &["import", "response", "both.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for want in [
        "# The text holds a Welsh edition (lines 1–12) and an English edition (lines 14–21), drafted as one bilingual response.\n",
        "\nlanguage: bilingual\nfirst: cy\n",
        "opening:\n  cy: \"Mae’r adroddiad yn dangos bod yr heddlu yn dda",
        "\n  en: \"The report shows that the force is good",
        // The recommendations paired by number, each in both languages.
        "recommendations:\n  - number: 1\n    text:\n      cy: \"Dylai’r heddlu wella’r ffordd y mae’n ateb galwadau.\"\n      en: \"The force should improve how it answers calls.\"\n  - number: 2\n    text:\n      cy: \"Dylai’r heddlu gofnodi pryderon dioddefwyr.\"\n      en: \"The force should record the concerns of victims.\"\n",
        "  - kind: recommendations\n    heading:\n      cy: \"Argymhellion\"\n      en: \"Recommendations\"\n",
        // The part the English edition lacks, kept with its English to write.
        "  - kind: chief-officer-comments\n    heading:\n      cy: \"Ymateb Prif Gwnstabl\"\n      en: \"TODO: the English text\"\n    text:\n      cy: \"Mae’r Prif Gwnstabl yn derbyn yr argymhellion ac mae cynllun ar waith yn yr heddlu.\"\n      en: \"TODO: the English text\"\n",
    ] {
        assert!(
            run.stdout.contains(want),
            "{want} missing from:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.starts_with("# Imported by s55"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\ndraft: true\n"), "{}", run.stdout);
    assert!(
        run.stderr.starts_with(
            "warning: the English edition begins here: the draft pairs its parts with the Welsh edition's\n  --> both.txt:14:1\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: the `chief-officer-comments` part (`sections[1]`) is in the Welsh edition only: its `en:` text is a TODO to translate\n  --> both.txt:12:1\n   |\n12 | Mae’r Prif Gwnstabl yn derbyn yr argymhellion ac mae cynllun ar waith yn yr heddlu.\n"
        ),
        "{}",
        run.stderr
    );
    // A warning about the whole text is given once, not once per edition.
    assert_eq!(
        run.stderr
            .matches("warning: could not find the police area")
            .count(),
        1,
        "{}",
        run.stderr
    );
    // The draft checks without errors and renders both editions and the bilingual document.
    std::fs::write(tmp.path().join("both.yaml"), &run.stdout).unwrap();
    let check = crate::support::s55(tmp.path(), &["check", "both.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .ends_with("checked 1 file: 0 errors, 11 warnings\n"),
        "{}",
        check.stderr
    );
    let out = tmp.path().join("out");
    let render = crate::support::s55(
        tmp.path(),
        &["render", "both.yaml", "--out", out.to_str().unwrap()],
    );
    assert_eq!(render.code, 0, "{}", render.stderr);
    let cy = std::fs::read_to_string(out.join("both.cy.md")).unwrap();
    let en = std::fs::read_to_string(out.join("both.en.md")).unwrap();
    assert!(
        cy.contains("Dylai’r heddlu gofnodi pryderon dioddefwyr."),
        "{cy}"
    );
    assert!(
        en.contains("The force should record the concerns of victims."),
        "{en}"
    );
    assert!(!en.contains("Dylai’r heddlu"), "{en}");
}
