//! Hostile documents given to the importers: each is made by `scripts/hostile-inputs.py`
//! (the same generator `scripts/hostile.sh` times) and must be refused with a clear reason,
//! or read, well within the limits of an office computer, with time and peak memory
//! measured by GNU time around the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, TempDir, root, s55};

/// Writes the generator's case into `dir`, at `scale`, as `file`.
fn make(dir: &Path, case: &str, file: &str, scale: &str, env: &[(&str, &Path)]) -> PathBuf {
    let out = dir.join(file);
    let mut cmd = Command::new("python3");
    cmd.arg(root().join("scripts/hostile-inputs.py"))
        .args([case, out.to_str().unwrap(), scale])
        // The fastest packing: the test times s55, not the packing.
        .env("LEVEL", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd.status().expect("python3 runs");
    assert!(status.success(), "{case}");
    out
}

/// Runs s55 under GNU time: the run, its processor seconds (user and system: wall time on a
/// shared machine measures the other processes) and its peak memory in megabytes.
fn timed(dir: &Path, args: &[&str]) -> (Run, f64, f64) {
    let times = dir.join("time.txt");
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%U %S %M", "-o", times.to_str().unwrap()])
        .arg(env!("CARGO_BIN_EXE_s55"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .output()
        .expect("GNU time runs (apt-get install time)");
    let text = std::fs::read_to_string(&times).unwrap();
    let last = text.lines().last().unwrap_or_default();
    let mut f = last.split_whitespace();
    let user: f64 = f.next().unwrap().parse().unwrap();
    let system: f64 = f.next().unwrap().parse().unwrap();
    let secs = user + system;
    let kb: f64 = f.next().unwrap().parse().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (run, secs, kb / 1024.0)
}

/// The limits a hostile case must stay within: 500 MB, and a time that allows for this
/// unoptimised test build on a shared machine (`scripts/hostile.sh` times the release
/// build against 2 s).
fn within(what: &str, secs: f64, mb: f64) {
    assert!(mb < 500.0, "{what}: {mb:.0} MB");
    assert!(secs < 20.0, "{what}: {secs:.1} s");
}

#[test]
fn a_docx_that_unpacks_to_gigabytes_is_refused_by_every_import() {
    let tmp = TempDir::new("hostile-docx-bomb");
    make(tmp.path(), "docx-bomb", "bomb.docx", "0.05", &[]);
    for args in [
        &["import", "response", "bomb.docx"][..],
        &["import", "recs", "bomb.docx"][..],
    ] {
        let (run, secs, mb) = timed(tmp.path(), args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "this Word document is not imported: its part `word/document.xml` unpacks to more than 32 MB"
            ),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        within(&args.join(" "), secs, mb);
    }
    // The form reader: a form whose document part unpacks past the limit.
    std::fs::copy(
        root().join("examples/full.yaml"),
        tmp.path().join("response.yaml"),
    )
    .unwrap();
    let before = std::fs::read(tmp.path().join("response.yaml")).unwrap();
    let (run, secs, mb) = timed(
        tmp.path(),
        &["import", "docx", "bomb.docx", "--into", "response.yaml"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "this Word document cannot be read: its part `word/document.xml` unpacks to more than 32 MB"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(tmp.path().join("response.yaml")).unwrap(),
        before
    );
    within("import docx", secs, mb);
}

#[test]
fn a_page_of_100000_nested_divs_is_refused_not_a_crash() {
    let tmp = TempDir::new("hostile-divs");
    make(tmp.path(), "nested-divs", "deep.html", "1", &[]);
    for args in [
        &["import", "response", "deep.html"][..],
        &["import", "recs", "deep.html"][..],
    ] {
        let (run, secs, mb) = timed(tmp.path(), args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("this web page nests its elements more than 512 deep (by line 1)"),
            "{}",
            run.stderr
        );
        within(&args.join(" "), secs, mb);
    }
}

#[test]
fn a_form_field_of_100000_list_levels_is_read_as_word_s_nine() {
    let tmp = TempDir::new("hostile-levels");
    std::fs::copy(
        root().join("examples/full.yaml"),
        tmp.path().join("response.yaml"),
    )
    .unwrap();
    let made = s55(
        tmp.path(),
        &[
            "render",
            "response.yaml",
            "--format",
            "docx",
            "--form",
            "chief-officer",
            "-o",
            "forms",
            "-q",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let form = tmp.path().join("forms/response.chief-officer.docx");
    let before = std::fs::read(tmp.path().join("response.yaml")).unwrap();
    let import = [
        "import",
        "docx",
        "levels.docx",
        "--into",
        "response.yaml",
        "--dry-run",
    ];
    // 100,000 levels: the field's text is refused for its length, not a crash.
    make(
        tmp.path(),
        "form-levels",
        "levels.docx",
        "1",
        &[("FORM", &form)],
    );
    let (run, secs, mb) = timed(tmp.path(), &import);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(3000)]);
    assert!(
        run.stderr
            .contains("the form's field `recommendations[0].force_response` holds 4277643 characters, more than the 1000000 s55 takes in one text"),
        "{}",
        &run.stderr[..run.stderr.len().min(3000)]
    );
    within("import docx --dry-run, 100,000 levels", secs, mb);
    // 10,000 levels: read, with the deepest at Word's ninth level.
    make(
        tmp.path(),
        "form-levels",
        "levels.docx",
        "0.1",
        &[("FORM", &form)],
    );
    let (run, secs, mb) = timed(tmp.path(), &import);
    assert_eq!(run.code, 0, "{}", &run.stderr[..run.stderr.len().min(3000)]);
    within("import docx --dry-run, 10,000 levels", secs, mb);
    // Level 8 is the deepest: 8 list indents (of 3) before its marker, and none deeper.
    let nine = format!("{}1. level 8\n", " ".repeat(6 + 8 * 3));
    assert!(
        run.stdout.contains(&nine),
        "{}",
        &run.stdout[..run.stdout.len().min(3000)]
    );
    assert!(run.stdout.contains("level 9999\n"));
    assert!(
        !run.stdout
            .contains(&format!("{}1. level", " ".repeat(6 + 9 * 3))),
        "a list nested deeper than Word's nine levels"
    );
    assert_eq!(
        std::fs::read(tmp.path().join("response.yaml")).unwrap(),
        before
    );
}

#[test]
fn pdf_object_streams_past_the_budget_are_refused() {
    let tmp = TempDir::new("hostile-objstm");
    make(tmp.path(), "objstm-bomb", "bomb.pdf", "0.05", &[]);
    make(tmp.path(), "objstm-count", "count.pdf", "1", &[]);
    for file in ["bomb.pdf", "count.pdf"] {
        let (run, secs, mb) = timed(tmp.path(), &["import", "recs", file]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "this PDF cannot be read: its compressed objects unpack to more than 32 MB, or number more than 500000"
            ),
            "{file}: {}",
            run.stderr
        );
        within(file, secs, mb);
    }
}

#[test]
fn pdf_pages_sharing_one_large_stream_are_refused_not_read_once_a_page() {
    let tmp = TempDir::new("hostile-shared");
    make(tmp.path(), "shared-stream", "shared.pdf", "1", &[]);
    let (run, secs, mb) = timed(tmp.path(), &["import", "response", "shared.pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "this PDF cannot be read: its pages hold more than 128 MB of content by page 3"
        ),
        "{}",
        run.stderr
    );
    within("shared stream", secs, mb);
}

/// Seconds of processor time for `s55 import response` of `lines` lines that each make a
/// warning.
fn import_seconds(dir: &Path, lines: usize) -> (f64, Run) {
    let text: String = std::iter::once("Recommendations\n".to_owned())
        .chain(
            (0..lines)
                .map(|i| format!("The force should review its records of risk in case {i}\n")),
        )
        .collect();
    let file = format!("lines{lines}.txt");
    std::fs::write(dir.join(&file), text).unwrap();
    let (run, secs, _) = timed(dir, &["import", "response", &file]);
    (secs, run)
}

#[test]
fn import_time_grows_in_proportion_to_the_input() {
    let tmp = TempDir::new("hostile-linear");
    let (small, _) = import_seconds(tmp.path(), 4_000);
    let (large, run) = import_seconds(tmp.path(), 16_000);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Four times the input: no more than about four times the time (the start of the
    // process aside); the old reading took sixteen.
    assert!(
        large < 6.0 * small.max(0.1),
        "4,000 lines: {small:.2} s; 16,000 lines: {large:.2} s"
    );
    // Thousands of like warnings are counted, not each printed.
    assert_eq!(
        run.stderr
            .matches("warning: a heading before the text is kept under `unplaced:`")
            .count(),
        20
    );
    assert!(
        run.stderr.contains(
            "warning: 15980 more warnings like this one: a heading before the text is kept under `unplaced:`"
        ),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(2000)..]
    );
}

#[test]
fn utf16_text_with_a_byte_order_mark_is_imported() {
    let tmp = TempDir::new("hostile-utf16");
    let text = "Recommendations\n1. Within three months, the force should review its use of force – and Ŵyn’s.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        std::fs::write(tmp.path().join(name), bytes).unwrap();
        let run = s55(tmp.path(), &["import", "recs", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            run.stdout.contains(
                "text: \"Within three months, the force should review its use of force – and Ŵyn’s.\""
            ),
            "{name}: {}",
            run.stdout
        );
    }
    // Odd bytes after the mark: not UTF-16 after all.
    std::fs::write(tmp.path().join("odd.txt"), [0xFF, 0xFE, b'a', 0, b'b']).unwrap();
    let run = s55(tmp.path(), &["import", "recs", "odd.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the input starts as UTF-16 text but is not UTF-16 throughout"),
        "{}",
        run.stderr
    );
}
