//! The office's desk (`s55 serve`, under /desk/): a post without the page's token or from
//! another origin is refused with 403 and leaves the file byte for byte as it was; saving
//! writes the YAML in place, comments and all; a file changed on disk since its page was
//! made is not overwritten; a save that would break the file is refused with the reason
//! beside the field; and the cycle around it (a new response from pasted findings, entries
//! moved and removed, final, progress, the Word form, the archive) through the real server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use crate::serve::{Preview, get, start};
use crate::support::TempDir;

/// A draft response as an office writes it by hand, with its comments.
const DRAFT: &str = "\
# Northshire's response to the custody inspection.
# Kept by the policy team; ask Sam before changing the layout.
draft: true

form: letter
language: en

body:
  kind: pcc
  area: Northshire

commissioner:
  name: Alex Example

force: Northshire Police   # as the report names it

report:
  title: Northshire custody inspection
  kind: custody
  published: 2026-11-02

sections:
  - kind: comments
    text: |
      We welcome the report.
  - kind: recommendations
  - kind: chief-officer-comments
    text: |
      The force accepts the recommendations.
  - kind: response
    text: |
      We will hold the force to account.

recommendations:
  # The report's own words, copied from page 12.
  - number: 1
    text: The force should improve its custody records.
    response: |
      TODO: our response.
    status: not started
  - number: 2
    text: The force should review its detention times.
    response: |
      We have asked for a review by March.
    status: in progress
";

/// A folder of responses with the draft in it, served.
fn desk(name: &str) -> (TempDir, PathBuf, Preview) {
    let tmp = TempDir::new(name);
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("northshire.yaml");
    std::fs::write(&file, DRAFT).unwrap();
    let p = start(&dir);
    (tmp, file, p)
}

