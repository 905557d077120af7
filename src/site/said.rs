//! What a build's report keeps of a response ([`Said`]): its text and its diagnostics, and,
//! for a report held until the build ends, the same packed into a few hundred bytes.
//!
//! A build tells what each response it renders had to say as soon as its part is done, but
//! the reports of the letters it publishes as sealed, the drafts it keeps and the failures
//! are told at its end, after the rest, in order. Held as they are, ten warnings and the
//! lines they show take some 6 KB a response: 30 MB for an archive of 5,000 sealed letters
//! built into a new folder. Packed (their words serialised one after another and compressed:
//! the same sentences come back in every response), they take under a kilobyte, and are
//! unpacked only to be told.

use std::io::Read as _;
use std::sync::Arc;

use crate::diag::{Diagnostic, Origin};
use crate::load::{Loaded, Source};

/// What a report keeps of a response: its text (only the lines its diagnostics show, once a
/// build has done with it) and its diagnostics, never the parsed response, which is some
/// 4 KB wide even once its response is gone.
#[derive(Debug)]
pub struct Said(Form);

/// How a report holds what it says.
#[derive(Debug)]
enum Form {
    /// As loading gave it: a report told at once.
    Open {
        source: Option<Box<Source>>,
        diagnostics: Vec<Diagnostic>,
    },
    /// Packed, for a report held until the build ends: the text and the diagnostics written
    /// one after another and compressed, with the other files the diagnostics point into
    /// (shared with every response that inherits from them, so not packed).
    Packed {
        bytes: Box<[u8]>,
        files: Vec<Option<Arc<Origin>>>,
    },
}

impl From<Loaded> for Said {
    fn from(loaded: Loaded) -> Said {
        Said(Form::Open {
            source: loaded.source.map(Box::new),
            diagnostics: loaded.diagnostics,
        })
    }
}

impl Said {
    /// The same, packed to be held until the build ends.
    pub(super) fn packed(self) -> Said {
        let Form::Open {
            source,
            diagnostics,
        } = self.0
        else {
            return self;
        };
        match pack(source.as_deref(), &diagnostics) {
            Some(bytes) => {
                let files: Vec<_> = diagnostics.iter().map(|d| d.file.clone()).collect();
                let files = if files.iter().all(Option::is_none) {
                    Vec::new()
                } else {
                    files
                };
                Said(Form::Packed { bytes, files })
            }
            None => Said(Form::Open {
                source,
                diagnostics,
            }),
        }
    }

    /// Whether it is held packed.
    #[cfg(test)]
    fn is_packed(&self) -> bool {
        matches!(self.0, Form::Packed { .. })
    }

    /// The response's text and diagnostics as loading gave them, to be told.
    pub fn into_loaded(self) -> Loaded {
        let (source, diagnostics) = match self.0 {
            Form::Open {
                source,
                diagnostics,
            } => (source.map(|s| *s), diagnostics),
            Form::Packed { bytes, files } => unpack(&bytes, files).unwrap_or_else(|| {
                // Packed by this build a moment ago, so always read back; were it not, the
                // report says so rather than nothing.
                let lost = Diagnostic::error(
                    "what s55 found in this response could not be read back to be shown; build again to see it",
                );
                (None, vec![lost])
            }),
        };
        Loaded {
            source,
            editions: None,
            diagnostics,
        }
    }
}

/// The text and the diagnostics, serialised one after another and compressed; `None` if
/// either fails (both write to memory, so they do not).
fn pack(source: Option<&Source>, diagnostics: &[Diagnostic]) -> Option<Box<[u8]>> {
    let w = serde_json::to_vec(&(source.map(|s| (&s.name, &s.text)), diagnostics)).ok()?;
    PACKER.with_borrow_mut(|z| {
        z.reset();
        let mut out = Vec::with_capacity(w.len() / 4 + 64);
        loop {
            let done = usize::try_from(z.total_in()).ok()?;
            let rest = w.get(done..)?;
            match z.compress_vec(rest, &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
        Some(out.into_boxed_slice())
    })
}

thread_local! {
    /// One compressor for a build's reports, made once: each is some 300 KB of tables, and
    /// one made and dropped for every report held would leave the small things a build
    /// keeps scattered among freed blocks the allocator cannot give back.
    static PACKER: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::best(), false));
}

/// What [`pack`] wrote, read back, with the other files the diagnostics point into.
fn unpack(
    bytes: &[u8],
    files: Vec<Option<Arc<Origin>>>,
) -> Option<(Option<Source>, Vec<Diagnostic>)> {
    let mut all = Vec::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_end(&mut all)
        .ok()?;
    let (source, mut diagnostics): (Option<(String, String)>, Vec<Diagnostic>) =
        serde_json::from_slice(&all).ok()?;
    for (d, file) in diagnostics.iter_mut().zip(files) {
        d.file = file;
    }
    Some((
        source.map(|(name, text)| Source::new(name, text)),
        diagnostics,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed letter as a build checks it: its ten warnings and the lines they show.
    fn seed_said() -> Said {
        let name = "examples/warwickshire-child-protection-2022.yaml";
        let bytes = std::fs::read(name).expect("the seed example");
        let mut loaded = crate::load::load_bytes(name, &bytes, None);
        crate::check::check_loaded(&mut loaded, &crate::settings::Settings::default());
        super::super::facts::slim(loaded)
    }

    #[test]
    fn a_packed_report_tells_the_same_diagnostics_and_lines() {
        let open = seed_said().into_loaded();
        let packed = seed_said().packed();
        assert!(packed.is_packed());
        let back = packed.into_loaded();
        assert!(open.diagnostics.len() >= 10, "{:?}", open.diagnostics);
        assert_eq!(back.diagnostics, open.diagnostics);
        let (a, b) = (open.source.expect("text"), back.source.expect("text"));
        assert_eq!((a.name, a.text), (b.name, b.text));
    }

    #[test]
    fn a_report_held_to_the_end_of_a_build_keeps_under_a_kilobyte() {
        // Held open, the seed letter's report took some 6 KB (its `Loaded` 4 KB wide, its
        // ten warnings 2 KB, the lines they show): 30 MB for 5,000 sealed letters.
        let Said(Form::Packed { bytes, files }) = seed_said().packed() else {
            panic!("not packed");
        };
        assert!(files.is_empty());
        assert!(
            bytes.len() + std::mem::size_of::<Said>() < 1024,
            "{} bytes",
            bytes.len()
        );
    }
}
