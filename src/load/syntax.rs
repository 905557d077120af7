//! The usual YAML mistakes, found where they are made.
//!
//! A YAML parser reports a mistake where it notices it, which is often lines below where it
//! was made: a key without its colon is noticed at the next key, a text line indented too
//! little at the next field. And it stops at the first. So when the parser fails, this
//! tolerant, line-based reading looks for the mistakes people make (a key without its colon or
//! without the space after it, a line of a text indented less than the rest, a quote left
//! open, a tab in the indentation), reports each at its own line and column, and repairs each
//! in a copy of the text, line for line, so that the loader can go on and report what else is
//! wrong in the same run. It runs only on text the parser refused: it never finds fault with a
//! file that parses.

use crate::diag::Position;

/// A mistake found, with how to repair it in the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mistake {
    /// Where it is.
    pub position: Position,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The line, from 0, and what it becomes when repaired.
    repaired: (usize, String),
}

/// Columns are counted in characters, as diagnostics show them.
fn at(line: usize, column: usize, width: usize) -> Position {
    Position {
        line: line + 1,
        column: column + 1,
        width: width.max(1),
    }
}

/// The number of leading spaces (and tabs, which YAML refuses there).
fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

/// Whether a line holds nothing for YAML: blank, or only a comment.
fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// A line's content after its indentation and any list dashes, and the column it starts at:
/// the column of a key written after `- `.
fn content(line: &str) -> (usize, &str) {
    let mut col = indent(line);
    let mut rest = &line[col..];
    while let Some(r) = rest.strip_prefix("- ") {
        let more = r.chars().take_while(|c| *c == ' ').count();
        col += 2 + more;
        rest = &r[more..];
    }
    (col, rest)
}

/// The name at the start of `text` when it is one a field could have: letters, digits, `_`
/// and `-`, starting with a letter.
fn word(text: &str) -> Option<&str> {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
        .map_or(text.len(), |(i, _)| i);
    let w = &text[..end];
    w.chars()
        .next()
        .is_some_and(char::is_alphabetic)
        .then_some(w)
}

/// When the line is `key:` or `key: value`, the key and the value (without a comment).
fn key_value(text: &str) -> Option<(&str, &str)> {
    let w = word(text)?;
    let rest = text[w.len()..].strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let value = rest.trim();
    let value = if value.starts_with('#') { "" } else { value };
    Some((w, value))
}

/// Whether a line is YAML structure rather than text: a field, a list item, a comment.
fn is_structure(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t == "-" || t.starts_with('#') || key_value(t).is_some()
}

