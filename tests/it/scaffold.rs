//! The response `s55 new` prints: an office's own scaffold template (`--templates`) is used
//! in place of the built-in one, and a scaffold that names a field the response file does not
//! have is refused before anyone fills it in.

use crate::support::{TempDir, root, s55};

/// An office's templates folder holding a copy of the built-in scaffold changed by `change`.
fn office_scaffold(tmp: &TempDir, change: impl Fn(&str) -> String) -> String {
    let builtin = std::fs::read_to_string(root().join("templates/new.yaml.tera")).unwrap();
    let dir = tmp.path().join("office-templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("new.yaml.tera"), change(&builtin)).unwrap();
    dir.to_str().unwrap().to_owned()
}

#[test]
fn an_offices_own_scaffold_is_what_new_prints() {
    let tmp = TempDir::new("scaffold-own");
    let dir = office_scaffold(&tmp, |t| {
        t.replacen(
            "# A section 55 response.",
            "# Northshire OPCC: ask the policy team before you fill this in.\n# A section 55 response.",
            1,
        )
    });
    let run = s55(
        tmp.path(),
        &[
            "new",
            "--templates",
            &dir,
            "--published",
            "2026-03-12",
            "-o",
            "own.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(tmp.path().join("own.yaml")).unwrap();
    assert!(
        text.starts_with("# Northshire OPCC: ask the policy team before you fill this in.\n"),
        "{text}"
    );
    let check = s55(tmp.path(), &["check", "own.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Without the folder, the built-in scaffold.
    let plain = s55(tmp.path(), &["new", "--published", "2026-03-12"]);
    assert!(
        plain.stdout.starts_with("# A section 55 response."),
        "{}",
        plain.stdout
    );
}

#[test]
fn a_scaffold_naming_a_field_the_response_lacks_is_refused_naming_the_template() {
    let tmp = TempDir::new("scaffold-unknown");
    let dir = office_scaffold(&tmp, |t| {
        t.replacen("\nrecommendations:\n", "\nrecomendations:\n", 1)
    });
    let run = s55(
        tmp.path(),
        &[
            "new",
            "--templates",
            &dir,
            "--published",
            "2026-03-12",
            "-o",
            "typo.yaml",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let template = std::path::Path::new(&dir).join("new.yaml.tera");
    assert!(
        run.stderr.contains(&format!(
            "the response template `{}` writes a file s55 cannot read (line ",
            template.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `recomendations`")
            && run.stderr.contains("correct the template"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("typo.yaml").exists());
}
