//! The published-response importer: a previous response, copied as plain text, becomes a
//! draft response file.

use super::recs::{Entry, marker, recommendations};
use super::yaml::{quote_or_todo, yaml, yaml_quote};
use crate::timescale;
use crate::util::plural;

/// A previously published response, as plain text, made into a draft response file.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The YAML of the draft.
    pub yaml: String,
    /// What the import was unsure of.
    pub warnings: Vec<String>,
}

/// What a paragraph of a published response is.
enum Para {
    Heading(String),
    List(Vec<String>),
    Text(Vec<String>),
}

fn is_heading(lines: &[&str]) -> bool {
    let [line] = lines else { return false };
    let t = line.trim();
    t.chars().count() <= 90
        && !t.ends_with(['.', '!', '?', ';', ',', '–', ':'])
        && marker(t).is_none()
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// Which section a heading begins, from its words.
fn kind_of(heading: &str) -> &'static str {
    let h = heading.to_lowercase().replace('’', "'");
    let chief = h.contains("chief constable")
        || h.contains("chief officer")
        || h.contains("commissioner of police");
    if h.contains("recommendation") {
        "recommendations"
    } else if h.contains("area") && h.contains("improvement") {
        "areas-for-improvement"
    } else if h.contains("concern") {
        "causes-of-concern"
    } else if (h.contains(" on the ") || h.contains("response to")) && (chief || h.contains("cc's"))
    {
        "response"
    } else if chief {
        "chief-officer-comments"
    } else {
        "comments"
    }
}

/// The text between the first pair of quotes, single or double, curly or straight.
fn quoted(text: &str) -> Option<String> {
    for (open, close) in [('‘', '’'), ('“', '”'), ('"', '"'), ('\'', '\'')] {
        if let Some(a) = text.find(open) {
            let rest = &text[a + open.len_utf8()..];
            if let Some(b) = rest.find(close) {
                return Some(rest[..b].trim().to_owned());
            }
        }
    }
    None
}

/// "published on the 5 August 2022" → 2022-08-05.
fn published_date(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find("published")?;
    let words: Vec<&str> = lower[at..].split_whitespace().collect();
    (1..words.len().min(8)).find_map(|i| {
        let w: Vec<&str> = words[i..]
            .iter()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let (day, month, year) = (w.first()?, w.get(1)?, w.get(2)?);
        let day: u8 = day
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()?;
        let m = timescale::MONTHS.iter().position(|n| n == month)?;
        let year: u16 = year.parse().ok()?;
        Some(format!("{year:04}-{:02}-{day:02}", m + 1))
    })
}

/// Paragraphs: runs of lines between blank lines, each line without its trailing spaces.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Whether a paragraph is the opening: it speaks as the body, or cites section 55.
fn is_opening(paragraph: &[&str]) -> bool {
    let t = paragraph.join(" ");
    t.trim_start().starts_with("As the ") || t.contains("section 55") || t.contains("Section 55")
}

/// What comes before the opening: the title (the last short line), and the page's furniture,
/// which is kept to be placed by hand.
fn front_matter(before: &[Vec<&str>]) -> (Option<String>, Vec<String>) {
    let before: Vec<String> = before
        .iter()
        .map(|p| p.join(" ").trim().to_owned())
        .collect();
    let title = before
        .iter()
        .rev()
        .find(|l| is_heading(&[l.as_str()]))
        .cloned();
    let unplaced = before
        .iter()
        .filter(|l| Some(*l) != title.as_ref())
        .cloned()
        .collect();
    (title, unplaced)
}

/// The paragraphs after the opening as headings, lists and text; lists that follow one
/// another are one list.
fn classify(paragraphs: &[Vec<&str>]) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    for p in paragraphs {
        let listy =
            p.iter().all(|l| marker(l).is_some()) || (marker(p[0]).is_some() && p.len() > 1);
        if is_heading(p) {
            paras.push(Para::Heading(p[0].trim().to_owned()));
        } else if listy {
            let lines: Vec<String> = p.iter().map(|l| (*l).to_owned()).collect();
            match paras.last_mut() {
                Some(Para::List(list)) => list.extend(lines),
                _ => paras.push(Para::List(lines)),
            }
        } else {
            paras.push(Para::Text(p.iter().map(|l| l.trim().to_owned()).collect()));
        }
    }
    paras
}

/// The signature: the short lines at the very end (two at most), after the publication
/// statement, taken off the paragraphs.
fn take_signature(paras: &mut Vec<Para>) -> Vec<String> {
    let mut signature: Vec<String> = Vec::new();
    while let Some(Para::Heading(h)) = paras.last() {
        signature.insert(0, h.clone());
        paras.pop();
        if signature.len() == 2 {
            break;
        }
    }
    signature
}

