use super::*;

const FILE: &str = "\
# The office's note, kept.
draft: true   # delete once signed

recommendations:
  - number: 1
    text: \"First.\"
    # addressed_to: the Home Office
    response: |
      We will.
  - number: 2   # the second
    text: Second.
  - number: 3
    text: Third.
tail: end
";

fn p(s: &str) -> FieldPath {
    FieldPath::parse(s)
}

#[test]
fn removing_an_entry_keeps_every_other_line() {
    let out = apply(FILE, &ListEdit::Remove(p("recommendations[1]"))).unwrap();
    assert_eq!(
        out,
        FILE.replace("  - number: 2   # the second\n    text: Second.\n", "")
    );
}

#[test]
fn removing_the_last_entry_leaves_an_empty_list() {
    let text = "a: 1\nlist:\n  - x: 1\nb: 2\n";
    let out = apply(text, &ListEdit::Remove(p("list[0]"))).unwrap();
    assert_eq!(out, "a: 1\nlist: []\nb: 2\n");
}

#[test]
fn moving_an_entry_takes_its_comments_with_it() {
    let out = apply(FILE, &ListEdit::Down(p("recommendations[0]"))).unwrap();
    let first = "  - number: 1\n    text: \"First.\"\n    # addressed_to: the Home Office\n    response: |\n      We will.\n";
    let second = "  - number: 2   # the second\n    text: Second.\n";
    assert_eq!(
        out,
        FILE.replace(&format!("{first}{second}"), &format!("{second}{first}"))
    );
    let back = apply(&out, &ListEdit::Up(p("recommendations[1]"))).unwrap();
    assert_eq!(back, FILE);
}

#[test]
fn the_last_entry_moves_up_at_the_end_of_a_file_without_a_final_line_break() {
    let text = "list:\n  - a\n  - b";
    assert_eq!(
        apply(text, &ListEdit::Up(p("list[1]"))).unwrap(),
        "list:\n  - b\n  - a"
    );
}

#[test]
fn moving_past_either_end_is_refused() {
    assert!(apply(FILE, &ListEdit::Up(p("recommendations[0]"))).is_err());
    assert!(apply(FILE, &ListEdit::Down(p("recommendations[2]"))).is_err());
}

#[test]
fn an_entry_is_appended_indented_as_its_list() {
    let fields = vec![
        ("number".to_owned(), "4".to_owned()),
        ("text".to_owned(), "Fourth: now.".to_owned()),
        ("response".to_owned(), "Two\nlines.".to_owned()),
    ];
    let out = apply(
        FILE,
        &ListEdit::Append {
            list: p("recommendations"),
            fields,
        },
    )
    .unwrap();
    assert_eq!(
            out,
            FILE.replace(
                "    text: Third.\n",
                "    text: Third.\n  - number: 4\n    text: \"Fourth: now.\"\n    response: |\n      Two\n      lines.\n"
            )
        );
}

#[test]
fn a_missing_list_is_made_in_its_mapping() {
    let fields = vec![
        ("date".to_owned(), "2027-01-05".to_owned()),
        ("status".to_owned(), "in progress".to_owned()),
    ];
    let out = apply(
        FILE,
        &ListEdit::Append {
            list: p("recommendations[1].progress"),
            fields,
        },
    )
    .unwrap();
    assert_eq!(
            out,
            FILE.replace(
                "    text: Second.\n",
                "    text: Second.\n    progress:\n      - date: 2027-01-05\n        status: in progress\n"
            )
        );
}

#[test]
fn an_empty_list_takes_its_first_entry() {
    let text = "a: 1\nlist: []   # none yet\nb: 2\n";
    let out = apply(
        text,
        &ListEdit::Append {
            list: p("list"),
            fields: vec![("text".to_owned(), "One".to_owned())],
        },
    )
    .unwrap();
    assert_eq!(out, "a: 1\nlist:   # none yet\n  - text: One\nb: 2\n");
}

