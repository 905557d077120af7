//! `s55 new`: a response to fill in, from the scaffold template.

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, print_out};
use crate::cli::NewArgs;
use crate::render::scaffold::scaffold;

/// Runs `s55 new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    let text = scaffold(args)?;
    match &args.out {
        None => print_out(&text)?,
        Some(file) => {
            if file.exists() && !args.overwrite {
                anstream::eprintln!(
                    "error: `{}` is already there; choose another name, or add --overwrite to replace it",
                    file.display()
                );
                return Ok(EXIT_INPUT);
            }
            crate::fs::write_atomic(file, text.as_bytes())?;
            anstream::eprintln!("wrote {}", file.display());
        }
    }
    Ok(EXIT_OK)
}
