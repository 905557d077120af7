//! `s55 serve`: a live preview for drafting, on 127.0.0.1 only.
//!
//! The page shows the letter as it will be published, with the file's problems above it (line
//! numbers and all), and links to the Markdown and the PDF. It reloads by itself when the file
//! is saved: the page listens on `/events` (server-sent events), and one watcher, told of
//! each save by the system, tells every page ([`watch`]). A save that breaks the file shows
//! its errors and keeps the last good letter below them. Given a folder, the first page lists
//! its responses with their problems, and each has its own preview under `/r/`. Nothing is
//! written to disk; the preview stops with Ctrl-C.
//!
//! A letter is rendered only when its page is asked for, once per change whatever the number
//! of requests: the result is kept by the hash of the file's bytes and its settings, for the
//! last few letters shown ([`RENDERED_KEPT`]), and one render runs at a time, so parallel
//! requests for a large file wait for the one render rather than each making their own. A
//! folder's list reads only what it shows of each response ([`list`]), so a folder of
//! thousands opens at once. What the server answers, and to whom, is [`http`]'s policy.

mod desk;
mod http;
mod list;
mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::diag::Severity;
use crate::model::Language;
use crate::render::{self, Assets, PageLinks, Renderer, format};
use crate::util::{fnv, xml_escape as escape};
use http::{Request, respond};
use watch::{Hashes, Watch};

/// The last good render of the file, kept to show under a broken save.
#[derive(Default, Clone)]
struct Good {
    /// The page's letter, as an `<article>` to show inside the preview's page.
    html: String,
    /// The letter in each other format.
    files: Vec<(&'static dyn format::Format, Vec<u8>)>,
}

/// One file as checked and rendered, for one content of it and its settings.
#[derive(Default)]
struct View {
    /// The problems, each rendered with its source line.
    problems: Vec<String>,
    errors: i64,
    /// The letter: this version's, or the last good one under a broken save.
    good: Good,
    /// The formats its page links to beside the letter, as the archive offers them.
    offered: Vec<&'static dyn format::Format>,
}

struct State {
    /// The file or folder named on the command line.
    root: PathBuf,
    /// Whether `root` is a folder of responses.
    folder: bool,
    /// Whether links leaving the folder are read.
    follow_links: bool,
    renderer: Renderer,
    /// The port listened on, which requests must name.
    port: u16,
    /// Each file's view, with the hash of what it was made from.
    views: Mutex<HashMap<PathBuf, (u64, Arc<View>)>>,
    /// The files whose letters are kept rendered, the one shown last at the end: at most
    /// [`RENDERED_KEPT`], so that a preview clicked through a thousand letters stays small.
    rendered: Mutex<std::collections::VecDeque<PathBuf>>,
    /// The folder's list: each response's row, read lightly and kept while it is unchanged.
    listing: Arc<list::Listing>,
    /// Held while checking and rendering: one render at a time bounds the memory it takes.
    rendering: Mutex<()>,
    /// The files' version, kept by the watcher.
    watch: Arc<Watch>,
    /// Connections held now.
    connections: AtomicUsize,
    /// Connections that can be let go for a newcomer: those still sending their request, and
    /// the pages' event streams, each by the order it came in.
    held: Held,
}

/// Connections that can be let go to make room, oldest first: so that idle connections or
/// endless event streams, however many, never lock a page's request out. Each is told by a
/// flag it looks at (a copy of its socket would take another file handle for every
/// connection).
#[derive(Default)]
struct Held {
    next: std::sync::atomic::AtomicU64,
    waiting: Mutex<std::collections::BTreeMap<u64, Arc<AtomicBool>>>,
    events: Mutex<std::collections::BTreeMap<u64, Arc<AtomicBool>>>,
}

type Flags = Mutex<std::collections::BTreeMap<u64, Arc<AtomicBool>>>;

impl Held {
    /// A number for a new connection, in the order they come.
    fn id(&self) -> u64 {
        self.next.fetch_add(1, Ordering::SeqCst)
    }

