//! The letter's Markdown to HTML.
//!
//! The office's text was made safe before it went into the letter; this writer checks again,
//! because templates can be overridden and a mistake there must not open a hole: any raw HTML
//! left in the Markdown is written as text, and links that are not http, https, mailto or
//! relative lose their address. The one comment s55 itself writes (`<!-- s55:list ... -->`)
//! sets how the following list is numbered. Headings get stable ids for linking.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::markup::{Footnotes, link_allowed, options};

/// The words the writer adds: from the locale, so a Welsh page says them in Welsh.
#[derive(Debug, Clone, Copy, Default)]
pub struct Words<'a> {
    /// Names a table that has no heading above it.
    pub table: &'a str,
    /// The heading of the notes at the end.
    pub notes: &'a str,
    /// Names the link from a note back to where it is referred to.
    pub back: &'a str,
    /// The letter's valediction ("Yours sincerely"), if it has one: that paragraph and the
    /// signature block after it get classes, so the page leaves room to sign.
    pub valediction: Option<&'a str>,
    /// The signature as a picture (`<img>` with its `data:` address), placed where the
    /// letter's `<!-- s55:signature -->` stands.
    pub signature: Option<&'a str>,
    /// Each paragraph on one line: a line break inside a paragraph becomes a space, as a
    /// browser shows it anyway. For a CMS, which may turn every line break it is given into
    /// `<br>`.
    pub one_line: bool,
}

/// Footnotes: numbered in the order they are first referred to, gathered at the end with a
/// link back to each reference, as a reader of a printed letter expects.
#[derive(Default)]
struct Notes<'a>(Footnotes<Vec<Event<'a>>>);

impl<'a> Notes<'a> {
    fn reference(&mut self, label: &str) -> Event<'a> {
        // A second reference to one note has an id of its own: ids are unique on a page.
        let (n, k) = self.0.refer(label);
        let id = if k == 1 {
            format!("note-ref-{n}")
        } else {
            format!("note-ref-{n}-{k}")
        };
        Event::Html(
            format!(
                "<sup class=\"footnote-ref\"><a href=\"#note-{n}\" id=\"{id}\" role=\"doc-noteref\">{n}</a></sup>"
            )
            .into(),
        )
    }

    /// The definition's events, up to its end; raw HTML in it stays text.
    fn define(&mut self, label: &str, parser: &mut impl Iterator<Item = Event<'a>>) {
        let mut body = Vec::new();
        for e in parser.by_ref() {
            match e {
                Event::End(TagEnd::FootnoteDefinition) => break,
                Event::Html(h) | Event::InlineHtml(h) => body.push(Event::Text(h)),
                Event::FootnoteReference(_) => {}
                other => body.push(other),
            }
        }
        self.0.define(label.to_owned(), body);
    }

    /// The notes at the end, referred-to ones only, in their numbers' order.
    fn section(self, words: &Words<'_>) -> Vec<Event<'a>> {
        let bodies = self.0.in_order();
        if bodies.is_empty() {
            return Vec::new();
        }
        let mut out = vec![Event::Html(
            format!(
                "<section class=\"footnotes\" aria-labelledby=\"notes\">\n<h2 id=\"notes\">{}</h2>\n<ol>\n",
                crate::util::xml_escape(words.notes)
            )
            .into(),
        )];
        for (i, body) in bodies.into_iter().enumerate() {
            let n = i + 1;
            out.push(Event::Html(format!("<li id=\"note-{n}\">\n").into()));
            out.extend(body);
            out.push(Event::Html(
                format!(
                    "<p class=\"footnote-back\"><a href=\"#note-ref-{n}\" role=\"doc-backlink\" aria-label=\"{} {n}\">↩</a></p>\n</li>\n",
                    crate::util::xml_escape(words.back)
                )
                .into(),
            ));
        }
        out.push(Event::Html("</ol>\n</section>\n".into()));
        out
    }
}

