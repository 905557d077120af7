//! Pagination: line boxes onto pages, honouring the keeps, with each page's footnotes at its
//! foot; then each structure element's kids in reading order.

use std::collections::BTreeSet;

use super::*;

/// Places boxes on pages, honouring keep-with-next where the page allows.
pub(super) fn paginate(boxes: Vec<LineBox>, mut notes: Vec<LaidNote>, setup: &Setup) -> Laid {
    let counts = page_counts(&boxes, &notes, setup);
    let mut laid = Laid {
        size: [setup.width, setup.height],
        pages: Vec::with_capacity(counts.len()),
        nodes: Vec::new(),
        marks: Vec::new(),
        missing: BTreeSet::new(),
        places: std::collections::BTreeMap::new(),
        page_langs: Vec::with_capacity(counts.len()),
        pictures: Vec::new(),
    };
    let mut lang: Option<String> = None;
    // Each page holds the boxes after the last page's, in order: each box is moved onto its
    // page, never copied, so the letter is held once.
    let mut boxes = boxes.into_iter();
    for (n, &count) in counts.iter().enumerate() {
        let mut page = Page::default();
        let taken = boxes.by_ref().take(count);
        let foot = fill(&mut page, &mut laid, &mut lang, taken, &notes, n, setup);
        foot_notes(&mut page, &mut laid, &mut notes, &foot, n, setup);
        laid.pages.push(page);
        laid.page_langs.push(lang.clone());
    }
    laid
}

/// How many boxes each page holds: pages hold consecutive boxes, each as many as fit, a
/// chain of kept boxes moved on whole where that leaves no great hole.
fn page_counts(boxes: &[LineBox], notes: &[LaidNote], setup: &Setup) -> Vec<usize> {
    let room = setup.height - setup.top - setup.bottom;
    // What a line's footnotes add to its page's foot, given the notes already there.
    let at_foot = |k: usize| notes.get(k).is_some_and(|n| !n.at_end && n.referred);
    let foot_cost = |b: &LineBox, there: &[usize]| -> Pt {
        let new: Vec<usize> = b
            .notes
            .iter()
            .copied()
            .filter(|&k| at_foot(k) && !there.contains(&k))
            .collect();
        if new.is_empty() {
            return Pt(0.0);
        }
        let rule = if there.is_empty() {
            NOTE_RULE
        } else {
            NOTE_GAP
        };
        new.iter()
            .map(|&k| notes[k].height)
            .fold(Pt(rule) + Pt(NOTE_GAP * (new.len() - 1) as f32), |a, h| {
                a + h
            })
    };
    // Each page's first box: pages hold consecutive boxes.
    let mut starts: Vec<usize> = vec![0];
    let mut used = Pt(0.0);
    let mut there: Vec<usize> = Vec::new();
    // How much of the page is filled after each of its boxes.
    let mut filled: Vec<Pt> = Vec::new();
    let mut i = 0;
    while i < boxes.len() {
        let b = &boxes[i];
        let start = starts.last().copied().unwrap_or(0);
        let current = i - start;
        if b.break_before && current > 0 {
            starts.push(i);
            used = Pt(0.0);
            there.clear();
            filled.clear();
            continue;
        }
        let space = if current == 0 {
            Pt(0.0)
        } else {
            b.space_before
        };
        let foot = foot_cost(b, &there);
        if used + space + b.height + foot <= room || current == 0 {
            used += space + b.height + foot;
            filled.push(used);
            there.extend(b.notes.iter().copied().filter(|&k| at_foot(k)));
            i += 1;
            continue;
        }
        // Move back to the start of the chain of boxes kept with this one; past a loose
        // keep only if that leaves no hole.
        let chain = |loose: bool| {
            let mut j = i;
            while j > start
                && (boxes[j - 1].keep_with_next || (loose && boxes[j - 1].keep_loose))
                && !boxes[j].break_before
            {
                j -= 1;
            }
            j
        };
        let mut j = chain(true);
        let hole = |j: usize| {
            room - if j == start {
                room
            } else {
                filled[j - start - 1]
            }
        };
        if hole(j) > Pt(MAX_HOLE) {
            j = chain(false);
        }
        if j == start {
            j = i; // the chain is longer than a page: break where it overflows
        }
        starts.push(j);
        used = Pt(0.0);
        there.clear();
        filled.clear();
        i = j;
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&boxes.len())))
        .map(|(a, b)| b - a)
        .collect()
}

