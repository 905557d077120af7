//! What a published response says about who wrote it and what it answers: the kind of body
//! and its area, the commissioner's and the chief officer's names, the force, the report, the
//! language.
//!
//! Policy: each fact is read from the words offices use ("Police, Fire and Crime Commissioner
//! for Essex", "Chief Constable Pam Kelly", "Comisiynydd yr Heddlu a Throsedd Gwent"); what
//! is not found is `None`, and the caller decides what to write and what to warn.

/// The kind of body, as the model spells it, from the words of the text.
pub(crate) fn body_kind(text: &str) -> &'static str {
    let t = text.replace('’', "'");
    if t.contains("Mayor's Office for Policing")
        || t.contains("MOPAC")
        || t.contains("Deputy Mayor's responses")
        || t.contains("Deputy Mayor for Policing and Crime")
    {
        "mopac"
    } else if t.contains("Mayor of Greater Manchester")
        || t.contains("Mayor of West Yorkshire")
        || t.contains("Deputy Mayor for Police, Crime")
    {
        "mayor"
    } else if t.contains("Police, Fire and Crime Commissioner")
        || t.contains("Police, Fire & Crime Commissioner")
        || t.contains("PFCC")
    {
        "pfcc"
    } else {
        "pcc"
    }
}

/// The police areas of England and Wales as offices write them, each with its name in the
/// model; a Welsh name or a longer form ("Devon, Cornwall and the Isles of Scilly") reads as
/// the area it names. Longer names come before the shorter names they hold.
const AREAS: [(&str, &str); 52] = [
    ("Avon and Somerset", "Avon and Somerset"),
    ("Avon & Somerset", "Avon and Somerset"),
    ("Bedfordshire", "Bedfordshire"),
    ("Cambridgeshire", "Cambridgeshire"),
    ("Cheshire", "Cheshire"),
    ("City of London", "City of London"),
    ("Cleveland", "Cleveland"),
    ("Cumbria", "Cumbria"),
    ("Derbyshire", "Derbyshire"),
    ("Devon and Cornwall", "Devon and Cornwall"),
    ("Devon & Cornwall", "Devon and Cornwall"),
    ("Devon, Cornwall", "Devon and Cornwall"),
    ("Dorset", "Dorset"),
    ("County Durham", "Durham"),
    ("Durham", "Durham"),
    ("Dyfed-Powys", "Dyfed-Powys"),
    ("Dyfed Powys", "Dyfed-Powys"),
    ("Essex", "Essex"),
    ("Gloucestershire", "Gloucestershire"),
    ("Greater Manchester", "Greater Manchester"),
    ("Gwent", "Gwent"),
    ("Hampshire and Isle of Wight", "Hampshire"),
    ("Hampshire", "Hampshire"),
    ("Hertfordshire", "Hertfordshire"),
    ("Humberside", "Humberside"),
    ("Kent", "Kent"),
    ("Lancashire", "Lancashire"),
    ("Leicestershire", "Leicestershire"),
    ("Lincolnshire", "Lincolnshire"),
    ("Merseyside", "Merseyside"),
    ("Norfolk", "Norfolk"),
    ("North Wales", "North Wales"),
    ("Gogledd Cymru", "North Wales"),
    ("North Yorkshire", "North Yorkshire"),
    ("Northamptonshire", "Northamptonshire"),
    ("Northumbria", "Northumbria"),
    ("Nottinghamshire", "Nottinghamshire"),
    ("South Wales", "South Wales"),
    ("De Cymru", "South Wales"),
    ("South Yorkshire", "South Yorkshire"),
    ("Staffordshire", "Staffordshire"),
    ("Suffolk", "Suffolk"),
    ("Surrey", "Surrey"),
    ("Sussex", "Sussex"),
    ("Thames Valley", "Thames Valley"),
    ("Warwickshire", "Warwickshire"),
    ("West Mercia", "West Mercia"),
    ("West Midlands", "West Midlands"),
    ("West Yorkshire", "West Yorkshire"),
    ("Wiltshire", "Wiltshire"),
    ("Metropolitan", "London"),
    ("London", "London"),
];

/// Whether `at` in `text` stands on a word's edge on both sides of a name `len` long.
fn on_edges(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The police area whose name `rest` begins with (after a "the "), in the model's words.
fn known_at(rest: &str) -> Option<&'static str> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    AREAS
        .iter()
        .find(|(n, _)| rest.starts_with(n) && on_edges(rest, 0, n.len()))
        .map(|(_, a)| *a)
}

