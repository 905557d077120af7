//! The words of a published response's lines: which part a heading begins, who is
//! speaking, what is a page's furniture, an address or a headline.

use super::super::facts;

/// Who is speaking in a quoted passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Speaker {
    Body,
    Chief,
}

/// Which part a heading begins, from its words in either language; `None` for a heading
/// that names no part the model knows (it becomes a `text` part).
pub(super) fn kind_of(heading: &str) -> Option<&'static str> {
    let h = heading.to_lowercase().replace('’', "'");
    let chief = [
        "chief constable",
        "chief officer",
        "commissioner of police",
        "prif gwnstabl",
        "force response",
        "cc's",
    ]
    .iter()
    .any(|w| h.contains(w));
    if h.contains("recommendation") || h.contains("argymhellion") {
        Some("recommendations")
    } else if (h.contains("area") && h.contains("improvement")) || h.contains("i'w gwella") {
        Some("areas-for-improvement")
    } else if h.contains("cause") && h.contains("concern") || h.contains("achosion pryder") {
        Some("causes-of-concern")
    } else if chief
        && (h.contains(" on the ") || h.contains("response to") || h.contains("ymateb i"))
    {
        Some("response")
    } else if chief || h.starts_with("ymateb prif") {
        Some("chief-officer-comments")
    } else if h == "response" || h.starts_with("response to the report") {
        // The body's own answer to the report, under a heading of its own.
        Some("comments")
    } else if [
        "comment",
        "sylwadau",
        "local policing body",
        "commissioner",
        "comisiynydd",
    ]
    .iter()
    .any(|w| h.contains(w))
    {
        Some("comments")
    } else {
        None
    }
}

