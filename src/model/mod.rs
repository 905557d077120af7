//! The response file: what an office writes, one YAML file per section 55 response.
//!
//! These types mirror the YAML exactly and do no I/O. Every struct denies unknown fields, so a
//! typo such as `recomendations` is an error rather than a silently ignored section. Fixed
//! wording (headings, the statutory opening, labels) is not here: it comes from the locale when a
//! field is left out, so most fields are optional.
//!
//! `findings` holds the findings of a report (recommendations, areas for improvement, causes
//! of concern, their numbers and sub-points); `kinds` the fixed sets of values a file names
//! (kinds of body and report, grades), matched as people write them.

mod findings;
mod kinds;

pub use findings::{Finding, Number, Numbering, Placed, Point};
pub use kinds::{BodyKind, Grade, GradeLevel, ReportKind};

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// One section 55 response: the local policing body's comments on an HMICFRS report, the chief
/// officer's comments, and what is being done about every recommendation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Whether the response is still a draft: `s55 new` writes `draft: true`. A draft is
    /// checked and rendered (marked "Draft") but never published by `s55 build` unless asked;
    /// a response without it is final.
    #[serde(default, skip_serializing_if = "crate::model::is_false")]
    pub draft: bool,
    /// Corrections made to the letter after it was published, each dated and explained; the
    /// page and the PDF show them, and an edit to a published letter needs one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// The language of the document: `en` (English, the default), `cy` (Welsh), or
    /// `bilingual`, with each text given as `en:` and `cy:`. Once loaded, each edition of a
    /// bilingual response is in one language.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub language: Language,
    /// For a bilingual response, the language that comes first: `cy` (the default) or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Language>,
    /// `letter` (addressed to the Home Secretary and HMICFRS, the default) or `statement`
    /// (an unaddressed public statement).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub form: Form,
    /// The document's title; by default "Response to" and the report's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The date of the response (when it is signed and published). Used for the 56-day check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Why a final response has no date, when it reproduces an original published without
    /// one ("the published page gives no date"). Never shown; without a date or this, a final
    /// response is an error, so no letter is published undated by mistake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undated: Option<String>,
    /// The local policing body that responds.
    pub body: Body,
    /// The holder of the office: the commissioner, or the mayor.
    pub commissioner: Person,
    /// The head of the force: a Chief Constable, or the Commissioner in London.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chief_officer: Option<Person>,
    /// The force's name, for example "Warwickshire Police".
    pub force: String,
    /// The force's name as running text writes it, when that differs: "the Metropolitan
    /// Police Service". Every fixed phrase ("does not apply to …") uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_in_text: Option<String>,
    /// The HMICFRS report this responds to.
    pub report: Report,
    /// Who a letter is addressed to; by default the Home Secretary and HMICFRS. Ignored for a
    /// statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressees: Option<Vec<String>>,
    /// The opening paragraph (Markdown); by default the locale's statutory opening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<String>,
    /// Whether a letter greets and takes leave as a letter does: the locale's salutation
    /// ("Dear Home Secretary") before the opening and its valediction ("Yours sincerely")
    /// before the signature. Off by default, because published letters such as the seed's
    /// have neither and are reproduced word for word; an office turns it on once in s55.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greetings: Option<bool>,
    /// The salutation, when not the locale's; a letter that gives one shows it whatever
    /// `greetings` says. Ignored for a statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salutation: Option<String>,
    /// The valediction, when not the locale's; shown whatever `greetings` says. Ignored for a
    /// statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valediction: Option<String>,
    /// The parts of the document in the order they appear.
    pub sections: Vec<Section>,
    /// The report's recommendations, each with its own response (s.55(5B)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Finding>,
    /// The report's areas for improvement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas_for_improvement: Vec<Finding>,
    /// The report's causes of concern.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes_of_concern: Vec<Finding>,
    /// PEEL grades as the report gives them, restated in the response.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<Grade>,
    /// Who signs, and when; by default the commissioner on the response's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// When the published response was sent to HMICFRS and the Home Secretary (s.55(6)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<Copies>,
    /// Whether to add the tracker table (every recommendation's timescale, due date, status,
    /// owner and response) as an appendix; by default as the office's settings say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracker: Option<bool>,
    /// Text an import could not place, kept for the drafter to move or delete; never
    /// published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<String>,
}

/// Whether a flag is off, as a field left out means: such a field is not written.
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// Whether a flag is on, for a field on by default.
pub(crate) fn is_true(b: &bool) -> bool {
    *b
}

