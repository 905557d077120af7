//! The structure tree: one structure element per layout node, its marked content and link
//! annotations as kids, the parent tree that maps them back, and the attributes PDF/UA asks
//! for (a list's numbering, a header cell's scope, a passage's language).
//!
//! Elements are made from the layout's nodes once the pages are drawn; of the pages only
//! their MCIDs and annotations are kept for it, a few bytes a text.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::super::layout::{Kid, Kind, Laid, Node, Page};
use super::super::meta::Meta;
use super::text;
use crate::render::blocks::Marker;

/// What the structure tree needs of the pages once they are written.
#[derive(Debug, Default)]
pub struct Marked {
    /// Each page's MCIDs by text (`u32::MAX` for an artifact, or for a text that continues the
    /// marked-content sequence of the text before it, whose MCID is listed once).
    mcids: Vec<Vec<u32>>,
    /// Each page's nodes by MCID: the parent tree's arrays.
    owners: Vec<Vec<u32>>,
    /// Each page's annotations.
    annots: Vec<Vec<ObjectId>>,
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

    /// Keeps what the tree needs of the next page: its texts' and figures' MCIDs. The
    /// figures' MCIDs come before the texts'.
    pub fn page(&mut self, mcids: &[Option<u32>], figures: Vec<u32>, page: &Page) {
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
    }

    /// Keeps the next page's annotations, in the order of its links.
    pub fn annotations(&mut self, annots: Vec<ObjectId>) {
        self.annots.push(annots);
    }
}

/// Adds the structure tree to the file; returns the StructTreeRoot's id.
pub fn structure(
    file: &mut lopdf::Document,
    laid: &Laid,
    marked: &Marked,
    page_ids: &[ObjectId],
    meta: &Meta,
) -> ObjectId {
    let tree_id = file.new_object_id();
    let elements: Vec<ObjectId> = laid.nodes.iter().map(|_| file.new_object_id()).collect();
    for (n, node) in laid.nodes.iter().enumerate() {
        let parent = node.parent.map_or(tree_id, |p| elements[p]);
        let mut dict = element(node, parent, marked, page_ids, &elements, laid);
        if node.parent.is_none() {
            dict.set("Lang", text(&meta.lang));
            dict.set("T", text(&meta.title));
        }
        file.objects.insert(elements[n], Object::Dictionary(dict));
    }
    let mut nums = Vec::with_capacity(marked.owners.len() * 2 + marked.links.len() * 2);
    for (p, owners) in marked.owners.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            owners
                .iter()
                .map(|&o| Object::Reference(elements[o as usize]))
                .collect(),
        ));
    }
    for &(key, node) in &marked.links {
        nums.push(Object::Integer(key as i64));
        nums.push(Object::Reference(elements[node]));
    }
    let mut root = Dictionary::from_iter([
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        (
            "K",
            Object::Array(elements.first().map(|&e| e.into()).into_iter().collect()),
        ),
        (
            "ParentTree",
            Dictionary::from_iter([("Nums", Object::Array(nums))]).into(),
        ),
        (
            "ParentTreeNextKey",
            Object::Integer((marked.pages + marked.links.len()) as i64),
        ),
    ]);
    // The elements with an identifier (the notes), by it, in the order of the bytes.
    let mut ids: Vec<(&str, usize)> = laid
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(n, node)| node.id.as_deref().map(|id| (id, n)))
        .collect();
    ids.sort_unstable();
    if !ids.is_empty() {
        let mut names = Vec::with_capacity(ids.len() * 2);
        for (id, n) in ids {
            names.push(Object::String(
                id.as_bytes().to_vec(),
                StringFormat::Literal,
            ));
            names.push(Object::Reference(elements[n]));
        }
        root.set(
            "IDTree",
            Dictionary::from_iter([("Names", Object::Array(names))]),
        );
    }
    file.objects.insert(tree_id, Object::Dictionary(root));
    tree_id
}

