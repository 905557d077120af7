//! The PDF/A-2a conditions that can be checked by reading the file, for every document every
//! example and bundled response renders to: the header, the sRGB output intent and its
//! profile, the XMP packet (identifiers, extension schema, uncompressed, well formed) and
//! its agreement with the information dictionary, printable annotations, and nothing PDF/A
//! forbids (encryption, JavaScript, launch and other actions, LZW, transparency, embedded
//! files, fonts not embedded, structure types outside ISO 32000's), and every drawn glyph a
//! real one whose width in the font dictionary is the embedded program's. veraPDF, the reference
//! validator, cannot be installed here; these are the parts of it we can own.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Object};

use crate::tags::{documents, inputs};

/// Every rendered document: (a name for messages, the PDF's bytes). Rendered once for all
/// the tests here.
fn pdfs() -> &'static [(String, Vec<u8>)] {
    static PDFS: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    PDFS.get_or_init(render_all)
}

fn render_all() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for path in inputs() {
        for (stem, _, pdf) in documents(&path) {
            out.push((format!("{}: {stem}", path.display()), pdf));
        }
    }
    assert!(out.len() >= 8, "{} documents", out.len());
    out
}

fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a Dictionary {
    match obj {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name_of<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key).and_then(Object::as_name).unwrap_or(b"")
}

#[test]
fn the_header_says_1_7_and_is_followed_by_a_binary_comment() {
    for (what, pdf) in pdfs() {
        assert!(pdf.starts_with(b"%PDF-1.7\n%"), "{what}");
        // ISO 19005-2, 6.1.2: a comment of at least four bytes above 127 on the second line.
        let line: Vec<u8> = pdf[10..]
            .iter()
            .take_while(|&&b| b != b'\n')
            .copied()
            .collect();
        assert!(
            line.len() >= 4 && line.iter().all(|&b| b > 127),
            "{what}: {line:?}"
        );
    }
}

#[test]
fn the_output_intent_is_srgb_with_the_profile_embedded() {
    let profile = s55::render::pdf::pdfa::SRGB_PROFILE;
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        let catalog = doc.catalog().unwrap();
        let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
        assert_eq!(
            intents.len(),
            1,
            "{what}: one output intent, no other to disagree"
        );
        let intent = dict(&doc, &intents[0]);
        assert_eq!(name_of(intent, b"Type"), b"OutputIntent", "{what}");
        assert_eq!(name_of(intent, b"S"), b"GTS_PDFA1", "{what}");
        assert_eq!(
            intent
                .get(b"OutputConditionIdentifier")
                .unwrap()
                .as_str()
                .unwrap(),
            b"sRGB IEC61966-2.1",
            "{what}"
        );
        let id = intent
            .get(b"DestOutputProfile")
            .unwrap()
            .as_reference()
            .unwrap();
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        assert_eq!(
            stream.dict.get(b"N").unwrap().as_i64().unwrap(),
            3,
            "{what}"
        );
        let bytes = stream.decompressed_content().unwrap();
        assert_eq!(bytes.len(), 6922, "{what}");
        assert_eq!(bytes, profile, "{what}: the profile as it is in assets/icc");
        // The ICC header: its own length, an RGB colour space, the profile signature.
        assert_eq!(
            u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize,
            bytes.len()
        );
        assert_eq!(&bytes[16..20], b"RGB ", "{what}");
        assert_eq!(&bytes[36..40], b"acsp", "{what}");
    }
}

/// The XMP packet's text, checking the stream is metadata and not compressed (ISO 19005-2,
/// 6.6.2.1: a metadata stream has no Filter, so any reader can find it in the raw bytes).
fn xmp(doc: &Document, what: &str) -> String {
    let id = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    assert!(stream.dict.get(b"Filter").is_err(), "{what}: compressed");
    assert_eq!(name_of(&stream.dict, b"Type"), b"Metadata", "{what}");
    assert_eq!(name_of(&stream.dict, b"Subtype"), b"XML", "{what}");
    String::from_utf8(stream.content.clone()).unwrap()
}

/// The elements of an XML text balance: every start tag has its end tag, in order. Enough
/// for a packet we write ourselves (no CDATA, no comments, no `>` in attribute values).
fn assert_well_formed(xml: &str, what: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').unwrap();
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap();
        match name.strip_prefix('/') {
            Some(closing) => assert_eq!(open.pop(), Some(closing), "{what}: XMP badly nested"),
            None => open.push(name),
        }
    }
    assert!(open.is_empty(), "{what}: unclosed {open:?}");
}

