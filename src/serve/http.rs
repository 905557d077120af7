//! The preview's HTTP: just enough of HTTP/1.1 for a browser on the same machine, and no more.
//!
//! Policy, against a hostile page in the user's browser or a program on the machine:
//! - **Only its own name**: a request is answered only when its `Host` is `127.0.0.1` or
//!   `localhost` (with the preview's port, or none), so a page on another site that has
//!   pointed its name at 127.0.0.1 (DNS rebinding) cannot read drafts; `/events` also
//!   refuses an `Origin` other than the preview's own.
//! - **Bounded**: a request's line and headers together are at most [`MAX_HEAD`] bytes and
//!   must arrive within [`HEAD_TIME`]; every write gives up after [`WRITE_TIME`]; the server
//!   holds at most [`MAX_CONNECTIONS`] connections, and when they are all held lets go the
//!   oldest still sending its request (or the oldest event stream) for a newcomer; at most
//!   [`MAX_EVENTS`] pages listen for saves at once, each for [`EVENTS_TIME`] before it
//!   listens again; so idle, slow or endless connections can neither exhaust memory nor
//!   lock a normal request out.
//! - **GET and HEAD only**, but for the desk's forms: `POST` is read under `/desk/` alone,
//!   its body at most [`MAX_BODY`] bytes within [`BODY_TIME`]; anything else is `405`. HEAD
//!   gets the headers without the body. What a post may change is the desk's policy
//!   (`desk::guard`: the page's token and its own origin).
//!
//! Written by hand rather than with an HTTP crate: the preview needs one request per
//! connection, two methods and two headers, and the limits above are a few lines each here,
//! where the small servers (tiny_http among them) offer no cap on a request's head or on
//! connections, and no deadline for a head that arrives a byte at a time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The most bytes a request's line and headers may take together.
pub const MAX_HEAD: usize = 8 * 1024;
/// How long a request's line and headers may take to arrive.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long one write may wait on a reader that does not read.
pub const WRITE_TIME: Duration = Duration::from_secs(10);
/// The most connections held at once (idle, reading, answering or listening for saves).
pub const MAX_CONNECTIONS: usize = 768;
/// How many pages may listen for changes at once (`/events`): a few tabs of the preview.
pub const MAX_EVENTS: usize = 32;
/// How long one event stream lasts before the page is asked to listen again.
pub const EVENTS_TIME: Duration = Duration::from_secs(300);
/// The most bytes a desk's post may carry: a Word form at the importer's limit, with room
/// for the form's encoding around it.
pub const MAX_BODY: usize = crate::import::form::MAX_DOCX_BYTES + 1024 * 1024;
/// How long a post's body may take to arrive.
pub const BODY_TIME: Duration = Duration::from_secs(60);

/// A request the preview will answer.
#[derive(Debug)]
pub struct Request {
    /// Whether the body is to be left out.
    pub head_only: bool,
    /// The address asked for, with its query.
    pub target: String,
    /// The `Origin` header, when there is one.
    pub origin: Option<String>,
    /// Whether it is a desk's post (a form sent), with a body.
    pub post: bool,
    /// The `Referer` header, when there is one.
    pub referer: Option<String>,
    /// The `Content-Type` header, when there is one.
    pub content_type: Option<String>,
    /// The post's body.
    pub body: Vec<u8>,
    /// How long the body says it is (`Content-Length`).
    length: usize,
}

/// Why a request is not answered as asked: the status line and a word of explanation.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The status, such as `405 Method Not Allowed`.
    pub status: &'static str,
    /// The body.
    pub body: String,
}

fn refuse(status: &'static str, body: impl Into<String>) -> Refusal {
    Refusal {
        status,
        body: body.into(),
    }
}

/// How often a connection still sending its request looks whether it is let go.
const LOOK: Duration = Duration::from_millis(100);

/// Reads a request's line and headers within the limits. `Ok(None)` when the connection
/// closed, stayed idle, ran out of time before a whole head arrived, or was let go (`let_go`
/// set, to make room for a newcomer, seen within [`LOOK`]): nothing to answer.
pub fn read_request(
    stream: &mut TcpStream,
    port: u16,
    let_go: &std::sync::atomic::AtomicBool,
) -> Result<Option<Request>, Refusal> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Ok(None);
        };
        if let_go.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(None);
        }
        if stream
            .set_read_timeout(Some(left.clamp(Duration::from_millis(1), LOOK)))
            .is_err()
        {
            return Ok(None);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            Err(_) => return Ok(None),
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(i) = find(&head[from..], b"\r\n\r\n") {
            break from + i;
        }
        if head.len() > MAX_HEAD {
            return Err(refuse(
                "431 Request Header Fields Too Large",
                "the request is larger than the preview reads\n",
            ));
        }
    };
    if end > MAX_HEAD {
        return Err(refuse(
            "431 Request Header Fields Too Large",
            "the request is larger than the preview reads\n",
        ));
    }
    let mut request = parse(&head[..end], port)?;
    if request.post {
        let mut body = head.split_off(end + 4);
        if !read_body(stream, &mut body, request.length, let_go) {
            return Ok(None);
        }
        body.truncate(request.length);
        request.body = body;
    }
    Ok(Some(request))
}

