//! One watcher for every open page: the system tells it of each change to the files
//! (inotify on Linux, through the `notify` crate), and it tells each listening page.
//!
//! Policy: however many pages listen, one thread watches, and it does nothing until the
//! system reports a change to a file the preview shows (a response, or the settings that
//! apply to it); a burst of notices (a save is often a truncation, writes, a close and a
//! rename) is let settle for a few milliseconds and then looked at once, so a page reloads
//! once, on the whole file. A file is read again only when its size, time or identity changed
//! since the last look; listeners wait on the watcher's version and cost nothing between
//! saves. Where the system cannot watch (no inotify left, a file system that tells nothing),
//! the watcher looks at the files four times a second instead, and the preview says so.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context as _, Result};
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher as _};

use crate::util::fnv;

/// How often the files are looked at where the system cannot tell of changes.
pub const TICK: Duration = Duration::from_millis(250);

/// How long the files must be quiet after a notice before they are looked at.
const QUIET: Duration = Duration::from_millis(8);

/// The longest a burst of notices delays the look (a file written without pause).
const SETTLE: Duration = Duration::from_millis(30);

/// A folder to be told of: with the folders below it, or only the files named.
pub struct Place {
    /// The folder, as an absolute path (the notices name files under it so).
    pub dir: PathBuf,
    /// Every change below it counts (a folder of responses), else only those to `names`.
    pub below: bool,
    /// The files in it whose changes count, when not `below` (the response, `s55.yaml`).
    pub names: Vec<OsString>,
}

impl Place {
    /// Whether a change to `path` is one this place is watched for.
    fn counts(&self, path: &Path) -> bool {
        if self.below {
            return path.starts_with(&self.dir);
        }
        path.parent() == Some(self.dir.as_path())
            && path
                .file_name()
                .is_some_and(|n| self.names.iter().any(|m| m == n))
    }
}

/// Whether a notice can mean new bytes: opening and reading a file (the preview does both)
/// change nothing, and a file closed after writing does.
fn can_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Starts the watcher's thread: `look` runs after each settled burst of notices about
/// `places` (the first place must be watched: the response's folder or the folder of
/// responses; the others, the folders above it, are watched where the system allows). Where
/// the system cannot tell of changes to the first place, `look` runs every [`TICK`] instead,
/// and the reason is returned, for the preview to say.
pub fn start(
    places: Vec<Place>,
    mut look: impl FnMut() + Send + 'static,
) -> Result<Option<String>> {
    let (tx, rx) = mpsc::channel::<()>();
    let told = tell(places, tx);
    let looking = told.as_ref().err().cloned();
    std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || match told {
            // The watcher lives as long as the thread that waits on it.
            Ok(_watcher) => {
                while rx.recv().is_ok() {
                    settle(&rx);
                    look();
                }
            }
            Err(_) => loop {
                std::thread::sleep(TICK);
                look();
            },
        })
        .context("cannot start watching the files")?;
    Ok(looking)
}

/// Waits until no notice has come for [`QUIET`], or [`SETTLE`] has passed.
fn settle(rx: &mpsc::Receiver<()>) {
    let until = Instant::now() + SETTLE;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || rx.recv_timeout(QUIET.min(left)).is_err() {
            return;
        }
    }
}

/// The system's watcher over `places`, sending on `tx` for each notice that counts; or
/// why the first place cannot be watched.
fn tell(places: Vec<Place>, tx: mpsc::Sender<()>) -> Result<notify::RecommendedWatcher, String> {
    // Debug builds can be told to look instead, so that the tests see what a system without
    // notices gets.
    #[cfg(debug_assertions)]
    if let Ok(why) = std::env::var("S55_WATCH_LOOK") {
        return Err(why);
    }
    let dirs: Vec<(PathBuf, bool)> = places.iter().map(|p| (p.dir.clone(), p.below)).collect();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let counts = match &event {
            Ok(e) => {
                can_change(&e.kind)
                    && (e.need_rescan()
                        || e.paths.is_empty()
                        || e.paths.iter().any(|p| places.iter().any(|w| w.counts(p))))
            }
            // A notice lost (the system's queue overflowed): look, to be sure.
            Err(_) => true,
        };
        if counts {
            let _ = tx.send(());
        }
    })
    .map_err(|e| e.to_string())?;
    for (i, (dir, below)) in dirs.iter().enumerate() {
        let mode = if *below {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        match watcher.watch(dir, mode) {
            Ok(()) => {}
            Err(e) if i == 0 => return Err(format!("{}: {e}", dir.display())),
            // A folder above that cannot be watched (not readable, say): its settings are
            // still read afresh whenever a response changes.
            Err(_) => {}
        }
    }
    Ok(watcher)
}

