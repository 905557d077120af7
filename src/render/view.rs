//! From the response to what templates see.
//!
//! Templates stay free of logic: here dates are written out ("5 August 2022"), the deadline is
//! computed, numbering is resolved, defaults come from the locale, and the office's Markdown
//! is made safe ([`super::markdown::sanitize`]). Fields ending in `_md` hold Markdown ready to
//! place (templates print them with `| safe`); every other text is plain and is escaped by the
//! template engine for the format being written.

use serde::Serialize;

use super::assets::{Locale, fill};
use super::markdown::{escape_inline, is_web_address, sanitize};
use crate::model::{Finding, Form, Heading, Numbering, Point, Response, SectionKind};
use crate::settings::Settings;
use crate::statute;
use crate::timescale::{Timescale, Unit};

/// Everything a template can use about one response.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The document language as a BCP 47 tag (`en-GB`, `cy`).
    pub lang: String,
    /// `letter` or `statement`.
    pub form: Form,
    /// The document's title.
    pub title: String,
    /// The force's name.
    pub force: String,
    /// The police area.
    pub area: String,
    /// The signatory's role, such as "Police and Crime Commissioner".
    pub role: String,
    /// The office.
    pub office: OfficeView,
    /// The response's date, written out, if given.
    pub date: Option<String>,
    /// The response's date as YYYY-MM-DD.
    pub date_iso: Option<String>,
    /// The report.
    pub report: ReportView,
    /// The statutory window.
    pub deadline: DeadlineView,
    /// Who a letter is addressed to (empty for a statement).
    pub addressees: Vec<String>,
    /// The opening paragraph.
    pub opening_md: String,
    /// The sections, in order.
    pub sections: Vec<SectionView>,
    /// The signature block.
    pub signature: SignatureView,
    /// The tracker table's rows, when it is switched on and there are recommendations.
    pub tracker: Vec<TrackerRow>,
    /// The locale's labels, as `t.NAME`.
    pub t: std::collections::BTreeMap<String, String>,
}

/// The office that responds.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeView {
    /// Its name.
    pub name: String,
    /// Its website.
    pub website: Option<String>,
    /// Its email address.
    pub email: Option<String>,
    /// Its postal address, one line per entry.
    pub address: Vec<String>,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Its title.
    pub title: String,
    /// The kind of inspection, named.
    pub kind: String,
    /// Its publication date, written out.
    pub published: String,
    /// Its publication date as YYYY-MM-DD.
    pub published_iso: String,
    /// Its web address.
    pub url: Option<String>,
    /// When the inspection took place, written out.
    pub inspected: Option<String>,
}

/// The 56-day window.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// The last day, written out.
    pub last_day: String,
    /// The last day as YYYY-MM-DD.
    pub last_day_iso: String,
    /// Days after the last day the response is dated (0 when on time or undated).
    pub days_late: i64,
}

/// One section of the document.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// The kind, as in the response file (`comments`, `recommendations`, ...).
    pub kind: &'static str,
    /// The heading, if the section has one.
    pub heading: Option<String>,
    /// The section's own text.
    pub text_md: Option<String>,
    /// For the chief officer's comments: the text as a block quote.
    pub quote_md: Option<String>,
    /// For the chief officer's comments: who said it.
    pub attribution: Option<String>,
    /// For lists of findings.
    pub findings: Option<FindingsView>,
    /// For PEEL grades.
    pub grades: Vec<GradeView>,
}

/// A list of recommendations, areas for improvement or causes of concern.
#[derive(Debug, Clone, Serialize)]
pub struct FindingsView {
    /// What one entry is called: "Recommendation".
    pub label: String,
    /// Whether each entry gets a heading of its own and its response, status and owner;
    /// otherwise the list is a plain numbered list, as in a letter that answers collectively.
    pub detailed: bool,
    /// The entries.
    pub items: Vec<FindingView>,
}

/// One recommendation, area for improvement or cause of concern.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// Its number.
    pub number: u32,
    /// "Recommendation 3".
    pub heading: String,
    /// The list marker for a plain list: "3.".
    pub marker: String,
    /// How far continuation lines are indented under the marker.
    pub indent: usize,
    /// Its text.
    pub text_md: String,
    /// Its sub-points as a Markdown list (empty when none).
    pub points_md: String,
    /// Its timescale, as given or as read from its text.
    pub timescale: Option<String>,
    /// The day it falls due, written out.
    pub due: Option<String>,
    /// Its status, as the office's settings label it.
    pub status: Option<String>,
    /// Its owner.
    pub owner: Option<String>,
    /// Whether it applies to this force.
    pub applies: bool,
    /// The statement that it does not apply, when it does not.
    pub not_applicable: Option<String>,
    /// The body's response to it.
    pub response_md: Option<String>,
}

