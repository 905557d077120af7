//! The import corpus: real published responses and findings lists (tests/fixtures/import/),
//! each imported as a user would, checked against the placement read from it by hand
//! (`NAME.expect.yaml`), every sentence of the input found in the draft, and the draft
//! checked and rendered in every format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::support::{TempDir, normalise, root, s55};

fn corpus(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            matches!(ext, "txt" | "html" | "pdf" | "docx")
        })
        .collect();
    files.sort();
    files
}

fn expect(input: &Path) -> Value {
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let path = input.with_file_name(format!("{stem}.expect.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every text of the draft with the field it sits in: `title`, `opening`, a section's kind,
/// `recommendations` (and the other lists), `unplaced`, `comment` for YAML comments.
fn fields(draft: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in draft.lines() {
        if let Some(c) = line.trim_start().strip_prefix('#') {
            let c = c.trim();
            let text = c
                .find('"')
                .and_then(|i| serde_yaml::from_str::<String>(&c[i..]).ok())
                .unwrap_or_else(|| c.to_owned());
            out.push(("comment".to_owned(), format!("{c} {text}")));
        }
    }
    let doc: Value = serde_yaml::from_str(draft).unwrap();
    let s = text_of;
    for key in ["title", "opening", "force"] {
        out.push((key.to_owned(), s(&doc[key])));
    }
    out.push((
        "commissioner".to_owned(),
        format!(
            "{} {} {}",
            s(&doc["commissioner"]["name"]),
            s(&doc["commissioner"]["post_nominals"]),
            s(&doc["commissioner"]["title"])
        ),
    ));
    out.push(("report".to_owned(), s(&doc["report"]["title"])));
    // The facts a reader takes from the text: the area, the chief officer, the response's
    // date, the report's publication date, a letter's salutation.
    out.push(("area".to_owned(), s(&doc["body"]["area"])));
    out.push(("chief".to_owned(), s(&doc["chief_officer"]["name"])));
    out.push(("date".to_owned(), scalar(&doc["date"])));
    out.push(("published".to_owned(), scalar(&doc["report"]["published"])));
    out.push(("salutation".to_owned(), s(&doc["salutation"])));
    for sec in doc["sections"].as_sequence().into_iter().flatten() {
        let kind = s(&sec["kind"]);
        out.push((kind.clone(), s(&sec["heading"])));
        out.push((kind, s(&sec["text"])));
    }
    for key in [
        "recommendations",
        "areas_for_improvement",
        "causes_of_concern",
    ] {
        for f in doc[key].as_sequence().into_iter().flatten() {
            let mut all = vec![
                s(&f["text"]),
                s(&f["response"]),
                s(&f["status"]),
                s(&f["owner"]),
            ];
            collect(&f["items"], &mut all);
            out.push((
                key.replace('_', "-")
                    .replace("areas-for-improvement", "areas_for_improvement")
                    .replace("causes-of-concern", "causes_of_concern"),
                all.join(" "),
            ));
        }
    }
    for u in doc["unplaced"].as_sequence().into_iter().flatten() {
        out.push(("unplaced".to_owned(), s(u)));
    }
    out.into_iter().map(|(k, t)| (k, normalise(&t))).collect()
}

/// A text as the draft gives it: a string, or a bilingual draft's `{cy: …, en: …}`, both
/// languages in the edition's order.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        Value::Mapping(m) if m.keys().all(|k| matches!(k.as_str(), Some("cy" | "en"))) => {
            m.values().map(text_of).collect::<Vec<_>>().join(" ")
        }
        _ => String::new(),
    }
}

/// A scalar as its text: a date is read by YAML as a string, a number as a number.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn collect(items: &Value, all: &mut Vec<String>) {
    for i in items.as_sequence().into_iter().flatten() {
        match i {
            Value::Mapping(m) if m.contains_key("text") => {
                all.push(text_of(&i["text"]));
                collect(&i["items"], all);
            }
            t => all.push(text_of(t)),
        }
    }
}

