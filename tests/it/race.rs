//! A folder of the output swapped for a link to somewhere else while builds run: no build
//! writes or deletes anything outside the output folder, however the swap falls.

#[cfg(unix)]
use std::collections::BTreeMap;
#[cfg(unix)]
use std::path::Path;
#[cfg(unix)]
use std::sync::atomic::{AtomicBool, Ordering};

use crate::support::{TempDir, root, s55};

/// Every file below `dir` with its bytes, and every folder, by path relative to it.
#[cfg(unix)]
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().display().to_string();
            let kind = e.file_type().unwrap();
            if kind.is_dir() {
                out.insert(rel, None);
                walk(base, &p, out);
            } else {
                out.insert(rel, Some(std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

// Links, `cp -a` and an atomic exchange of two names: Unix only.
#[cfg(unix)]
#[test]
fn builds_racing_a_folder_swapped_for_a_link_touch_nothing_outside_the_output() {
    let tmp = TempDir::new("race-swap");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml")).unwrap();
    // A draft whose title changes every build: each build writes its new files and removes
    // the last ones, inside the folder that is swapped.
    let versions = [
        format!("draft: true\n{text}"),
        format!("draft: true\n{text}").replace(
            "complaints from the public\n",
            "complaints from the public, again\n",
        ),
    ];
    let response = dir.join("mopac.yaml");
    std::fs::write(&response, &versions[0]).unwrap();
    let args = ["build", "responses", "--out", "public", "--drafts", "-q"];
    assert_eq!(s55(tmp.path(), &args).code, 0);
    let public = tmp.path().join("public");
    let force = public.join("responses/metropolitan-police-service");
    assert!(force.is_dir());

    // Outside the output: a copy of the force's folder (so that a removal sent there would
    // find the same names) and a link to it, beside the folder it is swapped with.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(&force)
        .arg(outside.join("victim"))
        .status()
        .unwrap();
    assert!(status.success());
    let before = tree(&outside);
    // Kept aside to put the outside back after a build that reached it, so that every
    // build is a fresh chance to go wrong.
    let spare = tmp.path().join("spare");
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(outside.join("victim"))
        .arg(&spare)
        .status()
        .unwrap();
    assert!(status.success());
    let link = public.join("responses/swap");
    std::os::unix::fs::symlink(outside.join("victim"), &link).unwrap();

    let stop = AtomicBool::new(false);
    let mut codes = BTreeMap::new();
    let mut harmed = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // The folder and the link trade places, and back, the link staying a short
            // while and the folder a longer one, each for a varying time: a build that
            // looks at the folder mostly finds a folder, so it goes on to use it, and the
            // link is there between its look and its use as often as timing allows. (Left
            // as a link half the time, most builds stop at their first look.)
            let swap = || {
                let _ = rustix::fs::renameat_with(
                    rustix::fs::CWD,
                    &force,
                    rustix::fs::CWD,
                    &link,
                    rustix::fs::RenameFlags::EXCHANGE,
                );
            };
            let spin = |n: u64| {
                for _ in 0..n {
                    std::hint::spin_loop();
                }
            };
            let mut seed = 0x2545_f491_4f6c_dd1d_u64;
            while !stop.load(Ordering::Relaxed) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                swap();
                spin((seed >> 33) % 2048);
                swap();
                spin((seed >> 20) % 16384);
            }
        });
        for n in 0..200 {
            std::fs::write(&response, &versions[(n + 1) % 2]).unwrap();
            let run = s55(tmp.path(), &args);
            assert_ne!(run.code, 101, "a build panicked: {}", run.stderr);
            *codes.entry(run.code).or_insert(0) += 1;
            if tree(&outside) != before {
                harmed.push(n);
                std::fs::remove_dir_all(outside.join("victim")).unwrap();
                let status = std::process::Command::new("cp")
                    .arg("-a")
                    .arg(&spare)
                    .arg(outside.join("victim"))
                    .status()
                    .unwrap();
                assert!(status.success());
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert!(
        harmed.is_empty(),
        "{} of 200 builds wrote or removed files outside the output (builds {harmed:?}; {codes:?} builds by exit code)",
        harmed.len()
    );
}

#[test]
fn a_first_build_does_not_replace_the_office_s_own_pages_unless_asked() {
    let tmp = TempDir::new("race-first-build");
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("examples/mopac-thematic-statement.yaml"),
        dir.join("mopac.yaml"),
    )
    .unwrap();
    let public = tmp.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("index.html"), "the office's own page").unwrap();
    std::fs::write(public.join("style.css"), "body { color: navy }").unwrap();
    // Used to be replaced without a word.
    let run = s55(tmp.path(), &["build", "responses", "--out", "public"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `public` already holds files s55 did not write (index.html, style.css), which a build would replace; build into an empty or new folder, or give `--overwrite` to publish over them\n"
    );
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        "the office's own page"
    );
    assert!(!public.join("responses").exists());
    // Asked for: published over them; from then on the folder is s55's own.
    let run = s55(
        tmp.path(),
        &["build", "responses", "--out", "public", "--overwrite"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("<!DOCTYPE html>")
    );
    let run = s55(tmp.path(), &["build", "responses", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
