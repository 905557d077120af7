//! Checks a parsed response: everything wrong with it at once, never just the first problem.
//!
//! Errors are what makes a document wrong or impossible to render (empty comments, two
//! recommendations with the same number, a list that no section shows). Warnings are what an
//! office must look at before publishing: the duties of section 55 (the 56-day window, a
//! response to every recommendation, the chief officer's comments), and content that s55
//! changed to keep the page safe (raw HTML shown as text, links it dropped).

use std::collections::HashMap;

mod duties;

use crate::diag::{Diagnostic, FieldPath, closest};
use crate::markup::{self, is_web_address};
use crate::model::{Finding, Number, Point, Response, SectionKind};
use crate::settings::Settings;
use crate::timescale;
use crate::util::shorten;
pub use duties::placeholders;
use duties::statutory_duties;

/// Every problem found in a response, in the order of the file, against the office's settings
/// (the statuses it allows).
pub fn validate(doc: &Response, settings: &Settings) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let root = FieldPath::root();
    names_and_addresses(&mut found, doc);
    too_long(
        &mut found,
        doc.opening.as_deref(),
        root.key("opening"),
        &settings.limits,
    );
    if let Some(text) = &doc.opening {
        markdown_field(&mut found, text, root.key("opening"));
        cites_the_wrong_subsection(&mut found, text, root.key("opening"));
    }

    let shown = sections(&mut found, doc, settings);
    let too_many = too_many_points(&mut found, doc, &settings.limits);
    for (kind, items) in [
        (SectionKind::Recommendations, &doc.recommendations),
        (SectionKind::AreasForImprovement, &doc.areas_for_improvement),
        (SectionKind::CausesOfConcern, &doc.causes_of_concern),
    ] {
        if !too_many {
            findings(&mut found, kind, items, &shown, doc, settings);
        }
    }
    if !doc.grades.is_empty() && !shown.contains_key(&SectionKind::Grades) {
        found.push(
            Diagnostic::error("the grades are listed but no section shows them")
                .at(root.key("grades"))
                .hint("add `- kind: grades` to `sections` where they should appear"),
        );
    }

    for (i, _) in doc.unplaced.iter().enumerate() {
        found.push(
            Diagnostic::warning("text from an import is still to be placed")
                .at(root.key("unplaced").index(i))
                .hint("move it into a section, or delete it; it is not published"),
        );
    }
    statutory_duties(&mut found, doc, settings);
    found
}

/// The names the letter cannot do without, and the addresses it links to.
fn names_and_addresses(found: &mut Vec<Diagnostic>, doc: &Response) {
    let root = FieldPath::root();

    required(found, &doc.force, root.key("force"), "the force's name");
    required(
        found,
        &doc.body.area,
        root.key("body").key("area"),
        "the police area",
    );
    required(
        found,
        &doc.commissioner.name,
        root.key("commissioner").key("name"),
        "the commissioner's name",
    );
    required(
        found,
        &doc.report.title,
        root.key("report").key("title"),
        "the report's title",
    );
    if let Some(c) = &doc.chief_officer {
        required(
            found,
            &c.name,
            root.key("chief_officer").key("name"),
            "the chief officer's name",
        );
    }
    web_address(
        found,
        doc.report.url.as_deref(),
        root.key("report").key("url"),
    );
    web_address(
        found,
        doc.body.website.as_deref(),
        root.key("body").key("website"),
    );
    if let Some(p) = &doc.report.inspected
        && let Some(to) = p.to
        && to < p.from
    {
        found.push(
            Diagnostic::error("the inspection ends before it begins")
                .at(root.key("report").key("inspected").key("to"))
                .hint("`from` is the first day of fieldwork and `to` the last"),
        );
    }
}

