// A response built from fuzzer bytes: every field the model has, with arbitrary texts,
// numbers of sections, recommendations and sub-points nested to any depth. Shared by the
// structured fuzz target and the test that replays its corpus. The findings are model values
// written by s55's own writer (`load::write`); the rest is written by hand, on purpose, in
// spellings the model's writer never uses (`PEEL` in capitals, a body left to the office's
// settings, texts in two languages).

use arbitrary::Arbitrary;
use s55::model::{Finding, Number, Numbering};

#[derive(Arbitrary, Debug)]
pub struct Point {
    pub text: String,
    pub numbering: u8,
    pub items: Vec<Point>,
}

#[derive(Arbitrary, Debug)]
pub struct Rec {
    pub number: Option<u16>,
    pub text: String,
    pub timescale: Option<String>,
    pub numbering: u8,
    pub items: Vec<Point>,
    pub applies: bool,
    pub force_response: Option<String>,
    pub response: Option<String>,
    pub status: u8,
    pub owner: Option<String>,
    /// A number as the report writes it ("1.1", "3a"), instead of `number`.
    pub number_text: Option<String>,
    pub addressed_to: Option<String>,
    pub accelerated: bool,
    /// Recommendations under this one, for a cause of concern or an area for improvement.
    pub nested: Vec<Rec>,
}

#[derive(Arbitrary, Debug)]
pub struct Section {
    pub kind: u8,
    pub heading: Option<Option<String>>,
    pub text: Option<String>,
}

#[derive(Arbitrary, Debug)]
pub struct Input {
    pub language: u8,
    pub statement: bool,
    pub title: Option<String>,
    pub area: String,
    pub office: Option<String>,
    pub address: Vec<String>,
    pub website: Option<String>,
    pub commissioner: String,
    pub post_nominals: Option<String>,
    pub chief: Option<String>,
    pub force: String,
    pub report_title: String,
    pub kind: u8,
    pub published: (u8, u8, u8),
    pub date: Option<(u8, u8, u8)>,
    pub addressees: Option<Vec<String>>,
    pub opening: Option<String>,
    pub sections: Vec<Section>,
    pub recommendations: Vec<Rec>,
    pub areas: Vec<Rec>,
    pub causes: Vec<Rec>,
    pub tracker: bool,
    /// The second language's texts, for a bilingual response.
    pub welsh: Vec<String>,
    /// The office's settings (`office:` in s55.yaml), which the response inherits from.
    pub settings: Option<OfficeInput>,
}

/// The office's details in s55.yaml, and which of them the response leaves to them.
#[derive(Arbitrary, Debug)]
pub struct OfficeInput {
    pub area: Option<String>,
    pub commissioner: Option<String>,
    pub force: Option<String>,
    pub greetings: Option<bool>,
    pub titled: Option<bool>,
    /// Bit 1: the response gives no commissioner; bit 2: no force; bit 4: no body.
    pub omit: u8,
}

/// The settings file the response is checked against, if the input has one.
pub fn settings_yaml(i: &Input) -> Option<String> {
    let o = i.settings.as_ref()?;
    let mut y = String::from("office:\n");
    if let Some(a) = &o.area {
        y.push_str(&format!("  body: {{kind: pcc, area: {}}}\n", q(a)));
    }
    if let Some(c) = &o.commissioner {
        y.push_str(&format!("  commissioner: {{name: {}}}\n", q(c)));
    }
    if let Some(f) = &o.force {
        y.push_str(&format!("  force: {}\n", q(f)));
    }
    if let Some(g) = o.greetings {
        y.push_str(&format!("  greetings: {g}\n"));
    }
    if let Some(t) = o.titled {
        y.push_str(&format!("  signature: {{titled: {t}}}\n"));
    }
    Some(y)
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn date((y, m, d): (u8, u8, u8)) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        2000 + u16::from(y % 40),
        1 + m % 12,
        1 + d % 31
    )
}

const KINDS: [&str; 9] = [
    "comments",
    "chief-officer-comments",
    "response",
    "recommendations",
    "areas-for-improvement",
    "causes-of-concern",
    "grades",
    "publication",
    "text",
];
const STATUSES: [&str; 6] = [
    "not started",
    "in progress",
    "completed",
    "not accepted",
    "not applicable",
    "unknown",
];

/// How a list's sub-points are numbered, from a byte.
fn numbering(n: u8) -> Numbering {
    [
        Numbering::Decimal,
        Numbering::LowerAlpha,
        Numbering::LowerRoman,
        Numbering::Bullet,
    ][usize::from(n) % 4]
}

