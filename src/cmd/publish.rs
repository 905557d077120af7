//! `s55 publish wordpress DIR --url URL`: the final responses of a folder on the office's
//! WordPress site, one line for each page saying what was done (or, with --dry-run, would be).

use anyhow::{Result, bail};

use super::{EXIT_INPUT, EXIT_OK, Talk, report};
use crate::cli::WordPressArgs;
use crate::render::{Assets, Renderer};
use crate::util::plural;
use crate::wordpress::{self, Action, Options, Site};

/// The variables the user and application password are read from: never a file, so that no
/// password sits in a folder that is shared or kept in version control.
const USER: &str = "S55_WORDPRESS_USER";
const PASSWORD: &str = "S55_WORDPRESS_PASSWORD";

/// Runs `s55 publish wordpress`.
pub fn wordpress(args: &WordPressArgs, talk: Talk) -> Result<u8> {
    if !(args.url.starts_with("https://") || args.url.starts_with("http://")) {
        bail!(
            "`{}` is not a web address; give the site's address with --url, such as https://www.example-pcc.org.uk",
            args.url
        );
    }
    let site = if args.dry_run {
        None
    } else {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let (Some(user), Some(password)) = (var(USER), var(PASSWORD)) else {
            bail!(
                "set {USER} to the WordPress user's name and {PASSWORD} to an application password made for s55 (in WordPress: Users → Profile → Application Passwords); s55 never reads them from a file"
            );
        };
        Some(Site::new(&args.url, &user, &password))
    };
    let renderer = Renderer::new(Assets::builtin()?)?;
    let opts = Options {
        dir: &args.dir,
        url: &args.url,
        dry_run: args.dry_run,
        overwrite: args.overwrite,
        today: match args.today {
            Some(d) => d,
            None => match super::build::source_date()? {
                Some(d) => d,
                None => jiff::tz::Offset::UTC
                    .to_datetime(jiff::Timestamp::now())
                    .date(),
            },
        },
    };
    let outcome = wordpress::publish(&renderer, &opts, site.as_ref())?;
    for failed in &outcome.broken {
        for (name, loaded) in failed {
            report(name, loaded, false)?;
        }
    }
    let (mut made, mut updated, mut left, mut uploaded) = (0, 0, 0, 0);
    for d in &outcome.done {
        let verb = match (d.action.clone(), args.dry_run) {
            (Action::Create, false) => {
                made += 1;
                "created"
            }
            (Action::Create, true) => {
                made += 1;
                "would create"
            }
            (Action::Update, false) => {
                updated += 1;
                "updated"
            }
            (Action::Update, true) => {
                updated += 1;
                "would update"
            }
            (Action::Leave, _) => {
                left += 1;
                "left as it is"
            }
        };
        uploaded += d.uploads.len();
        let files = if d.uploads.is_empty() {
            String::new()
        } else if args.dry_run {
            format!(" (would upload {})", d.uploads.join(", "))
        } else {
            format!(" (uploaded {})", d.uploads.join(", "))
        };
        if !talk.quiet || args.dry_run {
            println!("{verb}: {} from {}{files}", d.page, d.file);
        }
    }
    for file in &outcome.drafts {
        if !talk.quiet || args.dry_run {
            println!("not sent (a draft): {file}");
        }
    }
    for r in &outcome.refused {
        anstream::eprintln!("error: {}: {}", r.file, r.why);
    }
    if !talk.quiet {
        let prefix = if args.dry_run {
            "would publish"
        } else {
            "published"
        };
        anstream::eprintln!(
            "{prefix} {} to {}: {made} new, {updated} updated, {left} left as they were; {} uploaded; {} not sent",
            plural(outcome.done.len(), "page"),
            args.url,
            plural(uploaded, "file"),
            plural(outcome.drafts.len(), "draft")
        );
    }
    if outcome.refused.is_empty() && outcome.broken.is_empty() {
        Ok(EXIT_OK)
    } else {
        Ok(EXIT_INPUT)
    }
}
