//! The writer's own tests: the page limit, the document id, strings and numbers.

use super::*;
use crate::render::pdf::layout::{Artifact, Ink, Pt};
use std::collections::BTreeMap;

#[test]
fn subset_tags_are_six_capitals() {
    let t = subset_tag(fnv(0, b"abc"));
    assert_eq!(t.len(), 6);
    assert!(t.chars().all(|c| c.is_ascii_uppercase()));
    assert_eq!(t, subset_tag(fnv(0, b"abc")));
}

#[test]
fn strings_are_in_pdfdocencoding_where_they_can_be() {
    assert_eq!(
        text("Plain"),
        Object::String(b"Plain".to_vec(), StringFormat::Literal)
    );
    // An en dash has a PDFDocEncoding code; ŵ has none.
    assert_eq!(
        text("A – b"),
        Object::String(
            vec![0x41, 0x20, 0x85, 0x20, 0x62],
            StringFormat::Hexadecimal
        )
    );
    assert_eq!(
        text("Gŵ"),
        Object::String(
            vec![0xFE, 0xFF, 0x00, 0x47, 0x01, 0x75],
            StringFormat::Hexadecimal
        )
    );
}

fn meta() -> Meta {
    Meta {
        title: "Response".to_owned(),
        author: "Office".to_owned(),
        subject: String::new(),
        keywords: Vec::new(),
        lang: "en-GB".to_owned(),
        date: None,
        creator: "s55".to_owned(),
    }
}

fn laid(pages: usize) -> Laid {
    Laid {
        size: [Pt(595.28), Pt(841.89)],
        pages: vec![Page::default(); pages],
        nodes: Vec::new(),
        marks: Vec::new(),
        missing: BTreeSet::new(),
        places: BTreeMap::new(),
        page_langs: Vec::new(),
        pictures: Vec::new(),
    }
}

#[test]
fn a_document_beyond_the_page_limit_is_refused_before_it_is_drawn() {
    let fonts = Fonts::load(None).unwrap();
    let err = write(&laid(MAX_PAGES + 1), &fonts, &meta()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the letter would be 2001 pages long in the PDF, more than the 2000 a PDF may have: shorten the letter (is some text repeated by mistake?), or leave the PDF out with --format"
    );
    // At the limit, it is written.
    let pdf = write(&laid(3), &fonts, &meta()).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 3);
}

#[test]
fn a_document_of_more_tagged_parts_than_the_limit_is_refused_before_it_is_drawn() {
    let fonts = Fonts::load(None).unwrap();
    let mut many = laid(1);
    for i in 0..=MAX_PARTS {
        many.places.insert(format!("note-{i}"), (0, Pt(0.0)));
    }
    let err = write(&many, &fonts, &meta()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the letter would need 100001 tagged parts and link targets in the PDF, more than the 100000 a PDF may have (a letter of a hundred pages needs a few thousand): shorten the letter or its footnotes (is some text repeated by mistake?), or leave the PDF out with --format"
    );
}

#[test]
fn the_document_id_follows_the_text_and_nothing_else() {
    let mut a = laid(1);
    a.pages[0].texts.push(crate::render::pdf::layout::Text {
        x: Pt(72.0),
        y: Pt(700.0),
        style: Style::of(false, false),
        size: Pt(11.0),
        text: "I welcome this inspection".to_owned(),
        added: 0,
        ink: Ink::Text,
        node: None,
        artifact: Artifact::Layout,
    });
    let mut b = a.clone();
    assert_eq!(document_id(&a, &meta()), document_id(&b, &meta()));
    b.pages[0].texts[0].text = "I welcome this inspection.".to_owned();
    assert_ne!(document_id(&a, &meta()), document_id(&b, &meta()));
    let mut other = meta();
    other.title = "Another response".to_owned();
    assert_ne!(document_id(&a, &meta()), document_id(&a, &other));
}

#[test]
fn numbers_are_rounded_to_thousandths() {
    assert_eq!(round(595.2756), 595.276);
    assert_eq!(round(f32::NAN), 0.0);
    assert_eq!(format!("{}", round(0.1 + 0.2)), "0.3");
}