/// A property's value: the text inside the first `<tag …>…</tag>`, without the `rdf:`
/// containers (Alt, Seq, Bag, li), entities decoded.
fn property(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}"))?;
    let body_start = start + xml[start..].find('>')? + 1;
    let end = body_start + xml[body_start..].find(&format!("</{tag}>"))?;
    let mut text = String::new();
    let mut inside = false;
    for c in xml[body_start..end].chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => text.push(c),
            _ => {}
        }
    }
    Some(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

#[test]
fn the_xmp_names_both_standards_and_declares_the_pdfua_schema() {
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        let x = xmp(&doc, what);
        assert_well_formed(&x, what);
        assert!(x.starts_with("<?xpacket begin=\"\u{feff}\""), "{what}");
        assert!(x.trim_end().ends_with("<?xpacket end=\"w\"?>"), "{what}");
        assert!(
            x.contains(r#"xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/""#),
            "{what}"
        );
        assert_eq!(property(&x, "pdfaid:part").as_deref(), Some("2"), "{what}");
        assert_eq!(
            property(&x, "pdfaid:conformance").as_deref(),
            Some("A"),
            "{what}"
        );
        assert_eq!(property(&x, "pdfuaid:part").as_deref(), Some("1"), "{what}");
        // The extension schema describing pdfuaid:part, as ISO 19005-2, 6.6.2.3.3 asks.
        let schema = &x[x.find("<pdfaExtension:schemas>").expect("extension schema")..];
        for (tag, value) in [
            (
                "pdfaSchema:namespaceURI",
                "http://www.aiim.org/pdfua/ns/id/",
            ),
            ("pdfaSchema:prefix", "pdfuaid"),
            ("pdfaProperty:name", "part"),
            ("pdfaProperty:valueType", "Integer"),
            ("pdfaProperty:category", "internal"),
        ] {
            assert_eq!(
                property(schema, tag).as_deref(),
                Some(value),
                "{what}: {tag}"
            );
        }
        assert!(
            x.contains(r#"xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/""#)
                && x.contains(r#"xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#""#)
                && x.contains(r#"xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#""#),
            "{what}"
        );
    }
}

/// A PDF date (`D:YYYYMMDDHHmmSSZ`) in XMP's form (`YYYY-MM-DDTHH:mm:SSZ`).
fn xmp_date(pdf_date: &str) -> String {
    let d = pdf_date.strip_prefix("D:").unwrap();
    assert!(d.len() == 15 && d.ends_with('Z'), "{pdf_date}");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

#[test]
fn the_xmp_and_the_information_dictionary_agree() {
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        let x = xmp(&doc, what);
        let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
        let entry = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
        for (key, tag) in [
            (&b"Title"[..], "dc:title"),
            (b"Author", "dc:creator"),
            (b"Subject", "dc:description"),
            (b"Keywords", "pdf:Keywords"),
            (b"Producer", "pdf:Producer"),
            (b"Creator", "xmp:CreatorTool"),
        ] {
            let value = entry(key);
            assert!(!value.is_empty(), "{what}: empty {key:?}");
            assert_eq!(property(&x, tag), Some(value), "{what}: {tag}");
        }
        // The dates agree, or an undated letter has none in either.
        let date = |key: &[u8]| info.get(key).is_ok().then(|| xmp_date(&entry(key)));
        assert_eq!(
            property(&x, "xmp:CreateDate"),
            date(b"CreationDate"),
            "{what}"
        );
        assert_eq!(property(&x, "xmp:ModifyDate"), date(b"ModDate"), "{what}");
        // The document language is the first of dc:language's.
        let lang = lopdf::decode_text_string(doc.catalog().unwrap().get(b"Lang").unwrap());
        assert!(
            property(&x, "dc:language")
                .unwrap()
                .starts_with(&lang.unwrap()),
            "{what}"
        );
        // printpdf's own information dictionary (with GTS_PDFXVersion) is not left behind.
        assert!(!pdf.windows(15).any(|w| w == b"GTS_PDFXVersion"), "{what}");
    }
}

#[test]
fn every_annotation_is_printable_and_a_link_or_has_an_appearance() {
    let mut seen = 0;
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        for (_, page_id) in doc.get_pages() {
            let page = doc.get_dictionary(page_id).unwrap();
            let Ok(annots) = page.get(b"Annots") else {
                continue;
            };
            for a in annots.as_array().unwrap() {
                let a = dict(&doc, a);
                // Print on; Invisible, Hidden, NoView and ToggleNoView off (6.3.2).
                assert_eq!(a.get(b"F").unwrap().as_i64().unwrap(), 4, "{what}");
                // 6.3.3: an appearance stream for all but Link and Popup annotations.
                if name_of(a, b"Subtype") != b"Link" {
                    let ap = dict(&doc, a.get(b"AP").expect("an appearance"));
                    assert_eq!(ap.len(), 1, "{what}: only /N");
                }
                seen += 1;
            }
        }
    }
    assert!(seen > 10, "only {seen} annotations: the check saw nothing");
}

/// Names of actions PDF/A-2 forbids (ISO 19005-2, 6.6.1).
const FORBIDDEN_ACTIONS: [&[u8]; 11] = [
    b"Launch",
    b"Sound",
    b"Movie",
    b"ResetForm",
    b"ImportData",
    b"JavaScript",
    b"Hide",
    b"SetOCGState",
    b"Rendition",
    b"Trans",
    b"GoTo3DView",
];

/// What a dictionary must not hold in a PDF/A file, or None.
fn forbidden(d: &Dictionary) -> Option<String> {
    for key in [&b"JS"[..], b"AA", b"Encrypt", b"EmbeddedFiles", b"SMask"] {
        if d.get(key).is_ok() {
            return Some(format!("/{}", String::from_utf8_lossy(key)));
        }
    }
    let s = name_of(d, b"S");
    if FORBIDDEN_ACTIONS.contains(&s) || s == b"Transparency" {
        return Some(format!("/S /{}", String::from_utf8_lossy(s)));
    }
    let filters = match d.get(b"Filter") {
        Ok(Object::Array(a)) => a.iter().filter_map(|f| f.as_name().ok()).collect(),
        Ok(f) => f.as_name().into_iter().collect(),
        Err(_) => vec![],
    };
    if filters.contains(&&b"LZWDecode"[..]) {
        return Some("LZW".to_owned());
    }
    for key in [&b"CA"[..], b"ca"] {
        if d.get(key).and_then(Object::as_float).is_ok_and(|a| a < 1.0) {
            return Some("transparency".to_owned());
        }
    }
    None
}

#[test]
fn nothing_pdf_a_forbids_is_in_the_file() {
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        assert!(doc.trailer.get(b"Encrypt").is_err(), "{what}");
        let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
        assert_eq!(id.len(), 2, "{what}");
        let catalog = doc.catalog().unwrap();
        for key in [
            &b"AcroForm"[..],
            b"Names",
            b"OCProperties",
            b"AA",
            b"OpenAction",
        ] {
            assert!(catalog.get(key).is_err(), "{what}: {key:?}");
        }
        for (oid, obj) in &doc.objects {
            let d = match obj {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => continue,
            };
            // Inline dictionaries (actions inside annotations) as well as whole objects.
            let mut all = vec![d];
            all.extend(d.iter().filter_map(|(_, v)| v.as_dict().ok()));
            for d in all {
                assert_eq!(forbidden(d), None, "{what}: object {oid:?}");
            }
            if name_of(d, b"Type") == b"FontDescriptor" {
                assert!(
                    [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                        .iter()
                        .any(|k| d.get(k).is_ok()),
                    "{what}: a font not embedded"
                );
            }
            if name_of(d, b"Type") == b"Font" && name_of(d, b"Subtype") == b"Type0" {
                assert!(
                    d.get(b"ToUnicode").is_ok(),
                    "{what}: a font without ToUnicode"
                );
            }
        }
    }
}

/// ISO 32000-1's standard structure types (14.8.4), the ones PDF/A-2a accepts without a
/// role map.
const STANDARD_TYPES: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

#[test]
fn the_tagged_level_holds_marked_content_language_and_standard_types() {
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        let catalog = doc.catalog().unwrap();
        let mark = dict(&doc, catalog.get(b"MarkInfo").unwrap());
        assert!(mark.get(b"Marked").unwrap().as_bool().unwrap(), "{what}");
        assert!(catalog.get(b"Lang").is_ok(), "{what}");
        let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
        assert!(root.get(b"RoleMap").is_err(), "{what}: no role map needed");
        let mut kinds = 0;
        for obj in doc.objects.values() {
            if let Ok(d) = obj.as_dict()
                && name_of(d, b"Type") == b"StructElem"
            {
                let s = String::from_utf8_lossy(name_of(d, b"S")).into_owned();
                assert!(STANDARD_TYPES.contains(&s.as_str()), "{what}: /{s}");
                kinds += 1;
            }
        }
        assert!(kinds > 5, "{what}: {kinds} structure elements");
    }
}

/// A CID font's widths (`/W`), by CID: both forms, `c [w1 w2 …]` and `c_first c_last w`.
fn widths(w: &[Object]) -> BTreeMap<i64, f32> {
    let num = |o: &Object| o.as_float().unwrap();
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = w[i].as_i64().unwrap();
        if let Ok(list) = w[i + 1].as_array() {
            for (k, v) in list.iter().enumerate() {
                out.insert(first + k as i64, num(v));
            }
            i += 2;
        } else {
            for c in first..=w[i + 1].as_i64().unwrap() {
                out.insert(c, num(&w[i + 2]));
            }
            i += 3;
        }
    }
    out
}

/// The glyph ids each font resource draws on a page (two-byte codes, Identity-H).
fn drawn(doc: &Document, page: lopdf::ObjectId) -> Vec<(Vec<u8>, u16)> {
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let mut font = Vec::new();
    let mut out = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
            "Tj" | "TJ" => {
                let items = match &op.operands[0] {
                    Object::Array(a) => a.clone(),
                    other => vec![other.clone()],
                };
                for bytes in items.iter().filter_map(|o| o.as_str().ok()) {
                    for pair in bytes.chunks(2) {
                        out.push((font.clone(), u16::from_be_bytes([pair[0], pair[1]])));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A font resource as PDF/A compares it: the embedded program read back, the dictionary's
/// widths by CID and its default width. Checks the CIDs are the program's glyph ids.
fn font_widths(
    doc: &Document,
    type0: &Dictionary,
    what: &str,
) -> (s55::render::pdf::fonts::Face, BTreeMap<i64, f32>, f32) {
    let cid = dict(
        doc,
        &type0.get(b"DescendantFonts").unwrap().as_array().unwrap()[0],
    );
    assert_eq!(name_of(cid, b"CIDToGIDMap"), b"Identity", "{what}");
    let descriptor = dict(doc, cid.get(b"FontDescriptor").unwrap());
    let file = descriptor
        .get(b"FontFile2")
        .unwrap()
        .as_reference()
        .unwrap();
    let program = doc
        .get_object(file)
        .unwrap()
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap();
    let face = s55::render::pdf::fonts::Face::parse(Cow::Owned(program), what).unwrap();
    let w = widths(cid.get(b"W").unwrap().as_array().unwrap());
    let dw = cid.get(b"DW").map_or(1000.0, |d| d.as_float().unwrap());
    (face, w, dw)
}

#[test]
fn every_drawn_glyph_is_real_and_as_wide_as_the_font_program_says() {
    let mut checked = 0;
    for (what, pdf) in pdfs() {
        let doc = Document::load_mem(pdf).unwrap();
        let mut read = HashMap::new();
        for (_, page_id) in doc.get_pages() {
            let page = doc.get_dictionary(page_id).unwrap();
            let resources = dict(&doc, page.get(b"Resources").unwrap());
            let fonts = dict(&doc, resources.get(b"Font").unwrap());
            for (font, gid) in drawn(&doc, page_id) {
                // 6.2.11.8: no text shows the missing glyph.
                assert_ne!(gid, 0, "{what}: .notdef drawn");
                let (face, w, dw) = read.entry(font.clone()).or_insert_with(|| {
                    font_widths(&doc, dict(&doc, fonts.get(&font).unwrap()), what)
                });
                let expected = f32::from(face.advance(gid)) * 1000.0 / f32::from(face.units_per_em);
                let given = w.get(&i64::from(gid)).copied().unwrap_or(*dw);
                // 6.2.11.5: the dictionary's width and the program's agree (veraPDF allows
                // 1/1000 em either way).
                assert!(
                    (given - expected).abs() <= 1.0,
                    "{what}: glyph {gid} is {given}, the font says {expected}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} glyphs");
}

#[test]
fn a_letter_with_a_missing_glyph_claims_neither_standard() {
    let tmp = crate::support::TempDir::new("pdfa-missing-glyph");
    let full = std::fs::read_to_string(crate::support::root().join("examples/full.yaml")).unwrap();
    let path = tmp.path().join("r.yaml");
    std::fs::write(
        &path,
        full.replace("I welcome this inspection", "I welcome ✅ this inspection"),
    )
    .unwrap();
    let (_, _, pdf) = documents(&path).remove(0);
    let doc = Document::load_mem(&pdf).unwrap();
    let x = xmp(&doc, "missing glyph");
    assert_well_formed(&x, "missing glyph");
    assert_eq!(property(&x, "pdfaid:part"), None);
    assert_eq!(property(&x, "pdfuaid:part"), None);
    // The rest of the packet is there still.
    assert!(property(&x, "dc:title").is_some_and(|t| !t.is_empty()));
    // And the same letter without the character claims both.
    let (_, _, pdf) = documents(&crate::support::root().join("examples/full.yaml")).remove(0);
    let x = xmp(&Document::load_mem(&pdf).unwrap(), "full");
    assert_eq!(property(&x, "pdfaid:part").as_deref(), Some("2"));
}
