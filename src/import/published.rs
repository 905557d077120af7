//! The published-response importer's way in: a page's text into one draft, or into one
//! draft for each response it holds. A page whose Welsh and English editions follow each
//! other is one bilingual response ([`super::bilingual`]); otherwise each response is read
//! ([`super::response`]) and written ([`super::draft`]) on its own.

use super::blocks::{Block, blocks};
use super::draft::one;
use super::response::{Draft, starts};
use super::warning::{Warning, place};

/// Reads a previously published response (text) into a draft response file. A page that
/// holds several responses gives the first; [`responses`] gives them all.
pub fn response(text: &str) -> Draft {
    let mut all = responses(text);
    let n = all.len();
    let mut first = all.swap_remove(0);
    if n > 1 {
        first.warnings.push(Warning::new(format!(
            "the page holds {n} responses; this is the first: `--out DIR` writes one file each"
        )));
    }
    first
}

/// Every response a page holds, each a draft; always at least one.
pub fn responses(text: &str) -> Vec<Draft> {
    let text = text.replace(['\u{a0}', '\r'], " ");
    let all = blocks(&text);
    // A Welsh and an English edition one after the other: one bilingual response.
    if let Some(d) = super::bilingual::draft(&all, &text) {
        return vec![d];
    }
    let mut cuts = starts(&all);
    if cuts.len() < 2 {
        let mut d = one(all, &text);
        place(&mut d.warnings, &text);
        return vec![d];
    }
    // What comes before the first response (the page's own title and furniture) goes with it.
    cuts[0] = 0;
    cuts.push(all.len());
    cuts.windows(2)
        .map(|w| {
            let part = all[w[0]..w[1]].to_vec();
            let t = part
                .iter()
                .map(Block::text)
                .collect::<Vec<_>>()
                .join("\n\n");
            let mut d = one(part, &t);
            place(&mut d.warnings, &text);
            d
        })
        .collect()
}
