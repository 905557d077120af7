//! The readers' unit tests: formats told apart, and each format's text.

use super::*;

#[test]
fn formats_are_told_from_the_content() {
    assert_eq!(format(b"%PDF-1.7\n"), Format::Pdf);
    assert_eq!(format(b"PK\x03\x04rest"), Format::Docx);
    assert_eq!(format(b"  <!DOCTYPE html><html>"), Format::Html);
    assert_eq!(format(b"Dear Home Secretary,"), Format::Text);
    assert!(read(b"\x00\x01\x02binary").is_err());
    assert!(
        read(b"PK\x03\x04broken")
            .unwrap_err()
            .0
            .contains("Word document")
    );
}

#[test]
fn a_pdf_page_reads_as_lopdf_reads_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for name in [
        "bench/responses-20-pages.pdf",
        "warwickshire-child-protection-2022-letter.pdf",
    ] {
        let doc = super::super::pdftext::load(&std::fs::read(root.join(name)).unwrap()).unwrap();
        let ours = super::super::pdftext::pages(&doc).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        assert_eq!(ours.len(), pages.len(), "{name}");
        for (p, text) in pages.iter().zip(&ours) {
            assert_eq!(*text, doc.extract_text(&[*p]).unwrap(), "{name}, page {p}");
        }
        assert!(ours.concat().contains("Chief Constable"), "{name}");
    }
}

#[test]
fn a_page_loses_its_furniture_and_keeps_its_blocks() {
    let page = "<html><body><nav>Home | News</nav><div class=\"cookie-banner\">We use cookies</div><main><h1>Response</h1><p>First  para.</p><ul><li>One</li></ul></main><footer>Footer</footer></body></html>";
    let t = html(page).unwrap();
    assert!(t.contains("Response\n\nFirst para.\n\n• One"), "{t:?}");
    assert!(!t.contains("cookies") && !t.contains("Footer") && !t.contains("News"));
}

#[test]
fn pdf_pages_lose_running_headers_and_page_numbers() {
    let pages: Vec<String> = (1..=3)
        .map(|i| {
            format!("PEEL 2025 – Kent\nOn page {i} the force should im-\nprove work {i}.\n{i}")
        })
        .collect();
    let (t, at) = join_pages(&pages);
    assert_eq!(at.first(), Some(&1));
    assert!(!t.contains("PEEL 2025"), "{t}");
    assert!(
        t.contains("On page 1 the force should improve work 1."),
        "{t}"
    );
    assert!(!t.lines().any(|l| l.trim() == "2"));
}

#[test]
fn a_compound_broken_at_its_hyphen_keeps_it() {
    // "crime-related" came out as "crimerelated".
    let pages =
        vec!["The force should improve its understanding of crime-\nrelated demand.\n".to_owned()];
    let (t, _) = join_pages(&pages);
    assert!(t.contains("understanding of crime-related demand."), "{t}");
}

#[test]
fn numbered_lists_of_a_page_keep_their_numbers_and_nesting() {
    // Every list item read as a bullet, so the sub-points of recommendation 5 swallowed
    // recommendations 6 to 8.
    let page = "<html><body><main><ol><li>First.</li><li>Second, paying attention to:<ol type=\"a\"><li>one;</li><li>two.</li></ol></li><li>Third.</li></ol></main></body></html>";
    let t = html(page).unwrap();
    assert!(
        t.contains(
            "1. First.\n\n2. Second, paying attention to:\n\n  a. one;\n\n  b. two.\n\n3. Third."
        ),
        "{t:?}"
    );
}
