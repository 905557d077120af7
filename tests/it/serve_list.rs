//! `s55 serve` on a folder: its list answers at once however many responses it holds, shows
//! each one's title, force and report's day, and its problems once checked; a letter is
//! offered in the formats the archive offers it in.

use crate::serve::{get, listen_at, reloaded, start};
use crate::support::{TempDir, root, s55};

/// The page's version, as its script passes it on when it listens.
fn version(page: &str) -> String {
    page.split("<meta name=\"s55-version\" content=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap()
        .to_owned()
}

/// The list's row for `file`, from its `<tr>` to its `</tr>`.
fn row<'a>(index: &'a str, file: &str) -> &'a str {
    let start = index
        .find(&format!("<code>{file}</code>"))
        .unwrap_or_else(|| panic!("no row for {file} in {index}"));
    let start = index[..start].rfind("<tr>").unwrap();
    let end = start + index[start..].find("</tr>").unwrap();
    &index[start..end]
}

#[test]
fn a_large_folder_lists_at_once_and_shows_its_problems_once_checked() {
    let tmp = TempDir::new("serve-large");
    let original = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let title = "title: PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Midshire Police";
    for i in 0..100 {
        let mut text = original.replace(title, &format!("{title}, copy {i:03}"));
        if i == 37 {
            text = text.replace("published: 2025-10-02", "published: 2025-02-30");
        }
        std::fs::write(tmp.path().join(format!("r{i:03}.yaml")), text).unwrap();
    }
    let preview = start(tmp.path());
    let port = preview.port;

    // More responses than are checked before the list answers: every row is there, with
    // what the list reads of each, and the problems are being checked.
    let index = get(port, "/");
    assert!(index.contains("<caption>100 response files"), "{index}");
    assert_eq!(
        index.matches("<td>being checked</td>").count(),
        100,
        "{index}"
    );
    assert!(
        row(&index, "r042.yaml")
            .contains("Midshire Police, copy 042</td><td>Midshire Police</td><td>2025-10-02</td>"),
        "{index}"
    );
    // The page listening is told once the checks are done, and the list then shows them.
    let mut reader = listen_at(port, &format!("/events?v={}", version(&index)));
    reloaded(&mut reader);
    let index = get(port, "/");
    assert!(!index.contains("being checked"), "{index}");
    assert!(
        row(&index, "r037.yaml").ends_with("<td>1 error, 0 warnings</td>"),
        "{index}"
    );
    assert_eq!(index.matches("<td>no problems</td>").count(), 99, "{index}");

    // The desk's list shows the same, from what the preview's list found.
    let desk = get(port, "/desk/");
    assert!(!desk.contains("Being checked"), "{desk}");
    assert!(
        row(&desk, "r037.yaml").ends_with("<td>Final</td><td>1 to put right, 0 to look at</td>"),
        "{desk}"
    );

    // A save changes the row: read again, and checked before the list answers.
    let mut reader = listen_at(port, "/events");
    std::fs::write(
        tmp.path().join("r042.yaml"),
        original.replace(title, "title: Custody inspection of Midshire Police"),
    )
    .unwrap();
    reloaded(&mut reader);
    let index = get(port, "/");
    assert!(
        row(&index, "r042.yaml").contains("Custody inspection of Midshire Police</td>"),
        "{index}"
    );
    assert!(
        row(&index, "r042.yaml").ends_with("<td>no problems</td>"),
        "{index}"
    );
    assert!(!index.contains("being checked"), "{index}");
}

/// The labels of the links a preview page offers beside the letter.
fn preview_labels(page: &str) -> Vec<String> {
    let lead = page.split("refreshed on every save.").nth(1).unwrap();
    let lead = &lead[..lead.find("</p>").unwrap()];
    lead.split("<a href=\"")
        .skip(1)
        .map(|a| {
            a.split_once("\">")
                .unwrap()
                .1
                .split('<')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn a_letter_is_offered_in_the_formats_the_office_adds_as_the_archive_offers_it() {
    let tmp = TempDir::new("serve-downloads");
    let dir = tmp.path().join("responses");
    let plain = dir.join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::copy(root().join("examples/full.yaml"), dir.join("full.yaml")).unwrap();
    std::fs::copy(root().join("examples/full.yaml"), plain.join("full.yaml")).unwrap();
    // The office offers the Word document too; the folder below has settings of its own,
    // which do not.
    std::fs::write(dir.join("s55.yaml"), "downloads: [docx]\n").unwrap();
    std::fs::write(plain.join("s55.yaml"), "downloads: []\n").unwrap();

    // What the archive offers beside the response's page.
    let run = s55(tmp.path(), &["build", "-q", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let archive = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    let rows: Vec<Vec<String>> = archive
        .split("<ul class=\"downloads\">")
        .skip(1)
        .map(|r| {
            r[..r.find("</ul>").unwrap()]
                .split("<li><a href=\"")
                .skip(1)
                .map(|li| {
                    li.split_once("\">")
                        .unwrap()
                        .1
                        .split('<')
                        .next()
                        .unwrap()
                        .to_owned()
                })
                // The page is the preview's own page.
                .filter(|l| l != "HTML")
                .collect()
        })
        .collect();
    let mut archive_sets: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            r.sort();
            r
        })
        .collect();
    archive_sets.sort();
    assert_eq!(
        archive_sets,
        [vec!["Markdown", "PDF"], vec!["Markdown", "PDF", "Word"]],
        "{archive}"
    );

    let preview = start(&dir);
    let port = preview.port;
    let page = get(port, "/r/full.yaml/");
    let mut offered = preview_labels(&page);
    assert!(page.contains("<a href=\"letter.docx\">Word</a>"), "{page}");
    offered.sort();
    assert_eq!(offered, ["Markdown", "PDF", "Word"], "{page}");
    let word = get(port, "/r/full.yaml/letter.docx");
    assert!(word.starts_with("HTTP/1.1 200 OK"), "{word}");
    assert!(
        word.contains(
            "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        "{word}"
    );
    // A Word document is a zip package: its body starts with the zip's signature.
    assert!(
        word.split("\r\n\r\n")
            .nth(1)
            .unwrap()
            .starts_with("PK\u{3}\u{4}")
    );

    // The folder whose settings offer no more has no Word document, as in the archive.
    let page = get(port, "/r/plain/full.yaml/");
    let mut offered = preview_labels(&page);
    offered.sort();
    assert_eq!(offered, ["Markdown", "PDF"], "{page}");
    assert!(get(port, "/r/plain/full.yaml/letter.docx").starts_with("HTTP/1.1 404"));
}
