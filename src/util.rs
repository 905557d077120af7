//! Small helpers shared by several phases: hashing and escaping.

/// A stable, content-derived 64-bit hash (FNV-1a): the same bytes give the same hash on every
/// machine and in every run, which is what incremental builds and reproducible PDFs need.
pub fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A 128-bit hash of `bytes` written as 32 hexadecimal digits (two FNV-1a hashes).
pub fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}{:016x}", fnv(1, bytes), fnv(2, bytes))
}

/// The SHA-256 of `bytes` as 64 hexadecimal digits: what seals a signed letter, where a
/// hash must not be matched on purpose (FNV-1a above is for caching, not for that).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Escapes text for HTML and XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "1 line", "2 lines": counts in the tool's own English messages (diagnostics and
/// summaries on the terminal); pages take their counts from the locale.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Phrases as an English list: "a", "a and b", "a, b and c".
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A number as PDF writes it (in a page's drawing and in a picture's): at most three
/// decimals, no exponent, no trailing zeros.
pub fn num(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let milli = (f64::from(v) * 1000.0).round() as i64;
    let (sign, milli) = if milli < 0 {
        ("-", -milli)
    } else {
        ("", milli)
    };
    let (whole, frac) = (milli / 1000, milli % 1000);
    let _ = if frac == 0 {
        std::io::Write::write_fmt(out, format_args!("{sign}{whole}"))
    } else {
        let f = format!("{frac:03}");
        std::io::Write::write_fmt(
            out,
            format_args!("{sign}{whole}.{}", f.trim_end_matches('0')),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_escape_is_complete() {
        assert_eq!(fnv(0, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_hex(b"s55").len(), 32);
        // FIPS 180-2's first example.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(hash_hex(b"a"), hash_hex(b"b"));
        assert_eq!(
            xml_escape("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}

/// A text cut to at most `n` characters, on one line, with "…" where it was cut: for
/// quoting the office's words in a message.
pub fn shorten(s: &str, n: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Bytes as standard base64 (RFC 4648), with padding: for `data:` addresses.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod base64_tests {
    #[test]
    fn base64_pads_as_rfc_4648_says() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