    /// Holds connection `id` in `list`: the flag that lets it go.
    fn hold(list: &Flags, id: u64) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Ok(mut l) = list.lock() {
            l.insert(id, Arc::clone(&flag));
        }
        flag
    }

    fn release(list: &Flags, id: u64) {
        if let Ok(mut l) = list.lock() {
            l.remove(&id);
        }
    }

    /// Lets the oldest connection of `list` go; whether there was one.
    fn let_go_oldest(list: &Flags) -> bool {
        let oldest = list.lock().ok().and_then(|mut l| l.pop_first());
        match oldest {
            Some((_, flag)) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    /// Makes room for a newcomer: the oldest connection still sending its request, else the
    /// oldest event stream (its page listens again when it is next shown); whether one was
    /// let go.
    fn make_room(&self) -> bool {
        Self::let_go_oldest(&self.waiting) || Self::let_go_oldest(&self.events)
    }

    fn len(list: &Flags) -> usize {
        list.lock().map_or(0, |l| l.len())
    }
}

impl State {
    /// The response files being previewed, relative to the folder (or the one file).
    fn files(&self) -> Vec<PathBuf> {
        if !self.folder {
            return vec![self.root.clone()];
        }
        // An unreadable folder lists nothing; the index says so.
        crate::folder::response_files(&self.root, Path::new(""), self.follow_links)
            .map(|l| l.files)
            .unwrap_or_default()
    }

    /// The file behind a preview address in a folder, only if it is one of the responses.
    fn file_at(&self, rel: &str) -> Option<PathBuf> {
        let rel = PathBuf::from(unescape(rel));
        self.files().contains(&rel).then(|| self.root.join(rel))
    }

    /// The file's view as it is now: from the cache when neither it nor its settings have
    /// changed, checked and rendered otherwise.
    fn view(&self, file: &Path) -> Arc<View> {
        let bytes = crate::load::read_input(file);
        let found = crate::settings::Settings::for_file(file);
        let key = match (&bytes, &found) {
            (Ok(b), Ok(f)) => view_key(b, &f.settings),
            // Unreadable: nothing to keep, so nothing to match.
            _ => 0,
        };
        let cached = |views: &HashMap<PathBuf, (u64, Arc<View>)>| {
            views
                .get(file)
                .filter(|(k, _)| *k == key && key != 0)
                .map(|(_, v)| Arc::clone(v))
        };
        if let Some(v) = self.views.lock().ok().and_then(|v| cached(&v)) {
            return v;
        }
        let _one = self.rendering.lock();
        // Another request may have rendered it while this one waited.
        if let Some(v) = self.views.lock().ok().and_then(|v| cached(&v)) {
            return v;
        }
        let previous = self
            .views
            .lock()
            .ok()
            .and_then(|v| v.get(file).map(|(_, v)| v.good.clone()))
            .unwrap_or_default();
        let view = Arc::new(make_view(self, file, bytes, found, previous));
        if let Ok(mut views) = self.views.lock() {
            views.insert(file.to_path_buf(), (key, Arc::clone(&view)));
            self.keep_rendered(file, &mut views);
        }
        view
    }

    /// Records `file` as the letter shown last, and forgets the letters shown longest ago
    /// beyond [`RENDERED_KEPT`] (their pages render them again when asked for; a broken
    /// save of one of them shows its problems without a letter below them).
    fn keep_rendered(&self, file: &Path, views: &mut HashMap<PathBuf, (u64, Arc<View>)>) {
        let Ok(mut recent) = self.rendered.lock() else {
            return;
        };
        recent.retain(|f| f != file);
        recent.push_back(file.to_path_buf());
        while recent.len() > RENDERED_KEPT {
            if let Some(old) = recent.pop_front() {
                views.remove(&old);
            }
        }
    }

    /// The response files, as paths.
    fn responses(&self) -> Vec<PathBuf> {
        if self.folder {
            self.files().iter().map(|f| self.root.join(f)).collect()
        } else {
            vec![self.root.clone()]
        }
    }

    /// Every file the preview watches: the responses and the settings that apply to them
    /// (`s55.yaml` in a response's folder or any folder above, as `s55 check` finds them).
    fn watched(&self) -> Vec<PathBuf> {
        let files = self.responses();
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
    }
}

/// How many rendered letters the preview keeps, the last shown: each holds its page, PDF
/// and Word document (a few hundred kilobytes for a real letter).
const RENDERED_KEPT: usize = 8;

/// What a file's view is kept by: the hash of its bytes and of its settings.
fn view_key(bytes: &[u8], settings: &crate::settings::Settings) -> u64 {
    fnv(fnv(0, bytes), format!("{settings:?}").as_bytes())
}

/// Checks one file's bytes as read, and renders its letter.
fn make_view(
    state: &State,
    file: &Path,
    bytes: Result<Vec<u8>, crate::diag::Diagnostic>,
    found: Result<crate::settings::Found, Box<crate::settings::Broken>>,
    mut good: Good,
) -> View {
    let name = file.display().to_string();
    let (loaded, settings) = match (bytes, found) {
        (_, Err(broken)) => (
            crate::check::broken_settings(*broken),
            crate::settings::Settings::default(),
        ),
        (Err(d), Ok(_)) => (
            crate::check::diagnostics_only(vec![d]),
            crate::settings::Settings::default(),
        ),
        (Ok(b), Ok(f)) => {
            let mut loaded = crate::load::load_bytes(&name, &b, f.settings.defaults());
            crate::check::check_loaded(&mut loaded, &f.settings);
            (loaded, f.settings)
        }
    };
    let source = loaded.source.as_ref().map(|s| s.text.as_str());
    let shown = loaded
        .source
        .as_ref()
        .map_or(name.as_str(), |s| s.name.as_str());
    let lines = source.map(crate::diag::Lines::new);
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.render_in(shown, source, lines.as_ref(), false))
        .collect();
    let count = |s: Severity| {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count() as i64
    };
    let mut view = View {
        problems,
        errors: count(Severity::Error),
        good: Good::default(),
        offered: offered(&settings),
    };
    if let Some(editions) = &loaded.editions {
        let page = PageLinks {
            fragment: true,
            ..PageLinks::default()
        };
        let formats = &view.offered;
        let rendered = render::render(&state.renderer, editions, &settings, STEM, formats, page);
        if let Ok(r) = rendered {
            // A bilingual response's editions have their own files too; the preview shows
            // the bilingual document, in each format: the first file of each.
            let mut files = Vec::new();
            for (f, (_, bytes)) in formats.iter().zip(r.files) {
                if f.is_page() {
                    good.html = String::from_utf8_lossy(&bytes).into_owned();
                } else {
                    files.push((*f, bytes));
                }
            }
            good.files = files;
        }
    }
    view.good = good;
    view
}

/// The formats a letter is offered in, as the archive offers them: those written by
/// default, then those the office adds with its `downloads` setting, each once.
fn offered(settings: &crate::settings::Settings) -> Vec<&'static dyn format::Format> {
    let mut formats = format::defaults();
    for d in &settings.downloads {
        if let Some(f) = format::by_name(d.format())
            && !formats.iter().any(|g| g.name() == f.name())
        {
            formats.push(f);
        }
    }
    formats
}

