//! The structure tree: one structure element per layout node, its marked content and link
//! annotations as kids, the parent tree that maps them back, and the attributes PDF/UA asks
//! for (a list's numbering, a header cell's scope, a passage's language).
//!
//! Elements are written straight into the file, one after another, from the layout's nodes;
//! of the pages only their MCIDs and annotations are kept for it, a few bytes a text.

use std::fmt::Write as _;

use super::layout::{Kid, Kind, Laid, Node, Page};
use super::meta::Meta;
use super::obj::{File, Id, n, text};
use crate::render::blocks::Marker;

/// The numbers of the structure elements, one per layout node, reserved before the pages
/// are written so that what is written first can refer ahead.
#[derive(Debug, Clone, Copy)]
pub struct Elements {
    first: Id,
}

impl Elements {
    /// Reserves `count` numbers.
    pub fn reserve(f: &mut File, count: usize) -> Self {
        Elements {
            first: f.reserve_many(count),
        }
    }

    /// The element of node `n`.
    pub fn id(&self, n: usize) -> Id {
        Id(self.first.0 + n as u32)
    }
}

/// What the structure tree needs of the pages once they are written.
#[derive(Debug, Default)]
pub struct Marked {
    /// Each page's MCIDs by text (`u32::MAX` for an artifact).
    mcids: Vec<Vec<u32>>,
    /// Each page's nodes by MCID: the parent tree's arrays.
    owners: Vec<Vec<u32>>,
    /// Each page's annotations.
    annots: Vec<Vec<Id>>,
    /// Each page's MCIDs by figure.
    figures: Vec<Vec<u32>>,
    /// (StructParent key, Link node) for each annotation.
    links: Vec<(usize, usize)>,
    /// How many pages: the first annotation's key.
    pages: usize,
}

impl Marked {
    /// For a document of `pages` pages.
    pub fn new(pages: usize) -> Self {
        Marked {
            pages,
            ..Marked::default()
        }
    }

    /// The parent tree's key for the next link annotation, whose element is `node`.
    pub fn link(&mut self, node: usize) -> usize {
        let key = self.pages + self.links.len();
        self.links.push((key, node));
        key
    }

    /// Keeps what the tree needs of page `p`: its texts' and figures' MCIDs and its
    /// annotations. The figures' MCIDs come before the texts'.
    pub fn page(
        &mut self,
        p: usize,
        mcids: &[Option<u32>],
        figures: Vec<u32>,
        page: &Page,
        annots: Vec<Id>,
    ) {
        debug_assert_eq!(p, self.mcids.len());
        let owners = page
            .figures
            .iter()
            .map(|f| f.node as u32)
            .chain(
                page.texts
                    .iter()
                    .zip(mcids)
                    .filter_map(|(t, m)| m.and(t.node).map(|n| n as u32)),
            )
            .collect();
        self.figures.push(figures);
        self.mcids
            .push(mcids.iter().map(|m| m.unwrap_or(u32::MAX)).collect());
        self.owners.push(owners);
        self.annots.push(annots);
    }
}

/// Writes the structure tree; returns the StructTreeRoot's id.
pub fn structure(
    f: &mut File,
    laid: &Laid,
    marked: &Marked,
    page_id: impl Fn(usize) -> Id,
    elements: &Elements,
    meta: &Meta,
) -> Id {
    let tree_id = f.reserve();
    let mut buf = String::new();
    for (n, node) in laid.nodes.iter().enumerate() {
        buf.clear();
        let parent = node.parent.map_or(tree_id, |p| elements.id(p));
        element(&mut buf, node, parent, marked, &page_id, elements, laid);
        if node.parent.is_none() {
            let _ = write!(buf, " /Lang {} /T {}", text(&meta.lang), text(&meta.title));
        }
        buf.push_str(">>");
        f.object(elements.id(n), buf.as_bytes());
    }
    let mut nums = String::new();
    for (p, owners) in marked.owners.iter().enumerate() {
        let _ = write!(nums, "{p} [");
        for &o in owners {
            let _ = write!(nums, "{} ", elements.id(o as usize).r());
        }
        nums.push_str("]\n");
    }
    for &(key, node) in &marked.links {
        let _ = writeln!(nums, "{key} {}", elements.id(node).r());
    }
    // The elements with an identifier (the notes), by it, in the order of the bytes.
    let mut ids: Vec<(&str, usize)> = laid
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(n, node)| node.id.as_deref().map(|id| (id, n)))
        .collect();
    ids.sort_unstable();
    let id_tree = if ids.is_empty() {
        String::new()
    } else {
        let mut names = String::from(" /IDTree <</Names [");
        for (id, n) in ids {
            let _ = write!(
                names,
                "{} {} ",
                super::obj::literal(id.as_bytes()),
                elements.id(n).r()
            );
        }
        names.push_str("]>>");
        names
    };
    let root = format!(
        "<</Type /StructTreeRoot /K [{}] /ParentTree <</Nums [{nums}]>> /ParentTreeNextKey {}{id_tree}>>",
        elements.id(0).r(),
        marked.pages + marked.links.len()
    );
    f.object(tree_id, root.as_bytes());
    tree_id
}