/// Sections: their text, and which lists they show (by kind, how many sections).
fn sections(
    found: &mut Vec<Diagnostic>,
    doc: &Response,
    settings: &Settings,
) -> HashMap<SectionKind, usize> {
    let root = FieldPath::root();
    let mut shown: HashMap<SectionKind, usize> = HashMap::new();
    if doc.sections.is_empty() {
        found.push(
            Diagnostic::error("the response has no sections")
                .at(root.key("sections"))
                .hint("list the parts of the document under `sections:`; `s55 new` prints the usual ones"),
        );
    }
    for (i, s) in doc.sections.iter().enumerate() {
        let at = root.key("sections").index(i);
        *shown.entry(s.kind).or_default() += 1;
        too_long(found, s.text.as_deref(), at.key("text"), &settings.limits);
        match &s.text {
            Some(t) if !t.trim().is_empty() => {
                markdown_field(found, t, at.key("text"));
                cites_the_wrong_subsection(found, t, at.key("text"));
            }
            _ if s.kind.needs_text() => found.push(
                Diagnostic::error(format!("the `{}` section has no text", s.kind.key()))
                    .at(at.key("text"))
                    .hint("write the text under `text: |`, or remove the section"),
            ),
            _ => {}
        }
        let empty_list = match s.kind {
            SectionKind::Recommendations => doc.recommendations.is_empty(),
            SectionKind::AreasForImprovement => doc.areas_for_improvement.is_empty(),
            SectionKind::CausesOfConcern => doc.causes_of_concern.is_empty(),
            SectionKind::Grades => doc.grades.is_empty(),
            _ => false,
        };
        if empty_list {
            let field = list_field(s.kind);
            found.push(
                Diagnostic::warning(format!(
                    "the `{}` section has nothing to show",
                    s.kind.key()
                ))
                .at(at.key("kind"))
                .hint(format!("list them under `{field}:`, or remove the section")),
            );
        }
        if s.kind == SectionKind::ChiefOfficerComments && doc.chief_officer.is_none() {
            found.push(
                Diagnostic::warning("the chief officer's comments are not attributed")
                    .at(at)
                    .hint("add `chief_officer:` with the name and title of the chief officer"),
            );
        }
    }

    shown
}

fn list_field(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Recommendations => "recommendations",
        SectionKind::AreasForImprovement => "areas_for_improvement",
        SectionKind::CausesOfConcern => "causes_of_concern",
        _ => "grades",
    }
}

fn required(found: &mut Vec<Diagnostic>, text: &str, at: FieldPath, what: &str) {
    if text.trim().is_empty() {
        found.push(
            Diagnostic::error(format!("{what} is empty"))
                .at(at)
                .hint("write it out; it appears in the document"),
        );
    }
}

fn web_address(found: &mut Vec<Diagnostic>, url: Option<&str>, at: FieldPath) {
    if let Some(u) = url
        && !is_web_address(u)
    {
        found.push(
            Diagnostic::warning(format!(
                "`{}` is not a web address; it is left out",
                shorten(u, 60)
            ))
            .at(at)
            .hint("give the full address, starting https://"),
        );
    }
}

/// Warns about what sanitising will change in a Markdown field.
fn markdown_field(found: &mut Vec<Diagnostic>, text: &str, at: FieldPath) {
    // HTML, links and images all need one of these: a text without them has nothing to
    // find, and most texts are plain, so the Markdown parser is spared.
    if !text.contains(['<', '[']) {
        return;
    }
    let mut html_said = false;
    for f in markup::sanitize(text, 0).findings {
        let at = at.clone();
        let near = f.written;
        let d = match f.kind {
            markup::FindingKind::RawHtml(h) if !html_said => {
                html_said = true;
                Diagnostic::warning(format!(
                    "raw HTML `{}` is shown as text, not used as HTML",
                    shorten(&h, 40)
                ))
                .hint("write Markdown instead: **bold**, *italic*, [text](https://address)")
            }
            markup::FindingKind::RawHtml(_) => continue,
            markup::FindingKind::UnsafeLink(dest) => Diagnostic::warning(format!(
                "the link to `{}` is dropped and only its text kept",
                shorten(&dest, 40)
            ))
            .hint("links may go to http, https or mailto addresses, or to a relative address"),
            markup::FindingKind::Image(dest) => Diagnostic::warning(format!(
                "the image `{}` is not shown; its description is kept as text",
                shorten(&dest, 40)
            ))
            .hint("a letter carries no images; describe what it shows in words"),
        };
        found.push(d.at(at).near(near));
    }
}

