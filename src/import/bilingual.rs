//! A text holding a Welsh and an English edition of one response, one after the other (as
//! Welsh offices publish them on one page or in one PDF), drafted as one `language:
//! bilingual` response whose texts are given as `cy:` and `en:`.
//!
//! Policy: the text is split once, where its language changes, and only when each side is
//! plainly in its own language; each edition is drafted as any response is, and their parts
//! are paired (sections by kind and order, findings by number, list items by order). A part
//! that has no partner is kept, its other language a `TODO` with a warning at its line. A
//! text whose languages cannot be told apart so (paragraph by paragraph, say) is drafted as
//! one text, as before.

use serde_yaml::{Mapping, Value};

use super::blocks::Block;
use super::draft::one;
use super::facts::language_words;
use super::response::Draft;
use super::warning::{Warning, place_from};
use crate::load::write::{self, Note, Texts};
// The fields a bilingual response gives in both languages: the loader's own list.
use crate::load::TRANSLATED;

/// The lists of findings, paired by number.
const FINDINGS: [&str; 3] = [
    "recommendations",
    "areas_for_improvement",
    "causes_of_concern",
];

/// How many marking words of each language a side must hold, at the least.
const ENOUGH: usize = 12;

fn language_name(lang: &str) -> &'static str {
    if lang == "cy" { "Welsh" } else { "English" }
}

fn other(lang: &str) -> &'static str {
    if lang == "cy" { "en" } else { "cy" }
}

/// Where the second edition begins (the index of its first block) and the language of the
/// first: the one cut that best divides Welsh from English, kept only when each side is
/// plainly its own language (at least four of its marking words to one of the other's).
/// Blocks in neither language between the two (the second edition's title and date) go with
/// the second.
pub(crate) fn split(blocks: &[Block]) -> Option<(usize, &'static str)> {
    if blocks.len() < 2 {
        return None;
    }
    let counts: Vec<(usize, usize)> = blocks
        .iter()
        .map(|b| language_words(&b.text(), true))
        .collect();
    let diff = |c: &(usize, usize)| c.0 as i64 - c.1 as i64;
    let total: i64 = counts.iter().map(diff).sum();
    let mut best: Option<(i64, usize, &'static str)> = None;
    let mut prefix = 0;
    for k in 1..blocks.len() {
        prefix += diff(&counts[k - 1]);
        // Welsh first: Welsh before the cut counts for it, Welsh after against it.
        for (value, lang) in [(2 * prefix - total, "cy"), (total - 2 * prefix, "en")] {
            if best.is_none_or(|(v, _, _)| value > v) {
                best = Some((value, k, lang));
            }
        }
    }
    let (_, k, first) = best?;
    let sum = |r: &[(usize, usize)]| r.iter().fold((0, 0), |(cy, en), (c, e)| (cy + c, en + e));
    let ((c1, e1), (c2, e2)) = (sum(&counts[..k]), sum(&counts[k..]));
    let (own1, other1, own2, other2) = if first == "cy" {
        (c1, e1, e2, c2)
    } else {
        (e1, c1, c2, e2)
    };
    (own1 >= ENOUGH && own2 >= ENOUGH && own1 >= 4 * other1 && own2 >= 4 * other2)
        .then_some((k, first))
}

/// The byte where line `line` (from 1) begins.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// The two editions of a bilingual text drafted as one bilingual response, or `None` when
/// the text is not two editions one after the other.
pub(crate) fn draft(blocks: &[Block], text: &str) -> Option<Draft> {
    let (k, first) = split(blocks)?;
    let second = other(first);
    let at = line_start(text, blocks[k].line);
    let (t1, t2) = text.split_at(at);
    let mut d1 = one(blocks[..k].to_vec(), t1);
    let mut d2 = one(blocks[k..].to_vec(), t2);
    place_from(&mut d1.warnings, text, 0, at);
    place_from(&mut d2.warnings, text, at, text.len());
    let v1: Value = serde_yaml::from_str(&d1.yaml).ok()?;
    let v2: Value = serde_yaml::from_str(&d2.yaml).ok()?;
    let mut pair = Pair {
        first,
        second,
        text,
        at,
        warnings: Vec::new(),
    };
    let merged = pair.top(v1, v2);
    let lines = |from: usize, to: usize| {
        let a = text[..from].matches('\n').count() + 1;
        let b = text[..to].trim_end().matches('\n').count() + 1;
        format!("lines {a}–{b}")
    };
    let mut said = vec![
        "Imported by s55 from a published response: check every comment and warning.".to_owned(),
        format!(
            "The text holds a {} edition ({}) and an {} edition ({}), drafted as one bilingual response.",
            language_name(first),
            lines(0, at),
            language_name(second),
            lines(at, text.len()),
        ),
    ];
    // Each edition's comments, gathered at the top: the merged fields have no one place
    // for them.
    for (lang, d) in [(first, &d1), (second, &d2)] {
        let notes: Vec<&str> = d
            .yaml
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with('#') && !l.starts_with("# Imported by s55"))
            .collect();
        if !notes.is_empty() {
            said.push(format!("The {} edition:", language_name(lang)));
            for n in notes {
                said.push(format!("  {}", n.trim_start_matches('#').trim()));
            }
        }
    }
    let yaml = written(merged, &said);
    // A draft the loader refuses is no use: the text is drafted as one, as before.
    let (editions, diags) = crate::load::parse_editions(&yaml);
    if editions.len() != 2 || diags.iter().any(|d| d.is_error()) {
        return None;
    }
    let mut warnings = vec![Warning::at(
        blocks[k].line,
        format!(
            "the {} edition begins here: the draft pairs its parts with the {} edition's",
            language_name(second),
            language_name(first)
        ),
    )];
    // The editions' warnings in the order of the text, then the pairing's.
    warnings.extend(d1.warnings);
    warnings.extend(d2.warnings);
    warnings.extend(pair.warnings);
    // A warning both editions give about no line in particular ("could not find the police
    // area") is said once.
    let mut said = std::collections::HashSet::new();
    warnings.retain(|w| w.line.is_some() || said.insert(w.message.clone()));
    Some(Draft { yaml, warnings })
}

