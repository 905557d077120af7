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
    // A PNG cut short, and one whose header claims 5,000 × 5,000 pixels.
    let logo = std::fs::read(root().join("examples/northshire/logo.png")).unwrap();
    std::fs::write(office.join("broken.png"), &logo[..logo.len() - 40]).unwrap();
    std::fs::write(office.join("huge.png"), png_header(5000, 5000)).unwrap();
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
        (
            "broken.png",
            "Logo",
            "error: the picture `broken.png` cannot be drawn: its pixels cannot be read",
        ),
        (
            "huge.png",
            "Logo",
            "error: the picture `huge.png` cannot be drawn: it is 5000 × 5000 pixels, more than the 16 million a picture may have",
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

/// A PNG's signature and header chunk alone, for a picture of `w` × `h` pixels.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&w.to_be_bytes());
    chunk.extend_from_slice(&h.to_be_bytes());
    chunk.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&chunk);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// The structure elements of a PDF of the given type, in the order the tree reads them.
fn elements_of(doc: &lopdf::Document, kind: &[u8]) -> Vec<lopdf::Dictionary> {
    fn walk(
        doc: &lopdf::Document,
        d: &lopdf::Dictionary,
        kind: &[u8],
        out: &mut Vec<lopdf::Dictionary>,
    ) {
        if d.get(b"S").and_then(|s| s.as_name()).ok() == Some(kind) {
            out.push(d.clone());
        }
        let Ok(kids) = d.get(b"K") else { return };
        let kids = match kids {
            lopdf::Object::Array(a) => a.clone(),
            k => vec![k.clone()],
        };
        for k in kids {
            let kid = match &k {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
                lopdf::Object::Dictionary(d) => Some(d),
                _ => None,
            };
            if let Some(kid) = kid
                && kid.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem".as_slice())
            {
                walk(doc, kid, kind, out);
            }
        }
    }
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut out = Vec::new();
    walk(doc, doc.get_dictionary(root).unwrap(), kind, &mut out);
    out
}

