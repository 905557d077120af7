//! Synthetic responses, for the archive's benchmark and tests: as many valid, varied responses
//! as asked for (forces, kinds of report, dates, lengths, lists and their nesting all vary),
//! the same every time for the same number.

const FORCES: [&str; 12] = [
    "Avon and Somerset",
    "Cheshire",
    "Cumbria",
    "Dorset",
    "Dyfed-Powys",
    "Gwent",
    "Kent",
    "Lancashire",
    "North Wales",
    "South Wales",
    "Warwickshire",
    "West Mercia",
];
const KINDS: [&str; 6] = [
    "peel",
    "child-protection",
    "thematic",
    "joint",
    "spotlight",
    "other",
];
const TOPICS: [&str; 8] = [
    "vetting and counter-corruption",
    "the police response to domestic abuse",
    "custody",
    "missing children",
    "stalking and harassment",
    "call handling",
    "neighbourhood policing",
    "the investigation of serious sexual offences",
];
const SENTENCE: &str = "The force has made progress since the inspection, and the commissioner will hold the chief constable to account for the improvements the report asks for through the accountability board, whose papers are published.";

/// A small deterministic generator (xorshift), so that response `i` is always the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn paragraphs(rng: &mut Rng, indent: &str) -> String {
    let n = 1 + rng.next(4);
    (0..n)
        .map(|_| {
            let words = 1 + rng.next(4);
            format!("{indent}{}", vec![SENTENCE; words].join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The YAML of synthetic response number `i`.
pub fn response(i: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let force = FORCES[rng.next(FORCES.len())];
    let kind = KINDS[rng.next(KINDS.len())];
    let topic = TOPICS[rng.next(TOPICS.len())];
    let year = 2015 + rng.next(12);
    let month = 1 + rng.next(12);
    let day = 1 + rng.next(28);
    let late = rng.next(5) == 0;
    let offset = if late {
        56 + rng.next(30)
    } else {
        20 + rng.next(35)
    };
    let published = format!("{year}-{month:02}-{day:02}");
    let date = crate::model::parse_date(&published)
        .ok()
        .and_then(|d| d.checked_add(jiff::Span::new().days(offset as i64)).ok())
        .map(|d| d.to_string())
        .unwrap_or_else(|| published.clone());
    let form = if rng.next(3) == 0 {
        "statement"
    } else {
        "letter"
    };
    let recs = rng.next(13);
    let detailed = rng.next(2) == 0;
    let mut y = format!(
        "# Synthetic response {i}, made by s55 for benchmarks and tests.\n\
         form: {form}\ndate: {date}\nbody:\n  kind: pcc\n  area: \"{force}\"\n  website: \"https://www.example.org/{i}\"\n  address:\n    - \"{i} High Street\"\n\
         commissioner:\n  name: \"Commissioner {i}\"\nchief_officer:\n  name: \"Chief Constable {i}\"\n\
         force: \"{force} Police\"\nreport:\n  title: \"An inspection of {topic} in {force} Police ({i})\"\n  kind: {kind}\n  published: {published}\n\
         copies:\n  hmicfrs: {date}\n  home_secretary: {date}\n\
         sections:\n  - kind: comments\n    text: |\n{}\n",
        paragraphs(&mut rng, "      ")
    );
    if recs > 0 {
        y.push_str("  - kind: recommendations\n");
    }
    y.push_str(&format!(
        "  - kind: chief-officer-comments\n    text: |\n{}\n  - kind: response\n    text: |\n{}\n  - kind: publication\n",
        paragraphs(&mut rng, "      "),
        paragraphs(&mut rng, "      ")
    ));
    if recs > 0 {
        y.push_str("recommendations:\n");
        for r in 1..=recs {
            y.push_str(&format!(
                "  - number: {r}\n    text: \"Within {} months, {force} Police should improve {topic}, paying particular attention to:\"\n",
                3 + rng.next(10)
            ));
            let points = rng.next(4);
            if points > 0 {
                y.push_str("    items:\n");
                for p in 1..=points {
                    y.push_str(&format!(
                        "      - \"how it records decision {p} about {topic}\"\n"
                    ));
                }
            }
            if detailed {
                y.push_str(&format!(
                    "    response: \"{}\"\n    status: in progress\n    owner: \"Assistant Chief Constable\"\n",
                    SENTENCE
                ));
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_responses_are_valid_and_varied() {
        let mut forces = std::collections::BTreeSet::new();
        for i in 0..60 {
            let text = response(i);
            let (doc, diags) = crate::load::parse(&text);
            let doc = doc.unwrap_or_else(|| panic!("{i}: {diags:?}\n{text}"));
            assert!(
                crate::validate::validate(&doc, &crate::settings::Settings::default())
                    .iter()
                    .all(|d| !d.is_error()),
                "{i}"
            );
            forces.insert(doc.force.clone());
        }
        assert!(forces.len() > 5);
        assert_eq!(response(7), response(7));
    }
}