/// Whether a value is its default, as a field left out means: such a field is not written.
pub(crate) fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// The fields that a bilingual response gives in both languages: texts people read, as
/// opposed to names and addresses. Beside the types, so that a new field is described in
/// one place: add its name here if a bilingual response translates it.
pub const TRANSLATED: [&str; 15] = [
    "title",
    "office",
    "force",
    "force_in_text",
    "in_text",
    "opening",
    "heading",
    "text",
    "response",
    "force_response",
    "addressees",
    "items",
    "salutation",
    "valediction",
    "alt",
];

/// The fields of a response that the office's settings (`s55.yaml`) may hold, for every
/// response of the office to inherit.
pub const OFFICE_FIELDS: [&str; 12] = [
    "body",
    "commissioner",
    "chief_officer",
    "signature",
    "force",
    "force_in_text",
    "addressees",
    "form",
    "language",
    "first",
    "tracker",
    "greetings",
];

/// A response as it is published: one edition, or a bilingual response's two editions (each
/// in one language) in the order the office chose. Every consumer iterates them, so a
/// bilingual response needs no second path through the code.
#[derive(Debug, Clone)]
pub struct Editions {
    first: Response,
    second: Option<Response>,
}

impl Editions {
    /// A response in one language.
    pub fn one(response: Response) -> Self {
        Editions {
            first: response,
            second: None,
        }
    }

    /// The editions parsed from a file, first language first; `None` when there are none.
    pub fn from_vec(editions: Vec<Response>) -> Option<Self> {
        let mut it = editions.into_iter();
        let first = it.next()?;
        Some(Editions {
            first,
            second: it.next(),
        })
    }

    /// The edition that comes first.
    pub fn first(&self) -> &Response {
        &self.first
    }

    /// Whether the response is bilingual.
    pub fn is_bilingual(&self) -> bool {
        self.second.is_some()
    }

    /// Every edition, in the office's order.
    pub fn iter(&self) -> impl Iterator<Item = &Response> {
        std::iter::once(&self.first).chain(self.second.as_ref())
    }

    /// Every edition, to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Response> {
        std::iter::once(&mut self.first).chain(self.second.as_mut())
    }

    /// The edition in `lang`, if there is one.
    pub fn get(&self, lang: Language) -> Option<&Response> {
        self.iter().find(|r| r.language == lang)
    }

    /// The edition the archive's English index lists and takes the address from: the English
    /// one, else the only one.
    pub fn english(&self) -> &Response {
        self.get(Language::En).unwrap_or(&self.first)
    }
}

/// A correction to a published letter, shown beneath it as GOV.UK change notes are.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The day the correction was made.
    pub date: Date,
    /// What was corrected and why.
    pub note: String,
}

/// One dated step in the progress of a recommendation, recorded beside the letter and never
/// part of it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressEntry {
    /// The day of the update.
    pub date: Date,
    /// The status from that day on.
    pub status: String,
    /// What was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A web address for the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// When copies of the published response were sent, as section 55(6) requires.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Copies {
    /// The day a copy went to HMICFRS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmicfrs: Option<Date>,
    /// The day a copy went to the Home Secretary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_secretary: Option<Date>,
}

/// The language of a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English (`en-GB`).
    #[default]
    En,
    /// Welsh (`cy`).
    Cy,
    /// Both, in one file (only as written; each edition is in one language).
    Bilingual,
}

impl Language {
    /// The locale file's name and the code used for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Language::En | Language::Bilingual => "en",
            Language::Cy => "cy",
        }
    }

    /// The BCP 47 tag for the document (`lang` in HTML, `/Lang` in PDF).
    pub fn tag(self) -> &'static str {
        match self {
            Language::En | Language::Bilingual => "en-GB",
            Language::Cy => "cy",
        }
    }
}

/// Whether the response is a letter or a public statement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// A letter to the Home Secretary and HMICFRS (the seed's form).
    #[default]
    Letter,
    /// An unaddressed public statement.
    Statement,
}

impl Form {
    /// Both forms.
    pub const ALL: [Form; 2] = [Form::Letter, Form::Statement];

    /// The name used in response files.
    pub fn key(self) -> &'static str {
        match self {
            Form::Letter => "letter",
            Form::Statement => "statement",
        }
    }
}

/// The local policing body.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// PCC, PFCC, MOPAC or mayor.
    pub kind: BodyKind,
    /// The police area, for example "Warwickshire".
    pub area: String,
    /// The office's name, for example "Office of the Police and Crime Commissioner for
    /// Warwickshire"; by default built from the kind and area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The body as running text writes it, when the usual form does not fit: fixed phrases
    /// then say "As {in_text}, I am…" rather than "As the {body}, I am…".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_text: Option<String>,
    /// The office's website (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The office's email address for correspondence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The postal address, one line per entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    /// The office's logo, at the head of the letter: usually set once in s55.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Image>,
}

