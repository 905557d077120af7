//! `s55 export findings`: every recommendation of every final response as CSV or JSON on
//! standard output; `s55 export history`: every progress entry of each, a row each. A file
//! that does not check is reported and the run exits 1.

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, print_out, report};
use crate::cli::ExportArgs;
use crate::export;

/// Runs `s55 export findings`.
pub fn findings(args: &ExportArgs) -> Result<u8> {
    export_with(args, export::csv)
}

/// Runs `s55 export history`: the CSV has a row per progress entry; the JSON is the findings'
/// (each with its history).
pub fn history(args: &ExportArgs) -> Result<u8> {
    export_with(args, export::history_csv)
}

/// Scans the folder and prints its findings, as CSV with `csv`.
fn export_with(args: &ExportArgs, csv: fn(&[export::FindingRow]) -> String) -> Result<u8> {
    let (rows, failed) = export::scan(&args.dir)?;
    for (name, loaded) in &failed {
        report(name, loaded, false)?;
    }
    let text = if args.json {
        format!("{}\n", export::json(&rows)?)
    } else {
        csv(&rows)
    };
    print_out(&text)?;
    Ok(if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT
    })
}
