//! The cycle around a response, each step the library behind its command: a new response
//! from a pasted or uploaded report (`s55 new` and `s55 import recs`), the Word form out and
//! back (`s55 render --form`, `s55 import docx`, its changes shown before they are applied),
//! the archive (`s55 build`) and the covering e-mails (`s55 copies`). Each writes only inside
//! the folder served.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::pages::{self, Review, ReviewHunk, Shown};
use super::save::read;
use super::session::{checked, version};
use super::upload::Value;
use super::{Answer, State, Words, field, text_field};
use crate::diag::FieldPath;
use crate::load::edit_list::{self, ListEdit};
use crate::render::docx::Which;

/// The index page with a message, as the answer to a post.
fn index(
    state: &State,
    words: &Words,
    status: &'static str,
    message: String,
    failure: bool,
) -> Answer {
    Answer::html(status, pages::index(state, words, Some((message, failure))))
}

/// A file name an officer gave, made safe: letters, digits, hyphens and underscores, with
/// `.yaml` added; `None` when nothing of it is left or it would name a folder.
fn safe_name(given: &str) -> Option<String> {
    let stem = given.trim().trim_end_matches(".yaml");
    let ok = !stem.is_empty()
        && stem.len() <= 100
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !stem.starts_with('-');
    ok.then(|| format!("{stem}.yaml"))
}

/// The text of the findings: pasted, else the uploaded report read as the importers read it
/// (with their limits).
fn findings_text(fields: &[(String, Value)]) -> Result<String, String> {
    let pasted = text_field(fields, "findings").unwrap_or_default();
    if !pasted.trim().is_empty() {
        return Ok(pasted);
    }
    match field(fields, "upload") {
        Some(Value::File { bytes, .. }) if !bytes.is_empty() => {
            if bytes.len() > crate::load::MAX_INPUT_BYTES {
                return Err(format!(
                    "the report is larger than the {} MB s55 reads",
                    crate::load::MAX_INPUT_BYTES / (1024 * 1024)
                ));
            }
            crate::import::read(bytes).map_err(|e| e.to_string())
        }
        _ => Err("paste the report's findings, or give the report as a file".to_owned()),
    }
}

/// The desk's first page, with the refusal `key` saying `why` at its top (a 422).
fn refused_on_index(state: &State, words: &Words, key: &str, why: &str) -> Answer {
    index(
        state,
        words,
        "422 Unprocessable Content",
        words.fill(key, &[("why", why)]),
        true,
    )
}

/// A new response: the scaffold `s55 new` writes, its example recommendation replaced by
/// the findings read from what was pasted or uploaded (as `s55 import recs` reads them).
pub fn create(state: &State, fields: &[(String, Value)], words: &Words) -> Answer {
    let refused = |why: &str| refused_on_index(state, words, "create_refused", why);
    if !state.folder {
        return refused(
            "the desk was opened on one file; open it on the folder of responses to start a new one",
        );
    }
    let Some(name) = text_field(fields, "file").as_deref().and_then(safe_name) else {
        return refused("give the file a name of letters, digits and hyphens");
    };
    let path = state.root.join(&name);
    if path.symlink_metadata().is_ok() {
        return refused(&format!("`{name}` is already there; choose another name"));
    }
    let published = text_field(fields, "published").unwrap_or_default();
    let Ok(published) = published.trim().parse::<jiff::civil::Date>() else {
        return refused(
            "give the day the report was published as year, month and day, such as 2027-01-31",
        );
    };
    let kind = text_field(fields, "report_kind").unwrap_or_else(|| "other".to_owned());
    let Some(report_kind) = crate::model::ReportKind::ALL
        .into_iter()
        .find(|k| k.key() == kind)
    else {
        return refused("choose the kind of report from the list");
    };
    let report = text_field(fields, "report").unwrap_or_default();
    if report.trim().is_empty() {
        return refused("give the report's title");
    }
    let force = text_field(fields, "force").filter(|f| !f.trim().is_empty());
    let text = match findings_text(fields) {
        Ok(t) => t,
        Err(e) => return refused(&e),
    };
    let found = crate::import::findings(&text);
    if found.entries.is_empty() {
        return refused(
            "no findings could be read from it: paste the list with its numbers, as the report gives it",
        );
    }
    let args = crate::cli::NewArgs {
        office: crate::cli::OfficeArgs {
            force_name: force.map(|f| f.trim().to_owned()),
            ..crate::cli::OfficeArgs::default()
        },
        report: Some(report.trim().to_owned()),
        report_kind,
        published: Some(published),
        form: crate::model::Form::Letter,
        language: "en".to_owned(),
        out: None,
        overwrite: false,
        templates: None,
    };
    let office = crate::settings::Settings::for_file(&path)
        .ok()
        .and_then(|f| f.settings.office);
    let scaffold = match crate::render::scaffold::scaffold(&args, office.as_ref()) {
        Ok(s) => s,
        Err(e) => return refused(&format!("{e:#}")),
    };
    // The scaffold's example recommendation gives way to the report's own findings.
    let mut yaml = match edit_list::apply(
        &scaffold,
        &ListEdit::Remove(FieldPath::parse("recommendations")),
    ) {
        Ok(t) => t,
        Err(e) => return refused(&e),
    };
    if !yaml.ends_with("\n\n") {
        yaml.push('\n');
    }
    yaml.push_str(&crate::import::findings_yaml(&found, None));
    let settings = crate::settings::Settings::for_file(&path)
        .map(|f| f.settings)
        .unwrap_or_default();
    let (diagnostics, loads) = checked(&path, &yaml, &settings);
    if !loads {
        let why = diagnostics
            .first()
            .map_or_else(String::new, |d| d.message.clone());
        return refused(&why);
    }
    if let Err(e) = crate::fs::write_atomic(&path, yaml.as_bytes()) {
        return refused(&format!("{e:#}"));
    }
    Answer::html(
        "200 OK",
        pages::response(
            state,
            &path,
            words,
            Shown::message(words.get("created"), false),
        ),
    )
}

