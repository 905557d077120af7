//! The letter as an accessible A4 PDF, from the same Markdown the HTML page comes from.
//!
//! Three phases, as in the rest of s55: [`blocks`](crate::render::blocks) reads the Markdown's events into blocks,
//! [`layout`] places them on pages (pure, tested as text), and [`write`] is the only place
//! that touches the PDF libraries. [`fonts`] supplies the metrics layout measures with and
//! the subsets the writer embeds; [`lang`] marks the passages whose language differs from
//! the text around them.

pub mod fonts;
pub mod lang;
pub mod layout;
pub mod meta;
pub mod write;

pub use write::pdfa;

use std::collections::BTreeSet;

use anyhow::Result;

use super::blocks;
use super::view::View;
use fonts::Fonts;

/// A rendered PDF and the characters its fonts could not show.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Characters drawn as the missing-glyph box.
    pub missing: BTreeSet<char>,
}

/// The page set-up for a view: the letterhead lines, the response's title for the footer and
/// the page label.
pub fn setup(view: &View) -> layout::Setup {
    let mut letterhead = vec![view.office.name.clone()];
    letterhead.extend(view.office.address.iter().cloned());
    let mut links = vec![None; letterhead.len()];
    // The addresses are links, as they are on the HTML page.
    for (line, url) in [
        (
            &view.office.website,
            view.office.website.as_ref().map(|w| web_link(w)),
        ),
        (
            &view.office.email,
            view.office.email.as_ref().map(|e| format!("mailto:{e}")),
        ),
    ] {
        if let Some(line) = line {
            letterhead.push(line.clone());
            links.push(url.filter(|u| crate::markup::link_allowed(u)));
        }
    }
    // The footer names this document, not the report it answers: a page that comes loose
    // from a bundle of responses to one thematic report still says which response it is.
    let mut setup = layout::Setup::a4(
        letterhead,
        view.title.clone(),
        view.t.get("page").cloned().unwrap_or_default(),
    );
    setup.letterhead_links = links;
    // Each edition's valediction, in a bilingual document.
    setup.valedictions = view.valediction.iter().cloned().collect();
    for v in view.footers.iter().filter_map(|f| f.valediction.as_ref()) {
        if !setup.valedictions.contains(v) {
            setup.valedictions.push(v.clone());
        }
    }
    let notes = view.t.get("notes").cloned().unwrap_or_default();
    setup.notes_at_end = view.notes_at_end.then(|| notes.clone());
    setup.notes_heading = notes;
    setup.note_words =
        ["note_ref", "note_back"].map(|k| view.t.get(k).cloned().unwrap_or_default());
    setup.logo = view.office.logo.as_ref().map(picture);
    setup.signature = view.signature.image.as_ref().map(picture);
    setup.footers = view
        .footers
        .iter()
        .map(|f| (f.lang.clone(), f.title.clone(), f.page_label.clone()))
        .collect();
    setup
}

/// A picture at the size the page shows it: a CSS pixel is three quarters of a point.
fn picture(image: &super::view::ImageView) -> layout::Picture {
    layout::Picture {
        alt: image.alt.clone(),
        size: [
            layout::Pt(image.width as f32 * 0.75),
            layout::Pt(image.height as f32 * 0.75),
        ],
        data: image.data.clone(),
    }
}

/// A web address as a link: with its scheme, `https` if it has none.
fn web_link(address: &str) -> String {
    if address.contains("://") {
        address.to_owned()
    } else {
        format!("https://{address}")
    }
}

/// Lays out the letter's Markdown without writing it: for tests and the layout dump.
pub fn lay_out(view: &View, markdown: &str, fonts: &Fonts) -> layout::Laid {
    let mut letter = blocks::read(markdown);
    lang::mark(&mut letter.blocks, view);
    for note in &mut letter.notes {
        lang::mark(note, view);
    }
    layout::layout_letter(&letter.blocks, &letter.notes, &setup(view), fonts)
}

/// The document properties for a view.
pub fn meta(view: &View) -> meta::Meta {
    // The response's date; without one, the day of the build's `SOURCE_DATE_EPOCH` (as
    // reproducible builds set it), else none: never the report's date, which is not the
    // letter's, and never the clock.
    let date = view
        .date_iso
        .as_deref()
        .and_then(|d| crate::model::parse_date(d).ok())
        .or_else(source_date);
    let mut keywords = vec![
        "section 55".to_owned(),
        "Police Act 1996".to_owned(),
        "HMICFRS".to_owned(),
        view.force.clone(),
        view.report.kind.clone(),
    ];
    keywords.retain(|k| !k.is_empty());
    meta::Meta {
        title: view.title.clone(),
        author: view.office.name.clone(),
        subject: view.t.get("description").cloned().unwrap_or_default(),
        keywords,
        lang: view.lang.clone(),
        date,
        creator: format!("s55 {}", env!("CARGO_PKG_VERSION")),
    }
}

/// The day of `SOURCE_DATE_EPOCH` (seconds since 1970), when it is set to one.
fn source_date() -> Option<jiff::civil::Date> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let at = jiff::Timestamp::from_second(secs).ok()?;
    Some(jiff::tz::Offset::UTC.to_datetime(at).date())
}

/// Renders the letter's Markdown as a PDF.
pub fn render(view: &View, markdown: &str, fonts: &Fonts) -> Result<Pdf> {
    let laid = lay_out(view, markdown, fonts);
    let bytes = write::write(&laid, fonts, &meta(view))?;
    Ok(Pdf {
        bytes,
        missing: laid.missing,
    })
}
