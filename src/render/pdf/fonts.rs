//! The PDF's fonts: metrics for layout, and subsets for embedding.
//!
//! Four faces of one family (regular, bold, italic, bold italic) are built into the binary
//! (Liberation Sans 2.1.5, SIL Open Font License 1.1; it covers every Welsh letter) and may be
//! replaced from the templates folder (`fonts/regular.ttf`, `fonts/bold.ttf`,
//! `fonts/italic.ttf`, `fonts/bold-italic.ttf`). Widths come from the font's own advances and
//! its kerning pairs, exactly as the writer draws them, so lines never overrun. Only the glyphs
//! a document uses are embedded, without their hinting (see `Unhinted`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::error::ParseError;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::loca::LocaTable;
use allsorts::tables::{
    FontTableProvider, HeadTable, HheaTable, HmtxTable, IndexToLocFormat, MaxpTable,
};
use allsorts::tag;
use anyhow::{Context, Result, anyhow};
use rustc_hash::FxHashMap;

/// The four styles of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Upright, regular weight.
    Regular,
    /// Upright, bold.
    Bold,
    /// Italic, regular weight.
    Italic,
    /// Italic, bold.
    BoldItalic,
}

impl Style {
    /// All four, in the order of [`Fonts::faces`].
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    /// The style with bold and italic as given.
    pub fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }

    /// The position in [`Style::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The file an office's replacement is read from, in `fonts/` of the templates folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Style::Regular => "regular.ttf",
            Style::Bold => "bold.ttf",
            Style::Italic => "italic.ttf",
            Style::BoldItalic => "bold-italic.ttf",
        }
    }
}

const BUILTIN: [&[u8]; 4] = [
    include_bytes!("../../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../../fonts/LiberationSans-BoldItalic.ttf"),
];

/// One face: its program and the metrics layout needs.
#[derive(Debug, Clone)]
pub struct Face {
    /// The font program (TrueType).
    pub bytes: Cow<'static, [u8]>,
    /// The PostScript name, for the PDF's font dictionary.
    pub name: String,
    /// Font units per em.
    pub units_per_em: u16,
    /// Ascender, in font units (positive).
    pub ascender: i16,
    /// Descender, in font units (negative).
    pub descender: i16,
    /// The bounding box of every glyph, in font units: x min, y min, x max, y max.
    pub bbox: [i16; 4],
    /// The slant in degrees, counter-clockwise from upright (negative for an italic).
    pub italic_angle: f32,
    /// The height of capitals, in font units (the ascender where the font does not say).
    pub cap_height: i16,
    /// The weight class, 100 to 900 (400 where the font does not say).
    pub weight: u16,
    /// Glyphs of the characters below [`LOW`] (every Latin letter, the punctuation and the
    /// currency signs letters use), indexed by code point: measuring reads one array entry per
    /// character instead of hashing it.
    low: Vec<u16>,
    /// Glyphs of any other character.
    high: FxHashMap<char, u16>,
    advances: Vec<u16>,
    /// Kerning by pair, the left glyph in the high 16 bits.
    kerning: FxHashMap<u32, i16>,
    /// Which glyphs kern with any glyph after them, a bit each: most letters kern with
    /// none, and [`Face::kern`] is asked for every pair of neighbours, in layout and again in
    /// the writing, so a bit read spares most of the look-ups in `kerning`.
    kerns: Vec<u64>,
}

/// Characters below this code point have their glyph in an array (see [`Face::glyph`]).
const LOW: u32 = 0x2100;

impl Face {
    /// Reads a TrueType font's metrics. `what` names it in errors.
    pub fn parse(bytes: Cow<'static, [u8]>, what: &str) -> Result<Self> {
        let metrics = Self::metrics(&bytes, what)?;
        Ok(Face { bytes, ..metrics })
    }

