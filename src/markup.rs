//! Markdown in and out: making the office's text safe to place in the letter, and escaping
//! plain text so that it stays text.
//!
//! Policy: the text of a response is Markdown, but nothing in it may become markup that the
//! office did not mean. Raw HTML is shown as text (with a warning), links survive only to
//! http, https, mailto and relative addresses, images are replaced by their description, and
//! headings are moved below the section's own heading so the outline stays in order. The
//! office's text is otherwise kept exactly as written, so the Markdown output pastes cleanly
//! into a CMS.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions s55 reads, in the office's text and in the letter alike.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Something in the office's Markdown that s55 changed, for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was changed.
    pub kind: FindingKind,
    /// The first line of the text as written, to find it in the file.
    pub written: String,
}

/// What s55 changed in the office's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// Raw HTML, now shown as text.
    RawHtml(String),
    /// A link to an address that is not http, https, mailto or relative; the text is kept.
    UnsafeLink(String),
    /// An image, replaced by its description.
    Image(String),
}

/// The office's Markdown made safe to place in the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanitized {
    /// The Markdown to place in the letter.
    pub markdown: String,
    /// What was changed, in the order found.
    pub findings: Vec<Finding>,
}

/// How the texts of one document are made ready: the footnote labels they have used so
/// far, and whether their quotes, apostrophes, dashes and ellipses are made typographic.
///
/// Each text is its own field, but the letter is one document: a label that a later text
/// uses again (`[^1]` in two findings' responses) is given a name of its own there
/// (`[^1-2]`), so that each reference leads to its own note and no note is lost or shown
/// twice.
#[derive(Debug, Default)]
pub struct Labels {
    used: std::cell::RefCell<std::collections::HashSet<String>>,
    smart: bool,
}

impl Labels {
    /// For a document whose texts are made typographic (`smart`) or left as typed.
    pub fn new(smart: bool) -> Self {
        Labels {
            used: Default::default(),
            smart,
        }
    }

    /// The names this text's labels take: each as written unless an earlier text used it.
    fn claim(&self, own: &[String]) -> std::collections::HashMap<String, String> {
        let mut used = self.used.borrow_mut();
        let mut renamed = std::collections::HashMap::new();
        for label in own {
            if renamed.contains_key(label) {
                continue;
            }
            let name = if used.contains(label) {
                (2..)
                    .map(|n| format!("{label}-{n}"))
                    .find(|n| !used.contains(n) && !own.contains(n))
                    .unwrap_or_default()
            } else {
                label.clone()
            };
            renamed.insert(label.clone(), name);
        }
        used.extend(renamed.values().cloned());
        renamed
    }
}

/// Makes the office's Markdown safe to place in the letter: see the module's policy.
/// `heading_shift` is how many levels to move the text's own headings down.
pub fn sanitize(src: &str, heading_shift: u8) -> Sanitized {
    sanitize_in(src, heading_shift, &Labels::default())
}

/// [`sanitize`] for one of the texts of a document whose footnote labels so far are
/// `labels`: a label an earlier text used is renamed in this one.
pub fn sanitize_in(src: &str, heading_shift: u8, labels: &Labels) -> Sanitized {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    footnote_labels(src, labels, &mut edits);
    if labels.smart {
        smart_punctuation(src, &mut edits);
    }
    let mut findings = Vec::new();
    // Most of an office's texts are plain sentences: a text with nothing that could start
    // raw HTML, a link, a picture or (when headings are moved down) a heading has nothing
    // for the reading below to find, and is not read.
    let read = !plain(src) || (heading_shift > 0 && may_hold_heading(src));
    let mut events = read
        .then(|| {
            Parser::new_ext(src, options())
                .into_offset_iter()
                .peekable()
        })
        .into_iter()
        .flatten()
        .peekable();
    // Ranges already replaced whole: events inside them need no edit of their own.
    let mut covered: Option<Range<usize>> = None;
    while let Some((event, range)) = events.next() {
        if covered.as_ref().is_some_and(|c| range.start < c.end) {
            continue;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                findings.push(Finding::new(
                    FindingKind::RawHtml(html.trim().to_owned()),
                    src,
                    &range,
                ));
                let text = &src[range.clone()];
                edits.push((range, text.replace('<', "\\<")));
            }
            Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(&dest_url) => {
                findings.push(Finding::new(
                    FindingKind::UnsafeLink(dest_url.to_string()),
                    src,
                    &range,
                ));
                let text = inner_text(&mut events);
                covered = Some(range.clone());
                edits.push((range, escape_inline(&text)));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                findings.push(Finding::new(
                    FindingKind::Image(dest_url.to_string()),
                    src,
                    &range,
                ));
                let text = inner_text(&mut events);
                covered = Some(range.clone());
                edits.push((range, escape_inline(&text)));
            }
            Event::Start(Tag::Heading { level, .. }) if heading_shift > 0 => {
                demote(src, range, level as usize, heading_shift, &mut edits);
            }
            _ => {}
        }
    }
    let markdown = apply(src, edits);
    // What the edits made must hold no markup of its own; if a pathological input still has
    // some, fall back to showing the whole text literally.
    if contains_markup(&markdown) {
        return Sanitized {
            markdown: escape_block(src),
            findings,
        };
    }
    Sanitized { markdown, findings }
}

