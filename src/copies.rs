//! The copies section 55(6) asks for: a covering e-mail to HMICFRS and one to the Home
//! Secretary's office, each with the published PDF attached and the page's address.
//!
//! Policy: the addresses come from the office's settings (`copies:` in s55.yaml), the
//! wording from the locale (`copies_*` labels), and the PDF is the one `s55 build`
//! published, byte for byte: a signed letter's from its seal (what was sent is what was
//! signed, whatever the templates or pictures say now), else rendered as the build would
//! publish it. A draft is never sent. The e-mails are written as `.eml`
//! files for the office's mail program to send: marked `X-Unsent: 1`, so that Outlook opens
//! each as a draft to send rather than as a message received, with names encoded as RFC 2047
//! allows in an address (an encoded word, never inside quotes), dated when they were made
//! (`SOURCE_DATE_EPOCH` when set, so that the same input gives the same bytes), and the
//! message identifiers and MIME boundaries derived from the response's address. A bilingual
//! response's e-mails are in both its languages, in the office's order.

use anyhow::{Result, anyhow, bail};
use mail_builder::MessageBuilder;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;

use crate::addresses;
use crate::model::Editions;
use crate::render::view::{self, View};
use crate::render::{self, PageLinks, Renderer, format};
use crate::settings::Settings;
use crate::site::seal::Published;

/// The two recipients, by the file name each e-mail is written to and its locale label.
const TO: [(&str, &str); 2] = [
    ("hmicfrs", "copies_to_hmicfrs"),
    ("home-secretary", "copies_to_home_secretary"),
];

/// One e-mail: its file name (`SLUG-hmicfrs.eml`) and its bytes.
pub type Mail = (String, Vec<u8>);

/// The covering e-mails for the response in `file`, as `s55 copies` and the desk make them:
/// naming the page the office published on its WordPress site when `s55 publish wordpress`
/// recorded one beside the file (or in a folder above it), and carrying a signed letter's PDF
/// from its seal, the bytes that were published.
pub fn for_file(
    file: &std::path::Path,
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    made: jiff::Timestamp,
) -> Result<Vec<Mail>> {
    let folder = std::path::absolute(file)?;
    let published = folder.parent().and_then(|dir| {
        crate::wordpress::page_link(dir, &addresses::base_slug(editions.english()))
    });
    let extension = format::record()
        .map(|r| r.extension())
        .ok_or_else(|| anyhow::anyhow!("the letter's format is missing"))?;
    let signed = crate::site::seal::published(file, editions.first(), settings, extension)?;
    mails(
        renderer,
        editions,
        settings,
        made,
        (published.as_deref(), signed),
    )
}

/// The covering e-mails for a checked response, and the PDF they carry, made at `made` (the
/// e-mails' `Date`), naming `published` as the response's page when the office published it
/// somewhere of its own (its WordPress site) rather than in the archive at `copies.site`.
/// A signed letter's PDF is `signed`, its bytes as published and sealed; a letter not yet
/// published is rendered as `s55 build` would publish it.
pub fn mails(
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    made: jiff::Timestamp,
    (published, signed): (Option<&str>, Option<Published>),
) -> Result<Vec<Mail>> {
    let doc = editions.english();
    if editions.iter().any(|e| e.draft) {
        bail!("the response is a draft (`draft: true`); copies go once it is signed and published");
    }
    let Some(to) = &settings.copies else {
        bail!(
            "the office's settings name no addresses for the copies; add `copies:` to s55.yaml with `from`, `hmicfrs` and `home_secretary`"
        );
    };
    let record = format::record().ok_or_else(|| anyhow!("no format is the letter as sent"))?;
    // The letter as sent (the PDF): a signed letter's as it was published, byte for byte, at
    // the address its seal keeps; else rendered, the response's own file first, before a
    // bilingual response's editions.
    let (slug, pdf_name, bytes) = match signed {
        Some(p) => (p.slug, p.name, p.bytes),
        None => {
            let slug = addresses::base_slug(doc);
            let stem = slug.rsplit('/').next().unwrap_or("response").to_owned();
            let links = PageLinks::default();
            let rendered = render::render(renderer, editions, settings, &stem, &[record], links)?;
            let (name, bytes) = rendered
                .files
                .into_iter()
                .next()
                .ok_or_else(|| anyhow!("the letter as sent was not rendered"))?;
            (slug, name, bytes)
        }
    };
    let stem = slug.rsplit('/').next().unwrap_or("response").to_owned();
    // Each edition's words: a bilingual response writes to both languages' readers.
    let views: Vec<View> = editions
        .iter()
        .map(|d| view::build(d, renderer.assets().locale(d.language), settings))
        .collect();
    let both = |each: &dyn Fn(&View) -> String, between: &str| in_each(&views, each, between);
    let page = match published {
        Some(p) => p.to_owned(),
        None => to.site.as_deref().map_or_else(String::new, |s| {
            format!("{}/responses/{slug}/", s.trim_end_matches('/'))
        }),
    };
    let domain = to.from.rsplit('@').next().unwrap_or("localhost");
    let office = both(&|v| v.office.name.clone(), " / ");
    let languages = both(&|v| v.lang.clone(), ", ");
    let corrected_on = corrected_on(renderer, editions, &views);
    let mut out = Vec::new();
    for (who, key) in TO {
        let address = if who == "hmicfrs" {
            &to.hmicfrs
        } else {
            &to.home_secretary
        };
        // A corrected response is a new message, which says that it corrects the one before
        // (and names it, so that a mail program threads them).
        let corrections = doc.corrections.len();
        let id_of = |n: usize| match n {
            0 => format!("{}.{who}@{domain}", slug.replace('/', ".")),
            n => format!("{}.corrected-{n}.{who}@{domain}", slug.replace('/', ".")),
        };
        let id = id_of(corrections);
        let body = body_text(&views, key, &page, &corrected_on);
        let parts = MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", format!("s55-{who}")),
            vec![
                MimePart::new("text/plain", body).language(languages.clone()),
                MimePart::new(record.media_type(), bytes.as_slice()).attachment(pdf_name.clone()),
            ],
        );
        let subject = if corrections > 0 {
            "copies_subject_corrected"
        } else {
            "copies_subject"
        };
        let mut mail = MessageBuilder::new()
            .header("From", Raw::new(mailbox(&office, &to.from)))
            .header(
                "To",
                Raw::new(mailbox(&both(&|v| label(v, key), " / "), address)),
            )
            .subject(both(&|v| label(v, subject), " / "))
            .date(made.as_second())
            .message_id(id)
            .header("X-Unsent", Raw::new("1"));
        if corrections > 0 {
            let earlier = id_of(corrections - 1);
            mail = mail.in_reply_to(earlier.clone()).references(earlier);
        }
        let mail = mail.body(parts).write_to_vec()?;
        out.push((format!("{stem}-{who}.eml"), mail));
    }
    Ok(out)
}