/// A marked-content reference: the MCID on a page.
fn mcr(page: ObjectId, mcid: u32) -> Object {
    Dictionary::from_iter([
        ("Type", Object::Name(b"MCR".to_vec())),
        ("Pg", page.into()),
        ("MCID", Object::Integer(i64::from(mcid))),
    ])
    .into()
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A number rounded to thousandths.
fn real(v: f32) -> Object {
    Object::Real(((f64::from(v) * 1000.0).round() / 1000.0) as f32)
}

/// One node's structure element, with its kids and attributes.
fn element(
    node: &Node,
    parent: ObjectId,
    at: &Marked,
    page_ids: &[ObjectId],
    elements: &[ObjectId],
    laid: &Laid,
) -> Dictionary {
    // The page of the element's first marked content: its kids on that page are their MCIDs
    // alone (a number, not a dictionary of three entries), the rest marked-content
    // references with their page.
    let mcid = |kid: &Kid| match *kid {
        Kid::Text { page, text } => at
            .mcids
            .get(page)
            .and_then(|m| m.get(text))
            .filter(|&&m| m != u32::MAX)
            .map(|&m| (page, m)),
        Kid::Figure { page, figure } => at
            .figures
            .get(page)
            .and_then(|m| m.get(figure))
            .map(|&m| (page, m)),
        _ => None,
    };
    let pg = node.kids.iter().find_map(mcid).map(|(page, _)| page);
    let mut kids = Vec::with_capacity(node.kids.len());
    for kid in &node.kids {
        match *kid {
            Kid::Node(c) => kids.push(Object::Reference(elements[c])),
            Kid::Text { .. } | Kid::Figure { .. } => {
                if let Some((page, m)) = mcid(kid) {
                    kids.push(if Some(page) == pg {
                        Object::Integer(i64::from(m))
                    } else {
                        mcr(page_ids[page], m)
                    });
                }
            }
            Kid::Link { page, link } => {
                if let Some(&annot) = at.annots.get(page).and_then(|a| a.get(link)) {
                    kids.push(
                        Dictionary::from_iter([
                            ("Type", name("OBJR")),
                            ("Pg", page_ids[page].into()),
                            ("Obj", annot.into()),
                        ])
                        .into(),
                    );
                }
            }
        }
    }
    let mut out = Dictionary::from_iter([
        ("Type", name("StructElem")),
        ("S", name(node.kind.name())),
        ("P", parent.into()),
        ("K", Object::Array(kids)),
    ]);
    if let Some(page) = pg {
        out.set("Pg", page_ids[page]);
    }
    if let Some(lang) = &node.lang {
        out.set("Lang", text(lang));
    }
    if let Some(id) = &node.id {
        out.set(
            "ID",
            Object::String(id.as_bytes().to_vec(), StringFormat::Literal),
        );
    }
    if let Some(marker) = node.numbering {
        let numbering = match marker {
            Marker::Bullet => "Disc",
            Marker::Decimal => "Decimal",
            Marker::LowerAlpha => "LowerAlpha",
            Marker::LowerRoman => "LowerRoman",
        };
        out.set(
            "A",
            Dictionary::from_iter([("O", name("List")), ("ListNumbering", name(numbering))]),
        );
    }
    if let Some(alt) = &node.alt {
        out.set("Alt", text(alt));
        // Where it stands: PDF/UA's checkers ask a figure for its bounding box.
        let placed = node.kids.iter().find_map(|k| match *k {
            Kid::Figure { page, figure } => laid.pages.get(page)?.figures.get(figure),
            _ => None,
        });
        if let Some(f) = placed {
            out.set(
                "A",
                Dictionary::from_iter([
                    ("O", name("Layout")),
                    ("Placement", name("Block")),
                    (
                        "BBox",
                        Object::Array(vec![
                            real(f.x.0),
                            real(f.y.0),
                            real(f.x.0 + f.w.0),
                            real(f.y.0 + f.h.0),
                        ]),
                    ),
                ]),
            );
        }
    }
    if node.kind == Kind::TH {
        // Header cells head their column (PDF/UA asks for the scope).
        out.set(
            "A",
            Dictionary::from_iter([("O", name("Table")), ("Scope", name("Column"))]),
        );
    }
    out
}
