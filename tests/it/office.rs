//! A new office's first run: `s55 init` → `s55 check`, `s55 new` beside the office's settings,
//! and the commands that write a file the user names refusing to replace one unless asked.

use std::path::Path;

use crate::support::{TempDir, s55};

#[test]
fn a_new_office_folder_checks_clean_with_its_placeholders_as_warnings() {
    let tmp = TempDir::new("office-first-run");
    assert_eq!(s55(tmp.path(), &["init", "office", "--quiet"]).code, 0);
    let office = tmp.path().join("office");
    // `s55 check` alone checks `responses`, as build, status and export do.
    let check = s55(&office, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .ends_with("checked 1 file: 0 errors, 17 warnings\n"),
        "{}",
        check.stderr
    );
    // The report's date is one placeholder among the others, underlined alone.
    assert!(
        check.stderr.contains(
            "  --> responses/new-response.yaml:36:15\n   |\n36 |   published: \"TODO: YYYY-MM-DD\"   # day 1 of the 56 days; the last day is publication + 55 days; until it is filled in, a draft counts from today\n   |               ^^^^^^^^^^^^^^^^\n"
        ),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("  --> responses/new-response.yaml:59:12\n   |\n59 |     text: \"TODO: the recommendation, as the report gives it.\"\n"),
        "{}",
        check.stderr
    );
    for cmd in [
        &["build", "--quiet"][..],
        &["export", "findings"],
        &["status"],
    ] {
        let run = s55(&office, cmd);
        assert_eq!(run.code, 0, "{cmd:?}: {}", run.stderr);
    }
}