    fn metrics(bytes: &[u8], what: &str) -> Result<Self> {
        let bad = |part: &str| anyhow!("{what} is not a usable TrueType font: {part}");
        let data = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|_| bad("unreadable"))?;
        let provider = data.table_provider(0).map_err(|_| bad("no font in it"))?;
        let table = |t: u32| {
            provider
                .read_table_data(t)
                .map_err(|_| bad("a table is missing"))
        };
        let head_data = table(tag::HEAD)?;
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .map_err(|_| bad("head"))?;
        let hhea_data = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .map_err(|_| bad("hhea"))?;
        let maxp_data = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp_data)
            .read::<MaxpTable>()
            .map_err(|_| bad("maxp"))?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .map_err(|_| bad("hmtx"))?;
        let advances = (0..maxp.num_glyphs)
            .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
            .collect();
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data)
            .read::<Cmap<'_>>()
            .map_err(|_| bad("cmap"))?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap)
            .ok()
            .flatten()
            .ok_or_else(|| bad("no Unicode character map"))?;
        let mut low = vec![0u16; LOW as usize];
        let mut high = FxHashMap::default();
        subtable
            .mappings_fn(|cp, gid| {
                if cp < LOW {
                    low[cp as usize] = gid;
                } else if let Some(c) = char::from_u32(cp) {
                    high.insert(c, gid);
                }
            })
            .map_err(|_| bad("cmap"))?;
        let kerning = provider
            .read_table_data(tag::KERN)
            .map(|k| read_kern(&k))
            .unwrap_or_default();
        let mut kerns = vec![0u64; (usize::from(maxp.num_glyphs) + 1).div_ceil(64)];
        for &pair in kerning.keys() {
            let l = (pair >> 16) as usize;
            if let Some(bits) = kerns.get_mut(l / 64) {
                *bits |= 1 << (l % 64);
            }
        }
        let os2 = provider.read_table_data(tag::OS_2).ok();
        let os2_u16 = |at: usize| {
            os2.as_ref()
                .and_then(|t| t.get(at..at + 2))
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
        };
        let weight = os2_u16(4).filter(|w| (1..=1000).contains(w)).unwrap_or(400);
        // sCapHeight is in OS/2 from version 2 on.
        let cap_height = match os2_u16(0) {
            Some(v) if v >= 2 => os2_u16(88).map_or(hhea.ascender, |c| c as i16),
            _ => hhea.ascender,
        };
        let italic_angle = if hhea.caret_slope_rise == 0 {
            0.0
        } else {
            -f32::from(hhea.caret_slope_run)
                .atan2(f32::from(hhea.caret_slope_rise))
                .to_degrees()
        };
        let name = provider
            .read_table_data(tag::NAME)
            .ok()
            .and_then(|n| postscript_name(&n))
            .unwrap_or_else(|| "s55Font".to_owned());
        Ok(Face {
            name,
            units_per_em: head.units_per_em.max(1),
            ascender: hhea.ascender,
            descender: hhea.descender,
            bbox: [head.x_min, head.y_min, head.x_max, head.y_max],
            italic_angle,
            cap_height,
            weight,
            low,
            high,
            advances,
            kerning,
            kerns,
            bytes: Cow::Borrowed(&[]),
        })
    }

    /// The glyph for a character, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let g = match self.low.get(c as usize) {
            Some(&g) => g,
            None => self.high.get(&c).copied().unwrap_or(0),
        };
        (g != 0).then_some(g)
    }

    /// How many glyphs the font has.
    pub fn glyph_count(&self) -> usize {
        self.advances.len()
    }

    /// A glyph's advance, in font units.
    pub fn advance(&self, glyph: u16) -> u16 {
        self.advances.get(usize::from(glyph)).copied().unwrap_or(0)
    }

    /// The kerning between two glyphs, in font units (negative brings them closer).
    pub fn kern(&self, left: u16, right: u16) -> i16 {
        let l = usize::from(left);
        if self
            .kerns
            .get(l / 64)
            .is_none_or(|bits| bits & (1 << (l % 64)) == 0)
        {
            0
        } else {
            self.kerning
                .get(&(u32::from(left) << 16 | u32::from(right)))
                .copied()
                .unwrap_or(0)
        }
    }

    /// The width of `text` at `size` points: the glyphs' advances plus kerning, exactly as the
    /// writer draws it. Characters the font lacks are measured as its missing-glyph box.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.points(self.units(text.chars()), size)
    }

    /// The width of characters in font units: their glyphs' advances plus the kerning
    /// between neighbours, as [`Face::width`] measures them.
    pub fn units(&self, chars: impl Iterator<Item = char>) -> i64 {
        let mut units: i64 = 0;
        let mut prev: Option<u16> = None;
        for c in chars {
            let g = self.glyph(c).unwrap_or(0);
            units += i64::from(self.advance(g));
            if let Some(p) = prev {
                units += i64::from(self.kern(p, g));
            }
            prev = Some(g);
        }
        units
    }

    /// A width in font units as points at `size`.
    pub fn points(&self, units: i64, size: f32) -> f32 {
        units as f32 * size / f32::from(self.units_per_em)
    }

    /// Makes a font program holding only the glyphs for `chars` (and the missing-glyph box),
    /// with a Unicode character map so that text stays extractable.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<Vec<u8>> {
        let mapped: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| self.glyph(c).map(|g| (c, g)))
            .collect();
        let mut drawn: Vec<u16> = mapped.iter().map(|&(_, g)| g).collect();
        drawn.sort_unstable();
        drawn.dedup();
        let glyphs = self.numbered(&drawn);
        let data = ReadScope::new(&self.bytes)
            .read::<FontData<'_>>()
            .map_err(|_| anyhow!("the font {} cannot be read", self.name))?;
        let provider = data
            .table_provider(0)
            .map_err(|_| anyhow!("the font {} cannot be read", self.name))?;
        // Without the hinting programs when the font's glyphs allow it (every TrueType font
        // does): they are half of a subset's bytes, and most of the time spent deflating it.
        if let Some(unhinted) = Unhinted::new(&provider, &glyphs, &mapped)
            && let Ok(program) = allsorts::subset::subset(
                &unhinted,
                &glyphs,
                &SubsetProfile::Pdf,
                CmapTarget::Unicode,
            )
        {
            return Ok(program);
        }
        allsorts::subset::subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| anyhow!("the font {} cannot be subset: {e}", self.name))
    }
}

