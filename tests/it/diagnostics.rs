//! Bad input: each kind has a fixture, and its whole diagnostic and exit code are snapshotted.

use crate::support::{TempDir, root, s55};

fn check(dir: &std::path::Path, file: &str) -> String {
    let run = s55(dir, &["check", file]);
    assert!(run.stdout.is_empty(), "check prints nothing on stdout");
    format!("exit code: {}\n{}", run.code, run.stderr)
}

#[test]
fn every_invalid_fixture_is_reported_where_it_is() {
    let dir = root().join("tests/fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 13, "{names:?}");
    for name in names {
        let out = check(&dir, &name);
        assert!(out.starts_with("exit code: 1\n"), "{name}:\n{out}");
        assert!(out.contains("error:"), "{name}");
        insta::assert_snapshot!(format!("invalid-{name}"), out);
    }
}

#[test]
fn valid_fixtures_warn_but_pass() {
    let dir = root().join("tests/fixtures/valid");
    for name in ["late-and-unsafe-markup.yaml", "bom-crlf.yaml"] {
        let out = check(&dir, name);
        assert!(out.starts_with("exit code: 0\n"), "{name}:\n{out}");
        insta::assert_snapshot!(format!("valid-{name}"), out);
    }
}

#[test]
fn a_missing_file_and_a_folder_are_reported() {
    let tmp = TempDir::new("missing");
    std::fs::create_dir(tmp.path().join("responses")).unwrap();
    let out = check(tmp.path(), "nowhere.yaml");
    assert_eq!(
        out,
        "exit code: 1\nerror: cannot read `nowhere.yaml`: no such file\n  --> nowhere.yaml\n   = help: check the path; response files usually sit in `responses/`\n\nchecked 1 file: 1 error, 0 warnings\n"
    );
    // A folder is checked file by file now; one with no response in it is a usage mistake.
    let out = check(tmp.path(), "responses");
    assert_eq!(
        out,
        "exit code: 2\nerror: `responses` holds no response files (.yaml or .yml, in it or below)\n"
    );
}

#[test]
fn a_ten_megabyte_field_is_refused_with_the_limit() {
    let tmp = TempDir::new("huge");
    let seed =
        std::fs::read_to_string(root().join("examples/warwickshire-child-protection-2022.yaml"))
            .unwrap();
    let huge = seed.replace(
        "title: Response to Warwickshire – National child protection inspection",
        &format!("title: {}", "x".repeat(10_000_000)),
    );
    std::fs::write(tmp.path().join("huge.yaml"), huge).unwrap();
    let out = check(tmp.path(), "huge.yaml");
    assert_eq!(
        out,
        "exit code: 1\nerror: `huge.yaml` is 10.0 MB, larger than the 8.0 MB a response file may be\n  --> huge.yaml\n   = help: a response is usually well under 100 KB: check that this is the right file\n\nchecked 1 file: 1 error, 0 warnings\n"
    );
}

#[test]
fn every_problem_in_a_file_is_reported_in_one_run() {
    let dir = root().join("tests/fixtures/invalid");
    let out = check(&dir, "wrong-types.yaml");
    assert!(out.contains("recommendations[1].number"), "{out}");
    assert!(out.contains("recommendations[5].number"), "{out}");
    let out = check(&dir, "empty-required-text.yaml");
    for path in [
        "at force",
        "sections[3].text",
        "sections[4].text",
        "recommendations[4].items[1].text",
    ] {
        assert!(out.contains(path), "{path} missing in:\n{out}");
    }
}

#[test]
fn warnings_fail_the_check_only_when_asked() {
    let dir = root().join("examples");
    let run = s55(&dir, &["check", "warwickshire-child-protection-2022.yaml"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .ends_with("checked 1 file: 0 errors, 10 warnings\n"),
        "{}",
        run.stderr
    );
    let run = s55(
        &dir,
        &[
            "check",
            "--deny-warnings",
            "warwickshire-child-protection-2022.yaml",
        ],
    );
    assert_eq!(run.code, 1);
    let run = s55(&dir, &["check", "--deny-warnings", "full.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn diagnostics_are_coloured_only_when_forced() {
    let dir = root().join("tests/fixtures/invalid");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["check", "impossible-date.yaml"])
        .current_dir(&dir)
        .env_clear()
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\u{1b}[31"),
        "colour when forced"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["check", "impossible-date.yaml"])
        .current_dir(&dir)
        .env_clear()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains('\u{1b}'),
        "NO_COLOR wins"
    );
}
