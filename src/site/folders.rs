//! Which settings each response of a folder is built with, and the hash that decides
//! whether it renders again: its bytes and the part of its office's settings it takes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::settings::{self, Settings};
use crate::{load, util};

/// The settings of each folder of responses: `s55.yaml` in a response's folder or the
/// nearest above it within the input folder, else the input folder's own, as `check` finds
/// them. Read once per folder.
pub(super) struct Offices {
    pub(super) root: PathBuf,
    pub(super) top: Arc<Settings>,
    pub(super) tracker: bool,
    pub(super) by_dir:
        std::collections::HashMap<PathBuf, Result<Arc<Settings>, Arc<settings::Broken>>>,
}

impl Offices {
    pub(super) fn for_file(&mut self, rel: &Path) -> Result<Arc<Settings>, Arc<settings::Broken>> {
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(found) = self.by_dir.get(&dir) {
            return found.clone();
        }
        let mut here = Some(dir.as_path());
        let mut found = Ok(Arc::clone(&self.top));
        while let Some(d) = here.filter(|d| !d.as_os_str().is_empty()) {
            let file = self.root.join(d).join(settings::FILE);
            if file.is_file() {
                found = Settings::load(&file)
                    .map(|mut s| {
                        s.tracker |= self.tracker;
                        Arc::new(s)
                    })
                    .map_err(|b| Arc::new(*b));
                break;
            }
            here = d.parent();
        }
        self.by_dir.insert(dir, found.clone());
        found
    }
}

/// The hash that decides whether a response renders again: its bytes, and the part of the
/// office's settings it inherits, so that a change to the settings renders again exactly the
/// responses that take the changed values.
pub(super) fn input_hash(bytes: &[u8], settings: &Settings) -> String {
    let mut all = bytes.to_vec();
    all.extend_from_slice(&settings_part(bytes, settings));
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