/// The sections' YAML, in order, as it is written paragraph by paragraph, with the section
/// still open and the recommendations found in the lists.
struct Sections {
    yaml: String,
    recs: Vec<Entry>,
    kind: &'static str,
    heading: Option<String>,
    body: Vec<String>,
    publication: Option<String>,
}

impl Sections {
    /// Reads the paragraphs into sections; the publication statement, wherever it is, comes
    /// last.
    fn read(paras: Vec<Para>, warnings: &mut Vec<String>) -> Self {
        let mut s = Sections {
            yaml: String::new(),
            recs: Vec::new(),
            kind: "comments",
            heading: None,
            body: Vec::new(),
            publication: None,
        };
        for p in paras {
            match p {
                Para::Heading(h) => {
                    s.flush();
                    s.kind = kind_of(&h);
                    s.heading = Some(h);
                }
                Para::List(lines) => s.list(&lines, warnings),
                Para::Text(lines) => s.text(&lines),
            }
        }
        s.flush();
        if let Some(p) = &s.publication {
            s.yaml.push_str(&format!(
                "  - kind: publication\n    heading: false\n    text: {}\n",
                yaml_quote(p)
            ));
        }
        s
    }

    /// Writes the open section, if it has a heading or any text.
    fn flush(&mut self) {
        if self.body.is_empty() && self.heading.is_none() {
            return;
        }
        self.yaml.push_str(&format!("  - kind: {}\n", self.kind));
        match self.heading.take() {
            Some(h) => self
                .yaml
                .push_str(&format!("    heading: {}\n", yaml_quote(&h))),
            None => self.yaml.push_str("    heading: false\n"),
        }
        if !self.body.is_empty() {
            self.yaml.push_str(&format!(
                "    text: {}\n",
                yaml_quote(&self.body.join("\n\n"))
            ));
        }
        self.body.clear();
    }

    /// A list: read as recommendations, its place marked by a recommendations section the
    /// first time; a later list joins the first one's entries.
    fn list(&mut self, lines: &[String], warnings: &mut Vec<String>) {
        self.flush();
        let (entries, w) = recommendations(&lines.join("\n"));
        warnings.extend(w);
        if self.recs.is_empty() {
            self.yaml
                .push_str("  - kind: recommendations\n    heading: false\n");
        } else {
            warnings.push(
                "found a second list; it is kept with the recommendations: check it".to_owned(),
            );
        }
        self.recs.extend(entries);
    }

    /// A paragraph of text: the open section's, unless it is the publication statement.
    fn text(&mut self, lines: &[String]) {
        let t = lines.join(" ");
        if t.contains("will be published") || t.contains("is published on") {
            self.publication = Some(t);
        } else {
            self.body.push(t);
        }
    }
}

/// What the opening and the text say about the report, the area, the force and its chief.
struct Facts {
    report_title: Option<String>,
    published: Option<String>,
    area: Option<String>,
    force: Option<String>,
    chief: Option<String>,
}

