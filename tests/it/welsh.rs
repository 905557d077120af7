//! Welsh and bilingual editions: Welsh wording and dates, `lang` on pages and passages,
//! parallel pages that link to each other, the PDF's languages, and a bilingual response's
//! missing translations.

use crate::support::{TempDir, root, s55};

fn render_bilingual(tmp: &TempDir) -> std::path::PathBuf {
    let file = root()
        .join("examples/bilingual-teifi-valley.yaml")
        .display()
        .to_string();
    let run = s55(tmp.path(), &["render", &file, "--out", "out", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    tmp.path().join("out")
}

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_bilingual_response_gives_a_bilingual_document_and_two_parallel_ones() {
    let tmp = TempDir::new("bilingual");
    let out = render_bilingual(&tmp);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bilingual-teifi-valley.cy.html",
            "bilingual-teifi-valley.cy.md",
            "bilingual-teifi-valley.cy.pdf",
            "bilingual-teifi-valley.en.html",
            "bilingual-teifi-valley.en.md",
            "bilingual-teifi-valley.en.pdf",
            "bilingual-teifi-valley.html",
            "bilingual-teifi-valley.md",
            "bilingual-teifi-valley.pdf",
        ]
    );
}

#[test]
fn the_welsh_edition_is_in_welsh_words_and_dates() {
    let tmp = TempDir::new("welsh-words");
    let out = render_bilingual(&tmp);
    let md = read(&out, "bilingual-teifi-valley.cy.md");
    for words in [
        "# Ymateb i adroddiad HMICFRS ‘Arolygiad PEEL 2025 – Heddlu Dyffryn Teifi’",
        "**Oddi wrth:** Swyddfa Comisiynydd Heddlu a Throseddu Dyffryn Teifi",
        "**Dyddiad:** 2 Ebrill 2026",
        "cyhoeddwyd 12 Chwefror 2026",
        "ar gyfer yr Ysgrifennydd Cartref ac Arolygiaeth Cwnstabliaeth",
        "## Argymhellion",
        "### Argymhelliad 1",
        "* **Amserlen:** o fewn tri mis (erbyn 12 Mai 2026)",
        "## Sylwadau’r Prif Gwnstabl",
        "— Dafydd ap Rhys, Prif Gwnstabl",
        "Bydd yr ymateb hwn yn cael ei gyhoeddi ar wefan Swyddfa Comisiynydd Heddlu a Throseddu Dyffryn Teifi.",
    ] {
        assert!(md.contains(words), "{words:?} missing from:\n{md}");
    }
    let en = read(&out, "bilingual-teifi-valley.en.md");
    assert!(en.contains("**Date:** 2 April 2026"));
    assert!(
        en.contains("* **Timescale:** within three months (due 12 May 2026)"),
        "{en}"
    );
}

