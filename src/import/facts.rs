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
    // A name ends at the word that ends with a comma or the like.
    let mut out = Vec::new();
    for w in &words[..n] {
        out.push(w.trim_end_matches([',', ':', '.', ';']));
        if w.ends_with([',', ':', '.', ';']) {
            break;
        }
    }
    (out.len() >= 2).then(|| out.join(" "))
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

/// The police area, from the body's title, in either language.
pub(crate) fn area(text: &str, kind: &str) -> Option<String> {
    match kind {
        "mopac" => return Some("London".to_owned()),
        "mayor" if text.contains("West Yorkshire") => return Some("West Yorkshire".to_owned()),
        "mayor" => return Some("Greater Manchester".to_owned()),
        _ => {}
    }
    for key in [
        "Commissioner (PCC) for ",
        "Crime Commissioner for ",
        "PCC for ",
        "PFCC for ",
        "Comisiynydd yr Heddlu a Throsedd ",
        "Comisiynydd Heddlu a Throsedd ",
    ] {
        for (i, _) in text.match_indices(key) {
            if let Some(a) = area_at(&text[i + key.len()..]) {
                return Some(a);
            }
        }
    }
    // "Surrey’s Police and Crime Commissioner", "Humberside Police and Crime Commissioner".
    for key in [
        "’s Police and Crime Commissioner",
        "'s Police and Crime Commissioner",
        " Police and Crime Commissioner ",
    ] {
        for (i, _) in text.match_indices(key) {
            let before: Vec<&str> = text[..i].split_whitespace().rev().take(2).collect();
            let words: Vec<&str> = before
                .into_iter()
                .rev()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            let words: Vec<&str> = match words.as_slice() {
                [a, b] if *a == "The" || a.ends_with('.') => vec![b],
                w => w.to_vec(),
            };
            if !words.is_empty() && words.iter().all(|w| name_word(w) || *w == "Wales") {
                return Some(words.join(" "));
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
        "Commissioner, ",
        "Response by ",
        "Comment from ",
    ] {
        for (i, _) in text.match_indices(key) {
            if let Some(n) = name_at(&text[i + key.len()..]) {
                return Some(n);
            }
        }
    }
    // "Roger Hirst, Police, Fire and Crime Commissioner"; "Stephen Greenhalgh’s response".
    for key in [
        ", Police, Fire",
        ", Police and Crime",
        "’s response to the HMIC",
    ] {
        if let Some(i) = text.find(key) {
            let before: Vec<&str> = text[..i].split_whitespace().rev().take(2).collect();
            if before.len() == 2 && before.iter().all(|w| name_word(w)) {
                return Some(format!("{} {}", before[1], before[0]));
            }
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
            let first = rest.split_whitespace().next().unwrap_or_default();
            let clean = first.trim_end_matches([',', '.', ':', ';', '’', '\'', 's']);
            if surname.is_none() && clean.chars().count() > 2 && name_word(clean) {
                surname = Some(first.trim_end_matches([',', '.', ':', ';']).to_owned());
            }
        }
    }
    surname.map(|s| (s, false))
}

/// The force: the "X Police", "X Constabulary" or "Heddlu X" named most often.
pub(crate) fn force(text: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut add = |name: String| match counts.iter_mut().find(|(n, _)| *n == name) {
        Some((_, c)) => *c += 1,
        None => counts.push((name, 1)),
    };
    for key in [" Police", " Constabulary", " Police Service"] {
        for (i, _) in text.match_indices(key) {
            let after = &text[i + key.len()..];
            if after.starts_with(" and Crime") || after.starts_with(", Fire") {
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
}