/// The folder the archive is built into: `site` inside the folder served.
fn site_folder(state: &State) -> PathBuf {
    state.root.join("site")
}

/// Builds the archive of the folder's final responses into its `site` folder.
pub fn build(state: &State, words: &Words) -> Answer {
    if !state.folder {
        return index(
            state,
            words,
            "422 Unprocessable Content",
            words.fill(
                "build_refused",
                &[(
                    "why",
                    "the desk was opened on one file; open it on the folder of responses",
                )],
            ),
            true,
        );
    }
    let out = site_folder(state);
    let opts = crate::site::Options {
        dir: state.root.clone(),
        out: out.clone(),
        base_url: None,
        templates: None,
        force: false,
        jobs: 1,
        tracker: false,
        follow_links: state.follow_links,
        drafts: false,
        overwrite: false,
        today: None,
    };
    match crate::site::build(&opts, &crate::site::Quiet) {
        Ok(built) if !built.settings_broken => {
            let s = &built.summary;
            index(
                state,
                words,
                "200 OK",
                words.fill(
                    "built",
                    &[
                        ("out", &out.display().to_string()),
                        ("published", &s.published.to_string()),
                        ("drafts", &s.drafts.to_string()),
                        ("failed", &s.failed.to_string()),
                    ],
                ),
                s.failed > 0,
            )
        }
        Ok(_) => index(
            state,
            words,
            "422 Unprocessable Content",
            words.fill(
                "build_refused",
                &[(
                    "why",
                    "the office's settings (s55.yaml) cannot be read; `s55 check` says why",
                )],
            ),
            true,
        ),
        Err(e) => index(
            state,
            words,
            "422 Unprocessable Content",
            words.fill("build_refused", &[("why", &format!("{e:#}"))]),
            true,
        ),
    }
}

/// A Word form for the other office, made from the response as it is now:
/// `form/chief-officer.docx` or `form/commissioner.docx`.
pub fn form_download(state: &State, file: &Path, rest: &str) -> Answer {
    let words = Words::builtin();
    let Some(which) = rest
        .strip_prefix("form/")
        .and_then(|r| r.strip_suffix(".docx"))
        .and_then(Which::from_key)
    else {
        return super::not_found();
    };
    let (text, settings) = match read(state, file, &words) {
        Ok(t) => t,
        Err(a) => return a,
    };
    let name = file.display().to_string();
    let mut loaded = crate::load::load_bytes(&name, text.as_bytes(), settings.defaults());
    crate::check::check_loaded(&mut loaded, &settings);
    let made = loaded
        .editions
        .as_ref()
        .map(|e| crate::render::docx::form(&state.renderer, e, &settings, which, &text));
    match made {
        Some(Ok(made)) => {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Answer {
                status: "200 OK",
                kind: crate::render::format::Format::media_type(&crate::render::format::Docx),
                body: made.bytes,
                download: Some(format!("{stem}-{}.docx", which.key())),
            }
        }
        _ => Answer::html(
            "422 Unprocessable Content",
            pages::response(
                state,
                file,
                &words,
                Shown::message(
                    words.fill(
                        "form_refused",
                        &[
                            ("why", "the response has errors to put right first"),
                            ("hint", ""),
                        ],
                    ),
                    true,
                ),
            ),
        ),
    }
}