/// Whether a value starts a block text (`|`, `>-`, `|2` and so on), which goes on in the
/// lines below, indented.
fn starts_block(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or("").trim();
    v.starts_with(['|', '>'])
        && v[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

/// Whether a quoted value closes on its line: `"..."` with `\"` escaped, `'...'` with `''`.
fn closes(value: &str) -> bool {
    let mut chars = value.chars();
    let Some(q) = chars.next() else { return true };
    let mut prev_escape = false;
    let rest: Vec<char> = chars.collect();
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if q == '"' {
            if c == '"' && !prev_escape {
                return true;
            }
            prev_escape = c == '\\' && !prev_escape;
        } else if c == '\'' {
            if rest.get(i + 1) == Some(&'\'') {
                i += 1;
            } else {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// The next line, after `i`, that holds anything.
fn next_line<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines[i + 1..].iter().copied().find(|l| !is_blank(l))
}

/// Finds the usual mistakes, in the order of the file.
pub(super) fn scan(text: &str) -> Vec<Mistake> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    // In a block text: the column of its key, and the indentation of its first line.
    let mut block: Option<(usize, Option<usize>)> = None;
    let mut in_quote = false;
    // The fields seen so far, outside texts: to tell where a field may be indented.
    let mut keys: Vec<Key> = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some((key_col, first)) = block {
            if line.trim().is_empty() {
                continue;
            }
            let ind = indent(line);
            match first {
                None if ind > key_col => {
                    block = Some((key_col, Some(ind)));
                    continue;
                }
                Some(want) if ind >= want => continue,
                Some(want) if !is_structure(line) || ind > key_col => {
                    // Text indented less than the text above it, with the text going on
                    // below: the parser would end the text here and stumble further down.
                    let goes_on = next_line(&lines, i).is_some_and(|n| indent(n) >= want);
                    if ind > key_col || goes_on {
                        found.push(misindented(i, line, ind, want));
                        continue;
                    }
                    block = None;
                }
                _ => block = None,
            }
        }
        if in_quote {
            in_quote = !line.contains(['"', '\'']);
            continue;
        }
        if is_blank(line) || line.starts_with("---") || line.starts_with("...") {
            continue;
        }
        if let Some(m) = tab(i, line, &lines) {
            found.push(m);
            continue;
        }
        let (col, rest) = content(line);
        let dash = line.trim_start().starts_with("- ");
        if let Some((name, value)) = key_value(rest) {
            let indent_found = if dash {
                None
            } else {
                misplaced(i, line, name, col, &keys).or_else(|| repeated(i, line, name, col, &keys))
            };
            // The field as repaired, for the lines below to be read against.
            let now = indent_found
                .as_ref()
                .map_or(line, |m| m.repaired.1.as_str());
            let now_dash = now.trim_start().starts_with("- ");
            let found_here = found.len();
            keys.push(Key {
                col: content(now).0,
                dash: now_dash.then(|| indent(now)),
                name: name.to_owned(),
                opens: value.is_empty(),
            });
            found.extend(indent_found);
            if found.len() == found_here
                && let Some(m) = plain_colon(i, line, name, value)
                    .or_else(|| quote_in_quotes(i, line, name, value))
            {
                found.push(m);
                continue;
            }
            if starts_block(value) {
                block = Some((col, None));
            } else if value.starts_with(['"', '\'']) && !closes(value) {
                let next_is_key = next_line(&lines, i)
                    .is_some_and(|n| content(n).0 <= col && key_value(content(n).1).is_some());
                if next_is_key {
                    found.push(unclosed(i, line, value));
                } else {
                    in_quote = true;
                }
            }
            continue;
        }
        if let Some(m) = no_colon(i, line, col, rest, &lines) {
            found.push(m);
        }
    }
    found
}

/// A field seen on an earlier line, outside texts.
struct Key {
    /// The column its name starts at.
    col: usize,
    /// The column of its list item's dash, when the line starts an entry of a list.
    dash: Option<usize>,
    /// Its name.
    name: String,
    /// Whether it holds nothing on its line, so the lines below, indented more, are its own.
    opens: bool,
}

/// The columns a field on the next line may start at: deeper than a field that opens a
/// mapping right above it, else the column of the fields it could stand beside (those of
/// each mapping it could be in, from the nearest outwards).
fn places_for(keys: &[Key], col: usize) -> Result<(), Vec<(usize, &Key)>> {
    let Some(last) = keys.last() else {
        return Ok(());
    };
    if last.opens && col > last.dash.unwrap_or(last.col) {
        return Ok(());
    }
    let mut places: Vec<(usize, &Key)> = Vec::new();
    let mut outer = usize::MAX;
    for k in keys.iter().rev() {
        let start = k.dash.unwrap_or(k.col);
        if start > outer {
            continue;
        }
        if k.col <= outer && !places.iter().any(|(c, _)| *c == k.col) {
            places.push((k.col, k));
        }
        outer = start;
        if outer == 0 {
            break;
        }
    }
    if places.iter().any(|(c, _)| *c == col) {
        Ok(())
    } else {
        Err(places)
    }
}

/// A field indented so that it lines up with no field it could belong with: a space too
/// many or too few, or back at the column of a list's dashes.
fn misplaced(i: usize, line: &str, name: &str, col: usize, keys: &[Key]) -> Option<Mistake> {
    let places = places_for(keys, col).err()?;
    // The nearest place; between two as near, the deeper (the field above's own mapping).
    let &(want, beside) = places
        .iter()
        .min_by_key(|(c, _)| (c.abs_diff(col), usize::MAX - c))?;
    Some(Mistake {
        position: at(i, col, name.chars().count() + 1),
        message: format!(
            "`{name}:` is indented {col} spaces, so it lines up with no field around it: the fields it could belong with are indented {}",
            join_numbers(places.iter().map(|(c, _)| *c))
        ),
        hint: format!(
            "line it up with the fields it belongs with: indent it by {want} spaces, as `{}:` above it",
            beside.name
        ),
        repaired: (i, format!("{}{}", " ".repeat(want), line.trim_start())),
    })
}

/// Numbers as a sentence lists them: "4", "4 or 2", "6, 4 or 0".
fn join_numbers(n: impl Iterator<Item = usize>) -> String {
    let n: Vec<String> = n.map(|c| c.to_string()).collect();
    match n.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A field given twice in one entry of a list: the next entry written without its dash.
fn repeated(i: usize, line: &str, name: &str, col: usize, keys: &[Key]) -> Option<Mistake> {
    let mut item_dash = None;
    let mut twice = false;
    for k in keys.iter().rev() {
        let start = k.dash.unwrap_or(k.col);
        if k.col == col && k.name == name {
            twice = true;
        }
        if start < col {
            if k.col == col {
                item_dash = k.dash;
            }
            break;
        }
        if k.col == col && k.dash.is_some() {
            item_dash = k.dash;
            break;
        }
    }
    if !twice {
        return None;
    }
    let rest = line.trim_start();
    match item_dash {
        Some(d) if col >= d + 2 => Some(Mistake {
            position: at(i, col, name.chars().count() + 1),
            message: format!(
                "`{name}:` is given twice in one entry of the list: a new entry needs a dash (`- `) before its first field"
            ),
            hint: format!(
                "start the new entry with a dash, lined up with the one above: `{}- {rest}`",
                " ".repeat(d)
            ),
            repaired: (i, format!("{}- {rest}", " ".repeat(d))),
        }),
        // Twice in one mapping that is not a list's entry: the loader says so in its words.
        _ => None,
    }
}

/// The value written after a field's colon, from its first character: its column, for
/// carets and repairs.
fn value_col(line: &str, value: &str) -> usize {
    line.find(value).map_or(0, |b| line[..b].chars().count())
}

/// A text not in quotes that holds a colon and a space (`Update: the force…`), or ends with
/// a colon: YAML reads the colon as the start of another field.
fn plain_colon(i: usize, line: &str, name: &str, value: &str) -> Option<Mistake> {
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']) {
        return None;
    }
    let text = value.split(" #").next().unwrap_or(value).trim_end();
    let colon = text
        .find(": ")
        .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
    let vcol = value_col(line, value);
    let quoted = super::scalar::from_outside(text);
    let prefix = &line[..line.len() - line.trim_start().len()];
    let dash = if line.trim_start().starts_with("- ") {
        "- "
    } else {
        ""
    };
    Some(Mistake {
        position: at(i, vcol + text[..colon].chars().count(), 1),
        message: format!(
            "the text after `{name}:` holds a colon followed by a space, which YAML reads as the start of another field"
        ),
        hint: format!(
            "put the text in double quotes: `{name}: {}`",
            shorten(&quoted)
        ),
        repaired: (i, format!("{prefix}{dash}{name}: {quoted}")),
    })
}

/// A long text cut for a hint, keeping its closing quote.
fn shorten(quoted: &str) -> String {
    let n = quoted.chars().count();
    if n <= 40 {
        return quoted.to_owned();
    }
    let head: String = quoted.chars().take(32).collect();
    let close: String = quoted
        .chars()
        .last()
        .filter(|c| *c == '"' || *c == '\'')
        .into_iter()
        .collect();
    format!("{} …{close}", head.trim_end())
}

/// A text in quotes that holds the same quote: an apostrophe in single quotes
/// (`'the force's plan'`), or double quotes in double quotes. The text ends at the inner
/// quote, and what follows it is a mistake to YAML.
fn quote_in_quotes(i: usize, line: &str, name: &str, value: &str) -> Option<Mistake> {
    let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &value[1..];
    // Where the text closes for YAML, and whether anything but a comment follows.
    let close = if q == '\'' {
        let mut j = 0;
        let b = body.as_bytes();
        loop {
            let k = body[j..].find('\'')? + j;
            if b.get(k + 1) == Some(&b'\'') {
                j = k + 2;
            } else {
                break k;
            }
        }
    } else {
        let mut escaped = false;
        body.char_indices()
            .find(|&(_, c)| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })?
            .0
    };
    let after = body[close + 1..].trim();
    if after.is_empty() || after.starts_with('#') {
        return None;
    }
    // The whole text, as meant: up to the last quote of the line.
    let last = value.rfind(q).filter(|&l| l > 0)?;
    let meant = &value[1..last];
    let vcol = value_col(line, value);
    let prefix = &line[..line.len() - line.trim_start().len()];
    let dash = if line.trim_start().starts_with("- ") {
        "- "
    } else {
        ""
    };
    let tail = &value[last + 1..];
    let (message, hint, repaired) = if q == '\'' {
        let fixed = super::scalar::from_outside(meant);
        (
            format!(
                "the apostrophe after `{}` ends the text that `'` started, so the rest of the line is not understood",
                &meant[..close].rsplit(' ').next().unwrap_or("")
            ),
            format!(
                "put the text in double quotes: `{name}: {}` (or write each apostrophe twice: `''`)",
                shorten(&fixed)
            ),
            fixed,
        )
    } else {
        let fixed = format!("'{}'", meant.replace('\'', "''"));
        (
            "a double quote inside the text ends the text that `\"` started, so the rest of the line is not understood".to_owned(),
            format!(
                "put the text in single quotes: `{name}: {}` (or write each inner double quote as `\\\"`)",
                shorten(&fixed)
            ),
            fixed,
        )
    };
    Some(Mistake {
        position: at(i, vcol + 1 + body[..close].chars().count(), 1),
        message,
        hint,
        repaired: (i, format!("{prefix}{dash}{name}: {repaired}{tail}")),
    })
}

/// A tab in the indentation, repaired to the indentation the neighbouring lines suggest.
fn tab(i: usize, line: &str, lines: &[&str]) -> Option<Mistake> {
    let lead = &line[..indent(line)];
    let at_tab = lead.find('\t')?;
    let prev = lines[..i]
        .iter()
        .rev()
        .find(|l| !is_blank(l) && !l.starts_with('\t'));
    let spaces = match prev {
        Some(p) if p.trim_end().ends_with(':') => content(p).0 + 2,
        Some(p) => indent(p),
        None => 0,
    };
    // Said of the field the line holds, when it holds one.
    let what = match key_value(content(line.trim_start()).1) {
        Some((key, _)) => format!("`{key}:`"),
        None => "this line".to_owned(),
    };
    Some(Mistake {
        position: at(i, at_tab, 1),
        message: format!(
            "{what} is indented with a tab, and YAML reads only spaces as indentation"
        ),
        hint: format!("replace the tab with spaces: indent {what} by {spaces} spaces"),
        repaired: (i, format!("{}{}", " ".repeat(spaces), line.trim_start())),
    })
}

/// A line of a block text indented less than its first line.
fn misindented(i: usize, line: &str, ind: usize, want: usize) -> Mistake {
    Mistake {
        position: at(i, ind, line.trim().chars().count()),
        message: format!(
            "this line of the text is indented {ind} spaces, less than the {want} of the lines above it"
        ),
        hint: format!(
            "every line of a text written after `|` or `>` needs at least the indentation of its first line: indent this one by {want} spaces"
        ),
        repaired: (i, format!("{}{}", " ".repeat(want), line.trim_start())),
    }
}

/// A quoted value that does not close on its line, with a field on the next.
fn unclosed(i: usize, line: &str, value: &str) -> Mistake {
    let quote = value.chars().next().unwrap_or('"');
    let col = line.chars().count() - line.trim_start().chars().count()
        + line
            .trim_start()
            .find(value)
            .map_or(0, |b| line.trim_start()[..b].chars().count());
    Mistake {
        position: at(i, col, 1),
        message: format!("the quote `{quote}` opened here is not closed"),
        hint: format!(
            "end the text with `{quote}` on this line; a text that itself holds `{quote}` can be written in the other kind of quotes"
        ),
        repaired: (i, format!("{}{quote}", line.trim_end())),
    }
}

/// A key written without its colon, or without the space after it.
fn no_colon(i: usize, line: &str, col: usize, rest: &str, lines: &[&str]) -> Option<Mistake> {
    // A list item's text is a value, whatever its words: only a line at a key's place can
    // have lost a colon.
    if line.trim_start().starts_with('-') {
        return None;
    }
    let w = word(rest)?;
    let after = &rest[w.len()..];
    let (kcol, prefix) = (col, &line[..line.len() - rest.len()]);
    // Siblings: the nearest lines that hold something, at the same column as keys.
    let sibling = |l: &&str| {
        let (c, r) = content(l);
        c == kcol && key_value(r).is_some()
    };
    let prev = lines[..i].iter().rev().find(|l| !is_blank(l));
    let next = next_line(lines, i);
    if let Some(value) = after.strip_prefix(':') {
        // `owner:Head of Performance` is one plain text to YAML, not a field.
        if prev.is_some_and(sibling) || next.is_some_and(|n| sibling(&n)) {
            return Some(Mistake {
                position: at(i, kcol + w.chars().count(), 1),
                message: format!("`{w}:` needs a space after the colon"),
                hint: format!("a key needs a colon and a space after it: `{w}: {value}`"),
                repaired: (i, format!("{prefix}{w}: {value}")),
            });
        }
        return None;
    }
    let tail = after.split(" #").next().unwrap_or("").trim();
    if tail.is_empty() {
        // `commissioner` alone, with its fields indented below it.
        let parent = next.is_some_and(|n| content(n).0 > kcol && is_structure(n));
        return parent.then(|| Mistake {
            position: at(i, kcol, w.chars().count()),
            message: format!(
                "`{w}` has no colon after it, so the lines below cannot be its fields"
            ),
            hint: format!("a key needs a colon after it: `{w}:`"),
            repaired: (i, format!("{prefix}{w}:{after}")),
        });
    }
    // `owner Head of Performance` among fields: at a key's place, a plain text cannot
    // continue anything, so it can only be a field that lost its colon.
    let among_fields = prev.is_some_and(sibling) || next.is_some_and(|n| sibling(&n));
    if !among_fields || !after.starts_with(' ') || tail.contains(": ") {
        return None;
    }
    Some(Mistake {
        position: at(i, kcol, w.chars().count()),
        message: format!("`{w}` has no colon after it, so this line is not a field"),
        hint: format!("a key needs a colon and a space after it: `{w}: {tail}`"),
        repaired: (i, format!("{prefix}{w}: {tail}")),
    })
}

/// The fields that hold prose, where a `#` is more likely part of the text than a comment.
const PROSE: [&str; 11] = [
    "text",
    "response",
    "force_response",
    "title",
    "opening",
    "heading",
    "salutation",
    "valediction",
    "owner",
    "in_text",
    "addressed_to",
];

/// A text not in quotes with ` #` in it followed by a word (`priority #1`): YAML starts a
/// comment at ` #`, so the rest of the line is silently left out of the text. The file is
/// valid YAML, so this is a warning, found in files that parse.
pub(super) fn comments_in_text(text: &str) -> Vec<Mistake> {
    let mut found = Vec::new();
    // What is looked for is ` #` within a line: a text without it anywhere has none, and
    // most have none, so its lines are not read one by one.
    if memchr::memmem::find(text.as_bytes(), b" #").is_none() {
        return found;
    }
    // In a block text: the column of its key.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(key_col) = block {
            if line.trim().is_empty() || indent(line) > key_col {
                continue;
            }
            block = None;
        }
        let (col, rest) = content(line);
        let Some((name, _)) = key_value(rest) else {
            continue;
        };
        // The value as written, comment and all.
        let raw = rest[name.len() + 1..].trim_start();
        if starts_block(raw) {
            block = Some(col);
            continue;
        }
        if !PROSE.contains(&name)
            || raw.is_empty()
            || raw.starts_with(['"', '\'', '[', '{', '&', '*', '!', '#'])
        {
            continue;
        }
        let Some(hash) = raw.find(" #") else { continue };
        if raw[hash + 2..].starts_with([' ', '\t']) || raw[hash + 2..].is_empty() {
            continue;
        }
        let kept = raw[..hash].trim_end();
        let meant = raw.trim_end();
        let vcol = value_col(line, raw);
        let prefix = &line[..line.len() - line.trim_start().len()];
        let dash = if line.trim_start().starts_with("- ") {
            "- "
        } else {
            ""
        };
        let quoted = super::scalar::from_outside(meant);
        found.push(Mistake {
            position: at(i, vcol + raw[..hash + 1].chars().count(), meant[hash + 1..].chars().count()),
            message: format!(
                "`{name}:` stops at `{}`: in YAML a space and `#` start a comment, so `{}` is left out of the text",
                last_words(kept),
                &meant[hash + 1..]
            ),
            hint: format!(
                "put the text in double quotes: `{name}: {}`",
                shorten(&quoted)
            ),
            repaired: (i, format!("{prefix}{dash}{name}: {quoted}")),
        });
    }
    found
}

