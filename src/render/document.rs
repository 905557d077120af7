//! A response's editions into files: one document for a response in one language; for a
//! bilingual one, the bilingual document (`STEM.*`, the first language first) and one
//! document per language (`STEM.cy.*`, `STEM.en.*`) that link to each other.
//!
//! Pure: the files come back in memory, and the caller decides where they go.

use anyhow::Result;

use super::bilingual::bilingual_markdown;
use super::dispatch::render_all;
use super::format::Format;
use super::{Alternate, PageLinks, Renderer, View, view};
use crate::diag::Diagnostic;
use crate::model::Editions;
use crate::settings::Settings;

/// The files one response renders to, in memory until all of them are ready.
pub struct Rendered {
    /// (file name, contents) for each format asked for; for a bilingual response the
    /// bilingual document's files first, then each edition's.
    pub files: Vec<(String, Vec<u8>)>,
    /// What rendering found that the office should know (characters the PDF's fonts lack).
    pub warnings: Vec<Diagnostic>,
    /// What the templates saw for the first document.
    pub view: View,
}

/// Renders a checked response in the given formats, with the HTML page placed as `page`
/// says (its links to the other formats are filled in here).
pub fn render(
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    stem: &str,
    formats: &[&'static dyn Format],
    page: PageLinks,
) -> Result<Rendered> {
    let views: Vec<View> = editions
        .iter()
        .map(|d| view::build(d, renderer.assets().locale(d.language), settings))
        .collect();
    let [first, second] = views.as_slice() else {
        let Some(view) = views.into_iter().next() else {
            anyhow::bail!("a response has no edition to render");
        };
        let markdown = renderer.markdown(&view)?;
        let (files, warnings) = render_all(renderer, &view, &markdown, stem, formats, page)?;
        return Ok(Rendered {
            files,
            warnings,
            view,
        });
    };
    // The bilingual document, then each language's own, linked to the other; each edition's
    // Markdown is written once and serves both.
    let mds = [renderer.markdown(first)?, renderer.markdown(second)?];
    let markdown = bilingual_markdown([(first, &mds[0]), (second, &mds[1])]);
    let mut view = first.clone();
    view.title = format!("{} / {}", first.title, second.title);
    // Each edition's pages carry its own footer.
    view.footers = views
        .iter()
        .map(|v| view::EditionFooter {
            lang: v.lang.clone(),
            title: v.title.clone(),
            page_label: v.t.get("page").cloned().unwrap_or_default(),
            valediction: v.valediction.clone(),
        })
        .collect();
    let both = PageLinks {
        alternates: views
            .iter()
            .map(|v| alternate(v, stem, "language_name"))
            .collect(),
        ..page.clone()
    };
    let (mut files, mut warnings) = render_all(renderer, &view, &markdown, stem, formats, both)?;
    for (i, one) in views.iter().enumerate() {
        let other = &views[1 - i];
        let linked = PageLinks {
            alternates: vec![Alternate {
                label: one.t.get("other_language").cloned().unwrap_or_default(),
                ..alternate(other, stem, "")
            }],
            ..page.clone()
        };
        let stem = format!("{stem}.{}", one.lang_code());
        let (f, w) = render_all(renderer, one, &mds[i], &stem, formats, linked)?;
        files.extend(f);
        warnings.extend(w);
    }
    Ok(Rendered {
        files,
        warnings,
        view,
    })
}

/// A link to an edition's own page, with the words of the label `label` in its language.
fn alternate(v: &View, stem: &str, label: &str) -> Alternate {
    Alternate {
        href: format!("{stem}.{}.html", v.lang_code()),
        hreflang: v.lang.clone(),
        label: v.t.get(label).cloned().unwrap_or_default(),
    }
}