/// One node's structure element, with its kids, up to its closing `>>`.
fn element(
    out: &mut String,
    node: &Node,
    parent: Id,
    at: &Marked,
    page_id: &impl Fn(usize) -> Id,
    elements: &Elements,
    laid: &Laid,
) {
    let _ = write!(
        out,
        "<</Type /StructElem /S /{} /P {} /K [",
        node.kind.name(),
        parent.r()
    );
    for kid in &node.kids {
        match *kid {
            Kid::Node(c) => {
                let _ = write!(out, "{} ", elements.id(c).r());
            }
            Kid::Text { page, text } => {
                let Some(&mcid) = at.mcids.get(page).and_then(|m| m.get(text)) else {
                    continue;
                };
                if mcid != u32::MAX {
                    let _ = write!(
                        out,
                        "<</Type /MCR /Pg {} /MCID {mcid}>> ",
                        page_id(page).r()
                    );
                }
            }
            Kid::Figure { page, figure } => {
                if let Some(&mcid) = at.figures.get(page).and_then(|m| m.get(figure)) {
                    let _ = write!(
                        out,
                        "<</Type /MCR /Pg {} /MCID {mcid}>> ",
                        page_id(page).r()
                    );
                }
            }
            Kid::Link { page, link } => {
                if let Some(&annot) = at.annots.get(page).and_then(|a| a.get(link)) {
                    let _ = write!(
                        out,
                        "<</Type /OBJR /Pg {} /Obj {}>> ",
                        page_id(page).r(),
                        annot.r()
                    );
                }
            }
        }
    }
    out.push(']');
    if let Some(lang) = &node.lang {
        let _ = write!(out, " /Lang {}", text(lang));
    }
    if let Some(id) = &node.id {
        let _ = write!(out, " /ID {}", super::obj::literal(id.as_bytes()));
    }
    if let Some(marker) = node.numbering {
        let numbering = match marker {
            Marker::Bullet => "Disc",
            Marker::Decimal => "Decimal",
            Marker::LowerAlpha => "LowerAlpha",
            Marker::LowerRoman => "LowerRoman",
        };
        let _ = write!(out, " /A <</O /List /ListNumbering /{numbering}>>");
    }
    if let Some(alt) = &node.alt {
        let _ = write!(out, " /Alt {}", text(alt));
        // Where it stands: PDF/UA's checkers ask a figure for its bounding box.
        let placed = node.kids.iter().find_map(|k| match *k {
            Kid::Figure { page, figure } => laid.pages.get(page)?.figures.get(figure),
            _ => None,
        });
        if let Some(f) = placed {
            let _ = write!(
                out,
                " /A <</O /Layout /Placement /Block /BBox [{} {} {} {}]>>",
                n(f.x.0),
                n(f.y.0),
                n(f.x.0 + f.w.0),
                n(f.y.0 + f.h.0)
            );
        }
    }
    if node.kind == Kind::TH {
        // Header cells head their column (PDF/UA asks for the scope).
        out.push_str(" /A <</O /Table /Scope /Column>>");
    }
}
