//! Writing what the response importer read as a draft that `s55 check` accepts and
//! `s55 render` renders.
//!
//! Policy: a required field the document does not give gets a value check accepts, a YAML
//! comment above it and a warning, both saying it is a guess to confirm; optional fields that
//! were not found are left out with a comment rather than filled with a placeholder.

use super::blocks::Block;
use super::dates::{self, Found};
use super::facts;
use super::response::{Draft, Read, Walk, body_facts, list_key, take_signature};
use super::warning::Warning;
use super::yaml::{built, yaml_quote};
use crate::load::scalar;
use crate::load::write::{self as writer, Note, Texts};
use crate::model::{
    Body, BodyKind, Date, Finding, Form, Heading, Language, Person, Report, ReportKind, Response,
    Section, SectionKind,
};

/// One response's blocks made into a draft.
pub(super) fn one(mut all: Vec<Block>, text: &str) -> Draft {
    let signature = take_signature(&mut all);
    let mut walk = Walk::default();
    walk.blocks(&all);
    walk.settle_title(false);
    walk.settle_date(text);
    write(walk.into(), signature, text)
}

/// The report's publication day and the response's day, told apart: the report's is the date
/// beside "published" (or "today", when the page is dated); the response's is the page's own
/// date line. Returns (published, guessed from what and the words it was read from,
/// response date).
fn days(text: &str, page: Option<&Found>) -> (String, Option<(String, String)>, Option<String>) {
    let all = dates::dates(text);
    let lower = text.to_lowercase();
    let about_report = |d: &&dates::Found| {
        let from = d.at.saturating_sub(60);
        let before = lower.get(from..d.at).unwrap_or_default();
        before.contains("published")
            || before.contains("released")
            || before.contains("reported on")
            || before.contains("cyhoedd")
    };
    let near_published = all.iter().filter(about_report).find(|d| !d.month_only);
    let page_day = page.map(|d| d.iso.clone());
    if let Some(d) = near_published {
        let response = page_day.filter(|p| *p >= d.iso);
        return (d.iso.clone(), None, response);
    }
    // "published in September 2014": the month is the report's, the day a guess.
    if let Some(d) = all.iter().filter(about_report).find(|d| d.month_only) {
        let response = page_day.filter(|p| *p >= d.iso);
        return (
            d.iso.clone(),
            Some((
                format!(
                    "the month the text gives ({}); the day is the 1st",
                    d.written
                ),
                d.written.clone(),
            )),
            response,
        );
    }
    if (lower.contains("published today") || lower.contains("today (") || lower.contains("heddiw"))
        && let Some(p) = &page_day
    {
        return (
            p.clone(),
            Some((
                "the page's date, as the report is said to be published that day".to_owned(),
                page.map(|d| d.written.clone()).unwrap_or_default(),
            )),
            page_day,
        );
    }
    if let Some(p) = &page_day {
        return (
            p.clone(),
            Some((
                "the page's own date: the report was published on or before it".to_owned(),
                page.map(|d| d.written.clone()).unwrap_or_default(),
            )),
            page_day,
        );
    }
    // Only a sentence about the report dates it: not a menu's "Police, Fire and Crime Plan
    // 2021-26", nor a copyright line.
    let sentences: Vec<&str> = text
        .split(['.', '\n'])
        .filter(|s| {
            let l = s.to_lowercase();
            ["report", "inspect", "hmic", "peel", "adroddiad", "arolyg"]
                .iter()
                .any(|w| l.contains(w))
                && !l.contains("plan 20")
                && !l.contains('©')
        })
        .collect();
    let about = |at: usize| {
        sentences.iter().any(|s| {
            let from = s.as_ptr() as usize - text.as_ptr() as usize;
            (from..from + s.len()).contains(&at)
        })
    };
    if let Some(d) = all.iter().find(|d| about(d.at)) {
        return (
            d.iso.clone(),
            Some((
                format!(
                    "the first date in a sentence about the report ({})",
                    d.written
                ),
                d.written.clone(),
            )),
            None,
        );
    }
    let year = sentences
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_ascii_digit()))
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u16>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .max();
    match year {
        Some(y) => (
            format!("{y}-01-01"),
            Some((
                format!(
                    "the 1st of January of the latest year a sentence about the report names ({y})"
                ),
                y.to_string(),
            )),
            None,
        ),
        None => (
            "2000-01-01".to_owned(),
            Some(("no date in the text at all".to_owned(), String::new())),
            None,
        ),
    }
}

/// What the draft says beside its values: comments for the writer to place, and warnings.
struct Said {
    notes: Vec<Note>,
    warnings: Vec<Warning>,
    /// Whether a placeholder stands in for a required field.
    placeholder: bool,
}