/// Whether a glyph number, written as the two bytes of its code in the pages' text, holds a
/// byte a PDF's literal string escapes (a carriage return, a parenthesis, a backslash).
fn escaped(n: usize) -> bool {
    [n & 0xFF, n >> 8]
        .iter()
        .any(|b| matches!(b, 0x0D | 0x28 | 0x29 | 0x5C))
}

impl Face {
    /// The glyphs of a subset in their order there, which gives each its number (its code
    /// in the pages' text): the missing glyph first, then `drawn` in order, each number
    /// whose code would hold a byte a literal string escapes ([`escaped`]) given to a glyph
    /// the letter does not draw. The text is then written as it is, without the escapes
    /// (every `e` of a letter in Liberation Sans would have one); the few glyphs that fill
    /// those numbers are the font's first unused ones (the empty `.null` and carriage
    /// return glyphs in Liberation Sans), and no text draws them. A font without enough
    /// unused glyphs keeps the numbers in turn.
    fn numbered(&self, drawn: &[u16]) -> Vec<u16> {
        let count = u16::try_from(self.glyph_count()).unwrap_or(u16::MAX);
        let mut unused = (1..count).filter(|g| drawn.binary_search(g).is_err());
        let mut glyphs = Vec::with_capacity(drawn.len() + 8);
        glyphs.push(0);
        for &g in drawn.iter().filter(|&&g| g != 0) {
            while escaped(glyphs.len()) {
                match unused.next() {
                    Some(filler) => glyphs.push(filler),
                    None => break,
                }
            }
            glyphs.push(g);
        }
        glyphs
    }
}

/// A TrueType font seen without its hinting: the instructions that adjust outlines to a
/// screen's pixel grid (the `fpgm`, `prep` and `cvt ` tables and each glyph's own
/// instructions). A PDF's readers draw the outlines at any size without them (most ignore
/// them anyway), and they are half of a subset's bytes. Only the glyphs a subset takes are
/// copied (with the glyphs the composite ones among them are made of); its character map holds
/// only the characters drawn, and its PostScript table no glyph names (the subset keeps
/// neither), so that the subsetter does not read the whole font's; the rest of the font is read
/// as it is, names and licence included.
struct Unhinted<'a, P> {
    font: &'a P,
    glyf: Vec<u8>,
    loca: Vec<u8>,
    cmap: Vec<u8>,
    post: Vec<u8>,
    /// The font's glyph count (`maxp`), horizontal header (`hhea`) and metrics (`hmtx`), cut
    /// after the last glyph the subset takes: the subsetter reads a record for every glyph
    /// of the font it is given (2,600 in Liberation Sans) though it takes a hundred, and the
    /// glyphs after the last it takes change nothing it makes.
    maxp: Vec<u8>,
    hhea: Vec<u8>,
    hmtx: Vec<u8>,
}