/// Sub-points as the model holds them, at most 8 a level and 7 levels deep.
fn points(items: &[Point], depth: usize) -> Vec<s55::model::Point> {
    items
        .iter()
        .take(8)
        .map(|p| {
            let deeper = !p.items.is_empty() && depth <= 6;
            s55::model::Point {
                text: p.text.clone(),
                numbering: if deeper {
                    numbering(p.numbering)
                } else {
                    Numbering::Decimal
                },
                items: if deeper {
                    points(&p.items, depth + 1)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// A list's findings as the model holds them, at most 20; `nest` lets them hold
/// recommendations of their own.
fn entries(recs: &[Rec], nest: bool) -> Vec<Finding> {
    recs.iter()
        .take(20)
        .map(|r| {
            let mut f = Finding::new(r.text.clone());
            f.number = match (&r.number_text, r.number) {
                (Some(t), _) => Some(Number(t.clone())),
                (None, Some(n)) => Some(Number(n.to_string())),
                (None, None) => None,
            };
            f.addressed_to = r.addressed_to.clone();
            f.accelerated = r.accelerated;
            f.timescale = r.timescale.clone();
            f.numbering = numbering(r.numbering);
            f.applies = r.applies;
            f.force_response = r.force_response.clone();
            f.response = r.response.clone();
            f.status = Some(STATUSES[usize::from(r.status) % 6].to_owned());
            f.owner = r.owner.clone();
            f.items = points(&r.items, 0);
            if nest {
                f.recommendations = entries(&r.nested, false);
            }
            f
        })
        .collect()
}

/// A list of findings under its key, written by s55's own writer of responses.
fn findings(out: &mut String, key: &str, recs: &[Rec]) {
    if recs.is_empty() {
        return;
    }
    let list = std::collections::BTreeMap::from([(key, entries(recs, true))]);
    // A text the writer cannot write would be a bug in the writer, which the fuzzer finds.
    let written = s55::load::write::to_yaml(&list, s55::load::write::Texts::Plain, &[])
        .expect("the writer writes every list of findings");
    out.push_str(&written);
}

/// The YAML of the response.
pub fn yaml(i: &Input) -> String {
    let bilingual = i.language % 3 == 2 && !i.welsh.is_empty();
    // In a bilingual response, texts are given in both languages.
    let t = |s: &str, n: usize| -> String {
        if bilingual {
            format!("{{en: {}, cy: {}}}", q(s), q(&i.welsh[n % i.welsh.len()]))
        } else {
            q(s)
        }
    };
    let language = match i.language % 3 {
        0 => "en",
        1 => "cy",
        _ if bilingual => "bilingual",
        _ => "en",
    };
    let mut y = format!(
        "language: {language}\nform: {}\n",
        if i.statement { "statement" } else { "letter" }
    );
    if let Some(title) = &i.title {
        y.push_str(&format!("title: {}\n", t(title, 0)));
    }
    // What the response leaves to its office's settings.
    let omitted = |bit: u8| i.settings.as_ref().is_some_and(|s| s.omit & bit != 0);
    if omitted(4) {
        y.push_str("body:\n");
    } else {
        y.push_str(&format!("body:\n  kind: pcc\n  area: {}\n", q(&i.area)));
    }
    if let Some(o) = &i.office {
        y.push_str(&format!("  office: {}\n", t(o, 1)));
    }
    if let Some(w) = &i.website {
        y.push_str(&format!("  website: {}\n", q(w)));
    }
    if !i.address.is_empty() {
        y.push_str("  address:\n");
        for a in i.address.iter().take(6) {
            y.push_str(&format!("    - {}\n", q(a)));
        }
    }
    if !omitted(1) {
        y.push_str(&format!("commissioner:\n  name: {}\n", q(&i.commissioner)));
        if let Some(p) = &i.post_nominals {
            y.push_str(&format!("  post_nominals: {}\n", q(p)));
        }
    }
    if let Some(c) = &i.chief {
        y.push_str(&format!("chief_officer:\n  name: {}\n", q(c)));
    }
    if !omitted(2) {
        y.push_str(&format!("force: {}\n", t(&i.force, 2)));
    }
    y.push_str(&format!(
        "report:\n  title: {}\n  kind: {}\n  published: {}\n",
        t(&i.report_title, 3),
        {
            // Every kind the model knows, sometimes in capitals: files write "PEEL".
            let all = s55::model::ReportKind::ALL;
            let key = all[usize::from(i.kind) % all.len()].key();
            if i.kind >= 128 {
                key.to_uppercase()
            } else {
                key.to_owned()
            }
        },
        date(i.published)
    ));
    if let Some(d) = i.date {
        y.push_str(&format!("date: {}\n", date(d)));
    }
    if let Some(a) = &i.addressees {
        y.push_str("addressees:\n");
        for (n, x) in a.iter().take(5).enumerate() {
            y.push_str(&format!("  - {}\n", t(x, n)));
        }
    }
    if let Some(o) = &i.opening {
        y.push_str(&format!("opening: {}\n", t(o, 4)));
    }
    y.push_str("sections:\n");
    if i.sections.is_empty() {
        y.push_str("  - kind: comments\n    text: \"Comments.\"\n");
    }
    for (n, s) in i.sections.iter().take(12).enumerate() {
        y.push_str(&format!(
            "  - kind: {}\n",
            KINDS[usize::from(s.kind) % KINDS.len()]
        ));
        match &s.heading {
            Some(Some(h)) => y.push_str(&format!("    heading: {}\n", t(h, n))),
            Some(None) => y.push_str("    heading: false\n"),
            None => {}
        }
        if let Some(text) = &s.text {
            y.push_str(&format!("    text: {}\n", t(text, n + 1)));
        }
    }
    if !bilingual {
        findings(&mut y, "recommendations", &i.recommendations);
        findings(&mut y, "areas_for_improvement", &i.areas);
        findings(&mut y, "causes_of_concern", &i.causes);
    }
    if i.tracker {
        y.push_str("tracker: true\n");
    }
    y
}
