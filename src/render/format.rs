//! The output formats, behind one trait, and the registry every command iterates.
//!
//! A format takes the view and the letter's Markdown and returns bytes. `render`, `build`,
//! `serve` and the fuzz harness never name a format: they ask the registry, so a new format is
//! one module implementing [`Format`] and one line in [`REGISTRY`].
//!
//! The HTML page is the one format that links to the others (with their sizes), so it is
//! rendered after them; [`Format::is_page`] says which that is. The letter as sent (the PDF)
//! is offered first and attached to the covering e-mails; [`Format::is_record`] says which
//! that is. Everything else that names formats (the archive's index, the preview, the
//! `downloads` setting, the copies, the templates) asks these questions of the registry.

use anyhow::Result;

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

/// One output format.
pub trait Format: Sync + Send {
    /// Its name on the command line (`--format md`) and in the archive's records.
    fn name(&self) -> &'static str;
    /// The file extension, without the dot.
    fn extension(&self) -> &'static str;
    /// What a link to it is called on a page: the format's own name, such as "PDF".
    fn label(&self) -> &'static str;
    /// What `--help` says of it.
    fn about(&self) -> &'static str;
    /// Its media type, as the preview serves it.
    fn media_type(&self) -> &'static str;
    /// Whether this is the page that links to the other formats.
    fn is_page(&self) -> bool {
        false
    }
    /// Whether this is the letter as sent: offered first on a page and in the archive's
    /// index, and attached to the covering e-mails.
    fn is_record(&self) -> bool {
        false
    }
    /// Whether `render` and the archive write it unless asked otherwise; a format that is
    /// off by default is written when `--format` names it, and published in the archive when
    /// the office's `downloads` setting lists it.
    fn by_default(&self) -> bool {
        true
    }
    /// Renders one document.
    fn render(&self, input: &Input<'_>) -> Result<Output>;
}

/// The letter's Markdown, as the templates wrote it.
pub struct Markdown;

impl Format for Markdown {
    fn name(&self) -> &'static str {
        "md"
    }
    fn extension(&self) -> &'static str {
        "md"
    }
    fn label(&self) -> &'static str {
        "Markdown"
    }
    fn about(&self) -> &'static str {
        "CommonMark, to paste into a CMS"
    }
    fn media_type(&self) -> &'static str {
        "text/markdown; charset=utf-8"
    }
    fn render(&self, input: &Input<'_>) -> Result<Output> {
        Ok(Output::clean(for_cms(input.markdown).into_bytes()))
    }
}

/// The Markdown without the comments that mark the parts of a bilingual document and the
/// place of the signature's picture, which only s55's own writers read (a CMS page has one language, set by the CMS).
/// The comment before a lettered or Roman-numbered list stays: CommonMark has no such lists,
/// and without it a reader would number "(a)" as "1.", which is not what the letter says.
fn for_cms(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = false;
    for line in markdown.lines() {
        let t = line.trim();
        if (t.starts_with("<!-- s55:lang ") && t.ends_with(" -->")) || t == "<!-- s55:signature -->"
        {
            continue;
        }
        // Removing a comment can leave two blank lines together: keep one.
        if t.is_empty() && (blank || out.is_empty()) {
            continue;
        }
        blank = t.is_empty();
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The accessible HTML page (or, for `--fragment`, its `<article>`).
pub struct Html;

impl Format for Html {
    fn name(&self) -> &'static str {
        "html"
    }
    fn extension(&self) -> &'static str {
        "html"
    }
    fn label(&self) -> &'static str {
        "HTML"
    }
    fn about(&self) -> &'static str {
        "an accessible HTML page"
    }
    fn media_type(&self) -> &'static str {
        "text/html; charset=utf-8"
    }
    fn is_page(&self) -> bool {
        true
    }
    fn render(&self, input: &Input<'_>) -> Result<Output> {
        let html = input
            .renderer
            .html(input.view, input.markdown, input.page)?;
        Ok(Output::clean(html.into_bytes()))
    }
}

/// The accessible, tagged A4 PDF.
pub struct Pdf;

impl Format for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn label(&self) -> &'static str {
        "PDF"
    }
    fn about(&self) -> &'static str {
        "an accessible, tagged A4 PDF"
    }
    fn media_type(&self) -> &'static str {
        "application/pdf"
    }
    fn is_record(&self) -> bool {
        true
    }
    fn render(&self, input: &Input<'_>) -> Result<Output> {
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
}

/// Every format s55 writes, in the order `render` writes them by default.
pub static REGISTRY: &[&dyn Format] = &[&Markdown, &Html, &Pdf, &super::docx::Docx];

/// The format with this name.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    REGISTRY.iter().copied().find(|f| f.name() == name)
}

/// The formats with these names, in the order given, each once; unknown names are skipped
/// (the command line accepts only registered names).
pub fn by_names<S: AsRef<str>>(names: &[S]) -> Vec<&'static dyn Format> {
    let mut out: Vec<&'static dyn Format> = Vec::new();
    for n in names {
        if let Some(f) = by_name(n.as_ref())
            && !out.iter().any(|o| o.name() == f.name())
        {
            out.push(f);
        }
    }
    out
}

/// Every format.
pub fn all() -> Vec<&'static dyn Format> {
    REGISTRY.to_vec()
}

/// The formats written unless asked otherwise.
pub fn defaults() -> Vec<&'static dyn Format> {
    REGISTRY
        .iter()
        .copied()
        .filter(|f| f.by_default())
        .collect()
}

/// The formats an office may add to the archive with its `downloads` setting: those not
/// written unless asked for.
pub fn offerable() -> Vec<&'static dyn Format> {
    REGISTRY
        .iter()
        .copied()
        .filter(|f| !f.by_default())
        .collect()
}

/// The page that links to the other formats (the HTML page).
pub fn page() -> Option<&'static dyn Format> {
    REGISTRY.iter().copied().find(|f| f.is_page())
}

/// The letter as sent (the PDF): offered first, attached to the covering e-mails.
pub fn record() -> Option<&'static dyn Format> {
    REGISTRY.iter().copied().find(|f| f.is_record())
}

/// A published file as the archive records it: `pdf` for the response's own, `cy.pdf` for
/// the PDF of a bilingual response's Welsh edition. Gives the edition's language code, if
/// any, and the format, if the registry has it.
pub fn file_key(key: &str) -> (Option<&str>, Option<&'static dyn Format>) {
    let (edition, name) = match key.split_once('.') {
        Some((lang, name)) => (Some(lang), name),
        None => (None, key),
    };
    let format = REGISTRY
        .iter()
        .copied()
        .find(|f| f.name() == name || f.extension() == name);
    (edition, format)
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
            let out = f.render(&Input {
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
