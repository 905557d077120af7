//! The office's logo and the signature as pictures: read from the office's folder, shown in
//! the page (inside it, nothing fetched) and the Word document with their words for screen
//! readers, and refused when they are not what they should be.

use std::io::Read as _;

use crate::support::{TempDir, render, root, s55};

#[test]
fn the_page_holds_the_logo_and_the_signature_with_their_words() {
    let (md, html) = render(&root().join("examples/northshire/peel-2025.yaml"));
    assert!(
        html.contains("<img class=\"logo\" src=\"data:image/png;base64,iVBORw0KGgo"),
        "the logo, inside the page"
    );
    assert!(html.contains(
        "alt=\"Northshire Police, Fire and Crime Commissioner\" width=\"240\" height=\"80\">"
    ));
    assert!(html.contains("<p class=\"signature-image\"><img src=\"data:image/svg+xml;base64,"));
    assert!(html.contains("alt=\"Signed by Jordan Hale\" width=\"240\" height=\"80\"></p>"));
    // The page still loads nothing from elsewhere: `data:` pictures only.
    assert!(html.contains("img-src 'self' data:;"), "{html}");
    // Markdown for a CMS carries neither the picture nor s55's marker for it.
    assert!(
        !md.contains("s55:signature") && !md.contains("data:"),
        "{md}"
    );
}

#[test]
fn the_word_document_holds_both_pictures_described() {
    let docx = crate::support::rendered(&root().join("examples/northshire/peel-2025.yaml"), "docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let doc = part("word/document.xml");
    assert!(doc.contains("descr=\"Signed by Jordan Hale\""), "{doc}");
    assert!(
        part("word/header1.xml")
            .contains("descr=\"Northshire Police, Fire and Crime Commissioner\"")
    );
    assert!(part("word/_rels/header1.xml.rels").contains("Target=\"media/logo.png\""));
    assert!(part("word/_rels/document.xml.rels").contains("Target=\"media/image1.svg\""));
    let logo = std::fs::read(root().join("examples/northshire/logo.png")).unwrap();
    let mut bytes = Vec::new();
    zip.by_name("word/media/logo.png")
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert_eq!(bytes, logo);
}

#[test]
fn a_picture_outside_the_folder_or_not_a_picture_or_without_words_is_refused() {
    let tmp = TempDir::new("pictures-refused");
    let office = tmp.path().join("office");
    std::fs::create_dir_all(&office).unwrap();
    std::fs::write(
        tmp.path().join("outside.png"),
        std::fs::read(root().join("examples/northshire/logo.png")).unwrap(),
    )
    .unwrap();
    std::fs::write(office.join("notes.txt"), "not a picture").unwrap();
    let base = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let cases = [
        (
            "../outside.png",
            "Logo",
            "error: the picture `../outside.png` is not a file in the office's folder",
        ),
        (
            "notes.txt",
            "Logo",
            "error: the picture `notes.txt` is not a PNG or an SVG",
        ),
        (
            "missing.png",
            "Logo",
            "error: cannot read the picture `missing.png`",
        ),
        (
            "notes.txt",
            "",
            "error: the picture has no text for readers who cannot see it",
        ),
    ];
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("outside.png"), office.join("linked.png")).unwrap();
    #[cfg(unix)]
    let cases = {
        let mut c = cases.to_vec();
        c.push((
            "linked.png",
            "Logo",
            "error: the picture `linked.png` is a link to a file outside the office's folder",
        ));
        c
    };
    for (file, alt, expected) in cases {
        let text = base.replacen(
            "  address:               # one line per entry\n",
            &format!("  logo:\n    file: {file}\n    alt: \"{alt}\"\n  address:\n"),
            1,
        );
        assert!(text.contains("logo:"), "the example has a body address");
        std::fs::write(office.join("response.yaml"), text).unwrap();
        let run = s55(&office, &["check", "response.yaml"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains("= at body.logo."),
            "{file}: {}",
            run.stderr
        );
    }
}
