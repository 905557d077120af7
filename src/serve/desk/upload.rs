//! A posted form's fields: `application/x-www-form-urlencoded` (the desk's forms) or
//! `multipart/form-data` (a form with a file: a report, a returned Word form). The server
//! has already bounded the body ([`super::super::http::MAX_BODY`]); what is in a file is read
//! afterwards with its importer's own limits.

/// One field's value: text, or a file's bytes with the name it was sent under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A text field.
    Text(String),
    /// A file.
    File {
        /// The name the browser gave it.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
}

impl Value {
    /// The text of a text field.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            Value::File { .. } => None,
        }
    }
}

/// The fields of a posted body, in order; `None` when its type is neither of the two a form
/// sends, or a multipart body is not well formed.
pub fn fields(content_type: Option<&str>, body: &[u8]) -> Option<Vec<(String, Value)>> {
    let kind = content_type.unwrap_or("application/x-www-form-urlencoded");
    let (mime, params) = kind.split_once(';').unwrap_or((kind, ""));
    match mime.trim().to_ascii_lowercase().as_str() {
        "application/x-www-form-urlencoded" => Some(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), Value::Text(v.into_owned())))
                .collect(),
        ),
        "multipart/form-data" => {
            let boundary = params.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                k.eq_ignore_ascii_case("boundary")
                    .then(|| v.trim_matches('"').to_owned())
            })?;
            multipart(body, &boundary)
        }
        _ => None,
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A `multipart/form-data` body's parts (RFC 7578): each its name, and its file name when
/// it is a file.
fn multipart(body: &[u8], boundary: &str) -> Option<Vec<(String, Value)>> {
    if boundary.is_empty() || boundary.len() > 200 {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut at = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(out);
        }
        if body.get(at..at + 2) != Some(b"\r\n") {
            return None;
        }
        let head_start = at + 2;
        let head_end = find(body, b"\r\n\r\n", head_start)?;
        let head = std::str::from_utf8(&body[head_start..head_end]).ok()?;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), head_end + 4)?;
        let content = &body[head_end + 4..next];
        let disposition = head.split("\r\n").find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(v)
        })?;
        let param = |name: &str| {
            disposition.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                (k.trim() == name).then(|| v.trim().trim_matches('"').to_owned())
            })
        };
        let name = param("name")?;
        let value = match param("filename") {
            Some(file) => Value::File {
                name: file,
                bytes: content.to_vec(),
            },
            None => Value::Text(String::from_utf8_lossy(content).into_owned()),
        };
        out.push((name, value));
        at = next + 2 + delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urlencoded_form_reads_with_its_line_ends() {
        let f = fields(
            None,
            b"token=ab&recommendations%5B0%5D.response=We+will.%0D%0ANow",
        )
        .unwrap();
        assert_eq!(f[1].0, "recommendations[0].response");
        assert_eq!(f[1].1, Value::Text("We will.\r\nNow".into()));
    }

    #[test]
    fn a_multipart_form_gives_its_file_and_its_fields() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"report\"; filename=\"r.txt\"\r\nContent-Type: text/plain\r\n\r\nline one\r\nline two\r\n--XyZ--\r\n";
        let f = fields(Some("multipart/form-data; boundary=XyZ"), body).unwrap();
        assert_eq!(f[0], ("token".into(), Value::Text("abc".into())));
        assert_eq!(
            f[1],
            (
                "report".into(),
                Value::File {
                    name: "r.txt".into(),
                    bytes: b"line one\r\nline two".to_vec()
                }
            )
        );
        assert!(
            fields(
                Some("multipart/form-data; boundary=XyZ"),
                b"--XyZ\r\nbroken"
            )
            .is_none()
        );
        assert!(fields(Some("text/plain"), b"x").is_none());
    }
}