/// Sets page `n`'s boxes from its top down, with the quote bars beside them; returns the
/// footnotes its lines refer to that stand at its foot, in order.
fn fill(
    page: &mut Page,
    laid: &mut Laid,
    lang: &mut Option<String>,
    boxes: impl Iterator<Item = LineBox>,
    notes: &[LaidNote],
    n: usize,
    setup: &Setup,
) -> Vec<usize> {
    let mut y = setup.height - setup.top;
    let mut prev_bar = false;
    let mut foot: Vec<usize> = Vec::new();
    for (k, b) in boxes.enumerate() {
        if b.part.is_some() {
            lang.clone_from(&b.part);
        }
        let space = if k == 0 { Pt(0.0) } else { b.space_before };
        let top = y - space;
        for &note in &b.notes {
            laid.places
                .entry(format!("ref-{}", note + 1))
                .or_insert((n, top));
            if notes
                .get(note)
                .is_some_and(|x| !x.at_end && x.referred && !x.boxes.is_empty())
                && !foot.contains(&note)
            {
                foot.push(note);
            }
        }
        if let Some(x) = b.quote_bar {
            let extra = if prev_bar { space } else { Pt(0.0) };
            page.bars.push(Bar {
                x,
                y: top - b.height,
                w: Pt(2.5),
                h: b.height + extra,
                ink: BarInk::Grey(0.75),
                artifact: Artifact::Layout,
            });
        }
        prev_bar = b.quote_bar.is_some();
        y = top - b.height;
        place(page, laid, b, top, n);
    }
    foot
}

/// Page `n`'s footnotes `foot`, from the foot up: a short rule, then each note.
fn foot_notes(
    page: &mut Page,
    laid: &mut Laid,
    notes: &mut [LaidNote],
    foot: &[usize],
    n: usize,
    setup: &Setup,
) {
    if foot.is_empty() {
        return;
    }
    let blocks: Vec<Vec<LineBox>> = foot
        .iter()
        .map(|&k| std::mem::take(&mut notes[k].boxes))
        .collect();
    let height = blocks
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, b)| b.height + if i == 0 { Pt(0.0) } else { b.space_before })
        .fold(Pt(NOTE_GAP * (blocks.len() - 1) as f32), |a, h| a + h);
    let mut y = setup.bottom + height;
    page.bars.push(Bar {
        x: setup.side,
        y: y + Pt(NOTE_RULE / 2.0),
        w: Pt(120.0),
        h: Pt(0.5),
        ink: BarInk::Grey(0.6),
        artifact: Artifact::Layout,
    });
    for (i, note) in blocks.into_iter().enumerate() {
        if i > 0 {
            y -= Pt(NOTE_GAP);
        }
        for (j, b) in note.into_iter().enumerate() {
            let top = y - if j == 0 { Pt(0.0) } else { b.space_before };
            y = top - b.height;
            place(page, laid, b, top, n);
        }
    }
}

/// Puts a box's texts, links, bars and bookmark on page `n` with its top at `top`.
fn place(page: &mut Page, laid: &mut Laid, b: LineBox, top: Pt, n: usize) {
    if let Some((level, title)) = b.mark {
        laid.marks.push(Mark {
            level,
            title,
            page: n,
            y: top,
        });
    }
    if let Some(k) = b.note_start {
        laid.places
            .entry(format!("note-{}", k + 1))
            .or_insert((n, top));
    }
    for mut f in b.figures {
        f.y = top - f.y - f.h;
        f.after = page.texts.len();
        page.figures.push(f);
    }
    for mut t in b.texts {
        t.y = top - t.y;
        page.texts.push(t);
    }
    for mut l in b.links {
        // rect[1] and rect[3] were offsets below the top: the link's top and bottom.
        for r in &mut l.rects {
            let (upper, lower) = (top - r[1], top - r[3]);
            r[1] = lower;
            r[3] = upper;
        }
        // The rest of a link from the line before: the same annotation.
        match page.links.last_mut() {
            Some(last) if last.node == l.node => {
                last.rects.extend(l.rects);
                last.text.push_str(&l.text);
            }
            _ => page.links.push(l),
        }
    }
    for mut bar in b.bars {
        bar.y = top - bar.y;
        page.bars.push(bar);
    }
}

/// Fills in each structure element's kids in reading order, attaching an element to its
/// parent where its first content appears. Elements with no content are left out.
pub(super) fn link_kids(laid: &mut Laid) {
    let mut attached = vec![false; laid.nodes.len()];
    if let Some(a) = attached.first_mut() {
        *a = true;
    }
    fn attach(nodes: &mut [Node], attached: &mut [bool], n: usize) {
        if attached[n] {
            return;
        }
        attached[n] = true;
        if let Some(p) = nodes[n].parent {
            attach(nodes, attached, p);
            nodes[p].kids.push(Kid::Node(n));
        }
    }
    for (p, page) in laid.pages.iter().enumerate() {
        // Texts and figures in reading order: each figure before the texts placed after it.
        let mut figures = page.figures.iter().enumerate().peekable();
        for i in 0..=page.texts.len() {
            while let Some((k, f)) = figures.next_if(|(_, f)| f.after <= i) {
                attach(&mut laid.nodes, &mut attached, f.node);
                laid.nodes[f.node]
                    .kids
                    .push(Kid::Figure { page: p, figure: k });
            }
            if let Some(n) = page.texts.get(i).and_then(|t| t.node) {
                attach(&mut laid.nodes, &mut attached, n);
                laid.nodes[n].kids.push(Kid::Text { page: p, text: i });
            }
        }
        for (i, l) in page.links.iter().enumerate() {
            attach(&mut laid.nodes, &mut attached, l.node);
            laid.nodes[l.node].kids.push(Kid::Link { page: p, link: i });
        }
    }
}