/// A word of the locale, as an edition's view holds it.
fn label(v: &View, k: &str) -> String {
    v.t.get(k).cloned().unwrap_or_default()
}

/// The same words in every language, once; different ones side by side.
fn in_each(views: &[View], each: &dyn Fn(&View) -> String, between: &str) -> String {
    let mut words: Vec<String> = views.iter().map(each).collect();
    words.dedup();
    words.join(between)
}

/// The day of the latest correction, written in each edition's own words (by its language
/// code); none for a response never corrected.
fn corrected_on(renderer: &Renderer, editions: &Editions, views: &[View]) -> Vec<(String, String)> {
    let latest = editions
        .english()
        .corrections
        .iter()
        .map(|c| c.date.0)
        .max();
    match latest {
        Some(day) => editions
            .iter()
            .zip(views)
            .map(|(d, v)| {
                let locale = renderer.assets().locale(d.language);
                (v.lang.clone(), view::format_date(day, locale))
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The covering e-mail's words to the addressee `key`, in every edition's language, saying
/// that it corrects the one before when the response was corrected.
fn body_text(views: &[View], key: &str, page: &str, corrected_on: &[(String, String)]) -> String {
    in_each(
        views,
        &|v| {
            let body = label(v, "copies_body")
                .replace("{addressee}", &label(v, key))
                .replace("{page}", page);
            let Some((_, day)) = corrected_on.iter().find(|(lang, _)| *lang == v.lang) else {
                return body;
            };
            let corrects = label(v, "copies_corrects").replace("{date}", day);
            match body.split_once("\n\n") {
                Some((greeting, rest)) => format!("{greeting}\n\n{corrects}{rest}"),
                None => body,
            }
        },
        "\n\n",
    )
}

/// An address with its display name, as RFC 5322 and RFC 2047 write one: the name as a
/// quoted string when it is ASCII, else as encoded words (base64 UTF-8, each at most 75
/// characters and whole characters each), which may not stand inside quotes.
fn mailbox(name: &str, address: &str) -> String {
    // A line break in either would start a header of its own.
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let address: String = address
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && !matches!(c, '<' | '>'))
        .collect();
    if name.is_ascii() {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("\"{quoted}\" <{address}>");
    }
    // 45 bytes make 60 characters of base64: with `=?utf-8?B?` and `?=`, 72.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in name.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    let encoded: Vec<String> = words
        .iter()
        .map(|w| format!("=?utf-8?B?{}?=", crate::util::base64(w.as_bytes())))
        .collect();
    format!("{} <{address}>", encoded.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_curly_apostrophe_is_encoded_words_outside_quotes() {
        // "Mayor’s Office for Policing and Crime" was written `"=?utf-8?Q?…?="`, which mail
        // programs show as the encoded text itself.
        let m = mailbox(
            "Mayor’s Office for Policing and Crime",
            "office@example.org",
        );
        assert!(!m.contains('"'), "{m}");
        assert_eq!(
            m,
            "=?utf-8?B?TWF5b3LigJlzIE9mZmljZSBmb3IgUG9saWNpbmcgYW5kIENyaW1l?= <office@example.org>"
        );
        // An address from the settings with a line break in it cannot add a header.
        assert_eq!(
            mailbox("HMICFRS", "a@b.org\r\nBcc: x@y.org"),
            "\"HMICFRS\" <a@b.orgBcc:x@y.org>"
        );
        assert_eq!(
            mailbox("Office of the \"PCC\"", "a@b.org"),
            "\"Office of the \\\"PCC\\\"\" <a@b.org>"
        );
    }
}
