//! YAML mistakes reported where they were made, with a hint for each, and several in one run.

use crate::support::{root, s55};

fn check(name: &str) -> (i32, String) {
    let run = s55(&root().join("tests/fixtures/invalid"), &["check", name]);
    (run.code, run.stderr)
}

#[test]
fn a_section_key_without_its_colon_is_shown_at_its_own_line() {
    assert_eq!(
        check("syntax-key-without-colon.yaml"),
        (
            1,
            "error: this is not valid YAML: `commissioner` has no colon after it, so the lines below cannot be its fields
  --> syntax-key-without-colon.yaml:19:1
   |
19 | commissioner
   | ^^^^^^^^^^^^
   = help: a key needs a colon after it: `commissioner:`

checked 1 file: 1 error, 0 warnings
"
            .to_owned()
        )
    );
}

#[test]
fn a_field_without_its_colon_is_shown_at_its_own_line() {
    assert_eq!(
        check("syntax-field-without-colon.yaml"),
        (
            1,
            "error: this is not valid YAML: `owner` has no colon after it, so this line is not a field
   --> syntax-field-without-colon.yaml:163:5
    |
163 |     owner Head of Performance
    |     ^^^^^
    = help: a key needs a colon and a space after it: `owner: Head of Performance`

checked 1 file: 1 error, 0 warnings
"
            .to_owned()
        )
    );
}

#[test]
fn a_line_of_text_indented_too_little_is_shown_at_its_own_line() {
    let (code, out) = check("syntax-misindented-text.yaml");
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "error: this is not valid YAML: this line of the text is indented 0 spaces, less than the 6 of the lines above it
  --> syntax-misindented-text.yaml:57:1
   |
57 | The report rightly recognises that child protection and wider vulnerability is a priority
   | ^^^^^^^^^"
        ),
        "{out}"
    );
    assert!(
        out.ends_with(
            "   = help: every line of a text written after `|` or `>` needs at least the indentation of its first line: indent this one by 6 spaces

checked 1 file: 1 error, 0 warnings
"
        ),
        "{out}"
    );
}

#[test]
fn four_mistakes_come_out_in_one_run() {
    let (code, out) = check("syntax-four-mistakes.yaml");
    assert_eq!(code, 1);
    let places: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("--> "))
        .collect();
    assert_eq!(
        places,
        [
            "  --> syntax-four-mistakes.yaml:37:1",
            "  --> syntax-four-mistakes.yaml:40:10",
            "   --> syntax-four-mistakes.yaml:163:5",
            "   --> syntax-four-mistakes.yaml:182:10"
        ],
        "{out}"
    );
    assert!(
        out.contains("the quote `\"` opened here is not closed"),
        "{out}"
    );
    assert!(
        out.contains("`owner:` needs a space after the colon"),
        "{out}"
    );
    assert!(
        out.ends_with("checked 1 file: 4 errors, 0 warnings\n"),
        "{out}"
    );
}

#[test]
fn after_the_syntax_mistakes_the_rest_of_the_file_is_checked() {
    let tmp = crate::support::TempDir::new("syntax-and-schema");
    let text = std::fs::read_to_string(root().join("examples/full.yaml"))
        .unwrap()
        .replacen("\ncommissioner:", "\ncommissioner", 1)
        .replacen("\nforce:", "\nforse:", 1);
    std::fs::write(tmp.path().join("r.yaml"), text).unwrap();
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`commissioner` has no colon"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `forse`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("checked 1 file: 3 errors, 0 warnings\n"),
        "{}",
        run.stderr
    );
}
