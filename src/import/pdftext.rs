//! A PDF's text, page by page, read from its content streams' text operators.
//!
//! Policy: the text is what lopdf's `extract_text` gives (the strings of `Tj`, `TJ`, `'` and
//! `"` in their font's encoding; a space for a wide gap inside a `TJ` array and one after
//! it; a line end at `T*`, `'`, `"` and `ET`), read faster: lopdf parses every operation of
//! a page into objects (paths, colours, positions: most of a page), which is most of the
//! time an import of a PDF takes, so this module reads the content stream with a lexer of
//! its own that keeps only what the text operators need and steps over the rest; each
//! font's encoding (its `ToUnicode` map) is made once for the document, not once for every
//! page; and the pages are read in parallel. What cannot be read (a string a font cannot
//! decode, a stream that will not decompress) is left out, never the whole document; a
//! stream or a font's map that inflates past [`STREAM_LIMIT`] is not read at all.

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Encoding, ObjectId};
use rayon::prelude::*;

/// The most a page's content, or a font's map to Unicode, may take once decompressed.
const STREAM_LIMIT: usize = 64 << 20;

/// The most all the pages' content may take once decompressed, counting a stream as often as
/// pages show it: a long report's pages hold a few tens of megabytes; a document whose
/// thousands of pages all show one large stream would otherwise be read once a page.
pub(crate) const CONTENT_BUDGET: usize = 128 << 20;

/// The most a document's object streams may unpack to, together, and how many objects they
/// may hold: a long report holds a few megabytes in some tens of thousands of objects.
pub(crate) const OBJECT_STREAMS_BUDGET: usize = 32 << 20;
/// See [`OBJECT_STREAMS_BUDGET`].
pub(crate) const OBJECTS_BUDGET: i64 = 500_000;

thread_local! {
    /// What the document being loaded on this thread has unpacked from its object streams so
    /// far: (bytes, objects), or `None` once past the budget. lopdf's object filter is a
    /// plain function, called on the loading thread (lopdf is built without its parallel
    /// loading), so the count lives here.
    static UNPACKED: std::cell::Cell<Option<(usize, i64)>> = const { std::cell::Cell::new(Some((0, 0))) };
}

/// Loads a PDF with its object streams held to [`OBJECT_STREAMS_BUDGET`] and
/// [`OBJECTS_BUDGET`], and every stream read while loading to [`STREAM_LIMIT`].
pub(crate) fn load(bytes: &[u8]) -> Result<Document, String> {
    UNPACKED.with(|u| u.set(Some((0, 0))));
    let options = lopdf::LoadOptions {
        filter: Some(counted),
        max_decompressed_size: Some(STREAM_LIMIT),
        ..lopdf::LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| e.to_string());
    if UNPACKED.with(std::cell::Cell::get).is_none() {
        return Err(format!(
            "its compressed objects unpack to more than {} MB, or number more than {}: far \
             more than any real document's; it may have been made to exhaust the computer \
             that opens it",
            OBJECT_STREAMS_BUDGET >> 20,
            OBJECTS_BUDGET
        ));
    }
    doc
}

/// The loading filter: an object stream is unpacked here, against what is left of the
/// budget, and dropped (the budget marked spent) when it would pass it.
fn counted(id: ObjectId, object: &mut lopdf::Object) -> Option<(ObjectId, lopdf::Object)> {
    if let lopdf::Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            let (bytes, objects) = UNPACKED.with(std::cell::Cell::get)?;
            let n = stream
                .dict
                .get(b"N")
                .and_then(lopdf::Object::as_i64)
                .unwrap_or(0);
            let left = OBJECT_STREAMS_BUDGET.saturating_sub(bytes);
            let objects = objects.saturating_add(n.max(0));
            if objects > OBJECTS_BUDGET {
                UNPACKED.with(|u| u.set(None));
                return None;
            }
            // Unpacked in place, so lopdf does not unpack it again. A stream that will not
            // unpack for another reason (an encrypted document's) is left to lopdf.
            match stream.decompress_with_limit(left) {
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => {
                    UNPACKED.with(|u| u.set(None));
                    return None;
                }
                Err(_) => return Some((id, lopdf::Object::Null)),
                Ok(()) => {}
            }
            let bytes = bytes + stream.content.len();
            UNPACKED.with(|u| u.set(Some((bytes, objects))));
        }
        // A stream is never inside an object stream, so lopdf keeps this object itself and
        // discards what the filter returns.
        return Some((id, lopdf::Object::Null));
    }
    Some((id, object.clone()))
}

