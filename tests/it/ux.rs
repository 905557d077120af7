//! The command line as a new office meets it: install aids (completions, manual pages, the
//! version), colour and quiet on every command, folders for `check` and `render`, the status
//! table's width, `serve --open` and `init`.

#[cfg(unix)]
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Command;
#[cfg(unix)]
use std::process::Stdio;

use crate::support::{Run, TempDir, root, s55};

/// Runs `s55` with a scrubbed environment plus `env`.
fn s55_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the s55 binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn completions_for_every_shell_come_from_the_command_model() {
    let tmp = TempDir::new("completions");
    for (shell, start) in [
        ("bash", "_s55() {"),
        ("zsh", "#compdef s55"),
        ("fish", "# Print an optspec"),
        (
            "powershell",
            "\nusing namespace System.Management.Automation",
        ),
        ("elvish", "\nuse builtin;"),
    ] {
        let run = s55(tmp.path(), &["completions", shell]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{shell}");
        assert!(
            run.stdout.starts_with(start),
            "{shell}: {}",
            &run.stdout[..80]
        );
        for word in [
            "check", "render", "build", "status", "serve", "init", "color",
        ] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let run = s55(tmp.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        run.stderr
    );
}

#[test]
fn man_prints_the_page_and_writes_one_per_command() {
    let tmp = TempDir::new("man");
    let run = s55(tmp.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let th = format!(
        ".TH s55 1  \"s55 {} ({})\" ",
        env!("CARGO_PKG_VERSION"),
        env!("S55_COMMIT")
    );
    assert!(run.stdout.lines().any(|l| l == th), "{}", run.stdout);
    assert!(
        run.stdout.contains("\\-\\-color"),
        "the global flags are on the page"
    );

    let run = s55(tmp.path(), &["man", "--out", "man"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "wrote 20 manual pages into man\n")
    );
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "s55-build.1",
            "s55-check.1",
            "s55-completions.1",
            "s55-copies.1",
            "s55-export-findings.1",
            "s55-export-history.1",
            "s55-export.1",
            "s55-import-docx.1",
            "s55-import-recs.1",
            "s55-import-response.1",
            "s55-import.1",
            "s55-init.1",
            "s55-man.1",
            "s55-new.1",
            "s55-publish-wordpress.1",
            "s55-publish.1",
            "s55-render.1",
            "s55-serve.1",
            "s55-status.1",
            "s55.1"
        ]
    );
    let check = std::fs::read_to_string(tmp.path().join("man/s55-check.1")).unwrap();
    assert!(check.contains("\\-\\-deny\\-warnings"), "{check}");
    let run = s55(tmp.path(), &["man", "--out", "man2", "--quiet"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

/// A copy of the bundled response with one mistake a warning reports, in a folder.
fn one_warning(tmp: &TempDir) {
    let dir = tmp.path().join("responses/kent");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("examples/full.yaml"),
        tmp.path().join("responses/full.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/mopac-thematic-statement.yaml"),
        dir.join("mopac.yaml"),
    )
    .unwrap();
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let tmp = TempDir::new("color");
    let bad = root().join("tests/fixtures/invalid/duplicate-numbers.yaml");
    let bad = bad.to_str().unwrap();
    let plain = s55(tmp.path(), &["check", bad]);
    assert!(!plain.stderr.contains('\u{1b}'), "no colour into a pipe");
    let always = s55(tmp.path(), &["--color", "always", "check", bad]);
    assert_eq!(always.code, 1);
    assert!(
        always.stderr.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m"),
        "{:?}",
        always.stderr
    );
    // After the subcommand too, as a global flag.
    let after = s55(tmp.path(), &["check", bad, "--color=always"]);
    assert_eq!(after.stderr, always.stderr);
    let never = s55_env(
        tmp.path(),
        &["check", bad, "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(never.stderr, plain.stderr);
    let no_color = s55_env(
        tmp.path(),
        &["check", bad],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(no_color.stderr, plain.stderr);
    let run = s55(tmp.path(), &["--color", "sometimes", "check", bad]);
    assert_eq!(run.code, 2);
}

#[test]
fn quiet_works_on_every_command_and_problems_still_show() {
    let tmp = TempDir::new("quiet");
    one_warning(&tmp);
    let run = s55(tmp.path(), &["check", "responses", "-q"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert!(!run.stderr.contains("checked"), "{}", run.stderr);
    let bad = root().join("tests/fixtures/invalid/duplicate-numbers.yaml");
    let run = s55(tmp.path(), &["--quiet", "check", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: two of the recommendations are numbered 3"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("checked 1 file"), "{}", run.stderr);
    for args in [
        &["build", "responses", "--quiet"][..],
        &["-q", "render", "responses", "--out", "out"],
        &[
            "status",
            "responses",
            "-q",
            "--today",
            "2026-01-01",
            "--json",
        ],
        &["init", "office", "-q"],
        &["man", "--out", "man", "-q"],
    ] {
        let run = s55(tmp.path(), args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    }
}

#[test]
fn check_and_render_take_folders_as_build_does() {
    let tmp = TempDir::new("folders");
    one_warning(&tmp);
    // The settings file at the top is not a response, and sub-folders are read.
    std::fs::write(tmp.path().join("responses/s55.yaml"), "tracker: false\n").unwrap();
    let run = s55(tmp.path(), &["check", "responses"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("checked 2 files: 0 errors, 0 warnings\n"),
        "{}",
        run.stderr
    );
    let run = s55(
        tmp.path(),
        &["render", "responses", "--out", "out", "--format", "md"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let full = Path::new("out").join("full.md");
    let mopac = Path::new("out").join("kent").join("mopac.md");
    assert_eq!(
        run.stderr,
        format!(
            "wrote {} (from {})\nwrote {} (from {})\nrendered 2 files of 2 responses into out\n",
            full.display(),
            Path::new("responses").join("full.yaml").display(),
            mopac.display(),
            Path::new("responses").join("kent/mopac.yaml").display(),
        )
    );
    assert!(tmp.path().join(&mopac).is_file());
    let bad = tmp.path().join("responses/kent/broken.yaml");
    std::fs::write(&bad, "title: [\n").unwrap();
    let run = s55(tmp.path(), &["check", "responses"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .ends_with("checked 3 files: 1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );
}

/// The Warwickshire response alone in `responses/w.yaml`, built with `s55 build`.
fn build_warwickshire(name: &str) -> (TempDir, Run) {
    let tmp = TempDir::new(name);
    std::fs::create_dir(tmp.path().join("responses")).unwrap();
    std::fs::copy(
        root().join("responses/warwickshire-child-protection-2022.yaml"),
        tmp.path().join("responses/w.yaml"),
    )
    .unwrap();
    let run = s55(tmp.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (tmp, run)
}

#[test]
fn build_names_the_published_file_in_the_output_folder_and_says_warnings_do_not_stop_it() {
    let (tmp, run) = build_warwickshire("build-lines");
    let page = Path::new("public").join(
        "responses/warwickshire-police/2022-08-05-warwickshire-police-national-child-protection-inspection/index.html",
    );
    let tail = format!(
        "rendered {} -> {}\n10 warnings above, which do not stop publishing: each names what section 55 asks of a response\nbuilt 1 response into public: 1 rendered, 0 kept, 0 removed\n",
        Path::new("responses").join("w.yaml").display(),
        page.display()
    );
    assert!(run.stderr.ends_with(&tail), "{}", run.stderr);
    assert!(tmp.path().join(&page).is_file());
}

#[test]
fn a_build_s_warnings_show_the_lines_of_the_response_they_are_about() {
    // The build keeps a response for its report with only the lines its warnings show; the
    // report lost those lines when the kept text was placed by the whole file's line starts.
    let (_tmp, run) = build_warwickshire("build-snippets");
    let at = Path::new("responses").join("w.yaml").display().to_string();
    let shown = format!(
        "  --> {at}:45:64\n   |\n45 |   August 2022. This action is pursuant to my obligations under Section 55(1) of the Police Act\n   |                                                                ^^^^^^^^^^^^^\n"
    );
    assert!(run.stderr.contains(&shown), "{}", run.stderr);
    let rec = format!("   --> {at}:144:5\n    |\n144 |   - number: 1\n    |     ^\n");
    assert!(run.stderr.contains(&rec), "{}", run.stderr);
}

fn status_at(columns: &str) -> Run {
    s55_env(
        &root(),
        &["status", "tests/fixtures/status", "--today", "2026-02-01"],
        &[("COLUMNS", columns)],
    )
}

#[test]
fn status_fits_the_terminal_and_explains_its_columns() {
    let wide = status_at("220");
    assert_eq!(wide.code, 0, "{}", wide.stderr);
    let lines: Vec<&str> = wide.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Force           Report                              Published  Last day   Response   Timing             Recs AFIs CoCs Over Copies"
    );
    assert_eq!(
        lines[1],
        "Cheshire Police Custody inspection – Cheshire       2025-10-01 2025-11-25 –          overdue by 68 days 0/1  –    –    1    –"
    );
    assert!(
        wide.stdout.ends_with(
            "\nRecs, AFIs, CoCs: recommendations, areas for improvement and causes of concern with a response of their own, of all. Over: recommendations past their due date and not closed. Copies: sent to HMICFRS and the Home\nSecretary (HS), s.55(6).\n"
        ),
        "{}",
        wide.stdout
    );
    for columns in [40, 60, 80, 100, 120, 132] {
        let run = status_at(&columns.to_string());
        for line in run.stdout.lines() {
            assert!(line.chars().count() <= columns, "{columns}: {line}");
        }
    }
    // At 80 columns the figures do not fit beside the titles: each response is a block, the
    // force and title whole, then the timing, dates, counts and copies, none of them cut.
    let narrow = status_at("80");
    let lines: Vec<&str> = narrow.stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "Cheshire Police – Custody inspection – Cheshire",
            "    overdue by 68 days · Published 2025-10-01 · Last day 2025-11-25 · Response –",
            "    Recs 0/1 · AFIs – · CoCs – · Over 1 · Copies –",
        ],
        "{}",
        narrow.stdout
    );
    assert!(!narrow.stdout.contains('…'), "{}", narrow.stdout);
    // A little wider, the titles are shortened first and the rest stays whole.
    let medium = status_at("120");
    let lines: Vec<&str> = medium.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "Cheshire Police Custody inspection – Che… 2025-10-01 2025-11-25 –          overdue by 68 days 0/1  –    –    1    –"
    );
}

#[test]
fn status_counts_areas_for_improvement_and_causes_of_concern() {
    let tmp = TempDir::new("status-afis");
    std::fs::create_dir(tmp.path().join("responses")).unwrap();
    std::fs::copy(
        root().join("examples/full.yaml"),
        tmp.path().join("responses/full.yaml"),
    )
    .unwrap();
    let run = s55_env(
        tmp.path(),
        &["status", "--today", "2026-02-01", "-q"],
        &[("COLUMNS", "200")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "no legend with --quiet: {}", run.stdout);
    insta::assert_snapshot!("status-afis-cocs", run.stdout);
}

/// A folder on PATH holding a stand-in browser opener that records the address it is given.
#[cfg(unix)]
fn fake_opener(tmp: &TempDir) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" > {}\n",
            tmp.path().join("opened").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// Starts `s55 serve --open` on a free port with `PATH`, and returns the child and the
/// address it printed.
#[cfg(unix)]
fn serve_open(path: &str) -> (std::process::Child, String) {
    let file = root().join("examples/full.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["serve", file.to_str().unwrap(), "--port", "0", "--open"])
        .env_clear()
        .env("PATH", path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .split(" at ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or_default()
        .to_owned();
    (child, url)
}

#[cfg(target_os = "linux")]
#[test]
#[cfg(unix)]
fn serve_open_opens_the_browser_and_a_missing_one_is_a_warning() {
    let tmp = TempDir::new("serve-open");
    let bin = fake_opener(&tmp);
    let (mut child, url) = serve_open(bin.to_str().unwrap());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let opened = tmp.path().join("opened");
    for _ in 0..100 {
        if std::fs::read_to_string(&opened).is_ok_and(|t| t.ends_with('\n')) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        format!("{url}\n")
    );

    // No opener at all: the preview still runs, and says how to open it.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (mut child, url) = serve_open(empty.to_str().unwrap());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let mut stderr = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut stderr)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        stderr.starts_with("warning: could not open a browser (`xdg-open`: ")
            && stderr.contains(&format!("); open {url} yourself")),
        "{stderr}"
    );
}

#[test]
fn init_makes_an_office_folder_and_never_overwrites() {
    let tmp = TempDir::new("init");
    let run = s55(tmp.path(), &["init", "office"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p = |rel: &str| Path::new("office").join(rel).display().to_string();
    assert_eq!(
        run.stderr,
        format!(
            "wrote {}\nwrote {}\nwrote {}\nwrote {}\nnext: fill in every TODO of responses/new-response.yaml (or `s55 serve --open` to watch it), then `cd office && s55 check`\n",
            p("README.md"),
            p("responses/s55.yaml"),
            p("responses/new-response.yaml"),
            p("templates/README.md")
        )
    );
    let office = tmp.path().join("office");
    // The example is what `s55 new` prints, and the settings are read as the office's.
    let new = s55(tmp.path(), &["new"]);
    assert_eq!(
        std::fs::read_to_string(office.join("responses/new-response.yaml")).unwrap(),
        new.stdout
    );
    // The example is a draft: its placeholders are warnings, and status lists it as owed.
    let status = s55(&office, &["status", "--today", "2026-01-01", "--json"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status.stdout.contains("\"file\": \"new-response.yaml\""),
        "{}",
        status.stdout
    );
    let settings = std::fs::read_to_string(office.join("responses/s55.yaml")).unwrap();
    assert!(settings.contains("statuses:"));

    // A second run, or a folder with any of the files, writes nothing.
    std::fs::write(office.join("README.md"), "ours").unwrap();
    std::fs::remove_file(office.join("templates/README.md")).unwrap();
    let run = s55(tmp.path(), &["init", "office"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: `{}`, `{}`, `{}` already there, so nothing was written: s55 init never overwrites an office's files unless asked\n  = help: run it in a new folder (`s55 init DIR`), move them away first, or add --overwrite to replace them with new ones\n",
            p("README.md"),
            p("responses/s55.yaml"),
            p("responses/new-response.yaml")
        )
    );
    assert!(!office.join("templates/README.md").exists());
    assert_eq!(
        std::fs::read_to_string(office.join("README.md")).unwrap(),
        "ours"
    );
}