#[test]
fn a_final_response_with_the_date_placeholder_is_still_an_error() {
    let tmp = TempDir::new("office-final-todo-date");
    let new = s55(tmp.path(), &["new"]);
    let final_ = new.stdout.replace("draft: true\n", "");
    std::fs::write(tmp.path().join("final.yaml"), final_).unwrap();
    let check = s55(tmp.path(), &["check", "final.yaml"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stderr
            .contains("error: `TODO: YYYY-MM-DD` is not a date written YYYY-MM-DD"),
        "{}",
        check.stderr
    );
}

#[test]
fn init_writes_the_offices_details_and_new_leaves_them_to_the_settings() {
    let tmp = TempDir::new("office-details");
    let run = s55(
        tmp.path(),
        &[
            "init",
            "office",
            "--quiet",
            "--body",
            "pfcc",
            "--area",
            "Westmere",
            "--commissioner",
            "Alex Jones",
            "--chief-officer",
            "Sam Patel",
            "--force-name",
            "Westmere Police",
            "--website",
            "https://www.westmere-pfcc.org.uk",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let office = tmp.path().join("office");
    let settings = std::fs::read_to_string(office.join("responses/s55.yaml")).unwrap();
    for line in [
        "office:\n  body:\n    kind: pfcc ",
        "    area: \"Westmere\"\n    website: \"https://www.westmere-pfcc.org.uk\"\n",
        "  commissioner:\n    name: \"Alex Jones\"\n  chief_officer:\n    name: \"Sam Patel\"\n",
        "  force: \"Westmere Police\"\n",
        // What was not asked for is shown, commented, to fill in.
        "# copies:\n#   from: ",
        "# downloads: [docx]\n",
        "#   greetings: true\n",
    ] {
        assert!(settings.contains(line), "{line:?} in:\n{settings}");
    }
    // The example and a new response beside the settings leave out what they give.
    let example = std::fs::read_to_string(office.join("responses/new-response.yaml")).unwrap();
    let new = s55(&office, &["new", "--report", "PEEL 2025"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    for text in [&example, &new.stdout] {
        for gone in [
            "area:",
            "commissioner:",
            "chief_officer:",
            "\nforce:",
            "kind: pcc",
        ] {
            assert!(!text.contains(gone), "{gone} in:\n{text}");
        }
        assert!(
            text.contains("  address:\n    - \"TODO: first line"),
            "{text}"
        );
    }
    std::fs::write(office.join("responses/peel.yaml"), &new.stdout).unwrap();
    let check = s55(&office, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Nothing said about the settings: no conflict, and the missing date is the response's.
    assert!(!check.stderr.contains("s55.yaml"), "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "warning: the response has no date, so the 56-day deadline cannot be checked\n  --> responses/peel.yaml\n"
        ),
        "{}",
        check.stderr
    );
    // The response inherits them: its letter is signed by the commissioner named at init.
    let render = s55(
        &office,
        &[
            "render",
            "responses/peel.yaml",
            "--format",
            "md",
            "--out",
            "out",
        ],
    );
    assert_eq!(render.code, 0, "{}", render.stderr);
    let md = std::fs::read_to_string(office.join("out/peel.md")).unwrap();
    assert!(md.contains("Alex Jones"), "{md}");
    assert!(md.contains("Westmere"), "{md}");
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_planted_link() {
    let tmp = TempDir::new("office-init-link");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(tmp.path().join("office")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, tmp.path().join("office/responses")).unwrap();
    for args in [&["init", "office"][..], &["init", "office", "--overwrite"]] {
        let run = s55(tmp.path(), args);
        assert_eq!(run.code, 1, "{args:?}");
        assert_eq!(
            run.stderr,
            format!(
                "error: `{}` is there and is not a folder (a link, or a file), so nothing was written: s55 init writes only into folders of its own\n  = help: move it away, or run s55 init in a new folder (`s55 init DIR`)\n",
                Path::new("office").join("responses").display()
            )
        );
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(!tmp.path().join("office/README.md").exists());
    }
}

#[test]
fn init_overwrites_its_own_files_only_when_asked() {
    let tmp = TempDir::new("office-init-overwrite");
    assert_eq!(s55(tmp.path(), &["init", "-q"]).code, 0);
    std::fs::write(tmp.path().join("responses/s55.yaml"), "tracker: true\n").unwrap();
    std::fs::write(tmp.path().join("responses/ours.yaml"), "ours").unwrap();
    assert_eq!(s55(tmp.path(), &["init", "-q"]).code, 1);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("responses/s55.yaml")).unwrap(),
        "tracker: true\n"
    );
    let run = s55(tmp.path(), &["init", "-q", "--overwrite", "--area", "Kent"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let settings = std::fs::read_to_string(tmp.path().join("responses/s55.yaml")).unwrap();
    assert!(settings.contains("    area: \"Kent\"\n"), "{settings}");
    // The office's own files beside them are not touched.
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("responses/ours.yaml")).unwrap(),
        "ours"
    );
}

#[test]
fn status_html_does_not_replace_a_file_unless_asked() {
    let tmp = TempDir::new("office-status-html");
    std::fs::create_dir_all(tmp.path().join("responses")).unwrap();
    std::fs::copy(
        crate::support::root().join("examples/full.yaml"),
        tmp.path().join("responses/full.yaml"),
    )
    .unwrap();
    std::fs::write(tmp.path().join("status.html"), "our page").unwrap();
    let run = s55(tmp.path(), &["status", "--html", "status.html"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: `status.html` is already there, so nothing was written; choose another name, or add --overwrite to replace it\n"
    );
    assert_eq!(run.stdout, "", "nothing printed either");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("status.html")).unwrap(),
        "our page"
    );
    let run = s55(
        tmp.path(),
        &[
            "status",
            "--html",
            "status.html",
            "--overwrite",
            "--today",
            "2026-01-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(tmp.path().join("status.html")).unwrap();
    assert!(page.contains("<table"), "{page}");
}

#[test]
fn import_response_out_does_not_replace_a_draft_unless_asked() {
    let tmp = TempDir::new("office-import-out");
    let seed = crate::support::root().join("tests/fixtures/warwickshire-child-protection-2022.txt");
    std::fs::copy(&seed, tmp.path().join("old.txt")).unwrap();
    std::fs::create_dir_all(tmp.path().join("drafts")).unwrap();
    std::fs::write(tmp.path().join("drafts/old.yaml"), "edited by hand").unwrap();
    let run = s55(
        tmp.path(),
        &["import", "response", "old.txt", "--out", "drafts"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: `{}` already there, so nothing was written\n  = help: import into another folder, move it away, or add --overwrite to replace it\n",
            Path::new("drafts").join("old.yaml").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("drafts/old.yaml")).unwrap(),
        "edited by hand"
    );
    let run = s55(
        tmp.path(),
        &[
            "import",
            "response",
            "old.txt",
            "--out",
            "drafts",
            "--overwrite",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = std::fs::read_to_string(tmp.path().join("drafts/old.yaml")).unwrap();
    assert!(draft.contains("recommendations:"), "{draft}");
}