#[test]
fn pages_and_passages_carry_their_language_and_link_to_each_other() {
    let tmp = TempDir::new("welsh-lang");
    let out = render_bilingual(&tmp);
    let cy = read(&out, "bilingual-teifi-valley.cy.html");
    let en = read(&out, "bilingual-teifi-valley.en.html");
    let both = read(&out, "bilingual-teifi-valley.html");
    assert!(cy.contains("<html lang=\"cy\">"));
    assert!(en.contains("<html lang=\"en-GB\">"));
    assert!(cy.contains(
        "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"bilingual-teifi-valley.en.html\">"
    ));
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"cy\" href=\"bilingual-teifi-valley.cy.html\">"
    ));
    assert!(cy.contains("<a href=\"bilingual-teifi-valley.en.html\" hreflang=\"en-GB\" lang=\"en-GB\">Read this response in English</a>"));
    assert!(en.contains("<a href=\"bilingual-teifi-valley.cy.html\" hreflang=\"cy\" lang=\"cy\">Darllenwch yr ymateb hwn yn Gymraeg</a>"));
    // The bilingual document: Welsh first, each part marked, one h1 over both.
    assert!(both.contains("<html lang=\"cy\">"));
    let cy_part = both.find("<div lang=\"cy\">").unwrap();
    let en_part = both.find("<div lang=\"en-GB\">").unwrap();
    assert!(cy_part < en_part, "Welsh first");
    assert_eq!(both.matches("<h1").count(), 1);
    assert!(
        both.contains(
            "\">Ymateb i adroddiad HMICFRS ‘Arolygiad PEEL 2025 – Heddlu Dyffryn Teifi’</h2>"
        ),
        "each edition's title one level down"
    );
    // The English-first order is the office's choice.
    let file =
        std::fs::read_to_string(root().join("examples/bilingual-teifi-valley.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("en-first.yaml"),
        file.replace("first: cy", "first: en"),
    )
    .unwrap();
    assert_eq!(
        s55(
            tmp.path(),
            &["render", "en-first.yaml", "--format", "html", "-q"]
        )
        .code,
        0
    );
    let html = read(tmp.path(), "en-first.html");
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(html.find("<div lang=\"en-GB\">").unwrap() < html.find("<div lang=\"cy\">").unwrap());
}