/// The input's sentences: split after a full stop, question mark or exclamation mark that
/// ends a word, and at line ends.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        // A list's marker is its structure (`number:`, `numbering:`), not its words.
        let line = line.trim_start();
        let line = line.trim_start_matches(['•', '●', '▪', '·']).trim_start();
        let line = match line.split_once(['.', ')']) {
            Some((n, rest))
                if !n.is_empty()
                    && n.len() <= 3
                    && n.chars().all(|c| c.is_ascii_alphanumeric())
                    && n.chars().any(|c| c.is_ascii_digit() || n.len() == 1)
                    && rest.starts_with(' ') =>
            {
                rest
            }
            _ => line,
        };
        let mut cur = String::new();
        for w in line.split_whitespace() {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
            if w.ends_with(['.', '?', '!']) && w.chars().count() > 3 {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out.into_iter()
        .map(|s| normalise(&s.replace('\u{a0}', " ")))
        .filter(|s| !s.is_empty())
        .collect()
}

#[derive(Default)]
struct Tally {
    files: usize,
    sentences: usize,
    kept: usize,
    parts: usize,
    placed: usize,
}

fn import_one(
    tmp: &Path,
    input: &Path,
    tallies: &mut BTreeMap<String, Tally>,
    failures: &mut Vec<String>,
) {
    let name = input.file_name().unwrap().to_str().unwrap().to_owned();
    let exp = expect(input);
    // A page holding several responses is imported with `--out`, one draft each.
    let dir = tmp.join(format!("{name}-drafts"));
    let run = s55(
        tmp,
        &[
            "import",
            "response",
            input.to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    let mut drafts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    drafts.sort();
    let want = exp["responses"].as_u64().unwrap_or(1) as usize;
    assert_eq!(drafts.len(), want, "{name}: {}", run.stdout);
    let mut fields_all = Vec::new();
    for draft in &drafts {
        let yaml = std::fs::read_to_string(draft).unwrap();
        // The language the text is in, and for both languages which edition comes first.
        let doc: Value = serde_yaml::from_str(&yaml).unwrap();
        for key in ["language", "first"] {
            let want = exp[key]
                .as_str()
                .unwrap_or(if key == "language" { "en" } else { "cy" });
            let got = doc[key]
                .as_str()
                .unwrap_or(if key == "language" { "en" } else { "cy" });
            assert_eq!(got, want, "{name}: `{key}:` in\n{yaml}");
        }
        let check = s55(tmp, &["check", draft.to_str().unwrap()]);
        assert_eq!(
            check.code, 0,
            "{name} does not check:\n{}\n{yaml}",
            check.stderr
        );
        let out = tmp.join(format!("{name}-out"));
        let render = s55(
            tmp,
            &[
                "render",
                draft.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(render.code, 0, "{name} does not render:\n{}", render.stderr);
        fields_all.extend(fields(&yaml));
    }
    let fields = fields_all;
    let everything: String = fields
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let shape = exp["shape"].as_str().unwrap().to_owned();
    let tally = tallies.entry(shape).or_default();
    tally.files += 1;
    let text = crate::import_corpus_text(input);
    for s in sentences(&text) {
        tally.sentences += 1;
        if everything.contains(&s) {
            tally.kept += 1;
        } else {
            failures.push(format!("{name}: lost {s:?}"));
        }
    }
    for part in exp["parts"].as_sequence().into_iter().flatten() {
        let field = part[0].as_str().unwrap();
        let want = normalise(part[1].as_str().unwrap());
        tally.parts += 1;
        // A line left out of the response's parts is kept under `unplaced:` or beside them
        // as a comment: either says it was not placed.
        let field_ok = |k: &str| k == field || (field == "unplaced" && k == "comment");
        if fields.iter().any(|(k, t)| field_ok(k) && t.contains(&want)) {
            tally.placed += 1;
        } else {
            let got: Vec<&str> = fields
                .iter()
                .filter(|(_, t)| t.contains(&want))
                .map(|(k, _)| k.as_str())
                .collect();
            failures.push(format!(
                "{name}: {want:?} wanted in {field}, found in {got:?}"
            ));
        }
    }
}

#[test]
fn every_published_response_imports_keeps_every_sentence_and_places_its_parts() {
    let tmp = TempDir::new("import-corpus");
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let files = corpus("tests/fixtures/import");
    assert!(files.len() >= 60, "{} responses", files.len());
    for input in &files {
        import_one(tmp.path(), input, &mut tallies, &mut failures);
    }
    let mut total = Tally::default();
    let mut below = Vec::new();
    eprintln!(
        "{:<12} | {:>5} | {:>15} | {:>13}",
        "shape", "files", "sentences kept", "parts placed"
    );
    for (shape, t) in &tallies {
        eprintln!(
            "{shape:<12} | {:>5} | {:>5}/{:<5} {:>3.0}% | {:>4}/{:<4} {:>3.0}%",
            t.files,
            t.kept,
            t.sentences,
            100.0 * t.kept as f64 / t.sentences.max(1) as f64,
            t.placed,
            t.parts,
            100.0 * t.placed as f64 / t.parts.max(1) as f64
        );
        // The targets hold for every shape, not only on the whole corpus: all sentences
        // kept, at least 95% of the parts placed.
        if t.kept < t.sentences || t.placed * 100 < t.parts * 95 {
            below.push(shape.clone());
        }
        total.files += t.files;
        total.kept += t.kept;
        total.sentences += t.sentences;
        total.placed += t.placed;
        total.parts += t.parts;
    }
    eprintln!(
        "{:<12} | {:>5} | {:>5}/{:<5} {:>3.0}% | {:>4}/{:<4} {:>3.0}%",
        "all",
        total.files,
        total.kept,
        total.sentences,
        100.0 * total.kept as f64 / total.sentences.max(1) as f64,
        total.placed,
        total.parts,
        100.0 * total.placed as f64 / total.parts.max(1) as f64
    );
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(below.is_empty(), "below the targets: {below:?}");
}

/// The texts of a list's findings, field by field, for the expected file's checks.
fn list_of(doc: &Value, key: &str, field: &str) -> Vec<String> {
    doc[key]
        .as_sequence()
        .into_iter()
        .flatten()
        .map(|f| match &f[field] {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            Value::Sequence(s) => s.len().to_string(),
            _ => String::new(),
        })
        .collect()
}

/// Checks one findings list against its expected file; returns what differs.
fn recs_one(input: &Path) -> Vec<String> {
    let name = input.file_name().unwrap().to_str().unwrap().to_owned();
    let exp = expect(input);
    let dir = input.parent().unwrap();
    let run = s55(dir, &["import", "recs", &name]);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    let mut wrong = Vec::new();
    let doc: Value = serde_yaml::from_str(&run.stdout).unwrap();
    let key = exp["key"].as_str().unwrap();
    if doc[key].as_sequence().is_none() {
        return vec![format!("{name}: no `{key}:` in\n{}", run.stdout)];
    }
    let strs = |v: &Value| -> Vec<String> {
        v.as_sequence()
            .into_iter()
            .flatten()
            .map(|x| match x {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => String::new(),
            })
            .collect()
    };
    let count = doc[key].as_sequence().map_or(0, Vec::len);
    if Some(count as u64) != exp["count"].as_u64() {
        wrong.push(format!("{name}: {count} findings, not {:?}", exp["count"]));
    }
    let nested: Vec<Value> = doc[key]
        .as_sequence()
        .into_iter()
        .flatten()
        .flat_map(|f| {
            f["recommendations"]
                .as_sequence()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let nested = Value::Sequence(nested);
    let mut compare = |what: &str, got: Vec<String>, exact: bool| {
        let want = strs(&exp[what]);
        if want.is_empty() {
            return;
        }
        // Exact fields are compared finding by finding; texts need only be found in the
        // findings' texts, in order (a register gives one finding several answers).
        let joined = normalise(&got.join(" "));
        let ok = if exact {
            got.len() >= want.len()
                && want
                    .iter()
                    .zip(&got)
                    .all(|(w, g)| normalise(g) == normalise(w))
        } else {
            let mut from = 0;
            want.iter()
                .all(|w| match joined[from..].find(&normalise(w)) {
                    Some(i) => {
                        from += i;
                        true
                    }
                    None => false,
                })
        };
        if !ok {
            wrong.push(format!("{name}: {what} {got:?}, not {want:?}"));
        }
    };
    let wrap = |v: &Value, f: &str| {
        let mut d = serde_yaml::Mapping::new();
        d.insert("l".into(), v.clone());
        list_of(&Value::Mapping(d), "l", f)
    };
    compare("numbers", list_of(&doc, key, "number"), true);
    compare(
        "items",
        list_of(&doc, key, "items")
            .iter()
            .map(|s| if s.is_empty() { "0".into() } else { s.clone() })
            .collect(),
        true,
    );
    compare("texts", list_of(&doc, key, "text"), false);
    compare("responses", list_of(&doc, key, "response"), false);
    compare("statuses", list_of(&doc, key, "status"), true);
    compare("owners", list_of(&doc, key, "owner"), true);
    compare(
        "recommendations",
        list_of(&doc, key, "recommendations")
            .iter()
            .map(|s| if s.is_empty() { "0".into() } else { s.clone() })
            .collect(),
        true,
    );
    compare("nested_numbers", wrap(&nested, "number"), true);
    compare("nested_texts", wrap(&nested, "text"), false);
    compare("nested_statuses", wrap(&nested, "status"), true);
    for k in strs(&exp["kept"]) {
        if !normalise(&run.stdout).contains(&normalise(&k)) {
            wrong.push(format!("{name}: {k:?} not kept in\n{}", run.stdout));
        }
    }
    // Every word of the list is in the YAML, as a finding's words or a comment, but for the
    // words that are its structure (a heading "Recommendations", a label "Status:").
    let text = crate::import_corpus_text(input);
    let words = |t: &str| -> std::collections::BTreeSet<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_owned)
            .collect()
    };
    let got = words(&run.stdout.replace("\\n", " "));
    // A label's words ("Action for Further Improvement (AFI) 7"), a heading's, a column's,
    // and the register's markup (`[/comment]`).
    let structure = [
        "action",
        "further",
        "comment",
        "recommendation",
        "recommendations",
        "area",
        "areas",
        "improvement",
        "afi",
        "cause",
        "causes",
        "concern",
        "status",
        "response",
        "update",
        "owner",
    ];
    for w in words(&text) {
        if !got.contains(&w) && !structure.contains(&w.as_str()) {
            wrong.push(format!("{name}: lost the word {w:?}"));
        }
    }
    // The list is a response's list: it loads into a response with no error.
    let example =
        std::fs::read_to_string(root().join("examples/warwickshire-child-protection-2022.yaml"))
            .unwrap();
    let head = &example[..example.find("\nrecommendations:").unwrap() + 1];
    let (loaded, diags) = s55::load::parse(&format!("{head}{}", run.stdout));
    if loaded.is_none() || diags.iter().any(|d| d.is_error()) {
        wrong.push(format!("{name}: does not load: {diags:?}"));
    }
    wrong
}

#[test]
fn every_findings_list_imports_as_its_expected_file_says() {
    let files = corpus("tests/fixtures/import/recs");
    assert!(files.len() >= 8, "{} lists", files.len());
    let mut right = 0;
    let mut wrong = Vec::new();
    for input in &files {
        let w = recs_one(input);
        if w.is_empty() {
            right += 1;
        }
        wrong.extend(w);
    }
    eprintln!("findings lists right: {right}/{}", files.len());
    for w in &wrong {
        eprintln!("{w}");
    }
    assert!(
        wrong.is_empty(),
        "{} of {} lists wrong",
        files.len() - right,
        files.len()
    );
}