/// How deep arrays may nest inside an operand before the lexer stops descending.
const MAX_DEPTH: usize = 32;

/// Each page's text, in page order; or why the pages are not read: their content, counted
/// once for each page that shows it, passes [`CONTENT_BUDGET`].
pub(crate) fn pages(doc: &Document) -> Result<Vec<String>, String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    // Every page's fonts by their resource name, each font (a dictionary of the document,
    // known by its address) given its encoding once.
    let mut known: HashMap<*const Dictionary, usize> = HashMap::new();
    let mut encodings: Vec<Option<Encoding>> = Vec::new();
    let fonts: Vec<BTreeMap<Vec<u8>, usize>> = pages
        .iter()
        .map(|&page| {
            doc.get_page_fonts(page)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, font)| {
                    let at = *known.entry(std::ptr::from_ref(font)).or_insert_with(|| {
                        encodings.push(font.get_font_encoding_with_limit(doc, STREAM_LIMIT).ok());
                        encodings.len() - 1
                    });
                    (name, at)
                })
                .collect()
        })
        .collect();
    // Each page's content, decompressed once for all the pages that show the same streams.
    let mut unpacked: HashMap<Vec<ObjectId>, std::sync::Arc<Vec<u8>>> = HashMap::new();
    let mut spent = 0usize;
    let mut contents = Vec::with_capacity(pages.len());
    for &page in &pages {
        let streams = doc.get_page_contents(page);
        let data = match unpacked.get(&streams) {
            Some(d) => d.clone(),
            None => {
                let d = std::sync::Arc::new(
                    doc.get_page_content_with_limit(page, STREAM_LIMIT)
                        .unwrap_or_default(),
                );
                unpacked.insert(streams, d.clone());
                d
            }
        };
        spent = spent.saturating_add(data.len());
        if spent > CONTENT_BUDGET {
            return Err(format!(
                "its pages hold more than {} MB of content by page {} (counting content \
                 shared between pages once a page), far more than any real document; it may \
                 have been made to exhaust the computer that opens it",
                CONTENT_BUDGET >> 20,
                contents.len() + 1
            ));
        }
        contents.push(data);
    }
    Ok(contents
        .par_iter()
        .zip(fonts.par_iter())
        .map(|(data, fonts)| {
            let font = |name: &[u8]| fonts.get(name).and_then(|&i| encodings[i].as_ref());
            page_text(data, font)
        })
        .collect())
}

