//! From the response to what templates see.
//!
//! Templates stay free of logic: here dates are written out ("5 August 2022"), the deadline is
//! computed, numbering is resolved, defaults come from the locale, and the office's Markdown
//! is made safe ([`crate::markup::sanitize`]). Fields ending in `_md` hold Markdown ready to
//! place (templates print them with `| safe`); every other text is plain and is escaped by the
//! template engine for the format being written.

use serde::Serialize;

mod findings;
mod tracker;

use super::assets::{Locale, fill};
use crate::markup::{Labels, escape_inline, is_web_address, sanitize_in};
use crate::model::{Form, Heading, Response, SectionKind};
use crate::settings::Settings;
use crate::statute;

pub use findings::{list_marker, points_md};
pub use tracker::{TrackerRow, timescale_text};

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
    /// A letter's salutation ("Dear Home Secretary"), when it has one.
    pub salutation: Option<String>,
    /// The opening paragraph.
    pub opening_md: String,
    /// The sections, in order.
    pub sections: Vec<SectionView>,
    /// A letter's valediction ("Yours sincerely"), when it has one.
    pub valediction: Option<String>,
    /// The signature block.
    pub signature: SignatureView,
    /// The tracker table's rows, when it is switched on and there are recommendations.
    pub tracker: Vec<TrackerRow>,
    /// The locale's labels, as `t.NAME`.
    pub t: std::collections::BTreeMap<String, String>,
    /// Whether the response is a draft, marked as one wherever it is shown.
    pub draft: bool,
    /// Corrections to the published letter, oldest first.
    pub corrections: Vec<CorrectionView>,
    /// Whether the PDF gathers footnotes at the end of the letter rather than at the foot of
    /// each page (the office's `footnotes: end`).
    pub notes_at_end: bool,
    /// In a bilingual document, each edition's footer: its language, title and page label,
    /// for the PDF's pages of that edition.
    pub footers: Vec<EditionFooter>,
}

/// The footer of one edition's pages in a bilingual PDF.
#[derive(Debug, Clone, Serialize)]
pub struct EditionFooter {
    /// The edition's language (BCP 47).
    pub lang: String,
    /// Its title.
    pub title: String,
    /// "Page {page} of {pages}" in its language.
    pub page_label: String,
}

/// A correction to the published letter, as GOV.UK change notes show one.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// "Corrected on 3 March 2026", from the locale.
    pub heading: String,
    /// What was corrected.
    pub note: String,
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
    /// Its logo.
    pub logo: Option<ImageView>,
}

/// A picture as a page shows it: inside the page itself, so that nothing is fetched.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// What it shows.
    pub alt: String,
    /// A `data:` address holding the picture.
    pub src: String,
    /// Its width in CSS pixels.
    pub width: u32,
    /// Its height in CSS pixels.
    pub height: u32,
    /// The picture, for the Word document.
    #[serde(skip)]
    pub data: crate::model::ImageData,
}

impl ImageView {
    /// The picture at most `max_w` × `max_h` pixels, its proportions kept.
    fn of(image: &crate::model::Image, max_w: u32, max_h: u32) -> Option<ImageView> {
        let data = image.data.clone()?;
        let scale = f64::min(
            1.0,
            f64::min(
                f64::from(max_w) / f64::from(data.width.max(1)),
                f64::from(max_h) / f64::from(data.height.max(1)),
            ),
        );
        Some(ImageView {
            alt: image.alt.clone(),
            src: format!(
                "data:{};base64,{}",
                data.kind.media_type(),
                crate::util::base64(&data.bytes)
            ),
            width: ((f64::from(data.width) * scale).round() as u32).max(1),
            height: ((f64::from(data.height) * scale).round() as u32).max(1),
            data,
        })
    }
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
    /// Its web address as a Markdown link's destination: `[title](url_md)`, the ordinary
    /// link every CMS's Markdown reads.
    pub url_md: Option<String>,
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
    /// Its number, as the report writes it.
    pub number: String,
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
    /// Whether the status is in another language than the document's (an office's English
    /// words in a Welsh edition).
    pub status_foreign: bool,
    /// Its owner.
    pub owner: Option<String>,
    /// Whether it applies to this force.
    pub applies: bool,
    /// The statement that it does not apply, when it does not.
    pub not_applicable: Option<String>,
    /// Whom the report addresses it to, when another body.
    pub addressed_to: Option<String>,
    /// Whether it is an accelerated cause of concern.
    pub accelerated: bool,
    /// The day the cause of concern was discharged, written out.
    pub discharged: Option<String>,
    /// The force's own response to it.
    pub force_response_md: Option<String>,
    /// The body's response to it.
    pub response_md: Option<String>,
    /// The recommendations the report makes under it (a cause of concern's).
    pub recommendations: Option<FindingsView>,
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
    /// The title, unless the office signs without one.
    pub title: Option<String>,
    /// The date, written out, if any.
    pub date: Option<String>,
    /// The signature as a picture, above the name.
    pub image: Option<ImageView>,
}

