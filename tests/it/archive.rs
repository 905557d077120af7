//! `s55 build`: the archive site, checked page by page, and its incremental, safe and
//! parallel building.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Run, TempDir, root, s55};

/// A responses folder with the examples in sub-folders, as an office might keep them.
fn office(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("responses");
    for (sub, name) in [
        ("warwickshire", "warwickshire-child-protection-2022.yaml"),
        ("midshire", "full.yaml"),
        ("london", "mopac-thematic-statement.yaml"),
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(root().join("examples").join(name), dir.join(sub).join(name)).unwrap();
    }
    dir
}

fn build(tmp: &TempDir, extra: &[&str]) -> Run {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    s55(tmp.path(), &args)
}

/// Every file below `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_archive_has_every_page_and_every_link_resolves() {
    let tmp = TempDir::new("archive-pages");
    office(&tmp);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("built 3 responses into public: 3 rendered, 0 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    let public = tmp.path().join("public");
    let files = tree(&public);
    for f in [
        "index.html",
        "style.css",
        "responses.json",
        "feed.xml",
        "forces/warwickshire-police/index.html",
        "forces/midshire-police/index.html",
        "responses/warwickshire-police/2022-08-05-warwickshire-police-national-child-protection-inspection/index.html",
        "responses/warwickshire-police/2022-08-05-warwickshire-police-national-child-protection-inspection/2022-08-05-warwickshire-police-national-child-protection-inspection.pdf",
        "responses/warwickshire-police/2022-08-05-warwickshire-police-national-child-protection-inspection/2022-08-05-warwickshire-police-national-child-protection-inspection.md",
    ] {
        assert!(
            files.contains_key(f),
            "{f} missing; have {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        !files.contains_key("sitemap.xml"),
        "no sitemap without --base-url"
    );
    assert_eq!(
        files.keys().filter(|k| k.ends_with("style.css")).count(),
        1,
        "the CSS once"
    );

    // Every relative link on every page leads to a file that exists.
    let mut checked = 0;
    for (name, bytes) in &files {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            !html.contains("<style>"),
            "{name} uses the shared stylesheet"
        );
        let dir = Path::new(name).parent().unwrap();
        for href in hrefs(&html) {
            if href.starts_with("http") || href.starts_with("mailto:") || href.starts_with('#') {
                continue;
            }
            let target = public.join(dir).join(href.split('#').next().unwrap());
            assert!(
                target.is_file(),
                "{name} links to {href}, which is not there"
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked} links checked");

    // The index: newest first, grouped by year, each row with its status and downloads.
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    let y2026 = index.find("<h2 id=\"year-2026\">2026</h2>").unwrap();
    let y2025 = index.find("<h2 id=\"year-2025\">2025</h2>").unwrap();
    let y2022 = index.find("<h2 id=\"year-2022\">2022</h2>").unwrap();
    assert!(y2026 < y2025 && y2025 < y2022);
    let warks = &index[y2022..];
    assert!(warks.contains(">Warwickshire Police- National child protection inspection</a></th>"));
    assert!(warks.contains("<td><time datetime=\"2022-08-05\">5 August 2022</time></td>"));
    assert!(warks.contains("<td>Not dated</td>"), "the seed has no date");
    assert!(warks.contains("<td>8</td>"), "eight recommendations");
    assert!(
        warks.contains(">PDF<span class=\"size\">, "),
        "downloads show their size"
    );
    assert!(index.contains("<td>On time</td>"));

    // A response page links to its other formats, with sizes, and back up the archive.
    let page = String::from_utf8(
        files["responses/midshire-police/2025-10-02-peel-2025-police-effectiveness-efficiency-and-legitimacy-an/index.html"].clone(),
    )
    .unwrap();
    assert!(page.contains("<link rel=\"stylesheet\" href=\"../../../style.css\">"));
    assert!(page.contains("<a href=\"../../../index.html\">All responses</a>"));
    assert!(
        page.contains(".pdf\">PDF<span class=\"size\">, ") && page.contains(" KB</span></a>"),
        "{page}"
    );

    // responses.json: every response's metadata and statutory status.
    let json: serde_json::Value = serde_json::from_slice(&files["responses.json"]).unwrap();
    let list = json["responses"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    let full = list
        .iter()
        .find(|r| r["force"] == "Midshire Police")
        .unwrap();
    assert_eq!(full["report"]["published"], "2025-10-02");
    assert_eq!(full["last_day"], "2025-11-26");
    assert_eq!(full["on_time"], true);
    assert_eq!(full["recommendations"]["total"], 2);
    assert_eq!(full["recommendations"]["answered"], 2);
    let seed = list
        .iter()
        .find(|r| r["force"] == "Warwickshire Police")
        .unwrap();
    assert_eq!(seed["on_time"], serde_json::Value::Null);
    assert_eq!(seed["recommendations"]["answered"], 0);

    // The feed lists every response.
    let feed = String::from_utf8(files["feed.xml"].clone()).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 3);
}

#[test]
fn a_base_url_adds_a_sitemap_and_absolute_feed_links() {
    let tmp = TempDir::new("archive-base");
    office(&tmp);
    let run = build(
        &tmp,
        &["--base-url", "https://www.example-pcc.org.uk/responses/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = std::fs::read_to_string(tmp.path().join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://www.example-pcc.org.uk/responses/</loc>"));
    assert!(
        sitemap.contains(
            "<loc>https://www.example-pcc.org.uk/responses/forces/midshire-police/</loc>"
        )
    );
    // The index; each force's page and its progress; each response's page and its progress.
    assert_eq!(sitemap.matches("<url>").count(), 1 + 3 * 2 + 3 * 2);
    assert!(sitemap.contains(
        "<loc>https://www.example-pcc.org.uk/responses/forces/midshire-police/progress.html</loc>"
    ));
    let feed = std::fs::read_to_string(tmp.path().join("public/feed.xml")).unwrap();
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://www.example-pcc.org.uk/responses/feed.xml\"/>"));
    assert!(feed.contains(
        "href=\"https://www.example-pcc.org.uk/responses/responses/warwickshire-police/"
    ));
}

#[test]
fn only_what_changed_is_rendered_again_and_removed_responses_go() {
    let tmp = TempDir::new("archive-incremental");
    let dir = office(&tmp);
    assert_eq!(build(&tmp, &["-q"]).code, 0);
    let before = tree(&tmp.path().join("public"));

    let run = build(&tmp, &[]);
    assert!(
        run.stderr.ends_with("0 rendered, 3 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        tree(&tmp.path().join("public")),
        before,
        "a no-op build changes nothing"
    );

    // Change one response: exactly one is rendered again.
    let f = dir.join("midshire/full.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        // A published letter changes only with a correction.
        text.replace(
            "I welcome this inspection",
            "I warmly welcome this inspection",
        ) + "\ncorrections:\n  - date: 2026-03-03\n    note: A word added.\n",
    )
    .unwrap();
    let run = build(&tmp, &[]);
    assert!(
        run.stderr.ends_with("1 rendered, 2 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    let after = tree(&tmp.path().join("public"));
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed
            .iter()
            .all(|k| k.contains("midshire") || !k.starts_with("responses/")),
        "{changed:?}"
    );

    // Remove one, and its seal (withdrawn on purpose): its files go, the index forgets it.
    std::fs::remove_file(dir.join("london/mopac-thematic-statement.yaml")).unwrap();
    std::fs::remove_dir_all(
        dir.join(".sealed/metropolitan-police-service/2026-01-08-an-inspection-of-how-forces-handle-complaints-from-the-public"),
    )
    .unwrap();
    let run = build(&tmp, &[]);
    assert!(
        run.stderr.ends_with("0 rendered, 2 kept, 1 removed\n"),
        "{}",
        run.stderr
    );
    let after = tree(&tmp.path().join("public"));
    assert!(
        !after.keys().any(|k| k.contains("metropolitan")),
        "{:?}",
        after.keys().collect::<Vec<_>>()
    );
    assert!(
        !tmp.path()
            .join("public/responses/metropolitan-police-service")
            .exists()
    );
    let index = String::from_utf8(after["index.html"].clone()).unwrap();
    assert!(!index.contains("complaints from the public"));

    // --force renders everything but the signed letters, published as sealed: the same bytes.
    let run = build(&tmp, &["--force"]);
    assert!(
        run.stderr.ends_with("0 rendered, 2 kept, 0 removed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&tmp.path().join("public")), after);
}

#[test]
fn a_broken_response_keeps_its_last_good_version_and_the_rest_publish() {
    let tmp = TempDir::new("archive-broken");
    let dir = office(&tmp);
    assert_eq!(build(&tmp, &["-q"]).code, 0);
    let good = tree(&tmp.path().join("public"));
    let f = dir.join("midshire/full.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace("published: 2025-10-02", "published: 2025-02-30"),
    )
    .unwrap();
    std::fs::write(dir.join("new.yaml"), "force: [unfinished\n").unwrap();
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `2025-02-30` is not a real date"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("new.yaml"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("0 rendered, 2 kept, 0 removed, 2 with errors\n"),
        "{}",
        run.stderr
    );
    let now = tree(&tmp.path().join("public"));
    for (k, v) in &good {
        if k.starts_with("responses/midshire") {
            assert_eq!(now.get(k), Some(v), "{k}: the last good version stays");
        }
    }
    let index = String::from_utf8(now["index.html"].clone()).unwrap();
    assert!(index.contains("PEEL 2025"), "still listed");
}

#[test]
fn the_output_may_not_hold_the_responses() {
    let tmp = TempDir::new("archive-refuse");
    office(&tmp);
    let run = s55(tmp.path(), &["build", "responses", "--out", "responses"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("would hold the responses themselves"),
        "{}",
        run.stderr
    );
    let run = s55(tmp.path(), &["build", "responses", "--out", "."]);
    assert_eq!(run.code, 2);
    assert!(!tmp.path().join("index.html").exists());
}

#[test]
fn two_builds_are_byte_identical_and_serial_equals_parallel() {
    let tmp = TempDir::new("archive-same");
    let dir = office(&tmp);
    for i in 0..12 {
        std::fs::write(
            dir.join(format!("synthetic-{i}.yaml")),
            s55::synth::response(i),
        )
        .unwrap();
    }
    let a = s55(tmp.path(), &["build", "--out", "a", "--jobs", "1", "-q"]);
    let b = s55(tmp.path(), &["build", "--out", "b", "--jobs", "4", "-q"]);
    assert_eq!((a.code, b.code), (0, 0), "{}{}", a.stderr, b.stderr);
    let (ta, tb) = (tree(&tmp.path().join("a")), tree(&tmp.path().join("b")));
    assert_eq!(ta.len(), tb.len());
    for (k, v) in &ta {
        assert!(tb.get(k) == Some(v), "{k} differs");
    }
}

#[test]
fn a_build_killed_midway_leaves_whole_files_and_the_next_build_repairs_it() {
    let tmp = TempDir::new("archive-kill");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..40 {
        std::fs::write(dir.join(format!("r{i}.yaml")), s55::synth::response(i)).unwrap();
    }
    assert_eq!(s55(tmp.path(), &["build", "-q"]).code, 0);
    let published = tree(&tmp.path().join("public"));
    // A clean build of the changed responses, for comparison.
    for i in 0..40 {
        let text = s55::synth::response(i).replace("has made progress", "has made good progress")
            + "\ncorrections:\n  - date: 2030-01-01\n    note: A word added.\n";
        std::fs::write(dir.join(format!("r{i}.yaml")), text).unwrap();
    }
    assert_eq!(s55(tmp.path(), &["build", "--out", "clean", "-q"]).code, 0);
    let clean = tree(&tmp.path().join("clean"));

    for delay in [30, 120] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_s55"))
            .args(["build", "-q", "--force"])
            .current_dir(tmp.path())
            .env_clear()
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Every file is whole: either as published before or as the new build writes it.
        for (k, v) in tree(&tmp.path().join("public")) {
            if k.contains(".s55-") && k.ends_with(".tmp") {
                continue; // a temporary file the next build clears away
            }
            let old = published.get(&k);
            let new = clean.get(&k);
            assert!(
                old == Some(&v) || new == Some(&v) || k == ".s55-manifest.json",
                "{k} is neither the old nor the new version"
            );
        }
    }
    let run = s55(tmp.path(), &["build", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let repaired = tree(&tmp.path().join("public"));
    let strip = |t: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        t.into_iter()
            .filter(|(k, _)| k != ".s55-manifest.json")
            .collect()
    };
    assert_eq!(strip(repaired), strip(clean));
}

#[test]
fn a_changed_welsh_locale_in_the_templates_folder_renders_again() {
    let tmp = TempDir::new("archive-cy-locale");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    // A draft, shown with --drafts: a published final keeps its sealed files whatever the
    // locale says (tests/it/seal.rs).
    let text =
        std::fs::read_to_string(root().join("examples/bilingual-teifi-valley.yaml")).unwrap();
    std::fs::write(dir.join("teifi.yaml"), format!("draft: true\n{text}")).unwrap();
    std::fs::write(dir.join("s55.yaml"), "published_fields: [status]\n").unwrap();
    let templates = tmp.path().join("office");
    std::fs::create_dir_all(templates.join("locales")).unwrap();
    std::fs::write(
        templates.join("locales/cy.yaml"),
        "labels:\n  status: Statws\n",
    )
    .unwrap();
    let first = build(&tmp, &["--templates", "office", "--drafts"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stderr.contains("1 rendered, 0 kept"),
        "{}",
        first.stderr
    );
    let unchanged = build(&tmp, &["--templates", "office", "--drafts"]);
    assert!(
        unchanged.stderr.contains("0 rendered, 1 kept"),
        "{}",
        unchanged.stderr
    );
    // Only the Welsh locale changes: the build used to keep the old pages ("0 rendered, 1 kept").
    std::fs::write(
        templates.join("locales/cy.yaml"),
        "labels:\n  status: Cyflwr\n",
    )
    .unwrap();
    let changed = build(&tmp, &["--templates", "office", "--drafts"]);
    assert_eq!(changed.code, 0, "{}", changed.stderr);
    assert!(
        changed.stderr.contains("1 rendered, 0 kept"),
        "{}",
        changed.stderr
    );
    let page = std::fs::read_to_string(tmp.path().join(
        "public/responses/teifi-valley-police/2026-02-12-peel-2025-an-inspection-of-teifi-valley-police/2026-02-12-peel-2025-an-inspection-of-teifi-valley-police.cy.md",
    ))
    .unwrap();
    assert!(page.contains("**Cyflwr:**"), "{page}");
}

#[test]
fn the_examples_folder_builds_with_each_office_s_own_settings() {
    // `examples/northshire/` has its own s55.yaml: it is that folder's settings, not a
    // response, and its response inherits the office from it.
    let tmp = TempDir::new("examples-build");
    // A copy: a build seals the letters it publishes in the folder of responses.
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(root().join("examples"))
        .arg(tmp.path().join("examples"))
        .status()
        .unwrap();
    assert!(copied.success());
    let run = s55(tmp.path(), &["build", "examples", "--out", "site", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(tmp.path().join(
        "site/responses/northshire-police/2025-12-04-peel-2025-police-effectiveness-efficiency-and-legitimacy-an/index.html",
    ))
    .unwrap();
    assert!(page.contains("Office of the Police, Fire and Crime Commissioner for Northshire"));
    // Its progress page tracks every finding of the PEEL report, not only recommendations:
    // the causes of concern, the recommendations they hold, and the areas for improvement.
    let progress = std::fs::read_to_string(tmp.path().join(
        "site/responses/northshire-police/2025-12-04-peel-2025-police-effectiveness-efficiency-and-legitimacy-an/progress.html",
    ))
    .unwrap();
    let heads: Vec<&str> = progress
        .split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|s| s.split("</th>").next())
        .collect();
    assert_eq!(
        heads,
        [
            "Cause of concern 1",
            "1.1",
            "1.2",
            "Cause of concern 2",
            "2.1",
            "Area for improvement 1",
            "Area for improvement 2"
        ],
        "{progress}"
    );
    assert!(
        progress.contains("<th scope=\"col\">Finding</th>"),
        "{progress}"
    );
    let status = s55(
        tmp.path(),
        &["status", "examples", "--csv", "--today", "2026-02-01"],
    );
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status
            .stdout
            .contains("northshire/peel-2025.yaml,Northshire Police,"),
        "{}",
        status.stdout
    );
}

#[test]
fn the_pdf_is_offered_first_in_the_index_and_at_the_head_of_the_page() {
    let tmp = TempDir::new("archive-pdf-first");
    office(&tmp);
    let run = build(&tmp, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = tmp.path().join("public");
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    for row in index.split("<ul class=\"downloads\">").skip(1) {
        let row = &row[..row.find("</ul>").unwrap()];
        let pdf = row.find(".pdf\"").unwrap_or_else(|| panic!("{row}"));
        let md = row.find(".md\"").unwrap_or_else(|| panic!("{row}"));
        assert!(pdf < md, "{row}");
    }
    let page = std::fs::read_to_string(
        public.join("responses/midshire-police/2025-10-02-peel-2025-police-effectiveness-efficiency-and-legitimacy-an/index.html"),
    )
    .or_else(|_| {
        // The folder's name comes from the report; find the Midshire page whatever it is.
        let dir = public.join("responses/midshire-police");
        let sub = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
        std::fs::read_to_string(sub.join("index.html"))
    })
    .unwrap();
    let download = page
        .find("<p class=\"download\"><a href=\"")
        .unwrap_or_else(|| panic!("{page}"));
    assert!(page[download..].contains("Download this response as a PDF<span class=\"size\"> ("));
    assert!(download < page.find("<article").unwrap(), "{page}");
}

#[test]
fn the_index_names_the_office_from_its_settings() {
    let tmp = crate::support::TempDir::new("archive-office-named");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["peel-2025.yaml", "s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(
            crate::support::root().join("examples/northshire").join(f),
            dir.join(f),
        )
        .unwrap();
    }
    let run = crate::support::s55(tmp.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    let office = "Office of the Police, Fire and Crime Commissioner for Northshire";
    assert!(
        index.contains(&format!(
            "<title>Responses to HMICFRS inspections – {office}</title>"
        )),
        "{index}"
    );
    assert!(
        index.contains(&format!(
            "<p class=\"office\"><a href=\"index.html\">{office}: Responses to HMICFRS inspections</a></p>"
        )),
        "{index}"
    );
    assert!(
        index.contains(&format!("<p class=\"office-name\">{office}</p>")),
        "{index}"
    );
    let force = std::fs::read_to_string(
        tmp.path()
            .join("public/forces/northshire-police/index.html"),
    )
    .unwrap();
    assert!(
        force.contains(&format!(
            "<title>Northshire Police – Responses to HMICFRS inspections – {office}</title>"
        )),
        "{force}"
    );
}

#[test]
fn a_new_logo_renders_a_draft_again_and_leaves_a_published_letter_as_signed() {
    let tmp = TempDir::new("archive-new-logo");
    let dir = tmp.path().join("responses/northshire");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["s55.yaml", "logo.png", "signature.svg"] {
        std::fs::copy(root().join("examples/northshire").join(f), dir.join(f)).unwrap();
    }
    let text = std::fs::read_to_string(root().join("examples/northshire/peel-2025.yaml")).unwrap();
    std::fs::write(dir.join("draft.yaml"), format!("draft: true\n{text}")).unwrap();
    std::fs::write(
        dir.join("final.yaml"),
        text.replace("PEEL 2025 –", "PEEL 2025 (final) –"),
    )
    .unwrap();
    let args = ["build", "responses", "--out", "site", "--drafts"];
    let run = s55(tmp.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2 rendered, 0 kept"), "{}", run.stderr);
    let pdfs = |site: &Path| -> Vec<(String, Vec<u8>)> {
        tree(site)
            .into_iter()
            .filter(|(p, _)| p.ends_with(".pdf"))
            .collect()
    };
    let before = pdfs(&tmp.path().join("site"));
    assert_eq!(before.len(), 2);
    let run = s55(tmp.path(), &args);
    assert!(run.stderr.contains("0 rendered, 2 kept"), "{}", run.stderr);

    // The same picture with a note added: another PNG, the same pixels.
    let logo = std::fs::read(dir.join("logo.png")).unwrap();
    let (head, end) = logo.split_at(logo.len() - 12);
    let mut chunk = b"tEXtComment\0new".to_vec();
    let mut crc = flate2::Crc::new();
    crc.update(&chunk);
    let mut new = head.to_vec();
    new.extend_from_slice(&((chunk.len() - 4) as u32).to_be_bytes());
    new.append(&mut chunk);
    new.extend_from_slice(&crc.sum().to_be_bytes());
    new.extend_from_slice(end);
    std::fs::write(dir.join("logo.png"), &new).unwrap();

    // The draft is read and rendered again; the published final is read, and its letter
    // kept as it was signed.
    let run = s55(tmp.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 rendered, 1 kept"), "{}", run.stderr);
    assert_eq!(pdfs(&tmp.path().join("site")).len(), 2);
    // And then nothing is left to do.
    let run = s55(tmp.path(), &args);
    assert!(run.stderr.contains("0 rendered, 2 kept"), "{}", run.stderr);
}

#[test]
fn a_long_archive_is_listed_a_hundred_to_a_page_each_page_linking_to_the_others() {
    let tmp = TempDir::new("archive-long");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    let n = s55::site::index::PER_PAGE + 30;
    for i in 0..n {
        std::fs::write(dir.join(format!("r{i:03}.yaml")), s55::synth::response(i)).unwrap();
    }
    let run = s55(tmp.path(), &["build", "-q", "--today", "2026-12-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = tmp.path().join("public");
    let first = std::fs::read_to_string(public.join("index.html")).unwrap();
    let second = std::fs::read_to_string(public.join("page/2/index.html")).unwrap();
    assert!(!public.join("page/3").exists());
    let rows = |html: &str| html.matches("<tr>\n<th scope=\"row\">").count();
    assert_eq!((rows(&first), rows(&second)), (100, 30));
    // Both pages count the whole list and say which page they are; titles differ.
    assert!(
        first.contains(&format!("Responses listed: {n} (Page 1 of 2).")),
        "{first}"
    );
    assert!(second.contains(&format!("Responses listed: {n} (Page 2 of 2).")));
    assert!(
        second.contains("<title>Responses to HMICFRS inspections – Page 2 of 2</title>"),
        "{second}"
    );
    assert!(first.contains(
        "<nav class=\"pagination\" aria-label=\"Pages of responses\">\n<ul>\n<li><a href=\"index.html\" aria-current=\"page\">1</a></li>\n<li><a href=\"page/2/index.html\">2</a></li>\n<li><a href=\"page/2/index.html\" rel=\"next\">Next page</a></li>\n</ul>\n</nav>"
    ), "{first}");
    assert!(second.contains(
        "<li><a href=\"../../index.html\" rel=\"prev\">Previous page</a></li>\n<li><a href=\"../../index.html\">1</a></li>\n<li><a href=\"../../page/2/index.html\" aria-current=\"page\">2</a></li>"
    ), "{second}");
    // Every address on the second page resolves from where it stands: the stylesheet, the
    // letters, their downloads, the feed.
    let here = public.join("page/2");
    for h in hrefs(&second) {
        let target = here.join(h.split('#').next().unwrap());
        assert!(target.exists(), "page 2 links to {h}, which is not there");
    }
    // Newest first across pages: the last row of page 1 is no older than the first of page 2.
    let published = |html: &str| -> Vec<String> {
        html.split("<td><time datetime=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (published(&first), published(&second));
    assert!(a.last().unwrap() >= b.first().unwrap(), "{a:?} {b:?}");
    // A build with fewer responses (withdrawn with their seals) takes the second page away.
    std::fs::remove_dir_all(dir.join(".sealed")).unwrap();
    for i in 100..n {
        std::fs::remove_file(dir.join(format!("r{i:03}.yaml"))).unwrap();
    }
    let run = s55(tmp.path(), &["build", "-q", "--today", "2026-12-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!public.join("page/2/index.html").exists());
    assert!(
        !std::fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("class=\"pagination\"")
    );
}

#[test]
fn a_force_of_many_responses_has_its_progress_a_hundred_to_a_page_and_the_feed_the_newest() {
    let tmp = TempDir::new("archive-force-pages");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    let n = s55::site::index::PER_PAGE + 5;
    for i in 0..n {
        // Every response of one force, as an office's own archive is.
        let text = s55::synth::response(i);
        let force = text
            .lines()
            .find_map(|l| l.strip_prefix("force: \""))
            .and_then(|f| f.strip_suffix(" Police\""))
            .unwrap()
            .to_owned();
        std::fs::write(
            dir.join(format!("r{i:03}.yaml")),
            text.replace(&force, "Northshire"),
        )
        .unwrap();
    }
    let run = s55(
        tmp.path(),
        &[
            "build",
            "-q",
            "--today",
            "2026-12-01",
            "--base-url",
            "https://pcc.example.org.uk/",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = tmp.path().join("public");
    let force = public.join("forces/northshire-police");
    let page = std::fs::read_to_string(force.join("index.html")).unwrap();
    // The force's page leads to its progress.
    assert!(
        page.contains(
            "<p class=\"progress-link\"><a href=\"../../forces/northshire-police/progress.html\">Progress on the findings of every report</a></p>"
        ),
        "{page}"
    );
    let first = std::fs::read_to_string(force.join("progress.html")).unwrap();
    let second = std::fs::read_to_string(force.join("progress-2.html")).unwrap();
    assert!(!force.join("progress-3.html").exists());
    let groups = |html: &str| html.matches("<h2 id=\"response-").count();
    assert_eq!((groups(&first), groups(&second)), (100, 5));
    assert!(first.contains(
        "<nav class=\"pagination\" aria-label=\"Pages of progress\">\n<ul>\n<li><a href=\"progress.html\" aria-current=\"page\">1</a></li>\n<li><a href=\"progress-2.html\">2</a></li>\n<li><a href=\"progress-2.html\" rel=\"next\">Next page</a></li>\n</ul>\n</nav>"
    ), "{first}");
    assert!(
        second.contains(
            "<title>Progress on the report’s findings: Northshire Police – Page 2 of 2 – Responses to HMICFRS inspections</title>"
        ),
        "{second}"
    );
    for h in hrefs(&second) {
        let target = force.join(h.split('#').next().unwrap());
        assert!(
            target.exists(),
            "progress-2.html links to {h}, which is not there"
        );
    }
    // The two pages hold every response once, in the index's order.
    let slugs = |html: &str, marker: &str| -> Vec<String> {
        html.split(marker)
            .skip(1)
            .filter_map(|s| s.split("responses/").nth(1))
            .filter_map(|s| s.split("/index.html").next())
            .map(str::to_owned)
            .collect()
    };
    let group = "<h2 id=\"response-";
    let mut progress = slugs(&first, group);
    progress.extend(slugs(&second, group));
    let row = "<th scope=\"row\"><a href=\"";
    let mut listed = slugs(&page, row);
    listed.extend(slugs(
        &std::fs::read_to_string(force.join("page/2/index.html")).unwrap(),
        row,
    ));
    assert_eq!(progress.len(), n);
    assert_eq!(progress, listed);
    // The feed lists the newest fifty, newest first, as the index does.
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert_eq!(
        feed.matches("<entry>").count(),
        s55::site::feeds::FEED_ENTRIES
    );
    // The sitemap names every page: both of the index, of the force's list and of its
    // progress, and each response's page and progress.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    for url in [
        "https://pcc.example.org.uk/page/2/",
        "https://pcc.example.org.uk/forces/northshire-police/page/2/",
        "https://pcc.example.org.uk/forces/northshire-police/progress-2.html",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
    assert_eq!(sitemap.matches("<url>").count(), 2 + 2 + 2 + 2 * n);
}

#[test]
fn a_new_response_never_takes_the_address_of_one_that_changed() {
    let tmp = TempDir::new("archive-held-address");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml")).unwrap();
    std::fs::write(dir.join("b.yaml"), &text).unwrap();
    assert_eq!(s55(tmp.path(), &["build", "-q"]).code, 0);
    let slugs = || -> Vec<(String, String)> {
        let m: serde_json::Value = serde_json::from_slice(
            &std::fs::read(tmp.path().join("public/.s55-manifest.json")).unwrap(),
        )
        .unwrap();
        m["responses"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v["slug"].as_str().unwrap().to_owned()))
            .collect()
    };
    let [(_, first)] = &slugs()[..] else {
        panic!("one response")
    };
    let first = first.clone();
    let page = std::fs::read(
        tmp.path()
            .join(format!("public/responses/{first}/index.html")),
    )
    .unwrap();
    // A new response for the same report, before it in path order, and the published one
    // touched (a comment: its letter is kept as it is).
    std::fs::write(
        dir.join("a.yaml"),
        text.replace(
            "Quarterly figures will be published",
            "Figures will be published",
        ),
    )
    .unwrap();
    std::fs::write(dir.join("b.yaml"), format!("{text}# reviewed\n")).unwrap();
    for args in [&["build", "-q"][..], &["build", "-q", "--force"][..]] {
        let run = s55(tmp.path(), args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            slugs(),
            vec![
                ("a.yaml".to_owned(), format!("{first}-2")),
                ("b.yaml".to_owned(), first.clone()),
            ],
            "{args:?}"
        );
        // The published letter's page is still its own.
        let now = std::fs::read(
            tmp.path()
                .join(format!("public/responses/{first}/index.html")),
        )
        .unwrap();
        assert_eq!(now, page, "{args:?}");
    }
}

#[test]
fn a_bilingual_response_with_word_downloads_names_each_language_once_in_the_index() {
    let tmp = TempDir::new("archive-bilingual-word");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("examples/bilingual-teifi-valley.yaml"),
        dir.join("teifi.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("s55.yaml"), "downloads: [docx]\n").unwrap();
    let run = build(&tmp, &["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    let start = index.find("<ul class=\"downloads\">").unwrap();
    let row = &index[start..];
    let row = &row[..row.find("</ul>").unwrap()];
    let labels: Vec<&str> = row
        .split("<li><a href=\"")
        .skip(1)
        .map(|li| li.split_once("\">").unwrap().1.split('<').next().unwrap())
        .collect();
    // The bilingual document in each format, then each language's own page, once.
    assert_eq!(
        labels,
        ["PDF", "Markdown", "HTML", "Word", "Cymraeg", "English"],
        "{row}"
    );
    // The Word downloads of each edition are published beside its page.
    let files = tree(&tmp.path().join("public"));
    let words = files.keys().filter(|k| k.ends_with(".docx")).count();
    assert_eq!(words, 3, "{:?}", files.keys().collect::<Vec<_>>());
}

#[test]
fn downloads_accepts_only_a_format_the_archive_does_not_already_publish() {
    let tmp = TempDir::new("archive-downloads-unknown");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("examples/full.yaml"), dir.join("full.yaml")).unwrap();
    std::fs::write(dir.join("s55.yaml"), "downloads: [pdf]\n").unwrap();
    let run = build(&tmp, &["-q"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("downloads: unknown variant `pdf`, expected `docx`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("s55.yaml:1:12"), "{}", run.stderr);
    assert!(
        !tmp.path().join("public/index.html").exists(),
        "nothing is published with broken settings"
    );
}

/// The sealed copy of each file a first build publishes holds the bytes published, named by
/// their SHA-256: the letter is sealed from the bytes rendered, not read back.
#[test]
fn each_published_file_of_a_new_letter_is_sealed_as_the_same_bytes() {
    use sha2::Digest as _;
    let tmp = TempDir::new("archive-sealed-bytes");
    let dir = office(&tmp);
    assert_eq!(build(&tmp, &["-q"]).code, 0);
    let site = tree(&tmp.path().join("public"));
    let seals = tree(&dir.join(".sealed"));
    let mut checked = 0;
    for (rel, bytes) in seals.iter().filter(|(k, _)| k.ends_with("/seal.json")) {
        let seal: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let folder = rel.trim_end_matches("seal.json");
        let files = seal["versions"][0]["files"].as_object().unwrap();
        assert!(!files.is_empty(), "{rel}");
        for (path, hash) in files {
            let hash = hash.as_str().unwrap();
            let published = &site[path];
            let sealed = &seals[&format!("{folder}files/{hash}")];
            assert_eq!(published, sealed, "{path}");
            let digest: String = sha2::Sha256::digest(published)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(digest, hash, "{path}");
            checked += 1;
        }
    }
    // Three letters, each with its page, its PDF and its Markdown.
    assert!(checked >= 9, "{checked}");
    // Nothing staged is left behind, in the site or the seals.
    assert!(
        site.keys()
            .chain(seals.keys())
            .all(|k| !k.ends_with(".s55.tmp")),
        "{:?}",
        site.keys()
            .filter(|k| k.ends_with(".s55.tmp"))
            .collect::<Vec<_>>()
    );
}