/// A PEEL grade.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    /// The area of policing.
    pub area: String,
    /// The grade, named.
    pub grade: String,
}

/// The signature block.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureView {
    /// The name with post-nominals: "Philip Seccombe TD".
    pub name: String,
    /// The title.
    pub title: String,
    /// The date, written out, if any.
    pub date: Option<String>,
}

/// Writes a date in the locale's words: "5 August 2022".
pub fn format_date(d: jiff::civil::Date, locale: &Locale) -> String {
    let month = locale
        .months
        .get(usize::try_from(d.month() - 1).unwrap_or(0))
        .map_or("", String::as_str);
    fill(
        &locale.date,
        &[
            ("day", &d.day().to_string()),
            ("month", month),
            ("year", &d.year().to_string()),
        ],
    )
}

/// Joins names as a sentence does: "A, B and C" ("A, B ac C" before a vowel in Welsh).
fn join_names(names: &[String], and: &str, and_vowel: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let vowel = last
                .chars()
                .next()
                .is_some_and(|c| "AEIOUWYaeiouwyÂÊÎÔÛŴŶâêîôûŵŷ".contains(c));
            let and = if vowel { and_vowel } else { and };
            format!("{} {and} {last}", init.join(", "))
        }
    }
}

impl View {
    /// The language's code in file names and locale files: `cy` or `en`.
    pub fn lang_code(&self) -> &'static str {
        if self.lang == "cy" { "cy" } else { "en" }
    }
}

/// How many heading levels the office's Markdown moves down: below the sections' `##`.
const SECTION_SHIFT: u8 = 2;
/// Below a detailed finding's `###` heading and its `####` response heading.
const FINDING_SHIFT: u8 = 4;

