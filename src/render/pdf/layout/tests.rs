//! Layout's rules, checked on laid-out pages.

use super::*;
use crate::render::blocks::parse;

fn setup() -> Setup {
    Setup::a4(
        vec!["Office".into(), "1 Street".into()],
        "Report".into(),
        "Page {page} of {pages}".into(),
    )
}

fn picture(alt: &str, w: f32, h: f32) -> Picture {
    Picture {
        alt: alt.into(),
        size: [Pt(w), Pt(h)],
        data: crate::model::ImageData {
            bytes: std::sync::Arc::from(&[][..]),
            kind: crate::model::ImageKind::Png,
            width: 1,
            height: 1,
            file: std::path::PathBuf::new(),
        },
    }
}

#[test]
fn the_logo_heads_the_letter_and_the_signature_stands_between_valediction_and_name() {
    let fonts = Fonts::load(None).unwrap();
    let mut s = setup();
    s.logo = Some(picture("Logo", 120.0, 40.0));
    s.signature = Some(picture("Signed", 150.0, 50.0));
    s.valedictions = vec!["Yours sincerely".into()];
    let laid = layout(
        &parse(
            "Dear Home Secretary\n\nYours sincerely\n\n<!-- s55:signature -->\n\nJane Doe\n",
            "Notes",
        ),
        &s,
        &fonts,
    );
    let kinds: Vec<String> = laid.nodes[0]
        .kids
        .iter()
        .filter_map(|k| match k {
            Kid::Node(n) => Some(format!(
                "{}{}",
                laid.nodes[*n].kind.name(),
                laid.nodes[*n]
                    .alt
                    .as_deref()
                    .map(|a| format!(" {a}"))
                    .unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["Figure Logo", "P", "P", "P", "Figure Signed", "P"]);
    let page = &laid.pages[0];
    let (logo, sig) = (&page.figures[0], &page.figures[1]);
    // The logo at the left margin, its top level with the letterhead's first line; the
    // letterhead (two short lines) still right-aligned beside it.
    assert_eq!((logo.x, logo.w, logo.h), (Pt(64.0), Pt(120.0), Pt(40.0)));
    assert_eq!(logo.y + logo.h, s.height - s.top);
    // The signature in the room to sign: under "Yours sincerely", over the name.
    let line = |t: &str| page.texts.iter().find(|x| x.text.starts_with(t)).unwrap().y;
    assert!(line("Yours sincerely") > sig.y + sig.h, "{}", laid.dump());
    assert!(line("Jane Doe") < sig.y, "{}", laid.dump());
    assert!(
        sig.y - line("Jane Doe") < Pt(20.0),
        "the name follows closely"
    );
    assert!(laid.dump().contains("figure 64.0,"), "{}", laid.dump());
}

#[test]
fn lines_never_overrun_the_measure() {
    let fonts = Fonts::load(None).unwrap();
    let text = "Wales ".repeat(400) + &"x".repeat(3000);
    let laid = layout(&parse(&text, "Notes"), &setup(), &fonts);
    let s = setup();
    let right = s.width - s.side;
    for page in &laid.pages {
        for t in &page.texts {
            let w = fonts.face(t.style).width(t.text.trim_end(), t.size.0);
            assert!(t.x.0 + w <= right.0 + 0.01, "{} overruns", t.text);
        }
    }
    assert!(laid.pages.len() > 1);
}

#[test]
fn a_heading_is_never_alone_at_the_foot_of_a_page() {
    let fonts = Fonts::load(None).unwrap();
    let mut md = String::new();
    for i in 0..60 {
        md.push_str(&format!("## Heading {i}\n\nA paragraph long enough to wrap onto a second line of text in the letter, and then some more words to be sure of it.\n\n"));
    }
    let laid = layout(&parse(&md, "Notes"), &setup(), &fonts);
    for page in &laid.pages {
        let body: Vec<&Text> = page.texts.iter().filter(|t| t.node.is_some()).collect();
        let last = body.last().unwrap();
        assert!(
            laid.nodes[last.node.unwrap()].kind == Kind::P,
            "page ends with {}",
            last.text
        );
        // The page's first body line is never the last line of a paragraph.
    }
}

#[test]
fn list_markers_hang_before_their_text() {
    let fonts = Fonts::load(None).unwrap();
    let laid = layout(
        &parse(
            "1. One\n   <!-- s55:list lower-alpha -->\n   1. Inner\n2. Two\n",
            "Notes",
        ),
        &setup(),
        &fonts,
    );
    let texts = &laid.pages[0].texts;
    let one = texts.iter().position(|t| t.text == "One").unwrap();
    assert_eq!(texts[one - 1].text, "1.");
    assert!(texts[one - 1].x.0 < texts[one].x.0);
    let inner = texts.iter().position(|t| t.text == "Inner").unwrap();
    assert_eq!(texts[inner - 1].text, "(a)");
    assert!(
        texts[inner].x.0 > texts[one].x.0,
        "nested text is indented further"
    );
}

#[test]
fn structure_follows_reading_order() {
    let fonts = Fonts::load(None).unwrap();
    let laid = layout(
        &parse(
            "# Title\n\nSee [the plan](https://x.org) now.\n\n- a\n- b\n",
            "Notes",
        ),
        &setup(),
        &fonts,
    );
    let doc = &laid.nodes[0];
    let kinds: Vec<&str> = doc
        .kids
        .iter()
        .filter_map(|k| match k {
            Kid::Node(n) => Some(laid.nodes[*n].kind.name()),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["P", "H1", "P", "L"]);
    let p = match doc.kids[2] {
        Kid::Node(n) => &laid.nodes[n],
        _ => unreachable!(),
    };
    assert!(matches!(p.kids[0], Kid::Text { .. }));
    assert!(matches!(p.kids[1], Kid::Node(n) if laid.nodes[n].kind == Kind::Link));
    assert!(matches!(p.kids[2], Kid::Text { .. }));
    assert_eq!(laid.pages[0].links.len(), 1);
}

/// The body texts of each page (no footers, no hyphens added at breaks).
fn body(laid: &Laid) -> Vec<Vec<&Text>> {
    laid.pages
        .iter()
        .map(|p| p.texts.iter().filter(|t| t.node.is_some()).collect())
        .collect()
}

#[test]
fn a_list_never_leaves_its_last_item_alone_at_the_head_of_a_page() {
    let fonts = Fonts::load(None).unwrap();
    let list: String = (1..=6).map(|i| format!("{i}. Item {i}\n")).collect();
    for k in 0..45 {
        let filler: String = (0..k).map(|i| format!("Filler {i}.\n\n")).collect();
        let laid = layout(&parse(&(filler + &list), "Notes"), &setup(), &fonts);
        let pages = body(&laid);
        for (n, page) in pages.iter().enumerate().skip(1) {
            assert_ne!(
                page.first().map(|t| t.text.as_str()),
                Some("6."),
                "{k} fillers: the last item alone at the head of page {}\n{}",
                n + 1,
                laid.dump()
            );
        }
        for page in &pages {
            assert_ne!(
                page.iter().rev().nth(1).map(|t| t.text.as_str()),
                Some("1."),
                "{k} fillers: the first item alone at the foot of a page"
            );
        }
    }
}

#[test]
fn a_long_item_splits_rather_than_leave_a_hole_at_the_foot_of_a_page() {
    let fonts = Fonts::load(None).unwrap();
    let s = setup();
    let item = "1. We recommend that the force immediately improves its child protection and exploitation investigations, paying attention to:\n   1. Allocating investigations to teams with the skills, capacity, and competence to carry them out well\n   2. Sharing information with children's social care services at the time that a risk to a child is known\n";
    for k in 0..45 {
        let filler: String = (0..k).map(|i| format!("Filler {i}.\n\n")).collect();
        let md = filler + item + "\nAfter the list.\n";
        let laid = layout(&parse(&md, "Notes"), &s, &fonts);
        let pages = body(&laid);
        for page in &pages[..pages.len() - 1] {
            let last = page.last().unwrap();
            // The foot of the text area is `bottom`; a line's baseline sits about 4 pt
            // above its box's foot.
            let hole = last.y.0 - s.bottom.0 - 4.0;
            assert!(
                hole <= MAX_HOLE,
                "{k} fillers: {hole} pt empty below {:?}\n{}",
                last.text,
                laid.dump()
            );
        }
    }
}

/// Each page's text in structure elements (not footers), in reading order.
fn body_texts<'a>(laid: &'a Laid, page: &'a Page) -> Vec<(Kind, &'a str)> {
    page.texts
        .iter()
        .filter_map(|t| t.node.map(|n| (laid.nodes[n].kind, t.text.as_str())))
        .collect()
}

#[test]
fn a_finding_s_heading_goes_over_with_its_response() {
    let fonts = Fonts::load(None).unwrap();
    let finding = "### Recommendation {i}\n\nBy March 2026, the force should make sure that its officers record the risks to children they meet, and review them.\n\n* **Timescale:** three months\n* **Status:** open\n\n#### Response\n\nI have asked the force for a plan, and I will review its progress at my accountability board every quarter until it is done.\n\n";
    for filler in 0..40 {
        let mut md = "Opening words of the letter.\n\n".repeat(filler);
        for i in 0..6 {
            md.push_str(&finding.replace("{i}", &i.to_string()));
        }
        let laid = layout(&parse(&md, "Notes"), &setup(), &fonts);
        for (n, page) in laid.pages.iter().enumerate() {
            let body = body_texts(&laid, page);
            let (kind, text) = body.last().unwrap();
            assert!(
                !matches!(kind, Kind::H(_)),
                "with {filler} lines before, page {} ends with the heading {text}",
                n + 1
            );
        }
    }
}

#[test]
fn a_number_range_never_breaks_after_its_dash() {
    let fonts = Fonts::load(None).unwrap();
    let md = "The PEEL 2023–2025 inspections and the PEEL 2021–22 ones ".repeat(30);
    for cut in 0..12 {
        let mut s = setup();
        s.side = Pt(64.0 + cut as f32 * 7.0);
        let laid = layout(
            &parse(&format!("## PEEL 2023–2025 and 2021–22 {md}\n\n{md}\n"), ""),
            &s,
            &fonts,
        );
        for page in &laid.pages {
            for t in &page.texts {
                let text = t.text.trim_end();
                assert!(
                    !(text.ends_with("2023–") || text.ends_with("2021–")),
                    "a line ends in the middle of a range: {text}"
                );
            }
        }
    }
}

#[test]
fn the_footer_shortens_a_long_title_after_a_whole_word() {
    let fonts = Fonts::load(None).unwrap();
    let title = "Response to the HMICFRS report ‘PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Northshire Police’ and its post-inspection review";
    let mut s = setup();
    s.footer_title = title.into();
    let laid = layout(&parse("Text.\n", ""), &s, &fonts);
    let footer = laid.pages[0]
        .texts
        .iter()
        .find(|t| t.artifact == Artifact::Footer && t.text.ends_with('…'))
        .expect("a shortened footer");
    let kept = footer.text.trim_end_matches('…');
    assert!(title.starts_with(kept), "{}", footer.text);
    let next = title[kept.len()..].chars().next();
    assert_eq!(next, Some(' '), "cut mid-word: {}", footer.text);
    assert!(kept.len() > title.len() / 2, "{}", footer.text);
}

#[test]
fn the_closing_keeps_with_the_paragraph_before_it() {
    let fonts = Fonts::load(None).unwrap();
    let mut s = setup();
    s.valedictions = vec!["Yours sincerely".into(), "Yn gywir".into()];
    let last = "Bydd yr ymateb hwn yn cael ei gyhoeddi ar wefan Swyddfa Comisiynydd Heddlu a Throseddu Dyffryn Teifi, ac fe’i anfonir at yr Ysgrifennydd Cartref.";
    for filler in 0..45 {
        let md = format!(
            "{}{last}\n\nYn gywir\n\nGwenllian Ŵyn Prys\\\nComisiynydd Heddlu a Throseddu\n",
            "Geiriau agoriadol y llythyr.\n\n".repeat(filler)
        );
        let laid = layout(&parse(&md, ""), &s, &fonts);
        let page = laid
            .pages
            .iter()
            .find(|p| p.texts.iter().any(|t| t.text == "Yn gywir"))
            .unwrap();
        let body = body_texts(&laid, page);
        assert_ne!(
            body.first().map(|b| b.1),
            Some("Yn gywir"),
            "with {filler} paragraphs before, the closing stands alone"
        );
    }
}

/// A letter of findings as the letter's template writes them, their parts of lengths drawn
/// from `seed`: headings, text, points, the timescale list, the force's and the office's
/// responses (a paragraph, a list or a quote).
fn findings_letter(seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut pick = |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let words = "the force should make sure that its officers record the risks to children they meet and review them with their supervisors every month";
    let text = |n: u64| -> String {
        let n = 4 + n as usize * 9;
        let w: Vec<&str> = words.split(' ').collect();
        let mut out: Vec<&str> = (0..n).map(|i| w[i % w.len()]).collect();
        out[0] = "By";
        format!("{}.", out.join(" "))
    };
    let mut md = "Opening words of the letter.\n\n".repeat(pick(30) as usize);
    for i in 0..8 {
        md.push_str(&format!("### Recommendation {i}\n\n{}\n\n", text(pick(4))));
        for k in 0..pick(3) {
            md.push_str(&format!("{}. {}\n", k + 1, text(pick(2))));
        }
        md.push_str("\n* **Timescale:** three months\n* **Status:** open\n\n");
        if pick(2) == 0 {
            md.push_str(&format!("#### Force response\n\n{}\n\n", text(pick(3))));
        }
        md.push_str("#### Response\n\n");
        match pick(3) {
            0 => md.push_str(&format!("{}\n\n", text(pick(5)))),
            1 => md.push_str(&format!("- {}\n- {}\n\n", text(pick(2)), text(pick(2)))),
            _ => md.push_str(&format!("> {}\n\n— Chief Constable\n\n", text(pick(3)))),
        }
    }
    md
}

#[test]
fn no_page_ends_with_a_heading_in_letters_of_findings() {
    let fonts = Fonts::load(None).unwrap();
    for seed in 0..150 {
        let laid = layout(&parse(&findings_letter(seed), "Notes"), &setup(), &fonts);
        for (n, page) in laid.pages.iter().enumerate() {
            let body = body_texts(&laid, page);
            let (kind, text) = body.last().unwrap();
            assert!(
                !matches!(kind, Kind::H(_)),
                "letter {seed}, page {} ends with the heading {text}",
                n + 1
            );
        }
    }
}
