//! `s55 serve`: the preview starts on a free port, shows the letter and its problems, tells
//! the page when the file is saved, and keeps the last good letter under a broken save.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{TempDir, root};

pub(crate) fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

/// A running preview, ended when the test ends even if an assertion fails first.
pub(crate) struct Preview {
    child: std::process::Child,
    pub(crate) port: u16,
    out: BufReader<std::process::ChildStdout>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `s55 serve` on a free port.
pub(crate) fn start(target: &std::path::Path) -> Preview {
    start_in(target, &root())
}

/// Starts `s55 serve` on a free port from the folder `cwd`.
fn start_in(target: &std::path::Path, cwd: &std::path::Path) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["serve", target.to_str().unwrap(), "--port", "0"])
        .current_dir(cwd)
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let port = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok());
    let mut preview = Preview {
        child,
        port: 0,
        out,
    };
    // Without an address the guard still stops the child.
    preview.port = port.unwrap_or_else(|| panic!("no address in {first:?}"));
    preview
}

/// Opens the page's event stream and waits until the preview is watching the files.
fn listen(port: u16) -> BufReader<TcpStream> {
    listen_at(port, "/events")
}

pub(crate) fn listen_at(port: u16, path: &str) -> BufReader<TcpStream> {
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(events, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    while !line.starts_with(": watching") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    reader
}

/// Waits for the event that tells the page to reload (the read times out after 5 seconds).
pub(crate) fn reloaded(reader: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the event stream ended"
        );
        if line.starts_with("data: reload") {
            return;
        }
    }
}

/// Ctrl-C: the preview says it stopped and exits with success.
fn interrupt(mut preview: Preview) {
    let sent = Command::new("kill")
        .args(["-INT", &preview.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = preview.child.wait().unwrap();
    let mut rest = String::new();
    preview.out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "Preview stopped.\n");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_preview_follows_every_save() {
    let tmp = TempDir::new("serve");
    let file = tmp.path().join("r.yaml");
    let original = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let preview = start(&file);
    let port = preview.port;

    let page = get(port, "/");
    assert!(page.starts_with("HTTP/1.1 200 OK"));
    assert!(page.contains("Response to the PEEL inspection of Midshire Police 2025"));
    assert!(page.contains("No problems found."));
    assert!(page.contains("<script src=\"/live.js\" defer></script>"));
    assert!(get(port, "/letter.pdf").contains("%PDF-1.7"));

    // Listen for the save.
    let mut reader = listen(port);
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        &file,
        original.replace(
            "I welcome this inspection",
            "I warmly welcome this inspection",
        ),
    )
    .unwrap();
    reloaded(&mut reader);
    assert!(get(port, "/").contains("I warmly welcome this inspection"));

    // A broken save: its errors, with line numbers, above the last good letter.
    std::fs::write(
        &file,
        original.replace("published: 2025-10-02", "published: 2025-02-30"),
    )
    .unwrap();
    let page = get(port, "/");
    assert!(
        page.contains("1 problem: the letter below is the last version without errors"),
        "{page}"
    );
    assert!(page.contains("error: `2025-02-30` is not a real date"));
    let line = original
        .lines()
        .position(|l| l.contains("published: 2025-10-02"))
        .unwrap()
        + 1;
    assert!(
        page.contains(&format!("{line} |   published: 2025-02-30")),
        "the source line with its number"
    );
    assert!(
        page.contains("I warmly welcome this inspection"),
        "the last good letter stays"
    );
    interrupt(preview);
}

#[test]
fn a_folder_lists_its_responses_and_previews_each() {
    let tmp = TempDir::new("serve-folder");
    let original = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    std::fs::write(tmp.path().join("midshire peel.yaml"), &original).unwrap();
    std::fs::write(
        tmp.path().join("broken.yaml"),
        original.replace("published: 2025-10-02", "published: 2025-02-30"),
    )
    .unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "not a response").unwrap();
    let preview = start(tmp.path());
    let port = preview.port;

    let index = get(port, "/");
    assert!(index.starts_with("HTTP/1.1 200 OK"), "{index}");
    assert!(index.contains("<caption>2 response files, refreshed on every save</caption>"));
    // A broken date still lets the list read the title, the force and the day as written.
    assert!(index.contains(
        "<tr><td><a href=\"/r/broken.yaml/\"><code>broken.yaml</code></a></td><td>PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Midshire Police</td><td>Midshire Police</td><td>2025-02-30</td><td>1 error, 0 warnings</td></tr>"
    ), "{index}");
    assert!(index.contains(
        "<a href=\"/r/midshire%20peel.yaml/\"><code>midshire peel.yaml</code></a></td><td>PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Midshire Police</td><td>Midshire Police</td><td>2025-10-02</td><td>no problems</td>"
    ), "{index}");
    assert!(!index.contains("notes.txt"));

    let page = get(port, "/r/midshire%20peel.yaml/");
    assert!(page.contains("<p><a href=\"/\">All responses</a></p>"));
    assert!(page.contains("No problems found."));
    assert!(page.contains("I welcome this inspection"));
    assert!(get(port, "/r/midshire%20peel.yaml/letter.md").contains("I welcome this inspection"));
    assert!(get(port, "/r/broken.yaml/").contains("error: `2025-02-30` is not a real date"));
    // Only the folder's responses are served: nothing else on the disk.
    assert!(get(port, "/r/notes.txt/").starts_with("HTTP/1.1 404"));
    assert!(get(port, "/r/..%2F..%2Fetc%2Fpasswd/").starts_with("HTTP/1.1 404"));
    assert!(get(port, "/letter.md").starts_with("HTTP/1.1 404"));

    // A new file in the folder reloads the list.
    let mut reader = listen(port);
    std::fs::write(tmp.path().join("second.yaml"), &original).unwrap();
    reloaded(&mut reader);
    assert!(get(port, "/").contains("<caption>3 response files"));

    // A save between the page loading and its script listening still reloads it.
    let index = get(port, "/");
    let version = index
        .split("<meta name=\"s55-version\" content=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(version.len(), 16);
    std::fs::write(tmp.path().join("third.yaml"), &original).unwrap();
    let mut reader = listen_at(port, &format!("/events?v={version}"));
    reloaded(&mut reader);
    interrupt(preview);
}

/// How many times every thread of process `pid` has been put to sleep and woken, or taken
/// off the processor, so far.
#[cfg(target_os = "linux")]
fn wakeups(pid: u32) -> u64 {
    let mut all = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let status =
            std::fs::read_to_string(task.unwrap().path().join("status")).unwrap_or_default();
        for line in status.lines() {
            if let Some(n) = line
                .strip_prefix("voluntary_ctxt_switches:")
                .or_else(|| line.strip_prefix("nonvoluntary_ctxt_switches:"))
            {
                all += n.trim().parse::<u64>().unwrap();
            }
        }
    }
    all
}