/// The name the preview gives the letter's files (`letter.pdf`).
const STEM: &str = "letter";

/// The script the page loads (from us: the page allows scripts from its own origin only).
/// It passes on the version of the files the page was made from, so that a save between the
/// page loading and the script connecting still reloads it.
const LIVE_JS: &str = "var v = document.querySelector('meta[name=\"s55-version\"]');\nnew EventSource('/events?v=' + (v ? v.content : '')).onmessage = function () { location.reload(); };\n";

/// What an address segment keeps as it is: letters, digits and `-._/`; the rest is written
/// as `%XX` bytes.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'/');

/// An address segment for a file name.
fn address(path: &Path) -> String {
    percent_encoding::utf8_percent_encode(&path.to_string_lossy(), SEGMENT).to_string()
}

/// The file name in an address, with `%XX` bytes decoded.
fn unescape(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The context every preview page shares: the wording, the stylesheet, the version shown.
fn base_context(state: &State, name: &str) -> tera::Context {
    let locale = state.renderer.assets().locale(Language::En);
    let mut ctx = tera::Context::new();
    ctx.insert("t", &locale.labels);
    ctx.insert("css", &state.renderer.assets().css);
    ctx.insert("version", &state.watch.version());
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
    let view = state.view(file);
    let locale = state.renderer.assets().locale(Language::En);
    let mut summary = locale.count("preview_problems", "n", view.problems.len() as i64);
    if view.errors > 0 {
        summary.push_str(locale.label("preview_stale"));
    }
    let mut ctx = base_context(state, &file.display().to_string());
    ctx.insert("problems", &view.problems);
    ctx.insert("summary", &summary);
    ctx.insert("letter", &view.good.html);
    // The letter's other formats, as the registry names them, in the archive's order.
    let downloads: Vec<render::FormatLink> = view
        .offered
        .iter()
        .filter(|f| !f.is_page())
        .map(|f| render::FormatLink {
            label: f.label().to_owned(),
            href: format!("{STEM}.{}", f.extension()),
            ..render::FormatLink::default()
        })
        .collect();
    ctx.insert("downloads", &downloads);
    site_page(state, &ctx)
}

/// One response of a folder in the list.
#[derive(serde::Serialize)]
struct IndexRow {
    address: String,
    file: String,
    title: String,
    force: String,
    published: String,
    problems: String,
}

/// The first page for a folder: each response, with its force, its report's day of
/// publication and how many problems it has (or that it is being checked, on a large
/// folder's first list: the page reloads when the checks are done).
fn index(state: &State) -> String {
    let locale = state.renderer.assets().locale(Language::En);
    // The version before the list is read: checks that end while it is made reload it.
    let version = state.watch.version();
    let files = state.files();
    let paths: Vec<PathBuf> = files.iter().map(|f| state.root.join(f)).collect();
    let rows: Vec<IndexRow> = list::rows(state, &paths)
        .into_iter()
        .zip(&files)
        .map(|(row, rel)| {
            let problems = match row.problems {
                None => locale.label("preview_checking").to_owned(),
                Some((0, 0)) => locale.label("preview_no_problems").to_owned(),
                Some((errors, warnings)) => locale
                    .label("preview_counts")
                    .replace(
                        "{errors}",
                        &locale.count("preview_errors", "n", errors as i64),
                    )
                    .replace(
                        "{warnings}",
                        &locale.count("preview_warnings", "n", warnings as i64),
                    ),
            };
            IndexRow {
                address: address(rel),
                file: rel.display().to_string(),
                title: row.title,
                force: row.force,
                published: row.published,
                problems,
            }
        })
        .collect();
    let mut ctx = base_context(state, &state.root.display().to_string());
    ctx.insert("version", &version);
    ctx.insert("index", &true);
    ctx.insert(
        "caption",
        &locale.count("preview_files", "n", files.len() as i64),
    );
    ctx.insert("rows", &rows);
    site_page(state, &ctx)
}

/// Answers one connection: reads its request within the limits, then answers it.
fn handle(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_write_timeout(Some(http::WRITE_TIME))?;
    let id = state.held.id();
    let waiting = Held::hold(&state.held.waiting, id);
    let read = http::read_request(&mut stream, state.port, &waiting);
    Held::release(&state.held.waiting, id);
    let request = match read {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(()),
        Err(refusal) => {
            return respond(
                &mut stream,
                false,
                refusal.status,
                "text/plain; charset=utf-8",
                refusal.body.as_bytes(),
            );
        }
    };
    let target = request.target.as_str();
    let path = target.split('?').next().unwrap_or("/");
    let head = request.head_only;
    let html = "text/html; charset=utf-8";
    // The office's desk: its forms, under /desk/.
    if desk::is_desk(path) {
        return desk::answer(&mut stream, state, &request);
    }
    match path {
        "/live.js" => respond(
            &mut stream,
            head,
            "200 OK",
            "text/javascript",
            LIVE_JS.as_bytes(),
        ),
        "/events" => {
            // A few pages listen at once; past [`http::MAX_EVENTS`], the oldest lets go.
            while Held::len(&state.held.events) >= http::MAX_EVENTS
                && Held::let_go_oldest(&state.held.events)
            {}
            let let_go = Held::hold(&state.held.events, id);
            let answered = events(&mut stream, state, &request, &let_go);
            Held::release(&state.held.events, id);
            answered
        }
        "/" | "/index.html" if state.folder => {
            respond(&mut stream, head, "200 OK", html, index(state).as_bytes())
        }
        _ => {
            // One response's page and its files: at the top for a file, under /r/ in a folder.
            let found = if state.folder {
                path.strip_prefix("/r/")
                    .and_then(|inner| inner.rsplit_once('/'))
                    .and_then(|(rel, rest)| Some((state.file_at(rel)?, rest)))
            } else {
                Some((state.root.clone(), path.trim_start_matches('/')))
            };
            let Some((file, rest)) = found else {
                return not_found(&mut stream, head);
            };
            match rest {
                "" | "index.html" => respond(
                    &mut stream,
                    head,
                    "200 OK",
                    html,
                    page(state, &file).as_bytes(),
                ),
                _ => {
                    // The letter in another format: `letter.EXT`.
                    let view = state.view(&file);
                    let ext = rest.strip_prefix(STEM).and_then(|r| r.strip_prefix('.'));
                    match view
                        .good
                        .files
                        .iter()
                        .find(|(f, _)| Some(f.extension()) == ext)
                    {
                        Some((f, bytes)) => {
                            respond(&mut stream, head, "200 OK", f.media_type(), bytes)
                        }
                        None => not_found(&mut stream, head),
                    }
                }
            }
        }
    }
}

/// The page's event stream: `reload` whenever the watcher finds a change, and a comment now
/// and then so that a closed tab fails a write and frees its connection.
fn events(
    stream: &mut TcpStream,
    state: &State,
    request: &Request,
    let_go: &AtomicBool,
) -> std::io::Result<()> {
    if let Some(origin) = &request.origin
        && !http::own_origin(origin, state.port)
    {
        let body = format!(
            "this preview answers only pages from http://127.0.0.1:{}/\n",
            state.port
        );
        return respond(
            stream,
            false,
            "403 Forbidden",
            "text/plain",
            body.as_bytes(),
        );
    }
    let mut seen = state.watch.version();
    let behind = request
        .target
        .split_once("?v=")
        .map(|(_, v)| v.split('&').next().unwrap_or(v))
        .is_some_and(|v| v != seen);
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n"
    )?;
    if request.head_only {
        return stream.flush();
    }
    stream.write_all(b": watching\n\n")?;
    if behind {
        // Saved after the page was made and before it listened.
        stream.write_all(b"data: reload\n\n")?;
    }
    stream.flush()?;
    // Not for ever: the page listens again when its stream ends, so a stream no page reads
    // cannot hold its connection for longer than this.
    let until = std::time::Instant::now() + http::EVENTS_TIME;
    let mut written = std::time::Instant::now();
    while std::time::Instant::now() < until && !let_go.load(Ordering::SeqCst) {
        let now = state.watch.wait_change(&seen, Duration::from_millis(500));
        if now != seen {
            seen = now;
            stream.write_all(b"data: reload\n\n")?;
        } else if written.elapsed() >= Duration::from_secs(15) {
            stream.write_all(b": still watching\n\n")?;
        } else {
            continue;
        }
        stream.flush()?;
        written = std::time::Instant::now();
    }
    Ok(())
}