#[test]
fn the_pdfs_keep_welsh_letters_and_say_their_languages() {
    let tmp = TempDir::new("welsh-pdf");
    let out = render_bilingual(&tmp);
    let cy = std::fs::read(out.join("bilingual-teifi-valley.cy.pdf")).unwrap();
    let text = crate::pdf::pdf_text(&cy);
    for words in [
        "Tudalen 1 o 2",
        "Comisiynydd Heddlu a Throseddu",
        "Gwenllian Ŵyn Prys",
        "Tân",
        "Dyddiad:",
    ] {
        assert!(text.contains(words), "{words} in:\n{text}");
    }
    // An owner is the office's own tracking, published only where its settings say.
    assert!(!text.contains("Prif Uwch-arolygydd"), "{text}");
    let doc = lopdf::Document::load_mem(&cy).unwrap();
    assert_eq!(
        doc.catalog()
            .unwrap()
            .get(b"Lang")
            .unwrap()
            .as_str()
            .unwrap(),
        b"cy"
    );
    // The bilingual PDF marks each part with its language.
    let both = std::fs::read(out.join("bilingual-teifi-valley.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&both).unwrap();
    let mut parts = Vec::new();
    for o in doc.objects.values() {
        if let lopdf::Object::Dictionary(d) = o
            && d.get(b"S").and_then(lopdf::Object::as_name).ok() == Some(b"Part".as_slice())
        {
            parts.push(
                String::from_utf8_lossy(d.get(b"Lang").unwrap().as_str().unwrap()).into_owned(),
            );
        }
    }
    parts.sort();
    assert_eq!(parts, ["cy", "en-GB"]);
    // Every Welsh letter survives in a Welsh document's PDF.
    let fixture =
        std::fs::read_to_string(root().join("tests/fixtures/valid/welsh-letters.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("cy.yaml"),
        format!("language: cy\n{fixture}"),
    )
    .unwrap();
    assert_eq!(
        s55(tmp.path(), &["render", "cy.yaml", "--format", "pdf", "-q"]).code,
        0
    );
    let text = crate::pdf::pdf_text(&std::fs::read(tmp.path().join("cy.pdf")).unwrap());
    for c in ["ŵ", "ŷ", "Ŵ", "Ŷ", "â", "ê", "î", "ô", "û", "ï", "ë"] {
        assert!(text.contains(c), "{c} lost in:\n{text}");
    }
}

#[test]
fn a_missing_translation_is_an_error_that_names_the_field() {
    let tmp = TempDir::new("welsh-missing");
    let file =
        std::fs::read_to_string(root().join("examples/bilingual-teifi-valley.yaml")).unwrap();
    let broken = file
        .replace(
            "      cy: Rydym yn derbyn yr argymhellion ac mae cynllun gwella ar waith.\n",
            "",
        )
        .replace(
            "force: {cy: Heddlu Dyffryn Teifi, en: Teifi Valley Police}",
            "force: Teifi Valley Police",
        );
    std::fs::write(tmp.path().join("r.yaml"), broken).unwrap();
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `sections[2].text` has no Welsh text\n  --> r.yaml:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: give it under `cy:` beside the English one"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: `force` is in one language only"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_archive_gives_each_edition_an_address_and_offers_both() {
    let tmp = TempDir::new("welsh-archive");
    std::fs::create_dir(tmp.path().join("responses")).unwrap();
    std::fs::copy(
        root().join("examples/bilingual-teifi-valley.yaml"),
        tmp.path().join("responses/teifi.yaml"),
    )
    .unwrap();
    let run = s55(tmp.path(), &["build", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("public/responses/teifi-valley-police/2026-02-12-peel-2025-an-inspection-of-teifi-valley-police");
    for f in [
        "index.html",
        "2026-02-12-peel-2025-an-inspection-of-teifi-valley-police.cy.html",
        "2026-02-12-peel-2025-an-inspection-of-teifi-valley-police.en.html",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let index = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    assert!(index.contains(">Cymraeg<span class=\"size\">"), "{index}");
    assert!(index.contains(">English<span class=\"size\">"));
    assert!(
        index.contains(">PEEL 2025 – An inspection of Teifi Valley Police</a>"),
        "listed by its English edition"
    );
}

#[test]
fn the_welsh_tracker_gives_timescales_in_welsh() {
    let tmp = TempDir::new("welsh-tracker");
    let file = root()
        .join("examples/bilingual-teifi-valley.yaml")
        .display()
        .to_string();
    let run = s55(
        tmp.path(),
        &[
            "render",
            &file,
            "--out",
            "out",
            "-q",
            "--tracker",
            "--format",
            "md",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let welsh = read(&tmp.path().join("out"), "bilingual-teifi-valley.cy.md");
    // "O fewn tri mis" is three months; the Welsh tracker said so in English before its
    // words came from the Welsh locale.
    let row = welsh
        .lines()
        .find(|l| l.starts_with("| 1 "))
        .unwrap_or_else(|| panic!("no tracker row in:\n{welsh}"));
    assert!(row.contains("| 3 mis |"), "{row}");
    assert!(!welsh.contains("three months"), "{welsh}");
    assert!(welsh.contains("erbyn 31 Mawrth 2027"), "{welsh}");
    let english = read(&tmp.path().join("out"), "bilingual-teifi-valley.en.md");
    assert!(english.contains("| three months |"), "{english}");
}

#[test]
fn a_note_on_the_english_timescale_points_at_the_english_line() {
    let tmp = TempDir::new("bilingual-note");
    let text = std::fs::read_to_string(root().join("examples/bilingual-teifi-valley.yaml"))
        .unwrap()
        .replace(
            "    timescale: {cy: o fewn tri mis, en: within three months}",
            "    timescale:\n      cy: o fewn tri mis\n      en: within three months",
        );
    std::fs::write(tmp.path().join("b.yaml"), &text).unwrap();
    let line = text
        .lines()
        .position(|l| l == "      en: within three months")
        .unwrap()
        + 1;
    let run = s55(tmp.path(), &["check", "--verbose", "b.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let note = run
        .stderr
        .split("\n\n")
        .find(|n| n.contains("timescale `within three months`"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(note.contains(&format!("b.yaml:{line}:11")), "{note}");
    assert!(
        note.contains("= at recommendations[0].timescale.en"),
        "{note}"
    );
    let welsh = run
        .stderr
        .split("\n\n")
        .find(|n| n.contains("timescale `o fewn tri mis`"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        welsh.contains(&format!("b.yaml:{}:11", line - 1)),
        "{welsh}"
    );
    assert!(
        welsh.contains("= at recommendations[0].timescale.cy"),
        "{welsh}"
    );
}

/// pdftotext of each page of a PDF.
fn pages_text(pdf: &std::path::Path) -> Vec<String> {
    let info = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed");
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    (1..=pages)
        .map(|p| {
            let p = p.to_string();
            let out = std::process::Command::new("pdftotext")
                .args(["-f", &p, "-l", &p])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

#[test]
fn each_edition_of_a_bilingual_pdf_starts_a_page_and_its_pages_have_its_footer() {
    let tmp = TempDir::new("bilingual-pages");
    let dir = render_bilingual(&tmp);
    let pages = pages_text(&dir.join("bilingual-teifi-valley.pdf"));
    let english = "Response to the HMICFRS report ‘PEEL";
    // Page 1's bilingual title holds the English title too: the edition starts where its
    // "From:" line is.
    let start = pages
        .iter()
        .position(|p| {
            p.contains("From: Office of the Police and Crime Commissioner for Teifi Valley")
        })
        .expect("the English edition");
    assert!(start > 0, "the Welsh edition comes first");
    // The English edition's title is the first thing on its page.
    assert!(
        pages[start].trim_start().starts_with(english),
        "{}",
        pages[start]
    );
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let footer = lines[lines.len() - 2..].join(" | ");
        if n < start {
            assert!(
                footer.starts_with("Ymateb i adroddiad HMICFRS")
                    && footer.ends_with(&format!("Tudalen {} o {total}", n + 1)),
                "page {}: {footer}",
                n + 1
            );
        } else {
            assert!(
                footer.starts_with("Response to the HMICFRS report")
                    && footer.ends_with(&format!("Page {} of {total}", n + 1)),
                "page {}: {footer}",
                n + 1
            );
        }
    }
}

#[test]
fn each_edition_of_a_bilingual_pdf_leaves_room_to_sign_after_its_own_valediction() {
    // The Teifi Valley response, taking its leave as a letter does in each language.
    let tmp = TempDir::new("bilingual-closing");
    let text = std::fs::read_to_string(root().join("examples/bilingual-teifi-valley.yaml"))
        .unwrap()
        .replace("date: 2026-04-02\n", "date: 2026-04-02\ngreetings: true\n");
    let path = tmp.path().join("teifi.yaml");
    std::fs::write(&path, text).unwrap();
    let checked = s55::check_file(&path);
    let editions = checked.loaded.editions.as_ref().expect("no errors");
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
    let out = s55::render::render(
        &renderer,
        editions,
        &checked.settings,
        "letter",
        &s55::render::format::by_names(&["md"]),
        s55::render::PageLinks::default(),
    )
    .unwrap();
    // The bilingual document: its Markdown, laid out as its PDF is.
    let md = String::from_utf8(out.files[0].1.clone()).unwrap();
    let dump = s55::render::pdf::lay_out(&out.view, &md, renderer.fonts()).dump();
    // Each line of the dump: y (up from the foot of the page), x, face, size, tag, text.
    let y_of = |text: &str| -> f32 {
        let line = dump
            .lines()
            .find(|l| l.ends_with(text))
            .unwrap_or_else(|| panic!("{text} in:\n{dump}"));
        line.split_whitespace().next().unwrap().parse().unwrap()
    };
    let name = |after: &str| -> f32 {
        let at = dump.find(after).unwrap();
        let line = dump[at..]
            .lines()
            .find(|l| l.ends_with("P Gwenllian Ŵyn Prys"))
            .unwrap_or_else(|| panic!("the name after {after} in:\n{dump}"));
        line.split_whitespace().next().unwrap().parse().unwrap()
    };
    // Room to sign under each edition's own valediction, the second's as much as the first's.
    for valediction in ["P Yn gywir", "P Yours sincerely"] {
        let gap = y_of(valediction) - name(valediction);
        assert!(gap > 50.0, "{valediction}: {gap}\n{dump}");
    }
}