/// The police area whose name `before` ends with ("Surrey" in "Surrey’s Police and Crime
/// Commissioner").
fn known_before(before: &str) -> Option<&'static str> {
    let b = before
        .trim_end()
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end();
    AREAS
        .iter()
        .find(|(n, _)| b.ends_with(n) && on_edges(b, b.len() - n.len(), n.len()))
        .map(|(_, a)| *a)
}

/// Whether a name is a police area's rather than a person's ("West Midlands").
fn is_area(name: &str) -> bool {
    AREAS.iter().any(|(n, _)| *n == name)
}

/// Whether a word is a capitalised name word: "Jeff", "Burns-Williamson", "O'Neill".
fn name_word(w: &str) -> bool {
    let w = w.trim_end_matches([',', ':', '.', ';']);
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().count() > 1
        && chars.all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && !matches!(
            w,
            "Police"
                | "Her"
                | "His"
                | "The"
                | "Fire"
                | "Crime"
                | "Commissioner"
                | "Constable"
                | "Chief"
                | "Mayor"
                | "Deputy"
                | "HMICFRS"
                | "HMIC"
                | "PCC"
                | "PFCC"
                | "Heddlu"
                | "Throsedd"
                | "Comisiynydd"
                | "For"
                | "Today"
                | "Report"
                | "Response"
                | "Statement"
                | "Inspectors"
                | "Inspectorate"
                | "Constabulary"
                | "Office"
                | "Welcomes"
                | "Responds"
                | "Commenting"
                | "Responding"
                | "Policing"
                | "Home"
                | "Secretary"
                | "Minister"
                | "Street"
        )
}

/// The name (two or three capitalised words) at the start of `rest`, after commas.
fn name_at(rest: &str) -> Option<String> {
    let words: Vec<&str> = rest
        .trim_start_matches([',', ' ', ':'])
        .split_whitespace()
        .take(3)
        .collect();
    let n = words.iter().take_while(|w| name_word(w)).count();
    if n < 2 {
        return None;
    }
    // A name ends at the word that ends with a comma, or with "’s" ("John Campion’s
    // investments").
    let mut out = Vec::new();
    for w in &words[..n] {
        let possessive = w.ends_with("’s") || w.ends_with("'s");
        out.push(
            w.trim_end_matches([',', ':', '.', ';'])
                .trim_end_matches("’s")
                .trim_end_matches("'s"),
        );
        if possessive || w.ends_with([',', ':', '.', ';']) {
            break;
        }
    }
    let name = out.join(" ");
    (out.len() >= 2 && !is_area(&name)).then_some(name)
}

/// The name (two to four capitalised words) that `before` ends with: "Zoë Metcalfe" in
/// "Zoë Metcalfe Police, Fire and Crime Commissioner", "Lord Willy Bach" before ", …".
fn name_before(before: &str) -> Option<String> {
    let words: Vec<&str> = before.split_whitespace().rev().take(4).collect();
    let n = words.iter().take_while(|w| name_word(w)).count();
    if n < 2 || words[0].ends_with(['.', ',', ':', ';']) {
        return None;
    }
    // Only the name: stop at a word that ends a sentence or a clause.
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in words[..n].iter().enumerate() {
        if i > 0 && w.ends_with(['.', ',', ':', ';', '”', '"']) {
            break;
        }
        out.push(w);
    }
    out.reverse();
    let name = out.join(" ");
    // "West Midlands" and the like are places, not people.
    (out.len() >= 2 && !is_area(&name) && known_before(&name).is_none()).then_some(name)
}

