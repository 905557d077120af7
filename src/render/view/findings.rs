//! Lists of findings (recommendations, areas for improvement, causes of concern) and their
//! sub-points, as the templates place them.

use super::tracker::{status_in, status_label};
use super::{FINDING_SHIFT, FindingView, FindingsView, format_date};
use crate::markup::sanitize_in;
use crate::model::{Finding, Numbering, Point};
use crate::render::assets::Locale;
use crate::settings::{Field, Settings};

/// Whether a list needs the detailed layout: any entry with its own response, status, owner,
/// addressee or recommendations, or that does not apply.
fn needs_detail(items: &[Finding]) -> bool {
    items.iter().any(|f| {
        f.response.is_some()
            || f.force_response.is_some()
            || f.status.is_some()
            || f.owner.is_some()
            || !f.applies
            || f.addressed_to.is_some()
            || !f.recommendations.is_empty()
            || f.accelerated
            || f.discharged.is_some()
    }) || !numbered_in_order(items)
}

/// A plain Markdown list numbers its entries from the first one up, so entries numbered out of
/// order, or numbered other than 1, 2, 3 ("1.1", "3a"), need headings of their own.
fn numbered_in_order(items: &[Finding]) -> bool {
    let Some(first) = items.first().map_or(Some(1), |f| match &f.number {
        Some(n) => n.as_whole(),
        None => Some(1),
    }) else {
        return false;
    };
    items.iter().enumerate().all(|(i, f)| match &f.number {
        Some(n) => n.as_whole() == Some(first + i as u32),
        None => true,
    })
}

/// What every entry of a list is shown with: the words and settings it needs.
pub(super) struct Lists<'a> {
    /// The locale.
    pub locale: &'a Locale,
    /// The office's settings (status labels).
    pub settings: &'a Settings,
    /// The report's publication day, for due dates.
    pub published: jiff::civil::Date,
    /// The statement that a recommendation does not apply to the force.
    pub not_applicable: String,
    /// The footnote labels the document's texts have used so far.
    pub labels: &'a crate::markup::Labels,
}

pub(super) fn findings_view(items: &[Finding], label: String, lists: &Lists<'_>) -> FindingsView {
    findings_at(items, label, lists, FINDING_SHIFT)
}

fn findings_at(items: &[Finding], label: String, lists: &Lists<'_>, shift: u8) -> FindingsView {
    let locale = lists.locale;
    let detailed = needs_detail(items);
    let nested_label = locale
        .findings
        .get("recommendations")
        .cloned()
        .unwrap_or_default();
    let items = items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let number = f.number_at(i).0;
            let shown = |field: Field| lists.settings.publishes(field);
            let marker = format!("{number}.");
            FindingView {
                heading: format!("{label} {number}"),
                indent: marker.len() + 1,
                marker,
                number,
                text_md: sanitize_in(&f.text, shift, lists.labels).markdown,
                points_md: points_md(&f.items, f.numbering, lists.labels),
                timescale: f.timescale.clone().filter(|_| shown(Field::Timescale)),
                // A timescale that is a date says its due date already.
                due: crate::timescale::of(f)
                    .filter(|r| !matches!(r.timescale, crate::timescale::Timescale::By(_)))
                    .and_then(|r| crate::statute::due_of(&r, lists.published))
                    .map(|d| format_date(d, locale))
                    .filter(|_| shown(Field::Timescale)),
                // "Status: In progress" reads as a sentence; the office's label is written
                // as it would sit in running text.
                status: f
                    .status
                    .as_deref()
                    .filter(|_| shown(Field::Status))
                    .map(|s| sentence_case(&status_label(s, lists.settings, locale))),
                status_foreign: f
                    .status
                    .as_deref()
                    .is_some_and(|s| !status_in(s, lists.settings, locale).1),
                owner: f.owner.clone().filter(|_| shown(Field::Owner)),
                applies: f.applies,
                not_applicable: (!f.applies && f.addressed_to.is_none())
                    .then(|| lists.not_applicable.clone()),
                addressed_to: f.addressed_to.clone(),
                accelerated: f.accelerated,
                discharged: f.discharged.map(|d| format_date(d.0, locale)),
                force_response_md: f
                    .force_response
                    .as_deref()
                    .filter(|_| shown(Field::ForceResponse))
                    .map(|r| sanitize_in(r, shift, lists.labels).markdown),
                response_md: f
                    .response
                    .as_deref()
                    .filter(|_| shown(Field::Response))
                    .map(|r| sanitize_in(r, shift, lists.labels).markdown),
                recommendations: (!f.recommendations.is_empty()).then(|| {
                    findings_at(&f.recommendations, nested_label.clone(), lists, shift + 1)
                }),
            }
        })
        .collect();
    FindingsView {
        label,
        detailed,
        items,
    }
}

/// The text with its first letter a capital, as the start of a sentence.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
pub fn points_md(items: &[Point], numbering: Numbering, labels: &crate::markup::Labels) -> String {
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
        let mut body = sanitize_in(&p.text, FINDING_SHIFT, labels).markdown;
        let nested = points_md(&p.items, p.numbering, labels);
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

#[cfg(test)]
mod tests {
    use super::*;

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
            points_md(&items, Numbering::Decimal, &Default::default()),
            "1. One\n   1. One a\n      1. deep\n2. Two\n"
        );
        assert_eq!(
            points_md(&items[1..], Numbering::LowerAlpha, &Default::default()),
            "<!-- s55:list lower-alpha -->\n1. Two\n"
        );
    }
}
