//! One changed response, read, checked and judged against its seal or its published letter.

use std::sync::Arc;

use super::folders::{hash_with, settings_part};
use super::frozen::Letter;
use super::manifest::{Entry, Line};
use super::seal::{self, Seals, Verdict};
use super::{Built, Options, Report, addresses, display_name, records};
use crate::diag::Diagnostic;
use crate::fs::OutDir;
use crate::load::{self, Loaded};
use crate::settings::{self, Settings};
use crate::util;

/// A changed input: its key, hash and settings, and its line in the last manifest.
pub(super) struct Changed {
    pub(super) key: String,
    pub(super) hash: String,
    pub(super) settings: Result<Arc<Settings>, Arc<settings::Broken>>,
    pub(super) line: Option<Line>,
}

/// A changed input, read and checked once, with the settings it was checked against.
pub(super) struct Job {
    pub(super) key: String,
    pub(super) hash: String,
    pub(super) loaded: Loaded,
    pub(super) settings: Arc<Settings>,
    /// The letter's words, for a final response that parses.
    pub(super) letter: Option<Letter>,
    /// A draft, published only when drafts are asked for.
    pub(super) draft: bool,
    /// Its published letter is unchanged and its files are in place: kept, not rendered.
    pub(super) keep: bool,
    /// What the last build published of it: its line, and its record when it can be read.
    pub(super) line: Option<Line>,
    pub(super) record: Option<Entry>,
    /// Its seal's address, and what is done with it.
    pub(super) seal: Option<(String, Verdict)>,
    /// Published before seals, as it still reads: sealed from the files in the output folder.
    pub(super) upgrade: bool,
}

/// Reports an entry that was not read; an error counts it as failed.
pub(super) fn refuse(built: &mut Built, name: String, d: Diagnostic) {
    if d.is_error() {
        built.summary.failed += 1;
    }
    hold(built, name, d);
}

/// Holds one diagnostic about an entry for the build's report, told at its end.
pub(super) fn hold(built: &mut Built, name: String, d: Diagnostic) {
    built.reports.push(Report::kept(
        name,
        crate::check::diagnostics_only(vec![d]).into(),
    ));
}

/// Parses and checks one changed input. Its text is kept only when there is something to
/// show in it. A final response whose letter was published is compared with it: a change
/// to the letter without a new correction is refused, field by field; no change to it at
/// all (only its progress, say) keeps the published files as they are.
pub(super) fn read_job(
    opts: &Options,
    c: Changed,
    fresh_assets: bool,
    out: &OutDir,
    seals: &Seals,
) -> Job {
    let Changed {
        key,
        hash,
        settings,
        line,
    } = c;
    let record = line.as_ref().and_then(|l| Entry::read(out, &l.record));
    let name = display_name(&opts.dir, &key);
    // A response that cannot be read keeps its sealed letter published as signed.
    let by_path = seals
        .find(&key, None)
        .map(|s| (s.slug.clone(), Verdict::Refused));
    let failed = |key: String, hash: String, loaded: Loaded, line, record| Job {
        key,
        hash,
        loaded,
        settings: Arc::new(Settings::default()),
        letter: None,
        draft: false,
        keep: false,
        line,
        record,
        seal: by_path.clone(),
        upgrade: false,
    };
    let bytes = match load::read_input(&opts.dir.join(&key)) {
        Ok(b) => b,
        Err(d) => {
            let loaded = crate::check::diagnostics_only(vec![d]);
            return failed(key, hash, loaded, line, record);
        }
    };
    let bytes = bytes.as_slice();
    let settings = match settings {
        Ok(s) => s,
        Err(broken) => {
            let loaded = crate::check::broken_settings((*broken).clone());
            return failed(key, hash, loaded, line, record);
        }
    };
    // Changed since it was hashed: the bytes read now are the ones built. What it takes from
    // the settings is worked out once, for the hash and for the letter.
    let part = settings_part(bytes, &settings);
    let hash = hash_with(bytes, &part);
    let mut loaded = load::load_bytes(&name, bytes, settings.defaults());
    let draft = loaded.editions.as_ref().is_some_and(|e| e.first().draft);
    let letter = Letter::of(bytes, settings.defaults())
        .filter(|_| !draft && loaded.editions.is_some())
        .map(|mut l| {
            l.settings = util::hash_hex(&part);
            l
        });
    let base = loaded
        .editions
        .as_ref()
        .map(|e| addresses::base_slug(e.english()));
    let sealed = seals.find(&key, base.as_deref());
    let published = line.as_ref().filter(|l| !l.draft);
    if draft && (published.is_some() || sealed.is_some()) {
        loaded.diagnostics.push(
            Diagnostic::warning(
                "the letter is published, so it stays as it was signed: this draft of it is not published over it",
            )
            .at(crate::diag::FieldPath::root().key("draft"))
            .hint("to change the published letter, remove `draft: true` and record the change under `corrections:` (a `date` and a `note`)"),
        );
    }
    let mut refused = false;
    let mut keep = false;
    let mut upgrade = false;
    let mut seal = None;
    if let Some(sealed) = sealed {
        let (verdict, found) = judge_seal(sealed, seals, letter.as_ref(), &loaded);
        refused = matches!(verdict, Verdict::Refused);
        loaded.diagnostics.extend(found);
        seal = Some((sealed.slug.clone(), verdict));
    } else if let (Some(published), Some(now)) = (published, &letter) {
        let judged = judge_record(published, record.as_ref(), now, out, fresh_assets);
        refused = !judged.found.is_empty();
        (keep, upgrade) = (judged.keep, judged.upgrade);
        loaded.diagnostics.extend(judged.found);
    }
    crate::check::check_loaded(&mut loaded, &settings);
    if let Some((_, v @ Verdict::Corrected)) = &mut seal
        && loaded.diagnostics.iter().any(Diagnostic::is_error)
    {
        *v = Verdict::Refused;
    }
    if refused {
        loaded.editions = None;
    }
    if loaded.diagnostics.is_empty() {
        loaded.source = None;
    }
    Job {
        key,
        hash,
        loaded,
        settings,
        letter,
        draft,
        keep,
        line,
        record,
        seal,
        upgrade,
    }
}

