//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of running the real `s55` binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `s55` with a scrubbed environment (no colour settings, no terminal) in `cwd`.
pub fn s55(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .output()
        .expect("the s55 binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh, empty folder for one test, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("s55-it-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads, checks and renders a response file in process: (Markdown, HTML page).
pub fn render(path: &Path) -> (String, String) {
    let checked = s55::check_file(path);
    // The first edition alone: a bilingual document has its own tests.
    let first = checked.loaded.editions.as_ref().unwrap_or_else(|| {
        panic!(
            "{} has errors: {:#?}",
            path.display(),
            checked.loaded.diagnostics
        )
    });
    let editions = s55::model::Editions::one(first.first().clone());
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().expect("assets"))
        .expect("templates compile");
    let out = s55::render::render(
        &renderer,
        &editions,
        &checked.settings,
        "letter",
        &s55::render::format::by_names(&["md", "html"]),
        s55::render::PageLinks::default(),
    )
    .expect("renders");
    let text = |i: usize| String::from_utf8(out.files[i].1.clone()).expect("utf-8");
    (text(0), text(1))
}

/// Loads, checks and renders a response file (all its editions) in one format, in process:
/// the first file's bytes.
pub fn rendered(path: &Path, format: &str) -> Vec<u8> {
    let checked = s55::check_file(path);
    let editions = checked.loaded.editions.as_ref().expect("no errors");
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().expect("assets"))
        .expect("templates compile");
    let out = s55::render::render(
        &renderer,
        editions,
        &checked.settings,
        "letter",
        &s55::render::format::by_names(&[format]),
        s55::render::PageLinks::default(),
    )
    .expect("renders");
    out.files[0].1.clone()
}

/// The visible text of an HTML document: tags dropped, entities decoded, the head left out.
pub fn html_text(html: &str) -> String {
    let body = html.split("</head>").last().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of a Markdown document as a reader sees it: markup dropped, breaks as spaces.
pub fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for e in Parser::new_ext(md, s55::markup::options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) | Event::Start(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Collapses every run of white space (non-breaking spaces included) to one space.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
