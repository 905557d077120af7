//! What `s55 render` makes of one response: its files in the formats asked for, or a Word
//! form for another office, with the page placed as asked.
//!
//! A form is a Word document of its own kind, so it is asked for with the Word format alone:
//! anything else beside it would be a second, different letter under the same name.

use anyhow::{Result, anyhow};

use super::docx::{self, Which};
use super::format::{self, Format};
use super::{PageLinks, Rendered, Renderer};
use crate::model::Editions;
use crate::settings::Settings;

/// How each response of a `render` run is rendered.
pub struct Job {
    formats: Vec<&'static dyn Format>,
    form: Option<Which>,
    page: PageLinks,
    tracker: bool,
}

/// What a run asks for, as given on the command line.
pub struct Asked<'a> {
    /// The formats' names (`--format`).
    pub formats: &'a [String],
    /// The form's name (`--form`), if one.
    pub form: Option<&'a str>,
    /// The page as an `<article>` (`--fragment`).
    pub fragment: bool,
    /// Without the title (`--no-title`).
    pub untitled: bool,
    /// With the tracker table (`--tracker`), whatever the settings say.
    pub tracker: bool,
}

impl Job {
    /// The job asked for, or why it cannot be done: a form with any format but Word, or a
    /// form that does not exist.
    pub fn new(asked: &Asked<'_>) -> Result<Job> {
        let formats = format::by_names(asked.formats);
        let form = match asked.form {
            None => None,
            Some(name) => {
                let word = format::Docx;
                if formats.iter().any(|f| f.name() != word.name()) {
                    return Err(anyhow!(
                        "`--form {name}` writes a Word form: give it with `--format {}` alone",
                        word.name()
                    ));
                }
                Some(Which::from_key(name).ok_or_else(|| anyhow!("no form `{name}`"))?)
            }
        };
        Ok(Job {
            formats,
            form,
            page: PageLinks {
                fragment: asked.fragment,
                untitled: asked.untitled,
                ..PageLinks::default()
            },
            tracker: asked.tracker,
        })
    }

    /// Renders one checked response whose file's text is `source`, its files named `stem.*`.
    pub fn render(
        &self,
        renderer: &Renderer,
        editions: &Editions,
        settings: &Settings,
        source: &str,
        stem: &str,
    ) -> Result<Rendered> {
        let mut settings = settings.clone();
        settings.tracker |= self.tracker;
        let Some(which) = self.form else {
            let page = self.page.clone();
            return super::render(renderer, editions, &settings, stem, &self.formats, page);
        };
        let made = docx::form(renderer, editions, &settings, which, source)?;
        let name = format!("{stem}.{}.{}", which.key(), format::Docx.extension());
        Ok(Rendered {
            files: vec![(name, made.bytes)],
            warnings: Vec::new(),
            view: made.view,
        })
    }
}
