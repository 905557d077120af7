//! A build stopped at any moment (kill -9, a power cut) leaves the old site or the new one,
//! never a mix: every file a build writes or removes goes in place together at its end.
//!
//! The debug binary stops itself (as a kill -9 would: no clean-up runs) at its `N`th step
//! when `S55_STOP_AT_STEP=N` is set: each file staged, each sync, each rename and removal.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::TempDir;

const TODAY: &str = "2026-12-01";

/// Every file below `dir` that a reader of the site sees, by path relative to it: not the
/// build's lock, its journal or its temporary files.
fn site(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                walk(base, &p, out);
            } else if name != ".s55-lock"
                && name != ".s55-commit.json"
                && !name.ends_with(".s55.tmp")
            {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Copies the folder `from` to `to` (which must not exist), file by file.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Runs `s55 build` into `out`, stopping at `step` when given; whether it finished.
fn build(cwd: &Path, out: &str, step: Option<usize>) -> bool {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s55"));
    cmd.args(["build", "-q", "--out", out, "--today", TODAY])
        .current_dir(cwd)
        .env_clear()
        .stderr(std::process::Stdio::null());
    if let Some(n) = step {
        cmd.env("S55_STOP_AT_STEP", n.to_string());
    }
    let status = cmd.status().unwrap();
    if status.success() {
        return true;
    }
    // Only the stop itself may end it: an abort, not an error.
    assert!(status.code().is_none(), "the build failed: {status}");
    false
}

/// Six responses; then three corrected, one removed and one added.
fn responses(dir: &Path, new: bool) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..6 {
        let path = dir.join(format!("r{i}.yaml"));
        let mut text = s55::synth::response(i);
        if new && i < 3 {
            text = text.replace("has made progress", "has made good progress")
                + "\ncorrections:\n  - date: 2030-01-01\n    note: A word added.\n";
        }
        if new && i == 5 {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        std::fs::write(path, text).unwrap();
    }
    if new {
        std::fs::write(dir.join("r6.yaml"), s55::synth::response(6)).unwrap();
    }
}

/// Puts the folder of responses back as it was before the new build (a build seals the
/// letters it publishes beside the responses), so each build starts from the same place.
fn reset(tmp: &Path) {
    let dir = tmp.join("responses");
    std::fs::remove_dir_all(&dir).unwrap();
    copy(&tmp.join("responses-before"), &dir);
}

/// A site, or the seals beside the responses, as a reader sees them.
type Files = BTreeMap<String, Vec<u8>>;

/// The seals beside the responses (`responses/.sealed/`) as a build reads them: not their
/// list of renames or their temporary files.
fn seals(tmp: &Path) -> Files {
    let dir = tmp.join("responses/.sealed");
    if dir.exists() {
        site(&dir)
    } else {
        Files::new()
    }
}

/// The seals before the new build and after it: what any build from the old ones must
/// leave.
fn old_and_new_seals(tmp: &Path) -> (Files, Files) {
    let dir = tmp.join("responses-before/.sealed");
    let old = if dir.exists() {
        site(&dir)
    } else {
        Files::new()
    };
    let new = seals(tmp);
    assert_ne!(old, new, "the new build seals letters");
    (old, new)
}

/// Checks what a stopped build left of the seals: the old ones or the new ones, or the list
/// of their renames, which the next build finishes (stopped at its first step, before it
/// stages anything) into the new ones. Whether the new seals were put in place.
fn seals_whole(tmp: &Path, out: &str, what: &str, (old, new): &(Files, Files)) -> bool {
    let list = tmp.join("responses/.sealed/.s55-commit.json");
    if list.exists() {
        build(tmp, out, Some(1));
        assert!(!list.exists(), "{what}: the seals' list was not finished");
        assert!(
            seals(tmp) == *new,
            "{what}: the stopped seals were not finished"
        );
        return true;
    }
    let seen = seals(tmp);
    assert!(
        seen == *old || seen == *new,
        "{what}: the seals are neither the old ones nor the new ones"
    );
    seen == *new
}

/// The old site, then the new site built over a copy of it: what any build from the old one
/// must leave.
fn old_and_new(tmp: &Path) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let dir = tmp.join("responses");
    responses(&dir, false);
    assert!(build(tmp, "old", None));
    let old = site(&tmp.join("old"));
    responses(&dir, true);
    copy(&dir, &tmp.join("responses-before"));
    copy(&tmp.join("old"), &tmp.join("new"));
    assert!(build(tmp, "new", None));
    let new = site(&tmp.join("new"));
    assert_ne!(old, new);
    assert!(new.keys().any(|k| !old.contains_key(k)), "r6 adds files");
    (old, new)
}