/// The area after "for ": "Gwent", "West Mercia", "Dyfed-Powys".
fn area_at(rest: &str) -> Option<String> {
    let words: Vec<&str> = rest.split_whitespace().take(3).collect();
    let mut out = Vec::new();
    for w in words {
        let clean = w.trim_end_matches([',', '.', ':', ';', ')', '(']);
        if !clean.chars().next().is_some_and(char::is_uppercase) || clean == "Local" {
            break;
        }
        out.push(clean);
        if clean.len() != w.len() {
            break;
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// A person's name and nothing else ("Ben Adams", "Lord Willy Bach"): two to four name
/// words, not a police area's name.
pub(crate) fn person(t: &str) -> Option<String> {
    let t = t.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    ((2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| name_word(w) && !w.ends_with([',', ':', '.', ';']))
        && !is_area(t)
        && known_at(t).is_none())
    .then(|| t.to_owned())
}

/// The police area, from the body's title, in either language: a known area after "for"
/// or before "’s Police and Crime Commissioner"; else the area whose force the text names
/// most; else the words after "Commissioner for".
pub(crate) fn area(text: &str, kind: &str) -> Option<String> {
    match kind {
        "mopac" => return Some("London".to_owned()),
        "mayor" if text.contains("West Yorkshire") => return Some("West Yorkshire".to_owned()),
        "mayor" => return Some("Greater Manchester".to_owned()),
        _ => {}
    }
    const AFTER: [&str; 9] = [
        "Commissioner (PCC) for ",
        "Crime Commissioner for ",
        "Commissioner for ",
        "PCC for ",
        "PFCC for ",
        "Comisiynydd yr Heddlu a Throsedd ",
        "Comisiynydd Heddlu a Throsedd ",
        "Comisiynydd yr Heddlu a Throseddu ",
        "Comisiynydd Heddlu a Throseddu ",
    ];
    for key in AFTER {
        for (i, _) in text.match_indices(key) {
            if let Some(a) = known_at(&text[i + key.len()..]) {
                return Some(a.to_owned());
            }
        }
    }
    for key in [
        " Police and Crime Commissioner",
        " Police & Crime Commissioner",
        " Police, Fire and Crime Commissioner",
        " Police, Fire & Crime Commissioner",
        " PCC",
        " PFCC",
    ] {
        for (i, _) in text.match_indices(key) {
            if let Some(a) = known_before(&text[..i]) {
                return Some(a.to_owned());
            }
        }
    }
    if let Some((a, _)) = forces(text).into_iter().next() {
        return Some(a.to_owned());
    }
    // An area the list does not know, after the body's title.
    for key in AFTER {
        for (i, _) in text.match_indices(key) {
            if let Some(a) = area_at(&text[i + key.len()..]) {
                return Some(a);
            }
        }
    }
    None
}

/// The commissioner's (or mayor's, or deputy mayor's) name.
pub(crate) fn commissioner(text: &str) -> Option<String> {
    for key in [
        "Commissioner for ",
        "Commissioner (PCC) for ",
        "Comisiynydd yr Heddlu a Throsedd ",
        "Comisiynydd Heddlu a Throsedd ",
        "Mayor of Greater Manchester, ",
    ] {
        for (i, _) in text.match_indices(key) {
            let rest = &text[i + key.len()..];
            // Skip the area, up to its comma: "for Gwent, Jeff Cuthbert, said".
            if let Some(comma) = rest.find(',').filter(|c| *c < 30)
                && let Some(n) = name_at(&rest[comma + 1..])
            {
                return Some(n);
            }
        }
    }
    for key in [
        "Commissioner ",
        "(PCC) ",
        "(PCC), ",
        "Commissioner, ",
        "Response by ",
        "Response from ",
        "Comment from ",
        "Comisiynydd Heddlu a Throseddu ",
        "Comisiynydd yr Heddlu a Throseddu ",
        "commissioner ",
        "Mayor of Greater Manchester, ",
        "Mayor of West Yorkshire, ",
        "Mayor of London, ",
    ] {
        for (i, _) in text.match_indices(key) {
            if let Some(n) = name_at(&text[i + key.len()..]) {
                return Some(n);
            }
        }
    }
    // "Roger Hirst, Police, Fire and Crime Commissioner"; "Stephen Greenhalgh’s response";
    // "Arfon Jones, Comisiynydd …"; "David Lloyd, Hertfordshire’s PCC"; "Lord Willy Bach,
    // Leicestershire’s Police and Crime Commissioner"; and the title with no comma: "David
    // Keane Police & Crime Commissioner said:", "Zoë Metcalfe Police, Fire and Crime
    // Commissioner for North Yorkshire".
    for key in [
        ", Police, Fire",
        ", Police and Crime",
        ", Police & Crime",
        ", Comisiynydd",
        "’s response to the HMIC",
        " Police, Fire and Crime Commissioner",
        " Police, Fire & Crime Commissioner",
        " Police & Crime Commissioner",
        " Police and Crime Commissioner",
    ] {
        for (i, _) in text.match_indices(key) {
            if let Some(n) = name_before(&text[..i]) {
                return Some(n);
            }
        }
    }
    for (i, _) in text.match_indices(", ") {
        let rest = &text[i + 2..];
        let Some(area) = AREAS
            .iter()
            .find(|(n, _)| rest.starts_with(n))
            .map(|(n, _)| *n)
        else {
            continue;
        };
        let after = rest[area.len()..].trim_start_matches(['’', '\'', 's']);
        if (after.starts_with(" PCC") || after.starts_with(" Police and Crime Commissioner"))
            && let Some(n) = name_before(&text[..i])
        {
            return Some(n);
        }
    }
    // "PCC John Campion’s investments", "PCC Barry Coppinger said:": the name, then what
    // only a person does.
    for (i, _) in text.match_indices("PCC ") {
        let rest = &text[i + 4..];
        if let Some(n) = name_at(rest) {
            let after = rest[rest
                .find(n.split_whitespace().last().unwrap_or(&n))
                .unwrap_or(0)..]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            let next = rest
                .split_whitespace()
                .nth(n.split_whitespace().count())
                .unwrap_or_default();
            if after.ends_with("’s")
                || after.ends_with("'s")
                || after.ends_with(',')
                || ["said", "said:", "says", "has", "welcomed"].contains(&next)
            {
                return Some(n);
            }
        }
    }
    // A surname printed in lower case: "Commissioner Martin surl has also responded".
    for (i, _) in text.match_indices("Commissioner ") {
        let words: Vec<&str> = text[i + 13..].split_whitespace().take(3).collect();
        if let [first, second, verb] = words.as_slice()
            && name_word(first)
            && second.chars().all(char::is_alphabetic)
            && ["has", "said", "said:", "says"].contains(verb)
        {
            return Some(format!("{first} {second}"));
        }
    }
    None
}

/// The chief officer's name: "Chief Constable Pam Kelly", "Prif Gwnstabl Pam Kelly", or a
/// surname alone ("Chief Constable Tedds"), which the caller warns about.
pub(crate) fn chief(text: &str) -> Option<(String, bool)> {
    let mut surname = None;
    for key in ["Chief Constable ", "Chief Constable, ", "Prif Gwnstabl "] {
        for (i, _) in text.match_indices(key) {
            let rest = &text[i + key.len()..];
            if let Some(n) = name_at(rest) {
                return Some((n, true));
            }
            // "Chief Constable of Northamptonshire Police, Simon Edens".
            if let Some(of) = rest.strip_prefix("of ")
                && let Some(comma) = of.find(", ").filter(|c| *c < 45)
                && let Some(n) = name_at(&of[comma + 2..])
            {
                return Some((n, true));
            }
            let first = rest.split_whitespace().next().unwrap_or_default();
            let clean = first.trim_end_matches([',', '.', ':', ';', '’', '\'', 's']);
            if surname.is_none() && clean.chars().count() > 2 && name_word(clean) {
                surname = Some(first.trim_end_matches([',', '.', ':', ';']).to_owned());
            }
        }
    }
    // A sign-off: "Gavin Stephens, Chief Constable of Surrey Police".
    for (i, _) in text.match_indices(", Chief Constable") {
        if let Some(n) = name_before(&text[..i]) {
            return Some((n, true));
        }
    }
    surname.map(|s| (s, false))
}

/// The forces of known areas the text names, each with its name as written ("Cheshire
/// Constabulary", "Heddlu Gwent"), the most named first, ties in the order the text names
/// them.
fn forces(text: &str) -> Vec<(&'static str, String)> {
    let mut counts: Vec<(&'static str, String, usize, usize)> = Vec::new();
    for (name, area) in AREAS {
        for key in [" Police Service", " Police", " Constabulary"] {
            let whole = format!("{name}{key}");
            for (i, _) in text.match_indices(&whole) {
                let after = &text[i + whole.len()..];
                let body = [" and Crime", ", Fire", " & Crime", " Fire", " Service"]
                    .iter()
                    .any(|b| {
                        after.starts_with(b) && !(key == " Police Service" && *b == " Service")
                    });
                if body || !on_edges(text, i, whole.len()) {
                    continue;
                }
                let written = if area == "London" && name == "Metropolitan" {
                    "Metropolitan Police Service".to_owned()
                } else {
                    whole.clone()
                };
                match counts.iter_mut().find(|c| c.1 == written) {
                    Some(c) => c.2 += 1,
                    None => counts.push((area, written, 1, i)),
                }
            }
        }
        let welsh = format!("Heddlu {name}");
        for (i, _) in text.match_indices(&welsh) {
            if !on_edges(text, i, welsh.len()) {
                continue;
            }
            match counts.iter_mut().find(|c| c.1 == welsh) {
                Some(c) => c.2 += 1,
                None => counts.push((area, welsh.clone(), 1, i)),
            }
        }
    }
    counts.sort_by_key(|c| (std::cmp::Reverse(c.2), c.3));
    counts.into_iter().map(|(a, n, _, _)| (a, n)).collect()
}

/// The force: the known area's force named most often; else the "X Police", "X
/// Constabulary" or "Heddlu X" named most often.
pub(crate) fn force(text: &str) -> Option<String> {
    if let Some((_, n)) = forces(text).into_iter().next() {
        return Some(n);
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut add = |name: String| match counts.iter_mut().find(|(n, _)| *n == name) {
        Some((_, c)) => *c += 1,
        None => counts.push((name, 1)),
    };
    for key in [" Police", " Constabulary", " Police Service"] {
        for (i, _) in text.match_indices(key) {
            let after = &text[i + key.len()..];
            if after.starts_with(" and Crime")
                || after.starts_with(", Fire")
                || after.starts_with(" & Crime")
            {
                continue;
            }
            let words: Vec<&str> = text[..i].split_whitespace().rev().take(2).collect();
            let words: Vec<&str> = words
                .into_iter()
                .rev()
                .skip_while(|w| !name_word(w))
                .collect();
            if !words.is_empty() && words.iter().all(|w| name_word(w)) {
                add(format!("{}{}", words.join(" "), key));
            }
        }
    }
    for (i, _) in text.match_indices("Heddlu ") {
        if let Some(a) = area_at(&text[i + 7..]) {
            add(format!("Heddlu {a}"));
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().next().map(|(n, _)| n)
}

/// The kind of report, from the words of the text.
pub(crate) fn report_kind(text: &str) -> &'static str {
    let t = text.to_lowercase();
    if t.contains("peel") || t.contains("effectiveness, efficiency") {
        "peel"
    } else if t.contains("child protection") {
        "child-protection"
    } else if t.contains("joint inspection") {
        "joint"
    } else if t.contains("spotlight") {
        "spotlight"
    } else if t.contains("national") || t.contains("thematic") || t.contains("all forces") {
        "thematic"
    } else {
        "other"
    }
}

/// The commonest Welsh and English function words.
const CY: [&str; 12] = [
    "yr", "mae", "yn", "ac", "gan", "ei", "bod", "wedi", "ar", "hyn", "y", "i’r",
];
const EN: [&str; 10] = [
    "the", "and", "of", "to", "is", "that", "in", "for", "with", "has",
];
/// The words of headings, titles and dates, so that a heading or a date line ("Ymateb Prif
/// Gwnstabl", "17eg Ebrill 2023") counts for its language too.
const CY_HEADINGS: [&str; 20] = [
    "ymateb",
    "adroddiad",
    "comisiynydd",
    "heddlu",
    "prif",
    "gwnstabl",
    "argymhellion",
    "sylwadau",
    "arolygiaeth",
    "pryder",
    "gwella",
    "cywir",
    "ionawr",
    "chwefror",
    "ebrill",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "tachwedd",
];
const EN_HEADINGS: [&str; 20] = [
    "response",
    "report",
    "commissioner",
    "police",
    "chief",
    "constable",
    "recommendations",
    "comments",
    "sincerely",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// How many Welsh and how many English words a text holds, of those that mark a language:
/// function words only, or (`headings`) the words of headings, titles and dates as well.
pub(crate) fn language_words(text: &str, headings: bool) -> (usize, usize) {
    let (mut cy, mut en) = (0usize, 0usize);
    for w in text.split_whitespace() {
        let w = w.to_lowercase().replace('\'', "’");
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '’');
        cy += usize::from(CY.contains(&w) || headings && CY_HEADINGS.contains(&w));
        en += usize::from(EN.contains(&w) || headings && EN_HEADINGS.contains(&w));
    }
    (cy, en)
}

/// Whether the text is Welsh, English, or both: `cy`, `en` or `bilingual`.
pub(crate) fn language(text: &str) -> &'static str {
    let (cy, en) = language_words(text, false);
    if cy > 3 * en.max(1) {
        "cy"
    } else if cy * 3 > en && cy > 20 {
        "bilingual"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_areas_in_the_words_offices_use() {
        let t = "The Police and Crime Commissioner for Gwent, Jeff Cuthbert, said: “There is a lot.” Chief Constable Pam Kelly agrees.";
        assert_eq!(area(t, "pcc").as_deref(), Some("Gwent"));
        assert_eq!(commissioner(t).as_deref(), Some("Jeff Cuthbert"));
        assert_eq!(chief(t), Some(("Pam Kelly".to_owned(), true)));
        let t = "Response by Roger Hirst, Police, Fire and Crime Commissioner:";
        assert_eq!(body_kind(t), "pfcc");
        assert_eq!(commissioner(t).as_deref(), Some("Roger Hirst"));
        let t = "Humberside Police and Crime Commissioner Keith Hunter has commented";
        assert_eq!(area(t, "pcc").as_deref(), Some("Humberside"));
        assert_eq!(commissioner(t).as_deref(), Some("Keith Hunter"));
        let t = "Meddai Comisiynydd yr Heddlu a Throsedd Gwent, Jeff Cuthbert: “Mae llawer i gnoi cil arno yn yr adroddiad.";
        assert_eq!(area(t, "pcc").as_deref(), Some("Gwent"));
        assert_eq!(language(t), "cy");
    }

    #[test]
    fn devon_and_cornwall_is_one_area_and_its_force_is_not_cornwall_police() {
        // Devon and Cornwall's page (2022).
        let t = "The Police and Crime Commissioner for Devon and Cornwall says she has ‘every confidence’ in Devon and Cornwall Police’s new Chief Constable to tackle issues identified by inspectors. In response Alison Hernandez, Police and Crime Commissioner for Devon, Cornwall and the Isles of Scilly, said: “Inspectorate reports assist me.”";
        assert_eq!(area(t, "pcc").as_deref(), Some("Devon and Cornwall"));
        assert_eq!(force(t).as_deref(), Some("Devon and Cornwall Police"));
        assert_eq!(commissioner(t).as_deref(), Some("Alison Hernandez"));
    }

    #[test]
    fn a_word_in_capitals_is_not_an_area_nor_a_place_a_person() {
        // A newspaper's opening capitals (2021) and a place before the body's title (2018).
        let t = "RE-ELECTED Police and Crime Commissioner Dafydd Llywelyn has said he is 'extremely disappointed' that Dyfed-Powys Police has fallen short.";
        assert_eq!(area(t, "pcc").as_deref(), Some("Dyfed-Powys"));
        assert_eq!(commissioner(t).as_deref(), Some("Dafydd Llywelyn"));
        let t = "West Midlands Police and Crime Commissioner David Jamieson, said: “The independent inspectorate identifies West Midlands Police as ‘good’.”";
        assert_eq!(commissioner(t).as_deref(), Some("David Jamieson"));
        assert_eq!(area(t, "pcc").as_deref(), Some("West Midlands"));
    }

    #[test]
    fn names_as_offices_print_them_without_the_usual_commas() {
        for (t, name) in [
            (
                "Zoë Metcalfe Police, Fire and Crime Commissioner for North Yorkshire and York was reacting to the report.",
                "Zoë Metcalfe",
            ),
            ("David Lloyd, Hertfordshire’s PCC said:", "David Lloyd"),
            (
                "The report described PCC John Campion’s investments in technology as innovative.",
                "John Campion",
            ),
            (
                "Gloucestershire’s Police and Crime Commissioner Martin surl has also responded to the report.",
                "Martin surl",
            ),
            (
                "Response from Anthony Stansfeld to HMIC's interim crime data integrity report",
                "Anthony Stansfeld",
            ),
        ] {
            assert_eq!(commissioner(t).as_deref(), Some(name), "{t}");
        }
        assert_eq!(
            chief("Chief Constable of Northamptonshire Police, Simon Edens, is already acting."),
            Some(("Simon Edens".to_owned(), true))
        );
        assert_eq!(
            chief(
                "The areas for improvement will be recorded.\n\nGavin Stephens, Chief Constable of Surrey Police"
            ),
            Some(("Gavin Stephens".to_owned(), true))
        );
    }
}