/// The last few words of a text, for a message.
fn last_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let from = words.len().saturating_sub(3);
    let shown = words[from..].join(" ");
    if from > 0 {
        format!("…{shown}")
    } else {
        shown
    }
}

/// The text with line `line` (from 1) emptied, so the parser can read past a mistake it
/// cannot name for the rest; `None` when that line is empty already (nothing more to try).
pub(super) fn set_aside(text: &str, line: usize) -> Option<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let l = lines.get_mut(line.checked_sub(1)?)?;
    if l.trim().is_empty() {
        return None;
    }
    *l = "";
    let mut out = lines.join("\n");
    out.push('\n');
    Some(out)
}

/// The text with every mistake repaired, line for line, so positions stay where they were.
pub(super) fn repair(text: &str, found: &[Mistake]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in found {
        if let Some(l) = lines.get_mut(m.repaired.0) {
            l.clone_from(&m.repaired.1);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(usize, usize, String)> {
        scan(text)
            .into_iter()
            .map(|m| (m.position.line, m.position.column, m.hint))
            .collect()
    }

    #[test]
    fn a_key_without_its_colon_is_found_on_its_own_line() {
        let text = "recommendations:\n  - number: 1\n    text: Do it.\n    owner Head of Performance\n    status: in progress\n";
        assert_eq!(
            places(text),
            [(
                4,
                5,
                "a key needs a colon and a space after it: `owner: Head of Performance`".to_owned()
            )]
        );
        let text = "commissioner\n  name: Philip Seccombe\n";
        assert_eq!(
            places(text),
            [(
                1,
                1,
                "a key needs a colon after it: `commissioner:`".to_owned()
            )]
        );
    }

    #[test]
    fn text_that_goes_on_over_lines_is_not_a_mistake() {
        let text = "title: A long\n  title over lines\nopening: |\n  One.\n\n  Two.\nforce: Kent\nx: \"a\n  b\"\n";
        assert_eq!(places(text), []);
    }

    #[test]
    fn repairs_keep_every_line_in_its_place() {
        let text = "a:\n  b: |\n    one\n  two\n    three\nc x\nd: 1\n";
        let found = scan(text);
        assert_eq!(found.len(), 2, "{found:?}");
        let fixed = repair(text, &found);
        assert_eq!(
            fixed,
            "a:\n  b: |\n    one\n    two\n    three\nc: x\nd: 1\n"
        );
    }
}
