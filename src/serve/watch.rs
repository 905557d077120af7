//! One watcher for every open page: it looks at the files four times a second and tells
//! each listening page when anything changed.
//!
//! Policy: however many pages listen, the files are looked at by one thread, and a file is
//! read again only when its size, time or identity changed since the last look; listeners
//! wait on the watcher's version and cost nothing between saves.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime};

use crate::util::fnv;

/// How often the files are looked at.
pub const TICK: Duration = Duration::from_millis(250);

/// The version of the files, shared between the watcher and the pages listening.
#[derive(Default)]
pub struct Watch {
    version: Mutex<String>,
    changed: Condvar,
}

impl Watch {
    /// The version now.
    pub fn version(&self) -> String {
        self.version.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// Records the version the watcher found; listeners wake if it differs.
    pub fn set(&self, version: String) {
        if let Ok(mut v) = self.version.lock()
            && *v != version
        {
            *v = version;
            self.changed.notify_all();
        }
    }

    /// Waits until the version is other than `seen`, or `timeout` passes; the version then.
    pub fn wait_change(&self, seen: &str, timeout: Duration) -> String {
        let Ok(v) = self.version.lock() else {
            return String::new();
        };
        match self.changed.wait_timeout_while(v, timeout, |v| v == seen) {
            Ok((v, _)) => v.clone(),
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

#[cfg(unix)]
fn inode(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.ino()
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