fn cites_the_wrong_subsection(found: &mut Vec<Diagnostic>, text: &str, at: FieldPath) {
    // ASCII lowering keeps byte offsets, so the words can be shown as written.
    let lower = text.to_ascii_lowercase();
    let hit = ["section 55(1)", "s.55(1)", "s55(1)"]
        .iter()
        .find_map(|w| lower.find(w).map(|i| &text[i..i + w.len()]));
    if let Some(words) = hit {
        found.push(
            Diagnostic::warning("the text cites section 55(1), which is the inspectors' duty to publish the report")
                .at(at)
                .near(words)
                .hint("the body's duty to publish its comments is section 55(5); cite \"section 55 of the Police Act 1996\""),
        );
    }
}

fn findings(
    found: &mut Vec<Diagnostic>,
    kind: SectionKind,
    items: &[Finding],
    shown: &HashMap<SectionKind, usize>,
    doc: &Response,
    settings: &Settings,
) {
    let field = list_field(kind);
    let root = FieldPath::root().key(field);
    let limits = &settings.limits;
    if items.len() > limits.findings {
        found.push(
            Diagnostic::error(format!(
                "`{field}` has {} entries, more than the {} s55 takes",
                items.len(),
                limits.findings
            ))
            .at(root.clone())
            .hint("if the report really has that many, raise `limits: findings:` in s55.yaml"),
        );
        return;
    }
    if !items.is_empty() && !shown.contains_key(&kind) {
        found.push(
            Diagnostic::error(format!(
                "{} {field} are listed but no section shows them",
                items.len()
            ))
            .at(root.clone())
            .hint(format!(
                "add `- kind: {}` to `sections` where they should appear",
                kind.key()
            )),
        );
    }
    let noun = match kind {
        SectionKind::AreasForImprovement => "area for improvement",
        SectionKind::CausesOfConcern => "cause of concern",
        _ => "recommendation",
    };
    entries(found, noun, field, &root, items, doc, settings);
    for (i, f) in items.iter().enumerate() {
        let at = root.index(i);
        if kind == SectionKind::Recommendations && !f.recommendations.is_empty() {
            found.push(
                Diagnostic::error("a recommendation cannot hold recommendations of its own")
                    .at(at.key("recommendations"))
                    .hint("list them under the cause of concern or area for improvement the report puts them under, or as recommendations of their own"),
            );
        }
        if kind != SectionKind::CausesOfConcern && (f.accelerated || f.discharged.is_some()) {
            found.push(
                Diagnostic::warning(format!(
                    "only a cause of concern is accelerated or discharged, not this {noun}"
                ))
                .at(at.clone())
                .hint("move `accelerated:` or `discharged:` to the cause of concern it belongs to"),
            );
        }
        if f.recommendations.len() > settings.limits.findings {
            found.push(
                Diagnostic::error(format!(
                    "{} recommendations under one {noun}, more than the {} s55 takes",
                    f.recommendations.len(),
                    settings.limits.findings
                ))
                .at(at.key("recommendations"))
                .hint("if the report really has that many, raise `limits: findings:` in s55.yaml"),
            );
            continue;
        }
        if !f.recommendations.is_empty() {
            let nested = format!("{field}[{i}].recommendations");
            entries(
                found,
                "recommendation",
                &nested,
                &at.key("recommendations"),
                &f.recommendations,
                doc,
                settings,
            );
        }
    }
}

