//! The letter as a Word document (.docx), and the Word form another office fills in.
//!
//! Made from the same blocks as the PDF (the letter's Markdown read once by
//! [`crate::render::blocks`]), so the Word document says what every other format says.
//! `body` writes WordprocessingML from the blocks, `package` the parts around it and the zip,
//! and `form` marks the fields a form asks the other office for. Fonts are named, not
//! embedded; nothing in the file depends on the time it was written.

mod body;
pub mod form;
mod package;
mod raster;

use anyhow::Result;

use super::blocks;
use super::{Renderer, View, view};
use crate::model::Editions;
use crate::settings::Settings;

pub use form::{FieldKind, FieldSpec, FormSpec, Which};

/// The Word document of a letter's Markdown.
pub fn write(view: &View, markdown: &str) -> Result<Vec<u8>> {
    let letter = blocks::read(markdown);
    let body = body::Writer::<blocks::Plain>::new(&view.lang, view.signature.image.as_ref())
        .write(&letter.blocks, &letter.notes);
    package::package(&package::Parts {
        view,
        body: &body,
        custom: None,
    })
}

/// A made form: the Word document and what it asks for.
pub struct Made {
    /// The .docx file.
    pub bytes: Vec<u8>,
    /// Its fields and what it was made from.
    pub spec: FormSpec,
    /// What the templates saw.
    pub view: View,
}

/// The Word form for `which` of a checked response whose file's text is `source`: the
/// letter as it stands, locked, with a field for each part the office answers for.
pub fn form(
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    which: Which,
    source: &str,
) -> Result<Made> {
    let mut spec = FormSpec::new(
        which,
        editions.first(),
        crate::util::hash_hex(source.as_bytes()),
    );
    let bilingual = editions.is_bilingual();
    // A file that checked is YAML; were it not, no owner is taken to be given by language.
    let yaml: serde_yaml::Value = serde_yaml::from_str(source).unwrap_or_default();
    let mut views = Vec::new();
    for (i, doc) in editions.iter().enumerate() {
        let mut v = view::build(doc, renderer.assets().locale(doc.language), settings);
        form::Marker {
            spec: &mut spec,
            settings,
            lang: bilingual.then(|| doc.language.code()),
            extra_shift: u8::from(bilingual),
            shared: i == 0,
            source: &yaml,
        }
        .mark(&mut v, doc);
        views.push(v);
    }
    let intro_key = format!("form_intro_{}", which.key().replace('-', "_"));
    let mut markdowns = Vec::new();
    for v in &views {
        let md = renderer.markdown(v)?;
        let intro = v.t.get(&intro_key).cloned().unwrap_or_default();
        markdowns.push(with_intro(&md, &intro));
    }
    let (view, markdown) = match (views.as_slice(), markdowns.as_slice()) {
        ([first, second], [a, b]) => {
            let mut v = first.clone();
            v.title = format!("{} / {}", first.title, second.title);
            let md = super::bilingual::bilingual_markdown([(first, a), (second, b)]);
            (v, md)
        }
        _ => match (views.into_iter().next(), markdowns.into_iter().next()) {
            (Some(v), Some(md)) => (v, md),
            _ => anyhow::bail!("a response has no edition to make a form of"),
        },
    };
    let (body, custom) = form::body(&markdown, &spec, &view.lang, view.signature.image.as_ref());
    let bytes = package::package(&package::Parts {
        view: &view,
        body: &body,
        custom: Some(&custom),
    })?;
    Ok(Made { bytes, spec, view })
}

/// The letter's Markdown with the form's note to the other office after its title.
fn with_intro(markdown: &str, intro: &str) -> String {
    if intro.is_empty() {
        return markdown.to_owned();
    }
    // Set apart as a quote is, with the bar beside it.
    let note = format!("> {}\n", crate::markup::escape_inline(intro));
    match markdown.split_once('\n') {
        Some((title, rest)) if title.starts_with("# ") => format!("{title}\n\n{note}\n{rest}"),
        _ => format!("{note}\n{markdown}"),
    }
}