/// Builds the view of a response in the given locale, with the office's settings.
pub fn build(doc: &Response, locale: &Locale, settings: &Settings) -> View {
    let words = locale.bodies.get(doc.body.kind.key());
    let role_default = words.map_or("", |w| w.role.as_str());
    let role = doc
        .commissioner
        .title
        .clone()
        .unwrap_or_else(|| role_default.to_owned());
    let area = doc.body.area.clone();
    let office = doc.body.office.clone().unwrap_or_else(|| {
        fill(
            words.map_or("", |w| w.office.as_str()),
            &[("area", area.as_str())],
        )
    });
    let body = fill(
        words.map_or("", |w| w.body.as_str()),
        &[("area", area.as_str())],
    );
    let chief_title = doc
        .chief_officer
        .as_ref()
        .and_then(|c| c.title.clone())
        .unwrap_or_else(|| locale.chief_officer.clone());
    let chief_name = doc
        .chief_officer
        .as_ref()
        .map(|c| with_post_nominals(&c.name, c.post_nominals.as_deref()))
        .unwrap_or_default();
    let published = format_date(doc.report.published.0, locale);
    let addressees = match doc.form {
        Form::Letter => doc
            .addressees
            .clone()
            .unwrap_or_else(|| locale.addressees.clone()),
        Form::Statement => Vec::new(),
    };
    let addressee_text = join_names(&addressees, &locale.and, &locale.and_vowel);
    let vars: Vec<(&str, &str)> = vec![
        ("body", &body),
        ("role", &role),
        ("area", &area),
        ("office", &office),
        ("force", &doc.force),
        ("report", &doc.report.title),
        ("published", &published),
        ("chief_title", &chief_title),
        ("chief_name", &chief_name),
        ("addressees", &addressee_text),
        ("website", doc.body.website.as_deref().unwrap_or("")),
    ];
    let words = |template: &str| fill(template, &vars);

    let title = doc.title.clone().unwrap_or_else(|| words(&locale.title));
    let opening_md = match &doc.opening {
        Some(text) => sanitize(text, SECTION_SHIFT).markdown,
        None => escape_inline(&words(match doc.form {
            Form::Letter => &locale.opening.letter,
            Form::Statement => &locale.opening.statement,
        })),
    };

    let mut sections = Vec::with_capacity(doc.sections.len());
    for s in &doc.sections {
        let kind = s.kind.key();
        let heading = match &s.heading {
            Heading::Text(t) => Some(t.clone()),
            Heading::None => None,
            Heading::Default => locale.headings.get(kind).map(|h| words(h)),
        };
        let mut text_md = s
            .text
            .as_deref()
            .map(|t| sanitize(t, SECTION_SHIFT).markdown);
        if s.kind == SectionKind::Publication && text_md.is_none() {
            text_md = Some(escape_inline(&words(&locale.publication)));
        }
        let (quote_md, attribution) = if s.kind == SectionKind::ChiefOfficerComments {
            let attribution = doc
                .chief_officer
                .as_ref()
                .map(|_| words(locale.label("attribution")));
            (text_md.take().map(|t| block_quote(&t)), attribution)
        } else {
            (None, None)
        };
        let list = match s.kind {
            SectionKind::Recommendations => Some(&doc.recommendations),
            SectionKind::AreasForImprovement => Some(&doc.areas_for_improvement),
            SectionKind::CausesOfConcern => Some(&doc.causes_of_concern),
            _ => None,
        };
        let findings = list.map(|items| {
            let label = locale.findings.get(kind).cloned().unwrap_or_default();
            findings_view(
                items,
                label,
                &words(locale.label("not_applicable")),
                doc.report.published.0,
                locale,
                settings,
            )
        });
        let grades = if s.kind == SectionKind::Grades {
            doc.grades
                .iter()
                .map(|g| GradeView {
                    area: g.area.clone(),
                    grade: locale
                        .grades
                        .get(g.grade.key())
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        };
        sections.push(SectionView {
            kind,
            heading,
            text_md,
            quote_md,
            attribution,
            findings,
            grades,
        });
    }

    let sig = doc.signature.clone().unwrap_or_default();
    let sig_name = match &sig.name {
        Some(n) => with_post_nominals(n, sig.post_nominals.as_deref()),
        None => with_post_nominals(
            &doc.commissioner.name,
            sig.post_nominals
                .as_deref()
                .or(doc.commissioner.post_nominals.as_deref()),
        ),
    };
    let standing = statute::standing(doc, settings, None);
    let response_date = standing.date;
    let last = standing.last_day;
    let days_late = standing.timing.days_late().unwrap_or(0);

    View {
        lang: doc.language.tag().to_owned(),
        form: doc.form,
        title,
        force: doc.force.clone(),
        area: area.clone(),
        role: role.clone(),
        office: OfficeView {
            name: office.clone(),
            website: doc.body.website.clone().filter(|u| is_web_address(u)),
            email: doc.body.email.clone(),
            address: doc.body.address.clone(),
        },
        date: response_date.map(|d| format_date(d, locale)),
        date_iso: response_date.map(|d| d.to_string()),
        report: ReportView {
            title: doc.report.title.clone(),
            kind: locale
                .report_kinds
                .get(doc.report.kind.key())
                .cloned()
                .unwrap_or_default(),
            published: published.clone(),
            published_iso: doc.report.published.0.to_string(),
            url: doc.report.url.clone().filter(|u| is_web_address(u)),
            inspected: doc.report.inspected.as_ref().map(|p| {
                let from = format_date(p.from.0, locale);
                match p.to {
                    Some(to) if to != p.from => format!("{from} – {}", format_date(to.0, locale)),
                    _ => from,
                }
            }),
        },
        deadline: DeadlineView {
            last_day: format_date(last, locale),
            last_day_iso: last.to_string(),
            days_late,
        },
        addressees,
        opening_md,
        sections,
        signature: SignatureView {
            name: sig_name,
            title: sig.title.clone().unwrap_or_else(|| role.clone()),
            date: sig.date.or(doc.date).map(|d| format_date(d.0, locale)),
        },
        tracker: if doc.tracker.unwrap_or(settings.tracker) {
            tracker_rows(
                &doc.recommendations,
                doc.report.published.0,
                locale,
                settings,
            )
        } else {
            Vec::new()
        },
        t: locale
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), words(v)))
            .collect(),
    }
}

fn with_post_nominals(name: &str, post: Option<&str>) -> String {
    match post.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("{name} {p}"),
        None => name.to_owned(),
    }
}

