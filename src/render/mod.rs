//! Rendering: a response's view through Tera templates into Markdown, and the Markdown into
//! an HTML page.
//!
//! The Markdown letter is the one document: the HTML page is made from it, so the two always
//! say the same thing. Renderers are pure: they return text and never write files.
//!
//! Two template engines are kept, one per output language, so that autoescaping is right for
//! each: in Markdown templates `{{ value }}` escapes Markdown punctuation, in HTML templates it
//! escapes HTML. Either way the office's text stays text unless a template says `| safe`.

pub mod assets;
pub mod bilingual;
pub mod blocks;
pub mod dispatch;
pub mod document;
pub mod docx;
pub mod format;
pub mod html;
pub mod job;
pub mod pdf;
pub mod scaffold;
pub mod view;

use std::io::Write;
use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use serde::Serialize;
use tera::{Context, Tera};

pub use assets::Assets;
pub use document::{Rendered, render};
pub use format::Format;
pub use view::View;

/// A link to another format of the same document, shown on the HTML page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormatLink {
    /// The format's name, such as "Markdown".
    pub label: String,
    /// A relative address.
    pub href: String,
    /// The file's size, written out ("38 KB"), when known.
    pub size: Option<String>,
    /// Whether it is the letter as sent, which a page offers first
    /// ([`format::Format::is_record`]).
    pub lead: bool,
}

/// The same document in another language, for `hreflang` links between editions.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Its address.
    pub href: String,
    /// Its language (BCP 47).
    pub hreflang: String,
    /// The link's words, in that language.
    pub label: String,
}

/// Where the HTML page sits: standalone, or in an archive with a shared stylesheet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageLinks {
    /// Only the `<article>`, for pasting into a CMS page.
    pub fragment: bool,
    /// With `fragment`, the `<article>` without its `h1`: a CMS page shows its own title, and
    /// a second one would repeat it.
    pub untitled: bool,
    /// The other formats of the letter.
    pub formats: Vec<FormatLink>,
    /// The shared stylesheet's address; `None` inlines the stylesheet.
    pub css_href: Option<String>,
    /// Links back up the archive (the index, the force's page), outermost first.
    pub up: Vec<FormatLink>,
    /// The same response in other languages.
    pub alternates: Vec<Alternate>,
    /// The response's progress page, beside the letter in the archive.
    pub progress: Option<String>,
    /// The letter as signed, kept beside a corrected one in the archive.
    pub as_signed: Option<FormatLink>,
}

/// A file size as people read it: "812 bytes", "38 KB", "1.2 MB".
pub fn human_size(bytes: usize) -> String {
    if bytes < 1000 {
        format!("{bytes} bytes")
    } else if bytes < 1_000_000 {
        format!("{} KB", (bytes + 500) / 1000)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

/// The templates, each compiled the first time it is used (with those it includes), ready to
/// render any number of documents: `s55 render` compiles the letter's three, not the archive's.
pub struct Renderer {
    /// One engine per template asked for, by the template's name, in [`Assets::templates`]'
    /// order.
    engines: Vec<OnceLock<std::result::Result<Tera, String>>>,
    css: String,
    assets: Assets,
    fonts: pdf::fonts::Fonts,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("assets", &self.assets.dir)
            .finish()
    }
}

/// Backslash-escapes Markdown punctuation in a value a Markdown template prints.
fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(crate::markup::escape_inline(input).as_bytes())
}

impl Renderer {
    /// Compiles the templates. A template that does not compile is an operational error that
    /// names the template (and, for an office's own, its file).
    pub fn new(assets: Assets) -> Result<Self> {
        let fonts = pdf::fonts::Fonts::load(assets.dir.as_deref())?;
        let renderer = Renderer {
            engines: assets.templates.iter().map(|_| OnceLock::new()).collect(),
            css: assets.css.clone(),
            assets,
            fonts,
        };
        // An office's own template is compiled at once, so that one that does not compile is
        // reported before anything is rendered; the built-in ones compile when first used.
        if let Some(dir) = &renderer.assets.dir {
            for (name, _) in &renderer.assets.templates {
                if dir.join(assets::file_name(name)).is_file() {
                    renderer.engine(name)?;
                }
            }
        }
        Ok(renderer)
    }

