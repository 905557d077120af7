//! What a response's record, seal and report take from it: the pictures it shows, the day
//! its letter was signed, and a slim copy of its diagnostics. Both the responses kept as they
//! were and the ones rendered again take these, so they sit below both.

use std::collections::BTreeSet;
use std::path::Path;

use crate::load::Loaded;
use crate::util;

/// The pictures a response shows, for its record: each file's path from the folder of
/// responses (`input`, a real path) and the hash of its bytes, once.
pub(super) fn pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
    pictures_hashed(loaded, input, util::hash_hex)
}

/// Each picture a response shows, once: its file's path from the folder of responses
/// (`input`, a real path), with `/` between folders on every system, and `hash` of its bytes.
pub(super) fn pictures_hashed(
    loaded: &Loaded,
    input: Option<&Path>,
    hash: fn(&[u8]) -> String,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for doc in loaded.editions.iter().flat_map(|e| e.iter()) {
        let images = [
            doc.body.logo.as_ref(),
            doc.signature.as_ref().and_then(|s| s.image.as_ref()),
        ];
        for data in images.into_iter().flatten().filter_map(|i| i.data.as_ref()) {
            let file = input
                .and_then(|i| data.file.strip_prefix(i).ok())
                .unwrap_or(&data.file);
            // `/` between folders on every system, as the manifest's other paths.
            let file = file
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let entry = (file, hash(&data.bytes));
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// What a report keeps of a response until the build ends: its diagnostics, and of its text
/// only the lines they show (the rest blank, so that line numbers hold), not the whole file.
pub(super) fn slim(mut loaded: Loaded) -> super::Said {
    loaded.editions = None;
    loaded.diagnostics.shrink_to_fit();
    if let Some(source) = &mut loaded.source {
        let shown: BTreeSet<usize> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.file.is_none())
            .filter_map(|d| d.position.map(|p| p.line))
            .collect();
        let mut text = String::new();
        for (n, line) in source.text.split_inclusive('\n').enumerate() {
            if shown.contains(&(n + 1)) {
                text.push_str(line);
            } else if line.ends_with('\n') {
                text.push('\n');
            }
        }
        text.shrink_to_fit();
        source.replace_text(text);
    }
    loaded.into()
}

/// The pictures a response shows, for its seal: each file's path and the SHA-256 of its
/// bytes.
pub(super) fn sealed_pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
    pictures_hashed(loaded, input, util::sha256_hex)
}

/// The day a letter was signed, for its seal: its date, or the report's when it has none.
pub(super) fn signed_on(doc: &crate::model::Response) -> String {
    doc.date
        .as_ref()
        .unwrap_or(&doc.report.published)
        .0
        .to_string()
}
