//! The hash that decides whether a response renders again: its bytes and the part of its
//! office's settings it takes.

use crate::settings::Settings;
use crate::{load, util};

/// The hash that decides whether a response renders again: its bytes, and the part of the
/// office's settings it inherits, so that a change to the settings renders again exactly the
/// responses that take the changed values.
pub(super) fn input_hash(bytes: &[u8], settings: &Settings) -> String {
    hash_with(bytes, &settings_part(bytes, settings))
}

/// The same hash, from what the response takes from its settings (`part`, from
/// [`settings_part`]) when it is already worked out.
pub(super) fn hash_with(bytes: &[u8], part: &[u8]) -> String {
    // `util::hash_hex` of the bytes followed by the part, without copying them together,
    // and both FNV-1a lanes in one pass: a no-op build hashes every response, and this was
    // a quarter of its work.
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
    fn the_input_hash_is_the_hash_of_the_bytes_and_the_part_together() {
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
            assert_eq!(hash_with(bytes, part), util::hash_hex(&together));
        }
    }
}
