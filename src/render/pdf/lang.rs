//! Passages in another language than the text around them, marked so that a screen reader
//! switches voice for them (PDF/UA-1 7.2, WCAG 3.1.2).
//!
//! Only where s55 knows the language: the bilingual title, whose two halves are the two
//! editions' titles, and the statuses, whose labels come from the office's settings and are
//! English in every edition. An office's own words in another language (a Welsh address in
//! the English edition) carry no language in the input, so nothing is claimed for them.

use std::collections::BTreeSet;

use crate::render::blocks::{Block, Span};
use crate::render::view::View;

/// The language the statuses' labels are written in.
const SETTINGS_LANG: &str = "en-GB";

/// Marks the passages of `blocks` whose language s55 knows, for a document in `view.lang`.
pub fn mark(blocks: &mut [Block], view: &View) {
    split_bilingual_title(blocks, &view.lang);
    let mut passages: BTreeSet<&str> =
        view.tracker
            .iter()
            .filter(|r| r.status_foreign)
            .filter_map(|r| r.status.as_deref())
            .chain(
                view.sections
                    .iter()
                    .filter_map(|s| s.findings.as_ref())
                    .flat_map(|f| {
                        f.items
                            .iter()
                            .chain(f.items.iter().flat_map(|i| {
                                i.recommendations.iter().flat_map(|r| r.items.iter())
                            }))
                            .filter(|i| i.status_foreign)
                            .filter_map(|i| i.status.as_deref())
                    }),
            )
            .map(str::trim)
            .collect();
    passages.retain(|p| p.chars().any(char::is_alphabetic));
    if !passages.is_empty() {
        mark_passages(blocks, &view.lang, &passages);
    }
}

fn english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

/// Tags the spans that are exactly a passage, inside any part not in English.
fn mark_passages(blocks: &mut [Block], around: &str, passages: &BTreeSet<&str>) {
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph(spans) => {
                mark_spans(spans, around, passages)
            }
            Block::List { items, .. } | Block::Notes(items) => {
                for item in items {
                    mark_passages(item, around, passages);
                }
            }
            Block::Quote(inner) => mark_passages(inner, around, passages),
            Block::Table { head, rows } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    mark_spans(cell, around, passages);
                }
            }
            Block::Part { lang, blocks } => {
                let lang = lang.clone();
                mark_passages(blocks, &lang, passages);
            }
            Block::Rule | Block::Signature => {}
            Block::Extra(none) => match *none {},
        }
    }
}

fn mark_spans(spans: &mut [Span], around: &str, passages: &BTreeSet<&str>) {
    if english(around) {
        return;
    }
    for span in spans {
        if span.lang.is_none() && passages.contains(span.text.trim()) {
            span.lang = Some(SETTINGS_LANG.to_owned());
        }
    }
}

/// The bilingual document's title is both editions' titles, "first / second": each half in
/// its edition's language, found from the heading that opens each part.
fn split_bilingual_title(blocks: &mut [Block], doc_lang: &str) {
    let parts: Vec<(String, String)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Part { lang, blocks } => match blocks.first() {
                Some(Block::Heading { spans, .. }) => Some((lang.clone(), plain(spans))),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let [(first_lang, first), (second_lang, second)] = parts.as_slice() else {
        return;
    };
    let Some(Block::Heading { level: 1, spans }) = blocks.first_mut() else {
        return;
    };
    let Some(model) = spans.first().cloned() else {
        return;
    };
    if spans.iter().any(|s| s.link.is_some() || s.lang.is_some())
        || plain(spans) != format!("{first} / {second}")
    {
        return;
    }
    let half = |text: &str, lang: &str| Span {
        text: text.to_owned(),
        lang: (lang != doc_lang).then(|| lang.to_owned()),
        ..model.clone()
    };
    *spans = vec![
        half(first, first_lang),
        half(" / ", doc_lang),
        half(second, second_lang),
    ];
}

fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}