/// The pairing of the two editions' drafts.
struct Pair<'a> {
    first: &'static str,
    second: &'static str,
    text: &'a str,
    /// Where the second edition begins in `text`.
    at: usize,
    warnings: Vec<Warning>,
}

/// Which edition a text without a partner comes from.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    First,
    Second,
}

impl Pair<'_> {
    /// The two drafts' mappings as one: `language: bilingual` and `first:`, then every field.
    fn top(&mut self, a: Value, b: Value) -> Mapping {
        let mut out = Mapping::new();
        out.insert("language".into(), "bilingual".into());
        out.insert("first".into(), self.first.into());
        let merged = self.value(Some(a), Some(b), "", "", false);
        if let Value::Mapping(m) = merged {
            for (k, v) in m {
                // `draft: true` is said again, once, where the merged draft needs it.
                if matches!(k.as_str(), Some("language" | "draft")) {
                    continue;
                }
                out.insert(k, v);
            }
        }
        out
    }

    /// Where the words of a text are in the input (the half they come from): their line and
    /// column, found from the text's first words (as many as are on one line of the input).
    fn line_of(&self, words: &str, side: Side) -> (usize, usize) {
        let (from, to) = match side {
            Side::First => (0, self.at),
            Side::Second => (self.at, self.text.len()),
        };
        let hay = &self.text[from..to];
        let first: Vec<&str> = words
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .take(8)
            .collect();
        for n in (1..=first.len()).rev() {
            if let Some(i) = hay.find(&first[..n].join(" ")) {
                let before = &self.text[..from + i];
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |j| j + 1);
                return (line, self.text[start..from + i].chars().count() + 1);
            }
        }
        let line = self.text[..from].matches('\n').count() + 1;
        (line, 0)
    }

    /// A warning that a part (`what`) of one edition has no partner in the other.
    fn unpaired(&mut self, what: &str, v: &Value, side: Side) {
        let (has, lacks) = match side {
            Side::First => (self.first, self.second),
            Side::Second => (self.second, self.first),
        };
        let (line, column) = self.line_of(&first_text(v), side);
        self.warnings.push(
            Warning::at(
                line,
                format!(
                    "{what} is in the {} edition only: its `{lacks}:` text is a TODO to translate",
                    language_name(has)
                ),
            )
            .column(column),
        );
    }

    /// A text in both languages, the first edition's first.
    fn both(&self, a: Value, b: Value) -> Value {
        let mut m = Mapping::new();
        m.insert(self.first.into(), a);
        m.insert(self.second.into(), b);
        Value::Mapping(m)
    }

    fn todo(&self, lang: &str) -> Value {
        Value::String(format!("TODO: the {} text", language_name(lang)))
    }

    /// The two editions' values of the field `key` (at `path`) as one. `quiet`: the part
    /// they are in already has its warning.
    fn value(
        &mut self,
        a: Option<Value>,
        b: Option<Value>,
        key: &str,
        path: &str,
        quiet: bool,
    ) -> Value {
        // `heading: false` beside a heading is a heading missing from one edition.
        let absent = |v: &Option<Value>| matches!(v, None | Some(Value::Null | Value::Bool(false)));
        let a = if key == "heading" && absent(&a) && !absent(&b) {
            None
        } else {
            a
        };
        let b = if key == "heading" && absent(&b) && a.is_some() {
            None
        } else {
            b
        };
        let translated = TRANSLATED.contains(&key);
        match (a, b) {
            (Some(Value::Sequence(a)), b) if key == "sections" => self.sections(a, seq(b), quiet),
            (a, b) if FINDINGS.contains(&key) => self.findings(seq(a), seq(b), key, quiet),
            (Some(Value::Sequence(mut a)), b) if key == "unplaced" => {
                a.extend(seq(b));
                Value::Sequence(a)
            }
            (a, b) if key == "items" => self.items(seq(a), seq(b), path, quiet),
            (Some(Value::Mapping(a)), b @ (None | Some(Value::Mapping(_)))) => {
                let b = match b {
                    Some(Value::Mapping(b)) => b,
                    _ => Mapping::new(),
                };
                self.mapping(a, b, path, quiet)
            }
            (None, Some(Value::Mapping(b))) => self.mapping(Mapping::new(), b, path, quiet),
            (Some(Value::String(x)), Some(Value::String(y))) => {
                if translated || x != y {
                    self.both(x.into(), y.into())
                } else {
                    Value::String(x)
                }
            }
            (Some(x @ Value::String(_)), None) if translated => {
                if !quiet {
                    self.unpaired(&format!("`{path}`"), &x, Side::First);
                }
                self.both(x, self.todo(self.second))
            }
            (None, Some(y @ Value::String(_))) if translated => {
                if !quiet {
                    self.unpaired(&format!("`{path}`"), &y, Side::Second);
                }
                self.both(self.todo(self.first), y)
            }
            (Some(x), _) => x,
            (None, Some(y)) => y,
            (None, None) => Value::Null,
        }
    }

    fn mapping(&mut self, a: Mapping, mut b: Mapping, path: &str, quiet: bool) -> Value {
        let mut out = Mapping::new();
        for (k, va) in a {
            let vb = b.remove(&k);
            let name = k.as_str().unwrap_or_default().to_owned();
            let p = join(path, &name);
            let v = self.value(Some(va), vb, &name, &p, quiet);
            out.insert(k, v);
        }
        for (k, vb) in b {
            let name = k.as_str().unwrap_or_default().to_owned();
            let p = join(path, &name);
            let v = self.value(None, Some(vb), &name, &p, quiet);
            out.insert(k, v);
        }
        Value::Mapping(out)
    }

    /// The sections paired by kind and order (the second `comments` with the second
    /// `comments`); one without a partner stands where its edition has it.
    fn sections(&mut self, a: Vec<Value>, b: Vec<Value>, quiet: bool) -> Value {
        let kind = |v: &Value| v["kind"].as_str().unwrap_or_default().to_owned();
        let ordinal = |list: &[Value], i: usize| {
            let k = kind(&list[i]);
            list[..i].iter().filter(|v| kind(v) == k).count()
        };
        let partner: Vec<Option<usize>> = (0..a.len())
            .map(|i| {
                let (k, n) = (kind(&a[i]), ordinal(&a, i));
                (0..b.len()).find(|&j| kind(&b[j]) == k && ordinal(&b, j) == n)
            })
            .collect();
        let mut taken = vec![false; b.len()];
        let mut out = Vec::new();
        let mut b_slots: Vec<Option<Value>> = b.into_iter().map(Some).collect();
        for (i, va) in a.into_iter().enumerate() {
            // The second edition's parts without a partner that come before this one's.
            if let Some(p) = partner[i] {
                for j in 0..p {
                    if !taken[j] && !partner.contains(&Some(j)) {
                        taken[j] = true;
                        let vb = b_slots[j].take();
                        out.push(self.alone(None, vb, &format!("sections[{}]", out.len()), quiet));
                    }
                }
            }
            let path = format!("sections[{}]", out.len());
            match partner[i] {
                Some(p) => {
                    taken[p] = true;
                    let vb = b_slots[p].take();
                    out.push(self.value(Some(va), vb, "", &path, quiet));
                }
                None => out.push(self.alone(Some(va), None, &path, quiet)),
            }
        }
        for j in 0..taken.len() {
            if !taken[j] {
                let vb = b_slots[j].take();
                let path = format!("sections[{}]", out.len());
                out.push(self.alone(None, vb, &path, quiet));
            }
        }
        Value::Sequence(out)
    }

    /// A part of one edition without a partner: its texts, the other language's a TODO.
    fn alone(&mut self, a: Option<Value>, b: Option<Value>, path: &str, quiet: bool) -> Value {
        let (v, side) = match (&a, &b) {
            (Some(v), _) => (v, Side::First),
            (None, Some(v)) => (v, Side::Second),
            (None, None) => return Value::Null,
        };
        // A part with no text (the lists' places, the publication statement) needs none.
        if !quiet && !first_text(v).is_empty() {
            let what = match v["kind"].as_str() {
                Some(k) => format!("the `{k}` part (`{path}`)"),
                None => match v["number"]
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| v["number"].as_u64().map(|n| n.to_string()))
                {
                    Some(n) => format!("finding {n} (`{path}`)"),
                    None => format!("`{path}`"),
                },
            };
            self.unpaired(&what, v, side);
        }
        self.value(a, b, "", path, true)
    }

    /// The findings paired by number, or by order where they have none.
    fn findings(&mut self, a: Vec<Value>, b: Vec<Value>, key: &str, quiet: bool) -> Value {
        let number = |v: &Value| match &v["number"] {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            _ => None,
        };
        let numbered = a.iter().chain(&b).all(|v| number(v).is_some());
        let mut b_slots: Vec<Option<Value>> = b.into_iter().map(Some).collect();
        let mut out = Vec::new();
        for (i, va) in a.into_iter().enumerate() {
            let p = if numbered {
                let n = number(&va);
                b_slots
                    .iter()
                    .position(|s| s.as_ref().is_some_and(|v| number(v) == n))
            } else {
                (i < b_slots.len() && b_slots[i].is_some()).then_some(i)
            };
            let path = format!("{key}[{}]", out.len());
            match p {
                Some(p) => {
                    let vb = b_slots[p].take();
                    out.push(self.value(Some(va), vb, "", &path, quiet));
                }
                None => out.push(self.alone(Some(va), None, &path, quiet)),
            }
        }
        for vb in b_slots.into_iter().flatten() {
            let path = format!("{key}[{}]", out.len());
            out.push(self.alone(None, Some(vb), &path, quiet));
        }
        Value::Sequence(out)
    }

    /// A finding's items paired by order; an item with items of its own is a mapping, and
    /// its partner, if plain, is read as one (`text:`).
    fn items(&mut self, a: Vec<Value>, b: Vec<Value>, path: &str, quiet: bool) -> Value {
        let n = a.len().max(b.len());
        let (mut a, mut b) = (a.into_iter(), b.into_iter());
        let out = (0..n)
            .map(|i| {
                let p = format!("{path}[{i}]");
                let (x, y) = (a.next(), b.next());
                let nested =
                    matches!(x, Some(Value::Mapping(_))) || matches!(y, Some(Value::Mapping(_)));
                if nested {
                    self.value(x.map(text_item), y.map(text_item), "", &p, quiet)
                } else {
                    self.value(x, y, "items", &p, quiet)
                }
            })
            .collect();
        Value::Sequence(out)
    }
}

