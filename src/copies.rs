//! The copies section 55(6) asks for: a covering e-mail to HMICFRS and one to the Home
//! Secretary's office, each with the published PDF attached and the page's address.
//!
//! Policy: the addresses come from the office's settings (`copies:` in s55.yaml), the
//! wording from the locale (`copies_*` labels), and the PDF is rendered as `s55 build`
//! publishes it, byte for byte. A draft is never sent. The e-mails are written as `.eml`
//! files for the office's mail program to send; they are the same bytes on every run (the
//! date is the response's, the message identifiers and MIME boundaries are derived from the
//! response's address).

use anyhow::{Result, anyhow, bail};
use mail_builder::MessageBuilder;
use mail_builder::headers::content_type::ContentType;
use mail_builder::mime::MimePart;

use crate::addresses;
use crate::model::Editions;
use crate::render::{self, PageLinks, Renderer, format};
use crate::settings::Settings;

/// The two recipients, by the file name each e-mail is written to and its locale label.
const TO: [(&str, &str); 2] = [
    ("hmicfrs", "copies_to_hmicfrs"),
    ("home-secretary", "copies_to_home_secretary"),
];

/// One e-mail: its file name (`SLUG-hmicfrs.eml`) and its bytes.
pub type Mail = (String, Vec<u8>);

/// The covering e-mails for a checked response, and the PDF they carry.
pub fn mails(renderer: &Renderer, editions: &Editions, settings: &Settings) -> Result<Vec<Mail>> {
    mails_linking(renderer, editions, settings, None)
}

/// The covering e-mails, naming `published` as the response's page when the office published
/// it somewhere of its own (its WordPress site) rather than in the archive at `copies.site`.
pub fn mails_linking(
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    published: Option<&str>,
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
    let slug = addresses::base_slug(doc);
    let stem = slug.rsplit('/').next().unwrap_or("response").to_owned();
    // The letter as sent (the PDF): the response's own file comes first, before a bilingual
    // response's editions.
    let record = format::record().ok_or_else(|| anyhow!("no format is the letter as sent"))?;
    let rendered = render::render(
        renderer,
        editions,
        settings,
        &stem,
        &[record],
        PageLinks::default(),
    )?;
    let (pdf_name, bytes) = rendered
        .files
        .first()
        .ok_or_else(|| anyhow!("the letter as sent was not rendered"))?;
    let t = &rendered.view.t;
    let label = |k: &str| t.get(k).cloned().unwrap_or_default();
    let page = match published {
        Some(p) => p.to_owned(),
        None => to.site.as_deref().map_or_else(String::new, |s| {
            format!("{}/responses/{slug}/", s.trim_end_matches('/'))
        }),
    };
    let date = doc
        .date
        .or_else(|| doc.signature.as_ref().and_then(|s| s.date))
        .map_or(0, |d| unix_day(d.0));
    let domain = to.from.rsplit('@').next().unwrap_or("localhost");
    let mut out = Vec::new();
    for (who, key) in TO {
        let addressee = label(key);
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
        let latest = doc.corrections.iter().map(|c| c.date.0).max();
        let corrects = latest.map_or_else(String::new, |d| {
            let locale = renderer.assets().locale(doc.language);
            label("copies_corrects").replace("{date}", &crate::render::view::format_date(d, locale))
        });
        let body = label("copies_body")
            .replace("{addressee}", &addressee)
            .replace("{page}", &page);
        let body = match body.split_once("\n\n") {
            Some((greeting, rest)) if !corrects.is_empty() => {
                format!("{greeting}\n\n{corrects}{rest}")
            }
            _ => body,
        };
        let parts = MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", format!("s55-{who}")),
            vec![
                MimePart::new("text/plain", body),
                MimePart::new(record.media_type(), bytes.as_slice()).attachment(pdf_name.clone()),
            ],
        );
        let mut mail = MessageBuilder::new()
            .from((rendered.view.office.name.as_str(), to.from.as_str()))
            .to((addressee.as_str(), address.as_str()))
            .subject(label(if corrections > 0 {
                "copies_subject_corrected"
            } else {
                "copies_subject"
            }))
            .date(latest.map_or(date, unix_day))
            .message_id(id);
        if corrections > 0 {
            let earlier = id_of(corrections - 1);
            mail = mail.in_reply_to(earlier.clone()).references(earlier);
        }
        let mail = mail.body(parts).write_to_vec()?;
        out.push((format!("{stem}-{who}.eml"), mail));
    }
    Ok(out)
}

/// The day's midday (UTC) as seconds since 1970, for the e-mail's `Date`.
fn unix_day(d: jiff::civil::Date) -> i64 {
    jiff::tz::Offset::UTC
        .to_timestamp(d.at(12, 0, 0, 0))
        .map_or(0, |t| t.as_second())
}
