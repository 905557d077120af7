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
    let mut all = bytes.to_vec();
    all.extend_from_slice(part);
    util::hash_hex(&all)
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
