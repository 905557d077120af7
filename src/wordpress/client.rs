//! The office's WordPress site through its REST API, as one user with an application
//! password: pages and media, and what WordPress says when it refuses.
//!
//! Every request goes through `?rest_route=`, which every WordPress answers whatever its
//! permalink settings (`/wp-json/` needs the rewrite rules a site may not have). WordPress's
//! refusals become errors in an office worker's words: a wrong password, a user without the
//! rights, a site that is not WordPress.

use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use base64::Engine as _;
use serde_json::Value;

/// The largest answer read from WordPress: a page's JSON with its content, or a list of them.
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// A WordPress site and the user s55 publishes as.
pub struct Site {
    /// The site's address, without a trailing slash.
    base: String,
    /// The user's name, for messages.
    user: String,
    /// `Basic …` for the user and application password.
    auth: String,
    agent: ureq::Agent,
}

/// A page or a file of the media library as WordPress describes it.
pub type Object = serde_json::Map<String, Value>;

impl Site {
    /// The site at `url`, as `user` with the application password `password`. Nothing is sent
    /// until a request is made.
    pub fn new(url: &str, user: &str, password: &str) -> Site {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("s55/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        Site {
            base: url.trim_end_matches('/').to_owned(),
            user: user.to_owned(),
            auth: format!("Basic {token}"),
            agent,
        }
    }

    /// The address of the REST route `route` (`/wp/v2/pages`) with the query `query`.
    fn url(&self, route: &str, query: &str) -> String {
        let q = if query.is_empty() {
            String::new()
        } else {
            format!("&{query}")
        };
        format!("{}/?rest_route={route}{q}", self.base)
    }

    /// Reads WordPress's answer: the JSON of a success, or an error in the office's words.
    fn answer(
        &self,
        what: &str,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Value> {
        let mut response = result.map_err(|e| {
            anyhow!(
                "cannot reach the WordPress site at {} ({e}); check the address and the network",
                self.base
            )
        })?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| anyhow!("cannot read WordPress's answer to {what}: {e}"))?;
        let json: Option<Value> = serde_json::from_str(&text).ok();
        if (200..300).contains(&status) {
            return json.ok_or_else(|| {
                anyhow!(
                    "{} did not answer {what} as WordPress does (no JSON came back); is it a WordPress site, with its REST API on?",
                    self.base
                )
            });
        }
        let code = json
            .as_ref()
            .and_then(|j| j.get("code"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let message = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        match (status, code) {
            (401, _) | (_, "incorrect_password" | "invalid_username" | "invalid_email") => bail!(
                "WordPress at {} did not accept the user `{}` with that application password ({status}: {message}); check S55_WORDPRESS_USER and S55_WORDPRESS_PASSWORD (an application password is made in WordPress under Users → Profile → Application Passwords)",
                self.base,
                self.user
            ),
            (403, _) => bail!(
                "WordPress at {} does not let the user `{}` do this: {what} ({message}); the user needs a role that may publish pages and upload files, such as Editor",
                self.base,
                self.user
            ),
            (404, "rest_no_route") | (404, "") if json.is_none() || code.is_empty() => bail!(
                "{} has no WordPress REST API (asked for {what}, it answered 404); check the site's address",
                self.base
            ),
            _ => bail!(
                "WordPress at {} refused {what}: {status} {code}: {message}",
                self.base
            ),
        }
    }

    /// GETs `route` with `query`.
    pub fn get(&self, what: &str, route: &str, query: &str) -> Result<Value> {
        let r = self
            .agent
            .get(&self.url(route, query))
            .header("Authorization", &self.auth)
            .call();
        self.answer(what, r)
    }

    /// POSTs `body` as JSON to `route`.
    pub fn post(&self, what: &str, route: &str, body: &Value) -> Result<Value> {
        let r = self
            .agent
            .post(&self.url(route, "context=edit"))
            .header("Authorization", &self.auth)
            .send_json(body);
        self.answer(what, r)
    }

    /// Uploads a file to the media library under `name`.
    pub fn upload(&self, name: &str, mime: &str, bytes: &[u8]) -> Result<Value> {
        let what = format!("the upload of `{name}`");
        let r = self
            .agent
            .post(&self.url("/wp/v2/media", "context=edit"))
            .header("Authorization", &self.auth)
            .header("Content-Type", mime)
            .header(
                "Content-Disposition",
                &format!("attachment; filename=\"{name}\""),
            )
            .send(bytes);
        self.answer(&what, r)
    }

    /// Deletes a file of the media library for good (media has no bin).
    pub fn delete_media(&self, id: u64) -> Result<()> {
        let r = self
            .agent
            .delete(&self.url(&format!("/wp/v2/media/{id}"), "force=true"))
            .header("Authorization", &self.auth)
            .call();
        self.answer("the removal of a replaced file", r).map(|_| ())
    }

    /// The page `id` as an editor sees it (its raw content and modified time), or `None`
    /// when it is no longer on the site.
    pub fn page(&self, id: u64) -> Result<Option<Object>> {
        let r = self
            .agent
            .get(&self.url(&format!("/wp/v2/pages/{id}"), "context=edit"))
            .header("Authorization", &self.auth)
            .call();
        match self.answer("a page", r) {
            Ok(Value::Object(o)) => Ok(Some(o)),
            Ok(_) => Ok(None),
            Err(e) if e.to_string().contains("rest_post_invalid_id") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Checks, before anything is sent, that the site takes the user's application password
    /// and that the user may publish pages and upload files.
    pub fn check_user(&self) -> Result<()> {
        let me = self.get("s55's sign-in", "/wp/v2/users/me", "context=edit")?;
        let may = |cap: &str| {
            me.pointer(&format!("/capabilities/{cap}"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        if !(may("publish_pages") && may("upload_files")) {
            bail!(
                "WordPress at {} does not let the user `{}` publish pages and upload files; give the user a role that may, such as Editor, or use another user's application password",
                self.base,
                self.user
            );
        }
        Ok(())
    }

    /// The site's address, as given.
    pub fn base(&self) -> &str {
        &self.base
    }
}
