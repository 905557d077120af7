//! The office's desk: `s55 serve`'s pages under `/desk/`, where an officer drafts, checks,
//! exchanges and publishes a response in the browser, without touching YAML.
//!
//! Each response is an ordinary HTML form of its fields ([`form`]), each control named by
//! its field path as the Word form tags it. Saving writes the YAML in place through the same
//! editor as the Word round trip ([`crate::load::edit`], and [`crate::load::edit_list`] for
//! entries added, removed or moved), so the office's comments and layout stay; every save is
//! checked, and its problems are shown beside the fields they concern. The cycle around it
//! ([`cycle`]) calls the library behind each command: a new response from pasted or uploaded
//! findings, the Word form out and back, final, the archive, the covering e-mails, progress.
//!
//! Policy ([`guard`]): on top of the preview's (127.0.0.1 only, its own `Host`), every post
//! carries the page's per-session token in a hidden field `token` and comes from the desk's
//! own origin (`Origin`, else `Referer`), or it is refused with 403 and nothing changes; a
//! file changed on disk since its page was made is never overwritten ([`save`]); uploads are
//! bounded by the server and read with the importers' own limits; files are written only
//! into the folder served. It works without JavaScript (forms post and the page comes back);
//! its own small script saves as the officer types and shows the letter beside the form.

mod cycle;
mod form;
mod guard;
mod pages;
mod save;
mod session;
mod upload;
mod words;

use std::net::TcpStream;
use std::path::{Path, PathBuf};

use super::State;
use super::http::{Request, respond_with};
use words::Words;

/// The desk's stylesheet, after the letter's own.
const CSS: &str = include_str!("../../../templates/desk/desk.css");
/// The desk's script: saving as the officer types, the letter beside the form.
const JS: &str = include_str!("../../../templates/desk/desk.js");

/// Whether an address is the desk's.
pub fn is_desk(path: &str) -> bool {
    path == "/desk" || path.starts_with("/desk/")
}

/// Headers every desk page carries: no other site may frame it (its buttons carry the
/// token), and nothing is loaded from elsewhere.
const PAGE_HEADERS: [(&str, &str); 3] = [
    ("X-Frame-Options", "DENY"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("Referrer-Policy", "same-origin"),
];

/// What the desk answers: a status, a media type and a body.
pub struct Answer {
    status: &'static str,
    kind: &'static str,
    body: Vec<u8>,
    /// A download's file name.
    download: Option<String>,
}

impl Answer {
    fn html(status: &'static str, body: String) -> Answer {
        Answer {
            status,
            kind: "text/html; charset=utf-8",
            body: body.into_bytes(),
            download: None,
        }
    }

    fn json(status: &'static str, value: &serde_json::Value) -> Answer {
        Answer {
            status,
            kind: "application/json",
            body: value.to_string().into_bytes(),
            download: None,
        }
    }
}

/// The response file behind a desk address's name, only if it is one of those served.
fn file_at(state: &State, rel: &str) -> Option<PathBuf> {
    if state.folder {
        state.file_at(rel)
    } else {
        let name = state.root.file_name()?.to_string_lossy().into_owned();
        (super::unescape(rel) == name).then(|| state.root.clone())
    }
}

/// The name a response goes by in the desk's addresses.
fn rel_name(state: &State, file: &Path) -> String {
    if state.folder {
        file.strip_prefix(&state.root)
            .unwrap_or(file)
            .display()
            .to_string()
    } else {
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Answers a request for a desk address.
pub fn answer(stream: &mut TcpStream, state: &State, request: &Request) -> std::io::Result<()> {
    let words = Words::builtin();
    let path = request.target.split('?').next().unwrap_or("/");
    let a = route(state, request, path, &words);
    let mut headers: Vec<(&str, &str)> = PAGE_HEADERS.to_vec();
    let disposition;
    if let Some(name) = &a.download {
        disposition = format!("attachment; filename=\"{name}\"");
        headers.push(("Content-Disposition", &disposition));
    }
    respond_with(
        stream,
        request.head_only,
        a.status,
        a.kind,
        &headers,
        &a.body,
    )
}

fn route(state: &State, request: &Request, path: &str, words: &Words) -> Answer {
    if !request.post {
        return match path {
            "/desk" | "/desk/" => Answer::html("200 OK", pages::index(state, words, None)),
            "/desk/desk.css" => Answer {
                status: "200 OK",
                kind: "text/css; charset=utf-8",
                body: format!("{}\n{CSS}", state.renderer.assets().css).into_bytes(),
                download: None,
            },
            "/desk/desk.js" => Answer {
                status: "200 OK",
                kind: "text/javascript; charset=utf-8",
                body: JS.as_bytes().to_vec(),
                download: None,
            },
            _ => match response_route(state, path) {
                Some((file, "")) => Answer::html(
                    "200 OK",
                    pages::response(state, &file, words, pages::Shown::default()),
                ),
                Some((file, rest)) if rest.starts_with("form/") => {
                    cycle::form_download(state, &file, rest)
                }
                _ => not_found(),
            },
        };
    }
    // Every post: the page's token and the desk's own origin, or nothing happens.
    let fields = match guard::check(state, request, words) {
        Ok(fields) => fields,
        Err(refusal) => return refusal,
    };
    match path {
        "/desk/new" => cycle::create(state, &fields, words),
        "/desk/build" => cycle::build(state, words),
        "/desk/publish" => cycle::publish(state, &fields, words),
        _ => match response_route(state, path) {
            Some((file, "save")) => save::save(state, &file, &fields, words),
            Some((file, "final")) => save::finalise(state, &file, &fields, words),
            Some((file, "progress")) => save::progress(state, &file, &fields, words),
            Some((file, "form")) => cycle::form_upload(state, &file, &fields, words),
            Some((file, "form/apply")) => cycle::form_apply(state, &file, &fields, words),
            Some((file, "emails")) => cycle::emails(state, &file, words),
            _ => not_found(),
        },
    }
}

/// A response's address, `/desk/r/NAME/ACTION`: its file and the action.
fn response_route<'a>(state: &State, path: &'a str) -> Option<(PathBuf, &'a str)> {
    let inner = path.strip_prefix("/desk/r/")?;
    // The name may hold folders; the action is what follows the `.yaml` (or `.yml`) name.
    let at = [".yaml/", ".yml/"]
        .iter()
        .filter_map(|ext| inner.find(ext).map(|i| i + ext.len() - 1))
        .min()?;
    let (rel, rest) = inner.split_at(at);
    let file = file_at(state, rel)?;
    Some((file, rest.trim_start_matches('/')))
}

fn not_found() -> Answer {
    Answer {
        status: "404 Not Found",
        kind: "text/plain; charset=utf-8",
        body: b"not found\n".to_vec(),
        download: None,
    }
}

/// A value of a posted form (the last, when given twice).
fn field<'a>(fields: &'a [(String, upload::Value)], name: &str) -> Option<&'a upload::Value> {
    fields.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// A text value of a posted form, with the browser's line ends made the file's.
fn text_field(fields: &[(String, upload::Value)], name: &str) -> Option<String> {
    field(fields, name).and_then(|v| v.text().map(|t| t.replace("\r\n", "\n")))
}

/// Whether the post came from the desk's script, which wants JSON back.
fn from_script(fields: &[(String, upload::Value)]) -> bool {
    text_field(fields, "js").as_deref() == Some("1")
}
