//! Rendering a view in the formats asked for: each format of the registry
//! ([`super::format`]) paired with the function that renders it.
//!
//! The registry describes the formats and imports no renderer; this module is the one place
//! that reaches every renderer, so a new format is three files: its renderer as a module of
//! this one (`render/dispatch/NAME.rs`, declared beside its line in [`RENDERERS`]), and its
//! description with its line in the registry.

use anyhow::{Result, anyhow};

use super::format::Format;
use super::{FormatLink, PageLinks, Renderer, View};
use crate::diag::Diagnostic;

/// What a format renders from.
pub struct Input<'a> {
    /// The templates, stylesheet and fonts.
    pub renderer: &'a Renderer,
    /// What the templates see.
    pub view: &'a View,
    /// The letter as Markdown: the one document every format says the same thing as.
    pub markdown: &'a str,
    /// Where the page sits, and the other formats it links to.
    pub page: &'a PageLinks,
}

/// A rendered file, and what rendering found that the office should know.
pub struct Output {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Problems rendering met (characters a font lacks).
    pub warnings: Vec<Diagnostic>,
}

impl Output {
    /// Bytes with nothing to warn about.
    pub fn clean(bytes: Vec<u8>) -> Self {
        Output {
            bytes,
            warnings: Vec::new(),
        }
    }
}