/// Checks each entry of one list: numbers unique within it, texts, sub-points, timescales and
/// statuses. `field` names the list in messages (`recommendations`,
/// `causes_of_concern[0].recommendations`).
fn entries(
    found: &mut Vec<Diagnostic>,
    noun: &str,
    field: &str,
    root: &FieldPath,
    items: &[Finding],
    doc: &Response,
    settings: &Settings,
) {
    let limits = &settings.limits;
    let mut seen: HashMap<Number, usize> = HashMap::new();
    for (i, f) in items.iter().enumerate() {
        let at = root.index(i);
        let number = f.number_at(i);
        if let Some(first) = seen.insert(number.clone(), i) {
            found.push(
                Diagnostic::error(format!("two of the {field} are numbered {number}"))
                    .at(at.key("number"))
                    .hint(format!(
                        "{field}[{first}] has the same number; give each its number from the report"
                    )),
            );
        }
        if f.text.trim().is_empty() {
            found.push(
                Diagnostic::error("the text is empty")
                    .at(at.key("text"))
                    .hint("copy the text from the report"),
            );
        } else {
            markdown_field(found, &f.text, at.key("text"));
        }
        for (name, text, what) in [
            ("force_response", &f.force_response, "the force's response"),
            ("response", &f.response, "the response"),
        ] {
            let Some(r) = text else { continue };
            if r.trim().is_empty() {
                found.push(
                    Diagnostic::error(format!("{what} is empty"))
                        .at(at.key(name))
                        .hint(format!("write {what}, or remove `{name}:`")),
                );
            } else {
                markdown_field(found, r, at.key(name));
            }
        }
        points(found, &f.items, at.key("items"), 1, limits, &mut false);
        for (name, text) in [
            ("text", Some(&f.text)),
            ("force_response", f.force_response.as_ref()),
            ("response", f.response.as_ref()),
        ] {
            too_long(found, text.map(String::as_str), at.key(name), limits);
        }
        timescale_of(
            found,
            f,
            &format!("{noun} {number}"),
            at.clone(),
            doc.report.published.0,
        );
        if let Some(status) = &f.status
            && settings.status(status).is_none()
        {
            let names = settings.statuses.iter().map(|s| s.name.as_str());
            let hint = match closest(status, names) {
                Some(best) => format!(
                    "did you mean `{best}`? The statuses allowed are {}",
                    settings.allowed()
                ),
                None => format!(
                    "the statuses allowed are {}; an office lists its own in s55.yaml",
                    settings.allowed()
                ),
            };
            found.push(
                Diagnostic::error(format!("unknown status `{}`", shorten(status, 40)))
                    .at(at.key("status"))
                    .hint(hint),
            );
        }
        progress(found, f, &at, settings, doc.report.published.0);
    }
}

/// Checks a finding's progress: each entry's status is one the office allows, dated no
/// earlier than the report, and its evidence is a web address.
fn progress(
    found: &mut Vec<Diagnostic>,
    f: &Finding,
    at: &FieldPath,
    settings: &Settings,
    published: jiff::civil::Date,
) {
    for (i, p) in f.progress.iter().enumerate() {
        let here = at.key("progress").index(i);
        if settings.status(&p.status).is_none() {
            found.push(
                Diagnostic::error(format!("unknown status `{}`", shorten(&p.status, 40)))
                    .at(here.key("status"))
                    .hint(format!(
                        "the statuses allowed are {}; an office lists its own in s55.yaml",
                        settings.allowed()
                    )),
            );
        }
        if p.date.0 < published {
            found.push(
                Diagnostic::error(format!(
                    "progress dated {}, before the report was published on {published}",
                    p.date.0
                ))
                .at(here.key("date"))
                .hint("progress is recorded after the report; check the date"),
            );
        }
        web_address(found, p.evidence.as_deref(), here.key("evidence"));
    }
}

/// Checks a finding's timescale: a field s55 cannot read is a warning; one read from the text
/// is a note, with the due date it sets.
fn timescale_of(
    found: &mut Vec<Diagnostic>,
    f: &Finding,
    what: &str,
    at: FieldPath,
    published: jiff::civil::Date,
) {
    match (timescale::of(f), &f.timescale) {
        (None, Some(field)) => found.push(
            Diagnostic::warning(format!("unknown timescale `{}`", shorten(field, 40)))
                .at(at.key("timescale"))
                .hint(format!("write {}", timescale::FORMS)),
        ),
        (Some(read), _) => {
            let due = crate::statute::due_of(&read, published)
                .map_or_else(|| "no due date".to_owned(), |d| format!("due {d}"));
            let message = if read.from_text {
                format!(
                    "{what}: timescale `{}` read from its text, {due}",
                    read.words
                )
            } else {
                format!("{what}: timescale `{}`, {due}", read.words)
            };
            let path = if read.from_text {
                at.key("text")
            } else {
                at.key("timescale")
            };
            found.push(Diagnostic::note(message).at(path).near(read.words.clone()));
        }
        (None, None) => {}
    }
}

