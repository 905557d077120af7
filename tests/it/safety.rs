//! s55 facing a hostile output folder, input folder or web page: nothing written or deleted
//! outside `--out`, no hang on what is not a file, one broken entry never the whole build,
//! and a preview that answers only its own page.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::support::{TempDir, root, s55};

/// A responses folder with one example response, and the folder it sits in.
fn office(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("examples/full.yaml"), dir.join("full.yaml")).unwrap();
    dir
}

/// A folder outside the output with a page in each of two sub-folders, to be left alone.
fn bystander(tmp: &TempDir) -> PathBuf {
    let other = tmp.path().join("othersite");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(other.join(sub)).unwrap();
        std::fs::write(other.join(sub).join("index.html"), "theirs").unwrap();
    }
    other
}

fn untouched(other: &Path) {
    for sub in ["a", "b"] {
        assert_eq!(
            std::fs::read_to_string(other.join(sub).join("index.html")).unwrap(),
            "theirs"
        );
    }
    let names: Vec<_> = std::fs::read_dir(other)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "nothing added: {names:?}");
}

#[test]
fn a_linked_forces_folder_in_the_output_is_not_followed() {
    let tmp = TempDir::new("safety-forces-link");
    office(&tmp);
    let other = bystander(&tmp);
    std::fs::create_dir_all(tmp.path().join("public")).unwrap();
    symlink("../othersite", tmp.path().join("public/forces")).unwrap();
    let run = s55(tmp.path(), &["build", "--quiet"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `public/forces` is a link; s55 does not write through links, so as not to write outside `public`: remove the link, or build into another folder\n"
    );
    untouched(&other);
}

#[test]
fn a_linked_responses_folder_is_neither_written_nor_emptied() {
    let tmp = TempDir::new("safety-responses-link");
    std::fs::create_dir_all(tmp.path().join("responses")).unwrap();
    let other = bystander(&tmp);
    std::fs::write(other.join("secret.txt"), "keep").unwrap();
    let public = tmp.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    symlink("../othersite", public.join("responses")).unwrap();
    // A manifest that says s55 once published `responses/secret.txt` and
    // `responses/a/index.html`, for a response since removed.
    let manifest = r#"{"assets":"x","responses":{"gone.yaml":{"input":"0","slug":"a/b",
        "files":["responses/secret.txt","responses/a/index.html","../othersite/b/index.html"],
        "meta":{"slug":"a/b","href":"x","title":"t","force":"f","force_slug":"f","office":"o",
        "report_title":"r","report_kind":"k","report_url":null,"report_published":"2025-01-01",
        "report_published_text":"1 January 2025","response_date":null,"response_date_text":null,
        "last_day":"2025-03-01","days_late":null,"recommendations":0,"answered":0,"files":[]}}}}"#;
    std::fs::write(public.join(".s55-manifest.json"), manifest).unwrap();
    let run = s55(tmp.path(), &["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(other.join("secret.txt")).unwrap(),
        "keep"
    );
    std::fs::remove_file(other.join("secret.txt")).unwrap();
    untouched(&other);
    assert!(public.join("index.html").is_file());
}

#[test]
fn a_link_planted_where_a_page_goes_is_refused() {
    let tmp = TempDir::new("safety-page-link");
    office(&tmp);
    let public = tmp.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(tmp.path().join("victim.txt"), "mine").unwrap();
    symlink("../victim.txt", public.join("index.html")).unwrap();
    let run = s55(tmp.path(), &["build", "--quiet"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `public/index.html` is a link; s55 does not write through links: remove it, then build again\n"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("victim.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_planted_temporary_name_is_not_written_through() {
    let tmp = TempDir::new("safety-temp-link");
    office(&tmp);
    let public = tmp.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(tmp.path().join("victim.txt"), "mine").unwrap();
    // The shell plants links at the names a build with its process id would once have used,
    // then becomes that build (`exec` keeps the id).
    let script = format!(
        "for n in index.html responses.json feed.xml style.css .s55-manifest.json; do ln -s ../victim.txt public/.$n.s55-$$.tmp; done; exec {} build --quiet",
        env!("CARGO_BIN_EXE_s55")
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(tmp.path())
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("victim.txt")).unwrap(),
        "mine"
    );
    assert!(
        std::fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("<!DOCTYPE html>")
    );
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_while_one_runs() {
    let tmp = TempDir::new("safety-lock");
    office(&tmp);
    let public = tmp.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    // A build in progress, as far as the lock goes; with its temporary file.
    let lock = std::fs::File::create(public.join(".s55-lock")).unwrap();
    lock.try_lock().unwrap();
    std::fs::write(public.join(".index.html.Ab12Cd.s55.tmp"), "half").unwrap();
    let run = s55(tmp.path(), &["build", "--quiet"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: another `s55 build` is writing into `public` (it holds `public/.s55-lock`); wait for it to finish, then build again\n"
    );
    assert_eq!(
        std::fs::read_to_string(public.join(".index.html.Ab12Cd.s55.tmp")).unwrap(),
        "half",
        "the live build's temporary file stays"
    );
    assert!(!public.join("index.html").exists());
    // Once it has finished, a build goes ahead and tidies what a stopped build left.
    drop(lock);
    let run = s55(tmp.path(), &["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(public.join("index.html").is_file());
    assert!(!public.join(".index.html.Ab12Cd.s55.tmp").exists());
}
