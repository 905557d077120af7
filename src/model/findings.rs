//! The findings of a report as a response gives them: recommendations, areas for improvement
//! and causes of concern, their numbers as the report writes them, their sub-points, and the
//! recommendations a cause of concern holds.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::{Date, ProgressEntry};

/// A recommendation, area for improvement or cause of concern, with the body's response to it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The number the report gives it, as the report writes it: `3`, `"1.1"`, `"3a"`,
    /// `"R4"`; by default its position in the list. Unique within its list. Quote a number
    /// such as `"1.10"`, which YAML would otherwise read as the decimal 1.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Number>,
    /// The text as the report gives it (Markdown).
    pub text: String,
    /// When the report asks for it: "immediately", "within three months", "by 31 March 2023".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timescale: Option<String>,
    /// How the sub-points are numbered.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub numbering: Numbering,
    /// Sub-points, nested to any depth.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Point>,
    /// Who the report addresses a recommendation to, when not the force or the body: "the
    /// Home Office", "all chief constables". A recommendation for another body needs no
    /// explanation of the body's own action (s.55(5B)), and the letter says to whom it went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressed_to: Option<String>,
    /// Whether the finding applies to this force; `false` for a thematic recommendation
    /// addressed to other bodies. The response should then say why no action is taken.
    #[serde(default = "yes", skip_serializing_if = "crate::model::is_true")]
    pub applies: bool,
    /// The force's own response to it (Markdown), in the chief officer's words: what the
    /// force is doing. Shown before the body's response, which says what the body does about
    /// it; the chief officer's office fills it in on the Word form (`--form chief-officer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_response: Option<String>,
    /// The body's response (Markdown): the action taken or proposed, or why none (s.55(5B)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// Where the work stands, in the office's own words (for example "in progress").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Who is responsible for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// For a cause of concern (or an area for improvement, where a report does so): the
    /// recommendations the report makes under it, numbered as the report numbers them
    /// (`1.1`, `1.2`). Each counts as a recommendation for section 55(5B).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Finding>,
    /// A cause of concern raised early, because of a risk to public safety.
    #[serde(default, skip_serializing_if = "crate::model::is_false")]
    pub accelerated: bool,
    /// The day HMICFRS discharged the cause of concern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharged: Option<Date>,
    /// Progress since the letter was signed, dated; not part of the letter, whose `status`
    /// stays what was signed. The latest entry is the current status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<ProgressEntry>,
}

impl Finding {
    /// A finding with this text and every other field as a file that leaves it out has it.
    pub fn new(text: String) -> Self {
        Finding {
            number: None,
            text,
            timescale: None,
            numbering: Numbering::default(),
            items: Vec::new(),
            addressed_to: None,
            applies: true,
            force_response: None,
            response: None,
            status: None,
            owner: None,
            recommendations: Vec::new(),
            accelerated: false,
            discharged: None,
            progress: Vec::new(),
        }
    }

    /// Its number: as the report gives it, else its place (from 0) in its list, counted from 1.
    pub fn number_at(&self, index: usize) -> Number {
        self.number.clone().unwrap_or_else(|| Number::nth(index))
    }
}

/// A finding's number as the report writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(pub String);

impl Number {
    /// The number of the finding at `index` (from 0) of a list that gives none.
    pub fn nth(index: usize) -> Self {
        Number((index + 1).to_string())
    }

    /// The number as a whole number, when it is one (`3`, not `1.1` or `3a`).
    pub fn as_whole(&self) -> Option<u32> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Written as the report writes it: a whole number plain (`3`), anything else as text, so
/// that `1.10` is never read back as the decimal 1.1.
impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let whole = !self.0.is_empty()
            && self.0.len() < 10
            && !self.0.starts_with('0')
            && self.0.chars().all(|c| c.is_ascii_digit());
        match self.0.parse::<u64>() {
            Ok(n) if whole => serializer.serialize_u64(n),
            _ => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number as the report writes it, such as 3, 1.1 or 3a")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                let v = v.trim();
                if v.is_empty() {
                    return Err(E::custom("the number is empty"));
                }
                Ok(Number(v.to_owned()))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Where a recommendation stands in a response: in `recommendations`, or under a cause of
/// concern or an area for improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// The list and the entry it sits under (`causes_of_concern`, 0), if any.
    pub under: Option<(&'static str, usize)>,
    /// Its place in its own list.
    pub index: usize,
}

fn yes() -> bool {
    true
}

/// How the sub-points of a list are numbered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    /// 1, 2, 3 (the default).
    #[default]
    Decimal,
    /// a, b, c.
    LowerAlpha,
    /// i, ii, iii.
    LowerRoman,
    /// Bullets, no numbers.
    Bullet,
}

/// A sub-point of a finding: a plain text, or a text with sub-points of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The text (Markdown).
    pub text: String,
    /// How this point's own sub-points are numbered.
    pub numbering: Numbering,
    /// This point's own sub-points.
    pub items: Vec<Point>,
}

/// The long form of a [`Point`], as a YAML mapping.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointMap {
    text: String,
    #[serde(default)]
    numbering: Numbering,
    #[serde(default)]
    items: Vec<Point>,
}

/// Written in its short form, the text alone, when it has no sub-points; else as a mapping.
impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.items.is_empty() && self.numbering == Numbering::default() {
            return serializer.serialize_str(&self.text);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("text", &self.text)?;
        if self.numbering != Numbering::default() {
            map.serialize_entry("numbering", &self.numbering)?;
        }
        if !self.items.is_empty() {
            map.serialize_entry("items", &self.items)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PointVisitor;
        impl<'de> Visitor<'de> for PointVisitor {
            type Value = Point;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a mapping with `text` and `items`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Point, E> {
                Ok(Point {
                    text: v.to_owned(),
                    numbering: Numbering::default(),
                    items: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Point, A::Error> {
                let p = PointMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Point {
                    text: p.text,
                    numbering: p.numbering,
                    items: p.items,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Point, A::Error> {
                Err(de::Error::custom(
                    "a sub-point is a text or a mapping, not a list; put nested points under `items`",
                ))
            }
        }
        deserializer.deserialize_any(PointVisitor)
    }
}