/// A plain item as the mapping an item with items is (`text:`).
fn text_item(v: Value) -> Value {
    match v {
        Value::String(s) => {
            let mut m = Mapping::new();
            m.insert("text".into(), Value::String(s));
            Value::Mapping(m)
        }
        v => v,
    }
}

fn seq(v: Option<Value>) -> Vec<Value> {
    match v {
        Some(Value::Sequence(s)) => s,
        _ => Vec::new(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The first text a part holds (its heading or its text), to find it in the input by.
fn first_text(v: &Value) -> String {
    match v {
        Value::String(s) if !s.starts_with("TODO") => s.clone(),
        Value::Mapping(m) => ["text", "heading", "response"]
            .iter()
            .find_map(|k| m.get(*k).map(first_text).filter(|t| !t.is_empty()))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The merged draft, `draft: true` first where it has a placeholder or no date, written by
/// the one writer of responses with the importer's comments at its head.
fn written(merged: Mapping, said: &[String]) -> String {
    let mut top = Mapping::new();
    if super::draft::unfinished(&Value::Mapping(merged.clone())) {
        top.insert("draft".into(), true.into());
    }
    top.extend(merged);
    let first: Vec<String> = top
        .keys()
        .filter_map(Value::as_str)
        .take(1)
        .map(str::to_owned)
        .collect();
    let notes: Vec<Note> = said
        .iter()
        .map(|text| Note {
            at: String::new(),
            before: first.clone(),
            text: text.clone(),
        })
        .collect();
    // A mapping of the drafts' own values always serializes.
    write::to_yaml(&top, Texts::Quoted, &notes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::blocks;
    use super::*;

    const CY: &str = "Ymateb y Comisiynydd\n\nMae’r adroddiad yn dangos bod yr heddlu yn dda ac mae wedi gwella yn y flwyddyn, ac mae’r Comisiynydd yn croesawu’r adroddiad hyn. Mae gan yr heddlu waith i’w wneud ar y materion hyn ac mae wedi dechrau yn barod. Mae’r heddlu yn gwybod bod hyn yn bwysig i’r cyhoedd.\n";
    const EN: &str = "The Commissioner's response\n\nThe report shows that the force is good and has improved in the year, and the Commissioner welcomes the report. The force has work to do on these matters and it has started. The force knows that this is important to the public and to the communities it serves with the partners it has.\n";

    #[test]
    fn the_editions_are_cut_where_the_language_changes() {
        let text = format!("{CY}\n{EN}");
        let b = blocks(&text);
        assert_eq!(split(&b), Some((2, "cy")));
        assert_eq!(b[2].text(), "The Commissioner's response");
        let text = format!("{EN}\n{CY}");
        assert_eq!(split(&blocks(&text)), Some((2, "en")));
        // One language, or too little of the other, is not two editions.
        assert_eq!(split(&blocks(EN)), None);
        let text = format!("{EN}\nMae’r ddogfen hon ar gael yn Gymraeg.\n");
        assert_eq!(split(&blocks(&text)), None);
    }

    #[test]
    fn kinds_and_dates_are_plain_and_every_other_text_quoted() {
        let mut m = Mapping::new();
        m.insert("kind".into(), "pcc".into());
        m.insert("published".into(), "2023-04-17".into());
        m.insert("date".into(), "2023-05-01".into());
        m.insert("number".into(), "1.10".into());
        m.insert("status".into(), "no".into());
        let out = written(m.clone(), &["Imported.".to_owned()]);
        assert!(
            out.starts_with(
                "# Imported.\nkind: pcc\npublished: 2023-04-17\ndate: 2023-05-01\nnumber: \"1.10\"\n"
            ),
            "{out}"
        );
        // A word YAML 1.1 reads as `false` still reads back as the text.
        let back: Mapping = serde_yaml::from_str(&out).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn a_draft_with_a_placeholder_says_it_is_a_draft_after_the_comments() {
        let mut m = Mapping::new();
        m.insert("date".into(), "2023-05-01".into());
        m.insert("force".into(), "TODO: the force's name".into());
        let out = written(m, &["Imported.".to_owned()]);
        assert_eq!(
            out,
            "# Imported.\ndraft: true\ndate: 2023-05-01\nforce: \"TODO: the force's name\"\n"
        );
    }
}