/// Whether a list needs the detailed layout: any entry with its own response, status, owner,
/// or that does not apply.
fn needs_detail(items: &[Finding]) -> bool {
    items
        .iter()
        .any(|f| f.response.is_some() || f.status.is_some() || f.owner.is_some() || !f.applies)
        || !numbered_in_order(items)
}

/// A plain Markdown list numbers its entries from the first one up, so entries numbered out of
/// order need headings of their own.
fn numbered_in_order(items: &[Finding]) -> bool {
    let first = items.first().and_then(|f| f.number).unwrap_or(1);
    items
        .iter()
        .enumerate()
        .all(|(i, f)| f.number.unwrap_or(first + i as u32) == first + i as u32)
}

/// A row of the tracker table: one recommendation in a line.
#[derive(Debug, Clone, Serialize)]
pub struct TrackerRow {
    /// Its number.
    pub number: u32,
    /// The start of its text.
    pub text: String,
    /// Its timescale.
    pub timescale: String,
    /// Its due date, written out.
    pub due: String,
    /// Its status.
    pub status: String,
    /// Its owner.
    pub owner: String,
    /// The start of the response to it.
    pub response: String,
}

/// What a table cell shows for nothing.
const NONE: &str = "–";

fn tracker_rows(
    items: &[Finding],
    published: jiff::civil::Date,
    locale: &Locale,
    settings: &Settings,
) -> Vec<TrackerRow> {
    items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let read = crate::timescale::of(f);
            TrackerRow {
                number: f.number.unwrap_or(i as u32 + 1),
                text: first_words(&plain(&f.text), 90),
                timescale: read
                    .as_ref()
                    .map_or_else(|| NONE.to_owned(), |r| timescale_text(r.timescale, locale)),
                due: read
                    .and_then(|r| r.timescale.due(published))
                    .map_or_else(|| NONE.to_owned(), |d| format_date(d, locale)),
                status: f
                    .status
                    .as_deref()
                    .map_or_else(|| NONE.to_owned(), |s| status_label(s, settings)),
                owner: f.owner.clone().unwrap_or_else(|| NONE.to_owned()),
                response: f
                    .response
                    .as_deref()
                    .map_or_else(|| NONE.to_owned(), |r| first_words(&plain(r), 100)),
            }
        })
        .collect()
}

/// How a timescale reads in the tracker, in the locale's words: "immediately", "three
/// months", "by 31 March 2023"; "ar unwaith", "3 mis", "erbyn 31 Mawrth 2023".
pub fn timescale_text(t: Timescale, locale: &Locale) -> String {
    let unit = match t {
        Timescale::Immediately => return locale.label("timescale_immediately").to_owned(),
        Timescale::By(d) => return format!("{} {}", locale.label("by"), format_date(d, locale)),
        Timescale::Within(_, Unit::Days) => "timescale_days",
        Timescale::Within(_, Unit::Weeks) => "timescale_weeks",
        Timescale::Within(_, Unit::Months) => "timescale_months",
        Timescale::Within(_, Unit::Years) => "timescale_years",
    };
    let Timescale::Within(n, _) = t else {
        return String::new();
    };
    locale.counted(unit, "n", i64::from(n), &locale.number(n))
}

/// A status as the office's settings label it.
fn status_label(written: &str, settings: &Settings) -> String {
    settings
        .status(written)
        .map_or_else(|| written.to_owned(), |s| s.label().to_owned())
}

/// The text of Markdown, without its markup, on one line.
fn plain(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for e in Parser::new_ext(md, super::markdown::options()) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of a text, or its first words up to `max` characters, with an ellipsis
/// when cut.
fn first_words(text: &str, max: usize) -> String {
    let sentence = match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    };
    if sentence.chars().count() <= max {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

fn findings_view(
    items: &[Finding],
    label: String,
    not_applicable: &str,
    published: jiff::civil::Date,
    locale: &Locale,
    settings: &Settings,
) -> FindingsView {
    let detailed = needs_detail(items);
    let items = items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let number = f.number.unwrap_or(i as u32 + 1);
            let marker = format!("{number}.");
            FindingView {
                number,
                heading: format!("{label} {number}"),
                indent: marker.len() + 1,
                marker,
                text_md: sanitize(&f.text, FINDING_SHIFT).markdown,
                points_md: points_md(&f.items, f.numbering),
                timescale: f.timescale.clone(),
                // A timescale that is a date says its due date already.
                due: crate::timescale::of(f)
                    .filter(|r| !matches!(r.timescale, crate::timescale::Timescale::By(_)))
                    .and_then(|r| r.timescale.due(published))
                    .map(|d| format_date(d, locale)),
                status: f.status.as_deref().map(|s| status_label(s, settings)),
                owner: f.owner.clone(),
                applies: f.applies,
                not_applicable: (!f.applies).then(|| not_applicable.to_owned()),
                response_md: f
                    .response
                    .as_deref()
                    .map(|r| sanitize(r, FINDING_SHIFT).markdown),
            }
        })
        .collect();
    FindingsView {
        label,
        detailed,
        items,
    }
}

