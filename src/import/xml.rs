//! The text of a Word document's XML as the reader gives it: runs of text and, apart from
//! them, character and entity references (`&amp;`, `&#8217;`), which belong to the same text.
//! Both Word readers take an element's text from here, so neither loses a `&` or a `<`.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

/// The text an event adds to the element it is in: a run's text, or the character a
/// reference stands for; `None` for any other event.
pub fn text<'a>(event: &Event<'a>) -> Result<Option<Cow<'a, str>>, String> {
    match event {
        Event::Text(t) => Ok(Some(t.xml10_content())),
        Event::GeneralRef(r) => {
            if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                return Ok(Some(Cow::Owned(c.to_string())));
            }
            let name: &str = r;
            resolve_predefined_entity(name)
                .map(|s| Some(Cow::Borrowed(s)))
                .ok_or_else(|| format!("the text refers to an unknown entity `&{name};`"))
        }
        _ => Ok(None),
    }
}

/// An attribute's value with its references resolved, as XML 1.0 reads it.
pub fn value(a: &Attribute<'_>) -> Option<String> {
    a.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
}

/// The value of the attribute `name` (as written, with its prefix) of an element.
pub fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| value(&a))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of every `w:t` in `xml`, joined.
    fn texts(xml: &str) -> String {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut out = String::new();
        loop {
            let e = reader.read_event().unwrap();
            if matches!(e, Event::Eof) {
                break;
            }
            if let Some(t) = text(&e).unwrap() {
                out.push_str(&t);
            }
        }
        out
    }

    #[test]
    fn references_in_a_words_text_are_kept() {
        assert_eq!(
            texts(
                "<w:t>Fish &amp; chips &lt;now&gt; &#8217;twas &#x2019;s &quot;q&quot; &apos;</w:t>"
            ),
            "Fish & chips <now> \u{2019}twas \u{2019}s \"q\" '"
        );
    }

    #[test]
    fn an_unknown_entity_is_an_error_not_a_gap() {
        let mut reader = quick_xml::Reader::from_str("<w:t>a &nbsp; b</w:t>");
        let mut err = None;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => {
                    if let Err(m) = text(&e) {
                        err = Some(m);
                    }
                }
            }
        }
        assert_eq!(
            err.unwrap(),
            "the text refers to an unknown entity `&nbsp;`"
        );
    }

    #[test]
    fn attribute_values_are_unescaped() {
        let mut reader = quick_xml::Reader::from_str(r#"<w:tag w:val="s55:a&amp;b"/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else {
            panic!("an empty element")
        };
        assert_eq!(attr(&e, "w:val").as_deref(), Some("s55:a&b"));
    }
}