/// Renders one document in one format.
pub type Render = fn(&Input<'_>) -> Result<Output>;

/// Every format's renderer, by the format's name in the registry.
pub static RENDERERS: &[(&str, Render)] = &[
    ("md", markdown),
    ("html", html),
    ("pdf", pdf),
    ("docx", docx),
];

/// The renderer of a format of the registry.
pub fn renderer_of(format: &dyn Format) -> Result<Render> {
    RENDERERS
        .iter()
        .find(|(name, _)| *name == format.name())
        .map(|(_, r)| *r)
        .ok_or_else(|| anyhow!("the format `{}` has no renderer", format.name()))
}

/// The letter's Markdown, as the templates wrote it, made fit for a CMS.
fn markdown(input: &Input<'_>) -> Result<Output> {
    Ok(Output::clean(for_cms(input.markdown).into_bytes()))
}

/// The Markdown a CMS takes: without the comments that mark the parts of a bilingual
/// document and the place of the signature's picture, which only s55's own writers read (a
/// CMS page has one language, set by the CMS), and with no HTML comment at all, since a CMS
/// may show one as text or drop what follows it. CommonMark has no lettered or Roman-numbered
/// lists, so such a list is written as bullets that carry the letter's own labels
/// (`- (a) …`): a reader sees "(a)", as the letter says, never "1.".
fn for_cms(markdown: &str) -> String {
    use super::blocks::Marker;
    let mut out = String::with_capacity(markdown.len());
    let mut blank = false;
    // The lettered lists open around this line: each one's indent and labels.
    let mut lists: Vec<(usize, Marker)> = Vec::new();
    let mut pending: Option<Marker> = None;
    for line in markdown.lines() {
        let t = line.trim();
        if (t.starts_with("<!-- s55:lang ") && t.ends_with(" -->")) || t == "<!-- s55:signature -->"
        {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        match t {
            "<!-- s55:list lower-alpha -->" => pending = Some(Marker::LowerAlpha),
            "<!-- s55:list lower-roman -->" => pending = Some(Marker::LowerRoman),
            _ => {}
        }
        if t.starts_with("<!-- s55:list ") {
            continue;
        }
        let number = t
            .split_once(". ")
            .and_then(|(n, _)| n.parse::<u64>().ok().filter(|_| !n.is_empty()));
        if !t.is_empty() {
            // A list ends at a line less indented than its items, or as indented but not an
            // item.
            while lists
                .last()
                .is_some_and(|&(i, _)| i > indent || (i == indent && number.is_none()))
            {
                lists.pop();
            }
            if let Some(m) = pending.take()
                && number.is_some()
            {
                lists.push((indent, m));
            }
        }
        // Removing a comment can leave two blank lines together: keep one.
        if t.is_empty() && (blank || out.is_empty()) {
            continue;
        }
        blank = t.is_empty();
        match (lists.last(), number) {
            (Some(&(i, marker)), Some(n)) if i == indent => {
                let rest = t.split_once(". ").map_or("", |(_, r)| r);
                out.push_str(&line[..indent]);
                out.push_str("- ");
                out.push_str(&marker.label(n));
                out.push(' ');
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The letter as an accessible Word document, for the office to edit or circulate.
fn docx(input: &Input<'_>) -> Result<Output> {
    Ok(Output::clean(super::docx::write(
        input.view,
        input.markdown,
    )?))
}

/// The accessible HTML page (or, for `--fragment`, its `<article>`).
fn html(input: &Input<'_>) -> Result<Output> {
    let html = input
        .renderer
        .html(input.view, input.markdown, input.page)?;
    Ok(Output::clean(html.into_bytes()))
}

/// The accessible, tagged A4 PDF, and the characters its fonts lack.
fn pdf(input: &Input<'_>) -> Result<Output> {
    let pdf = input.renderer.pdf(input.view, input.markdown)?;
    let mut warnings = Vec::new();
    if !pdf.missing.is_empty() {
        let chars: Vec<String> = pdf
            .missing
            .iter()
            .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
            .collect();
        warnings.push(
            Diagnostic::warning(format!(
                "the PDF's fonts have no letter for {}: it shows as a box",
                chars.join(", ")
            ))
            .hint("use another character, or give fonts that have it in `fonts/` of the templates folder"),
        );
    }
    Ok(Output {
        bytes: pdf.bytes,
        warnings,
    })
}

/// Rendered files: (file name, contents).
pub type Files = Vec<(String, Vec<u8>)>;

/// Renders one view in the given formats: the page last, linking to the others (with their
/// sizes) unless it is a fragment. Files come back in the order the formats were asked for.
pub fn render_all(
    renderer: &Renderer,
    view: &View,
    markdown: &str,
    stem: &str,
    formats: &[&'static dyn Format],
    mut page: PageLinks,
) -> Result<(Files, Vec<Diagnostic>)> {
    let mut done: Vec<Option<Vec<u8>>> = vec![None; formats.len()];
    let mut warnings = Vec::new();
    let file_name = |f: &dyn Format| format!("{stem}.{}", f.extension());
    for pass_page in [false, true] {
        if pass_page && !page.fragment {
            page.formats = formats
                .iter()
                .zip(&done)
                .filter(|(f, _)| !f.is_page())
                .map(|(f, bytes)| FormatLink {
                    label: f.label().to_owned(),
                    href: file_name(*f),
                    size: bytes.as_ref().map(|b| super::human_size(b.len())),
                    lead: f.is_record(),
                })
                .collect();
        }
        for (f, slot) in formats.iter().zip(done.iter_mut()) {
            if f.is_page() != pass_page {
                continue;
            }
            let out = renderer_of(*f)?(&Input {
                renderer,
                view,
                markdown,
                page: &page,
            })?;
            warnings.extend(out.warnings);
            *slot = Some(out.bytes);
        }
    }
    let files = formats
        .iter()
        .zip(done)
        .map(|(f, bytes)| (file_name(*f), bytes.unwrap_or_default()))
        .collect();
    Ok((files, warnings))
}

#[cfg(test)]
mod cms_tests {
    use super::for_cms;

    #[test]
    fn every_format_of_the_registry_has_a_renderer() {
        for f in crate::render::format::all() {
            assert!(
                super::renderer_of(f).is_ok(),
                "{} has no renderer",
                f.name()
            );
        }
        assert_eq!(super::RENDERERS.len(), crate::render::format::all().len());
    }

    #[test]
    fn lettered_lists_reach_a_cms_as_lettered_bullets_without_comments() {
        let md = "1. We recommend:\n\n   <!-- s55:list lower-alpha -->\n   1. one\n   2. two\n      <!-- s55:list lower-roman -->\n      1. deep\n      2. deeper\n   3. three\n2. Next\n";
        let cms = for_cms(md);
        assert_eq!(
            cms,
            "1. We recommend:\n\n   - (a) one\n   - (b) two\n      - (i) deep\n      - (ii) deeper\n   - (c) three\n2. Next\n"
        );
        // A CMS's CommonMark reader shows the letters, nested as the letter nests them.
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&cms));
        assert_eq!(
            html,
            "<ol>\n<li>\n<p>We recommend:</p>\n<ul>\n<li>(a) one</li>\n<li>(b) two\n<ul>\n<li>(i) deep</li>\n<li>(ii) deeper</li>\n</ul>\n</li>\n<li>(c) three</li>\n</ul>\n</li>\n<li>\n<p>Next</p>\n</li>\n</ol>\n"
        );
    }
}