/// The tables of the hinting programs.
const HINTING: [u32; 3] = [tag::CVT, tag::FPGM, tag::PREP];

impl<'a, P: FontTableProvider> Unhinted<'a, P> {
    /// The font with `glyphs` (and their components) unhinted; `None` for a font without
    /// TrueType outlines, or whose outlines cannot be read (it is then embedded as it is).
    fn new(font: &'a P, glyphs: &[u16], mapped: &[(char, u16)]) -> Option<Self> {
        let head = ReadScope::new(&font.read_table_data(tag::HEAD).ok()?)
            .read::<HeadTable>()
            .ok()?;
        let maxp = ReadScope::new(&font.read_table_data(tag::MAXP).ok()?)
            .read::<MaxpTable>()
            .ok()?;
        let loca_data = font.read_table_data(tag::LOCA).ok()?;
        let loca = ReadScope::new(&loca_data)
            .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
            .ok()?;
        let glyf = font.read_table_data(tag::GLYF).ok()?;
        // Each glyph wanted, unhinted; a composite's components join the queue.
        let mut kept: BTreeMap<u16, Vec<u8>> = BTreeMap::new();
        let mut queue = glyphs.to_vec();
        while let Some(g) = queue.pop() {
            if g >= maxp.num_glyphs || kept.contains_key(&g) {
                continue;
            }
            let start = loca.offsets.get(usize::from(g))? as usize;
            let end = loca.offsets.get(usize::from(g) + 1)? as usize;
            let raw = glyf.get(start..end.max(start))?;
            let bytes = if raw.is_empty() {
                Vec::new()
            } else {
                let (bytes, parts) = unhinted_glyph(raw)?;
                queue.extend(parts);
                bytes
            };
            kept.insert(g, bytes);
        }
        // The glyph table with only those glyphs, each on an even offset as the short form
        // of the location table needs; the rest empty.
        let short = head.index_to_loc_format == IndexToLocFormat::Short;
        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity((usize::from(maxp.num_glyphs) + 1) * 4);
        let offset = |at: usize, loca: &mut Vec<u8>| -> Option<()> {
            if short {
                loca.extend_from_slice(&u16::try_from(at / 2).ok()?.to_be_bytes());
            } else {
                loca.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
            }
            Some(())
        };
        // Glyph `next` and those after it start where the table stands: each empty glyph
        // before a kept one, then the kept one itself.
        let mut next = 0u16;
        for (&g, bytes) in &kept {
            for _ in next..=g {
                offset(new_glyf.len(), &mut new_loca)?;
            }
            next = g + 1;
            new_glyf.extend_from_slice(bytes);
            if new_glyf.len() % 2 == 1 {
                new_glyf.push(0);
            }
        }
        // The font is cut after the last glyph kept: the end of that glyph.
        offset(new_glyf.len(), &mut new_loca)?;
        let count = next;
        let mut new_maxp = font.read_table_data(tag::MAXP).ok()?.to_vec();
        new_maxp
            .get_mut(4..6)?
            .copy_from_slice(&count.to_be_bytes());
        // The metrics: a full record (advance and side bearing) for each of the first
        // `long` glyphs, then a side bearing for each of the rest; cut as the glyphs are.
        let mut new_hhea = font.read_table_data(tag::HHEA).ok()?.to_vec();
        let long = u16::from_be_bytes(new_hhea.get(34..36)?.try_into().ok()?).min(count);
        new_hhea
            .get_mut(34..36)?
            .copy_from_slice(&long.to_be_bytes());
        let metrics = 4 * usize::from(long) + 2 * usize::from(count - long);
        let new_hmtx = font
            .read_table_data(tag::HMTX)
            .ok()?
            .get(..metrics)?
            .to_vec();
        // The PostScript table's header alone, as version 3 (no glyph names).
        let mut post = font.read_table_data(tag::POST).ok()?.get(..32)?.to_vec();
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        Some(Unhinted {
            font,
            glyf: new_glyf,
            loca: new_loca,
            cmap: character_map(mapped)?,
            post,
            maxp: new_maxp,
            hhea: new_hhea,
            hmtx: new_hmtx,
        })
    }
}

