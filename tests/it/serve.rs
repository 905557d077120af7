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
    let mut child = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(["serve", target.to_str().unwrap(), "--port", "0"])
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

fn listen_at(port: u16, path: &str) -> BufReader<TcpStream> {
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
fn reloaded(reader: &mut BufReader<TcpStream>) {
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
    assert!(index.contains(
        "<tr><td><a href=\"/r/broken.yaml/\"><code>broken.yaml</code></a></td><td></td><td>1 error, 0 warnings</td></tr>"
    ), "{index}");
    assert!(index.contains(
        "<a href=\"/r/midshire%20peel.yaml/\"><code>midshire peel.yaml</code></a></td><td>PEEL 2025 – Police effectiveness, efficiency and legitimacy – An inspection of Midshire Police</td><td>no problems</td>"
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