impl Said {
    /// A comment in the mapping at `at`, before the first of the fields `before` it has.
    fn note(&mut self, at: &str, before: &[&str], text: String) {
        self.notes.push(Note {
            at: at.to_owned(),
            before: before.iter().map(|b| (*b).to_owned()).collect(),
            text,
        });
    }

    /// A required text found in the document, or a placeholder with a comment above it and
    /// a warning, both saying what to fill in.
    fn guessed(&mut self, at: &str, key: &str, value: Option<String>, what: &str) -> String {
        match value {
            Some(v) => scalar::tidy(&v),
            None => {
                self.note(
                    at,
                    &[key],
                    format!("{key}: not found in the text; a placeholder to replace with {what}"),
                );
                self.warnings.push(Warning::new(format!(
                    "could not find {what}: `{key}` is a placeholder to replace"
                )));
                self.placeholder = true;
                format!("TODO: {what}")
            }
        }
    }
}

/// A word of one of the model's fixed sets (a kind of body or report) as the model's value.
fn word<T: serde::de::DeserializeOwned>(w: &str) -> Option<T> {
    serde_yaml::from_value(serde_yaml::Value::String(w.to_owned())).ok()
}

/// A day the importer read (`2023-04-17`) as the model's date.
fn day(iso: &str) -> Option<Date> {
    crate::model::parse_date(iso).ok().map(Date)
}

/// The signer's name, post-nominals and title from the signature lines.
fn signer(signature: &[String]) -> (Option<String>, Option<String>, Option<String>) {
    let Some(first) = signature.first() else {
        return (None, None, None);
    };
    let mut words: Vec<&str> = first.split_whitespace().collect();
    let post = match words.last() {
        Some(w) if w.len() <= 5 && words.len() > 2 && w.chars().all(|c| c.is_ascii_uppercase()) => {
            let p = (*w).to_owned();
            words.pop();
            Some(p)
        }
        _ => None,
    };
    (Some(words.join(" ")), post, signature.get(1).cloned())
}

/// The top-level fields a comment about the whole draft goes before: the first the draft
/// has, in the model's order.
const FIRST: [&str; 6] = ["draft", "language", "form", "title", "date", "body"];

/// The draft's YAML and warnings: the model's response, written by the one writer of
/// responses with what the importer has to say beside its values as comments.
pub(crate) fn write(read: Read, signature: Vec<String>, text: &str) -> Draft {
    let (response, said) = drafted(read, &signature, text);
    // A response of the model's own values always serializes.
    let yaml = writer::to_yaml(&response, Texts::Quoted, &said.notes).unwrap_or_default();
    Draft {
        yaml,
        warnings: said.warnings,
    }
}

/// The response the importer read, as the model holds it, and what it says beside it.
fn drafted(read: Read, signature: &[String], text: &str) -> (Response, Said) {
    let mut said = Said {
        notes: Vec::new(),
        warnings: read.warnings.clone(),
        placeholder: false,
    };
    said.note(
        "",
        &FIRST,
        "Imported by s55 from a published response: check every comment and warning.".to_owned(),
    );
    for n in &read.notes {
        said.note("", &FIRST, n.clone());
    }
    let language = facts::language(text);
    if language == "bilingual" {
        said.note("", &FIRST[2..], "the text is in Welsh and English: give each text as `en:` and `cy:` and set `language: bilingual`".to_owned());
        said.warnings.push(Warning::new("the text is in Welsh and in English, mixed rather than one edition after the other: the draft keeps both in one language's fields; split them into `en:` and `cy:`"));
    }
    let (published, guess, date) = days(text, read.date.as_ref());
    let tidy = |t: &str| scalar::tidy(t);
    let (body, commissioner, chief_officer, force) = body(&mut said, &read, signature, text);
    let report = report(&mut said, &read, text, &published, guess);
    let sections = sections(&mut said, &read);
    let mut findings: [Vec<Finding>; 3] = Default::default();
    for (kind, entries) in read.findings.iter().filter(|(_, e)| !e.is_empty()) {
        let Some(key) = list_key(kind) else { continue };
        let list = built(key, entries, &mut said.notes);
        match key {
            "recommendations" => findings[0].extend(list),
            "areas_for_improvement" => findings[1].extend(list),
            _ => findings[2].extend(list),
        }
    }
    let [recommendations, areas_for_improvement, causes_of_concern] = findings;
    if !read.unplaced.is_empty() {
        said.warnings.push(Warning::near(
            read.unplaced[0].clone(),
            format!(
                "kept {} the import could not place under `unplaced:`: move or delete them",
                crate::util::plural(read.unplaced.len(), "line")
            ),
        ));
    }
    let date = date.as_deref().and_then(day);
    let mut response = Response::new(body, commissioner, force, report, sections);
    // A draft with a placeholder left in it, or no date, says so, so that it is not
    // published until it is filled in and dated.
    response.draft = said.placeholder || date.is_none();
    if language == "cy" {
        response.language = Language::Cy;
    }
    if !read.letter {
        response.form = Form::Statement;
    }
    response.title = read.title.as_deref().map(tidy);
    response.date = date;
    response.chief_officer = chief_officer;
    response.addressees = (read.letter && !read.addressees.is_empty())
        .then(|| read.addressees.iter().map(|a| tidy(a)).collect());
    response.opening = (!read.opening.is_empty()).then(|| tidy(&read.opening.join("\n\n")));
    response.salutation = read.salutation.as_deref().filter(|_| read.letter).map(tidy);
    response.recommendations = recommendations;
    response.areas_for_improvement = areas_for_improvement;
    response.causes_of_concern = causes_of_concern;
    response.unplaced = read.unplaced.iter().map(|l| tidy(l)).collect();
    (response, said)
}

