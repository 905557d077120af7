use super::*;

#[test]
fn the_built_in_family_has_every_welsh_letter() {
    let fonts = Fonts::load(None).unwrap();
    for face in Style::ALL.map(|s| fonts.face(s)) {
        for c in "ŵŷŴŶâêîôûÂÊÎÔÛäëïöüÿáéíóúàèìòù‘’“”–—£€\u{a0}".chars()
        {
            assert!(face.glyph(c).is_some(), "{} lacks {c}", face.name);
        }
    }
    assert_eq!(fonts.face(Style::Bold).name, "LiberationSans-Bold");
}

#[test]
fn every_built_in_face_reads() {
    for (style, program) in Style::ALL.iter().zip(BUILTIN) {
        let face = Face::parse(Cow::Borrowed(program), style.file_name()).unwrap();
        assert!(face.glyph('a').is_some() && face.glyph_count() > 1000);
    }
}

#[test]
fn faces_are_read_only_when_used() {
    let fonts = Fonts::load(None).unwrap();
    assert_eq!(fonts.faces_read(), 0);
    assert!(fonts.face(Style::Bold).width("Bold", 12.0) > 0.0);
    assert_eq!(fonts.faces_read(), 1);
    assert_eq!(fonts.program(Style::Italic), BUILTIN[2]);
}

#[test]
fn glyphs_above_the_array_come_from_the_map() {
    let fonts = Fonts::load(None).unwrap();
    let f = fonts.face(Style::Regular);
    // U+2122 TRADE MARK SIGN and U+FB01 LATIN SMALL LIGATURE FI are past the array.
    assert!(f.glyph('\u{2122}').is_some());
    assert!(f.glyph('\u{FB01}').is_some());
    assert!(f.glyph('\u{10FFFF}').is_none());
}

#[test]
fn widths_include_kerning() {
    let fonts = Fonts::load(None).unwrap();
    let f = fonts.face(Style::Regular);
    let (a, v) = (f.glyph('A').unwrap(), f.glyph('V').unwrap());
    assert!(f.kern(a, v) < 0, "Liberation Sans kerns AV");
    let apart = f.width("A", 10.0) + f.width("V", 10.0);
    assert!(f.width("AV", 10.0) < apart);
    // Advances alone: "i" is narrower than "m".
    assert!(f.width("i", 10.0) < f.width("m", 10.0));
}

#[test]
fn a_subset_keeps_only_what_is_used() {
    let fonts = Fonts::load(None).unwrap();
    let f = fonts.face(Style::Regular);
    let chars: BTreeSet<char> = "Gŵyl Dewi".chars().collect();
    let small = f.subset(&chars).unwrap();
    assert!(small.len() < f.bytes.len() / 10, "{} bytes", small.len());
    let again = Face::parse(Cow::Owned(small), "subset").unwrap();
    assert!(again.glyph('ŵ').is_some());
    assert!(again.glyph('x').is_none());
}

/// A font's glyph `g`, read by allsorts, and which of the hinting tables it has.
fn outline(program: &[u8], g: u16) -> (allsorts::tables::glyf::Glyph, Vec<u32>) {
    use allsorts::tables::glyf::{GlyfRecord, GlyfTable};
    let data = ReadScope::new(program).read::<FontData<'_>>().unwrap();
    let font = data.table_provider(0).unwrap();
    let head = ReadScope::new(&font.read_table_data(tag::HEAD).unwrap())
        .read::<HeadTable>()
        .unwrap();
    let maxp = ReadScope::new(&font.read_table_data(tag::MAXP).unwrap())
        .read::<MaxpTable>()
        .unwrap();
    let loca_data = font.read_table_data(tag::LOCA).unwrap();
    let loca = ReadScope::new(&loca_data)
        .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
        .unwrap();
    let glyf_data = font.read_table_data(tag::GLYF).unwrap();
    let mut glyf = ReadScope::new(&glyf_data)
        .read_dep::<GlyfTable<'_>>(&loca)
        .unwrap();
    let record = &mut glyf.records_mut()[usize::from(g)];
    record.parse().unwrap();
    let GlyfRecord::Parsed(glyph) = record else {
        panic!("glyph {g} not parsed")
    };
    let hinting = HINTING.into_iter().filter(|&t| font.has_table(t)).collect();
    (glyph.clone(), hinting)
}