/// The error for a published letter whose record (`file`, below the output folder) is
/// missing, so that an edit to it cannot be checked.
pub(super) fn missing(file: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "the record of the published letter, `{file}` in the output folder, is missing, so an edit to the letter cannot be checked"
    ))
    .hint(
        "restore the output folder's `.s55/` from a copy, or build into a fresh folder to publish the letter as it now reads",
    )
}

/// What comparing a letter with its published record found.
struct Judged {
    /// The edits refused.
    found: Vec<Diagnostic>,
    /// Unchanged, its files in place and the assets the same: kept, not rendered.
    keep: bool,
    /// Published before seals and still as it reads: sealed from its files as published.
    upgrade: bool,
}

/// Compares a published letter (`published`, whose record is `record`) with what its
/// response now says (`now`), for a letter that has no seal yet.
fn judge_record(
    published: &Line,
    record: Option<&Entry>,
    now: &Letter,
    out: &OutDir,
    fresh_assets: bool,
) -> Judged {
    let mut judged = Judged {
        found: Vec::new(),
        keep: false,
        upgrade: false,
    };
    match record {
        // A record from before letters were recorded: the letter is recorded now.
        Some(Entry { letter: None, .. }) => {}
        Some(Entry {
            letter: Some(was),
            files,
            ..
        }) => {
            // The published letter's fields, from the record (as older builds kept
            // them) or from the file named by its hash; compared by the letter's own
            // words, hashed as it was (FNV-1a before seals).
            let mut was = was.clone();
            if was.fields.is_empty() {
                was.fields = records::read_letter(out, &was.hash).unwrap_or_default();
            }
            let now = now.hashed_like(&was);
            judged.found = if was.fields.is_empty() && !was.same_as(&now) {
                vec![missing(&records::letter_file(&was.hash))]
            } else {
                was.fields.retain(|k, _| !now.inherited.contains(k));
                was.inherits = false;
                was.refuse(&now)
            };
            // Published before seals and still as it reads: its files, as published,
            // are sealed.
            let in_place = files.iter().all(|f| out.is_file(f));
            judged.upgrade =
                judged.found.is_empty() && now.corrections == was.corrections && in_place;
            judged.keep = !judged.upgrade
                && judged.found.is_empty()
                && was.same_as(&now)
                && fresh_assets
                && in_place;
        }
        None => judged.found = vec![missing(&records::record_file(&published.record))],
    }
    judged
}

/// Judges a sealed letter: the seal decides, by the letter's own words (`letter`, `None`
/// when the response does not parse) against the signed ones.
fn judge_seal(
    sealed: &seal::Seal,
    seals: &Seals,
    letter: Option<&Letter>,
    loaded: &Loaded,
) -> (Verdict, Vec<Diagnostic>) {
    let doc = loaded.editions.as_ref().map(|e| e.first());
    let (verdict, found) = match (letter, seals.words(sealed)) {
        (Some(now), Ok(signed)) => seal::judge(sealed, &signed, now, doc),
        (Some(_), Err(e)) => (Verdict::Refused, vec![Diagnostic::error(e.to_string())]),
        (None, _) => (Verdict::Keep, Vec::new()),
    };
    match verdict {
        Verdict::Keep if loaded.editions.is_none() => (Verdict::Refused, found),
        v => (v, found),
    }
}
