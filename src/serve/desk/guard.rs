//! What a post must carry to change anything: the page's per-session token, in a hidden field
//! `token`, and the desk's own origin. A page on another site can make the officer's browser
//! post to 127.0.0.1, but it cannot read the desk's pages (the browser keeps them from it,
//! and the server answers no other `Host`), so it never has the token; and the browser says
//! where a post came from (`Origin`, else `Referer`), which must be the desk itself.

use super::session::token;
use super::upload::{self, Value};
use super::{Answer, State, Words};

/// Whether the post came from the desk's own pages: its `Origin`, or without one its
/// `Referer`; a post that says neither is refused, as no browser sends a form so.
fn same_origin(origin: Option<&str>, referer: Option<&str>, port: u16) -> bool {
    match (origin, referer) {
        (Some(o), _) => super::super::http::own_origin(o, port),
        (None, Some(r)) => {
            let origin: String = r.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            super::super::http::own_origin(&origin, port)
        }
        (None, None) => false,
    }
}

/// Whether two tokens are the same, taking as long whatever the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The post's fields when it may change something; else the 403 that says why.
pub fn check(
    state: &State,
    request: &super::Request,
    words: &Words,
) -> Result<Vec<(String, Value)>, Answer> {
    let refuse = |key: &str| {
        Answer::html(
            "403 Forbidden",
            super::pages::message(state, words, &words.get(key)),
        )
    };
    if !same_origin(
        request.origin.as_deref(),
        request.referer.as_deref(),
        state.port,
    ) {
        return Err(refuse("foreign_origin"));
    }
    let fields = upload::fields(request.content_type.as_deref(), &request.body)
        .ok_or_else(|| refuse("no_token"))?;
    let given =
        super::text_field(&fields, "token").or_else(|| super::text_field(&fields, "csrf_token"));
    let ours = token();
    match given {
        Some(t) if !ours.is_empty() && same(&t, ours) => Ok(fields),
        _ => Err(refuse("no_token")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_desks_own_origin_may_post() {
        assert!(same_origin(Some("http://127.0.0.1:5555"), None, 5555));
        assert!(same_origin(
            None,
            Some("http://localhost:5555/desk/r/a.yaml/"),
            5555
        ));
        assert!(!same_origin(
            Some("http://evil.example"),
            Some("http://127.0.0.1:5555/"),
            5555
        ));
        assert!(!same_origin(Some("null"), None, 5555));
        assert!(!same_origin(
            None,
            Some("http://127.0.0.1:5556/desk/"),
            5555
        ));
        assert!(!same_origin(None, None, 5555));
    }

    #[test]
    fn tokens_are_long_random_and_compared_whole() {
        let t = token();
        assert_eq!(t.len(), 64);
        assert!(same(t, &String::from(t)));
        assert!(!same(t, &t[..63]));
        assert!(!same("", "x"));
    }
}