/// More sub-points in the whole response than the limit is one error, said before anything
/// else is checked of the findings, and nothing more is checked of them: each sub-point
/// would otherwise cost a check, and its render pages. Whether it was said.
fn too_many_points(
    found: &mut Vec<Diagnostic>,
    doc: &Response,
    limits: &crate::settings::Limits,
) -> bool {
    /// Counts up to `limit + 1`, then stops.
    fn count(items: &[Point], limit: usize, total: &mut usize) {
        for p in items {
            if *total > limit {
                return;
            }
            *total += 1;
            count(&p.items, limit, total);
        }
    }
    fn entries(list: &[Finding], limit: usize, total: &mut usize) {
        for f in list {
            count(&f.items, limit, total);
            entries(&f.recommendations, limit, total);
        }
    }
    let mut total = 0;
    for (kind, list) in [
        (SectionKind::Recommendations, &doc.recommendations),
        (SectionKind::AreasForImprovement, &doc.areas_for_improvement),
        (SectionKind::CausesOfConcern, &doc.causes_of_concern),
    ] {
        entries(list, limits.points, &mut total);
        if total > limits.points {
            // Said where the count passed the limit.
            found.push(
                Diagnostic::error(format!(
                    "the response has more than {} sub-points in all, more than s55 takes",
                    limits.points
                ))
                .at(FieldPath::root().key(list_field(kind)))
                .hint("if the report really has that many, raise `limits: points:` in s55.yaml"),
            );
            return true;
        }
    }
    false
}

/// A text longer than the limit is an error: it would make pages no one can read, and
/// rendering it would take long.
fn too_long(
    found: &mut Vec<Diagnostic>,
    text: Option<&str>,
    at: FieldPath,
    limits: &crate::settings::Limits,
) {
    if let Some(t) = text
        && t.len() > limits.text
        && t.chars().count() > limits.text
    {
        found.push(
            Diagnostic::error(format!(
                "this text has {} characters, more than the {} s55 takes in one text",
                t.chars().count(),
                limits.text
            ))
            .at(at)
            .hint("split it into sections, or raise `limits: text:` in s55.yaml"),
        );
    }
}

/// Checks an entry's sub-points. Nesting too deep is said once for the entry, at the first
/// place (`deep_said`): the same error at every deepest list would be thousands of one.
fn points(
    found: &mut Vec<Diagnostic>,
    items: &[Point],
    at: FieldPath,
    depth: usize,
    limits: &crate::settings::Limits,
    deep_said: &mut bool,
) {
    if depth > limits.depth {
        if std::mem::replace(deep_said, true) {
            return;
        }
        found.push(
            Diagnostic::error(format!(
                "sub-points nest {depth} deep, deeper than the {} s55 takes",
                limits.depth
            ))
            .at(at)
            .hint("flatten the list, or raise `limits: depth:` in s55.yaml"),
        );
        return;
    }
    if items.len() > limits.findings {
        found.push(
            Diagnostic::error(format!(
                "{} sub-points, more than the {} s55 takes",
                items.len(),
                limits.findings
            ))
            .at(at)
            .hint("raise `limits: findings:` in s55.yaml if the report really has that many"),
        );
        return;
    }
    for (i, p) in items.iter().enumerate() {
        let here = at.index(i);
        if p.text.trim().is_empty() {
            found.push(
                Diagnostic::error("the sub-point's text is empty")
                    .at(here.key("text"))
                    .hint("copy the text from the report, or remove the sub-point"),
            );
        } else {
            markdown_field(found, &p.text, here.key("text"));
        }
        too_long(found, Some(&p.text), here.key("text"), limits);
        points(
            found,
            &p.items,
            here.key("items"),
            depth + 1,
            limits,
            deep_said,
        );
    }
}