/// The office's name: as the body gives it, else the locale's for its kind and area
/// ("Office of the Police and Crime Commissioner for Warwickshire").
pub fn office_name(body: &crate::model::Body, locale: &Locale) -> String {
    body.office.clone().unwrap_or_else(|| {
        let words = locale.bodies.get(body.kind.key());
        fill(
            words.map_or("", |w| w.office.as_str()),
            &[("area", body.area.as_str())],
        )
    })
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

/// The names a response's fixed wording fills in: `{body}`, `{role}`, `{area}` and the rest.
struct Names {
    body: String,
    body_in_text: String,
    force_in_text: String,
    role: String,
    area: String,
    office: String,
    published: String,
    chief_title: String,
    chief_name: String,
    addressees: Vec<String>,
    addressee_text: String,
}

impl Names {
    fn of(doc: &Response, locale: &Locale) -> Names {
        let words = locale.bodies.get(doc.body.kind.key());
        let area = doc.body.area.clone();
        let role = doc
            .commissioner
            .title
            .clone()
            .unwrap_or_else(|| words.map_or("", |w| w.role.as_str()).to_owned());
        let office = office_name(&doc.body, locale);
        let body = fill(
            words.map_or("", |w| w.body.as_str()),
            &[("area", area.as_str())],
        );
        let chief = doc.chief_officer.as_ref();
        let addressees = match doc.form {
            Form::Letter => doc
                .addressees
                .clone()
                .unwrap_or_else(|| locale.addressees.clone()),
            Form::Statement => Vec::new(),
        };
        let body_in_text = doc
            .body
            .in_text
            .clone()
            .unwrap_or_else(|| fill(&locale.body_in_text, &[("body", body.as_str())]));
        Names {
            body_in_text,
            force_in_text: doc
                .force_in_text
                .clone()
                .unwrap_or_else(|| doc.force.clone()),
            addressee_text: join_names(&addressees, &locale.and, &locale.and_vowel),
            addressees,
            chief_title: chief
                .and_then(|c| c.title.clone())
                .unwrap_or_else(|| locale.chief_officer.clone()),
            chief_name: chief
                .map(|c| with_post_nominals(&c.name, c.post_nominals.as_deref()))
                .unwrap_or_default(),
            published: format_date(doc.report.published.0, locale),
            body,
            role,
            area,
            office,
        }
    }

    /// The locale's wording with these names filled in.
    fn fill(&self, template: &str, doc: &Response) -> String {
        let vars: [(&str, &str); 13] = [
            ("body", &self.body),
            ("body_in_text", &self.body_in_text),
            ("force_in_text", &self.force_in_text),
            ("role", &self.role),
            ("area", &self.area),
            ("office", &self.office),
            ("force", &doc.force),
            ("report", &doc.report.title),
            ("published", &self.published),
            ("chief_title", &self.chief_title),
            ("chief_name", &self.chief_name),
            ("addressees", &self.addressee_text),
            ("website", doc.body.website.as_deref().unwrap_or("")),
        ];
        fill(template, &vars)
    }
}

/// Builds the view of a response in the given locale, with the office's settings.
pub fn build(doc: &Response, locale: &Locale, settings: &Settings) -> View {
    let names = Names::of(doc, locale);
    let words = |template: &str| names.fill(template, doc);
    let title = doc.title.clone().unwrap_or_else(|| words(&locale.title));
    // Texts in the order the letter gives them, so that a footnote label two texts share
    // keeps its name in the first.
    let labels = Labels::new(settings.smart_punctuation);
    let opening_md = match &doc.opening {
        Some(text) => sanitize_in(text, SECTION_SHIFT, &labels).markdown,
        None => escape_inline(&words(match doc.form {
            Form::Letter => &locale.opening.letter,
            Form::Statement => &locale.opening.statement,
        })),
    };
    let sections = doc
        .sections
        .iter()
        .map(|s| section_view(s, doc, locale, settings, &words, &labels))
        .collect();
    let standing = statute::standing(doc, settings, None);
    View {
        lang: doc.language.tag().to_owned(),
        form: doc.form,
        title,
        force: doc.force.clone(),
        area: names.area.clone(),
        role: names.role.clone(),
        office: OfficeView {
            name: names.office.clone(),
            website: doc.body.website.clone().filter(|u| is_web_address(u)),
            email: doc.body.email.clone(),
            address: doc.body.address.clone(),
            logo: doc
                .body
                .logo
                .as_ref()
                .and_then(|i| ImageView::of(i, 240, 96)),
        },
        date: standing.date.map(|d| format_date(d, locale)),
        date_iso: standing.date.map(|d| d.to_string()),
        report: report_view(doc, locale, &names.published),
        deadline: DeadlineView {
            last_day: format_date(standing.last_day, locale),
            last_day_iso: standing.last_day.to_string(),
            days_late: standing.timing.days_late().unwrap_or(0),
        },
        addressees: names.addressees.clone(),
        salutation: courtesy(doc, doc.salutation.as_deref(), locale.label("salutation")),
        opening_md,
        sections,
        valediction: courtesy(doc, doc.valediction.as_deref(), locale.label("valediction")),
        signature: signature_view(doc, &names.role, locale),
        tracker: if doc.tracker.unwrap_or(settings.tracker) {
            tracker::tracker_rows(doc, &standing, locale, settings)
        } else {
            Vec::new()
        },
        t: locale
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), words(v)))
            .collect(),
        draft: doc.draft,
        corrections: corrections(doc, locale),
        notes_at_end: settings.footnotes == crate::settings::NotesPlace::End,
        footers: Vec::new(),
    }
}