fn not_found(stream: &mut TcpStream, head: bool) -> std::io::Result<()> {
    respond(stream, head, "404 Not Found", "text/plain", b"not found\n")
}

/// A preview, listening and ready to answer.
pub struct Preview {
    listener: TcpListener,
    state: Arc<State>,
    /// Why the system cannot tell the preview of saves, when it looks at the files instead.
    looking: Option<String>,
}

/// The folders the preview is told of: the folder of responses and every folder below it, or
/// the response's own folder (for it and its settings); and the folders above it up to the
/// current folder, for the settings (`s55.yaml`) that apply from there (none are looked for
/// above it, see [`crate::settings::Settings::for_file`]).
fn places(root: &Path, folder: bool) -> Vec<watch::Place> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let top = std::env::current_dir()
        .ok()
        .and_then(|c| std::path::absolute(c).ok())
        .filter(|c| root.starts_with(c));
    let settings = std::ffi::OsString::from(crate::settings::FILE);
    let (first, above) = if folder {
        let first = watch::Place {
            dir: root.clone(),
            below: true,
            names: Vec::new(),
        };
        (first, root.parent())
    } else {
        let dir = root.parent().unwrap_or(Path::new("/")).to_path_buf();
        let mut names = vec![settings.clone()];
        names.extend(root.file_name().map(std::ffi::OsStr::to_os_string));
        let first = watch::Place {
            dir,
            below: false,
            names,
        };
        (first, root.parent().and_then(Path::parent))
    };
    let mut places = vec![first];
    if let Some(top) = top {
        places.extend(
            above
                .into_iter()
                .flat_map(Path::ancestors)
                .take_while(|d| d.starts_with(&top))
                .map(|d| watch::Place {
                    dir: d.to_path_buf(),
                    below: false,
                    names: vec![settings.clone()],
                }),
        );
    }
    places
}