#[test]
fn a_subset_has_the_outlines_and_names_without_the_hinting() {
    use allsorts::tables::glyf::Glyph;
    let fonts = Fonts::load(None).unwrap();
    let f = fonts.face(Style::Regular);
    // G and y are outlines of their own; ŵ and é are built of w, e and their accents.
    let chars: BTreeSet<char> = "Gŵyl Dewié".chars().collect();
    let small = f.subset(&chars).unwrap();
    let again = Face::parse(Cow::Owned(small.clone()), "subset").unwrap();
    for c in chars.iter().copied().filter(|c| *c != ' ') {
        let (was, hinted) = outline(&f.bytes, f.glyph(c).unwrap());
        let (now, left) = outline(&small, again.glyph(c).unwrap());
        assert_eq!(hinted.len(), 3, "the built-in face is hinted");
        assert!(left.is_empty(), "hinting tables left: {left:?}");
        assert_eq!(
            again.advance(again.glyph(c).unwrap()),
            f.advance(f.glyph(c).unwrap())
        );
        match (was, now) {
            (Glyph::Simple(was), Glyph::Simple(now)) => {
                assert!(!was.instructions.is_empty(), "{c} was hinted");
                assert!(now.instructions.is_empty(), "{c} is still hinted");
                assert_eq!(now.coordinates, was.coordinates, "{c}");
                assert_eq!(now.end_pts_of_contours, was.end_pts_of_contours);
                assert_eq!(now.bounding_box, was.bounding_box);
            }
            (Glyph::Composite(was), Glyph::Composite(now)) => {
                assert!(now.instructions.is_empty(), "{c} is still hinted");
                assert_eq!(now.glyphs.len(), was.glyphs.len(), "{c}");
                assert_eq!(now.bounding_box, was.bounding_box);
                for part in &now.glyphs {
                    // Each component is in the subset, as an outline.
                    let (inner, _) = outline(&small, part.glyph_index);
                    assert!(matches!(inner, Glyph::Simple(_)), "{c}");
                }
            }
            (was, now) => panic!("{c}: {was:?} became {now:?}"),
        }
    }
    // The names, with the copyright and licence, stay.
    let data = ReadScope::new(&small).read::<FontData<'_>>().unwrap();
    let font = data.table_provider(0).unwrap();
    let name = font.read_table_data(tag::NAME).unwrap();
    assert!(String::from_utf8_lossy(&name).contains("Licensed under the SIL Open Font License"));
}

#[test]
fn a_character_map_groups_runs_of_characters_and_glyphs() {
    let map = character_map(&[('a', 10), ('b', 11), ('c', 12), ('e', 14), ('f', 20)]).unwrap();
    let cmap = ReadScope::new(&map).read::<Cmap<'_>>().unwrap();
    let (_, sub) = allsorts::font::read_cmap_subtable(&cmap).unwrap().unwrap();
    let mut seen = Vec::new();
    sub.mappings_fn(|c, g| seen.push((c, g))).unwrap();
    assert_eq!(seen, [(97, 10), (98, 11), (99, 12), (101, 14), (102, 20)]);
    // Three groups: a–c, e, f.
    assert_eq!(map.len(), 12 + 16 + 3 * 12);
}

#[test]
fn no_glyph_drawn_is_numbered_with_a_byte_a_literal_string_escapes() {
    let fonts = Fonts::load(None).unwrap();
    let f = fonts.face(Style::Regular);
    // Every printable ASCII character and the Welsh letters: well over a hundred glyphs, so
    // that numbers 13, 40, 41 and 92 all fall among them.
    let chars: BTreeSet<char> = (' '..='~').chain("ŵŷâêîôûŴŶ".chars()).collect();
    let small = f.subset(&chars).unwrap();
    let again = Face::parse(Cow::Owned(small), "subset").unwrap();
    let mut numbers: Vec<u16> = chars.iter().filter_map(|&c| again.glyph(c)).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert!(numbers.len() > 93, "{} glyphs", numbers.len());
    for g in &numbers {
        for b in g.to_be_bytes() {
            assert!(
                !matches!(b, b'\r' | b'(' | b')' | b'\\'),
                "glyph {g} holds byte {b:#04x}"
            );
        }
    }
    // Each character still draws its own glyph: the same advance as in the whole font.
    for c in chars {
        let (Some(a), Some(b)) = (f.glyph(c), again.glyph(c)) else {
            panic!("{c:?} lost");
        };
        assert_eq!(f.advance(a), again.advance(b), "{c:?}");
    }
}

#[test]
fn every_kerning_pair_is_found_and_no_other() {
    let fonts = Fonts::load(None).unwrap();
    for style in Style::ALL {
        let f = fonts.face(style);
        assert!(
            f.kerning.len() > 100,
            "{style:?}: {} pairs",
            f.kerning.len()
        );
        for (&pair, &v) in &f.kerning {
            assert_eq!(f.kern((pair >> 16) as u16, pair as u16), v, "{pair:#x}");
        }
        let lefts: BTreeSet<u16> = f.kerning.keys().map(|&p| (p >> 16) as u16).collect();
        let rights: BTreeSet<u16> = f.kerning.keys().map(|&p| p as u16).collect();
        for l in 0..f.glyph_count() as u16 {
            for &r in &rights {
                let want = f.kerning.get(&(u32::from(l) << 16 | u32::from(r)));
                assert_eq!(f.kern(l, r), want.copied().unwrap_or(0), "{l} {r}");
            }
            if !lefts.contains(&l) {
                assert_eq!(f.kern(l, 0), 0);
            }
        }
    }
}