/// A hidden field's value in a page (the first of that name).
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {page}"));
    let rest = &page[at + marker.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The page's token and version, as a browser would have them.
fn page_fields(port: u16, path: &str) -> (String, String) {
    let page = get(port, path);
    (hidden(&page, "token"), hidden(&page, "version"))
}

/// Posts a form as a browser does; the status line and the body.
fn post(port: u16, path: &str, fields: &[(&str, &str)], headers: &str) -> (String, String) {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    send(
        port,
        path,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
        headers,
    )
}

fn send(port: u16, path: &str, kind: &str, body: &[u8], headers: &str) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Content-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

fn own(port: u16) -> String {
    format!("Origin: http://127.0.0.1:{port}\r\n")
}

const PAGE: &str = "/desk/r/northshire.yaml/";
const SAVE: &str = "/desk/r/northshire.yaml/save";

#[test]
fn a_post_without_the_token_is_refused_and_the_file_is_unchanged() {
    let (_tmp, file, p) = desk("desk-token");
    let (_, version) = page_fields(p.port, PAGE);
    let change = ("recommendations[0].response", "Changed by a stranger.");
    let (status, body) = post(p.port, SAVE, &[("version", &version), change], &own(p.port));
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    assert!(body.contains("its token is missing or wrong"), "{body}");
    let (status, _) = post(
        p.port,
        SAVE,
        &[("token", "0123456789abcdef"), ("version", &version), change],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DRAFT);
}

#[test]
fn a_post_from_another_origin_is_refused_even_with_the_token() {
    let (_tmp, file, p) = desk("desk-origin");
    let (token, version) = page_fields(p.port, PAGE);
    let fields = [
        ("token", token.as_str()),
        ("version", version.as_str()),
        ("recommendations[0].response", "Changed from elsewhere."),
    ];
    for headers in [
        "Origin: http://attacker.example\r\n".to_owned(),
        "Origin: null\r\n".to_owned(),
        format!("Origin: http://127.0.0.1:{}\r\n", p.port + 1),
        "Referer: http://attacker.example/page\r\n".to_owned(),
        // Neither: no browser sends a form so.
        String::new(),
    ] {
        let (status, body) = post(p.port, SAVE, &fields, &headers);
        assert_eq!(status, "HTTP/1.1 403 Forbidden", "{headers}");
        assert!(body.contains("sent from another website"), "{body}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DRAFT);
    // The same post from the desk's own page (its Referer, as a browser without Origin
    // sends it) is taken.
    let (status, _) = post(
        p.port,
        SAVE,
        &fields,
        &format!("Referer: http://127.0.0.1:{}{PAGE}\r\n", p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Changed from elsewhere.")
    );
}

#[test]
fn other_methods_and_posts_outside_the_desk_are_still_refused() {
    let (_tmp, file, p) = desk("desk-methods");
    let (token, _) = page_fields(p.port, PAGE);
    let (status, _) = post(
        p.port,
        "/r/northshire.yaml/",
        &[("token", &token)],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DRAFT);
}

#[test]
fn saving_writes_the_yaml_in_place_with_the_comments_kept() {
    let (_tmp, file, p) = desk("desk-save");
    let (token, version) = page_fields(p.port, PAGE);
    // What a browser sends: every field of the form, the textareas with CRLF line ends.
    let page = get(p.port, PAGE);
    assert!(page.contains("name=\"recommendations[1].response\""));
    assert!(page.contains("name=\"sections[2].text\""));
    let (status, body) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("report.title", "Northshire custody inspection"),
            ("force", "Northshire Police"),
            (
                "recommendations[0].response",
                "We will audit the records monthly.\r\n\r\nThe first audit is in January.\r\n",
            ),
            ("recommendations[0].status", "in progress"),
            (
                "recommendations[1].response",
                "We have asked for a review by March.\r\n",
            ),
            ("recommendations[1].owner", "Head of custody"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let expected = DRAFT
        .replace(
            "    response: |\n      TODO: our response.\n    status: not started\n",
            "    response: |\n      We will audit the records monthly.\n\n      The first audit is in January.\n    status: in progress\n",
        )
        .replace(
            "      We have asked for a review by March.\n    status: in progress\n",
            "      We have asked for a review by March.\n    status: in progress\n    owner: Head of custody\n",
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
    assert!(body.contains("Saved"), "{body}");
}

#[test]
fn a_file_changed_on_disk_since_the_page_was_made_is_not_overwritten() {
    let (_tmp, file, p) = desk("desk-conflict");
    let (token, version) = page_fields(p.port, PAGE);
    // Someone else saves the file in a text editor meanwhile.
    let theirs = DRAFT.replace("TODO: our response.", "Their words, saved first.");
    std::fs::write(&file, &theirs).unwrap();
    let (status, body) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("recommendations[0].response", "My words, typed second."),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 409 Conflict");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    // Both versions are shown, and the form keeps the officer's words with the new version.
    assert!(body.contains("Their words, saved first."), "{body}");
    assert!(body.contains("My words, typed second."), "{body}");
    let newer = hidden(&body, "version");
    assert_ne!(newer, version);
    let (status, _) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &newer),
            ("recommendations[0].response", "My words, typed second."),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    // One line goes on the key's line, quoted for its comma, as YAML wants it.
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        DRAFT.replace(
            "    response: |\n      TODO: our response.\n",
            "    response: \"My words, typed second.\"\n"
        )
    );
}

#[test]
fn a_save_that_would_break_the_file_is_refused_with_the_reason_beside_the_field() {
    let (_tmp, file, p) = desk("desk-invalid");
    let (token, version) = page_fields(p.port, PAGE);
    let (status, body) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("report.published", "2026-13-02"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 422 Unprocessable Content");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DRAFT);
    // The summary links to the field; the field says what is wrong and keeps what was typed.
    assert!(
        body.contains("<a href=\"#f-report-published\">`2026-13-02` is not a real date"),
        "{body}"
    );
    assert!(body.contains("id=\"f-report-published-problems\" data-desk-problems><span class=\"desk-visually-hidden\">Problem: </span>`2026-13-02` is not a real date"));
    assert!(body.contains("value=\"2026-13-02\""));
    assert!(body.contains("<title>Error: "));
}

#[test]
fn entries_are_added_moved_and_removed_in_place() {
    let (_tmp, file, p) = desk("desk-lists");
    let (token, version) = page_fields(p.port, PAGE);
    let (status, _) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("op", "down:recommendations[0]"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    let first = "  # The report's own words, copied from page 12.\n  - number: 1\n    text: The force should improve its custody records.\n    response: |\n      TODO: our response.\n    status: not started\n";
    let second = "  - number: 2\n    text: The force should review its detention times.\n    response: |\n      We have asked for a review by March.\n    status: in progress\n";
    // The comment above the first entry stays where it was, at the head of the list.
    let moved = DRAFT.replace(
        &format!("{first}{second}"),
        &format!(
            "  # The report's own words, copied from page 12.\n{second}{}",
            first.replace("  # The report's own words, copied from page 12.\n", "")
        ),
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), moved);
    let (_, version) = page_fields(p.port, PAGE);
    let (status, _) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("op", "add:recommendations"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    let added =
        format!("{moved}  - number: 3\n    text: \"TODO: the finding, as the report gives it.\"\n");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), added);
    let (_, version) = page_fields(p.port, PAGE);
    let (status, _) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("op", "remove:recommendations[2]"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), moved);
}

#[test]
fn a_response_is_made_final_only_when_it_checks_and_then_never_changes() {
    let (_tmp, file, p) = desk("desk-final");
    let (token, version) = page_fields(p.port, PAGE);
    let final_at = "/desk/r/northshire.yaml/final";
    // A placeholder is left and there is no date: not final, nothing written.
    let (status, body) = post(
        p.port,
        final_at,
        &[("token", &token), ("version", &version)],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 422 Unprocessable Content");
    assert!(body.contains("The response is not final yet"), "{body}");
    assert!(
        body.contains("href=\"#f-recommendations-0--response\""),
        "{body}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DRAFT);
    let (status, _) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("recommendations[0].response", "We will audit the records."),
            ("date", "2026-12-20"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    let (_, version) = page_fields(p.port, PAGE);
    let (status, body) = post(
        p.port,
        final_at,
        &[("token", &token), ("version", &version)],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let signed = std::fs::read_to_string(&file).unwrap();
    let expected = DRAFT.replace("draft: true\n", "").replace(
        "    response: |\n      TODO: our response.\n",
        "    response: We will audit the records.\n",
    ) + "date: 2026-12-20\n";
    assert_eq!(signed, expected);
    // A final response's letter does not change from the desk.
    let (_, version) = page_fields(p.port, PAGE);
    let (status, body) = post(
        p.port,
        SAVE,
        &[
            ("token", &token),
            ("version", &version),
            ("recommendations[0].response", "Rewritten after signing."),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 409 Conflict");
    assert!(body.contains("This response is final and signed"), "{body}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), signed);
    // Progress is no part of the letter: it is recorded on a final response.
    let (status, body) = post(
        p.port,
        "/desk/r/northshire.yaml/progress",
        &[
            ("token", &token),
            ("finding", "recommendations[1]"),
            ("date", "2027-02-01"),
            ("status", "completed"),
            ("note", "The review reported in January."),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        signed.replace(
            "      We have asked for a review by March.\n    status: in progress\n",
            "      We have asked for a review by March.\n    status: in progress\n    progress:\n      - date: 2027-02-01\n        status: completed\n        note: The review reported in January.\n",
        )
    );
}

/// A multipart body as a browser sends the new-response form.
fn multipart(fields: &[(&str, &str)], boundary: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in fields {
        write!(
            out,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    write!(
        out,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"
    )
    .unwrap();
    out
}

#[test]
fn a_new_response_is_made_from_a_pasted_list_of_findings() {
    let (_tmp, file, p) = desk("desk-new");
    let dir = file.parent().unwrap();
    let page = get(p.port, "/desk/");
    let token = hidden(&page, "token");
    // As HMICFRS lists them in a report.
    let pasted = "Recommendations\r\n\r\nRecommendation 1\r\nBy 31 March 2027, Northshire Police should make sure that detainees are told their rights.\r\n\r\nRecommendation 2\r\nBy 30 June 2027, the force should review how it records strip searches.\r\n";
    let body = multipart(
        &[
            ("token", &token),
            ("file", "northshire-custody-2027"),
            ("report", "Northshire custody follow-up"),
            ("report_kind", "custody"),
            ("published", "2027-01-10"),
            ("force", "Northshire Police"),
            ("findings", pasted),
        ],
        "deskboundary42",
    );
    let (status, answer) = send(
        p.port,
        "/desk/new",
        "multipart/form-data; boundary=deskboundary42",
        &body,
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{answer}");
    let made = std::fs::read_to_string(dir.join("northshire-custody-2027.yaml")).unwrap();
    assert!(
        made.contains("title: \"Northshire custody follow-up\""),
        "{made}"
    );
    assert!(made.contains("published: 2027-01-10"), "{made}");
    assert!(made.contains("force: \"Northshire Police\""), "{made}");
    // The scaffold's comments stay; its example recommendation gives way to the report's.
    assert!(
        made.contains("# A section 55 response. Fill in every TODO"),
        "{made}"
    );
    assert!(
        !made.contains("TODO: the recommendation, as the report gives it."),
        "{made}"
    );
    assert!(made.contains("  - number: 1\n    text: \"By 31 March 2027, Northshire Police should make sure that detainees are told their rights.\"\n"), "{made}");
    assert!(made.contains("  - number: 2\n"), "{made}");
    // Its form is shown, a place for each finding's response.
    assert!(
        answer.contains("name=\"recommendations[1].response\""),
        "{answer}"
    );
    // A name that would leave the folder is refused, and nothing is written.
    let before = std::fs::read_dir(dir).unwrap().count();
    let body = multipart(
        &[
            ("token", &token),
            ("file", "../outside"),
            ("report", "X"),
            ("published", "2027-01-10"),
            ("findings", pasted),
        ],
        "b2",
    );
    let (status, answer) = send(
        p.port,
        "/desk/new",
        "multipart/form-data; boundary=b2",
        &body,
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 422 Unprocessable Content");
    assert!(
        answer.contains("give the file a name of letters, digits and hyphens"),
        "{answer}"
    );
    assert!(!dir.parent().unwrap().join("outside.yaml").exists());
    assert_eq!(before, std::fs::read_dir(dir).unwrap().count());
}

#[test]
fn the_word_form_comes_out_and_back_with_its_changes_shown_first() {
    let (_tmp, file, p) = desk("desk-word");
    let answer = {
        let mut s = TcpStream::connect(("127.0.0.1", p.port)).unwrap();
        write!(
            s,
            "GET /desk/r/northshire.yaml/form/chief-officer.docx HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        out
    };
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]);
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(
        head.contains("filename=\"northshire-chief-officer.docx\""),
        "{head}"
    );
    let docx = &answer[split + 4..];
    assert_eq!(&docx[..2], b"PK");
    // The form sent back as it came: it changes nothing, and nothing is written.
    let (token, _) = page_fields(p.port, PAGE);
    let boundary = "wordform7";
    let mut body = Vec::new();
    write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"docx\"; filename=\"back.docx\"\r\nContent-Type: application/octet-stream\r\n\r\n").unwrap();
    body.extend_from_slice(docx);
    write!(body, "\r\n--{boundary}--\r\n").unwrap();
    let (status, page) = send(
        p.port,
        "/desk/r/northshire.yaml/form",
        &format!("multipart/form-data; boundary={boundary}"),
        &body,
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{page}");
    assert!(
        page.contains("The Word form changes nothing in the response."),
        "{page}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DRAFT);
}

#[test]
fn every_desk_page_refuses_to_be_framed_by_another_site() {
    let (_tmp, _file, p) = desk("desk-frame");
    for path in ["/desk/", PAGE] {
        let answer = get(p.port, path);
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(answer.contains("\r\nX-Frame-Options: DENY\r\n"));
        assert!(answer.contains("frame-ancestors 'none'"));
    }
}

/// The folder the archive goes into, for the build's test.
fn site(file: &Path) -> PathBuf {
    file.parent().unwrap().join("site")
}

#[test]
fn the_archive_is_built_from_the_desk_inside_the_folder() {
    let (_tmp, file, p) = desk("desk-build");
    let final_text = DRAFT
        .replace("draft: true\n", "")
        .replace("TODO: our response.", "We will audit the records.")
        + "date: 2026-12-20\n";
    std::fs::write(&file, &final_text).unwrap();
    let (token, _) = page_fields(p.port, PAGE);
    let (status, body) = post(p.port, "/desk/build", &[("token", &token)], &own(p.port));
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    assert!(body.contains("1 published"), "{body}");
    let index = std::fs::read_to_string(site(&file).join("index.html")).unwrap();
    assert!(index.contains("Northshire custody inspection"), "{index}");
}

#[test]
fn the_final_responses_are_published_to_wordpress_from_the_desk() {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (Some(url), Some(user), Some(password)) = (
        var("S55_TEST_WORDPRESS_URL"),
        var("S55_TEST_WORDPRESS_USER"),
        var("S55_TEST_WORDPRESS_PASSWORD"),
    ) else {
        assert!(
            var("S55_REQUIRE_WORDPRESS").is_none(),
            "S55_REQUIRE_WORDPRESS is set but no WordPress is configured (run scripts/wordpress.sh)"
        );
        eprintln!("skipped: no WordPress to publish to (scripts/wordpress.sh makes one)");
        return;
    };
    let (tmp, file, p) = desk("desk-wordpress");
    // Pages of this test alone on the shared site.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let prefix = format!("desk{}-{nanos}-", std::process::id());
    std::fs::write(
        tmp.path().join("responses/s55.yaml"),
        format!("wordpress:\n  prefix: {prefix}\n"),
    )
    .unwrap();
    let final_text = DRAFT
        .replace("draft: true\n", "")
        .replace("TODO: our response.", "We will audit the records.")
        + "date: 2026-12-20\n";
    std::fs::write(&file, &final_text).unwrap();
    let (token, _) = page_fields(p.port, PAGE);
    // A wrong password: refused with the site's word, nothing published.
    let (status, body) = post(
        p.port,
        "/desk/publish",
        &[
            ("token", &token),
            ("url", &url),
            ("user", &user),
            ("password", "wrong wrong wrong"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 422 Unprocessable Content", "{body}");
    assert!(body.contains("Not published: "), "{body}");
    let (status, body) = post(
        p.port,
        "/desk/publish",
        &[
            ("token", &token),
            ("url", &url),
            ("user", &user),
            ("password", &password),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    assert!(
        body.contains("Published to WordPress: 1 page sent."),
        "{body}"
    );
    // The page as WordPress holds it.
    let auth = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{user}:{password}")
        )
    );
    let pages: serde_json::Value = ureq::get(&format!(
        "{url}/?rest_route=/wp/v2/pages&context=edit&per_page=100&search=Northshire"
    ))
    .header("Authorization", &auth)
    .call()
    .unwrap()
    .body_mut()
    .read_json()
    .unwrap();
    let page = pages
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"].as_str().unwrap_or("").starts_with(&prefix))
        .unwrap_or_else(|| panic!("no page {prefix}… in {pages}"));
    let raw = page["content"]["raw"].as_str().unwrap();
    assert!(raw.contains("We will audit the records."), "{raw}");
    assert!(
        raw.contains("The force should review its detention times."),
        "{raw}"
    );
}

#[test]
fn a_response_named_yml_has_its_form_and_saves() {
    let (_tmp, file, p) = desk("desk-yml");
    let yml = file.with_extension("yml");
    std::fs::rename(&file, &yml).unwrap();
    let page = get(p.port, "/desk/r/northshire.yml/");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    let (token, version) = (hidden(&page, "token"), hidden(&page, "version"));
    let (status, _) = post(
        p.port,
        "/desk/r/northshire.yml/save",
        &[
            ("token", &token),
            ("version", &version),
            ("recommendations[1].owner", "Head of custody"),
        ],
        &own(p.port),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        std::fs::read_to_string(&yml)
            .unwrap()
            .contains("    owner: Head of custody\n")
    );
}