/// Reads the rest of a post's body, `length` bytes in all, within [`BODY_TIME`]; whether it
/// all came.
fn read_body(
    stream: &mut TcpStream,
    body: &mut Vec<u8>,
    length: usize,
    let_go: &std::sync::atomic::AtomicBool,
) -> bool {
    let deadline = Instant::now() + BODY_TIME;
    let mut chunk = vec![0u8; 64 * 1024];
    while body.len() < length {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return false;
        };
        if let_go.load(std::sync::atomic::Ordering::SeqCst)
            || stream
                .set_read_timeout(Some(left.clamp(Duration::from_millis(1), LOOK)))
                .is_err()
        {
            return false;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return false,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return false,
        }
    }
    true
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses a request's head (without its closing blank line) and applies the policy.
pub fn parse(head: &[u8], port: u16) -> Result<Request, Refusal> {
    let text = std::str::from_utf8(head).map_err(|_| refuse("400 Bad Request", "bad request\n"))?;
    let mut lines = text.split("\r\n");
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse("400 Bad Request", "bad request\n"));
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Err(refuse("400 Bad Request", "bad request\n"));
    }
    let (mut host, mut origin, mut referer, mut content_type, mut length) =
        (None, None, None, None, None);
    for header in lines {
        let Some((name, value)) = header.split_once(':') else {
            return Err(refuse("400 Bad Request", "bad request\n"));
        };
        let value = value.trim().to_owned();
        if name.eq_ignore_ascii_case("host") {
            host = Some(value);
        } else if name.eq_ignore_ascii_case("origin") {
            origin = Some(value);
        } else if name.eq_ignore_ascii_case("referer") {
            referer = Some(value);
        } else if name.eq_ignore_ascii_case("content-type") {
            content_type = Some(value);
        } else if name.eq_ignore_ascii_case("content-length") {
            length = Some(value);
        }
    }
    if !host.as_deref().is_some_and(|h| own_host(h, port)) {
        return Err(refuse(
            "403 Forbidden",
            format!("this preview answers only at http://127.0.0.1:{port}/\n"),
        ));
    }
    let (head_only, post) = match method {
        "GET" => (false, false),
        "HEAD" => (true, false),
        "POST" if target.starts_with("/desk/") => (false, true),
        _ => {
            return Err(refuse(
                "405 Method Not Allowed",
                "the preview only shows pages\n",
            ));
        }
    };
    let length = match (post, length) {
        (false, _) => 0,
        (true, None) => {
            return Err(refuse(
                "411 Length Required",
                "a form sent to the desk must say how long it is\n",
            ));
        }
        (true, Some(l)) => match l.parse::<usize>() {
            Ok(n) if n <= MAX_BODY => n,
            Ok(_) => {
                return Err(refuse(
                    "413 Content Too Large",
                    format!(
                        "the desk reads forms of up to {} MB; a Word form or report larger than that cannot be read\n",
                        MAX_BODY / (1024 * 1024)
                    ),
                ));
            }
            Err(_) => return Err(refuse("400 Bad Request", "bad request\n")),
        },
    };
    Ok(Request {
        head_only,
        target: target.to_owned(),
        origin,
        post,
        referer,
        content_type,
        body: Vec::new(),
        length,
    })
}

/// Whether a `Host` header names the preview: its own address or `localhost`, with its port
/// or none.
fn own_host(host: &str, port: u16) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) => (name, Some(p)),
        None => (host, None),
    };
    let name_ok = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1";
    name_ok && given.is_none_or(|p| p == port.to_string())
}

/// Whether an `Origin` header is the preview's own page.
pub fn own_origin(origin: &str, port: u16) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|rest| own_host(rest, port) && rest.contains(':'))
}

/// Writes a whole response (the body left out for HEAD, its length kept).
pub fn respond(
    stream: &mut TcpStream,
    head_only: bool,
    status: &str,
    kind: &str,
    body: &[u8],
) -> std::io::Result<()> {
    respond_with(stream, head_only, status, kind, &[], body)
}

/// Writes a whole response with headers of its own (a download's file name, a redirect's
/// address), each a `(name, value)` s55 itself wrote.
pub fn respond_with(
    stream: &mut TcpStream,
    head_only: bool,
    status: &str,
    kind: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut extra = String::new();
    if status.starts_with("405") {
        extra.push_str("Allow: GET, HEAD\r\n");
    }
    for (name, value) in headers {
        extra.push_str(&format!("{name}: {value}\r\n"));
    }
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{extra}Connection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_previews_own_host_is_answered() {
        for ok in [
            "127.0.0.1:5555",
            "localhost:5555",
            "localhost",
            "LOCALHOST:5555",
        ] {
            assert!(own_host(ok, 5555), "{ok}");
        }
        for bad in [
            "evil.example:5555",
            "127.0.0.1:80",
            "localhost.evil:5555",
            "",
        ] {
            assert!(!own_host(bad, 5555), "{bad}");
        }
        assert!(own_origin("http://127.0.0.1:5555", 5555));
        assert!(!own_origin("http://evil.example:5555", 5555));
        assert!(!own_origin("null", 5555));
    }

    #[test]
    fn methods_other_than_get_and_head_are_refused() {
        let r = parse(b"POST / HTTP/1.1\r\nHost: localhost", 1).unwrap_err();
        assert_eq!(r.status, "405 Method Not Allowed");
        let r = parse(b"PUT /desk/x HTTP/1.1\r\nHost: localhost", 1).unwrap_err();
        assert_eq!(r.status, "405 Method Not Allowed");
        let r = parse(b"POST /desk/x HTTP/1.1\r\nHost: localhost", 1).unwrap_err();
        assert_eq!(r.status, "411 Length Required");
        let big = format!(
            "POST /desk/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}",
            MAX_BODY + 1
        );
        let r = parse(big.as_bytes(), 1).unwrap_err();
        assert_eq!(r.status, "413 Content Too Large");
        let r = parse(
            b"POST /desk/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5",
            1,
        )
        .unwrap();
        assert!(r.post && r.length == 5);
        let r = parse(b"HEAD /x HTTP/1.1\r\nHost: localhost:1", 1).unwrap();
        assert!(r.head_only);
        assert_eq!(r.target, "/x");
    }
}
