//! Writing a text as a YAML value, so that every reader of the file reads back exactly that
//! text and nothing else. Every part of s55 that writes YAML (the in-place editor behind
//! `import docx`, the importers, the scaffold) writes its values through here.
//!
//! Two readers read a response file: serde_yaml for its values and saphyr-parser for where
//! things are. They disagree on what a line is: serde_yaml (YAML 1.1) also breaks lines at
//! U+2028, U+2029 and U+0085, which saphyr (YAML 1.2) reads as ordinary characters. A value
//! written with one of them raw could end early for one reader and go on as new fields for
//! the other. So these characters are never written raw: inside double quotes they are
//! escaped (`\L`, `\P`, `\N`), and a value holding one is never written as a plain line or a
//! block. The loader refuses them raw anywhere in a file (see [`super::chars`]).
//!
//! Control characters other than tab and line feed are not text: the loader refuses them in
//! any value, so [`refused_char`] lets a writer refuse them first, naming the field.

/// The characters one YAML reader or another takes for a line break, besides `\n` and `\r`.
pub const LINE_SEPARATORS: [char; 3] = ['\u{2028}', '\u{2029}', '\u{85}'];

/// Whether a character is a control character a response's text may not hold: every C0
/// and C1 control, and DEL, except tab and line feed.
pub fn is_refused_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// The first character of `value` that no response's text may hold, if any.
pub fn refused_char(value: &str) -> Option<char> {
    value.chars().find(|c| is_refused_control(*c))
}

/// How a character is named to an office worker: its code and, for the usual ones, what it
/// is.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => " (a null character)",
        '\u{1b}' => " (an escape code, as terminals use)",
        '\r' => " (a carriage return)",
        '\u{b}' => " (a vertical tab, as Word writes for a line break)",
        '\u{c}' => " (a page break)",
        '\u{85}' => " (a “next line” character)",
        '\u{2028}' => " (a Unicode line separator)",
        '\u{2029}' => " (a Unicode paragraph separator)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// The refusal for a value holding a control character, naming the field.
pub fn refusal(field: &str, c: char) -> String {
    format!(
        "`{field}` holds a control character, {}, which is not text: delete it (it is often \
         invisible; retype the words around it) and try again",
        describe(c)
    )
}

/// Text made fit for a response from a document s55 reads (a report, a tracker, a past
/// response): Windows line ends and the breaks other programs write (`\v`, form feed, NEL)
/// become line feeds, and other control characters go, as they are no part of the words.
pub fn tidy(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\r' | '\u{b}' | '\u{c}' | '\u{85}' => Some('\n'),
            c if is_refused_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A text as a YAML double-quoted scalar: quotes, backslashes and every kind of line break
/// escaped, so it stays on one line for every reader. Total: a control character is escaped
/// too (`\x1B`), for text that is only ever shown (a comment); values are checked with
/// [`refused_char`] or made fit with [`tidy`] before they are written.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{85}' => out.push_str("\\N"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            // Invisible characters that change no reading, escaped so a reader of the file
            // sees them: the byte order mark and the other format characters YAML reads raw.
            '\u{feff}' => out.push_str("\\uFEFF"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A text from outside (a document, the command line) made fit for a response
/// ([`tidy`]) and double-quoted ([`quoted`]), so nothing in it can be read as YAML syntax or
/// end a comment it is kept in.
pub fn from_outside(s: &str) -> String {
    quoted(&tidy(s))
}

/// A text as a YAML comment's words: quoted, so that nothing in it can end the comment.
pub fn comment(s: &str) -> String {
    quoted(s)
}

/// A value on one line: plain where YAML reads it back as the same text, in a block or
/// inside `{…}`, else quoted.
pub fn inline(value: &str) -> String {
    let plain = !value.is_empty()
        && !value.contains(['\n', '\r', '\t'])
        && !value.contains(LINE_SEPARATORS)
        && !value.chars().any(|c| c.is_control() || c == '\u{feff}')
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        // Flow indicators end a plain value inside `{…}` or `[…]`, and there a colon before
        // a question mark is refused by serde_yaml's reader.
        && !value.contains(['{', '}', '[', ']', ','])
        && !value.contains(":?")
        && !value.ends_with(':')
        && !value.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && matches!(
            serde_yaml::from_str::<serde_yaml::Value>(value),
            Ok(serde_yaml::Value::String(s)) if s == value
        );
    if plain {
        value.to_owned()
    } else {
        quoted(value)
    }
}

/// A value after `key:` in a block, the key at column `key_col`: on the same line when it is
/// one plain line, else as a literal block indented under the key. A text that a block
/// would not keep as it is (a line separator, a tab or carriage return, spaces at the end of
/// a line, blank lines at its start) is written quoted on one line instead. The value's
/// trailing blank space is dropped, as a block would drop it.
pub fn block(value: &str, key_col: usize) -> String {
    let value = value.trim_end();
    if !value.contains('\n') {
        return format!(" {}", inline(value));
    }
    let keeps = !value.contains(LINE_SEPARATORS)
        && !value
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{feff}')
        && !value.starts_with('\n')
        && value.lines().all(|l| l.trim_end() == l);
    if !keeps {
        return format!(" {}", quoted(value));
    }
    let pad = " ".repeat(key_col + 2);
    let mut out = String::from(" |");
    if value.starts_with(' ') {
        out.push('2');
    }
    for line in value.lines() {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> String {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        v.get("k").and_then(|v| v.as_str()).unwrap().to_owned()
    }

    #[test]
    fn a_colon_before_a_question_mark_is_quoted_for_a_flow_mapping() {
        let v = inline("yes:?");
        assert_eq!(v, "\"yes:?\"");
        let m: serde_yaml::Value = serde_yaml::from_str(&format!("k: {{cy: {v}}}")).unwrap();
        assert_eq!(m["k"]["cy"].as_str(), Some("yes:?"));
    }

    #[test]
    fn line_separators_are_escaped_not_written_raw() {
        let q = quoted("a\u{2028}b\u{2029}c\u{85}d");
        assert_eq!(q, "\"a\\Lb\\Pc\\Nd\"");
        assert_eq!(read(&format!("k: {q}")), "a\u{2028}b\u{2029}c\u{85}d");
    }

    #[test]
    fn a_block_with_a_separator_is_written_quoted() {
        let v = "one\n\u{2028}commissioner: x\ntwo";
        let b = block(v, 0);
        assert!(!b.contains('\u{2028}'), "{b}");
        assert_eq!(read(&format!("k:{b}\n")), v);
    }

    #[test]
    fn tidy_turns_other_breaks_into_line_feeds_and_drops_controls() {
        assert_eq!(
            tidy("a\r\nb\u{b}c\u{c}d\u{85}e\u{1b}[31mf\u{0}"),
            "a\nb\nc\nd\ne[31mf"
        );
    }

    #[test]
    fn a_refusal_names_the_field_and_the_character() {
        assert_eq!(refused_char("ok\ttab\nline"), None);
        assert_eq!(refused_char("esc\u{1b}"), Some('\u{1b}'));
        let m = refusal("title", '\u{1b}');
        assert!(
            m.starts_with("`title` holds a control character, U+001B (an escape code"),
            "{m}"
        );
    }
}
