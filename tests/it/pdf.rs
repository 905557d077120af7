//! The PDF, checked with real tools: pdftotext, pdffonts, pdfinfo and qpdf (poppler-utils and
//! qpdf; `.ci/run` installs them), and its structure tree read back with lopdf.

use std::path::Path;
use std::process::Command;

use crate::support::{TempDir, normalise, root};

/// Renders a response file to PDF in process.
fn pdf_of(path: &Path) -> Vec<u8> {
    let checked = s55::check_file(path);
    let editions = checked.loaded.editions.as_ref().expect("no errors");
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
    let out = s55::render::render(
        &renderer,
        editions,
        &checked.settings,
        "letter",
        &s55::render::format::by_names(&["pdf"]),
        s55::render::PageLinks::default(),
    )
    .unwrap();
    out.files[0].1.clone()
}

fn example(name: &str) -> std::path::PathBuf {
    root().join("examples").join(name)
}

/// Runs a poppler or qpdf tool on PDF bytes and returns what it printed.
fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let tmp = TempDir::new(&format!("tool-{name}-{}", pdf.len()));
    let file = tmp.path().join("letter.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(name)
        .args(args)
        .arg(&file)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("`{name}` must be installed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text pdftotext reads from a PDF.
pub fn pdf_text(pdf: &[u8]) -> String {
    tool("pdftotext", &[], pdf)
}

/// The letter's text as pdftotext reads it, without the footers (artifacts, not the letter).
fn letter_text(pdf: &[u8], footer_title: &str) -> String {
    tool("pdftotext", &[], pdf)
        .lines()
        .filter(|l| !(l.starts_with("Page ") && l.contains(" of ")) && l.trim() != footer_title)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_seed_sentence_is_in_the_pdf_text_in_reading_order() {
    let pdf = pdf_of(&example("warwickshire-child-protection-2022.yaml"));
    let text = letter_text(
        &pdf,
        "Response to Warwickshire – National child protection inspection",
    );
    // Lines break at spaces and after hyphens, so compare without white space at all.
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squeeze(&text);
    let mut from = 0;
    for sentence in crate::seed::seed_sentences() {
        let s = squeeze(&sentence);
        match text[from..].find(&s) {
            Some(i) => from += i + s.len(),
            None => panic!("the PDF lacks, or has out of order:\n  {sentence}"),
        }
    }
}

#[test]
fn welsh_circumflex_w_survives_pdf() {
    let pdf = pdf_of(&root().join("tests/fixtures/valid/welsh-letters.yaml"));
    let text = normalise(&tool("pdftotext", &[], &pdf));
    for words in [
        "Nhŷ Ddewi ac yn Llŷn",
        "drwy’r Ŵyl. Dŵr, tân, brân, llên, sîn, ffôl, cûl, Ŷ a Ŵ; naïf a Hëddlu; “dyfyniadau” – a’r £5 a €5.",
        "Gwenllïan Powys, Prif Gwnstabl",
        "Siôn Llŷr Huws",
    ] {
        assert!(text.contains(words), "missing {words:?} in:\n{text}");
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let pdf = pdf_of(&example("full.yaml"));
    let fonts = tool("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "subset tag: {row}"
        );
        assert!(cols[0].contains("LiberationSans"), "{row}");
        // name, type (2 words), encoding, emb, sub, uni, object, generation
        assert_eq!(&cols[4..7], ["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn qpdf_finds_no_errors() {
    for name in [
        "warwickshire-child-protection-2022.yaml",
        "full.yaml",
        "mopac-thematic-statement.yaml",
    ] {
        let out = tool("qpdf", &["--check"], &pdf_of(&example(name)));
        assert!(
            out.contains("No syntax or stream encoding errors found"),
            "{name}: {out}"
        );
    }
}

#[test]
fn pdfinfo_shows_title_tags_a4_and_pages() {
    let pdf = pdf_of(&example("warwickshire-child-protection-2022.yaml"));
    let info = tool("pdfinfo", &[], &pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| {
                l.strip_prefix(&format!("{name}:"))
                    .map(|v| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    assert_eq!(
        field("Title"),
        "Response to Warwickshire – National child protection inspection"
    );
    assert_eq!(
        field("Author"),
        "Warwickshire Office of the Police and Crime Commissioner"
    );
    assert_eq!(field("Tagged"), "yes");
    assert_eq!(field("Page size"), "595.28 x 841.89 pts (A4)");
    assert_eq!(field("Pages"), "4");
    assert_eq!(field("PDF version"), "1.7");
    // An undated letter bears no date: see `an_undated_letter_bears_no_date_but_the_build_s`.
    assert!(field("Keywords").contains("section 55"));
    let full = tool("pdfinfo", &[], &pdf_of(&example("full.yaml")));
    assert!(
        full.contains("CreationDate:    Thu Nov 20 00:00:00 2025 UTC"),
        "{full}"
    );
}

/// Walks the structure tree depth first: each element's type, with the text of headings.
fn structure(pdf: &[u8]) -> Vec<String> {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let mut out = Vec::new();
    fn walk(doc: &Document, obj: &Object, out: &mut Vec<String>) {
        let dict = match obj {
            Object::Reference(r) => match doc.get_object(*r) {
                Ok(Object::Dictionary(d)) => d,
                _ => return,
            },
            Object::Dictionary(d) => d,
            Object::Array(a) => return a.iter().for_each(|k| walk(doc, k, out)),
            _ => return,
        };
        if let Ok(s) = dict.get(b"S").and_then(Object::as_name) {
            out.push(String::from_utf8_lossy(s).into_owned());
        }
        if let Ok(kids) = dict.get(b"K") {
            walk(doc, kids, out);
        }
    }
    walk(&doc, root.get(b"K").unwrap(), &mut out);
    out
}

#[test]
fn the_structure_tree_holds_headings_and_list_items_in_order() {
    let tree = structure(&pdf_of(&example("warwickshire-child-protection-2022.yaml")));
    assert_eq!(tree[0], "Document");
    let headings: Vec<&str> = tree
        .iter()
        .map(String::as_str)
        .filter(|s| s.starts_with('H'))
        .collect();
    assert_eq!(headings, ["H1", "H2", "H2", "H2"]);
    assert_eq!(tree.iter().filter(|s| *s == "LI").count(), 8 + 4 + 5 + 3);
    assert_eq!(tree.iter().filter(|s| *s == "Lbl").count(), 20);
    assert_eq!(tree.iter().filter(|s| *s == "L").count(), 4);
    assert_eq!(tree.iter().filter(|s| *s == "BlockQuote").count(), 1);
    // The list sits between the body's comments and the chief constable's heading.
    let first_l = tree.iter().position(|s| s == "L").unwrap();
    let second_h2 = tree
        .iter()
        .enumerate()
        .filter(|(_, s)| *s == "H2")
        .nth(1)
        .unwrap()
        .0;
    assert!(first_l < second_h2);

    let full = structure(&pdf_of(&example("full.yaml")));
    for kind in ["Table", "TR", "TH", "TD", "Link", "H3", "H4"] {
        assert!(full.iter().any(|s| s == kind), "{kind} missing: {full:?}");
    }
}

#[test]
fn links_are_tagged_annotations_without_a_border() {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(&pdf_of(&example("full.yaml"))).unwrap();
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        assert!(page.get(b"StructParents").is_ok());
        for a in page
            .get(b"Annots")
            .map_or(&[][..], |a| a.as_array().unwrap())
        {
            let annot = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            assert!(annot.get(b"StructParent").is_ok());
            assert!(annot.get(b"Contents").is_ok());
            let border: Vec<f32> = annot
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert_eq!(border, [0.0, 0.0, 0.0]);
            let action = annot.get(b"A").unwrap().as_dict().unwrap();
            if let Ok(Object::String(uri, _)) = action.get(b"URI") {
                uris.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
    }
    assert!(
        uris.contains(&"https://www.midshire-pcc.example.org/accountability".to_owned()),
        "{uris:?}"
    );
}

#[test]
fn the_outline_nests_sub_sections() {
    use lopdf::Document;
    let doc = Document::load_mem(&pdf_of(&example("full.yaml"))).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let title = |id| {
        let d = doc.get_dictionary(id).unwrap();
        let s = d.get(b"Title").unwrap().as_str().unwrap().to_vec();
        lopdf::decode_text_string(&lopdf::Object::String(s, lopdf::StringFormat::Literal)).unwrap()
    };
    let mut top = Vec::new();
    let mut at = outlines.get(b"First").unwrap().as_reference().ok();
    while let Some(id) = at {
        top.push(title(id));
        at = doc
            .get_dictionary(id)
            .unwrap()
            .get(b"Next")
            .and_then(|n| n.as_reference())
            .ok();
    }
    assert_eq!(
        top[0],
        "Comments of the Police and Crime Commissioner for Midshire"
    );
    assert!(top.contains(&"Recommendations".to_owned()), "{top:?}");
    // "Recommendation 1" sits under "Recommendations".
    let recs = doc
        .get_dictionary({
            let mut at = outlines.get(b"First").unwrap().as_reference().unwrap();
            while title(at) != "Recommendations" {
                at = doc
                    .get_dictionary(at)
                    .unwrap()
                    .get(b"Next")
                    .unwrap()
                    .as_reference()
                    .unwrap();
            }
            at
        })
        .unwrap();
    assert_eq!(
        title(recs.get(b"First").unwrap().as_reference().unwrap()),
        "Recommendation 1"
    );
}

#[test]
fn two_renders_are_byte_identical_in_any_order_and_in_parallel() {
    let seed = pdf_of(&example("warwickshire-child-protection-2022.yaml"));
    let full = pdf_of(&example("full.yaml"));
    assert_eq!(
        pdf_of(&example("warwickshire-child-protection-2022.yaml")),
        seed
    );
    let handles: Vec<_> = (0..4)
        .map(|i| {
            std::thread::spawn(move || {
                if i % 2 == 0 {
                    pdf_of(&example("full.yaml"))
                } else {
                    pdf_of(&example("warwickshire-child-protection-2022.yaml"))
                }
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        let bytes = h.join().unwrap();
        assert_eq!(
            bytes,
            if i % 2 == 0 {
                full.clone()
            } else {
                seed.clone()
            }
        );
    }
}

#[test]
fn the_seed_letter_is_small() {
    let pdf = pdf_of(&example("warwickshire-child-protection-2022.yaml"));
    // 38.9 KB before the sRGB profile (2.5 KB deflated) and the PDF/A identification.
    assert!(pdf.len() < 45_000, "{} bytes", pdf.len());
}

#[test]
fn every_example_lays_out_as_its_snapshot() {
    for name in [
        "warwickshire-child-protection-2022.yaml",
        "full.yaml",
        "mopac-thematic-statement.yaml",
    ] {
        let checked = s55::check_file(&example(name));
        let doc = checked.loaded.editions.as_ref().unwrap().first();
        let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
        let view = s55::render::view::build(
            doc,
            renderer.assets().locale(doc.language),
            &s55::settings::Settings::default(),
        );
        let md = renderer.markdown(&view).unwrap();
        let laid = s55::render::pdf::lay_out(&view, &md, renderer.fonts());
        insta::assert_snapshot!(format!("layout-{name}"), laid.dump());
    }
}

#[test]
fn a_character_the_fonts_lack_is_a_warning() {
    let tmp = TempDir::new("missing-glyph");
    let seed = std::fs::read_to_string(example("full.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("r.yaml"),
        seed.replace("I welcome this inspection", "I welcome ✅ this inspection"),
    )
    .unwrap();
    let run = crate::support::s55(tmp.path(), &["render", "r.yaml", "--format", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the PDF's fonts have no letter for `✅` (U+2705): it shows as a box"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn two_processes_write_the_same_bytes() {
    let tmp = TempDir::new("two-processes");
    let file = example("full.yaml").display().to_string();
    for out in ["a", "b"] {
        let run = crate::support::s55(
            tmp.path(),
            &["render", &file, "--format", "pdf", "--out", out],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let a = std::fs::read(tmp.path().join("a/full.pdf")).unwrap();
    let b = std::fs::read(tmp.path().join("b/full.pdf")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn an_office_can_set_the_pdf_in_its_own_fonts() {
    let tmp = TempDir::new("own-fonts");
    std::fs::create_dir_all(tmp.path().join("office/fonts")).unwrap();
    // Any TrueType font will do for the test: the bold face standing in for the regular.
    std::fs::copy(
        root().join("fonts/LiberationSans-Bold.ttf"),
        tmp.path().join("office/fonts/regular.ttf"),
    )
    .unwrap();
    let file = example("mopac-thematic-statement.yaml")
        .display()
        .to_string();
    let run = crate::support::s55(
        tmp.path(),
        &["render", &file, "--format", "pdf", "--templates", "office"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fonts = tool(
        "pdffonts",
        &[],
        &std::fs::read(tmp.path().join("mopac-thematic-statement.pdf")).unwrap(),
    );
    assert!(
        !fonts.contains("+LiberationSans "),
        "the regular face is replaced:\n{fonts}"
    );
    assert!(fonts.contains("+LiberationSans-Bold"), "{fonts}");
}

#[test]
fn header_cells_head_their_columns() {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(&pdf_of(&example("full.yaml"))).unwrap();
    let th: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| match o {
            Object::Dictionary(d)
                if d.get(b"S").and_then(Object::as_name).ok() == Some(b"TH".as_slice()) =>
            {
                Some(d)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        th.len(),
        2 + 7,
        "the grades' two columns and the tracker's seven"
    );
    for d in th {
        let a = d.get(b"A").unwrap().as_dict().unwrap();
        assert_eq!(a.get(b"Scope").unwrap().as_name().unwrap(), b"Column");
    }
}

/// The full example with the tracker's cells made long: statuses, owners and timescales of
/// many words, in a folder whose settings allow the statuses. `owner` replaces the first
/// recommendation's owner.
fn long_tracker(tmp: &TempDir, owner: &str) -> (String, Vec<u8>) {
    std::fs::write(
        tmp.path().join("s55.yaml"),
        "statuses:\n  - name: awaiting evidence of completion from the partnership board\n  - name: in progress\n  - name: completed\n    closed: true\n",
    )
    .unwrap();
    let yaml = std::fs::read_to_string(example("full.yaml"))
        .unwrap()
        .replacen(
            "    status: in progress\n    owner: Assistant Chief Constable, Crime",
            &format!("    status: awaiting evidence of completion from the partnership board\n    owner: {owner}"),
            1,
        )
        .replace(
            "timescale: within six months",
            "timescale: within eighteen months of the publication of the report",
        )
        .replace(
            "owner: Chief Superintendent, Contact Management",
            "owner: Chief Superintendent, Contact Management and Public Engagement Directorate",
        );
    let file = tmp.path().join("tracker.yaml");
    std::fs::write(&file, yaml).unwrap();
    let docs = crate::tags::documents(&file);
    let (_, md, pdf) = docs.into_iter().next().unwrap();
    (md, pdf)
}

/// Joins of two runs of one table cell inside a word: a break between letters.
fn words_broken(runs: &[String]) -> Vec<String> {
    runs.windows(2)
        .filter(|w| {
            let (a, b) = (&w[0], &w[1]);
            !a.ends_with([' ', '-']) && !b.starts_with(' ') && !a.is_empty() && !b.is_empty()
        })
        .map(|w| format!("{:?}|{:?}", w[0], w[1]))
        .collect()
}

#[test]
fn the_tracker_breaks_no_word_when_its_words_fit() {
    let tmp = TempDir::new("long-tracker");
    let (md, pdf) = long_tracker(
        &tmp,
        "Assistant Chief Constable (Crime, Intelligence and Public Protection)",
    );
    let cells: Vec<_> = crate::tags::tagged(&pdf)
        .into_iter()
        .filter(|t| t.kind == "TD" || t.kind == "TH")
        .collect();
    assert_eq!(
        cells.len(),
        2 + 8 + 7 * 3,
        "the grades' and the tracker's cells"
    );
    let broken: Vec<String> = cells.iter().flat_map(|c| words_broken(&c.runs)).collect();
    assert!(broken.is_empty(), "words broken: {broken:?}");
    let status = cells
        .iter()
        .find(|c| c.text().contains("awaiting"))
        .unwrap();
    assert!(
        status.runs.len() > 2,
        "the long status wraps: {:?}",
        status.runs
    );
    // The cells' tagged text is the Markdown's, and no hyphen was needed.
    let (glued, wrong) = crate::tags::audit(&md, &pdf);
    assert_eq!((glued, wrong), (0, Vec::<String>::new()));
    let text = pdf_text(&pdf);
    for word in [
        "Timescale",
        "Status",
        "partnership",
        "progress",
        "Intelligence",
        "Directorate",
    ] {
        assert!(text.contains(word), "{word} whole in:\n{text}");
    }
}

#[test]
fn a_word_wider_than_any_column_is_hyphenated_visibly_but_tagged_whole() {
    let tmp = TempDir::new("long-word");
    let word = "Cyfarwyddiaethdiogelwchcymunedolagamddiffynplantaphobloedagoedolionbregus";
    let (md, pdf) = long_tracker(&tmp, word);
    let cell = crate::tags::tagged(&pdf)
        .into_iter()
        .find(|t| t.kind == "TD" && t.text().starts_with("Cyfarwydd"))
        .unwrap();
    assert_eq!(cell.text(), word, "tagged whole");
    assert!(cell.runs.len() >= 2, "split over lines: {:?}", cell.runs);
    let (glued, wrong) = crate::tags::audit(&md, &pdf);
    assert_eq!((glued, wrong), (0, Vec::<String>::new()));
    // The drawn text shows a hyphen at each split of the word.
    let text = pdf_text(&pdf);
    let first = &cell.runs[0];
    assert!(text.contains(&format!("{first}-")), "{first}- in:\n{text}");
}

#[test]
fn a_link_that_wraps_is_one_annotation_and_the_letterhead_addresses_are_links() {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(&pdf_of(&example("full.yaml"))).unwrap();
    let mut annots = Vec::new();
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        for a in page
            .get(b"Annots")
            .map_or(&[][..], |a| a.as_array().unwrap())
        {
            annots.push(doc.get_dictionary(a.as_reference().unwrap()).unwrap());
        }
    }
    let uri = |a: &lopdf::Dictionary| {
        let action = a.get(b"A").unwrap().as_dict().unwrap();
        String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap()).into_owned()
    };
    let uris: Vec<String> = annots.iter().map(|a| uri(a)).collect();
    assert_eq!(
        uris,
        [
            "https://www.midshire-pcc.example.org",
            "mailto:opcc@midshire-pcc.example.org",
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-assessment-2025-midshire/",
            "https://www.midshire-pcc.example.org/accountability",
        ],
        "one annotation per link"
    );
    // The report's title wraps: one annotation with a box for each of its two lines, and
    // the whole title and address in its description.
    let report = annots[2];
    let quads = report.get(b"QuadPoints").unwrap().as_array().unwrap();
    assert_eq!(quads.len(), 2 * 8);
    let contents = lopdf::decode_text_string(report.get(b"Contents").unwrap()).unwrap();
    assert_eq!(
        contents,
        "PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Midshire Police (https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-assessment-2025-midshire/)"
    );
    // Each Link element holds one annotation.
    let objrs: Vec<usize> = doc
        .objects
        .values()
        .filter_map(|o| match o {
            Object::Dictionary(d)
                if d.get(b"S").and_then(Object::as_name).ok() == Some(b"Link".as_slice()) =>
            {
                Some(
                    d.get(b"K")
                        .unwrap()
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|k| {
                            k.as_dict().is_ok_and(|k| {
                                k.get(b"Type").and_then(Object::as_name).ok()
                                    == Some(b"OBJR".as_slice())
                            })
                        })
                        .count(),
                )
            }
            _ => None,
        })
        .collect();
    assert_eq!(objrs, vec![1; annots.len()]);
}

#[test]
fn every_footer_names_the_response_not_the_report() {
    let pdf = pdf_of(&example("full.yaml"));
    let text = pdf_text(&pdf);
    let pages = text
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" of "))
        .count();
    assert!(pages >= 2, "{text}");
    // Once in every page's footer (the heading breaks its line, so it is not counted).
    let title = "Response to the PEEL inspection of Midshire Police 2025";
    assert_eq!(
        text.lines().filter(|l| l.trim() == title).count(),
        pages,
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.trim().starts_with("PEEL 2025 – Police effectiveness")),
        "{text}"
    );
}

#[test]
fn the_pdf_leaves_room_to_sign_between_valediction_and_name() {
    let path = root().join("examples/northshire/peel-2025.yaml");
    let checked = s55::check_file(&path);
    let doc = checked.loaded.editions.as_ref().unwrap().first();
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
    let view = s55::render::view::build(
        doc,
        renderer.assets().locale(doc.language),
        &checked.settings,
    );
    let md = renderer.markdown(&view).unwrap();
    let dump = s55::render::pdf::lay_out(&view, &md, renderer.fonts()).dump();
    // Each line of the dump: y (up from the foot of the page), x, face, size, tag, text.
    let y_of = |text: &str| -> f32 {
        let line = dump
            .lines()
            .find(|l| l.ends_with(text))
            .unwrap_or_else(|| panic!("{text} in:\n{dump}"));
        line.split_whitespace().next().unwrap().parse().unwrap()
    };
    let publication = y_of("Commissioner for Northshire.");
    let valediction = y_of("P Yours sincerely");
    let name = y_of("P Jordan Hale");
    // Room to sign: well over two lines of 11 pt text between the valediction and the name.
    assert!(valediction - name > 50.0, "{valediction} {name}\n{dump}");
    // And the valediction stands apart from the paragraph above it.
    assert!(
        publication - valediction > 25.0,
        "{publication} {valediction}\n{dump}"
    );
}

#[test]
fn page_one_gives_the_address_once_in_the_letterhead() {
    let text = pdf_text(&pdf_of(&example("full.yaml")));
    let page1 = text.split('\u{c}').next().unwrap();
    for line in [
        "1 County Hall",
        "MD1 1AA",
        "https://www.midshire-pcc.example.org",
        "opcc@midshire-pcc.example.org",
    ] {
        assert_eq!(
            page1.lines().filter(|l| l.trim() == line).count(),
            1,
            "{line} in:\n{page1}"
        );
    }
    assert!(
        page1.contains("From: Office of the Police and Crime Commissioner for Midshire\nTo:"),
        "{page1}"
    );
}

#[test]
fn a_heading_that_wraps_leaves_no_word_alone_on_its_last_line() {
    let text = pdf_text(&pdf_of(&example("full.yaml")));
    // The title takes two lines; balanced, the second holds more than the year.
    assert!(!text.lines().any(|l| l.trim() == "2025"), "{text}");
    assert!(
        text.contains("Response to the PEEL inspection of"),
        "{text}"
    );
}

/// Renders one example with the real binary, `SOURCE_DATE_EPOCH` set or not, and returns
/// what pdfinfo says of its PDF.
fn pdfinfo_of_rendered(name: &str, epoch: Option<&str>) -> String {
    let tmp = TempDir::new(&format!("dated-{}", epoch.unwrap_or("none")));
    let out = tmp.path().join("out");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s55"));
    cmd.args(["render", "--format", "pdf", "--out"])
        .arg(&out)
        .arg(example(name))
        .current_dir(root())
        .env_clear();
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    let run = cmd.output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = std::fs::read(out.join(name.replace(".yaml", ".pdf"))).unwrap();
    tool("pdfinfo", &[], &pdf)
}

#[test]
fn an_undated_letter_bears_no_date_but_the_build_s() {
    // The Warwickshire letter has no date; its report was published on 5 August 2022, which
    // is not the letter's date.
    let info = pdfinfo_of_rendered("warwickshire-child-protection-2022.yaml", None);
    assert!(!info.contains("CreationDate"), "{info}");
    assert!(!info.contains("ModDate"), "{info}");
    // A reproducible build's date, when it sets one: 1 January 2026.
    let info = pdfinfo_of_rendered(
        "warwickshire-child-protection-2022.yaml",
        Some("1767225600"),
    );
    assert!(
        info.contains("CreationDate:    Thu Jan  1 00:00:00 2026 UTC"),
        "{info}"
    );
}

#[test]
fn the_tracker_gives_each_recommendation_in_full() {
    let pdf = pdf_of(&example("full.yaml"));
    // The recommendation's text runs on past where the appendix used to cut it.
    let full =
        "By 31 March 2026, Midshire Police should make sure that investigations are allocated to";
    let cells: Vec<String> = crate::tags::tagged(&pdf)
        .into_iter()
        .filter(|t| t.kind == "TD")
        .map(|t| t.runs.concat())
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with(full) && c.len() > full.len() + 20),
        "{cells:?}"
    );
    assert!(
        !cells.iter().any(|c| c.trim_end().ends_with('…')),
        "{cells:?}"
    );
}

#[test]
fn the_footer_shortens_a_long_title_at_a_word() {
    let pdf = pdf_of(&root().join("examples/northshire/peel-2025.yaml"));
    let text = pdf_text(&pdf);
    let title = "Response to the HMICFRS report ‘PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection";
    let footers: Vec<&str> = text.lines().filter(|l| l.ends_with('…')).collect();
    assert_eq!(footers.len(), 3, "one on each page:\n{text}");
    for f in footers {
        let kept = f.trim_end_matches('…');
        assert!(title.starts_with(kept), "{f}");
        assert!(title[kept.len()..].starts_with(' '), "cut mid-word: {f}");
    }
}
