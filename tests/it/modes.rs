//! Every file s55 writes can be read by the people and programs it is written for: under the
//! usual umask 022, files are 0644 and folders 0755, whichever command wrote them, so that a
//! web server (running as another user) serves the archive and colleagues open the letters.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TempDir, root};

/// Runs `s55` as `support::s55` does, under umask 022, as a shell would start it.
fn s55_umask(cwd: &Path, args: &[&str]) {
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_s55"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "s55 {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file and folder below `dir`, with its permission bits.
fn modes(dir: &Path) -> Vec<(PathBuf, u32, bool)> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            found.push((e.path(), m.permissions().mode() & 0o777, m.is_dir()));
            if m.is_dir() {
                todo.push(e.path());
            }
        }
    }
    found
}

/// Asserts that every file below `dir` is 0644 and every folder 0755, and that it holds at
/// least `at_least` files.
fn assert_readable(dir: &Path, at_least: usize) {
    let all = modes(dir);
    let wrong: Vec<_> = all
        .iter()
        .filter(|(_, mode, is_dir)| *mode != if *is_dir { 0o755 } else { 0o644 })
        .map(|(p, mode, _)| format!("{} {mode:o}", p.display()))
        .collect();
    assert!(wrong.is_empty(), "not readable by all: {wrong:#?}");
    let files = all.iter().filter(|(_, _, d)| !d).count();
    assert!(files >= at_least, "{} holds {files} files", dir.display());
}

#[test]
fn every_file_s55_writes_is_world_readable_under_umask_022() {
    let tmp = TempDir::new("modes");
    let dir = tmp.path();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let responses = dir.join("responses/london");
    std::fs::create_dir_all(&responses).unwrap();
    std::fs::copy(
        root().join("examples/mopac-thematic-statement.yaml"),
        responses.join("mopac.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("responses/s55.yaml"),
        "copies:\n  from: office@mopac.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps.homesecretary@homeoffice.example.org\n",
    )
    .unwrap();

    s55_umask(dir, &["build", "responses", "--out", "public", "-q"]);
    // The pages, the PDF, Word document, feed, responses.json and the build's own records.
    assert_readable(&dir.join("public"), 8);

    s55_umask(
        dir,
        &[
            "render",
            "responses",
            "--format",
            "md,html,pdf,docx",
            "--out",
            "rendered",
            "-q",
        ],
    );
    assert_readable(&dir.join("rendered"), 4);

    s55_umask(dir, &["init", "office", "-q"]);
    assert_readable(&dir.join("office"), 3);

    std::fs::create_dir(dir.join("new")).unwrap();
    s55_umask(&dir.join("new"), &["new", "-o", "peel.yaml", "-q"]);
    assert_readable(&dir.join("new"), 1);

    s55_umask(
        dir,
        &[
            "copies",
            "responses/london/mopac.yaml",
            "--out",
            "outbox",
            "-q",
        ],
    );
    assert_readable(&dir.join("outbox"), 2);

    s55_umask(
        dir,
        &[
            "render",
            "responses/london/mopac.yaml",
            "--format",
            "docx",
            "--form",
            "chief-officer",
            "-o",
            "forms",
            "-q",
        ],
    );
    assert_readable(&dir.join("forms"), 1);

    // A response read from a Word document is a new file of the office's.
    let docx = std::fs::read_dir(dir.join("rendered/london"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "docx"))
        .expect("render wrote a Word document");
    s55_umask(
        dir,
        &[
            "import",
            "response",
            docx.to_str().unwrap(),
            "--out",
            "drafts",
            "-q",
        ],
    );
    assert_readable(&dir.join("drafts"), 1);

    // Read as another user, as a web server would: only when the tests run as root.
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if as_root {
        // Every folder from / down to the test folder must let others through.
        let mut reachable = true;
        let mut d = dir.to_path_buf();
        while let Some(parent) = d.parent() {
            let mode = std::fs::metadata(parent).unwrap().permissions().mode();
            reachable &= mode & 0o001 != 0;
            d = parent.to_path_buf();
        }
        if reachable {
            let index = dir.join("public/index.html");
            let out = Command::new("su")
                .args(["nobody", "-s", "/bin/sh", "-c"])
                .arg(format!("cat '{}'", index.display()))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "nobody cannot read the index: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.stdout, std::fs::read(&index).unwrap());
        }
    }
}
