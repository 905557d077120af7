//! `s55 serve`: a live preview for drafting, on 127.0.0.1 only.
//!
//! The page shows the letter as it will be published, with the file's problems above it (line
//! numbers and all), and links to the Markdown and the PDF. It reloads by itself when the file
//! is saved: the page listens on `/events` (server-sent events) and the server looks at the
//! files four times a second. A save that breaks the file shows its errors and keeps the last
//! good letter below them. Given a folder, the first page lists its responses with their
//! problems, and each has its own preview under `/r/`. Nothing is written to disk; the preview
//! stops with Ctrl-C.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::diag::Severity;
use crate::model::Language;
use crate::render::{self, Assets, PageLinks, Renderer, format};
use crate::util::{fnv, xml_escape as escape};

/// The last good render of the file, kept to show under a broken save.
#[derive(Default, Clone)]
struct Good {
    html: String,
    markdown: Vec<u8>,
    pdf: Vec<u8>,
}

struct State {
    /// The file or folder named on the command line.
    root: PathBuf,
    /// Whether `root` is a folder of responses.
    folder: bool,
    renderer: Renderer,
    /// The last good render of each file.
    good: Mutex<HashMap<PathBuf, Good>>,
}

impl State {
    /// The response files being previewed, relative to the folder (or the one file).
    fn files(&self) -> Vec<PathBuf> {
        if !self.folder {
            return vec![self.root.clone()];
        }
        // An unreadable folder lists nothing; the index says so.
        crate::folder::response_files(&self.root, Path::new("")).unwrap_or_default()
    }

    /// The file behind a preview address in a folder, only if it is one of the responses.
    fn file_at(&self, rel: &str) -> Option<PathBuf> {
        let rel = PathBuf::from(unescape(rel));
        self.files().contains(&rel).then(|| self.root.join(rel))
    }

    fn good(&self, file: &Path) -> Good {
        self.good
            .lock()
            .ok()
            .and_then(|g| g.get(file).cloned())
            .unwrap_or_default()
    }
}

/// The script the page loads (from us: the page allows scripts from its own origin only).
/// It passes on the version of the files the page was made from, so that a save between the
/// page loading and the script connecting still reloads it.
const LIVE_JS: &str = "var v = document.querySelector('meta[name=\"s55-version\"]');\nnew EventSource('/events?v=' + (v ? v.content : '')).onmessage = function () { location.reload(); };\n";

/// An address segment for a file name: letters, digits and `-._/` as they are, the rest as
/// `%XX` bytes.
fn address(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The file name in an address, with `%XX` bytes decoded.
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The context every preview page shares: the wording, the stylesheet, the version shown.
fn base_context(state: &State, name: &str) -> tera::Context {
    let locale = state.renderer.assets().locale(Language::En);
    let mut ctx = tera::Context::new();
    ctx.insert("t", &locale.labels);
    ctx.insert("css", &state.renderer.assets().css);
    ctx.insert("version", &version(&stamp(state)));
    ctx.insert("name", name);
    ctx.insert("folder", &state.folder);
    ctx.insert("index", &false);
    ctx
}

/// Renders a preview page, or says what broke in a line of plain HTML.
fn site_page(state: &State, ctx: &tera::Context) -> String {
    state
        .renderer
        .site("preview.html", ctx)
        .unwrap_or_else(|e| {
            format!(
                "<!DOCTYPE html>\n<pre>{}</pre>\n",
                escape(&format!("{e:#}"))
            )
        })
}

/// Renders the page for one file as it is now.
fn page(state: &State, file: &Path) -> String {
    let checked = crate::check::check_file(file);
    let name = file.display().to_string();
    let source = checked.loaded.source.as_ref().map(|s| s.text.as_str());
    let problems: Vec<String> = checked
        .loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.render(&name, source, false))
        .collect();
    let mut good = state.good(file);
    if let Some(editions) = &checked.loaded.editions {
        let page = PageLinks {
            fragment: true,
            ..PageLinks::default()
        };
        let formats = format::all();
        let rendered = render::render(
            &state.renderer,
            editions,
            &checked.settings,
            "letter",
            &formats,
            page,
        );
        if let Ok(r) = rendered {
            for (file, bytes) in r.files {
                match file.as_str() {
                    "letter.md" => good.markdown = bytes,
                    "letter.pdf" => good.pdf = bytes,
                    "letter.html" => good.html = String::from_utf8_lossy(&bytes).into_owned(),
                    _ => {}
                }
            }
            if let Ok(mut g) = state.good.lock() {
                g.insert(file.to_path_buf(), good.clone());
            }
        }
    }
    let locale = state.renderer.assets().locale(Language::En);
    let mut summary = locale.count("preview_problems", "n", problems.len() as i64);
    if checked.has_errors() {
        summary.push_str(locale.label("preview_stale"));
    }
    let mut ctx = base_context(state, &name);
    ctx.insert("problems", &problems);
    ctx.insert("summary", &summary);
    ctx.insert("letter", &good.html);
    site_page(state, &ctx)
}