/// Returned forms read but not yet applied: by key, the file, the version of its text the
/// changes were read against, and the new text.
type Pending = Mutex<HashMap<String, (PathBuf, String, String)>>;

fn pending() -> &'static Pending {
    static PENDING: OnceLock<Pending> = OnceLock::new();
    PENDING.get_or_init(Pending::default)
}

/// Reads a returned Word form against the response and shows what it would change; nothing
/// is written until the officer applies it.
pub fn form_upload(
    state: &State,
    file: &Path,
    fields: &[(String, Value)],
    words: &Words,
) -> Answer {
    let refused = |why: &str, hint: &str| {
        Answer::html(
            "422 Unprocessable Content",
            pages::response(
                state,
                file,
                words,
                Shown::message(
                    words.fill("form_refused", &[("why", why), ("hint", hint)]),
                    true,
                ),
            ),
        )
    };
    let Some(Value::File { bytes, .. }) = field(fields, "docx")
        .filter(|v| matches!(v, Value::File { bytes, .. } if !bytes.is_empty()))
    else {
        return refused(
            "no file was given",
            "choose the Word form that came back, then send it",
        );
    };
    let (text, settings) = match read(state, file, words) {
        Ok(t) => t,
        Err(a) => return a,
    };
    let filled = match crate::import::form::read(bytes) {
        Ok(f) => f,
        Err(r) => return refused(&r.0, &r.1),
    };
    let name = file.display().to_string();
    let mut loaded = crate::load::load_bytes(&name, text.as_bytes(), settings.defaults());
    crate::check::check_loaded(&mut loaded, &settings);
    let Some(editions) = &loaded.editions else {
        return refused("the response has errors to put right first", "");
    };
    let back = match crate::import::form::read_back(
        &filled,
        &state.renderer,
        editions,
        &settings,
        &text,
        false,
    ) {
        Ok(b) => b,
        Err(r) => return refused(&r.0, &r.1),
    };
    if back.fields == 0 {
        return Answer::html(
            "200 OK",
            pages::response(
                state,
                file,
                words,
                Shown::message(words.get("form_unchanged"), false),
            ),
        );
    }
    let (diagnostics, loads) = checked(file, &back.text, &settings);
    if !loads {
        let why = diagnostics
            .first()
            .map_or_else(String::new, |d| d.message.clone());
        return refused(&why, "");
    }
    let key = super::session::token()
        .get(..8)
        .map(|t| format!("{t}-{}", crate::util::hash_hex(back.text.as_bytes())))
        .unwrap_or_default();
    if let Ok(mut p) = pending().lock() {
        p.insert(
            key.clone(),
            (file.to_path_buf(), version(&text), back.text.clone()),
        );
    }
    let review = Review {
        key,
        hunks: back
            .hunks
            .iter()
            .map(|h| ReviewHunk {
                path: h.path.to_string(),
                line: h.line,
                old: h.old.join("\n"),
                new: h.new.join("\n"),
            })
            .collect(),
        warnings: back.warnings.clone(),
    };
    let shown = Shown {
        review: Some(review),
        ..Shown::message(
            words.fill("form_shown", &[("n", &back.fields.to_string())]),
            false,
        )
    };
    Answer::html("200 OK", pages::response(state, file, words, shown))
}

