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
