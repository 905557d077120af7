//! Golden files: the Markdown and HTML of every example and valid fixture, snapshotted.

use crate::support::{render, root};

fn inputs() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "examples/northshire", "tests/fixtures/valid"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "yaml") && !path.ends_with("s55.yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_example_and_valid_fixture_matches_its_snapshot() {
    let files = inputs();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (md, html) = render(&path);
        insta::assert_snapshot!(format!("{name}.md"), md);
        insta::assert_snapshot!(format!("{name}.html"), html);
    }
}

/// The page's lettered and Roman-numbered lists (`<ol type="a">`) as the Markdown for a CMS
/// writes them: bullets whose text begins with the label, `<ul><li>(a) …`.
fn lettered_as_bullets(page: &str) -> String {
    use s55::render::blocks::Marker;
    let mut out = String::with_capacity(page.len());
    // Each open list: its marker when lettered, and how many items it has had.
    let mut lists: Vec<(Option<Marker>, u64)> = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let lettered = match tag {
            t if t.starts_with("<ol type=\"a\"") => Some(Marker::LowerAlpha),
            t if t.starts_with("<ol type=\"i\"") => Some(Marker::LowerRoman),
            _ => None,
        };
        if let Some(m) = lettered {
            let start = tag
                .split("start=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(1);
            lists.push((Some(m), start - 1));
            // A list inside an item's text starts on a line of its own, as a reader writes it.
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("<ul>");
        } else if tag.starts_with("<ol") || tag.starts_with("<ul") {
            lists.push((None, 0));
            out.push_str(tag);
        } else if tag == "</ol>" || tag == "</ul>" {
            match lists.pop() {
                Some((Some(_), _)) => out.push_str("</ul>"),
                _ => out.push_str(tag),
            }
        } else if tag == "<li>" {
            out.push_str(tag);
            if let Some((Some(m), n)) = lists.last_mut() {
                *n += 1;
                // A loose item's text is in a paragraph: the label opens the paragraph.
                if rest[end..].starts_with("\n<p>") {
                    out.push_str("\n<p>");
                    rest = &rest["\n<p>".len()..];
                }
                out.push_str(&m.label(*n));
                out.push(' ');
            }
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn markdown_round_trips_through_pulldown_cmark() {
    // What a CMS reads back is what s55 meant: rendering the Markdown again with a plain
    // CommonMark reader gives the same body as the page.
    for path in inputs() {
        let (md, html) = render(&path);
        let body = s55::render::html::to_html(
            &md,
            &s55::render::html::Words {
                table: "Table",
                notes: "Notes",
                back: "Back to reference",
                valediction: None,
                signature: None,
                one_line: false,
            },
        );
        // The page knows the letter's valediction, and marks it and the signature after it.
        let mut page = html
            .replace("<p class=\"valediction\">", "<p>")
            .replace("<p class=\"signature\">", "<p>");
        // ...and places the signature's picture, which the Markdown only marks.
        if let Some(at) = page.find("<p class=\"signature-image\">") {
            let end = at + page[at..].find("</p>\n").unwrap() + "</p>\n".len();
            page.replace_range(at..end, "");
        }
        // ...and numbers its lettered lists, which the Markdown for a CMS writes as bullets
        // carrying the letter's labels.
        let page = lettered_as_bullets(&page);
        assert!(page.contains(&body), "{}", path.display());
        let mut plain = String::new();
        // Footnotes are a reader's own affair (s55 gathers them at the end, with links
        // back): a plain reader must agree on everything else.
        let no_notes = s55::markup::options() - pulldown_cmark::Options::ENABLE_FOOTNOTES;
        let md_plain: String = md
            .lines()
            .filter(|l| !l.starts_with("[^"))
            .map(|l| {
                let mut l = l.to_owned();
                while let Some(i) = l.find("[^") {
                    let end = l[i..].find(']').map_or(l.len(), |e| i + e + 1);
                    l.replace_range(i..end, "");
                }
                l + "\n"
            })
            .collect();
        pulldown_cmark::html::push_html(
            &mut plain,
            pulldown_cmark::Parser::new_ext(&md_plain, no_notes),
        );
        // Apart from the list-numbering comments, heading ids and table regions, a plain
        // reader agrees.
        let strip = |s: &str| {
            let mut s = s
                .replace("<!-- s55:list lower-alpha -->\n", "")
                .replace("<!-- s55:list lower-roman -->\n", "");
            while let Some(i) = s.find(" id=\"") {
                let end = s[i + 5..].find('"').unwrap() + i + 6;
                s.replace_range(i..end, "");
            }
            // And the scrolling region s55 puts around tables.
            while let Some(i) = s.find("<div class=\"table-wrap\"") {
                let end = s[i..].find(">\n").unwrap() + i + 2;
                s.replace_range(i..end, "");
            }
            if let Some(i) = s.find("<section class=\"footnotes\"") {
                s.truncate(i);
            }
            while let Some(i) = s.find("<sup class=\"footnote-ref\">") {
                let end = s[i..].find("</sup>").unwrap() + i + 6;
                s.replace_range(i..end, "");
            }
            s.replace("</table>\n</div>\n", "</table>\n")
                .replace("<p class=\"attribution\">", "<p>")
                .replace("<p class=\"valediction\">", "<p>")
                .replace("<p class=\"signature\">", "<p>")
                .replace("<ol type=\"a\">", "<ol>")
                .replace("<ol type=\"i\">", "<ol>")
        };
        assert_eq!(strip(&plain), strip(&body), "{}", path.display());
    }
}

#[test]
fn rendering_is_deterministic() {
    let path = root().join("examples/full.yaml");
    let first = render(&path);
    for _ in 0..3 {
        assert_eq!(render(&path), first);
    }
}

#[test]
fn a_bom_and_crlf_give_the_same_letter_as_the_original() {
    let original = render(&root().join("examples/warwickshire-child-protection-2022.yaml"));
    let crlf = render(&root().join("tests/fixtures/valid/bom-crlf.yaml"));
    assert_eq!(original, crlf);
}

#[test]
fn html_page_is_self_contained_and_accessible_in_structure() {
    for path in inputs() {
        let (_, html) = render(&path);
        let name = path.display();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">")
                || html.starts_with("<!DOCTYPE html>\n<html lang=\"cy\">"),
            "{name}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{name}: one h1");
        assert!(html.contains("<title>"), "{name}");
        assert!(html.contains("name=\"viewport\""), "{name}");
        assert!(html.contains("@media print"), "{name}");
        assert!(!html.contains("<script"), "{name}: no scripts");
        // Pictures are inside the page (`data:`), never loaded from elsewhere.
        assert!(
            html.matches("src=").count() == html.matches("src=\"data:image/").count(),
            "{name}: nothing loaded"
        );
        assert!(!html.contains("<link"), "{name}: nothing loaded");
        assert!(html.contains("Content-Security-Policy"), "{name}");
        // Headings never skip a level on the way down.
        let mut last = 1;
        for (i, _) in html.match_indices("<h") {
            if let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
                assert!(level <= last + 1, "{name}: h{last} then h{level}");
                last = level;
            }
        }
    }
}
