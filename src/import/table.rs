//! Tables of findings read by their header row: "Recommendation | Force response | PCC
//! comment | Status | Owner", as a pipe table or tab-separated text, or as a web page's or
//! Word document's table (which the readers write as a pipe table).
//!
//! Policy: a table is one of findings only when a column's header names them
//! ("Recommendation", "Area for improvement", "Cause of concern"); each row is one finding,
//! each cell goes to the field its header names, and a column with no field is kept beside
//! the finding as a comment ("Due date: March 2024"), so no cell is lost.

use super::entries::{Entry, Findings};
use super::warning::Warning;

/// A numbered line of the text.
type Numbered = (usize, String);

/// What a column holds, from its header.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    Number,
    Text,
    Response,
    ForceResponse,
    Status,
    Owner,
    Addressed,
    Other(String),
}

impl Column {
    /// The column a header names.
    fn of(header: &str) -> Column {
        let l = header.trim().to_lowercase().replace('’', "'");
        let has = |w: &str| l.contains(w);
        if ["#", "no", "no.", "number", "ref", "ref.", "reference", "id"].contains(&l.as_str())
            || l.ends_with(" no")
            || l.ends_with(" no.")
            || l.ends_with(" number")
            || l.ends_with(" ref")
        {
            Column::Number
        } else if has("status") || l == "rag" || l.starts_with("rag ") {
            Column::Status
        } else if has("owner") || l == "lead" || has("responsible") || has("accountable") {
            Column::Owner
        } else if has("directed") || has("addressed") {
            Column::Addressed
        } else if (has("force") || has("chief constable") || has("chief officer"))
            && (has("response") || has("comment") || has("update"))
        {
            Column::ForceResponse
        } else if has("response") || has("comment") || has("update") || has("progress") {
            Column::Response
        } else if has("recommendation")
            || has("improvement")
            || has("afi")
            || has("concern")
            || has("finding")
        {
            Column::Text
        } else {
            Column::Other(header.trim().to_owned())
        }
    }

    /// How a warning names the field.
    fn field(&self) -> &str {
        match self {
            Column::Number => "number",
            Column::Text => "text",
            Column::Response => "response",
            Column::ForceResponse => "the force's response",
            Column::Status => "status",
            Column::Owner => "owner",
            Column::Addressed => "addressed_to",
            Column::Other(_) => "a comment",
        }
    }
}

/// A row's cells, when the line is a table row: `| a | b |`, or cells between tabs.
fn cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if let Some(inner) = t.strip_prefix('|') {
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_owned()).collect();
        return (cells.len() >= 2).then_some(cells);
    }
    let cells: Vec<String> = line
        .trim_end()
        .split('\t')
        .map(|c| c.trim().to_owned())
        .collect();
    (cells.len() >= 2 && cells.iter().filter(|c| !c.is_empty()).count() >= 2).then_some(cells)
}