/// Makes the quotes, apostrophes, dashes and ellipses of the office's words typographic
/// (`"` and `'` to “ ” ‘ ’, `--` to –, `---` to —, `...` to …), as edits to the Markdown
/// itself, so that the Markdown a CMS is given, the HTML and the PDF all show the same
/// characters. Code, link addresses and anything written with a backslash or an entity are
/// left as typed.
fn smart_punctuation(src: &str, edits: &mut Vec<(Range<usize>, String)>) {
    let b = src.as_bytes();
    if memchr::memchr3(b'"', b'\'', b'-', b).is_none() && memchr::memchr(b'.', b).is_none() {
        return;
    }
    let parser = Parser::new_ext(src, options() | Options::ENABLE_SMART_PUNCTUATION);
    for (event, range) in parser.into_offset_iter() {
        let Event::Text(text) = event else { continue };
        let Some(raw) = src.get(range.clone()) else {
            continue;
        };
        if raw != text.as_ref() && !raw.contains(['\\', '&']) {
            edits.push((range, text.to_string()));
        }
    }
}

/// Renames, as edits, the footnote labels of `src` that an earlier text of the document used.
fn footnote_labels(src: &str, labels: &Labels, edits: &mut Vec<(Range<usize>, String)>) {
    if !src.contains("[^") {
        return;
    }
    let mut found: Vec<(String, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::FootnoteReference(label) => found.push((label.to_string(), range)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // The label as written at the start of the definition: `[^label]:`.
                let text = &src[range.clone()];
                if let Some(at) = text.find("[^") {
                    let start = range.start + at;
                    if let Some(len) = src[start..].find("]:") {
                        found.push((label.to_string(), start..start + len + 1));
                    }
                }
            }
            _ => {}
        }
    }
    let own: Vec<String> = found.iter().map(|(l, _)| l.clone()).collect();
    let names = labels.claim(&own);
    for (label, range) in found {
        match names.get(&label) {
            Some(name) if *name != label && !name.is_empty() => {
                edits.push((range, format!("[^{name}]")));
            }
            _ => {}
        }
    }
}

impl Finding {
    fn new(kind: FindingKind, src: &str, range: &Range<usize>) -> Self {
        let written = src[range.clone()]
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        Finding { kind, written }
    }
}

/// Moves a heading `shift` levels down (at most to level 6), as edits to its source.
fn demote(
    src: &str,
    range: Range<usize>,
    level: usize,
    shift: u8,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let hashes = "#".repeat((level + shift as usize).min(6));
    let text = &src[range.clone()];
    let trimmed = text.trim_start_matches([' ', '\t']);
    if trimmed.starts_with('#') {
        // ATX: swap the run of `#` for the new one.
        let lead = text.len() - trimmed.len();
        let run = trimmed.bytes().take_while(|&b| b == b'#').count();
        let start = range.start + lead;
        edits.push((start..start + run, hashes));
    } else {
        // Setext: put `#` in front and drop the underline.
        let body = text.trim_end_matches(['\n', '\r']);
        let underline_at = body.rfind('\n').unwrap_or(body.len());
        edits.push((range.start..range.start, format!("{hashes} ")));
        let end = range.start + body.len();
        edits.push((range.start + underline_at..end, String::new()));
    }
}

/// Moves every heading of a whole letter down `shift` levels, leaving everything else as it
/// is: how each edition sits inside a bilingual document.
pub fn shift_headings(md: &str, shift: u8) -> String {
    let mut edits = Vec::new();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = event {
            demote(md, range, level as usize, shift, &mut edits);
        }
    }
    apply(md, edits)
}

/// Collects the plain text of the events up to the end of the current link or image.
fn inner_text<'a>(events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) if depth == 0 => break,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    text
}

fn apply(src: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(src.len() + 16);
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            continue; // overlaps an earlier edit
        }
        out.push_str(&src[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&src[at..]);
    out
}

