//! The PDF file's syntax: numbered objects written straight into the file's bytes as they
//! are made, streams deflated on the way, and the cross-reference table at the end.
//!
//! Nothing is kept as a tree of objects: a page's drawing is written and forgotten before the
//! next page is drawn, and a structure element is a few dozen bytes of text, so the writer's
//! memory grows with the file it writes, not with a model of it.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;

/// An object's number (generation 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub u32);

impl Id {
    /// The reference to the object: `12 0 R`.
    pub fn r(self) -> String {
        format!("{} 0 R", self.0)
    }
}

/// Where an object is in the file.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// Not written (yet).
    Free,
    /// At this offset.
    At(usize),
    /// The `index`th object of the object stream `stream`.
    In { stream: u32, index: u16 },
}

/// Objects packed into one compressed object stream (ISO 32000-1, 7.5.7).
const PER_STREAM: usize = 200;

/// A PDF file being written.
pub struct File {
    buf: Vec<u8>,
    /// Each object's place, by number (0 is the free head of the table).
    places: Vec<Place>,
    /// The objects waiting for the next object stream: their numbers and offsets in `pack`.
    packed: Vec<(u32, usize)>,
    pack: Vec<u8>,
    /// One compressor for every stream: its window is allocated once, not once a page.
    z: flate2::write::ZlibEncoder<Vec<u8>>,
}

impl Default for File {
    fn default() -> Self {
        Self::new()
    }
}

impl File {
    /// The header: version 1.7, then a comment of bytes above 127 that marks the file as
    /// binary (ISO 19005-2, 6.1.2).
    pub fn new() -> Self {
        let mut buf = Vec::with_capacity(64 * 1024);
        buf.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        File {
            buf,
            places: vec![Place::Free],
            packed: Vec::new(),
            pack: Vec::new(),
            z: flate2::write::ZlibEncoder::new(Vec::new(), level()),
        }
    }

    /// A number for an object written later.
    pub fn reserve(&mut self) -> Id {
        self.places.push(Place::Free);
        Id((self.places.len() - 1) as u32)
    }

    /// `n` consecutive numbers; returns the first.
    pub fn reserve_many(&mut self, n: usize) -> Id {
        let first = self.places.len();
        self.places.resize(first + n, Place::Free);
        Id(first as u32)
    }

    /// Writes the object `id` with the body `body` (a dictionary, array or other value):
    /// into the next object stream, deflated with the objects around it.
    pub fn object(&mut self, id: Id, body: &[u8]) {
        self.packed.push((id.0, self.pack.len()));
        self.pack.extend_from_slice(body);
        self.pack.push(b'\n');
        if self.packed.len() >= PER_STREAM {
            self.flush();
        }
    }

    /// Writes the waiting objects as one object stream.
    fn flush(&mut self) {
        if self.packed.is_empty() {
            return;
        }
        let stream = self.reserve();
        let mut head = String::new();
        for (index, &(n, offset)) in self.packed.iter().enumerate() {
            let _ = write!(head, "{n} {offset} ");
            if let Some(p) = self.places.get_mut(n as usize) {
                *p = Place::In {
                    stream: stream.0,
                    index: index as u16,
                };
            }
        }
        let mut data = head.into_bytes();
        let first = data.len();
        data.extend_from_slice(&self.pack);
        let entries = format!(" /Type /ObjStm /N {} /First {first}", self.packed.len());
        self.packed.clear();
        self.pack.clear();
        // Deflating into memory cannot fail.
        let _ = self.stream(stream, &entries, &data, true);
    }

    fn start(&mut self, id: Id) {
        if let Some(slot) = self.places.get_mut(id.0 as usize) {
            *slot = Place::At(self.buf.len());
        }
        // Writing into a Vec cannot fail.
        let _ = writeln!(self.buf, "{} 0 obj", id.0);
    }

    /// Writes a stream: `entries` are the dictionary's entries besides `/Length` and
    /// `/Filter`; `deflate` compresses the data (when that makes it smaller).
    pub fn stream(&mut self, id: Id, entries: &str, data: &[u8], deflate: bool) -> Result<()> {
        let packed = if deflate {
            self.z.write_all(data)?;
            self.z.try_finish()?;
            Some(self.z.reset(Vec::with_capacity(data.len() / 3 + 16))?)
        } else {
            None
        };
        let (data, filter) = match &packed {
            Some(p) if worth_packing(p, data) => (p.as_slice(), " /Filter /FlateDecode"),
            _ => (data, ""),
        };
        self.start(id);
        let _ = write!(
            self.buf,
            "<<{entries} /Length {}{filter}>>\nstream\n",
            data.len()
        );
        self.buf.extend_from_slice(data);
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
        Ok(())
    }

    /// Writes a stream whose data is already deflated.
    pub fn packed_stream(&mut self, id: Id, entries: &str, packed: &[u8]) {
        self.start(id);
        let _ = write!(
            self.buf,
            "<<{entries} /Length {} /Filter /FlateDecode>>\nstream\n",
            packed.len()
        );
        self.buf.extend_from_slice(packed);
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
    }

    /// A digest of everything written so far: the document's id.
    pub fn digest(&mut self) -> String {
        self.flush();
        crate::util::hash_hex(&self.buf)
    }

