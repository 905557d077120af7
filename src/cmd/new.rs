//! `s55 new`: a response to fill in, from the scaffold template.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, print_out};
use crate::cli::NewArgs;
use crate::render::scaffold::scaffold;
use crate::settings::Settings;

/// Runs `s55 new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    // The settings of the folder the response will live in: `--out`'s, else `responses/`'s
    // when the command runs beside it (as `s55 new > responses/NAME.yaml` does), else the
    // current folder's. A broken settings file is left to `s55 check` to explain.
    let place = match &args.out {
        Some(file) => file.clone(),
        None if Path::new("responses").is_dir() => Path::new("responses").join("new.yaml"),
        None => PathBuf::from("new.yaml"),
    };
    let office = Settings::for_file(&place)
        .ok()
        .and_then(|found| found.settings.office);
    let text = scaffold(args, office.as_ref())?;
    match &args.out {
        None => print_out(&text)?,
        Some(file) => {
            if file.symlink_metadata().is_ok() && !args.overwrite {
                anstream::eprintln!(
                    "error: `{}` is already there; choose another name, or add --overwrite to replace it",
                    file.display()
                );
                return Ok(EXIT_INPUT);
            }
            crate::fs::write_atomic(file, text.as_bytes())?;
            anstream::eprintln!("wrote {}", crate::util::shown(file));
        }
    }
    Ok(EXIT_OK)
}