/// Whether a draft's value still has a placeholder in it (a text starting `TODO`) or no
/// date: such a draft says `draft: true`, so that it is not published until it is filled in
/// and dated.
pub(crate) fn unfinished(v: &serde_yaml::Value) -> bool {
    fn todo(v: &serde_yaml::Value) -> bool {
        match v {
            serde_yaml::Value::String(s) => s.starts_with("TODO"),
            serde_yaml::Value::Sequence(s) => s.iter().any(todo),
            serde_yaml::Value::Mapping(m) => m.values().any(todo),
            _ => false,
        }
    }
    todo(v) || v.get("date").is_none()
}

/// The body, the commissioner, the chief officer and the force.
fn body(
    said: &mut Said,
    read: &Read,
    signature: &[String],
    text: &str,
) -> (Body, Person, Option<Person>, String) {
    let who = read.responder.as_deref().unwrap_or(text);
    let (kind, area) = body_facts(&format!("{who}\n{text}"));
    said.note(
        "",
        &["body"],
        format!("body: `{kind}` read from the body's title in the text: confirm it"),
    );
    let force = facts::force(text);
    let area = area.or_else(|| {
        let a = force
            .as_deref()?
            .trim_end_matches(" Police")
            .trim_end_matches(" Constabulary")
            .trim_start_matches("Heddlu ");
        said.warnings.push(Warning::near(
            force.as_deref().unwrap_or_default(),
            format!("the police area is taken from the force's name ({a}): confirm it"),
        ));
        Some(a.to_owned())
    });
    let body = Body::new(
        word(kind).unwrap_or(BodyKind::Pcc),
        said.guessed("body", "area", area.clone(), "the police area"),
    );
    let (sname, post, title) = signer(signature);
    let name = sname
        .or_else(|| read.responder.as_deref().and_then(facts::commissioner))
        .or_else(|| facts::commissioner(text))
        .or_else(|| read.byline.clone());
    let mut commissioner =
        Person::new(said.guessed("commissioner", "name", name, "the commissioner's name"));
    commissioner.post_nominals = post.as_deref().map(scalar::tidy);
    commissioner.title = title.as_deref().map(scalar::tidy);
    let chief_officer = match facts::chief(text) {
        Some((n, full)) => {
            if !full {
                said.warnings.push(Warning::near(
                    n.clone(),
                    "the chief officer's name is only a surname from the text: give the full name",
                ));
            }
            Some(Person::new(scalar::tidy(&n)))
        }
        None => {
            said.note(
                "",
                &["force"],
                "chief_officer: not named in the text".to_owned(),
            );
            None
        }
    };
    let force = force.or_else(|| {
        let a = area.as_deref()?;
        said.warnings.push(Warning::near(
            a,
            format!("the force's name is a guess from the area ({a} Police): confirm it"),
        ));
        Some(format!("{a} Police"))
    });
    let force = said.guessed("", "force", force, "the force's name");
    (body, commissioner, chief_officer, force)
}

