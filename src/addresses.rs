//! Stable addresses: each response lives at `responses/FORCE/DATE-TITLE/`, from its force,
//! its report's publication date and title. Two responses that would share an address are
//! told apart by `-2`, `-3` in the order of their file paths, and an address once given is
//! kept, so adding a response never moves another.

use std::collections::BTreeSet;

use crate::model::Response;

/// Letters folded to ASCII for addresses: "Gŵyl" is "gwyl".
fn fold(c: char) -> Option<char> {
    const FROM: &str =
        "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
    const TO: &str =
        "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz";
    let c = c.to_lowercase().next().unwrap_or(c);
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
}

/// An address segment from a text: lowercase ASCII letters and digits joined by hyphens, cut
/// at a word to `max` characters.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match fold(c) {
            Some(a) => out.push(a),
            None if c == '’' || c == '\'' => {}
            None => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if out.len() > max {
        let cut = out[..max].rfind('-').unwrap_or(max);
        out.truncate(cut);
    }
    if out.is_empty() {
        "response".to_owned()
    } else {
        out
    }
}

/// The address a response would have before any clash: `FORCE/DATE-TITLE`.
pub fn base_slug(doc: &Response) -> String {
    format!(
        "{}/{}-{}",
        slugify(&doc.force, 40),
        doc.report.published.0,
        slugify(&doc.report.title, 70)
    )
}

/// Whether `slug` is `base`, or `base` told apart from another by `-2`, `-3`...
pub fn is_address_for(slug: &str, base: &str) -> bool {
    slug == base
        || slug
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 2))
}

/// The address for a response whose base address is `base`: the one it had (`previous`) while
/// that still fits and is free, else the first free one of `base`, `base-2`, `base-3`...
pub fn assign(base: &str, previous: Option<&str>, taken: &mut BTreeSet<String>) -> String {
    let slug = match previous {
        Some(p) if is_address_for(p, base) && !taken.contains(p) => p.to_owned(),
        _ => {
            let mut candidate = base.to_owned();
            let mut n = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        }
    };
    taken.insert(slug.clone());
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(
            slugify(
                "Warwickshire Police- National child protection inspection",
                70
            ),
            "warwickshire-police-national-child-protection-inspection"
        );
        assert_eq!(
            slugify("Heddlu Dyfed-Powys – Gŵyl a Thŷ", 70),
            "heddlu-dyfed-powys-gwyl-a-thy"
        );
        assert_eq!(slugify("PCC’s response", 70), "pccs-response");
        assert_eq!(slugify("!!!", 70), "response");
        assert_eq!(slugify("a very long title indeed", 12), "a-very-long");
    }

    #[test]
    fn every_folded_letter_has_its_ascii_letter() {
        for c in "àŵŷÿøłđ".chars() {
            assert!(fold(c).is_some_and(|a| a.is_ascii_lowercase()), "{c}");
        }
        assert_eq!(fold('ŵ'), Some('w'));
        assert_eq!(fold('ž'), Some('z'));
    }

    #[test]
    fn an_address_told_apart_is_still_the_same_response() {
        let base = "x/2025-03-01-peel-2025";
        assert!(is_address_for(base, base));
        assert!(is_address_for("x/2025-03-01-peel-2025-2", base));
        assert!(!is_address_for("x/2025-03-01-peel-2025-1", base));
        assert!(!is_address_for("x/2025-03-01-peel", base));
    }

    #[test]
    fn a_clash_takes_the_next_free_address_and_a_kept_one_stays() {
        let mut taken = BTreeSet::new();
        assert_eq!(assign("f/a", None, &mut taken), "f/a");
        assert_eq!(assign("f/a", None, &mut taken), "f/a-2");
        assert_eq!(assign("f/b", Some("f/b-3"), &mut taken), "f/b-3");
    }
}
