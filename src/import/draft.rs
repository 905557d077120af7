//! Writing what the response importer read as a draft that `s55 check` accepts and
//! `s55 render` renders.
//!
//! Policy: a required field the document does not give gets a value check accepts, a YAML
//! comment above it and a warning, both saying it is a guess to confirm; optional fields that
//! were not found are left out with a comment rather than filled with a placeholder.

use super::blocks::Block;
use super::dates::{self, Found};
use super::facts;
use super::response::{Draft, Read, Walk, body_facts, findings_yaml, list_key, take_signature};
use super::warning::Warning;
use super::yaml::yaml_quote;

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

/// A `key: value` line, or the key commented out with what to fill in.
fn guessed(
    y: &mut String,
    w: &mut Vec<Warning>,
    pad: &str,
    key: &str,
    value: Option<String>,
    what: &str,
    fallback: &str,
) {
    match value {
        Some(v) => y.push_str(&format!("{pad}{key}: {}\n", yaml_quote(&v))),
        None => {
            y.push_str(&format!(
                "{pad}# {key}: not found in the text; a placeholder to replace with {what}\n"
            ));
            y.push_str(&format!("{pad}{key}: {}\n", yaml_quote(fallback)));
            w.push(Warning::new(format!(
                "could not find {what}: `{key}` is a placeholder to replace"
            )));
        }
    }
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

/// The draft's YAML and warnings.
pub(crate) fn write(read: Read, signature: Vec<String>, text: &str) -> Draft {
    let mut w = read.warnings.clone();
    let mut y = String::from(
        "# Imported by s55 from a published response: check every comment and warning.\n",
    );
    for n in &read.notes {
        y.push_str(&format!("# {n}\n"));
    }
    let language = facts::language(text);
    if language != "en" {
        y.push_str(&format!(
            "language: {}\n",
            if language == "bilingual" {
                "en"
            } else {
                language
            }
        ));
        if language == "bilingual" {
            y.push_str("# the text is in Welsh and English: give each text as `en:` and `cy:` and set `language: bilingual`\n");
            w.push(Warning::new("the text is in Welsh and in English, mixed rather than one edition after the other: the draft keeps both in one language's fields; split them into `en:` and `cy:`"));
        }
    }
    if !read.letter {
        y.push_str("form: statement\n");
    }
    if let Some(t) = &read.title {
        y.push_str(&format!("title: {}\n", yaml_quote(t)));
    }
    let (published, guess, date) = days(text, read.date.as_ref());
    if let Some(d) = &date {
        y.push_str(&format!("date: {d}\n"));
    }
    if read.letter && !read.addressees.is_empty() {
        y.push_str("addressees:\n");
        for a in &read.addressees {
            y.push_str(&format!("  - {}\n", yaml_quote(a)));
        }
    }
    if let Some(sal) = read.salutation.as_ref().filter(|_| read.letter) {
        y.push_str(&format!("salutation: {}\n", yaml_quote(sal)));
    }
    body(&mut y, &mut w, &read, &signature, text);
    report(&mut y, &mut w, &read, text, &published, guess);
    if !read.opening.is_empty() {
        y.push_str(&format!(
            "opening: {}\n",
            yaml_quote(&read.opening.join("\n\n"))
        ));
    }
    sections(&mut y, &mut w, &read);
    y.push_str(&findings_yaml(&read.findings));
    if !read.unplaced.is_empty() {
        w.push(Warning::near(
            read.unplaced[0].clone(),
            format!(
                "kept {} the import could not place under `unplaced:`: move or delete them",
                crate::util::plural(read.unplaced.len(), "line")
            ),
        ));
        y.push_str("unplaced:\n");
        for l in &read.unplaced {
            y.push_str(&format!("  - {}\n", yaml_quote(l)));
        }
    }
    Draft {
        yaml: mark_draft(y),
        warnings: w,
    }
}

/// A draft with a placeholder left in it, or no date, says so (`draft: true`, after the
/// opening comments), so that it is not published until it is filled in and dated.
pub(crate) fn mark_draft(y: String) -> String {
    if !y.contains("\"TODO") && y.contains("\ndate: ") {
        return y;
    }
    let at = y
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| !y[i..].starts_with('#'))
        .unwrap_or(y.len());
    format!("{}draft: true\n{}", &y[..at], &y[at..])
}

