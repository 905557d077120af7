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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_escape_is_complete() {
        assert_eq!(fnv(0, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_hex(b"s55").len(), 32);
        assert_ne!(hash_hex(b"a"), hash_hex(b"b"));
        assert_eq!(
            xml_escape("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