/// An operand as the text operators need it: a string's bytes, a whole number (a gap in a
/// `TJ` array), a name (a font's), an array; anything else only holds its place.
#[derive(Debug, PartialEq)]
enum Operand {
    Str(Vec<u8>),
    Int(i64),
    Name(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

/// One page's text from its content stream, each font's encoding found by its resource name.
fn page_text<'a>(data: &[u8], font: impl Fn(&[u8]) -> Option<&'a Encoding<'a>>) -> String {
    let mut text = String::new();
    let mut encoding: Option<&Encoding> = None;
    let mut memo = Memo::default();
    let mut lexer = Lexer { data, at: 0 };
    let mut operands: Vec<Operand> = Vec::new();
    while let Some(token) = lexer.next(0) {
        let op = match token {
            Token::Operand(o) => {
                operands.push(o);
                continue;
            }
            Token::Operator(op) => op,
        };
        match op {
            b"Tf" => {
                encoding = match operands.first() {
                    Some(Operand::Name(n)) => font(n),
                    _ => None,
                };
            }
            b"Tj" | b"TJ" => {
                if let Some(e) = encoding {
                    shown(&mut text, e, &operands, &mut memo);
                }
            }
            b"'" | b"\"" => {
                if let Some(e) = encoding {
                    if !text.ends_with('\n') {
                        text.push('\n');
                    }
                    // `'` shows its string; `"` sets two spacings first, then shows its third.
                    let from = if op == b"'" { 0 } else { 2 };
                    shown(
                        &mut text,
                        e,
                        operands.get(from..).unwrap_or_default(),
                        &mut memo,
                    );
                }
            }
            b"T*" | b"ET" if !text.ends_with('\n') => text.push('\n'),
            b"BI" => lexer.skip_inline_image(),
            _ => {}
        }
        operands.clear();
    }
    text
}

/// The strings a page has decoded, by the encoding they were decoded with (its address) and
/// their bytes: a page shows the same few words and syllables again and again, and decoding
/// one through a font's `ToUnicode` map takes far longer than looking it up.
#[derive(Default)]
struct Memo {
    decoded: HashMap<(usize, Vec<u8>), Option<String>>,
}

/// The text a `Tj` or `TJ` shows: its strings decoded, a space for a gap wider than a tenth
/// of the font size inside an array and one after the array.
fn shown(text: &mut String, encoding: &Encoding, operands: &[Operand], memo: &mut Memo) {
    for o in operands {
        match o {
            Operand::Str(bytes) => {
                let key = (std::ptr::from_ref(encoding) as usize, bytes.clone());
                let s = memo.decoded.entry(key).or_insert_with(|| {
                    let mut s = String::new();
                    encoding.write_to_string(bytes, &mut s).ok().map(|()| s)
                });
                if let Some(s) = s {
                    text.push_str(s);
                }
            }
            Operand::Array(items) => {
                shown(text, encoding, items, memo);
                text.push(' ');
            }
            Operand::Int(i) if *i < -100 => text.push(' '),
            _ => {}
        }
    }
}

enum Token<'a> {
    Operand(Operand),
    Operator(&'a [u8]),
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0c)
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_space(c) && !is_delimiter(c)
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The tokens of a content stream (PDF 32000-1 §7.2 and §7.8.2).
struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }

    /// Steps over white space and comments.
    fn space(&mut self) {
        while let Some(c) = self.peek() {
            if is_space(c) {
                self.at += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end. `depth`: how deep in arrays the lexer is.
    fn next(&mut self, depth: usize) -> Option<Token<'a>> {
        loop {
            self.space();
            let c = self.peek()?;
            let start = self.at;
            return Some(match c {
                b'(' => Token::Operand(Operand::Str(self.literal())),
                b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                    self.at += 2;
                    self.dictionary(depth);
                    Token::Operand(Operand::Other)
                }
                b'<' => Token::Operand(Operand::Str(self.hex_string())),
                b'[' => {
                    self.at += 1;
                    Token::Operand(Operand::Array(self.array(depth + 1)))
                }
                b'/' => Token::Operand(Operand::Name(self.name())),
                // A stray closing delimiter, or braces (PostScript calculator functions,
                // never in a page's content): stepped over.
                b')' | b'>' | b']' | b'{' | b'}' => {
                    self.at += 1;
                    continue;
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => Token::Operand(self.number()),
                _ => {
                    while self.peek().is_some_and(is_regular) {
                        self.at += 1;
                    }
                    let word = &self.data[start..self.at];
                    match word {
                        b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
                        _ => Token::Operator(word),
                    }
                }
            });
        }
    }

    /// A number: whole (`-250`) or real (`12.5`, `.5`); anything else after a sign is
    /// taken as far as it goes.
    fn number(&mut self) -> Operand {
        let start = self.at;
        while self.peek().is_some_and(is_regular) {
            self.at += 1;
        }
        let word = std::str::from_utf8(&self.data[start..self.at]).unwrap_or_default();
        match word.parse::<i64>() {
            Ok(n) => Operand::Int(n),
            Err(_) => Operand::Other,
        }
    }

    /// A literal string, `(` … `)`, with its escapes read and nested parentheses kept.
    fn literal(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        let mut open = 0usize;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                b'(' => {
                    open += 1;
                    out.push(c);
                }
                b')' if open == 0 => break,
                b')' => {
                    open -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'0'..=b'7' => {
                            let mut v = u16::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u16::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A backslash at a line's end continues the string on the next.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        e => out.push(e),
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    /// A hexadecimal string, `<` … `>`, white space ignored, an odd last digit followed by 0.
    fn hex_string(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.at += 1;
            if c == b'>' {
                break;
            }
            let Some(d) = hex(c) else { continue };
            match high.take() {
                None => high = Some(d),
                Some(h) => out.push(h << 4 | d),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// A name, `/Name`, with its `#xx` escapes read.
    fn name(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek().filter(|c| is_regular(*c)) {
            self.at += 1;
            if c == b'#'
                && let (Some(h), Some(l)) = (
                    self.data.get(self.at).copied().and_then(hex),
                    self.data.get(self.at + 1).copied().and_then(hex),
                )
            {
                out.push(h << 4 | l);
                self.at += 2;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// An array's operands, up to its `]`; an operator inside one (a broken stream) is kept
    /// out of it.
    fn array(&mut self, depth: usize) -> Vec<Operand> {
        let mut items = Vec::new();
        loop {
            self.space();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.at += 1;
                    break;
                }
                Some(b'[') if depth >= MAX_DEPTH => {
                    self.at += 1;
                }
                _ => match self.next(depth) {
                    Some(Token::Operand(o)) => items.push(o),
                    Some(Token::Operator(_)) | None => {}
                },
            }
        }
        items
    }

    /// A dictionary's contents (a marked-content property list), up to its `>>`: stepped
    /// over, strings and nested dictionaries with it.
    fn dictionary(&mut self, depth: usize) {
        loop {
            self.space();
            match self.peek() {
                None => return,
                Some(b'>') if self.data.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    return;
                }
                Some(b'<') if self.data.get(self.at + 1) == Some(&b'<') && depth >= MAX_DEPTH => {
                    self.at += 2;
                }
                _ => {
                    if self.next(depth + 1).is_none() {
                        return;
                    }
                }
            }
        }
    }

    /// An inline image (`BI` … `ID` data `EI`): its data is bytes, not tokens, so the
    /// lexer goes straight to the `EI` that follows white space and is followed by it (or
    /// the stream's end).
    fn skip_inline_image(&mut self) {
        while let Some(t) = self.next(0) {
            if matches!(t, Token::Operator(b"ID")) {
                break;
            }
        }
        let rest = &self.data[self.at.min(self.data.len())..];
        let end = rest.windows(3).enumerate().position(|(i, w)| {
            is_space(w[0])
                && w[1] == b'E'
                && w[2] == b'I'
                && rest
                    .get(i + 3)
                    .is_none_or(|c| is_space(*c) || is_delimiter(*c))
        });
        self.at = match end {
            Some(i) => self.at + i + 3,
            None => self.data.len(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<String> {
        let mut lexer = Lexer { data, at: 0 };
        let mut out = Vec::new();
        while let Some(t) = lexer.next(0) {
            out.push(match t {
                Token::Operand(o) => format!("{o:?}"),
                Token::Operator(op) => String::from_utf8_lossy(op).into_owned(),
            });
        }
        out
    }

    #[test]
    fn the_text_operators_operands_are_read_and_the_rest_stepped_over() {
        assert_eq!(
            tokens(b"BT /F1#20a 12 Tf [(A\\(b\\)) -250 <4142 3> 3.5] TJ (x\\101\\\ny) Tj ET"),
            [
                "BT",
                "Name([70, 49, 32, 97])",
                "Int(12)",
                "Tf",
                "Array([Str([65, 40, 98, 41]), Int(-250), Str([65, 66, 48]), Other])",
                "TJ",
                "Str([120, 65, 121])",
                "Tj",
                "ET"
            ]
        );
        // A marked-content property list, nested parentheses, a comment, booleans.
        assert_eq!(
            tokens(b"/Span <</ActualText (a (b) c) /K [1 2]>> BDC % note (not a string\n true (p(q)r) Tj"),
            [
                "Name([83, 112, 97, 110])",
                "Other",
                "BDC",
                "Other",
                "Str([112, 40, 113, 41, 114])",
                "Tj"
            ]
        );
    }

    #[test]
    fn an_inline_images_data_is_not_read_as_text() {
        let mut lexer = Lexer {
            data: b"BI /W 2 /H 1 /CS /G /BPC 8 ID \x00(Tj\xff EI (after) Tj",
            at: 0,
        };
        assert!(matches!(lexer.next(0), Some(Token::Operator(b"BI"))));
        lexer.skip_inline_image();
        assert!(matches!(lexer.next(0), Some(Token::Operand(Operand::Str(s))) if s == b"after"));
        assert!(matches!(lexer.next(0), Some(Token::Operator(b"Tj"))));
    }
}
