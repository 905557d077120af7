//! The hash that decides whether a response renders again: its bytes and the part of its
//! office's settings it takes.

use crate::settings::Settings;
use crate::{load, util};

/// What marks an input hash made by xxHash3 (128 bits), as this version makes them: the
/// manifests of earlier versions hold FNV-1a hashes, two 64-bit lanes in 32 hexadecimal
/// digits, which [`same_input`] still reads.
const XXH3: &str = "x3-";

/// The hash that decides whether a response renders again, from its bytes and what it takes
/// from its office's settings (`part`, from [`settings_part`]), so that a change to the
/// settings renders again exactly the responses that take the changed values: xxHash3 of the bytes followed by the
/// part, without copying them together. A no-op build hashes every response; xxHash3 reads
/// many bytes a step where FNV-1a, before, read one.
pub(super) fn hash_with(bytes: &[u8], part: &[u8]) -> String {
    let mut h = twox_hash::XxHash3_128::new();
    h.write(bytes);
    h.write(part);
    format!("{XXH3}{:032x}", h.finish_128())
}

/// Whether `recorded`, an input's hash as a manifest holds it, is the hash of these bytes and
/// part: `hash` ([`hash_with`] of them), or for a manifest of an earlier version, their
/// FNV-1a hash. An archive built before keeps every unchanged response as it is.
pub(super) fn same_input(recorded: &str, hash: &str, bytes: &[u8], part: &[u8]) -> bool {
    recorded == hash || (!recorded.starts_with(XXH3) && recorded == fnv_with(bytes, part))
}

/// The input hash of earlier versions: `util::hash_hex` of the bytes followed by the part,
/// both FNV-1a lanes in one pass.
fn fnv_with(bytes: &[u8], part: &[u8]) -> String {
    const PRIME: u64 = 0x0100_0000_01b3;
    let basis = util::fnv(0, &[]);
    let (mut a, mut b) = (basis ^ 1, basis ^ 2);
    for slice in [bytes, part] {
        for &x in slice {
            a = (a ^ u64::from(x)).wrapping_mul(PRIME);
            b = (b ^ u64::from(x)).wrapping_mul(PRIME);
        }
    }
    format!("{a:016x}{b:016x}")
}

/// What a response takes from its office's settings: the shared part, and the values it
/// inherits.
pub(super) fn settings_part(bytes: &[u8], settings: &Settings) -> Vec<u8> {
    let mut all = format!("{:?}", settings.shared()).into_bytes();
    let Some(defaults) = settings.defaults() else {
        return all;
    };
    let own = match serde_yaml::from_slice::<serde_yaml::Value>(bytes) {
        Ok(serde_yaml::Value::Mapping(m)) => m,
        _ => serde_yaml::Mapping::new(),
    };
    let applied = load::inherit::applied(&own, defaults);
    all.extend_from_slice(
        serde_json::to_string(&applied)
            .unwrap_or_default()
            .as_bytes(),
    );
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_input_hash_is_the_fnv_hash_of_the_bytes_and_the_part_together() {
        for (bytes, part) in [
            (&b""[..], &b""[..]),
            (b"title: A response\n", b""),
            (b"", b"Shared { language: En }"),
            (
                "date: 2026-12-01\nbody: caf\u{e9}\n".as_bytes(),
                b"{\"x\":1}",
            ),
        ] {
            let together = [bytes, part].concat();
            assert_eq!(fnv_with(bytes, part), util::hash_hex(&together));
        }
    }

    #[test]
    fn the_input_hash_is_xxhash3_of_the_bytes_and_the_part_together() {
        // The bytes and the part hashed as one, without being copied together.
        let together = twox_hash::XxHash3_128::oneshot(b"title: A response\nShared");
        assert_eq!(
            hash_with(b"title: A response\n", b"Shared"),
            format!("x3-{together:032x}")
        );
        assert_eq!(hash_with(b"abc", b""), hash_with(b"", b"abc"));
        assert_ne!(hash_with(b"abc", b""), hash_with(b"abd", b""));
    }

    #[test]
    fn an_input_hashed_by_an_earlier_version_is_still_known_unchanged() {
        let (bytes, part) = (&b"title: A response\n"[..], &b"Shared { language: En }"[..]);
        let now = hash_with(bytes, part);
        let before = util::hash_hex(&[bytes, part].concat());
        assert!(same_input(&now, &now, bytes, part));
        assert!(same_input(&before, &now, bytes, part));
        // Changed since: neither hash is the bytes'.
        assert!(!same_input(&before, &now, b"title: Another\n", part));
        assert!(!same_input(&hash_with(b"x", part), &now, bytes, part));
        // A hash of this version is never read as an earlier one.
        assert!(!same_input("x3-00", &now, bytes, part));
    }
}