/// The marker s55 puts before a list numbered other than 1, 2, 3, for the HTML and PDF
/// writers; Markdown has no way to say it, and a CMS ignores the comment.
pub fn list_marker(numbering: Numbering) -> Option<&'static str> {
    match numbering {
        Numbering::LowerAlpha => Some("<!-- s55:list lower-alpha -->"),
        Numbering::LowerRoman => Some("<!-- s55:list lower-roman -->"),
        Numbering::Decimal | Numbering::Bullet => None,
    }
}

/// Writes sub-points as a Markdown list, nested lists indented under their parent's text.
pub fn points_md(items: &[Point], numbering: Numbering) -> String {
    let mut out = String::new();
    if items.is_empty() {
        return out;
    }
    if let Some(m) = list_marker(numbering) {
        out.push_str(m);
        out.push('\n');
    }
    for (i, p) in items.iter().enumerate() {
        let marker = match numbering {
            Numbering::Bullet => "-".to_owned(),
            _ => format!("{}.", i + 1),
        };
        let pad = " ".repeat(marker.len() + 1);
        let mut body = sanitize(&p.text, FINDING_SHIFT).markdown;
        let nested = points_md(&p.items, p.numbering);
        if !nested.is_empty() {
            body.push('\n');
            body.push_str(&nested);
        }
        out.push_str(&marker);
        out.push(' ');
        for (n, line) in body.trim_end().lines().enumerate() {
            if n > 0 {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&pad);
                }
            }
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Quotes Markdown as a block quote, paragraph breaks and all.
fn block_quote(md: &str) -> String {
    md.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Numbering;

    fn point(text: &str, items: Vec<Point>) -> Point {
        Point {
            text: text.into(),
            numbering: Numbering::Decimal,
            items,
        }
    }

    #[test]
    fn nested_points_indent_under_their_parent() {
        let items = vec![
            point("One", vec![point("One a", vec![point("deep", vec![])])]),
            point("Two", vec![]),
        ];
        assert_eq!(
            points_md(&items, Numbering::Decimal),
            "1. One\n   1. One a\n      1. deep\n2. Two\n"
        );
        assert_eq!(
            points_md(&items[1..], Numbering::LowerAlpha),
            "<!-- s55:list lower-alpha -->\n1. Two\n"
        );
    }

    #[test]
    fn names_join_like_a_sentence() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&n(&["A"]), "and", "and"), "A");
        assert_eq!(join_names(&n(&["A", "B", "C"]), "and", "and"), "A, B and C");
        assert_eq!(
            join_names(
                &n(&["yr Ysgrifennydd Cartref", "Arolygiaeth EF"]),
                "a",
                "ac"
            ),
            "yr Ysgrifennydd Cartref ac Arolygiaeth EF"
        );
    }

    #[test]
    fn timescales_read_in_the_locale_s_words() {
        let assets = crate::render::Assets::builtin().unwrap();
        let en = |t| timescale_text(t, &assets.en);
        let cy = |t| timescale_text(t, &assets.cy);
        assert_eq!(en(Timescale::Within(3, Unit::Months)), "three months");
        assert_eq!(en(Timescale::Within(1, Unit::Years)), "one year");
        assert_eq!(en(Timescale::Within(28, Unit::Days)), "28 days");
        assert_eq!(en(Timescale::Immediately), "immediately");
        assert_eq!(
            en(Timescale::By(jiff::civil::date(2023, 3, 31))),
            "by 31 March 2023"
        );
        // The Welsh tracker said "three months" before the wording came from the locale.
        assert_eq!(cy(Timescale::Within(3, Unit::Months)), "3 mis");
        assert_eq!(cy(Timescale::Immediately), "ar unwaith");
        assert_eq!(
            cy(Timescale::By(jiff::civil::date(2027, 3, 31))),
            "erbyn 31 Mawrth 2027"
        );
    }
}