/// A letter of several pages, with links to places in it and out of it, footnotes, Welsh
/// letters and every face.
fn long_letter(fonts: &Fonts) -> Laid {
    let mut md = String::from("## Findings\n\n");
    for i in 0..80 {
        md.push_str(&format!(
            "Paragraph {i} of the response, with a [link](https://example.org/{i}) and a note.[^n{i}] Gŵyl and \u{2018}quotes\u{2019} in **bold**, *italic* and ***both***.\n\n"
        ));
    }
    for i in 0..80 {
        md.push_str(&format!("[^n{i}]: Note {i}.\n"));
    }
    let letter = crate::render::blocks::read(&md);
    let setup = crate::render::pdf::layout::Setup::a4(
        vec!["Office".into()],
        "Response".into(),
        "Page {page} of {pages}".into(),
    );
    crate::render::pdf::layout::layout_letter(&letter.blocks, &letter.notes, &setup, fonts)
}

#[test]
fn a_document_drawn_a_page_at_a_time_is_the_file_drawn_at_once() {
    let fonts = Fonts::load(None).unwrap();
    let laid = long_letter(&fonts);
    assert!(laid.pages.len() >= 4, "{} pages", laid.pages.len());
    assert_eq!(draw::runs(&laid.pages, draw::RUN).len(), 1);
    assert_eq!(draw::runs(&laid.pages, 1).len(), laid.pages.len());
    let at_once = write(&laid, &fonts, &meta()).unwrap();
    let by_page = write_in_runs(&laid, &fonts, &meta(), 1).unwrap();
    assert!(at_once == by_page, "the two files differ");
    // Each page's drawing is its own: the last page shows its own words, not every letter of
    // the fonts.
    let doc = lopdf::Document::load_mem(&by_page).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), laid.pages.len());
    let last = doc.extract_text(&[pages.len() as u32]).unwrap();
    let expected: String = laid.pages[laid.pages.len() - 1]
        .texts
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert!(
        last.split_whitespace().collect::<String>()
            == expected.split_whitespace().collect::<String>(),
        "{last:?}\n{expected:?}"
    );
}

#[test]
fn runs_of_pages_hold_at_least_a_page_and_at_most_their_pieces() {
    let fonts = Fonts::load(None).unwrap();
    let laid = long_letter(&fonts);
    let pieces = |r: &std::ops::Range<usize>| -> usize {
        laid.pages[r.clone()]
            .iter()
            .map(|p| p.texts.len() + p.bars.len() + p.figures.len())
            .sum()
    };
    let most = pieces(&(0..2));
    let runs = draw::runs(&laid.pages, most);
    assert!(runs.len() > 1 && runs.len() < laid.pages.len(), "{runs:?}");
    assert_eq!(runs.first().unwrap().start, 0);
    assert_eq!(runs.last().unwrap().end, laid.pages.len());
    for w in runs.windows(2) {
        assert_eq!(w[0].end, w[1].start);
    }
    for r in &runs {
        assert!(!r.is_empty());
        assert!(r.len() == 1 || pieces(r) <= most, "{r:?}");
    }
    assert!(draw::runs(&[], 10).is_empty());
}

#[test]
fn a_short_page_s_drawing_is_deflated_as_when_drawn_in_runs() {
    let fonts = Fonts::load(None).unwrap();
    let letter = crate::render::blocks::read("A short letter.\n");
    let setup = crate::render::pdf::layout::Setup::a4(
        vec!["Office".into()],
        "Response".into(),
        "Page {page} of {pages}".into(),
    );
    let laid =
        crate::render::pdf::layout::layout_letter(&letter.blocks, &letter.notes, &setup, &fonts);
    assert_eq!(laid.pages.len(), 1);
    let at_once = write(&laid, &fonts, &meta()).unwrap();
    let doc = lopdf::Document::load_mem(&at_once).unwrap();
    let page = doc.get_pages()[&1];
    let contents = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .and_then(Object::as_reference)
        .unwrap();
    let stream = doc.get_object(contents).unwrap().as_stream().unwrap();
    assert_eq!(
        stream
            .dict
            .get(b"Filter")
            .and_then(Object::as_name)
            .unwrap(),
        b"FlateDecode"
    );
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("A short letter."), "{text:?}");
}

#[test]
fn a_kept_compressor_gives_each_stream_the_bytes_a_new_one_gives() {
    use std::io::Read as _;
    let a: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let b = b"BT /F1 11 Tf 0 g 89.826 772.577 Td (text) Tj ET\n".repeat(100);
    let fresh = |data: &[u8]| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
        std::io::Write::write_all(&mut z, data).unwrap();
        z.finish().unwrap()
    };
    for _ in 0..2 {
        for data in [&a[..], &b[..], &a[..]] {
            let packed = draw::with_compressor(|z| draw::deflate(z, data))
                .unwrap()
                .unwrap();
            assert!(packed == fresh(data));
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_end(&mut back)
                .unwrap();
            assert!(back == data);
        }
    }
}
