//! The output formats as the rest of s55 knows them: each one's name, extension, label,
//! media type, and whether it is the page, the letter as sent, or written only when asked.
//!
//! This is the registry's description, and it imports no renderer, so that settings (which
//! checks `downloads:` against it), the archive, the preview and the copies can ask it
//! without depending on how any format is drawn. Rendering a format is the job of
//! [`super::dispatch`], which pairs each name here with its renderer.
//!
//! The HTML page is the one format that links to the others (with their sizes), so it is
//! rendered after them; [`Format::is_page`] says which that is. The letter as sent (the PDF)
//! is offered first and attached to the covering e-mails; [`Format::is_record`] says which
//! that is. Everything else that names formats (the archive's index, the preview, the
//! `downloads` setting, the copies, the templates) asks these questions of the registry.

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
}

/// The Word document.
pub struct Docx;

impl Format for Docx {
    fn name(&self) -> &'static str {
        "docx"
    }
    fn extension(&self) -> &'static str {
        "docx"
    }
    fn label(&self) -> &'static str {
        "Word"
    }
    fn about(&self) -> &'static str {
        "an accessible Word document; with --form, a form for another office"
    }
    fn media_type(&self) -> &'static str {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    }
    fn by_default(&self) -> bool {
        false
    }
}

/// Every format s55 writes, in the order `render` writes them by default. Each has its
/// renderer in [`super::dispatch`].
pub static REGISTRY: &[&dyn Format] = &[&Markdown, &Html, &Pdf, &Docx];

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