    /// The engine that renders the template `name`: it and every template it includes,
    /// compiled on first use. Markdown templates escape Markdown, the others HTML.
    fn engine(&self, name: &str) -> Result<&Tera> {
        let templates = &self.assets.templates;
        let Some(at) = templates.iter().position(|(n, _)| n == name) else {
            return Err(anyhow!("there is no template `{name}`"));
        };
        let compiled = self.engines[at].get_or_init(|| {
            let markdown = name.ends_with(".md");
            let mut engine = Tera::new();
            if markdown {
                engine.set_escape_fn(escape_markdown);
                engine.autoescape_on([".md"]);
            } else {
                engine.autoescape_on([".html", ".xml"]);
            }
            // The template and those it names in quotes (`include "fragment.html"`), and
            // theirs in turn, of the same kind.
            let mut wanted = vec![false; templates.len()];
            wanted[at] = true;
            let mut queue = vec![at];
            while let Some(i) = queue.pop() {
                let text = &templates[i].1;
                for (k, (other, _)) in templates.iter().enumerate() {
                    if !wanted[k]
                        && other.ends_with(".md") == markdown
                        && (text.contains(&format!("\"{other}\""))
                            || text.contains(&format!("'{other}'")))
                    {
                        wanted[k] = true;
                        queue.push(k);
                    }
                }
            }
            for (k, (n, text)) in templates.iter().enumerate() {
                if wanted[k] {
                    engine
                        .add_raw_template(n, text)
                        .map_err(|e| format!("{} does not compile:\n{e}", self.describe(n)))?;
                }
            }
            Ok(engine)
        });
        compiled.as_ref().map_err(|e| anyhow!("{e}"))
    }

    /// A template as errors name it: the office's file, or the built-in one.
    fn describe(&self, name: &str) -> String {
        match &self.assets.dir {
            Some(d) if d.join(assets::file_name(name)).is_file() => {
                format!(
                    "the template `{}`",
                    d.join(assets::file_name(name)).display()
                )
            }
            _ => format!("the built-in template `{name}`"),
        }
    }

    /// The assets the templates came from.
    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// A fingerprint of everything this renderer loaded: every template, the stylesheet, both
    /// locales and every font face, whichever came from the office's folder. Taken from the
    /// loaded values themselves, so nothing read for rendering can be left out of it.
    pub fn fingerprint(&self) -> String {
        let mut all = format!("{:?}", self.assets).into_bytes();
        for style in pdf::fonts::Style::ALL {
            all.extend_from_slice(crate::util::hash_hex(self.fonts.program(style)).as_bytes());
        }
        crate::util::hash_hex(&all)
    }

    /// The letter as Markdown.
    pub fn markdown(&self, view: &View) -> Result<String> {
        let ctx = Context::from_serialize(view).map_err(|e| anyhow!("{e}"))?;
        let text = budgeted(self.engine("letter.md")?, "letter.md", &ctx)?;
        Ok(tidy(&text))
    }

    /// The letter's Markdown as a PDF.
    pub fn pdf(&self, view: &View, markdown: &str) -> Result<pdf::Pdf> {
        pdf::render(view, markdown, &self.fonts)
    }

    /// The fonts the PDF is set in.
    pub fn fonts(&self) -> &pdf::fonts::Fonts {
        &self.fonts
    }

    /// The HTML of a letter's Markdown: a standalone page, or with `page.fragment` only the
    /// `<article>` for pasting into a CMS page.
    pub fn html(&self, view: &View, markdown: &str, page: &PageLinks) -> Result<String> {
        let mut ctx = Context::from_serialize(view).map_err(|e| anyhow!("{e}"))?;
        let signature = view.signature.image.as_ref().map(|i| {
            format!(
                "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\">",
                i.src,
                crate::util::xml_escape(&i.alt),
                i.width,
                i.height
            )
        });
        let body = html::to_html(
            markdown,
            &html::Words {
                table: view.t.get("table").map_or("", String::as_str),
                notes: view.t.get("notes").map_or("", String::as_str),
                back: view.t.get("note_back").map_or("", String::as_str),
                valediction: view.valediction.as_deref(),
                signature: signature.as_deref(),
                one_line: page.fragment,
            },
        );
        let body = if page.fragment && page.untitled {
            html::without_title(&body)
        } else {
            &body
        };
        ctx.insert_value("body_html", tera::Value::safe_string(body));
        ctx.insert_value("css", tera::Value::safe_string(&self.css));
        ctx.insert("formats", &page.formats);
        ctx.insert("css_href", &page.css_href);
        ctx.insert("up", &page.up);
        ctx.insert("alternates", &page.alternates);
        ctx.insert("progress_href", &page.progress);
        ctx.insert("as_signed", &page.as_signed);
        let name = if page.fragment {
            "fragment.html"
        } else {
            "page.html"
        };
        budgeted(self.engine(name)?, name, &ctx)
    }
}