/// Converts the letter's Markdown to the HTML of its body.
pub fn to_html(markdown: &str, words: &Words<'_>) -> String {
    let table_label = words.table;
    let mut notes = Notes::default();
    let mut events: Vec<Event> = Vec::with_capacity(markdown.len() / 16);
    let mut pending_style: Option<&'static str> = None;
    let mut dropped_links = 0usize;
    let mut ids = HashSet::new();
    // The heading a table sits under labels the scrolling region around it.
    let mut last_heading: Option<String> = None;
    let mut parser = Parser::new_ext(markdown, options()).peekable();
    // `in_attribution`: inside a paragraph opened with a class of its own (the attribution,
    // the valediction, the signature), which closes as a plain one does.
    let (mut quote_ended, mut in_attribution, mut signature_next) = (false, false, false);
    while let Some(event) = parser.next() {
        let after_quote = std::mem::take(&mut quote_ended);
        match event {
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if h.trim() == "<!-- s55:signature -->" =>
            {
                if let Some(img) = &words.signature {
                    events.push(Event::Html(
                        format!("<p class=\"signature-image\">{img}</p>\n").into(),
                    ));
                }
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                if let Some(e) = comment_event(h, &mut pending_style) {
                    events.push(e);
                }
            }
            Event::Start(Tag::List(Some(start))) => match pending_style.take() {
                Some(style) => {
                    let start_attr = if start == 1 {
                        String::new()
                    } else {
                        format!(" start=\"{start}\"")
                    };
                    events.push(Event::Html(
                        format!("<ol type=\"{style}\"{start_attr}>\n").into(),
                    ));
                }
                None => events.push(Event::Start(Tag::List(Some(start)))),
            },
            Event::Start(Tag::Link { ref dest_url, .. }) if !link_allowed(dest_url) => {
                dropped_links += 1
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let (id, heading) = heading_events(level, classes, attrs, &mut parser, &mut ids);
                last_heading = Some(id);
                events.extend(heading);
            }
            // The line after the chief officer's quoted comments that says who said it gets
            // a class of its own, so that only it is styled as the attribution, never an
            // ordinary paragraph that happens to follow a quote.
            Event::Start(Tag::Paragraph)
                if after_quote
                    && matches!(parser.peek(), Some(Event::Text(t)) if t.starts_with('—')) =>
            {
                events.push(Event::Html("<p class=\"attribution\">".into()));
                in_attribution = true;
            }
            Event::Start(Tag::Paragraph) if signature_next => {
                events.push(Event::Html("<p class=\"signature\">".into()));
                in_attribution = true;
                signature_next = false;
            }
            Event::Start(Tag::Paragraph)
                if words.valediction.is_some_and(
                    |v| matches!(parser.peek(), Some(Event::Text(t)) if t.as_ref() == v),
                ) =>
            {
                events.push(Event::Html("<p class=\"valediction\">".into()));
                in_attribution = true;
                signature_next = true;
            }
            Event::End(TagEnd::Paragraph) if in_attribution => {
                events.push(Event::Html("</p>\n".into()));
                in_attribution = false;
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                events.push(Event::End(TagEnd::BlockQuote(kind)));
                quote_ended = true;
            }
            // A wide table scrolls inside a labelled region that can take focus, so the page
            // itself never scrolls sideways (WCAG 1.4.10) and keyboards can reach it.
            Event::Start(Tag::Table(a)) => {
                let label = match &last_heading {
                    Some(id) => format!(" aria-labelledby=\"{id}\""),
                    None => format!(" aria-label=\"{}\"", crate::util::xml_escape(table_label)),
                };
                events.push(Event::Html(
                    format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\"{label}>\n")
                        .into(),
                ));
                events.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::SoftBreak if words.one_line => events.push(Event::Text(" ".into())),
            Event::HardBreak if words.one_line => events.push(Event::InlineHtml("<br />".into())),
            Event::FootnoteReference(label) => events.push(notes.reference(&label)),
            Event::Start(Tag::FootnoteDefinition(label)) => notes.define(&label, &mut parser),
            other => events.push(other),
        }
    }
    events.extend(notes.section(words));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    bilingual_title(html)
}

/// A bilingual document's title is its two editions' titles ("Ymateb … / Response …"): each
/// half gets its edition's language, so a screen reader reads the English half in English
/// although the page around it is Welsh (WCAG 3.1.2). The halves are known from the parts'
/// own headings; a title that is not exactly the two is left as it is.
fn bilingual_title(html: String) -> String {
    let part_title = |from: usize| -> Option<(String, String, usize)> {
        const OPEN: &str = "<div lang=\"";
        let at = from + html[from..].find(OPEN)? + OPEN.len();
        let lang_end = at + html[at..].find('"')?;
        let lang = html[at..lang_end].to_owned();
        let rest = &html[lang_end..];
        let open = rest.strip_prefix("\">\n<h2 id=\"")?;
        let text_start = open.find("\">")? + 2;
        let text_end = open.find("</h2>")?;
        let title = open.get(text_start..text_end)?.to_owned();
        Some((lang, title, lang_end))
    };
    let Some((first_lang, first, after)) = part_title(0) else {
        return html;
    };
    let Some((second_lang, second, _)) = part_title(after) else {
        return html;
    };
    let Some(h1_start) = html
        .strip_prefix("<h1 id=\"")
        .and(html.find("\">").map(|i| i + 2))
    else {
        return html;
    };
    let Some(h1_end) = html.find("</h1>") else {
        return html;
    };
    if html.get(h1_start..h1_end) != Some(format!("{first} / {second}").as_str()) {
        return html;
    }
    format!(
        "{}<span lang=\"{first_lang}\">{first}</span> / <span lang=\"{second_lang}\">{second}</span>{}",
        &html[..h1_start],
        &html[h1_end..]
    )
}

