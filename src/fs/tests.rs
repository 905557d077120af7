//! The file helpers and the output folder, tried on real folders.

use super::*;

#[test]
fn atomic_write_replaces_and_leaves_no_temporary_file() {
    let dir = std::env::temp_dir().join(format!("s55-fs-{}", std::process::id()));
    create_dir_all(&dir).unwrap();
    let p = dir.join("a.md");
    write_atomic(&p, b"one").unwrap();
    write_atomic(&p, b"two").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"two");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_old_temporary_name_is_not_written_through() {
    let dir = std::env::temp_dir().join(format!("s55-fs-plant-{}", std::process::id()));
    create_dir_all(&dir).unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "mine").unwrap();
    // The name a write of `a.md` by this process once used, predictable from its id.
    let planted = dir.join(format!(".a.md.s55-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    write_atomic(&dir.join("a.md"), b"page").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), "page");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn atomic_writes_give_new_files_the_umask_s_mode_and_keep_a_replaced_one_s() {
    use std::os::unix::fs::PermissionsExt;
    // A folder of its own: the output folder's test of modes runs beside this one.
    let dir = std::env::temp_dir().join(format!("s55-fs-atomic-mode-{}", std::process::id()));
    create_dir_all(&dir).unwrap();
    // What the umask gives a new file, seen on a file made the ordinary way.
    let probe = dir.join("probe");
    std::fs::File::create(&probe).unwrap();
    let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    let p = dir.join("a.html");
    write_atomic(&p, b"one").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode(&p),
        expected,
        "a new file is made as File::create makes one"
    );
    assert_ne!(mode(&p), 0o600);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&p, b"two").unwrap();
    assert_eq!(mode(&p), 0o640, "a replaced file keeps its mode");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn temporary_names_are_recognised() {
    assert!(is_temporary(".index.html.a8Zk3q.s55.tmp"));
    assert!(is_temporary(".index.html.s55-4242.tmp"));
    assert!(!is_temporary(".s55-manifest.json"));
}

#[test]
fn writers_on_every_core_may_make_the_same_new_folder_at_once() {
    // A build publishes responses in parallel; two of them making `responses/` at the
    // same moment failed with "File exists" for the slower one.
    for round in 0..20 {
        let dir = std::env::temp_dir().join(format!("s55-fs-race-{}-{round}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = OutDir::open(&dir).unwrap();
        std::thread::scope(|scope| {
            for n in 0..8 {
                let out = &out;
                scope.spawn(move || {
                    out.write(&format!("responses/force/r{n}/index.html"), b"page")
                        .unwrap()
                });
            }
        });
        for n in 0..8 {
            assert!(
                dir.join(format!("responses/force/r{n}/index.html"))
                    .is_file()
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn new_files_get_the_umask_s_mode_and_replaced_ones_keep_theirs() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = std::env::temp_dir().join(format!("s55-fs-mode-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = OutDir::open(&dir).unwrap();
    // What any program's new file gets here: 0666 less the umask.
    let probe = dir.join("probe");
    std::fs::File::create(&probe).unwrap();
    let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    out.write("a/page.html", b"one").unwrap();
    let mode = |p: &str| std::fs::metadata(dir.join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("a/page.html"), expected);
    std::fs::set_permissions(
        dir.join("a/page.html"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    out.write("a/page.html", b"two").unwrap();
    out.write_with("a/page.html", |w| Ok(w.write_all(b"three")?))
        .unwrap();
    assert_eq!(std::fs::read(dir.join("a/page.html")).unwrap(), b"three");
    assert_eq!(mode("a/page.html"), 0o640);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_written_soon_is_read_before_it_is_written_and_put_in_place_by_the_commit() {
    // A build's records and seals are made one after another and written together: until
    // then a read must see them, and a commit must never leave one out.
    let dir = std::env::temp_dir().join(format!("s55-fs-soon-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = OutDir::lock(&dir).unwrap();
    out.write_soon(".s55/records/abc.json", b"{\"a\":1}".to_vec())
        .unwrap();
    out.write_soon(".s55/letters/def.json", b"{}".to_vec())
        .unwrap();
    assert!(!dir.join(".s55/records/abc.json").exists());
    assert_eq!(
        out.read(".s55/records/abc.json", 1 << 20).as_deref(),
        Some(&b"{\"a\":1}"[..])
    );
    assert!(out.is_file(".s55/letters/def.json"));
    // A file removed before it was written is not written.
    out.remove(".s55/letters/def.json");
    out.commit().unwrap();
    assert_eq!(
        std::fs::read(dir.join(".s55/records/abc.json")).unwrap(),
        b"{\"a\":1}"
    );
    assert!(!dir.join(".s55/letters/def.json").exists());
    let left: Vec<_> = std::fs::read_dir(dir.join(".s55/records"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["abc.json"], "no temporary file is left");
    drop(out);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_written_soon_are_written_together_by_write_pending() {
    let dir = std::env::temp_dir().join(format!("s55-fs-pending-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = OutDir::lock(&dir).unwrap();
    for n in 0..40 {
        out.write_soon(&format!("seal/r{n}/seal.json"), format!("{n}").into_bytes())
            .unwrap();
    }
    out.write_pending().unwrap();
    // Staged now, as a write is: in place once committed, and read meanwhile.
    assert_eq!(
        out.read("seal/r7/seal.json", 64).as_deref(),
        Some(&b"7"[..])
    );
    out.commit().unwrap();
    for n in 0..40 {
        assert_eq!(
            std::fs::read_to_string(dir.join(format!("seal/r{n}/seal.json"))).unwrap(),
            n.to_string()
        );
    }
    drop(out);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_in_place_of_a_new_folder_below_one_already_opened_is_not_written_through() {
    // A response's folder is made from its force's folder once that is open, not from the
    // top: a link planted there must still be refused, and nothing written where it leads.
    let base = std::env::temp_dir().join(format!("s55-fs-below-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (dir, elsewhere) = (base.join("site"), base.join("elsewhere"));
    create_dir_all(&elsewhere).unwrap();
    let out = OutDir::lock(&dir).unwrap();
    out.write("responses/force/r1/index.html", b"page").unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("responses/force/r2")).unwrap();
    let err = out
        .write("responses/force/r2/index.html", b"page")
        .unwrap_err();
    assert!(format!("{err:#}").contains("is a link"), "{err:#}");
    // The folder below an open one is made and written into as from the top.
    out.write("responses/force/r3/index.html", b"three")
        .unwrap();
    out.commit().unwrap();
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert_eq!(
        std::fs::read(dir.join("responses/force/r3/index.html")).unwrap(),
        b"three"
    );
    drop(out);
    std::fs::remove_dir_all(&base).unwrap();
}
