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

use crate::cli::{Format, ServeArgs};
use crate::diag::Severity;
use crate::render::pdf::write::{fnv, xml_escape as escape};
use crate::render::{Assets, PageLinks, Renderer};

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
        let mut found = Vec::new();
        // An unreadable folder lists nothing; the index says so.
        let _ = crate::archive::response_files(&self.root, &self.root, Path::new(""), &mut found);
        found.sort();
        found
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

/// Renders the page for one file as it is now.
fn page(state: &State, file: &Path) -> String {
    let version = version(&stamp(state));
    let checked = crate::check_file(file);
    let name = file.display().to_string();
    let source = checked.loaded.source.as_ref().map(|s| s.text.as_str());
    let problems: Vec<String> = checked
        .loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| escape(&d.render(&name, source, false)))
        .collect();
    let mut good = state.good(file);
    if let Some(doc) = &checked.loaded.response {
        let formats = [Format::Md, Format::Pdf, Format::Html];
        let page = PageLinks {
            fragment: true,
            ..PageLinks::default()
        };
        let rendered = match &checked.loaded.other {
            Some(second) => crate::render_bilingual(
                &state.renderer,
                doc,
                second,
                &checked.settings,
                "letter",
                &formats,
                page,
            ),
            None => crate::render_with(
                &state.renderer,
                doc,
                &checked.settings,
                "letter",
                &formats,
                page,
            ),
        };
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
    let errors = checked.has_errors();
    let css = &state.renderer.assets().css;
    let summary = if problems.is_empty() {
        "<p class=\"preview-ok\">No problems found.</p>".to_owned()
    } else {
        format!(
            "<p id=\"problems\"><strong>{}{}</strong></p>\n<pre class=\"preview-problems\">{}</pre>",
            crate::plural(problems.len(), "problem"),
            if errors {
                ": the letter below is the last version without errors"
            } else {
                ""
            },
            problems.join("\n")
        )
    };
    let back = if state.folder {
        "<p><a href=\"/\">All responses</a></p>\n"
    } else {
        ""
    };
    let body = format!(
        "<section class=\"preview\" aria-label=\"Preview\">\n{back}<p>Previewing <code>{name}</code>, refreshed on every save. <a href=\"letter.md\">Markdown</a> · <a href=\"letter.pdf\">PDF</a></p>\n{summary}\n</section>\n{}",
        good.html,
        name = escape(&name),
    );
    shell(&version, &name, css, &body)
}

/// The page around a preview: our stylesheet, the live-reload script and nothing from elsewhere.
fn shell(version: &str, name: &str, css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'\">\n<title>Preview: {}</title>\n<style>\n{css}\n.preview {{ border-bottom: 4px solid #1d4f91; margin-bottom: 2rem; }}\n.preview-problems {{ white-space: pre-wrap; background: #f3f2f1; padding: 1rem; font-size: 0.9rem; }}\n</style>\n<meta name=\"s55-version\" content=\"{version}\">\n<script src=\"/live.js\" defer></script>\n</head>\n<body>\n<main id=\"letter\">\n{body}\n</main>\n</body>\n</html>\n",
        escape(name)
    )
}

/// The first page for a folder: each response, with how many problems it has.
fn index(state: &State) -> String {
    let version = version(&stamp(state));
    let files = state.files();
    let mut rows = String::new();
    for rel in &files {
        let checked = crate::check_file(&state.root.join(rel));
        let diagnostics = &checked.loaded.diagnostics;
        let errors = crate::count(diagnostics, Severity::Error);
        let warnings = crate::count(diagnostics, Severity::Warning);
        let title = checked
            .loaded
            .response
            .as_ref()
            .map(|r| r.report.title.clone())
            .unwrap_or_default();
        rows.push_str(&format!(
            "<tr><td><a href=\"/r/{}/\"><code>{}</code></a></td><td>{}</td><td>{}</td></tr>\n",
            address(rel),
            escape(&rel.display().to_string()),
            escape(&title),
            if errors + warnings == 0 {
                "no problems".to_owned()
            } else {
                format!(
                    "{}, {}",
                    crate::plural(errors, "error"),
                    crate::plural(warnings, "warning")
                )
            }
        ));
    }
    let css = &state.renderer.assets().css;
    let name = escape(&state.root.display().to_string());
    let body = if files.is_empty() {
        "<p>There are no response files (<code>.yaml</code>) in this folder yet.</p>".to_owned()
    } else {
        format!(
            "<table>\n<caption>{}, refreshed on every save</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Response</th><th scope=\"col\">Problems</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>",
            crate::plural(files.len(), "response file")
        )
    };
    let body = format!("<h1>Responses in <code>{name}</code></h1>\n{body}");
    shell(&version, &state.root.display().to_string(), css, &body)
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

/// Runs the preview until it is stopped.
pub fn serve(args: &ServeArgs) -> Result<u8> {
    let root = args.path.clone();
    let folder = root.is_dir();
    if !folder && !root.is_file() {
        bail!(
            "`{}` is neither a response file nor a folder; name the .yaml file or the folder of responses to preview",
            root.display()
        );
    }
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    let port = listener.local_addr()?.port();
    let state = Arc::new(State {
        root,
        folder,
        renderer,
        good: Mutex::new(HashMap::new()),
    });
    // Render once at the start, so that the first page has a letter even if a save breaks it.
    if folder {
        for rel in state.files() {
            let _ = page(&state, &state.root.join(rel));
        }
    } else {
        let _ = page(&state, &state.root);
    }
    // Ctrl-C ends the preview with a word and a clean exit; nothing is left to tidy.
    let stopped = ctrlc::set_handler(|| {
        println!("Preview stopped.");
        let _ = std::io::stdout().flush();
        std::process::exit(i32::from(crate::EXIT_OK));
    });
    if let Err(e) = stopped {
        eprintln!("warning: Ctrl-C will stop the preview without a word ({e})");
    }
    println!(
        "Previewing {} at http://127.0.0.1:{port}/ (Ctrl-C stops)",
        state.root.display()
    );
    std::io::stdout().flush()?;
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = handle(stream, &state);
        });
    }
    Ok(crate::EXIT_OK)
}