fn contains_markup(md: &str) -> bool {
    !plain(md)
        && Parser::new_ext(md, options()).any(|e| match e {
            Event::Html(_) | Event::InlineHtml(_) => true,
            Event::Start(Tag::Image { .. }) => true,
            Event::Start(Tag::Link { dest_url, .. }) => !link_allowed(&dest_url),
            _ => false,
        })
}

/// Whether a text holds neither `<` nor `[`, without which CommonMark has no raw HTML, no
/// link (autolinks included) and no picture.
fn plain(md: &str) -> bool {
    // Many bytes at a time: a character-by-character search cost more than the rest.
    memchr::memchr2(b'<', b'[', md.as_bytes()).is_none()
}

/// Whether a text may hold a heading: a `#`, or a line of `=` or `-` alone under a line of
/// text (a setext heading). Says yes to more than it must (a rule of dashes, a `#` in a
/// sentence): it only spares the reading of texts that cannot hold one.
fn may_hold_heading(md: &str) -> bool {
    md.contains('#')
        || md.lines().any(|l| {
            let t = l.trim();
            !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
        })
}

/// Whether a link may stay a link: http, https, mailto, or an address with no scheme.
pub fn link_allowed(dest: &str) -> bool {
    if dest.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let end = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    match dest[..end].find(':') {
        None => true,
        Some(i) => {
            let scheme = dest[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// Whether an address can be linked to as the report's or the office's web address: http or
/// https, and nothing that would end a Markdown link early.
pub fn is_web_address(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && link_allowed(u)
        && !u.contains(['<', '>'])
}

/// Escapes plain text so that Markdown reads it back as the same text, on one line.
///
/// Punctuation that can start markup anywhere is backslash-escaped; so is punctuation that
/// starts markup only at the start of a line (`#`, `-`, `+`, `1.`), since templates put fields
/// at the start of lines. Line breaks become spaces.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {}
            '\n' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // `&` starts markup only as an entity (`&amp;`, `&#38;`): "Fire & Rescue" reads
            // back as it is, and a CMS's editor shows no stray backslash.
            '&' if starts_entity(chars.clone()) => {
                out.push_str("\\&");
            }
            '#' | '-' | '+' | '=' | '>' if line_start => {
                out.push('\\');
                out.push(c);
            }
            d if line_start && d.is_ascii_digit() => {
                // "2022. A year" would start an ordered list.
                out.push(d);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_digit() {
                        out.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if let Some(&p) = chars.peek()
                    && (p == '.' || p == ')')
                {
                    out.push('\\');
                }
            }
            ' ' if line_start => continue,
            _ => out.push(c),
        }
        line_start = false;
    }
    out.trim_end().to_owned()
}

/// Escapes a run of plain text inside a paragraph so that Markdown reads it back as typed:
/// as [`escape_inline`] does, but keeping its spaces and line breaks (a run may begin or end
/// with a space beside bold text), and escaping what starts a heading, list or quote only at
/// the start of the paragraph (`at_start`) or after a line break.
pub fn escape_run(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = at_start;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if starts_entity(chars.clone()) => out.push_str("\\&"),
            '#' | '-' | '+' | '=' | '>' if start => {
                out.push('\\');
                out.push(c);
            }
            d if start && d.is_ascii_digit() => {
                out.push(d);
                while let Some(&n) = chars.peek() {
                    if !n.is_ascii_digit() {
                        break;
                    }
                    out.push(n);
                    chars.next();
                }
                if matches!(chars.peek(), Some('.' | ')')) {
                    out.push('\\');
                }
            }
            _ => out.push(c),
        }
        start = c == '\n';
    }
    out
}

/// Whether the text after a `&` makes it an entity reference: a name or number, then `;`.
fn starts_entity(rest: impl Iterator<Item = char>) -> bool {
    for (len, c) in rest.enumerate() {
        match c {
            ';' => return len > 0,
            '#' if len == 0 => {}
            c if c.is_ascii_alphanumeric() && len < 32 => {}
            _ => return false,
        }
    }
    false
}