/// The corrections, oldest first, each headed with its date in the locale's words.
fn corrections(doc: &Response, locale: &Locale) -> Vec<CorrectionView> {
    let mut list: Vec<_> = doc.corrections.iter().collect();
    list.sort_by_key(|c| c.date.0);
    list.into_iter()
        .map(|c| CorrectionView {
            heading: locale
                .label("corrected_on")
                .replace("{date}", &format_date(c.date.0, locale)),
            note: c.note.clone(),
        })
        .collect()
}

/// One section: its heading, text, quote and attribution, findings or grades.
fn section_view(
    s: &crate::model::Section,
    doc: &Response,
    locale: &Locale,
    settings: &Settings,
    words: &dyn Fn(&str) -> String,
    labels: &Labels,
) -> SectionView {
    let kind = s.kind.key();
    let heading = match &s.heading {
        Heading::Text(t) => Some(t.clone()),
        Heading::None => None,
        Heading::Default => locale.headings.get(kind).map(|h| words(h)),
    };
    let mut text_md = s
        .text
        .as_deref()
        .map(|t| sanitize_in(t, SECTION_SHIFT, labels).markdown);
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
    let lists = findings::Lists {
        locale,
        settings,
        published: doc.report.published.0,
        not_applicable: words(locale.label("not_applicable")),
        labels,
    };
    let findings = list.map(|items| {
        let label = locale.findings.get(kind).cloned().unwrap_or_default();
        findings::findings_view(items, label, &lists)
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
    SectionView {
        kind,
        heading,
        text_md,
        quote_md,
        attribution,
        findings,
        grades,
    }
}

/// The report, its dates written out.
fn report_view(doc: &Response, locale: &Locale, published: &str) -> ReportView {
    ReportView {
        title: doc.report.title.clone(),
        kind: doc.report.kind_label.clone().unwrap_or_else(|| {
            locale
                .report_kinds
                .get(doc.report.kind.key())
                .cloned()
                .unwrap_or_default()
        }),
        published: published.to_owned(),
        published_iso: doc.report.published.0.to_string(),
        url: doc.report.url.clone().filter(|u| is_web_address(u)),
        url_md: doc
            .report
            .url
            .as_deref()
            .filter(|u| is_web_address(u))
            .map(link_destination),
        inspected: doc.report.inspected.as_ref().map(|p| {
            let from = format_date(p.from.0, locale);
            match p.to {
                Some(to) if to != p.from => format!("{from} – {}", format_date(to.0, locale)),
                _ => from,
            }
        }),
    }
}

/// A letter's salutation or valediction: the response's own, else the locale's when the
/// office greets (`greetings: true`); a statement is addressed to no one, so it has neither.
fn courtesy(doc: &Response, own: Option<&str>, locale: &str) -> Option<String> {
    if doc.form != Form::Letter {
        return None;
    }
    own.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            (doc.greetings.unwrap_or(false) && !locale.is_empty()).then(|| locale.to_owned())
        })
}

/// Who signs, and when: by default the commissioner, on the response's date.
fn signature_view(doc: &Response, role: &str, locale: &Locale) -> SignatureView {
    let sig = doc.signature.clone().unwrap_or_default();
    let name = match &sig.name {
        Some(n) => with_post_nominals(n, sig.post_nominals.as_deref()),
        None => with_post_nominals(
            &doc.commissioner.name,
            sig.post_nominals
                .as_deref()
                .or(doc.commissioner.post_nominals.as_deref()),
        ),
    };
    SignatureView {
        name,
        title: sig
            .titled
            .unwrap_or(true)
            .then(|| sig.title.clone().unwrap_or_else(|| role.to_owned())),
        date: sig.date.or(doc.date).map(|d| format_date(d.0, locale)),
        image: sig.image.as_ref().and_then(|i| ImageView::of(i, 240, 96)),
    }
}

fn with_post_nominals(name: &str, post: Option<&str>) -> String {
    match post.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("{name} {p}"),
        None => name.to_owned(),
    }
}

/// A web address as a bare link destination: what would end it early (a space, an
/// unbalanced parenthesis) is escaped, so no `<...>` brackets are needed.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
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
}
