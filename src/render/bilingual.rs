//! A bilingual document's Markdown, made of its two editions: the one place the whole
//! document and the Word form put two languages together.

use super::view::View;

/// Puts two editions of a response into one bilingual document: a title in both languages,
/// then each edition whole, marked with its language, headings one level down.
pub fn bilingual_markdown(editions: [(&View, &String); 2]) -> String {
    use crate::markup::{escape_inline, shift_headings};
    let [(first, _), (second, _)] = editions;
    let mut out = format!(
        "# {} / {}\n",
        escape_inline(&first.title),
        escape_inline(&second.title)
    );
    for (view, md) in editions {
        out.push_str(&format!(
            "\n<!-- s55:lang {} -->\n\n{}\n<!-- s55:lang end -->\n",
            view.lang_code(),
            shift_headings(md, 1).trim_end()
        ));
    }
    out
}
