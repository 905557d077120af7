//! What a document to import may cost to read, checked before the work is done: a hostile
//! file (a small .docx that unpacks to gigabytes, a web page nested a hundred thousand
//! elements deep) is refused with a reason in seconds and a few hundred megabytes at most,
//! rather than exhausting the machine. Each limit is far above what a real report, tracker
//! or letter needs.

use std::io::{Read, Seek};

/// The largest file `s55 import recs` and `s55 import response` read: a long inspection
/// report as a PDF is a few megabytes.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// The most one part of a Word document may take once unpacked.
pub const MAX_MEMBER_BYTES: u64 = 32 << 20;

/// The most all the parts read from one Word document may take once unpacked.
pub const MAX_MEMBERS_BYTES: u64 = 64 << 20;

/// How deeply a web page's elements may nest: real pages nest a few dozen deep.
pub const MAX_HTML_DEPTH: usize = 512;

fn megabytes(n: u64) -> String {
    format!("{} MB", n >> 20)
}

/// Reads one part of a Word document as text, counting what it unpacks to against the
/// document's allowance `used`; `None` when the document has no such part.
pub fn member<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    used: &mut u64,
) -> Result<Option<String>, String> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let allowed = MAX_MEMBER_BYTES.min(MAX_MEMBERS_BYTES.saturating_sub(*used));
    let too_big = || {
        format!(
            "its part `{name}` unpacks to more than {}, far more than any real document's \
             text; it may have been made to exhaust the computer that opens it",
            megabytes(allowed)
        )
    };
    // The size the archive declares, then the bytes themselves, as the declaration can lie.
    if file.size() > allowed {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(allowed + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("its part `{name}` cannot be unpacked: {e}"))?;
    if bytes.len() as u64 > allowed {
        return Err(too_big());
    }
    *used += bytes.len() as u64;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("its part `{name}` is not UTF-8 text"))
}

/// Elements that hold nothing, and elements that a new one of their kind (or their
/// parent's end) closes: neither adds to the depth.
const FLAT: [&str; 36] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody",
    "tfoot", "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is text, not elements.
const RAW: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Where (a byte offset) a web page's elements first nest deeper than [`MAX_HTML_DEPTH`],
/// counting the tags as written: a quick reading that comes before the parser, whose work
/// on each element grows with the depth (so a deep page takes time growing with the square
/// of its size) and whose tree would be walked as deep.
pub fn html_too_deep(source: &str) -> Option<usize> {
    let b = source.as_bytes();
    let lower = |s: &[u8]| String::from_utf8_lossy(s).to_ascii_lowercase();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<').map(|o| o + i) {
        i = off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let close = b.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = lower(&b[start..start + len]);
        let Some(end) = b[start..]
            .iter()
            .position(|&c| c == b'>')
            .map(|e| e + start)
        else {
            break;
        };
        i = end + 1;
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW.contains(&name.as_str()) {
            // To the element's end tag, whatever its text holds.
            let closing = format!("</{name}");
            i = find_ascii_ci(b, i, closing.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if b[end - 1] == b'/' {
            continue;
        }
        depth += 1;
        if depth > MAX_HTML_DEPTH {
            return Some(off);
        }
    }
    None
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ascii_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_pages_are_found_and_real_ones_pass() {
        let deep = format!("<html><body>{}", "<div>".repeat(100_000));
        let at = html_too_deep(&deep).unwrap();
        assert_eq!(at, "<html><body>".len() + 5 * MAX_HTML_DEPTH);
        let real = format!(
            "<!doctype html><html><head><script>if (a<b) {{ x('<div>'); }}</script></head><body>{}<!-- <div><div> --></body></html>",
            "<div><p>one<p>two<br><img src=x><ul><li>a<li>b</ul></div>".repeat(10_000)
        );
        assert_eq!(html_too_deep(&real), None);
    }
}
