//! What the input side refuses or handles besides the importers: the preview's connections,
//! the office's settings (their addresses, their links, how far up they are looked for),
//! file names that carry terminal escape codes, and evidence links in the published data.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{TempDir, root, s55};

/// The MOPAC statement in `dir/responses/mopac.yaml`, changed by `edit`.
fn office(dir: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let folder = dir.join("responses");
    std::fs::create_dir_all(&folder).unwrap();
    let text =
        std::fs::read_to_string(root().join("examples/mopac-thematic-statement.yaml")).unwrap();
    let path = folder.join("mopac.yaml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

const COPIES: &str = "copies:\n  from: office@mopac.example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps.homesecretary@homeoffice.example.org\n";

#[test]
fn a_line_break_in_a_copies_address_is_refused_not_a_bcc_header() {
    let tmp = TempDir::new("minor-copies");
    let file = office(tmp.path(), |t| t);
    for (bad, said) in [
        (
            "enquiries@hmicfrs.example.org\\r\\nBcc: leak@example.com",
            "error: `copies.hmicfrs` holds a control character, U+000D (a carriage return), which is not text",
        ),
        (
            "enquiries@hmicfrs.example.org\\nBcc: leak@example.com",
            "error: `copies.hmicfrs` is not one e-mail address: “enquiries@hmicfrs.example.org\\nBcc: leak@example.com”",
        ),
        (
            "enquiries@hmicfrs.example.org, leak@example.com",
            "error: `copies.hmicfrs` is not one e-mail address",
        ),
    ] {
        let settings = COPIES.replace(
            "hmicfrs: enquiries@hmicfrs.example.org",
            &format!("hmicfrs: \"{bad}\""),
        );
        std::fs::write(tmp.path().join("responses/s55.yaml"), settings).unwrap();
        let run = s55(
            tmp.path(),
            &["copies", file.to_str().unwrap(), "--out", "outbox"],
        );
        assert_ne!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains(said), "{said}\n{}", run.stderr);
        assert!(run.stderr.contains("s55.yaml:3:"), "{}", run.stderr);
        assert!(!tmp.path().join("outbox").exists());
    }
    // The addresses as they should be: two mails, each to its one address.
    std::fs::write(tmp.path().join("responses/s55.yaml"), COPIES).unwrap();
    let run = s55(
        tmp.path(),
        &["copies", file.to_str().unwrap(), "--out", "outbox"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn settings_linked_from_outside_their_folder_are_refused_unshown() {
    let tmp = TempDir::new("minor-settings-link");
    let file = office(tmp.path(), |t| t);
    let secret = tmp.path().join("secret.yaml");
    std::fs::write(&secret, "statuses: []\npassword: hunter2-secret\n").unwrap();
    std::os::unix::fs::symlink(&secret, tmp.path().join("responses/s55.yaml")).unwrap();
    let run = s55(tmp.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("are a link to a file outside their folder: s55 does not follow it"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);

    // A template linked from outside its folder, likewise.
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::remove_file(tmp.path().join("responses/s55.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, templates.join("style.css")).unwrap();
    let run = s55(
        tmp.path(),
        &[
            "render",
            file.to_str().unwrap(),
            "--templates",
            "templates",
            "-o",
            "out",
        ],
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is a link to a file outside the templates folder: s55 does not follow it"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn settings_above_the_current_folder_do_not_apply() {
    let tmp = TempDir::new("minor-settings-up");
    // Settings planted above the folder the office works in: unusable, so that any use shows.
    std::fs::write(tmp.path().join("s55.yaml"), "statuses: []\n").unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let file = office(&work, |t| t);
    let run = s55(&work, &["check", "responses/mopac.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A response outside the current folder takes its own folder's settings alone.
    let other = office(&tmp.path().join("other"), |t| t);
    let run = s55(&work, &["check", "../other/responses/mopac.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Settings in the response's own folder, or above it within the current one, apply.
    std::fs::write(work.join("s55.yaml"), "statuses: []\n").unwrap();
    let run = s55(&work, &["check", "responses/mopac.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the settings list no statuses"),
        "{}",
        run.stderr
    );
    std::fs::write(other.parent().unwrap().join("s55.yaml"), "statuses: []\n").unwrap();
    let run = s55(&work, &["check", "../other/responses/mopac.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(file.exists());
}

#[test]
fn a_file_name_with_terminal_escape_codes_is_printed_escaped() {
    let tmp = TempDir::new("minor-escape-name");
    std::fs::create_dir_all(tmp.path().join("responses")).unwrap();
    let name = "responses/\u{1b}]0;pwned\u{7}\u{1b}[2J.yaml";
    std::fs::write(tmp.path().join(name), "title: [\n").unwrap();
    let run = s55(tmp.path(), &["check", name]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(
        run.stderr
            .contains("responses/\\u{1b}]0;pwned\\u{7}\\u{1b}[2J.yaml"),
        "{}",
        run.stderr
    );
    // A response whose name carries them renders, and says so escaped.
    let good = "responses/\u{1b}[31mred.yaml";
    std::fs::copy(
        root().join("examples/mopac-thematic-statement.yaml"),
        tmp.path().join(good),
    )
    .unwrap();
    let run = s55(tmp.path(), &["render", good, "-o", "out", "--format", "md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("\\u{1b}[31mred"), "{}", run.stderr);
}

#[test]
fn responses_json_keeps_only_web_addresses_as_evidence() {
    let tmp = TempDir::new("minor-evidence");
    office(tmp.path(), |t| {
        t.replace(
            "    owner: Head of Oversight\n",
            "    owner: Head of Oversight\n    progress:\n      - date: 2026-07-01\n        status: completed\n        evidence: https://www.london.gov.uk/complaints\n      - date: 2026-04-01\n        status: in progress\n        evidence: javascript:alert(document.cookie)\n      - date: 2026-05-01\n        status: in progress\n        evidence: \"file:///etc/passwd\"\n",
        )
    });
    let run = s55(tmp.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(tmp.path().join("public/responses.json")).unwrap();
    assert!(!text.contains("javascript:"), "{text}");
    assert!(!text.contains("file:"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let history = json["responses"][0]["findings"][2]["history"]
        .as_array()
        .unwrap();
    let evidence: Vec<&serde_json::Value> = history.iter().map(|h| &h["evidence"]).collect();
    assert_eq!(
        evidence,
        [
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::json!("https://www.london.gov.uk/complaints")
        ]
    );
}

/// Starts `s55 serve` on the MOPAC statement.
fn preview(tmp: &TempDir) -> crate::serve::Preview {
    let file = office(tmp.path(), |t| t);
    crate::serve::start(&file)
}

fn open_events(port: u16) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    while !line.starts_with(": watching") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "no event stream");
    }
    reader
}

#[test]
fn idle_and_endless_connections_never_lock_a_page_out_of_the_preview() {
    let tmp = TempDir::new("minor-serve");
    let p = preview(&tmp);
    // More pages listening than the preview keeps: the oldest is let go.
    let mut streams: Vec<BufReader<TcpStream>> = (0..40).map(|_| open_events(p.port)).collect();
    let mut first = streams.remove(0);
    let mut rest = Vec::new();
    let ended = first.read_to_end(&mut rest).is_ok();
    assert!(ended, "the oldest event stream was not let go");
    // Every connection the preview holds taken by idle ones that send nothing.
    let idle: Vec<TcpStream> = (0..800)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", p.port)).ok())
        .collect();
    assert!(idle.len() >= 770, "{}", idle.len());
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let page = crate::serve::get(p.port, "/");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page:.200}");
    assert!(page.contains("Metropolitan"), "{page:.2000}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    drop(idle);
    drop(streams);
}

#[test]
fn an_office_template_whose_loops_run_on_is_stopped_with_a_reason() {
    let tmp = TempDir::new("minor-template-budget");
    let file = office(tmp.path(), |t| t);
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    // 10,000,000,000 turns, each writing a kilobyte: without a budget, terabytes and hours.
    let kilobyte = "x".repeat(1024);
    std::fs::write(
        templates.join("letter.md.tera"),
        format!(
            "# Letter\n{{% for a in range(end=100000) %}}{{% for b in range(end=100000) %}}{kilobyte}{{% endfor %}}{{% endfor %}}\n"
        ),
    )
    .unwrap();
    let start = Instant::now();
    let run = s55(
        tmp.path(),
        &[
            "render",
            file.to_str().unwrap(),
            "--templates",
            "templates",
            "--format",
            "md",
            "-o",
            "out",
        ],
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the template `letter.md` ran for more than 20 seconds or wrote more than 256 MB: check its loops"
        ),
        "{}",
        run.stderr
    );
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    assert!(!tmp.path().join("out/mopac.md").exists());
}