/// A character map (OpenType `cmap`, one Unicode subtable of format 12) of `mapped`, in
/// the order of the characters: each run of consecutive characters drawn with consecutive
/// glyphs is one group.
fn character_map(mapped: &[(char, u16)]) -> Option<Vec<u8>> {
    let mut groups: Vec<[u32; 3]> = Vec::with_capacity(mapped.len());
    for &(c, g) in mapped {
        let (c, g) = (c as u32, u32::from(g));
        match groups.last_mut() {
            Some([first, last, glyph]) if *last + 1 == c && *glyph + (c - *first) == g => {
                *last = c;
            }
            _ => groups.push([c, c, g]),
        }
    }
    let length = u32::try_from(16 + 12 * groups.len()).ok()?;
    let mut out = Vec::with_capacity(12 + length as usize);
    // Version 0, one subtable: Windows (3), Unicode full repertoire (10), at byte 12.
    for v in [0u16, 1, 3, 10] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    // Format 12, reserved, its length, language 0, the groups.
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(&u32::try_from(groups.len()).ok()?.to_be_bytes());
    for group in groups {
        for v in group {
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
    Some(out)
}

impl<P: FontTableProvider> FontTableProvider for Unhinted<'_, P> {
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        match tag {
            tag::GLYF => Ok(Some(Cow::Borrowed(&self.glyf))),
            tag::LOCA => Ok(Some(Cow::Borrowed(&self.loca))),
            tag::CMAP => Ok(Some(Cow::Borrowed(&self.cmap))),
            tag::POST => Ok(Some(Cow::Borrowed(&self.post))),
            tag::MAXP => Ok(Some(Cow::Borrowed(&self.maxp))),
            tag::HHEA => Ok(Some(Cow::Borrowed(&self.hhea))),
            tag::HMTX => Ok(Some(Cow::Borrowed(&self.hmtx))),
            t if HINTING.contains(&t) => Ok(None),
            t => self.font.table_data(t),
        }
    }

    fn has_table(&self, tag: u32) -> bool {
        !HINTING.contains(&tag) && self.font.has_table(tag)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        let mut tags = self.font.table_tags()?;
        tags.retain(|t| !HINTING.contains(t));
        Some(tags)
    }
}

/// A glyph's outline without its instructions (OpenType `glyf`), and the glyphs it is made
/// of when it is a composite. `None` when the glyph cannot be read.
fn unhinted_glyph(raw: &[u8]) -> Option<(Vec<u8>, Vec<u16>)> {
    let u16_at = |i: usize| raw.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let contours = u16_at(0)? as i16;
    if contours >= 0 {
        // Header (10 bytes), the contours' end points, then the instructions' length and
        // the instructions, then the points.
        let at = 10 + 2 * contours as usize;
        let length = usize::from(u16_at(at)?);
        let points = raw.get(at + 2 + length..)?;
        let mut out = Vec::with_capacity(at + 2 + points.len());
        out.extend_from_slice(raw.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(points);
        return Some((out, Vec::new()));
    }
    // A composite: its components, each with flags, a glyph and its placement; the
    // instructions follow the last when a component says so.
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    const INSTRUCTIONS: u16 = 0x0100;
    let mut out = raw.to_vec();
    let mut parts = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(at)?;
        parts.push(u16_at(at + 2)?);
        out.get_mut(at..at + 2)?
            .copy_from_slice(&(flags & !INSTRUCTIONS).to_be_bytes());
        at += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        at += if flags & SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if at > raw.len() {
            return None;
        }
        if flags & MORE == 0 {
            break;
        }
    }
    out.truncate(at);
    Some((out, parts))
}