impl Body {
    /// A body of this kind for this police area, with nothing else given.
    pub fn new(kind: BodyKind, area: String) -> Self {
        Body {
            kind,
            area,
            office: None,
            in_text: None,
            website: None,
            email: None,
            address: Vec::new(),
            logo: None,
        }
    }
}

/// A picture the letter shows: the office's logo, or the signature.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The file: a PNG or an SVG in the office's folder (the folder of s55.yaml, else of the
    /// response), written relative to it.
    pub file: String,
    /// What it shows, for readers who cannot see it: "Northshire OPCC logo", "Signed by
    /// Jane Doe". Required.
    pub alt: String,
    /// The picture itself, read when the response is checked.
    #[serde(skip)]
    pub data: Option<ImageData>,
}

/// A picture's bytes, read from its file, and what they are.
#[derive(Clone, PartialEq)]
pub struct ImageData {
    /// The file's bytes.
    pub bytes: std::sync::Arc<[u8]>,
    /// PNG or SVG.
    pub kind: ImageKind,
    /// Its size in pixels (an SVG's from its `width`, `height` or `viewBox`).
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The file it was read from, as its real path: a build renders the response again when
    /// the file changes.
    pub file: std::path::PathBuf,
}

impl fmt::Debug for ImageData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The hash stands for the bytes wherever a value's Debug text is compared.
        write!(
            f,
            "ImageData({:?}, {}x{}, {})",
            self.kind,
            self.width,
            self.height,
            crate::util::hash_hex(&self.bytes)
        )
    }
}

/// The kinds of picture s55 takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// A PNG.
    Png,
    /// An SVG.
    Svg,
}

impl ImageKind {
    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Svg => "image/svg+xml",
        }
    }

    /// Its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Svg => "svg",
        }
    }
}

/// A named person with their title.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name as it is signed, for example "Philip Seccombe".
    pub name: String,
    /// Post-nominal letters, for example "TD" or "QPM".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_nominals: Option<String>,
    /// The title, for example "Police and Crime Commissioner" or "Chief Constable"; by default
    /// the usual title for the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Person {
    /// A person by name, with no post-nominals or title given.
    pub fn new(name: String) -> Self {
        Person {
            name,
            post_nominals: None,
            title: None,
        }
    }
}

/// The signature block.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The signatory, when not the commissioner (for example a Deputy Mayor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The signatory's post-nominal letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_nominals: Option<String>,
    /// The signatory's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether the block gives the signatory's title (by default it does); `false` for an
    /// office that signs with name and date only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titled: Option<bool>,
    /// The date under the signature; by default the response's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The signature itself, as a picture above the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// The HMICFRS report.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The title as published.
    pub title: String,
    /// The kind of inspection: `peel`, `child-protection`, `custody`, `vetting`, `thematic`,
    /// `joint`, `spotlight`, `post-inspection-review`, `super-complaint`, `specialist-unit` or
    /// `other` (any case; spaces for hyphens).
    pub kind: ReportKind,
    /// What the report is called, for `kind: other` (or to name a kind more exactly):
    /// "Inspection of the Serious Fraud Office's work with forces".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_label: Option<String>,
    /// The day HMICFRS published the report: day 1 of the 56-day window.
    pub published: Date,
    /// When the inspection took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspected: Option<Period>,
    /// The report's web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Report {
    /// A report by its title, kind and publication day, with nothing else given.
    pub fn new(title: String, kind: ReportKind, published: Date) -> Self {
        Report {
            title,
            kind,
            kind_label: None,
            published,
            inspected: None,
            url: None,
        }
    }
}

/// A span of days, such as an inspection's fieldwork.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day; the same as `from` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}

/// One part of the document, in the order given.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What this part is.
    pub kind: SectionKind,
    /// The heading: a text, `false` for none, or absent for the locale's default.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub heading: Heading,
    /// The text (Markdown). Required for comments; optional for the other kinds, where it
    /// comes before the list or statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Section {
    /// A section of this kind under its default heading, with no text of its own.
    pub fn new(kind: SectionKind) -> Self {
        Section {
            kind,
            heading: Heading::Default,
            text: None,
        }
    }
}

/// The kinds of section a response can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// The body's own comments on the report (s.55(5)(a)).
    Comments,
    /// The chief officer's comments (s.55(4), s.55(5)(b)), quoted and attributed.
    ChiefOfficerComments,
    /// The body's response to the chief officer's comments (s.55(5)(c)).
    Response,
    /// The report's recommendations, from `recommendations`.
    Recommendations,
    /// The report's areas for improvement, from `areas_for_improvement`.
    AreasForImprovement,
    /// The report's causes of concern, from `causes_of_concern`.
    CausesOfConcern,
    /// The PEEL grades, from `grades`.
    Grades,
    /// Where the response is published; by default the locale's statement.
    Publication,
    /// Any other text with its own heading.
    Text,
}

