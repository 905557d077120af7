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
    // for the default statuses), a bilingual response's findings from its Welsh edition.
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
        progress.contains(
            "<td>O fewn tri mis, dylai’r heddlu wella pa mor gyflym y mae’n ateb galwadau 101.</td>"
        ),
        "{progress}"
    );
    assert!(
        !progress.contains("Within three months, the force should"),
        "{progress}"
    );
    assert!(!progress.contains("lang=\"en-GB\"><a"), "{progress}");
    assert!(progress.contains("fel ar <time datetime=\"2026-08-01\">1 Awst 2026</time>"));
    // The English page lists the same findings in English, and its dates and statuses in
    // English words.
    let english = read(&tmp, &format!("responses/{TEIFI}/progress.html"));
    assert!(
        english.contains(
            "<td>Within three months, the force should improve how quickly it answers 101 calls.</td>"
        ),
        "{english}"
    );
    assert!(english.contains("<td>in progress</td>"), "{english}");
    assert!(english.contains("<td>12 May 2026</td>"), "{english}");
    assert!(!english.contains("dylai’r heddlu"), "{english}");

    // On the force's Welsh progress page, the English-only response's findings are marked
    // as English, the bilingual one's are in Welsh.
    let midshire = read(&tmp, &format!("cy/responses/{MIDSHIRE}/progress.html"));
    assert!(midshire.contains("<td lang=\"en-GB\">"), "{midshire}");
    let force = read(&tmp, "cy/forces/teifi-valley-police/progress.html");
    assert!(
        force.contains("<td>O fewn tri mis, dylai’r heddlu wella"),
        "{force}"
    );
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

#[test]
fn the_sitemap_lists_the_welsh_pages_each_naming_its_english_one_and_back() {
    let tmp = TempDir::new("welsh-archive-sitemap");
    office(&tmp, true);
    let base = "https://www.example-pcc.org.uk/";
    let run = s55(
        tmp.path(),
        &[
            "build",
            "responses",
            "--out",
            "public",
            "--today",
            "2026-08-01",
            "--base-url",
            base,
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = read(&tmp, "sitemap.xml");
    assert!(
        sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""),
        "{sitemap}"
    );
    let pair = |en: &str, cy: &str| {
        let links = format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"{base}{en}\"/><xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"{base}{cy}\"/></url>"
        );
        for loc in [en, cy] {
            let url = format!("<url><loc>{base}{loc}</loc>{links}");
            assert!(sitemap.contains(&url), "{url}\n{sitemap}");
        }
    };
    // The index, a force's list and progress, each response's progress: in both languages.
    pair("", "cy/");
    pair(
        "forces/teifi-valley-police/",
        "cy/forces/teifi-valley-police/",
    );
    pair(
        "forces/midshire-police/progress.html",
        "cy/forces/midshire-police/progress.html",
    );
    pair(
        &format!("responses/{TEIFI}/progress.html"),
        &format!("cy/responses/{TEIFI}/progress.html"),
    );
    pair(
        &format!("responses/{MIDSHIRE}/progress.html"),
        &format!("cy/responses/{MIDSHIRE}/progress.html"),
    );
    // The bilingual letter's Welsh page beside its English one; the English-only letter
    // alone.
    pair(
        &format!("responses/{TEIFI}/"),
        &format!(
            "responses/{TEIFI}/2026-02-12-peel-2025-an-inspection-of-teifi-valley-police.cy.html"
        ),
    );
    assert!(
        sitemap.contains(&format!(
            "<url><loc>{base}responses/{MIDSHIRE}/</loc></url>"
        )),
        "{sitemap}"
    );
    // Index, 2 forces' lists and progress, 2 letters and their progress, each in both
    // languages; and the bilingual letter's Welsh page: every page the build wrote.
    assert_eq!(
        sitemap.matches("<url>").count(),
        (1 + 2 * 2 + 2) * 2 + 1 + 2
    );
    for loc in sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
    {
        let rel = loc.strip_prefix(base).unwrap();
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_owned()
        };
        assert!(
            tmp.path().join("public").join(&file).is_file(),
            "{loc} is not a page the build wrote"
        );
    }
    // Each page names the other as its alternate on the page too, both ways.
    let en = read(&tmp, &format!("responses/{TEIFI}/progress.html"));
    let cy = read(&tmp, &format!("cy/responses/{TEIFI}/progress.html"));
    assert!(
        en.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"cy\" href=\"../../../cy/responses/{TEIFI}/progress.html\">"
        )),
        "{en}"
    );
    assert!(
        cy.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"../../../../responses/{TEIFI}/progress.html\">"
        )),
        "{cy}"
    );
}
