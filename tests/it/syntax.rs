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

/// `s55 check` on a file of `tests/fixtures/slips` or `invalid`, by name.
fn check_in(folder: &str, name: &str) -> crate::support::Run {
    s55(
        &root().join("tests/fixtures").join(folder),
        &["check", name],
    )
}

#[test]
fn a_colon_in_a_text_not_in_quotes_says_to_quote_it() {
    let run = check_in("invalid", "syntax-colon-in-text.yaml");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: this is not valid YAML: the text after `response:` holds a colon followed by a space, which YAML reads as the start of another field
  --> syntax-colon-in-text.yaml:42:21
   |
42 |     response: Update: a review began in April 2026 and reports to the board in July.
   |                     ^
   = help: put the text in double quotes: `response: \"Update: a review began in April …\"`

checked 1 file: 1 error, 0 warnings
"
    );
}

#[test]
fn three_independent_slips_are_three_plain_errors_in_one_run() {
    let run = check_in("invalid", "syntax-three-slips.yaml");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: this is not valid YAML: `timescale:` is indented 7 spaces, so it lines up with no field around it: the fields it could belong with are indented 8, 4 or 0
  --> syntax-three-slips.yaml:36:8
   |
36 |        timescale: within three months
   |        ^^^^^^^^^^
   = help: line it up with the fields it belongs with: indent it by 8 spaces, as `text:` above it

error: this is not valid YAML: the text after `response:` holds a colon followed by a space, which YAML reads as the start of another field
  --> syntax-three-slips.yaml:42:21
   |
42 |     response: Update: a review began in April 2026 and reports to the board in July.
   |                     ^
   = help: put the text in double quotes: `response: \"Update: a review began in April …\"`

error: this is not valid YAML: the apostrophe after `force` ends the text that `'` started, so the rest of the line is not understood
  --> syntax-three-slips.yaml:48:38
   |
48 |     response: 'Training for the force's response officers finishes in September 2026.'
   |                                      ^
   = help: put the text in double quotes: `response: \"Training for the force's respon …\"` (or write each apostrophe twice: `''`)

checked 1 file: 3 errors, 0 warnings
"
    );
}

#[test]
fn each_slip_is_said_in_plain_words_at_its_own_line() {
    for (name, line, message) in [
        (
            "syntax-apostrophe-in-single-quotes.yaml",
            48,
            "the apostrophe after `force` ends the text that `'` started",
        ),
        (
            "syntax-quotes-in-double-quotes.yaml",
            42,
            "a double quote inside the text ends the text that `\"` started",
        ),
        (
            "syntax-dedented-field.yaml",
            44,
            "`owner:` is indented 2 spaces, so it lines up with no field around it",
        ),
        (
            "syntax-field-one-space-off.yaml",
            43,
            "`status:` is indented 5 spaces, so it lines up with no field around it",
        ),
        (
            "syntax-field-one-level-deep.yaml",
            42,
            "`status:` is indented 6 spaces, so it lines up with no field around it: the fields it could belong with are indented 4 or 0",
        ),
        (
            "syntax-tab.yaml",
            43,
            "`status:` is indented with a tab, and YAML reads only spaces as indentation",
        ),
        (
            "syntax-dash-missing.yaml",
            45,
            "`number:` is given twice in one entry of the list: a new entry needs a dash (`- `) before its first field",
        ),
    ] {
        let run = check_in("invalid", name);
        assert_eq!(run.code, 1, "{name}");
        assert!(
            run.stderr
                .starts_with(&format!("error: this is not valid YAML: {message}")),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("--> {name}:{line}:")),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .ends_with("checked 1 file: 1 error, 0 warnings\n"),
            "{name}: {}",
            run.stderr
        );
        // No parser jargon.
        for jargon in ["mapping values", "did not find expected", "while parsing"] {
            assert!(!run.stderr.contains(jargon), "{name}: {}", run.stderr);
        }
    }
}

#[test]
fn a_response_indented_under_the_cause_instead_of_its_recommendation_is_caught() {
    let run = check_in("slips", "misplaced-cause-response.yaml");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: this `response:` is read as the response to cause of concern 1, but it comes after recommendation 1.2, which has no response of its own
  --> misplaced-cause-response.yaml:36:5
   |
36 |     response: \"The figures are published on the force's website each month.\"
   |     ^^^^^^^^^
   = help: if it answers recommendation 1.2, indent it by 8 spaces, as that recommendation's `text:`; if it is the cause of concern's own, move it above `recommendations:`
"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hash_in_a_text_not_in_quotes_is_said_to_cut_the_text() {
    let run = check_in("slips", "hash-in-text.yaml");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: `text:` stops at `…the force priority`: in YAML a space and `#` start a comment, so `#1 for every response officer.` is left out of the text
  --> hash-in-text.yaml:46:44
   |
46 |     text: Make training the force priority #1 for every response officer.
   |                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = help: put the text in double quotes: `text: \"Make training the force priorit …\"`

checked 1 file: 0 errors, 1 warning
"
    );
}
