//! The shape of a published response's page: its headline, its findings tables, its
//! signature, and where each response on a page of several begins.

use super::super::blocks::{Block, Look, heading_like};
use super::words::page_furniture;

/// The blocks with the page's headline split from the paragraph a copy joined it to: the
/// first block that is not furniture, when its first line is shaped like a heading, its next
/// begins a sentence and its last ends one.
pub(super) fn headline_split(all: &[Block]) -> Option<Vec<Block>> {
    let at = all
        .iter()
        .position(|b| !page_furniture(&b.text()) && Look::of(b) != Look::Furniture)?;
    let b = &all[at];
    let first = b.lines.first()?.trim();
    let second = b.lines.get(1)?.trim();
    let last = b.lines.last()?.trim();
    let split = heading_like(first)
        && first.split_whitespace().count() >= 4
        && second.chars().next().is_some_and(char::is_uppercase)
        && last.ends_with(['.', '!', '?', '”', '"']);
    if !split {
        return None;
    }
    let mut out = all.to_vec();
    out[at] = Block {
        line: b.line,
        lines: vec![b.lines[0].clone()],
    };
    out.insert(
        at + 1,
        Block {
            line: b.line + 1,
            lines: b.lines[1..].to_vec(),
        },
    );
    Some(out)
}

/// Whether a block is a table whose header names findings.
pub(super) fn is_findings_table(b: &Block) -> bool {
    b.lines.len() >= 2
        && b.lines.iter().all(|l| l.trim_start().starts_with('|'))
        && super::super::table::findings(&numbered(b).collect::<Vec<_>>())
            .is_some_and(|f| !f.entries.is_empty())
}

/// A block's lines with their numbers in the input.
pub(super) fn numbered(b: &Block) -> impl Iterator<Item = (usize, String)> + '_ {
    b.lines
        .iter()
        .enumerate()
        .map(|(i, l)| (b.line + i, l.clone()))
}

/// The signature: one or two short lines at the very end, the first a name.
pub(crate) fn take_signature(blocks: &mut Vec<Block>) -> Vec<String> {
    // A page's menu after the text ("Latest News", "All News") is not its signature.
    let mut tail: Vec<Block> = Vec::new();
    while let Some(b) = blocks.last()
        && (page_furniture(&b.text()) || Look::of(b) == Look::Furniture)
    {
        tail.insert(0, b.clone());
        blocks.pop();
    }
    let sig = signature_lines(blocks);
    blocks.extend(tail);
    sig
}

/// The signature lines at the end of `blocks`, taken off them.
pub(super) fn signature_lines(blocks: &mut Vec<Block>) -> Vec<String> {
    let mut sig: Vec<String> = Vec::new();
    while sig.len() < 2
        && let Some(b) = blocks.last()
        && heading_like(&b.text())
        && Look::of(b) == Look::Heading
    {
        sig.insert(0, b.text());
        blocks.pop();
    }
    let is_name = sig.first().is_some_and(|n| {
        let words: Vec<&str> = n.split_whitespace().collect();
        (2..=5).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    });
    if is_name {
        sig
    } else {
        blocks.extend(sig.into_iter().map(|t| Block {
            line: 0,
            lines: vec![t],
        }));
        Vec::new()
    }
}

/// Where each response on a page begins: at each named responder ("Response by …") or each
/// "… Report – NAME, … said:", moved back over the headings just before it.
pub(crate) fn starts(blocks: &[Block]) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let t = b.text();
        let begins = Look::of(b) == Look::Responder
            || (t.contains("Report – ") && t.trim_end().ends_with("said:"));
        if begins {
            let mut s = i;
            while s > 0
                && Look::of(&blocks[s - 1]) == Look::Heading
                && found.last().is_none_or(|f| s - 1 > *f)
            {
                s -= 1;
            }
            found.push(s);
        }
    }
    found
}