/// One response of a folder in the list.
#[derive(serde::Serialize)]
struct IndexRow {
    address: String,
    file: String,
    title: String,
    problems: String,
}

/// The first page for a folder: each response, with how many problems it has.
fn index(state: &State) -> String {
    let locale = state.renderer.assets().locale(Language::En);
    let files = state.files();
    let rows: Vec<IndexRow> = files
        .iter()
        .map(|rel| {
            let checked = crate::check::check_file(&state.root.join(rel));
            let diagnostics = &checked.loaded.diagnostics;
            let n = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as i64;
            let (errors, warnings) = (n(Severity::Error), n(Severity::Warning));
            let problems = if errors + warnings == 0 {
                locale.label("preview_no_problems").to_owned()
            } else {
                locale
                    .label("preview_counts")
                    .replace("{errors}", &locale.count("preview_errors", "n", errors))
                    .replace(
                        "{warnings}",
                        &locale.count("preview_warnings", "n", warnings),
                    )
            };
            IndexRow {
                address: address(rel),
                file: rel.display().to_string(),
                title: checked
                    .loaded
                    .editions
                    .as_ref()
                    .map(|e| e.first().report.title.clone())
                    .unwrap_or_default(),
                problems,
            }
        })
        .collect();
    let mut ctx = base_context(state, &state.root.display().to_string());
    ctx.insert("index", &true);
    ctx.insert(
        "caption",
        &locale.count("preview_files", "n", files.len() as i64),
    );
    ctx.insert("rows", &rows);
    site_page(state, &ctx)
}

/// A short name for a stamp, written into the page.
fn version(stamp: &Stamp) -> String {
    format!("{:016x}", fnv(0, format!("{stamp:?}").as_bytes()))
}

/// Each watched file and a hash of its bytes (`None` while it does not exist).
type Stamp = Vec<(PathBuf, Option<u64>)>;