/// The version of the files, shared between the watcher and the pages listening.
#[derive(Default)]
pub struct Watch {
    version: Mutex<Version>,
    changed: Condvar,
}

/// What a page was made from: the files' version as the watcher found it, and how many
/// times the folder's list has learnt more of them since (its problems, checked after it
/// answered).
#[derive(Default, Clone)]
struct Version {
    files: String,
    checked: u64,
}

impl Version {
    /// As pages carry it: the files' version alone until the list learns more, so that a
    /// page is made again only for something it would show.
    fn shown(&self) -> String {
        if self.checked == 0 {
            return self.files.clone();
        }
        let files = u64::from_str_radix(&self.files, 16).unwrap_or(0);
        format!("{:016x}", fnv(files, &self.checked.to_le_bytes()))
    }
}

impl Watch {
    /// The version now.
    pub fn version(&self) -> String {
        self.version.lock().map(|v| v.shown()).unwrap_or_default()
    }

    /// Records the version the watcher found; listeners wake if it differs.
    pub fn set(&self, version: String) {
        if let Ok(mut v) = self.version.lock()
            && v.files != version
        {
            v.files = version;
            self.changed.notify_all();
        }
    }

    /// Records that the folder's list knows more of the files than when the pages were
    /// made (their problems); listeners wake, and the list shows them.
    pub fn checked(&self) {
        if let Ok(mut v) = self.version.lock() {
            v.checked += 1;
            self.changed.notify_all();
        }
    }

    /// Waits until the version is other than `seen`, or `timeout` passes; the version then.
    pub fn wait_change(&self, seen: &str, timeout: Duration) -> String {
        let Ok(v) = self.version.lock() else {
            return String::new();
        };
        match self
            .changed
            .wait_timeout_while(v, timeout, |v| v.shown() == seen)
        {
            Ok((v, _)) => v.shown(),
            Err(_) => String::new(),
        }
    }
}

/// What identifies a file's state without reading it.
type Meta = (u64, Option<SystemTime>, u64);

/// The hashes of the files as last read, reused while their metadata stays the same.
#[derive(Default)]
pub struct Hashes(HashMap<PathBuf, (Meta, u64)>);

impl Hashes {
    /// A version naming the contents of `files` (a missing file counts as such).
    pub fn version(&mut self, files: &[PathBuf]) -> String {
        let mut all = 0u64;
        let mut next = HashMap::with_capacity(files.len());
        for file in files {
            let hash = match std::fs::metadata(file) {
                Ok(m) if m.is_file() => {
                    let meta = (m.len(), m.modified().ok(), inode(&m));
                    match self.0.get(file) {
                        Some((old, h)) if *old == meta => Some(*h),
                        _ => crate::fs::read_limited(file, crate::load::MAX_INPUT_BYTES)
                            .ok()
                            .map(|b| fnv(0, &b))
                            .inspect(|h| {
                                next.insert(file.clone(), (meta, *h));
                            }),
                    }
                    .inspect(|h| {
                        next.entry(file.clone()).or_insert((meta, *h));
                    })
                }
                _ => None,
            };
            let name = file.to_string_lossy();
            all = fnv(all, name.as_bytes());
            all = fnv(all, &hash.unwrap_or(0).to_le_bytes());
            all = fnv(all, &[u8::from(hash.is_some())]);
        }
        self.0 = next;
        format!("{all:016x}")
    }
}

/// The file's identity on its disk (0 where the system gives none).
#[cfg(unix)]
pub fn inode(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.ino()
}

/// The file's identity on its disk (0 where the system gives none).
#[cfg(not(unix))]
pub fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