    /// The cross-reference stream, which also holds the trailer's entries (`trailer`,
    /// besides `/Size`); the finished file. An object reserved but never written is a free
    /// entry.
    pub fn finish(mut self, trailer: &str) -> Vec<u8> {
        self.flush();
        let xref = self.reserve();
        let at = self.buf.len();
        self.places[xref.0 as usize] = Place::At(at);
        // Each entry: type (1 byte), offset or object stream (4), generation or index (2).
        let mut table = Vec::with_capacity(self.places.len() * 7);
        for (n, place) in self.places.iter().enumerate() {
            let (kind, a, b): (u8, u32, u16) = match *place {
                Place::At(o) => (1, o as u32, 0),
                Place::In { stream, index } => (2, stream, index),
                Place::Free if n == 0 => (0, 0, 65535),
                Place::Free => (0, 0, 0),
            };
            table.push(kind);
            table.extend_from_slice(&a.to_be_bytes());
            table.extend_from_slice(&b.to_be_bytes());
        }
        let size = self.places.len();
        let entries = format!(" /Type /XRef /Size {size} /W [1 4 2]{trailer}");
        let _ = self.stream(xref, &entries, &table, true);
        let _ = write!(self.buf, "startxref\n{at}\n%%EOF\n");
        self.buf
    }
}

/// `data` as [`File::stream`] would hold it, made once to be written into many files:
/// deflated when that makes it smaller (`true`), else as it is.
pub fn pack(data: &[u8]) -> Result<(Vec<u8>, bool)> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 3 + 16), level());
    z.write_all(data)?;
    let packed = z.finish()?;
    Ok(if worth_packing(&packed, data) {
        (packed, true)
    } else {
        (data.to_vec(), false)
    })
}

/// Whether a stream is written deflated: when that is smaller, the filter's name counted.
fn worth_packing(packed: &[u8], raw: &[u8]) -> bool {
    packed.len() + " /Filter /FlateDecode".len() < raw.len()
}

/// The deflate level: 3, whose files are 4 per cent larger than the default level's (43 KB
/// for the seed letter, against 41 KB) for about a third less time in the compressor, which
/// is most of the writing.
fn level() -> flate2::Compression {
    flate2::Compression::new(3)
}

pub use crate::util::num;

/// A number as text.
pub fn n(v: f32) -> String {
    let mut out = Vec::new();
    num(&mut out, v);
    String::from_utf8(out).unwrap_or_default()
}

/// A name: `/Name`, with any byte outside the regular characters written `#xx`.
pub fn name(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    out.push('/');
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.+*".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("#{b:02X}"));
        }
    }
    out
}

/// A text string: in PDFDocEncoding when every character has a code there (English titles,
/// dashes and curly quotes included), else UTF-16BE with a byte order mark. Tools that print
/// a string's bytes as they are (`pdfinfo -struct-text` with a structure element's title) read
/// the first form; the second only where the text needs it.
pub fn text(s: &str) -> String {
    match s.chars().map(pdf_doc_byte).collect::<Option<Vec<u8>>>() {
        Some(bytes) if bytes.iter().all(|b| (0x20..0x7f).contains(b)) => literal(&bytes),
        Some(bytes) => hex(&bytes),
        None => {
            let mut bytes = vec![0xFE, 0xFF];
            for u in s.encode_utf16() {
                bytes.extend_from_slice(&u.to_be_bytes());
            }
            hex(&bytes)
        }
    }
}

/// A literal string of bytes, `(…)`, with its delimiters and backslashes escaped.
pub fn literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..0x7f => out.push(char::from(b)),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push(')');
    out
}

/// A hexadecimal string, `<…>`.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2 + 2);
    out.push('<');
    for b in bytes {
        out.push_str(&format!("{b:02X}"));
    }
    out.push('>');
    out
}

/// A character's code in PDFDocEncoding (ISO 32000-1, Annex D), if it has one.
fn pdf_doc_byte(c: char) -> Option<u8> {
    const HIGH: [char; 31] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}',
        '\u{201D}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017E}',
    ];
    match c {
        ' '..='~' | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{FF}' => u8::try_from(u32::from(c)).ok(),
        '\u{20AC}' => Some(0xA0),
        _ => HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_no_exponent_and_no_trailing_zeros() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(0.5), "0.5");
        assert_eq!(n(-0.0004), "0");
        assert_eq!(n(-3.25), "-3.25");
        assert_eq!(n(1e-9), "0");
        assert_eq!(n(595.28), "595.28");
    }

    #[test]
    fn names_and_strings_are_escaped() {
        assert_eq!(name("GTS_PDFA1"), "/GTS_PDFA1");
        assert_eq!(name("a b/c"), "/a#20b#2Fc");
        assert_eq!(literal(b"a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(text("Plain"), "(Plain)");
        // An en dash has a PDFDocEncoding code; ŵ has none.
        assert_eq!(text("A – b"), "<4120852062>");
        assert!(text("Gŵyl").starts_with("<FEFF"));
    }

    #[test]
    fn objects_go_into_object_streams_and_the_table_finds_them() {
        let mut f = File::new();
        let a = f.reserve();
        let b = f.reserve();
        f.object(a, b"<</Type /Catalog>>");
        f.stream(b, "", b"data", false).unwrap();
        let out = f.finish(&format!(" /Root {}", a.r()));
        let s = String::from_utf8_lossy(&out);
        assert!(s.starts_with("%PDF-1.7\n"));
        assert!(s.contains("2 0 obj\n<< /Length 4>>\nstream\ndata\nendstream"));
        assert!(s.contains("/Type /ObjStm /N 1"));
        assert!(s.contains("/Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R"));
        assert!(s.ends_with("%%EOF\n"));
    }
}