impl SectionKind {
    /// The key used for this kind in the locale file and in templates.
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Comments => "comments",
            SectionKind::ChiefOfficerComments => "chief-officer-comments",
            SectionKind::Response => "response",
            SectionKind::Recommendations => "recommendations",
            SectionKind::AreasForImprovement => "areas-for-improvement",
            SectionKind::CausesOfConcern => "causes-of-concern",
            SectionKind::Grades => "grades",
            SectionKind::Publication => "publication",
            SectionKind::Text => "text",
        }
    }

    /// Whether the section is made of its own text, which must then be present.
    pub fn needs_text(self) -> bool {
        matches!(
            self,
            SectionKind::Comments
                | SectionKind::ChiefOfficerComments
                | SectionKind::Response
                | SectionKind::Text
        )
    }
}

/// A section heading as written in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Heading {
    /// No heading given: use the locale's default for the kind.
    #[default]
    Default,
    /// `heading: false`: no heading at all (the text continues the previous section).
    None,
    /// A heading of the office's own wording.
    Text(String),
}

/// The default heading is left out, no heading is `false`, and a heading is its text.
impl Serialize for Heading {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Heading::Default => serializer.serialize_unit(),
            Heading::None => serializer.serialize_bool(false),
            Heading::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Heading {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HeadingVisitor;
        impl Visitor<'_> for HeadingVisitor {
            type Value = Heading;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a heading text, or `false` for no heading")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Heading, E> {
                if v {
                    Ok(Heading::Default)
                } else {
                    Ok(Heading::None)
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Heading, E> {
                Ok(Heading::Text(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Heading, E> {
                Ok(Heading::Default)
            }
        }
        deserializer.deserialize_any(HeadingVisitor)
    }
}

impl Response {
    /// A response with the fields a file must give, and every other field as a file that
    /// leaves it out has it: what an importer starts from, so that a field added to the model
    /// needs no change in the code that builds responses.
    pub fn new(
        body: Body,
        commissioner: Person,
        force: String,
        report: Report,
        sections: Vec<Section>,
    ) -> Self {
        Response {
            draft: false,
            corrections: Vec::new(),
            language: Language::default(),
            first: None,
            form: Form::default(),
            title: None,
            date: None,
            undated: None,
            body,
            commissioner,
            chief_officer: None,
            force,
            force_in_text: None,
            report,
            addressees: None,
            opening: None,
            greetings: None,
            salutation: None,
            valediction: None,
            sections,
            recommendations: Vec::new(),
            areas_for_improvement: Vec::new(),
            causes_of_concern: Vec::new(),
            grades: Vec::new(),
            signature: None,
            copies: None,
            tracker: None,
            unplaced: Vec::new(),
        }
    }

    /// Every recommendation of the report, wherever it is listed: first the top-level ones,
    /// then those under each cause of concern, then those under areas for improvement.
    pub fn all_recommendations(&self) -> Vec<(Placed, &Finding)> {
        let mut out: Vec<(Placed, &Finding)> = self
            .recommendations
            .iter()
            .enumerate()
            .map(|(index, f)| (Placed { under: None, index }, f))
            .collect();
        for (field, list) in [
            ("causes_of_concern", &self.causes_of_concern),
            ("areas_for_improvement", &self.areas_for_improvement),
        ] {
            for (parent, p) in list.iter().enumerate() {
                for (index, f) in p.recommendations.iter().enumerate() {
                    out.push((
                        Placed {
                            under: Some((field, parent)),
                            index,
                        },
                        f,
                    ));
                }
            }
        }
        out
    }
}

/// A calendar date, written in the file as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub jiff::civil::Date);

/// Written YYYY-MM-DD, as it is read.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, such as 2022-08-05")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                parse_date(v).map(Date).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// Parses `YYYY-MM-DD`, with a message a person can act on when the date is malformed or does
/// not exist.
pub fn parse_date(v: &str) -> Result<jiff::civil::Date, String> {
    let parts: Vec<&str> = v.trim().split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        return Err(format!(
            "`{v}` is not a date written YYYY-MM-DD (for example 2022-08-05)"
        ));
    }
    let (y, m, d) = (
        parts[0].parse::<i16>().unwrap_or(0),
        parts[1].parse::<i8>().unwrap_or(0),
        parts[2].parse::<i8>().unwrap_or(0),
    );
    jiff::civil::Date::new(y, m, d).map_err(|_| format!("`{v}` is not a real date"))
}

#[cfg(test)]
mod tests;
