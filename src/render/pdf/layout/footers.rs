//! Footers: the response's title and "Page N of M" at the foot of every page, as artifacts.

use super::super::fonts::Style;
use super::*;

/// The response's title and "Page N of M" at the foot of every page, as artifacts.
pub(super) fn footers(laid: &mut Laid, setup: &Setup, fonts: &Fonts) {
    let total = laid.pages.len();
    let size = 8.5;
    let y = Pt(setup.bottom.0 - 34.0);
    let right = setup.width - setup.side;
    for (n, page) in laid.pages.iter_mut().enumerate() {
        // A bilingual document's page says so in its edition's language.
        let edition = laid
            .page_langs
            .get(n)
            .and_then(Option::as_ref)
            .and_then(|l| setup.footers.iter().find(|(lang, ..)| lang == l));
        let (footer_title, page_label) = edition.map_or(
            (&setup.footer_title, &setup.page_label),
            |(_, title, label)| (title, label),
        );
        let label = page_label
            .replace("{page}", &(n + 1).to_string())
            .replace("{pages}", &total.to_string());
        let lw = Pt(fonts.face(Style::Regular).width(&label, size));
        let room = right - setup.side - lw - Pt(24.0);
        let title = fit(footer_title, room, fonts, size);
        page.bars.push(Bar {
            x: setup.side,
            y: y + Pt(12.0),
            w: right - setup.side,
            h: Pt(0.5),
            ink: BarInk::Grey(0.6),
            artifact: Artifact::Footer,
        });
        page.texts.push(Text {
            x: setup.side,
            y,
            style: Style::Regular,
            size: Pt(size),
            text: title,
            added: 0,
            ink: Ink::Muted,
            node: None,
            artifact: Artifact::Footer,
        });
        page.texts.push(Text {
            x: right - lw,
            y,
            style: Style::Regular,
            size: Pt(size),
            text: label,
            added: 0,
            ink: Ink::Muted,
            node: None,
            artifact: Artifact::Footer,
        });
    }
}

/// Shortens a text with an ellipsis to fit `room`, in one pass over its letters: after the
/// last whole word that fits, never in the middle of one ("… legitimacy – An…", not "… An
/// ins…"), and without a dash or comma left hanging before the ellipsis. Only a first word
/// longer than the room is cut between letters.
fn fit(text: &str, room: Pt, fonts: &Fonts, size: f32) -> String {
    let face = fonts.face(Style::Regular);
    if Pt(face.width(text, size)) <= room {
        return text.to_owned();
    }
    let room = room - Pt(face.width("…", size));
    let mut used = Pt(0.0);
    let mut out = String::new();
    // Where the last word that fits whole ends.
    let mut word_end = None;
    for c in text.chars() {
        if c.is_whitespace() {
            word_end = Some(out.len());
        }
        let w = Pt(face.width(c.encode_utf8(&mut [0; 4]), size));
        if used + w > room {
            if !c.is_whitespace()
                && let Some(end) = word_end
            {
                out.truncate(end);
            }
            break;
        }
        used += w;
        out.push(c);
    }
    let cut = out.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '–' | '—' | '-')
    });
    let cut = if cut.is_empty() { out.trim_end() } else { cut };
    format!("{cut}…")
}