impl Preview {
    /// Opens the preview of a response file or a folder of them on 127.0.0.1:`port` (0 picks
    /// a free port), with the office's templates if given. A single response is rendered at
    /// once, so that its page has a letter even if a save breaks it; a folder's responses are
    /// checked for its list and rendered when each is first asked for.
    pub fn open(
        path: &Path,
        port: u16,
        templates: Option<&Path>,
        follow_links: bool,
    ) -> Result<Preview> {
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
        let port = listener.local_addr()?.port();
        let state = Arc::new(State {
            root,
            folder,
            follow_links,
            renderer,
            port,
            views: Mutex::new(HashMap::new()),
            rendered: Mutex::default(),
            listing: Arc::default(),
            rendering: Mutex::new(()),
            watch: Arc::default(),
            connections: AtomicUsize::new(0),
            held: Held::default(),
        });
        let mut hashes = Hashes::default();
        state.watch.set(hashes.version(&state.watched()));
        // One file is rendered at once, so that its page has a letter even if a save breaks
        // it; a folder opens at once, each letter rendered when its page is first asked for.
        if !state.folder {
            let _ = state.view(&state.root);
        }
        let watched = Arc::clone(&state);
        let looking = watch::start(places(&state.root, state.folder), move || {
            watched.watch.set(hashes.version(&watched.watched()));
        })?;
        Ok(Preview {
            listener,
            state,
            looking,
        })
    }

    /// Why the system cannot tell the preview of saves, when it looks at the files four
    /// times a second instead.
    pub fn looking(&self) -> Option<&str> {
        self.looking.as_deref()
    }

    /// The address it listens on.
    pub fn address(&self) -> Result<std::net::SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Answers requests, one thread each, until the process is stopped. Beyond
    /// [`http::MAX_CONNECTIONS`] the oldest connection still sending its request, or the
    /// oldest event stream, is let go to make room, else the new one is closed; a failing `accept` (out of
    /// file handles, say) waits a moment rather than spinning.
    pub fn run(self) {
        loop {
            let stream = match self.listener.accept() {
                Ok((s, _)) => s,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
            };
            let held = self.state.connections.fetch_add(1, Ordering::SeqCst);
            // Full: the oldest idle connection (or event stream) is let go for this one; only
            // when every connection is busy answering is the newcomer turned away.
            if held >= http::MAX_CONNECTIONS && !self.state.held.make_room() {
                self.state.connections.fetch_sub(1, Ordering::SeqCst);
                drop(stream);
                continue;
            }
            let state = Arc::clone(&self.state);
            let spawned = std::thread::Builder::new().spawn(move || {
                let _ = handle(stream, &state);
                state.connections.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                self.state.connections.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}