/// `body:`, `commissioner:`, `chief_officer:` and `force:`.
fn body(y: &mut String, w: &mut Vec<Warning>, read: &Read, signature: &[String], text: &str) {
    let who = read.responder.as_deref().unwrap_or(text);
    let (kind, area) = body_facts(&format!("{who}\n{text}"));
    y.push_str(&format!("# body: `{kind}` read from the body's title in the text: confirm it\nbody:\n  kind: {kind}\n"));
    let force = facts::force(text);
    let area = area.or_else(|| {
        let a = force
            .as_deref()?
            .trim_end_matches(" Police")
            .trim_end_matches(" Constabulary")
            .trim_start_matches("Heddlu ");
        w.push(Warning::near(
            force.as_deref().unwrap_or_default(),
            format!("the police area is taken from the force's name ({a}): confirm it"),
        ));
        Some(a.to_owned())
    });
    guessed(
        y,
        w,
        "  ",
        "area",
        area.clone(),
        "the police area",
        "TODO: the police area",
    );
    let (sname, post, title) = signer(signature);
    let name = sname
        .or_else(|| read.responder.as_deref().and_then(facts::commissioner))
        .or_else(|| facts::commissioner(text))
        .or_else(|| read.byline.clone());
    y.push_str("commissioner:\n");
    guessed(
        y,
        w,
        "  ",
        "name",
        name,
        "the commissioner's name",
        "TODO: the commissioner's name",
    );
    if let Some(p) = post {
        y.push_str(&format!("  post_nominals: {}\n", yaml_quote(&p)));
    }
    if let Some(t) = title {
        y.push_str(&format!("  title: {}\n", yaml_quote(&t)));
    }
    match facts::chief(text) {
        Some((n, full)) => {
            if !full {
                w.push(Warning::near(
                    n.clone(),
                    "the chief officer's name is only a surname from the text: give the full name",
                ));
            }
            y.push_str(&format!("chief_officer:\n  name: {}\n", yaml_quote(&n)));
        }
        None => y.push_str("# chief_officer: not named in the text\n"),
    }
    let force = force.or_else(|| {
        let a = area.as_deref()?;
        w.push(Warning::near(
            a,
            format!("the force's name is a guess from the area ({a} Police): confirm it"),
        ));
        Some(format!("{a} Police"))
    });
    guessed(
        y,
        w,
        "",
        "force",
        force,
        "the force's name",
        "TODO: the force's name",
    );
}

/// `report:`, with the publication day told from the response's.
fn report(
    y: &mut String,
    w: &mut Vec<Warning>,
    read: &Read,
    text: &str,
    published: &str,
    guess: Option<(String, String)>,
) {
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
        w.push(Warning::near(
            t.clone(),
            "the report's title is read from the response's own words: check it against the report",
        ));
    }
    y.push_str("report:\n");
    guessed(
        y,
        w,
        "  ",
        "title",
        title,
        "the report's title",
        "TODO: the report's title",
    );
    let kind = facts::report_kind(text);
    y.push_str(&format!(
        "  # kind: `{kind}` is a guess from the words of the text: confirm it\n  kind: {kind}\n"
    ));
    if let Some((g, words)) = guess {
        y.push_str(&format!("  # published: a guess to confirm, from {g}\n"));
        w.push(Warning::near(
            words,
            format!("the report's publication date is a guess ({published}, from {g}): confirm it"),
        ));
    }
    y.push_str(&format!("  published: {published}\n"));
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
/// heading kept under `unplaced:` by the caller's list) and the lists get their parts.
fn sections(y: &mut String, w: &mut Vec<Warning>, read: &Read) {
    let mut out = String::new();
    let mut count = 0;
    for (kind, heading, paras) in &read.parts {
        let is_list = list_key(kind).is_some();
        let has_list = read
            .findings
            .iter()
            .any(|(k, e)| k == kind && !e.is_empty());
        if paras.is_empty() && !(is_list && has_list) {
            if let Some(h) = heading {
                out.push_str(&format!(
                    "  # a heading with no text under it: {}\n",
                    yaml_quote(h)
                ));
            }
            continue;
        }
        let kind = if is_list && !has_list { "text" } else { kind };
        out.push_str(&format!("  - kind: {kind}\n"));
        match heading {
            Some(h) => out.push_str(&format!("    heading: {}\n", yaml_quote(h))),
            None => out.push_str("    heading: false\n"),
        }
        if !paras.is_empty() {
            out.push_str(&format!("    text: {}\n", yaml_quote(&paras.join("\n\n"))));
        }
        count += 1;
    }
    if !read.publication.is_empty() {
        out.push_str(&format!(
            "  - kind: publication\n    heading: false\n    text: {}\n",
            yaml_quote(&read.publication.join("\n\n"))
        ));
        count += 1;
    }
    if count == 0 {
        match read.opening.is_empty() {
            false => w.push(Warning::new("found no parts after the opening: the draft has only the opening; add the comments")),
            true => w.push(Warning::new("found nothing to place: the draft's only part is the publication statement")),
        }
        out.push_str("  - kind: publication\n");
    }
    y.push_str("sections:\n");
    y.push_str(&out);
}