impl Facts {
    /// Reads the facts from the opening; the chief's name from anywhere in the text.
    fn read(opening: &str, text: &str) -> Self {
        let report_title = quoted(opening);
        let published = published_date(opening);
        let area = opening
            .split("Commissioner for ")
            .nth(1)
            .map(|r| {
                r.split([' ', ',', '('])
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .filter(|a| !a.is_empty());
        let force = report_title
            .as_deref()
            .and_then(|t| t.split(['–', '-']).next())
            .map(|f| f.trim().to_owned())
            .filter(|f| {
                f.ends_with("Police") || f.ends_with("Constabulary") || f.contains("Police Service")
            });
        // "Chief Constable Tedds": a capitalised name on the same line.
        let chief = text.split("Chief Constable ").skip(1).find_map(|r| {
            let line = r.lines().next().unwrap_or_default();
            let word = line.split_whitespace().next()?;
            let name = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            (name.chars().count() > 2 && name.chars().next().is_some_and(char::is_uppercase))
                .then(|| name.to_owned())
        });
        Facts {
            report_title,
            published,
            area,
            force,
            chief,
        }
    }

    /// What is missing or only guessed, for the one who checks the draft.
    fn warn(&self, warnings: &mut Vec<String>) {
        for (found, what) in [
            (self.report_title.is_none(), "the report's title"),
            (self.published.is_none(), "the report's publication date"),
            (self.area.is_none(), "the police area"),
            (self.force.is_none(), "the force's name"),
        ] {
            if found {
                warnings.push(format!("could not find {what}: fill in the TODO"));
            }
        }
        if self.chief.is_some() {
            warnings.push(
                "the chief officer's name is only a surname from the text: give the full name"
                    .to_owned(),
            );
        }
        warnings.push(
            "the kind of report and the body's kind are guesses (`other`, `pcc`): check them"
                .to_owned(),
        );
    }
}

/// The commissioner as the signature gives them: the name, any post-nominals ending it, and
/// the title on the next line.
struct Signer {
    name: Option<String>,
    post_nominals: Option<String>,
    title: Option<String>,
}

impl Signer {
    /// Reads the signature; post-nominals are a last word of up to five capitals.
    fn read(signature: &[String]) -> Self {
        let (name, post_nominals, title) = match signature {
            [name, title] | [name, title, ..] => {
                let mut words: Vec<&str> = name.split_whitespace().collect();
                let post = match words.last() {
                    Some(w)
                        if w.len() <= 5
                            && w.chars().all(|c| c.is_ascii_uppercase())
                            && words.len() > 1 =>
                    {
                        let p = (*w).to_owned();
                        words.pop();
                        Some(p)
                    }
                    _ => None,
                };
                (Some(words.join(" ")), post, Some(title.clone()))
            }
            [name] => (Some(name.clone()), None, None),
            [] => (None, None, None),
        };
        Signer {
            name,
            post_nominals,
            title,
        }
    }
}

/// Everything the import found, ready to be written as the draft.
struct Found {
    title: Option<String>,
    opening: String,
    facts: Facts,
    signer: Signer,
    sections: Sections,
    unplaced: Vec<String>,
}

impl Found {
    /// The draft's YAML, with a TODO wherever something was not found.
    fn yaml(self) -> String {
        let Found {
            title,
            opening,
            facts,
            signer,
            sections,
            mut unplaced,
        } = self;
        let mut y = String::from(
            "# Imported by s55 from a published response: check every TODO and warning.\n",
        );
        if let Some(t) = &title {
            y.push_str(&format!("title: {}\n", yaml_quote(t)));
        }
        y.push_str(&format!(
            "body:\n  kind: pcc\n  area: {}\ncommissioner:\n  name: {}\n",
            quote_or_todo(facts.area, "the police area"),
            quote_or_todo(signer.name, "the commissioner's name")
        ));
        if let Some(p) = signer.post_nominals {
            y.push_str(&format!("  post_nominals: {}\n", yaml_quote(&p)));
        }
        if let Some(t) = signer.title {
            y.push_str(&format!("  title: {}\n", yaml_quote(&t)));
        }
        y.push_str(&format!(
            "chief_officer:\n  name: {}\nforce: {}\nreport:\n  title: {}\n  kind: other\n  published: {}\nopening: {}\nsections:\n{}",
            quote_or_todo(facts.chief, "the chief officer's name"),
            quote_or_todo(facts.force, "the force's name"),
            quote_or_todo(facts.report_title, "the report's title"),
            facts
                .published
                .unwrap_or_else(|| yaml_quote("TODO: YYYY-MM-DD")),
            yaml_quote(&opening),
            sections.yaml,
        ));
        if !sections.recs.is_empty() {
            y.push_str(&yaml("recommendations", &sections.recs));
        }
        if !unplaced.is_empty() {
            unplaced.retain(|l| !l.is_empty());
            y.push_str("unplaced:\n");
            for l in &unplaced {
                y.push_str(&format!("  - {}\n", yaml_quote(l)));
            }
        }
        y
    }
}

/// Reads a previously published response (plain text, such as a copy of its web page) into a
/// draft response file: the sections found by their headings and opening words, the
/// recommendations with their structure, the signature, and everything it could not place
/// kept under `unplaced:`.
pub fn response(pasted: &str) -> Draft {
    let text = pasted.replace('\u{a0}', " ");
    let paragraphs = paragraphs(&text);
    let Some(opening_at) = paragraphs.iter().position(|p| is_opening(p)) else {
        return Draft {
            yaml: String::new(),
            warnings: vec!["found no opening paragraph (\"As the … Commissioner …\" or one citing section 55): is this a section 55 response?".to_owned()],
        };
    };
    let opening = paragraphs[opening_at]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let (title, unplaced) = front_matter(&paragraphs[..opening_at]);
    let mut paras = classify(&paragraphs[opening_at + 1..]);
    let signature = take_signature(&mut paras);
    let mut warnings = Vec::new();
    if signature.is_empty() {
        warnings.push("found no signature at the end: add `signature:` by hand".to_owned());
    }
    let sections = Sections::read(paras, &mut warnings);
    let facts = Facts::read(&opening, &text);
    facts.warn(&mut warnings);
    if !unplaced.is_empty() {
        warnings.push(format!(
            "kept {} the import could not place under `unplaced:`: move or delete them",
            plural(unplaced.len(), "line")
        ));
    }
    let found = Found {
        title,
        opening,
        facts,
        signer: Signer::read(&signature),
        sections,
        unplaced,
    };
    Draft {
        yaml: found.yaml(),
        warnings,
    }
}