#[test]
fn a_build_stopped_at_any_step_leaves_the_old_site_or_the_new_one() {
    let tmp = TempDir::new("durable-steps");
    let (old, new) = old_and_new(tmp.path());
    let sealed = old_and_new_seals(tmp.path());
    // Stops that left the new seals (put in place, or listed and finished) with the old site.
    let mut sealed_first = 0;

    let (mut olds, mut news, mut finished) = (0, 0, 0);
    let mut step = 1;
    loop {
        let out = format!("stopped-{step}");
        let folder = tmp.path().join(&out);
        copy(&tmp.path().join("old"), &folder);
        reset(tmp.path());
        let done = build(tmp.path(), &out, Some(step));
        let what = format!("step {step}");
        let sealed_now = seals_whole(tmp.path(), &out, &what, &sealed);
        let seen = site(&folder);
        if sealed_now && seen == old {
            // Sealed, not yet published: the next build publishes the letters as sealed.
            sealed_first += 1;
            assert!(build(tmp.path(), &out, None));
            assert!(
                site(&folder) == new,
                "{what}: the sealed letters were not published"
            );
            std::fs::remove_dir_all(&folder).unwrap();
            step += if step < 8 { 1 } else { 9 };
            continue;
        }
        // A letter is never published before it is sealed.
        assert!(
            seen != new || sealed_now,
            "{what}: the site publishes letters whose seals are not in place"
        );
        if done {
            // Past the last step: the build ran to its end.
            assert!(seen == new, "the finished build is not the new site");
            break;
        }
        if folder.join(".s55-commit.json").exists() {
            // Stopped while putting the files in place: the next build that opens the
            // folder finishes that first, before it stages anything of its own. It is
            // stopped at its first step, so it shows the finished site only if the stopped
            // build's list was finished (the new site needs nothing staged).
            build(tmp.path(), &out, Some(1));
            assert!(!folder.join(".s55-commit.json").exists());
            assert!(
                site(&folder) == new,
                "step {step}: the stopped build was not finished"
            );
            finished += 1;
        } else if seen == old {
            olds += 1;
        } else {
            assert!(seen == new, "step {step}: the site is neither old nor new");
            news += 1;
        }
        std::fs::remove_dir_all(&folder).unwrap();
        step += if step < 8 { 1 } else { 9 };
    }
    // Stops fell while staging (the old site stands), while renaming (finished later), and
    // between the seals and the site.
    assert!(
        olds > 0 && finished > 0 && sealed_first > 0,
        "{olds} old, {news} new, {finished} finished, {sealed_first} sealed first"
    );
    // A build after a stopped one tidies its temporary files away.
    let out = "tidied";
    copy(&tmp.path().join("old"), &tmp.path().join(out));
    reset(tmp.path());
    assert!(!build(tmp.path(), out, Some(9)));
    assert!(build(tmp.path(), out, None));
    assert!(site(&tmp.path().join(out)) == new);
    let mut left = Vec::new();
    fn temporaries(dir: &Path, left: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                temporaries(&p, left);
            } else if p.to_string_lossy().ends_with(".s55.tmp") {
                left.push(p.display().to_string());
            }
        }
    }
    temporaries(&tmp.path().join(out), &mut left);
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let tmp = TempDir::new("durable-kill");
    let (old, new) = old_and_new(tmp.path());
    let sealed = old_and_new_seals(tmp.path());
    // How long a whole build takes here, to kill builds at moments spread across it.
    let start = std::time::Instant::now();
    copy(&tmp.path().join("old"), &tmp.path().join("timed"));
    reset(tmp.path());
    assert!(build(tmp.path(), "timed", None));
    let whole = start.elapsed();
    for k in 0..12u32 {
        let out = format!("killed-{k}");
        let folder = tmp.path().join(&out);
        copy(&tmp.path().join("old"), &folder);
        reset(tmp.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_s55"))
            .args(["build", "-q", "--out", &out, "--today", TODAY])
            .current_dir(tmp.path())
            .env_clear()
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * k / 10);
        let _ = child.kill(); // SIGKILL, if it is still running
        child.wait().unwrap();
        let sealed_now = seals_whole(tmp.path(), &out, &format!("kill {k}"), &sealed);
        let seen = site(&folder);
        assert!(
            seen != new || sealed_now,
            "kill {k}: the site publishes letters whose seals are not in place"
        );
        if folder.join(".s55-commit.json").exists() {
            build(tmp.path(), &out, Some(1));
            assert!(site(&folder) == new, "kill {k}: not finished");
        } else {
            assert!(seen == old || seen == new, "kill {k}: neither old nor new");
        }
        std::fs::remove_dir_all(&folder).unwrap();
    }
}

/// Every entry below `dir` with its modification time and inode: what any write, rename,
/// new temporary file or removal would change.
#[cfg(unix)]
fn stamps(dir: &Path) -> BTreeMap<String, (i64, i64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let m = std::fs::symlink_metadata(&d).unwrap();
        out.insert(
            d.display().to_string(),
            (m.mtime(), m.mtime_nsec(), m.ino()),
        );
        if m.is_dir() {
            for e in std::fs::read_dir(&d).unwrap() {
                stack.push(e.unwrap().path());
            }
        }
    }
    out
}

#[test]
fn a_build_with_nothing_changed_writes_nothing() {
    let tmp = TempDir::new("durable-noop");
    responses(&tmp.path().join("responses"), false);
    assert!(build(tmp.path(), "site", None));
    let before = stamps(&tmp.path().join("site"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(build(tmp.path(), "site", None));
    assert_eq!(stamps(&tmp.path().join("site")), before);
    // A changed response is published, and the site's pages with it.
    let path = tmp.path().join("responses/r9.yaml");
    std::fs::write(&path, s55::synth::response(9)).unwrap();
    assert!(build(tmp.path(), "site", None));
    let after = stamps(&tmp.path().join("site"));
    assert_ne!(
        after.get(&format!("{}", tmp.path().join("site/index.html").display())),
        before.get(&format!("{}", tmp.path().join("site/index.html").display()))
    );
}
