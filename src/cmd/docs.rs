//! `s55 completions` and `s55 man`: both made from the clap model of the command line, so
//! they can never fall behind `--help`.

use anyhow::{Context as _, Result};
use clap::CommandFactory as _;

use super::{EXIT_OK, Talk, print_out};
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::fs;

/// Runs `s55 completions SHELL`: the script on standard output.
pub fn completions(args: &CompletionsArgs) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "s55", &mut script);
    print_out(&String::from_utf8_lossy(&script))?;
    Ok(EXIT_OK)
}

/// Every manual page: the main one first, then one per subcommand, as (file name, roff).
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        let subs: Vec<clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        let man = clap_mangen::Man::new(cmd);
        let mut roff = Vec::new();
        man.render(&mut roff)
            .context("cannot write the manual page")?;
        out.push((man.get_filename(), roff));
        for sub in subs {
            collect(sub, out)?;
        }
        Ok(())
    }
    // Built first, so that each subcommand knows its full name (`s55-import-recs`) and the
    // global flags; `help` is clap's own and needs no page.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(cmd, &mut out)?;
    Ok(out)
}

/// Runs `s55 man`: the main page on standard output, or every page into `--out`.
pub fn man(args: &ManArgs, talk: Talk) -> Result<u8> {
    let pages = pages()?;
    let Some(dir) = &args.out else {
        if let Some((_, roff)) = pages.first() {
            print_out(&String::from_utf8_lossy(roff))?;
        }
        return Ok(EXIT_OK);
    };
    fs::create_dir_all(dir)?;
    for (name, roff) in &pages {
        fs::write_atomic(&dir.join(name), roff)?;
    }
    if !talk.quiet {
        anstream::eprintln!("wrote {} manual pages into {}", pages.len(), dir.display());
    }
    Ok(EXIT_OK)
}