/// Escapes a whole text line by line, keeping its paragraphs: the fallback that shows
/// everything literally.
pub fn escape_block(text: &str) -> String {
    text.lines()
        .map(escape_inline)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Footnotes as every format numbers them: in the order they are first referred to, each
/// definition kept once (the first), and only referred-to notes listed at the end.
#[derive(Debug)]
pub struct Footnotes<T> {
    order: Vec<String>,
    /// Each label's number, so a reference costs the same however many notes came before.
    numbers: std::collections::HashMap<String, usize>,
    bodies: std::collections::HashMap<String, T>,
    references: std::collections::HashMap<String, usize>,
}

impl<T> Default for Footnotes<T> {
    fn default() -> Self {
        Footnotes {
            order: Vec::new(),
            numbers: std::collections::HashMap::new(),
            bodies: std::collections::HashMap::new(),
            references: std::collections::HashMap::new(),
        }
    }
}

impl<T> Footnotes<T> {
    /// A reference to the note `label`: its number, and which reference to it this is
    /// (1 for the first), so that a note referred to twice gives each reference its own
    /// place to come back to.
    pub fn refer(&mut self, label: &str) -> (usize, usize) {
        let n = self.number(label);
        let seen = self.references.entry(label.to_owned()).or_insert(0);
        *seen += 1;
        (n, *seen)
    }

    /// The number of the note `label`, from 1, given at its first reference.
    pub fn number(&mut self, label: &str) -> usize {
        if let Some(&n) = self.numbers.get(label) {
            return n;
        }
        self.order.push(label.to_owned());
        self.numbers.insert(label.to_owned(), self.order.len());
        self.order.len()
    }

    /// Keeps a note's definition; a second definition of the same label is not used.
    pub fn define(&mut self, label: String, body: T) {
        self.bodies.entry(label).or_insert(body);
    }

    /// The referred-to notes' definitions in number order (an undefined one is empty).
    pub fn in_order(mut self) -> Vec<T>
    where
        T: Default,
    {
        std::mem::take(&mut self.order)
            .iter()
            .map(|l| self.bodies.remove(l).unwrap_or_default())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ampersand_is_escaped_only_where_it_would_start_an_entity() {
        assert_eq!(escape_inline("Fire & Rescue"), "Fire & Rescue");
        assert_eq!(escape_inline("AT&T"), "AT&T");
        assert_eq!(escape_inline("&amp; &#38;"), "\\&amp; \\&#38;");
        assert_eq!(escape_inline("a > b!"), "a > b!");
        assert_eq!(escape_inline("> quoted"), "\\> quoted");
    }

    #[test]
    fn raw_html_becomes_text() {
        let s = sanitize("Hello <script>alert(1)</script> there", 2);
        assert_eq!(s.markdown, "Hello \\<script>alert(1)\\</script> there");
        assert_eq!(s.findings.len(), 2);
        let block = sanitize("<div onclick=\"x\">\nhi\n</div>\n", 2);
        assert!(!contains_markup(&block.markdown), "{}", block.markdown);
    }

    #[test]
    fn javascript_links_lose_their_address_but_keep_their_text() {
        let s = sanitize(
            "See [the plan](javascript:alert(1)) and [ours](https://example.org).",
            0,
        );
        assert_eq!(s.markdown, "See the plan and [ours](https://example.org).");
        assert_eq!(
            s.findings,
            vec![Finding {
                kind: FindingKind::UnsafeLink("javascript:alert(1)".into()),
                written: "[the plan](javascript:alert(1))".into(),
            }]
        );
        assert!(
            sanitize("<javascript:alert(1)>", 0)
                .markdown
                .starts_with("javascript:")
        );
    }

    #[test]
    fn images_become_their_description() {
        let s = sanitize("![a chart of demand](https://x.test/c.png)", 0);
        assert_eq!(s.markdown, "a chart of demand");
    }

    #[test]
    fn headings_move_below_the_section_heading() {
        assert_eq!(sanitize("# Plan\n\ntext", 2).markdown, "### Plan\n\ntext");
        assert_eq!(
            sanitize("Plan\n----\n\ntext", 2).markdown,
            "#### Plan\n\ntext"
        );
        assert_eq!(sanitize("###### Deep", 2).markdown, "###### Deep");
    }

    #[test]
    fn allowed_links() {
        assert!(link_allowed(
            "https://www.justiceinspectorates.gov.uk/hmicfrs/"
        ));
        assert!(link_allowed("mailto:opcc@example.org"));
        assert!(link_allowed("../2021/report.html"));
        assert!(link_allowed("#recommendations"));
        assert!(!link_allowed("JavaScript:alert(1)"));
        assert!(!link_allowed("data:text/html,<b>x</b>"));
        assert!(!link_allowed("java\tscript:alert(1)"));
        assert!(!link_allowed("vbscript:x"));
    }

    #[test]
    fn escaped_text_reads_back_as_itself() {
        for text in [
            "Warwickshire Police- National child protection inspection",
            "# not a heading",
            "2022. A year",
            "1) one",
            "*stars* and _under_ and `code` and <b>tags</b> & [links](x)",
            "- a dash",
            "{{ 7*7 }} {% raw %}",
        ] {
            let md = escape_inline(text);
            let mut back = String::new();
            for e in Parser::new_ext(&md, options()) {
                match e {
                    Event::Text(t) => back.push_str(&t),
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    other => panic!("{text:?} gave {other:?}"),
                }
            }
            assert_eq!(back, text);
        }
    }
}