#[test]
#[cfg(target_os = "linux")]
fn an_idle_preview_of_a_folder_wakes_for_nothing() {
    let tmp = TempDir::new("serve-idle");
    let original = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    for i in 0..20 {
        std::fs::write(tmp.path().join(format!("r{i}.yaml")), &original).unwrap();
    }
    let preview = start(tmp.path());
    assert!(get(preview.port, "/").contains("<caption>20 response files"));
    std::thread::sleep(Duration::from_millis(300));
    let pid = preview.child.id();
    let before = wakeups(pid);
    std::thread::sleep(Duration::from_secs(2));
    let woken = wakeups(pid) - before;
    // Looking at the files four times a second woke it eight times in these two seconds.
    assert!(woken <= 2, "woken {woken} times in 2 seconds of idleness");
    // And a save still reaches the page.
    let mut reader = listen(preview.port);
    std::fs::write(
        tmp.path().join("r3.yaml"),
        original.replace(
            "I welcome this inspection",
            "I gladly welcome this inspection",
        ),
    )
    .unwrap();
    reloaded(&mut reader);
    assert!(get(preview.port, "/r/r3.yaml/").contains("I gladly welcome this inspection"));
}

#[test]
fn a_save_by_renaming_and_the_settings_above_both_reload_the_page() {
    let tmp = TempDir::new("serve-rename");
    let dir = tmp.path().join("drafts/peel");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("r.yaml");
    let original = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    // From the office's folder: settings apply from the folders above a response up to it.
    let preview = start_in(&file, tmp.path());
    let port = preview.port;
    assert!(get(port, "/").contains("No problems found."));

    // An editor that saves by writing a new file and renaming it over the old one.
    let mut reader = listen(port);
    let saved = dir.join(".r.yaml.swp");
    std::fs::write(
        &saved,
        original.replace(
            "I welcome this inspection",
            "I fully welcome this inspection",
        ),
    )
    .unwrap();
    std::fs::rename(&saved, &file).unwrap();
    reloaded(&mut reader);
    assert!(get(port, "/").contains("I fully welcome this inspection"));

    // The office's settings, two folders up, apply to the response: a broken one shows.
    let mut reader = listen(port);
    std::fs::write(tmp.path().join("s55.yaml"), "language: [not, a\n").unwrap();
    reloaded(&mut reader);
    let page = get(port, "/");
    assert!(page.contains("s55.yaml"), "{page}");
    assert!(!page.contains("No problems found."), "{page}");
}

#[test]
fn a_preview_the_system_cannot_tell_of_saves_looks_at_the_files_and_says_so() {
    let tmp = TempDir::new("serve-look");
    let file = tmp.path().join("r.yaml");
    let original = std::fs::read_to_string(root().join("examples/full.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["serve", file.to_str().unwrap(), "--port", "0"])
        .env_clear()
        // Debug builds only: as where the system has no inotify to give.
        .env("S55_WATCH_LOOK", "too many files watched already")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut warning = String::new();
    err.read_line(&mut warning).unwrap();
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let preview = Preview {
        child,
        port: 0,
        out,
    };
    assert_eq!(
        warning,
        "warning: the system cannot tell the preview of saves (too many files watched already); it looks at the files four times a second instead\n"
    );
    let port: u16 = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let mut reader = listen(port);
    std::fs::write(
        &file,
        original.replace(
            "I welcome this inspection",
            "I truly welcome this inspection",
        ),
    )
    .unwrap();
    reloaded(&mut reader);
    assert!(get(port, "/").contains("I truly welcome this inspection"));
    drop(preview);
}