/// Whether a row only rules off the header (`|---|:---|`).
fn rule(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// The findings of the tables in the text, when it holds a table of findings; the lines
/// around the tables are kept as comments.
pub(super) fn findings(lines: &[Numbered]) -> Option<Findings> {
    let mut found = Findings::default();
    let mut any = false;
    let mut i = 0;
    while i < lines.len() {
        let (no, line) = (&lines[i].0, &lines[i].1);
        let header = cells(line).map(|c| c.iter().map(|h| Column::of(h)).collect::<Vec<_>>());
        let Some(columns) = header.filter(|c| c.contains(&Column::Text)) else {
            if !line.trim().is_empty() {
                found.left_out.push((*no, line.trim().to_owned()));
            }
            i += 1;
            continue;
        };
        if !any {
            found.key = key(line);
        }
        any = true;
        found.warnings.push(Warning::at(
            *no,
            format!(
                "read a table of findings by its header row: {}",
                cells(line)
                    .unwrap_or_default()
                    .iter()
                    .zip(&columns)
                    .map(|(h, c)| format!("`{h}` as {}", c.field()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        i += 1;
        while i < lines.len() {
            let (rno, row) = (lines[i].0, &lines[i].1);
            if row.trim().is_empty() {
                i += 1;
                continue;
            }
            let Some(cs) = cells(row) else { break };
            i += 1;
            if rule(&cs) {
                continue;
            }
            if cs.len() != columns.len() {
                found.warnings.push(Warning::at(
                    rno,
                    format!(
                        "a row of the table has {} cells where its header has {}: check the fields",
                        cs.len(),
                        columns.len()
                    ),
                ));
            }
            add_row(&mut found, &columns, &cs, rno);
        }
    }
    if !any {
        return None;
    }
    if found.entries.iter().any(|e| !e.recommendations.is_empty()) {
        found.key = "causes_of_concern";
    }
    if let Some((line, first)) = found.left_out.first() {
        found.warnings.push(Warning::at(
            *line,
            format!(
                "kept {} beside the table as comments: {}",
                crate::util::plural(found.left_out.len(), "line"),
                first.chars().take(80).collect::<String>()
            ),
        ));
    }
    Some(found)
}

/// The list a table's header calls its findings.
fn key(header: &str) -> &'static str {
    let l = header.to_lowercase();
    if l.contains("concern") {
        "causes_of_concern"
    } else if l.contains("improvement") || l.contains("afi") {
        "areas_for_improvement"
    } else {
        "recommendations"
    }
}

/// One row as a finding; a recommendation whose cell begins "Cause of concern: …" goes under
/// that cause (one cause for the rows that repeat it).
fn add_row(found: &mut Findings, columns: &[Column], cs: &[String], line: usize) {
    let mut e = Entry::new(None, line, String::new());
    for (col, cell) in columns.iter().zip(cs) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let value = Some(cell.to_owned());
        match col {
            Column::Number => e.number = Some(cell.trim_end_matches('.').to_owned()),
            Column::Text => {
                if !e.text.is_empty() {
                    e.text.push(' ');
                }
                e.text.push_str(cell);
            }
            Column::Response => e.response = join(e.response.take(), cell),
            Column::ForceResponse => e.force_response = join(e.force_response.take(), cell),
            Column::Status => e.status = value,
            Column::Owner => e.owner = value,
            Column::Addressed => {
                let l = cell.to_lowercase();
                if l.contains("police") || l.contains("constabulary") || l.contains("force") {
                    e.notes.push(format!("directed at: {cell}"));
                } else {
                    e.addressed_to = value;
                }
            }
            Column::Other(h) => e.notes.push(format!("{h}: {cell}")),
        }
    }
    // "1. The force should …" in a table with no number column: the number is the text's.
    if !columns.contains(&Column::Number)
        && let Some((super::entries::Kind::Decimal(n), rest)) = super::entries::marker(&e.text)
    {
        let rest = rest.to_owned();
        e.number = Some(n.to_string());
        e.text = rest;
    }
    let cause = e
        .text
        .strip_prefix("Cause of concern:")
        .and_then(|rest| rest.split_once("Recommendation:"))
        .map(|(c, r)| (c.trim().to_owned(), r.trim().to_owned()));
    let Some((cause, rec)) = cause else {
        found.entries.push(e);
        return;
    };
    e.text = rec;
    match found.entries.last_mut() {
        Some(last) if last.text == cause && !last.recommendations.is_empty() => {
            last.recommendations.push(e);
        }
        _ => {
            let mut c = Entry::new(None, line, cause);
            c.recommendations.push(e);
            found.entries.push(c);
        }
    }
}

/// Adds a cell to an answer, as a paragraph of its own.
fn join(to: Option<String>, cell: &str) -> Option<String> {
    Some(match to {
        Some(t) => format!("{t}\n\n{cell}"),
        None => cell.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> Vec<Numbered> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect()
    }

    #[test]
    fn a_pipe_table_is_read_by_its_header() {
        let text = "Progress\n| No. | Recommendation | Force response | PCC comment | Status | Owner | Due |\n|---|---|---|---|---|---|---|\n| 1 | The force should train staff. | Training began. | I will monitor it. | In progress | ACC Crime | March 2024 |\n";
        let f = findings(&numbered(text)).unwrap();
        assert_eq!(f.entries.len(), 1);
        let e = &f.entries[0];
        assert_eq!(e.number.as_deref(), Some("1"));
        assert_eq!(e.text, "The force should train staff.");
        assert_eq!(e.force_response.as_deref(), Some("Training began."));
        assert_eq!(e.response.as_deref(), Some("I will monitor it."));
        assert_eq!(e.status.as_deref(), Some("In progress"));
        assert_eq!(e.owner.as_deref(), Some("ACC Crime"));
        assert_eq!(e.notes, ["Due: March 2024"]);
        assert_eq!(e.line, 4);
        assert_eq!(f.left_out, [(1, "Progress".to_owned())]);
        assert_eq!(f.warnings[0].line, Some(2));
    }

    #[test]
    fn a_tab_table_of_areas_for_improvement() {
        let text = "Area for improvement\tUpdate\tRAG\nThe force should map demand.\tDone in May.\tGreen\n";
        let f = findings(&numbered(text)).unwrap();
        assert_eq!(f.key, "areas_for_improvement");
        assert_eq!(f.entries[0].response.as_deref(), Some("Done in May."));
        assert_eq!(f.entries[0].status.as_deref(), Some("Green"));
    }

    #[test]
    fn text_that_is_no_table_is_not_read_as_one() {
        assert!(findings(&numbered("1. The force should act.\n| a | b |\n")).is_none());
    }
}