/// Reads the pairs of a `kern` table (format 0, horizontal), the form TrueType fonts carry.
fn read_kern(data: &[u8]) -> FxHashMap<u32, i16> {
    let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let mut pairs = FxHashMap::default();
    let (Some(0), Some(tables)) = (u16_at(0), u16_at(2)) else {
        return pairs;
    };
    let mut at = 4;
    for _ in 0..tables {
        let (Some(length), Some(coverage)) = (u16_at(at + 2), u16_at(at + 4)) else {
            break;
        };
        // Format 0 (high byte), horizontal, not minimum, not cross-stream.
        if coverage >> 8 == 0 && coverage & 0b111 == 1 {
            let n = u16_at(at + 6).unwrap_or(0);
            for p in 0..usize::from(n) {
                let o = at + 14 + p * 6;
                if let (Some(l), Some(r), Some(v)) = (u16_at(o), u16_at(o + 2), u16_at(o + 4)) {
                    pairs.insert(u32::from(l) << 16 | u32::from(r), v as i16);
                }
            }
        }
        at += usize::from(length).max(6);
    }
    pairs
}

/// The PostScript name (name ID 6) from a `name` table.
fn postscript_name(data: &[u8]) -> Option<String> {
    let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let count = usize::from(u16_at(2)?);
    let strings = usize::from(u16_at(4)?);
    for r in 0..count {
        let o = 6 + r * 12;
        let (platform, id, length, offset) =
            (u16_at(o)?, u16_at(o + 6)?, u16_at(o + 8)?, u16_at(o + 10)?);
        if id != 6 {
            continue;
        }
        let raw = data.get(
            strings + usize::from(offset)..strings + usize::from(offset) + usize::from(length),
        )?;
        let name: String = if platform == 3 || platform == 0 {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            raw.iter().map(|&b| char::from(b)).collect()
        };
        let clean: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if !clean.is_empty() {
            return Some(clean);
        }
    }
    None
}

/// The family: four faces, each read from its program the first time it is asked for, so
/// that a command that sets no PDF (Markdown, HTML, Word, imports) reads none of them and a
/// letter in two styles reads two.
#[derive(Debug, Clone)]
pub struct Fonts {
    /// Each face's program: built in, or the office's own from `fonts/`.
    programs: [Cow<'static, [u8]>; 4],
    /// Each face once read.
    faces: [OnceLock<Face>; 4],
}

impl Fonts {
    /// The built-in family, with any of the four faces replaced from `dir/fonts/`. An
    /// office's own face is read at once, so that a font that is not usable is reported
    /// before anything is rendered; the built-in ones are read when first used.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let fonts = Fonts {
            programs: BUILTIN.map(Cow::Borrowed),
            faces: Default::default(),
        };
        let Some(d) = dir else { return Ok(fonts) };
        let mut fonts = fonts;
        for style in Style::ALL {
            let path = d.join("fonts").join(style.file_name());
            if path.is_file() {
                let bytes = std::fs::read(&path)
                    .with_context(|| format!("cannot read the font `{}`", path.display()))?;
                let face = Face::parse(Cow::Owned(bytes), &format!("`{}`", path.display()))?;
                fonts.programs[style.index()] = face.bytes.clone();
                fonts.faces[style.index()] = OnceLock::from(face);
            }
        }
        Ok(fonts)
    }

    /// The face for a style.
    pub fn face(&self, style: Style) -> &Face {
        self.faces[style.index()].get_or_init(|| {
            let program = self.programs[style.index()].clone();
            // Only a built-in face is read here (an office's own was read by `load`), and
            // every built-in face reads (`every_built_in_face_reads`); were one ever not to,
            // its text would be measured and drawn as missing glyphs rather than stop s55.
            Face::parse(program.clone(), style.file_name()).unwrap_or_else(|_| Face {
                bytes: program,
                name: "s55Font".to_owned(),
                units_per_em: 1000,
                ascender: 800,
                descender: -200,
                bbox: [0, -200, 1000, 800],
                italic_angle: 0.0,
                cap_height: 700,
                weight: 400,
                low: Vec::new(),
                high: FxHashMap::default(),
                advances: Vec::new(),
                kerning: FxHashMap::default(),
                kerns: Vec::new(),
            })
        })
    }

    /// A face's font program, without reading its tables.
    pub fn program(&self, style: Style) -> &[u8] {
        &self.programs[style.index()]
    }

    /// How many faces have been read so far (the rest were never needed).
    pub fn faces_read(&self) -> usize {
        self.faces.iter().filter(|f| f.get().is_some()).count()
    }
}

#[cfg(test)]
mod tests;
