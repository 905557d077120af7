//! Characters a response file may not hold: line separators written raw, which the two YAML
//! readers s55 uses read differently (see [`super::scalar`]), and control characters in a
//! value, which are no part of any letter and which a YAML escape such as `"\e"` or `"\0"`
//! would otherwise carry into the Word document and the PDF's metadata.

use serde_yaml::Value;

use super::scalar::{LINE_SEPARATORS, describe, is_refused_control};
use crate::diag::{Diagnostic, FieldPath, Position};

/// Refuses a text that holds U+2028, U+2029 or U+0085 raw, anywhere (a comment included),
/// at the first one.
// The error is the diagnostic the user sees, built once per file: its size does not matter.
#[allow(clippy::result_large_err)]
pub fn separators(text: &str) -> Result<(), Diagnostic> {
    // Each of the three is written with a lead byte 0xC2 or 0xE2: only there is a character
    // looked at, so the scan of a whole file costs little more than reading its bytes.
    let Some(at) = memchr::memchr2_iter(0xC2, 0xE2, text.as_bytes())
        .find(|&i| text[i..].starts_with(LINE_SEPARATORS))
    else {
        return Ok(());
    };
    let c = text[at..].chars().next().unwrap_or(' ');
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Err(Diagnostic::error(format!(
        "this file holds an invisible line break, {}, that YAML readers disagree about",
        describe(c)
    ))
    .at_position(Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        width: 1,
    })
    .hint(
        "delete it, or press Enter for a new line; where a text needs the character itself, \
         write it in double quotes as `\\L`, `\\P` or `\\N`. A file s55 did not write may have \
         been changed to add fields: check the lines after it",
    ))
}

/// The fields whose values (or keys) hold a control character other than tab and line feed:
/// each one's path and the first such character.
pub fn controls(value: &Value) -> Vec<(FieldPath, char)> {
    let mut found = Vec::new();
    // Most files hold none: looked for first without building a path for every value.
    if any(value) {
        walk(value, &mut FieldPath::root(), &mut found);
    }
    found
}

/// Whether any text or field name in `value` holds a refused control character.
fn any(value: &Value) -> bool {
    let refused = holds_refused_control;
    match value {
        Value::String(s) => refused(s),
        Value::Sequence(items) => items.iter().any(any),
        Value::Mapping(m) => m.iter().any(|(k, v)| match k {
            Value::String(s) => refused(s) || any(v),
            // A name that is no text is written out to be looked at, as the walk does.
            _ => true,
        }),
        Value::Tagged(t) => any(&t.value),
        _ => false,
    }
}

/// Whether `s` holds a refused control character ([`is_refused_control`]), read byte by
/// byte rather than character by character: a C0 control or DEL is its own byte, and a C1
/// control (U+0080 to U+009F) is 0xC2 followed by 0x80 to 0x9F.
fn holds_refused_control(s: &str) -> bool {
    let b = s.as_bytes();
    // First whether any byte could start one, without stopping early, which the compiler
    // turns into a check of many bytes at a time; a text with none is done.
    let maybe = |c: u8| (c < 0x20 && c != b'\t' && c != b'\n') | (c == 0x7F) | (c == 0xC2);
    if !b.iter().fold(false, |seen, &c| seen | maybe(c)) {
        return false;
    }
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\t' | b'\n' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        _ => false,
    })
}

fn walk(value: &Value, at: &mut FieldPath, found: &mut Vec<(FieldPath, char)>) {
    match value {
        Value::String(s) => {
            if let Some(c) = s.chars().find(|c| is_refused_control(*c)) {
                found.push((at.clone(), c));
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                let step = at.index(i);
                let saved = std::mem::replace(at, step);
                walk(item, at, found);
                *at = saved;
            }
        }
        Value::Mapping(m) => {
            for (k, v) in m {
                let name = match k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                if let Some(c) = name.chars().find(|c| is_refused_control(*c)) {
                    found.push((at.clone(), c));
                    continue;
                }
                let step = at.key(&name);
                let saved = std::mem::replace(at, step);
                walk(v, at, found);
                *at = saved;
            }
        }
        Value::Tagged(t) => walk(&t.value, at, found),
        _ => {}
    }
}

/// The diagnostic for a control character in a field.
pub fn control_error(path: FieldPath, c: char) -> Diagnostic {
    let field = if path.is_root() {
        "a field name".to_owned()
    } else {
        format!("`{path}`")
    };
    Diagnostic::error(format!(
        "{field} holds a control character, {}, which is not text",
        describe(c)
    ))
    .at(path)
    .hint(
        "delete it: it is invisible in most editors, so retype the words around it; in double \
         quotes, an escape such as `\\e` or `\\0` writes one",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_separator_is_found_at_its_line_and_column() {
        let d = separators("a: 1\nlink: x\u{2028}title: y\n").unwrap_err();
        let p = d.position.unwrap();
        assert_eq!((p.line, p.column), (2, 8));
        assert!(d.message.contains("U+2028"), "{}", d.message);
        assert!(separators("a: \"x\\Ly\"\n").is_ok());
    }

    /// The byte-level reading finds a refused control exactly where the character-level one
    /// does, for every character up to U+0800 and around it.
    #[test]
    fn controls_are_found_byte_by_byte_as_character_by_character() {
        for c in (0u32..0x800)
            .chain(0x2020..0x2040)
            .filter_map(char::from_u32)
        {
            for s in [
                format!("{c}"),
                format!("ab{c}é"),
                format!("\u{a0}{c}\u{100}x"),
            ] {
                assert_eq!(
                    holds_refused_control(&s),
                    s.chars().any(is_refused_control),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn escapes_that_write_controls_are_found_by_field() {
        let v: Value = serde_yaml::from_str("title: \"a\\eb\"\nlist: [ok, \"\\0\"]\n").unwrap();
        let found = controls(&v);
        let paths: Vec<String> = found.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(paths, ["title", "list[1]"]);
        assert_eq!(found[0].1, '\u{1b}');
    }
}