#[test]
fn removing_a_field_keeps_the_comments_around_it() {
    let out = apply(FILE, &ListEdit::Remove(p("draft"))).unwrap();
    assert_eq!(
        out,
        FILE.replace("draft: true   # delete once signed\n", "")
    );
}

#[test]
fn a_list_in_brackets_is_refused_and_nothing_changes() {
    let e = apply("list: [a, b]\n", &ListEdit::Down(p("list[0]"))).unwrap_err();
    assert!(e.contains("written in brackets"), "{e}");
}

fn insert(list: &str, entries: &str, before: Option<usize>, after: &[&str]) -> ListEdit {
    ListEdit::Insert {
        list: p(list),
        entries: entries.to_owned(),
        before,
        after: after.iter().map(|s| (*s).to_owned()).collect(),
    }
}

#[test]
fn entries_are_inserted_after_the_last_indented_as_their_list() {
    let entries = "# not a finding (line 2): \"Intro\"\n- number: 4\n  text: \"Fourth.\"\n  items:\n    - \"a\"\n  response: |\n    One.\n\n    Two.\n";
    let out = apply(FILE, &insert("recommendations", entries, None, &[])).unwrap();
    assert_eq!(
            out,
            FILE.replace(
                "    text: Third.\n",
                "    text: Third.\n  # not a finding (line 2): \"Intro\"\n  - number: 4\n    text: \"Fourth.\"\n    items:\n      - \"a\"\n    response: |\n      One.\n\n      Two.\n"
            )
        );
}

#[test]
fn the_last_entry_keeps_its_own_closing_comment() {
    let text = "list:\n  - x: 1\n    # its note\n# the next part\nb: 2\n";
    let out = apply(text, &insert("list", "- x: 2\n", None, &[])).unwrap();
    assert_eq!(
        out,
        "list:\n  - x: 1\n    # its note\n  - x: 2\n# the next part\nb: 2\n"
    );
}

#[test]
fn an_entry_is_inserted_before_another() {
    let text = "sections:\n  - kind: comments\n    text: x\n  - kind: publication\n";
    let out = apply(
        text,
        &insert("sections", "- kind: recommendations\n", Some(1), &[]),
    )
    .unwrap();
    assert_eq!(
        out,
        "sections:\n  - kind: comments\n    text: x\n  - kind: recommendations\n  - kind: publication\n"
    );
}

#[test]
fn a_missing_top_level_list_is_made_after_the_field_named() {
    let text = "a: 1\nlist:\n  - x: 1\n\n# the tail\nb: 2\n";
    let out = apply(
        text,
        &insert("other", "- y: 2\n", None, &["nothing", "list"]),
    )
    .unwrap();
    assert_eq!(
        out,
        "a: 1\nlist:\n  - x: 1\n\nother:\n  - y: 2\n\n# the tail\nb: 2\n"
    );
}

#[test]
fn a_missing_nested_list_is_made_in_its_entry() {
    let text = "causes:\n  - number: 1\n    text: A cause.\nb: 2\n";
    let out = apply(
        text,
        &insert(
            "causes[0].recommendations",
            "- number: \"1.1\"\n  text: R.\n",
            None,
            &[],
        ),
    )
    .unwrap();
    assert_eq!(
        out,
        "causes:\n  - number: 1\n    text: A cause.\n    recommendations:\n      - number: \"1.1\"\n        text: R.\nb: 2\n"
    );
}

#[test]
fn an_empty_list_takes_the_entries_inserted() {
    let text = "a: 1\nlist: []\nb: 2\n";
    let out = apply(text, &insert("list", "- x: 1\n- x: 2\n", None, &[])).unwrap();
    assert_eq!(out, "a: 1\nlist:\n  - x: 1\n  - x: 2\nb: 2\n");
}

#[test]
fn entries_that_are_not_a_list_are_refused() {
    let e = apply(FILE, &insert("recommendations", "x: 1\n", None, &[])).unwrap_err();
    assert!(e.contains("not a list"), "{e}");
}