/// What raw HTML in the letter becomes: s55's own comments set the next list's numbering
/// (nothing is written) or open and close a part in one language; anything else is text.
fn comment_event<'a>(h: &str, pending_style: &mut Option<&'static str>) -> Option<Event<'a>> {
    let t = h.trim();
    if let Some(style) = list_style(t) {
        *pending_style = Some(style);
        return None;
    }
    if let Some(lang) = t
        .strip_prefix("<!-- s55:lang ")
        .and_then(|r| r.strip_suffix(" -->"))
        .filter(|l| matches!(*l, "en" | "cy" | "end"))
    {
        // A part of a bilingual document in one language.
        let tag = if lang == "end" {
            "</div>\n".to_owned()
        } else {
            format!(
                "<div lang=\"{}\">\n",
                if lang == "en" { "en-GB" } else { "cy" }
            )
        };
        return Some(Event::Html(tag.into()));
    }
    Some(Event::Text(CowStr::Boxed(h.to_string().into())))
}

/// The body without the `h1` it opens with, for a page that gives its own title.
pub fn without_title(body: &str) -> &str {
    if !body.starts_with("<h1") {
        return body;
    }
    match body.find("</h1>\n") {
        Some(end) => &body[end + "</h1>\n".len()..],
        None => body,
    }
}

/// A heading's events up to its end, with a stable id made from its text (returned too);
/// raw HTML in it stays text.
fn heading_events<'a>(
    level: pulldown_cmark::HeadingLevel,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    parser: &mut impl Iterator<Item = Event<'a>>,
    ids: &mut HashSet<String>,
) -> (String, Vec<Event<'a>>) {
    let mut text = String::new();
    let mut inner = Vec::new();
    for e in parser.by_ref() {
        if matches!(e, Event::End(TagEnd::Heading(_))) {
            inner.push(e);
            break;
        }
        if let Event::Text(t) | Event::Code(t) = &e {
            text.push_str(t);
        }
        inner.push(e);
    }
    let id = unique_id(&slug(&text), ids);
    let mut events = vec![Event::Start(Tag::Heading {
        level,
        id: Some(id.clone().into()),
        classes,
        attrs,
    })];
    events.extend(inner.into_iter().map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    }));
    (id, events)
}

/// The HTML `type` of a list from s55's marker comment.
fn list_style(comment: &str) -> Option<&'static str> {
    match comment {
        "<!-- s55:list lower-alpha -->" => Some("a"),
        "<!-- s55:list lower-roman -->" => Some("i"),
        _ => None,
    }
}

/// A lowercase, hyphenated id from a heading's text, keeping letters of any script.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "section".to_owned()
    } else {
        // Long headings are cut at a word, so ids stay readable.
        let cut: String = out.chars().take(60).collect();
        match cut.rfind('-') {
            Some(i) if cut.len() < out.len() && i > 0 => cut[..i].to_owned(),
            _ => cut,
        }
    }
}

fn unique_id(base: &str, seen: &mut HashSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: Words<'static> = Words {
        one_line: false,
        table: "Table",
        notes: "Notes",
        back: "Back to reference",
        valediction: None,
        signature: None,
    };

    #[test]
    fn raw_html_in_the_letter_is_text() {
        let html = to_html(
            "Hi <b onclick=\"x()\">there</b>\n\n<script>alert(1)</script>\n",
            &WORDS,
        );
        assert!(!html.contains("<b"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn lettered_lists_come_out_lettered() {
        let html = to_html(
            "1. We recommend:\n   <!-- s55:list lower-alpha -->\n   1. one\n   2. two\n",
            &WORDS,
        );
        assert!(html.contains("<ol type=\"a\">\n<li>one</li>"), "{html}");
        assert!(!html.contains("s55:list"), "{html}");
    }

    #[test]
    fn footnotes_are_numbered_and_linked_both_ways() {
        let html = to_html(
            "Text[^b] and more[^a].\n\n[^a]: Second <i>note</i>.\n[^b]: First note.\n",
            &WORDS,
        );
        assert!(html.contains("Text<sup class=\"footnote-ref\"><a href=\"#note-1\" id=\"note-ref-1\" role=\"doc-noteref\">1</a></sup>"), "{html}");
        let notes = html
            .split("<section class=\"footnotes\"")
            .nth(1)
            .unwrap_or_default();
        let first = notes.find("First note.").unwrap_or(usize::MAX);
        let second = notes.find("Second &lt;i&gt;note&lt;/i&gt;.").unwrap_or(0);
        assert!(first < second, "{html}");
        assert!(notes.contains(
            "<a href=\"#note-ref-2\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">↩</a>"
        ));
    }

    #[test]
    fn headings_get_ids_once_each() {
        let html = to_html(
            "## Recommendations\n\n## Recommendations\n\n## Comments of the PCC’s office\n",
            &WORDS,
        );
        assert!(html.contains("<h2 id=\"recommendations\">"));
        assert!(html.contains("<h2 id=\"recommendations-2\">"));
        assert!(
            html.contains("<h2 id=\"comments-of-the-pcc-s-office\">"),
            "{html}"
        );
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        let html = to_html(
            "[go](javascript:alert(1)) [ok](https://example.org)",
            &WORDS,
        );
        assert_eq!(html, "<p>go <a href=\"https://example.org\">ok</a></p>\n");
    }
}