/// Applies a returned form's changes shown before, unless the file changed since.
pub fn form_apply(state: &State, file: &Path, fields: &[(String, Value)], words: &Words) -> Answer {
    let key = text_field(fields, "key").unwrap_or_default();
    let found = pending().lock().ok().and_then(|mut p| p.remove(&key));
    let (text, _) = match read(state, file, words) {
        Ok(t) => t,
        Err(a) => return a,
    };
    let Some((path, was, new)) = found.filter(|(p, _, _)| p == file) else {
        return Answer::html(
            "409 Conflict",
            pages::response(state, file, words, Shown::message(words.fill("form_refused", &[("why", "these changes were applied already, or the desk was started again since"), ("hint", "read the Word form back again")]), true)),
        );
    };
    if was != version(&text) {
        return Answer::html(
            "409 Conflict",
            pages::response(
                state,
                file,
                words,
                Shown::message(words.get("conflict"), true),
            ),
        );
    }
    if let Err(e) = crate::fs::write_atomic(&path, new.as_bytes()) {
        return Answer::html(
            "500 Internal Server Error",
            pages::response(
                state,
                file,
                words,
                Shown::message(
                    words.fill("form_refused", &[("why", &format!("{e:#}")), ("hint", "")]),
                    true,
                ),
            ),
        );
    }
    let n = new
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .count()
        .max(1);
    Answer::html(
        "200 OK",
        pages::response(
            state,
            file,
            words,
            Shown::message(words.fill("form_applied", &[("n", &n.to_string())]), false),
        ),
    )
}

/// Writes the two covering e-mails of section 55(6) into the folder `emails` beside the
/// responses.
pub fn emails(state: &State, file: &Path, words: &Words) -> Answer {
    let refused = |why: &str| {
        Answer::html(
            "422 Unprocessable Content",
            pages::response(
                state,
                file,
                words,
                Shown::message(words.fill("emails_refused", &[("why", why)]), true),
            ),
        )
    };
    let checked = crate::check::check_file(file);
    let Some(editions) = &checked.loaded.editions else {
        return refused("the response has errors to put right first");
    };
    // Dated when they are made, as `s55 copies` dates them.
    let made = match crate::util::source_date_epoch() {
        Ok(epoch) => epoch.unwrap_or_else(jiff::Timestamp::now),
        Err(e) => return refused(&format!("{e:#}")),
    };
    let folder = if state.folder {
        state.root.clone()
    } else {
        file.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mails =
        match crate::copies::for_file(file, &state.renderer, editions, &checked.settings, made) {
            Ok(m) => m,
            Err(e) => return refused(&format!("{e:#}")),
        };
    let out = folder.join("emails");
    if let Err(e) = crate::fs::create_dir_all(&out) {
        return refused(&format!("{e:#}"));
    }
    for (name, bytes) in &mails {
        if let Err(e) = crate::fs::write_atomic(&out.join(name), bytes) {
            return refused(&format!("{e:#}"));
        }
    }
    Answer::html(
        "200 OK",
        pages::response(
            state,
            file,
            words,
            Shown::message(
                words.fill(
                    "emails_made",
                    &[
                        ("out", &out.display().to_string()),
                        ("n", &mails.len().to_string()),
                    ],
                ),
                false,
            ),
        ),
    )
}

/// Publishes the folder's final responses to the office's WordPress site (`s55 publish
/// wordpress`), with the user and application password typed for this once: the desk keeps
/// neither.
pub fn publish(state: &State, fields: &[(String, Value)], words: &Words) -> Answer {
    let refused = |why: &str| refused_on_index(state, words, "publish_refused", why);
    if !state.folder {
        return refused("the desk was opened on one file; open it on the folder of responses");
    }
    let url = text_field(fields, "url").unwrap_or_default();
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return refused("give the site's address, starting https://");
    }
    let user = text_field(fields, "user").unwrap_or_default();
    let password = text_field(fields, "password").unwrap_or_default();
    if user.trim().is_empty() || password.trim().is_empty() {
        return refused(
            "give the WordPress user's name and an application password made for s55 (in WordPress: Users, Profile, Application Passwords)",
        );
    }
    let site = crate::wordpress::Site::new(url, user.trim(), password.trim());
    let opts = crate::wordpress::Options {
        dir: &state.root,
        url,
        dry_run: false,
        overwrite: false,
        today: jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    };
    match crate::wordpress::publish(&state.renderer, &opts, Some(&site)) {
        Ok(outcome) => {
            let sent = outcome
                .done
                .iter()
                .filter(|d| d.action != crate::wordpress::Action::Leave)
                .count();
            let failed = !outcome.refused.is_empty() || !outcome.broken.is_empty();
            index(
                state,
                words,
                "200 OK",
                if sent == 1 {
                    words.get("published_one")
                } else {
                    words.fill("published", &[("n", &sent.to_string())])
                },
                failed,
            )
        }
        Err(e) => refused(&format!("{e:#}")),
    }
}