#[test]
fn the_pdf_shows_both_pictures_as_tagged_figures_in_reading_order() {
    let pdf = crate::support::rendered(&root().join("examples/northshire/peel-2025.yaml"), "pdf");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    // Everything the tree reads, in order: the figures' words and the paragraphs' first words.
    let order: Vec<String> = elements_of(&doc, b"Figure")
        .iter()
        .map(|f| lopdf::decode_text_string(f.get(b"Alt").unwrap()).unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "Northshire Police, Fire and Crime Commissioner",
            "Signed by Jordan Hale"
        ]
    );
    for f in elements_of(&doc, b"Figure") {
        // Each has its place on the page, and one marked-content sequence on its page: the
        // MCID, on the page the figure names.
        let a = f.get(b"A").unwrap().as_dict().unwrap();
        assert_eq!(a.get(b"O").unwrap().as_name().unwrap(), b"Layout");
        let bbox = a.get(b"BBox").unwrap().as_array().unwrap();
        assert_eq!(bbox.len(), 4);
        let k = f.get(b"K").unwrap().as_array().unwrap();
        assert_eq!(k.len(), 1, "{f:?}");
        assert!(k[0].as_i64().is_ok(), "{f:?}");
        let page = f.get(b"Pg").unwrap().as_reference().unwrap();
        assert!(doc.get_pages().values().any(|&p| p == page), "{f:?}");
    }
    // The logo's pixels as an image with no transparency (PDF/A), the signature's shapes as
    // a form the size of the SVG.
    let mut images = Vec::new();
    let mut forms = Vec::new();
    for o in doc.objects.values() {
        let lopdf::Object::Stream(st) = o else {
            continue;
        };
        match st.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() {
            Some(b"Image") => images.push(st.clone()),
            Some(b"Form") => forms.push(st.clone()),
            _ => {}
        }
    }
    assert_eq!(images.len(), 1);
    let d = &images[0].dict;
    assert_eq!(d.get(b"Width").unwrap().as_i64().unwrap(), 360);
    assert_eq!(d.get(b"Height").unwrap().as_i64().unwrap(), 120);
    assert_eq!(
        d.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceRGB"
    );
    assert!(d.get(b"SMask").is_err() && d.get(b"Interpolate").is_err());
    let mut logo = images[0].clone();
    logo.decompress().unwrap();
    assert_eq!(logo.content.len(), 360 * 120 * 3);
    assert_eq!(forms.len(), 1);
    let bbox: Vec<f32> = forms[0]
        .dict
        .get(b"BBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert_eq!(bbox, [0.0, 0.0, 240.0, 80.0]);
    let mut sig = forms[0].clone();
    sig.decompress().unwrap();
    let drawing = String::from_utf8(sig.content).unwrap();
    assert!(drawing.starts_with("1 0 0 -1 0 80 cm\n"), "{drawing}");
    assert!(
        drawing.contains(" c\n") && drawing.contains("\nS\n"),
        "the signature's strokes: {drawing}"
    );
    // The signature stands between the valediction and the name, in the text as on the page.
    let pages_n = doc.get_pages().len();
    let text = crate::tags::page_text(&pdf, pages_n, "pictures");
    let yours = text.find("Yours sincerely").unwrap();
    let name = text[yours..].find("Jordan Hale").unwrap();
    assert!(name < 40, "{}", &text[yours..]);
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    // The last page draws the signature first, as the Figure with MCID 0: its marked
    // content holds the picture (Im2) placed by a matrix, with the graphics state restored.
    let last = doc.get_page_content(*pages.last().unwrap());
    let ops = lopdf::content::Content::decode(&last).unwrap().operations;
    let drawn = ops
        .iter()
        .position(|op| {
            op.operator == "BDC"
                && op.operands[0].as_name().ok() == Some(b"Figure".as_slice())
                && op.operands[1]
                    .as_dict()
                    .is_ok_and(|d| d.get(b"MCID").and_then(|m| m.as_i64()).ok() == Some(0))
        })
        .unwrap();
    let figure: Vec<String> = ops[drawn + 1..drawn + 6]
        .iter()
        .map(|op| {
            let names: Vec<String> = op
                .operands
                .iter()
                .filter_map(|o| o.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect();
            format!("{} {}", op.operator, names.join(" "))
        })
        .collect();
    assert_eq!(figure, ["q ", "cm ", "Do Im2", "Q ", "EMC "], "{ops:?}");
}

#[test]
fn what_the_pdf_cannot_draw_of_an_svg_is_a_warning_at_its_field() {
    let tmp = TempDir::new("pictures-svg-text");
    let office = tmp.path().join("office");
    std::fs::create_dir_all(&office).unwrap();
    std::fs::write(
        office.join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><defs><linearGradient id="g"><stop offset="0" stop-color="navy"/><stop offset="1" stop-color="teal"/></linearGradient></defs><rect width="60" height="60" fill="url(#g)"/><text x="70" y="40">Northshire</text></svg>"#,
    )
    .unwrap();
    let base = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    let text = base.replacen(
        "  address:               # one line per entry\n",
        "  logo:\n    file: logo.svg\n    alt: The office's logo\n  address:\n",
        1,
    );
    std::fs::write(office.join("response.yaml"), text).unwrap();
    let run = s55(&office, &["check", "response.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: the PDF leaves out its text (turn the text into outlines, or use a PNG) and its gradients (each drawn in its mean colour) of the picture `logo.svg`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("= at body.logo.file"), "{}", run.stderr);
}

#[test]
fn the_word_document_s_svg_signature_carries_a_png_every_word_shows() {
    let docx = crate::support::rendered(&root().join("examples/northshire/peel-2025.yaml"), "docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut part = |name: &str| {
        let mut b = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut b).unwrap();
        b
    };
    let doc = String::from_utf8(part("word/document.xml")).unwrap();
    // The blip is the PNG; the SVG is its extension, for Word 2016 and later.
    assert!(
        doc.contains(
            "<a:blip r:embed=\"rIdI1P\"><a:extLst><a:ext uri=\"{96DAC541-7B7A-43D3-8B79-37D633B846F1}\">\
             <asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" \
             r:embed=\"rIdI1\"/></a:ext></a:extLst></a:blip>"
        ),
        "{doc}"
    );
    let rels = String::from_utf8(part("word/_rels/document.xml.rels")).unwrap();
    assert!(rels.contains("Id=\"rIdI1P\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\""), "{rels}");
    assert!(rels.contains("Id=\"rIdI1\" ") && rels.contains("Target=\"media/image1.svg\""));
    // A real PNG, twice the size the page shows, with the signature's ink on it.
    let png = part("word/media/image1.png");
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let extent = doc.split("<wp:extent cx=\"").nth(1).unwrap();
    let cx: u32 = extent.split('"').next().unwrap().parse().unwrap();
    assert_eq!(info.width, 2 * cx / 9525);
    let inked = pixels.chunks(4).filter(|p| p[3] > 128).count();
    let share = inked as f64 / (pixels.len() / 4) as f64;
    assert!(share > 0.005 && share < 0.5, "{share} of the PNG is ink");
}
