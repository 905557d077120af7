//! `s55 copies FILE`: the two covering e-mails of section 55(6) as .eml files, written only
//! once both are made.

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, Talk, report};
use crate::check::check_file;
use crate::cli::CopiesArgs;
use crate::render::{Assets, Renderer};
use crate::{copies, fs};

/// Runs `s55 copies`.
pub fn run(args: &CopiesArgs, talk: Talk) -> Result<u8> {
    let checked = check_file(&args.file);
    let name = args.file.display().to_string();
    let Some(editions) = &checked.loaded.editions else {
        report(&name, &checked.loaded, false)?;
        return Ok(EXIT_INPUT);
    };
    let renderer = Renderer::new(Assets::builtin()?)?;
    // Dated when they are made, as a mail program dates a draft.
    let made = crate::util::source_date_epoch()?.unwrap_or_else(jiff::Timestamp::now);
    // The page the office published, and a signed letter's PDF from its seal.
    let mails = match copies::for_file(&args.file, &renderer, editions, &checked.settings, made) {
        Ok(m) => m,
        Err(e) => {
            anstream::eprintln!("error: {name}: {e}");
            return Ok(EXIT_INPUT);
        }
    };
    fs::create_dir_all(&args.out)?;
    for (file, bytes) in &mails {
        let path = args.out.join(file);
        fs::write_atomic(&path, bytes)?;
        if !talk.quiet {
            anstream::eprintln!("wrote {}", crate::util::shown(&path));
        }
    }
    Ok(EXIT_OK)
}