/// What identifies the files' contents, and the office settings that apply to them, to notice
/// a save, a new file or a removed one. Settings are looked for as `s55 check` looks for
/// them: `s55.yaml` in a response's folder or any folder above.
fn stamp(state: &State) -> Stamp {
    let files: Vec<PathBuf> = if state.folder {
        state.files().iter().map(|f| state.root.join(f)).collect()
    } else {
        vec![state.root.clone()]
    };
    let mut watched = files.clone();
    for file in &files {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        watched.extend(
            file.ancestors()
                .skip(1)
                .map(|d| d.join(crate::settings::FILE)),
        );
    }
    watched.sort();
    watched.dedup();
    watched
        .into_iter()
        .map(|file| {
            let hash = std::fs::read(&file).ok().map(|b| fnv(0, &b));
            (file, hash)
        })
        .collect()
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

fn handle(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // The rest of the request's head is not needed.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let html = "text/html; charset=utf-8";
    match path {
        "/live.js" => respond(&mut stream, "200 OK", "text/javascript", LIVE_JS.as_bytes()),
        "/events" => {
            // What the page shows is what is on disk now; announce watching only after that.
            let mut last = stamp(state);
            let seen = target
                .split_once("?v=")
                .map(|(_, v)| v.split('&').next().unwrap_or(v));
            let behind = seen.is_some_and(|v| v != version(&last));
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: watching\n\n"
            )?;
            if behind {
                // Saved after the page was made and before it listened.
                stream.write_all(b"data: reload\n\n")?;
            }
            stream.flush()?;
            for tick in 1u64.. {
                std::thread::sleep(Duration::from_millis(250));
                let now = stamp(state);
                if now != last {
                    last = now;
                    stream.write_all(b"data: reload\n\n")?;
                    stream.flush()?;
                } else if tick % 60 == 0 {
                    // A comment every 15 seconds: a closed tab fails the write and frees the thread.
                    stream.write_all(b": still watching\n\n")?;
                    stream.flush()?;
                }
            }
            Ok(())
        }
        "/" | "/index.html" if state.folder => {
            respond(&mut stream, "200 OK", html, index(state).as_bytes())
        }
        _ => {
            // One response's page and its files: at the top for a file, under /r/ in a folder.
            let (file, rest) = if state.folder {
                let Some(inner) = path.strip_prefix("/r/") else {
                    return not_found(&mut stream);
                };
                let Some((rel, rest)) = inner.rsplit_once('/') else {
                    return not_found(&mut stream);
                };
                match state.file_at(rel) {
                    Some(file) => (file, rest),
                    None => return not_found(&mut stream),
                }
            } else {
                (state.root.clone(), path.trim_start_matches('/'))
            };
            match rest {
                "" | "index.html" => {
                    respond(&mut stream, "200 OK", html, page(state, &file).as_bytes())
                }
                "letter.md" => respond(
                    &mut stream,
                    "200 OK",
                    "text/markdown; charset=utf-8",
                    &state.good(&file).markdown,
                ),
                "letter.pdf" => respond(
                    &mut stream,
                    "200 OK",
                    "application/pdf",
                    &state.good(&file).pdf,
                ),
                _ => not_found(&mut stream),
            }
        }
    }
}

fn not_found(stream: &mut TcpStream) -> std::io::Result<()> {
    respond(stream, "404 Not Found", "text/plain", b"not found\n")
}

/// A preview, listening and ready to answer.
pub struct Preview {
    listener: TcpListener,
    state: Arc<State>,
}

impl Preview {
    /// Opens the preview of a response file or a folder of them on 127.0.0.1:`port` (0 picks
    /// a free port), with the office's templates if given, and renders each response once so
    /// that the first page has a letter even if a save breaks it.
    pub fn open(path: &Path, port: u16, templates: Option<&Path>) -> Result<Preview> {
        let root = path.to_path_buf();
        let folder = root.is_dir();
        if !folder && !root.is_file() {
            bail!(
                "`{}` is neither a response file nor a folder; name the .yaml file or the folder of responses to preview",
                root.display()
            );
        }
        let renderer = Renderer::new(Assets::load(templates)?)?;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let state = Arc::new(State {
            root,
            folder,
            renderer,
            good: Mutex::new(HashMap::new()),
        });
        if folder {
            for rel in state.files() {
                let _ = page(&state, &state.root.join(rel));
            }
        } else {
            let _ = page(&state, &state.root);
        }
        Ok(Preview { listener, state })
    }

    /// The address it listens on.
    pub fn address(&self) -> Result<std::net::SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Answers requests, one thread each, until the process is stopped.
    pub fn run(self) {
        for stream in self.listener.incoming().flatten() {
            let state = Arc::clone(&self.state);
            std::thread::spawn(move || {
                let _ = handle(stream, &state);
            });
        }
    }
}
