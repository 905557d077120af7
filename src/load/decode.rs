//! Reading a response file's bytes and decoding them as text, refusing what cannot be a
//! response file.

use std::path::Path;

use crate::diag::{Diagnostic, Position};
use crate::fs::ReadError;

/// Response files larger than this are refused: a real response is a few tens of kilobytes.
pub const MAX_INPUT_BYTES: usize = 8_000_000;

/// Reads a response file's bytes, refusing what cannot be a response file: a folder, a FIFO
/// or a device (opened without waiting, then refused), or more than [`MAX_INPUT_BYTES`]
/// (counted while reading, so a device that reports no size cannot run on).
// The error is the diagnostic the user sees, built once per file: its size does not matter.
#[allow(clippy::result_large_err)]
pub fn read_input(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    crate::fs::read_limited(path, MAX_INPUT_BYTES).map_err(|e| match e {
        ReadError::Io(e) => {
            let d = Diagnostic::error(format!(
                "cannot read `{}`: {}",
                path.display(),
                io_reason(&e)
            ));
            if e.kind() == std::io::ErrorKind::NotFound {
                d.hint("check the path; response files usually sit in `responses/`")
            } else {
                d
            }
        }
        ReadError::Folder => Diagnostic::error(format!(
            "`{}` is a folder, not a response file",
            path.display()
        ))
        .hint("name the .yaml files inside it, for example `responses/*.yaml`"),
        ReadError::NotAFile => Diagnostic::error(format!(
            "`{}` is not a regular file (a FIFO, a device or a socket)",
            path.display()
        ))
        .hint("a response is a plain text file saved from an editor"),
        ReadError::TooLarge(size) => Diagnostic::error(format!(
            "`{}` is {}larger than the {} a response file may be",
            path.display(),
            size.map(|n| format!("{}, ", megabytes(n)))
                .unwrap_or_default(),
            megabytes(MAX_INPUT_BYTES as u64)
        ))
        .hint("a response is usually well under 100 KB: check that this is the right file"),
    })
}

/// Decodes file bytes as UTF-8 text, dropping a byte order mark.
#[allow(clippy::result_large_err)]
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(format!(
            "the input is {}, larger than the {} a response file may be",
            megabytes(bytes.len() as u64),
            megabytes(MAX_INPUT_BYTES as u64)
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(
            Diagnostic::error("this is a binary file, not a YAML response")
                .at_position(byte_position(bytes, at))
                .hint("a response file is plain text: save it as YAML (UTF-8) from a text editor"),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(Diagnostic::error("the file is not valid UTF-8 text")
            .at_position(byte_position(bytes, e.valid_up_to()))
            .hint("save the file as UTF-8; a file saved as Windows-1252 or Latin-1 breaks curly quotes and Welsh letters")),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn megabytes(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}

/// The line and column of a byte offset, for text that may not be valid UTF-8.
fn byte_position(bytes: &[u8], at: usize) -> Position {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position {
        line,
        column,
        width: 1,
    }
}