/// `report:`, with the publication day told from the response's.
fn report(
    said: &mut Said,
    read: &Read,
    text: &str,
    published: &str,
    guess: Option<(String, String)>,
) -> Report {
    let from_quotes = read.opening.iter().find_map(|o| quoted(o));
    let from_title = read.title.as_deref().map(|t| {
        let t = t.trim();
        for p in [
            "Response to HMICFRS report: ",
            "Commissioner’s response to HMICFRS Report: ",
            "Response to HMICFRS Report: ",
            "Response to the ",
            "Response to ",
        ] {
            if let Some(r) = t.strip_prefix(p) {
                return r.to_owned();
            }
        }
        t.to_owned()
    });
    let title = from_quotes.or(from_title);
    if let Some(t) = &title {
        said.warnings.push(Warning::near(
            t.clone(),
            "the report's title is read from the response's own words: check it against the report",
        ));
    }
    let title = said.guessed("report", "title", title, "the report's title");
    let kind = facts::report_kind(text);
    said.note(
        "report",
        &["kind"],
        format!("kind: `{kind}` is a guess from the words of the text: confirm it"),
    );
    if let Some((g, words)) = guess {
        said.note(
            "report",
            &["published"],
            format!("published: a guess to confirm, from {g}"),
        );
        said.warnings.push(Warning::near(
            words,
            format!("the report's publication date is a guess ({published}, from {g}): confirm it"),
        ));
    }
    // The days the importer reads are dates; the first of the century is its own guess.
    let published = day(published).unwrap_or(Date(jiff::civil::date(2000, 1, 1)));
    Report::new(title, word(kind).unwrap_or(ReportKind::Thematic), published)
}

/// The text between the first pair of curly single quotes.
fn quoted(text: &str) -> Option<String> {
    let a = text.find('‘')?;
    let rest = &text[a + '‘'.len_utf8()..];
    let b = rest.find('’')?;
    let q = rest[..b].trim();
    (q.split_whitespace().count() >= 3).then(|| q.to_owned())
}

/// `sections:`: every part with its text; a part that ends up with no text is dropped (its
/// heading kept as a comment beside the parts) and the lists get their parts.
fn sections(said: &mut Said, read: &Read) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    // The headings with no text under them, each with the number of parts before it.
    let mut empty: Vec<(usize, String)> = Vec::new();
    let part = |kind: &str, heading: Option<&String>, text: Option<String>| {
        let mut part = Section::new(word(kind).unwrap_or(SectionKind::Text));
        part.heading = heading.map_or(Heading::None, |h| Heading::Text(scalar::tidy(h)));
        part.text = text.as_deref().map(scalar::tidy);
        part
    };
    for (kind, heading, paras) in &read.parts {
        let is_list = list_key(kind).is_some();
        let has_list = read
            .findings
            .iter()
            .any(|(k, e)| k == kind && !e.is_empty());
        if paras.is_empty() && !(is_list && has_list) {
            if let Some(h) = heading {
                empty.push((out.len(), h.clone()));
            }
            continue;
        }
        let kind = if is_list && !has_list { "text" } else { kind };
        let text = (!paras.is_empty()).then(|| paras.join("\n\n"));
        out.push(part(kind, heading.as_ref(), text));
    }
    if !read.publication.is_empty() {
        out.push(part(
            "publication",
            None,
            Some(read.publication.join("\n\n")),
        ));
    }
    if out.is_empty() {
        match read.opening.is_empty() {
            false => said.warnings.push(Warning::new("found no parts after the opening: the draft has only the opening; add the comments")),
            true => said.warnings.push(Warning::new("found nothing to place: the draft's only part is the publication statement")),
        }
        out.push(Section::new(SectionKind::Publication));
    }
    for (before, h) in empty {
        // Above the part that came after it, or after the last part.
        let (at, fields): (usize, &[&str]) = match before < out.len() {
            true => (before, &["kind"]),
            false => (out.len() - 1, &[]),
        };
        said.note(
            &format!("sections[{at}]"),
            fields,
            format!("a heading with no text under it: {}", yaml_quote(&h)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every published response of the import corpus drafts as YAML that loads back as the
    /// very response the importer built, and holds each of its comments.
    #[test]
    fn every_draft_loads_back_as_the_response_built_with_its_comments() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut drafts = 0;
        for e in std::fs::read_dir(&root).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut all = super::super::blocks::blocks(&text);
            let signature = take_signature(&mut all);
            let mut walk = Walk::default();
            walk.blocks(&all);
            walk.settle_title(false);
            walk.settle_date(&text);
            let (built, said) = drafted(walk.into(), &signature, &text);
            let yaml = writer::to_yaml(&built, Texts::Quoted, &said.notes).unwrap();
            let back: Response = serde_yaml::from_str(&yaml)
                .unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", path.display()));
            assert_eq!(back, built, "{}\n{yaml}", path.display());
            for n in &said.notes {
                assert!(
                    yaml.contains(&format!("# {}\n", n.text)),
                    "{}: no comment {:?}\n{yaml}",
                    path.display(),
                    n.text
                );
            }
            assert!(
                yaml.starts_with("# Imported by s55 from a published response"),
                "{yaml}"
            );
            drafts += 1;
        }
        assert!(drafts >= 40, "only {drafts} drafts made");
    }
}
