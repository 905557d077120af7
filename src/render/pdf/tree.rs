//! The structure tree: one structure element per layout node, its marked content and link
//! annotations as kids, the parent tree that maps them back, and the attributes PDF/UA asks
//! for (a list's numbering, a header cell's scope, a passage's language).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::blocks::Marker;
use super::layout::{Kid, Kind, Laid, Node};
use super::write::{Meta, name, text};

/// The link annotations' places in the parent tree.
#[derive(Debug, Default)]
pub struct Links {
    /// (StructParent key, Link node) for each annotation.
    pub parents: Vec<(i64, usize)>,
    /// The next free key of the parent tree.
    pub next_key: i64,
}

/// Where an element's kids are found.
struct Places<'a> {
    mcids: &'a [Vec<Option<i64>>],
    page_ids: &'a [ObjectId],
    annots: &'a [Vec<ObjectId>],
    elem_ids: &'a [ObjectId],
}

/// Adds the structure tree; returns the StructTreeRoot's id. Element ids are reserved first,
/// so kids can refer ahead.
pub fn structure(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    mcids: &[Vec<Option<i64>>],
    page_ids: &[ObjectId],
    annots: &[Vec<ObjectId>],
    links: &Links,
    meta: &Meta,
) -> ObjectId {
    let tree_id = pdf.new_object_id();
    let elem_ids: Vec<ObjectId> = laid.nodes.iter().map(|_| pdf.new_object_id()).collect();
    let mut parent_tree: BTreeMap<i64, Vec<Object>> = BTreeMap::new();
    for (p, page_mcids) in mcids.iter().enumerate() {
        let count = page_mcids.iter().flatten().count();
        parent_tree.insert(p as i64, vec![Object::Null; count]);
    }
    let places = Places {
        mcids,
        page_ids,
        annots,
        elem_ids: &elem_ids,
    };
    for (n, node) in laid.nodes.iter().enumerate() {
        let parent = node.parent.map_or(tree_id, |p| elem_ids[p]);
        let mut elem = element(node, n, parent, &places, &mut parent_tree);
        if node.parent.is_none() {
            elem.set("Lang", text(&meta.lang));
            elem.set("T", text(&meta.title));
        }
        pdf.objects.insert(elem_ids[n], Object::Dictionary(elem));
    }
    let mut nums = Vec::new();
    for (key, refs) in parent_tree {
        nums.push(Object::Integer(key));
        nums.push(Object::Array(refs));
    }
    for &(key, node) in &links.parents {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(elem_ids[node]));
    }
    pdf.objects.insert(
        tree_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("StructTreeRoot")),
            ("K", Object::Array(vec![Object::Reference(elem_ids[0])])),
            (
                "ParentTree",
                Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))])),
            ),
            ("ParentTreeNextKey", Object::Integer(links.next_key)),
        ])),
    );
    tree_id
}

/// One node's structure element, with its kids; fills in the parent tree for its marked
/// content.
fn element(
    node: &Node,
    n: usize,
    parent: ObjectId,
    at: &Places<'_>,
    parent_tree: &mut BTreeMap<i64, Vec<Object>>,
) -> Dictionary {
    let mut kids = Vec::with_capacity(node.kids.len());
    for kid in &node.kids {
        match *kid {
            Kid::Node(c) => kids.push(Object::Reference(at.elem_ids[c])),
            Kid::Text { page, text } => {
                let Some(mcid) = at
                    .mcids
                    .get(page)
                    .and_then(|m| m.get(text))
                    .copied()
                    .flatten()
                else {
                    continue;
                };
                kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", name("MCR")),
                    ("Pg", Object::Reference(at.page_ids[page])),
                    ("MCID", Object::Integer(mcid)),
                ])));
                if let Some(slot) = parent_tree
                    .get_mut(&(page as i64))
                    .and_then(|v| v.get_mut(mcid as usize))
                {
                    *slot = Object::Reference(at.elem_ids[n]);
                }
            }
            Kid::Link { page, link } => {
                if let Some(&annot) = at.annots.get(page).and_then(|a| a.get(link)) {
                    kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", name("OBJR")),
                        ("Pg", Object::Reference(at.page_ids[page])),
                        ("Obj", Object::Reference(annot)),
                    ])));
                }
            }
        }
    }
    let mut elem = Dictionary::from_iter(vec![
        ("Type", name("StructElem")),
        ("S", name(node.kind.name())),
        ("P", Object::Reference(parent)),
        ("K", Object::Array(kids)),
    ]);
    if let Some(lang) = &node.lang {
        elem.set("Lang", text(lang));
    }
    if let Some(marker) = node.numbering {
        let numbering = match marker {
            Marker::Bullet => "Disc",
            Marker::Decimal => "Decimal",
            Marker::LowerAlpha => "LowerAlpha",
            Marker::LowerRoman => "LowerRoman",
        };
        elem.set(
            "A",
            Dictionary::from_iter(vec![
                ("O", name("List")),
                ("ListNumbering", name(numbering)),
            ]),
        );
    }
    if node.kind == Kind::TH {
        // Header cells head their column (PDF/UA asks for the scope).
        elem.set(
            "A",
            Dictionary::from_iter(vec![("O", name("Table")), ("Scope", name("Column"))]),
        );
    }
    elem
}
