//! The archive in Welsh: an office with a Welsh or bilingual response gets Welsh index,
//! force and progress pages below `cy/`, parallel to the English ones and linked both ways,
//! each in its own language's words and dates, every passage in the other language marked
//! with `lang` (WCAG 3.1.2). An English-only office's site is as it was.

use std::path::{Path, PathBuf};

use crate::support::{TempDir, root, s55};

/// A folder with the bilingual Teifi Valley response and the English full example.
fn office(tmp: &TempDir, bilingual: bool) -> PathBuf {
    let dir = tmp.path().join("responses");
    let mut names = vec![("midshire", "full.yaml")];
    if bilingual {
        names.push(("teifi", "bilingual-teifi-valley.yaml"));
    }
    for (sub, name) in names {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(root().join("examples").join(name), dir.join(sub).join(name)).unwrap();
    }
    dir
}

fn build(tmp: &TempDir) {
    let run = s55(
        tmp.path(),
        &[
            "build",
            "responses",
            "--out",
            "public",
            "--today",
            "2026-08-01",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn read(tmp: &TempDir, path: &str) -> String {
    std::fs::read_to_string(tmp.path().join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every local link of the page at `path` (below `public/`) leads to a file.
fn links_resolve(tmp: &TempDir, path: &str) {
    let html = read(tmp, path);
    let here = Path::new(path).parent().unwrap();
    for href in html
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        if href.starts_with("http") || href.starts_with('#') {
            continue;
        }
        let target = tmp.path().join("public").join(here).join(href);
        assert!(
            target.is_file(),
            "{path} links to {href}, which is not there"
        );
    }
}

const TEIFI: &str = "teifi-valley-police/2026-02-12-peel-2025-an-inspection-of-teifi-valley-police";
const MIDSHIRE: &str =
    "midshire-police/2025-10-02-peel-2025-police-effectiveness-efficiency-and-legitimacy-an";

#[test]
fn a_bilingual_archive_has_welsh_pages_linked_both_ways_in_welsh_words() {
    let tmp = TempDir::new("welsh-archive");
    office(&tmp, true);
    build(&tmp);
    let pages = [
        "index.html".to_owned(),
        "forces/teifi-valley-police/index.html".to_owned(),
        "forces/teifi-valley-police/progress.html".to_owned(),
        format!("responses/{TEIFI}/progress.html"),
        format!("responses/{MIDSHIRE}/progress.html"),
    ];
    for page in &pages {
        let english = read(&tmp, page);
        let welsh = read(&tmp, &format!("cy/{page}"));
        assert!(english.contains("<html lang=\"en-GB\">"), "{page}");
        assert!(welsh.contains("<html lang=\"cy\">"), "cy/{page}");
        // Each names the other as its alternate, and offers a switch to it.
        assert!(
            english.contains("hreflang=\"cy\"") && english.contains(">Cymraeg</a>"),
            "{page}:\n{english}"
        );
        assert!(
            welsh.contains("hreflang=\"en-GB\"") && welsh.contains(">English</a>"),
            "cy/{page}:\n{welsh}"
        );
        links_resolve(&tmp, page);
        links_resolve(&tmp, &format!("cy/{page}"));
    }

    // The Welsh index: Welsh words and dates, the Welsh edition's title and page.
    let index = read(&tmp, "cy/index.html");
    assert!(
        index.contains("<h1>Ymatebion i arolygiadau HMICFRS</h1>"),
        "{index}"
    );
    assert!(
        index.contains(&format!(
            "<th scope=\"row\"><a href=\"../responses/{TEIFI}/2026-02-12-peel-2025-an-inspection-of-teifi-valley-police.cy.html\">Arolygiad PEEL 2025 – Heddlu Dyffryn Teifi</a></th>"
        )),
        "{index}"
    );
    assert!(
        index.contains("<time datetime=\"2026-02-12\">12 Chwefror 2026</time>"),
        "{index}"
    );
    // A response in English only is marked as English on the Welsh page.
    assert!(
        index.contains("<th scope=\"row\" lang=\"en-GB\"><a href=\"../responses/midshire-police/"),
        "{index}"
    );
    assert!(index.contains("2 Hydref 2025"), "{index}");

    // The English index gives every date in English.
    let english = read(&tmp, "index.html");
    assert!(english.contains("12 February 2026"), "{english}");
    assert!(!english.contains("Chwefror"), "{english}");

    // The Welsh progress page: its words, dates and statuses in Welsh (the locale's words
    // for the default statuses), the findings in English marked so.
    let progress = read(&tmp, &format!("cy/responses/{TEIFI}/progress.html"));
    assert!(
        progress.contains("<h1>Cynnydd ar ganfyddiadau’r adroddiad: "),
        "{progress}"
    );
    assert!(progress.contains("<td>ar waith</td>"), "{progress}");
    assert!(progress.contains("<td>heb ddechrau</td>"), "{progress}");
    assert!(progress.contains("<td>12 Mai 2026</td>"), "{progress}");
    assert!(progress.contains("<td>Yn hwyr</td>"), "{progress}");
    assert!(
        progress.contains("<td lang=\"en-GB\">Within three months, the force should"),
        "{progress}"
    );
    assert!(progress.contains("fel ar <time datetime=\"2026-08-01\">1 Awst 2026</time>"));
}

#[test]
fn an_english_only_office_has_no_welsh_pages() {
    let tmp = TempDir::new("welsh-archive-none");
    office(&tmp, false);
    build(&tmp);
    assert!(!tmp.path().join("public/cy").exists());
    let index = read(&tmp, "index.html");
    assert!(!index.contains("hreflang"), "{index}");
    assert!(!index.contains("language-switch"), "{index}");
}