/// Whether a heading names the report or the response (and so is the document's title).
pub(super) fn titled(h: &str) -> bool {
    let l = h.to_lowercase();
    [
        "response",
        "report",
        "hmic",
        "inspect",
        "peel",
        "adroddiad",
        "ymateb",
        "arolygiaeth",
        "commissioner",
        "statement",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Whether a list's items are findings (recommendations and the like) rather than the body's
/// own points set out as bullets.
pub(super) fn findings_like(text: &str) -> bool {
    let l = text.to_lowercase();
    ["should", "recommend"].iter().any(|w| l.contains(w))
}

/// Whether a paragraph says where the response or the report is published.
pub(super) fn publication_like(t: &str) -> bool {
    let l = t.to_lowercase();
    [
        "will be published",
        "is published on",
        "can be read",
        "can read the",
        "downloaded here",
        "can be viewed",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// The words that bring in what someone said, each followed by a colon within a few words
/// ("said:", "said of the findings:", "stated:", "welcomed the report saying:").
pub(super) const SAID: [&str; 8] = [
    "said",
    "stated",
    "saying",
    "added",
    "commented",
    "says",
    "responded",
    "explained",
];

/// Where the words that bring in a quotation begin, lower-cased text: a word of [`SAID`]
/// followed by a colon (or "said,") before any sentence ends, or the Welsh "meddai" and
/// "dywedodd".
pub(super) fn said_at(l: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for k in SAID {
        for (i, _) in l.match_indices(k) {
            let edge = l[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = &l[i + k.len()..];
            if !edge || after.chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let colon = after
                .find(':')
                .filter(|c| *c <= 25 && !after[..*c].contains(['.', '“', '"', '”']));
            if colon.is_some() || (k == "said" && after.starts_with(',')) {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
    }
    for k in ["meddai ", "dywedodd "] {
        if let Some(i) = l.find(k) {
            best = Some(best.map_or(i, |b| b.min(i)));
        }
    }
    best
}

/// Whether words name the chief officer or the force speaking for them.
pub(super) fn chief_words(who: &str) -> bool {
    [
        "chief constable",
        "prif gwnstabl",
        "chief officer",
        "acc ",
        "t/acc",
        "dcc ",
        "superintendent",
        "the force said",
    ]
    .iter()
    .any(|w| who.contains(w))
}

/// Where a quotation is introduced: the start of the sentence that says "said:" and the
/// like, and whether the speaker is the chief officer. When the words come after the
/// quotation ("“…”, said Alison.", "…, meddai Comisiynydd …") the whole paragraph is the
/// speaker's.
pub(super) fn attribution(t: &str) -> Option<(usize, Speaker)> {
    let l = t.to_lowercase();
    let at = said_at(&l)?;
    let before = l[..at].trim_end().trim_end_matches(',').trim_end();
    let after_quote = before.ends_with(['”', '"', '’']) || l.starts_with(['“', '"']);
    let (start, who) = if after_quote {
        // The speaker is named after the words: up to the sentence's end.
        let rest = &l[at..];
        let end = rest.find(['.', '“']).unwrap_or(rest.len());
        (0, rest[..end].to_owned())
    } else {
        let start = t[..at]
            .rfind(['.', '”', '"'])
            .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
        (start, l[start.min(at)..at].to_owned())
    };
    let after_colon = &l[at..];
    let body_word =
        who.contains("crime commissioner") || who.contains("comisiynydd") || who.contains("mayor");
    let speaker = if chief_words(&who) && !body_word {
        Speaker::Chief
    } else {
        Speaker::Body
    };
    // "…, said the Chief Constable." at the end of a quotation.
    if after_colon.starts_with("said the chief") {
        return Some((0, Speaker::Chief));
    }
    Some((start, speaker))
}

/// Page furniture the blocks reader does not know: accessibility bars, archive banners,
/// advertising slots, a site's name and telephone number, a news menu.
pub(super) fn page_furniture(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    const PHRASES: [&str; 10] = [
        "text only",
        "accessibility options",
        "set your postcode",
        "archived version of",
        "© copyright",
        "technical difficulties",
        "quality mark",
        "keep up to date with news",
        "default text size",
        "the new website click here",
    ];
    const WHOLE: [&str; 12] = [
        "skip content",
        "banner image",
        "advertisement",
        "hide ad",
        "stock image.",
        "back to news archive",
        "latest news",
        "all news",
        "get the latest news",
        "read more",
        "share",
        "police news",
    ];
    let digits = l.chars().filter(char::is_ascii_digit).count();
    let phone = digits >= 9 && l.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c));
    PHRASES.iter().any(|p| l.contains(p))
        || WHOLE.contains(&l.as_str())
        || phone
        || (l.ends_with(" -") && l.contains("commissioner"))
}

/// Whether a text is one phrase printed twice, as a picture's caption and its alternative
/// text are ("Police newsPolice news").
pub(super) fn doubled(t: &str) -> Option<&str> {
    let t = t.trim();
    for half in [t.len() / 2, t.len().saturating_sub(1) / 2] {
        if half >= 5
            && t.is_char_boundary(half)
            && t[..half].trim() == t[half..].trim()
            && !t[..half].trim().is_empty()
        {
            return Some(t[..half].trim());
        }
    }
    None
}

/// Whether a short line is a picture's caption: people named "with" each other ("PCC Barry
/// Coppinger with T/Chief Constable Jacqui Cheer").
pub(super) fn caption(h: &str) -> bool {
    let Some((_, with)) = h.split_once(" with ") else {
        return false;
    };
    ["PCC ", "Commissioner ", "Constable ", "Mayor "]
        .iter()
        .filter_map(|w| with.find(w).map(|i| &with[i + w.len()..]))
        .any(|rest| facts::person(rest).is_some())
}

/// A byline: a person's name printed alone, or "NAME, Police and Crime Commissioner …".
pub(super) fn byline(h: &str) -> Option<String> {
    if let Some(n) = facts::person(h) {
        return Some(n);
    }
    let (name, title) = h.split_once(", ")?;
    let l = title.to_lowercase();
    (l.contains("commissioner") || l.contains("comisiynydd") || l.contains("mayor"))
        .then(|| facts::person(name))
        .flatten()
}

/// Whether a line ends with a UK postcode ("London SW1P 4DF", "B2 4BH").
pub(super) fn postcode(line: &str) -> bool {
    // A web address the copy joined to the line is not part of it.
    let line = line.split(" www.").next().unwrap_or(line);
    let words: Vec<&str> = line.split_whitespace().collect();
    let [.., outward, inward] = words.as_slice() else {
        return false;
    };
    let out = outward.chars().collect::<Vec<_>>();
    let inw = inward.chars().collect::<Vec<_>>();
    (2..=4).contains(&out.len())
        && out[0].is_ascii_uppercase()
        && out.iter().any(char::is_ascii_digit)
        && out.iter().all(char::is_ascii_alphanumeric)
        && inw.len() == 3
        && inw[0].is_ascii_digit()
        && inw[1..].iter().all(char::is_ascii_uppercase)
}

/// Whether a short line reads as a line of an address: a few words, each capitalised or a
/// number ("2 Marsham Street", "Andrew Cooke QPM DL"), or a web address after one.
pub(super) fn address_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=7).contains(&words.len())
        && !line.contains(':')
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || ["of", "and", "the", "&"].contains(w)
        })
}

/// The address blocks among the lines before a letter's salutation, as (first, last)
/// indices: each run of address lines that ends with a postcode (and the web address after
/// it).
pub(super) fn address_blocks(lines: &[(usize, String)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, (_, h)) in lines.iter().enumerate() {
        if !postcode(h) || out.last().is_some_and(|(_, b)| *b >= k) {
            continue;
        }
        let floor = out.last().map_or(0, |(_, b)| b + 1);
        let mut from = k;
        while from > floor && address_line(&lines[from - 1].1) {
            from -= 1;
        }
        let mut to = k;
        if lines.get(k + 1).is_some_and(|(_, n)| n.starts_with("www.")) {
            to += 1;
        }
        if to > from {
            out.push((from, to));
        }
    }
    out
}

/// Whether a page's first line reads as a headline though it is long: no sentence's end, no
/// quotation, at most 30 words.
pub(super) fn long_headline(t: &str) -> bool {
    let t = t.trim();
    !t.ends_with(['.', '!', '?', ':', ';', ',', '”', '"'])
        && !t.contains(['“', '"'])
        && t.split_whitespace().count() <= 30
        && t.chars().next().is_some_and(char::is_uppercase)
}