impl Renderer {
    /// A page or file of the archive site: `index.html`, `feed.xml`, `sitemap.xml`.
    pub fn site(&self, name: &str, ctx: &Context) -> Result<String> {
        budgeted(self.engine(name)?, name, ctx)
    }

    /// The response `s55 new` prints, from values already quoted for YAML.
    pub fn scaffold(&self, ctx: &Context) -> Result<String> {
        budgeted(self.engine("new.yaml")?, "new.yaml", ctx)
    }
}

/// How long one template may take to write its output, and how much it may write: far
/// beyond any letter or archive page, so that only a runaway loop in an office's own
/// template meets them.
pub const TEMPLATE_TIME: std::time::Duration = std::time::Duration::from_secs(20);
/// See [`TEMPLATE_TIME`].
pub const TEMPLATE_BYTES: usize = 256 << 20;

/// Where a template writes: the text so far, refused once it passes [`TEMPLATE_BYTES`] or
/// [`TEMPLATE_TIME`]. Tera stops at a failed write, so a template whose loops run on is
/// stopped the next time it writes. (Tera has no hook to stop a loop that writes nothing;
/// its own `range()` holds each loop to 100,000 turns.) Tera writes a page in thousands of
/// pieces of a few bytes, so the clock is read every [`CLOCK_EVERY`] writes rather than at
/// each: a template that runs on still meets it within a few dozen writes of its time.
struct Budget {
    out: Vec<u8>,
    until: std::time::Instant,
    over: bool,
    /// Writes until the clock is read again.
    unclocked: u32,
}

/// How many of a template's writes go by between two readings of the clock (see [`Budget`]).
const CLOCK_EVERY: u32 = 64;

impl std::io::Write for Budget {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let late = if self.unclocked == 0 {
            self.unclocked = CLOCK_EVERY;
            std::time::Instant::now() > self.until
        } else {
            false
        };
        self.unclocked -= 1;
        if late || self.out.len() + buf.len() > TEMPLATE_BYTES {
            self.over = true;
            return Err(std::io::Error::other("the template's budget is spent"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders a template within its budget.
fn budgeted(engine: &Tera, name: &str, ctx: &Context) -> Result<String> {
    let mut budget = Budget {
        out: Vec::new(),
        until: std::time::Instant::now() + TEMPLATE_TIME,
        over: false,
        unclocked: 0,
    };
    let done = engine.render_to(name, ctx, &mut budget);
    if budget.over {
        return Err(anyhow!(
            "the template `{name}` ran for more than {} seconds or wrote more than {} MB: check \
             its loops (a loop inside another over every finding, or a long `range`)",
            TEMPLATE_TIME.as_secs(),
            TEMPLATE_BYTES >> 20
        ));
    }
    done.map_err(|e| anyhow!("the template `{name}` failed:\n{e}"))?;
    String::from_utf8(budget.out)
        .map_err(|_| anyhow!("the template `{name}` wrote bytes that are not text"))
}

/// Tidies the blank lines templates leave: at most one blank line in a row, no blank lines at
/// the start, one newline at the end. Blank lines carry no meaning in CommonMark outside code
/// blocks, and letters hold none.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() && blank_run > 0 {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod budget_tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_template_past_its_time_is_stopped_at_its_first_write() {
        let mut b = Budget {
            out: Vec::new(),
            until: Instant::now() - Duration::from_secs(1),
            over: false,
            unclocked: 0,
        };
        assert!(b.write(b"x").is_err());
        assert!(b.over);
        assert!(b.out.is_empty());
    }

    #[test]
    fn a_template_that_runs_past_its_time_is_stopped_within_the_writes_between_two_clock_readings()
    {
        // The clock was read in time; the time is then spent.
        let mut b = Budget {
            out: Vec::new(),
            until: Instant::now() - Duration::from_secs(1),
            over: false,
            unclocked: CLOCK_EVERY,
        };
        let written = (0..CLOCK_EVERY * 2)
            .take_while(|_| b.write(b"ab").is_ok())
            .count();
        assert_eq!(written, CLOCK_EVERY as usize);
        assert!(b.over);
        assert_eq!(b.out.len(), 2 * CLOCK_EVERY as usize);
    }

    #[test]
    fn a_template_in_its_time_writes_everything() {
        let mut b = Budget {
            out: Vec::new(),
            until: Instant::now() + TEMPLATE_TIME,
            over: false,
            unclocked: 0,
        };
        for _ in 0..1000 {
            b.write_all(b"abc").unwrap();
        }
        assert_eq!(b.out.len(), 3000);
        assert!(!b.over);
    }
}
