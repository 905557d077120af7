//! The response file: what an office writes, one YAML file per section 55 response.
//!
//! These types mirror the YAML exactly and do no I/O. Every struct denies unknown fields, so a
//! typo such as `recomendations` is an error rather than a silently ignored section. Fixed
//! wording (headings, the statutory opening, labels) is not here: it comes from the locale when a
//! field is left out, so most fields are optional.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One section 55 response: the local policing body's comments on an HMICFRS report, the chief
/// officer's comments, and what is being done about every recommendation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Whether the response is still a draft: `s55 new` writes `draft: true`. A draft is
    /// checked and rendered (marked "Draft") but never published by `s55 build` unless asked;
    /// a response without it is final.
    #[serde(default)]
    pub draft: bool,
    /// Corrections made to the letter after it was published, each dated and explained; the
    /// page and the PDF show them, and an edit to a published letter needs one.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// The language of the document: `en` (English, the default), `cy` (Welsh), or
    /// `bilingual`, with each text given as `en:` and `cy:`. Once loaded, each edition of a
    /// bilingual response is in one language.
    #[serde(default)]
    pub language: Language,
    /// For a bilingual response, the language that comes first: `cy` (the default) or `en`.
    #[serde(default)]
    pub first: Option<Language>,
    /// `letter` (addressed to the Home Secretary and HMICFRS, the default) or `statement`
    /// (an unaddressed public statement).
    #[serde(default)]
    pub form: Form,
    /// The document's title; by default "Response to" and the report's title.
    #[serde(default)]
    pub title: Option<String>,
    /// The date of the response (when it is signed and published). Used for the 56-day check.
    #[serde(default)]
    pub date: Option<Date>,
    /// The local policing body that responds.
    pub body: Body,
    /// The holder of the office: the commissioner, or the mayor.
    pub commissioner: Person,
    /// The head of the force: a Chief Constable, or the Commissioner in London.
    #[serde(default)]
    pub chief_officer: Option<Person>,
    /// The force's name, for example "Warwickshire Police".
    pub force: String,
    /// The force's name as running text writes it, when that differs: "the Metropolitan
    /// Police Service". Every fixed phrase ("does not apply to …") uses it.
    #[serde(default)]
    pub force_in_text: Option<String>,
    /// The HMICFRS report this responds to.
    pub report: Report,
    /// Who a letter is addressed to; by default the Home Secretary and HMICFRS. Ignored for a
    /// statement.
    #[serde(default)]
    pub addressees: Option<Vec<String>>,
    /// The opening paragraph (Markdown); by default the locale's statutory opening.
    #[serde(default)]
    pub opening: Option<String>,
    /// Whether a letter greets and takes leave as a letter does: the locale's salutation
    /// ("Dear Home Secretary") before the opening and its valediction ("Yours sincerely")
    /// before the signature. Off by default, because published letters such as the seed's
    /// have neither and are reproduced word for word; an office turns it on once in s55.yaml.
    #[serde(default)]
    pub greetings: Option<bool>,
    /// The salutation, when not the locale's; a letter that gives one shows it whatever
    /// `greetings` says. Ignored for a statement.
    #[serde(default)]
    pub salutation: Option<String>,
    /// The valediction, when not the locale's; shown whatever `greetings` says. Ignored for a
    /// statement.
    #[serde(default)]
    pub valediction: Option<String>,
    /// The parts of the document in the order they appear.
    pub sections: Vec<Section>,
    /// The report's recommendations, each with its own response (s.55(5B)).
    #[serde(default)]
    pub recommendations: Vec<Finding>,
    /// The report's areas for improvement.
    #[serde(default)]
    pub areas_for_improvement: Vec<Finding>,
    /// The report's causes of concern.
    #[serde(default)]
    pub causes_of_concern: Vec<Finding>,
    /// PEEL grades as the report gives them, restated in the response.
    #[serde(default)]
    pub grades: Vec<Grade>,
    /// Who signs, and when; by default the commissioner on the response's date.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// When the published response was sent to HMICFRS and the Home Secretary (s.55(6)).
    #[serde(default)]
    pub copies: Option<Copies>,
    /// Whether to add the tracker table (every recommendation's timescale, due date, status,
    /// owner and response) as an appendix; by default as the office's settings say.
    #[serde(default)]
    pub tracker: Option<bool>,
    /// Text an import could not place, kept for the drafter to move or delete; never
    /// published.
    #[serde(default)]
    pub unplaced: Vec<String>,
}

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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The day the correction was made.
    pub date: Date,
    /// What was corrected and why.
    pub note: String,
}

/// One dated step in the progress of a recommendation, recorded beside the letter and never
/// part of it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressEntry {
    /// The day of the update.
    pub date: Date,
    /// The status from that day on.
    pub status: String,
    /// What was done.
    #[serde(default)]
    pub note: Option<String>,
    /// A web address for the evidence.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// When copies of the published response were sent, as section 55(6) requires.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Copies {
    /// The day a copy went to HMICFRS.
    #[serde(default)]
    pub hmicfrs: Option<Date>,
    /// The day a copy went to the Home Secretary.
    #[serde(default)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// PCC, PFCC, MOPAC or mayor.
    pub kind: BodyKind,
    /// The police area, for example "Warwickshire".
    pub area: String,
    /// The office's name, for example "Office of the Police and Crime Commissioner for
    /// Warwickshire"; by default built from the kind and area.
    #[serde(default)]
    pub office: Option<String>,
    /// The body as running text writes it, when the usual form does not fit: fixed phrases
    /// then say "As {in_text}, I am…" rather than "As the {body}, I am…".
    #[serde(default)]
    pub in_text: Option<String>,
    /// The office's website (http or https).
    #[serde(default)]
    pub website: Option<String>,
    /// The office's email address for correspondence.
    #[serde(default)]
    pub email: Option<String>,
    /// The postal address, one line per entry.
    #[serde(default)]
    pub address: Vec<String>,
}

/// The kinds of local policing body in England and Wales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// Police and Crime Commissioner.
    Pcc,
    /// Police, Fire and Crime Commissioner.
    Pfcc,
    /// The Mayor's Office for Policing and Crime (London).
    Mopac,
    /// A mayor with PCC functions (Greater Manchester, West Yorkshire).
    Mayor,
}

impl BodyKind {
    /// Every kind, in the order help lists them.
    pub const ALL: [BodyKind; 4] = [
        BodyKind::Pcc,
        BodyKind::Pfcc,
        BodyKind::Mopac,
        BodyKind::Mayor,
    ];
    const NAMES: &'static [&'static str] = &["pcc", "pfcc", "mopac", "mayor"];

    /// The key used for this kind in files and in the locale.
    pub fn key(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl<'de> Deserialize<'de> for BodyKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        keyed(d, &Self::ALL, Self::NAMES)
    }
}

/// A named person with their title.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name as it is signed, for example "Philip Seccombe".
    pub name: String,
    /// Post-nominal letters, for example "TD" or "QPM".
    #[serde(default)]
    pub post_nominals: Option<String>,
    /// The title, for example "Police and Crime Commissioner" or "Chief Constable"; by default
    /// the usual title for the role.
    #[serde(default)]
    pub title: Option<String>,
}

/// The signature block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The signatory, when not the commissioner (for example a Deputy Mayor).
    #[serde(default)]
    pub name: Option<String>,
    /// The signatory's post-nominal letters.
    #[serde(default)]
    pub post_nominals: Option<String>,
    /// The signatory's title.
    #[serde(default)]
    pub title: Option<String>,
    /// Whether the block gives the signatory's title (by default it does); `false` for an
    /// office that signs with name and date only.
    #[serde(default)]
    pub titled: Option<bool>,
    /// The date under the signature; by default the response's date.
    #[serde(default)]
    pub date: Option<Date>,
}

/// The HMICFRS report.
#[derive(Debug, Clone, Deserialize)]
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
    #[serde(default)]
    pub kind_label: Option<String>,
    /// The day HMICFRS published the report: day 1 of the 56-day window.
    pub published: Date,
    /// When the inspection took place.
    #[serde(default)]
    pub inspected: Option<Period>,
    /// The report's web address.
    #[serde(default)]
    pub url: Option<String>,
}

/// The kinds of HMICFRS report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// PEEL (police effectiveness, efficiency and legitimacy), graded.
    Peel,
    /// A national child protection inspection.
    ChildProtection,
    /// An inspection of custody (police custody suites, often joint with HM Inspectorate of
    /// Prisons).
    Custody,
    /// A vetting, misconduct or counter-corruption inspection.
    Vetting,
    /// Another thematic inspection covering many or all forces.
    Thematic,
    /// A joint inspection led by another inspectorate or with other inspectorates.
    Joint,
    /// A spotlight report.
    Spotlight,
    /// A review after an inspection: progress on earlier findings, or a cause of concern.
    PostInspectionReview,
    /// A report on a super-complaint.
    SuperComplaint,
    /// An inspection of a specialist unit or capability.
    SpecialistUnit,
    /// Any other report; `kind_label` names it.
    Other,
}

impl ReportKind {
    /// Every kind, in the order help lists them.
    pub const ALL: [ReportKind; 11] = [
        ReportKind::Peel,
        ReportKind::ChildProtection,
        ReportKind::Custody,
        ReportKind::Vetting,
        ReportKind::Thematic,
        ReportKind::Joint,
        ReportKind::Spotlight,
        ReportKind::PostInspectionReview,
        ReportKind::SuperComplaint,
        ReportKind::SpecialistUnit,
        ReportKind::Other,
    ];
    const NAMES: &'static [&'static str] = &[
        "peel",
        "child-protection",
        "custody",
        "vetting",
        "thematic",
        "joint",
        "spotlight",
        "post-inspection-review",
        "super-complaint",
        "specialist-unit",
        "other",
    ];

    /// The key used for this kind in files and in the locale.
    pub fn key(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl<'de> Deserialize<'de> for ReportKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        keyed(d, &Self::ALL, Self::NAMES)
    }
}

/// A span of days, such as an inspection's fieldwork.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day; the same as `from` when absent.
    #[serde(default)]
    pub to: Option<Date>,
}

/// One part of the document, in the order given.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What this part is.
    pub kind: SectionKind,
    /// The heading: a text, `false` for none, or absent for the locale's default.
    #[serde(default)]
    pub heading: Heading,
    /// The text (Markdown). Required for comments; optional for the other kinds, where it
    /// comes before the list or statement.
    #[serde(default)]
    pub text: Option<String>,
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

/// A recommendation, area for improvement or cause of concern, with the body's response to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The number the report gives it, as the report writes it: `3`, `"1.1"`, `"3a"`,
    /// `"R4"`; by default its position in the list. Unique within its list. Quote a number
    /// such as `"1.10"`, which YAML would otherwise read as the decimal 1.1.
    #[serde(default)]
    pub number: Option<Number>,
    /// The text as the report gives it (Markdown).
    pub text: String,
    /// When the report asks for it: "immediately", "within three months", "by 31 March 2023".
    #[serde(default)]
    pub timescale: Option<String>,
    /// How the sub-points are numbered.
    #[serde(default)]
    pub numbering: Numbering,
    /// Sub-points, nested to any depth.
    #[serde(default)]
    pub items: Vec<Point>,
    /// Whether the finding applies to this force; `false` for a thematic recommendation
    /// addressed to other bodies. The response should then say why no action is taken.
    #[serde(default = "yes")]
    pub applies: bool,
    /// The body's response (Markdown): the action taken or proposed, or why none (s.55(5B)).
    #[serde(default)]
    pub response: Option<String>,
    /// Where the work stands, in the office's own words (for example "in progress").
    #[serde(default)]
    pub status: Option<String>,
    /// Who is responsible for it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Who the report addresses a recommendation to, when not the force or the body: "the
    /// Home Office", "all chief constables". A recommendation for another body needs no
    /// explanation of the body's own action (s.55(5B)), and the letter says to whom it went.
    #[serde(default)]
    pub addressed_to: Option<String>,
    /// For a cause of concern (or an area for improvement, where a report does so): the
    /// recommendations the report makes under it, numbered as the report numbers them
    /// (`1.1`, `1.2`). Each counts as a recommendation for section 55(5B).
    #[serde(default)]
    pub recommendations: Vec<Finding>,
    /// A cause of concern raised early, because of a risk to public safety.
    #[serde(default)]
    pub accelerated: bool,
    /// The day HMICFRS discharged the cause of concern.
    #[serde(default)]
    pub discharged: Option<Date>,
    /// Progress since the letter was signed, dated; not part of the letter, whose `status`
    /// stays what was signed. The latest entry is the current status.
    #[serde(default)]
    pub progress: Vec<ProgressEntry>,
}

impl Finding {
    /// Its number: as the report gives it, else its place (from 0) in its list, counted from 1.
    pub fn number_at(&self, index: usize) -> Number {
        self.number.clone().unwrap_or_else(|| Number::nth(index))
    }
}

/// A finding's number as the report writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
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

impl Response {
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
#[derive(Debug, Clone)]
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

/// A PEEL grade for one area of policing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// The area, for example "Investigating crime".
    pub area: String,
    /// The grade as the report gives it.
    pub grade: GradeLevel,
}

/// The PEEL grades used since 2021/22.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GradeLevel {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Adequate.
    Adequate,
    /// Requires improvement.
    RequiresImprovement,
    /// Inadequate.
    Inadequate,
}

impl GradeLevel {
    const ALL: [GradeLevel; 5] = [
        GradeLevel::Outstanding,
        GradeLevel::Good,
        GradeLevel::Adequate,
        GradeLevel::RequiresImprovement,
        GradeLevel::Inadequate,
    ];
    const NAMES: &'static [&'static str] = &[
        "outstanding",
        "good",
        "adequate",
        "requires-improvement",
        "inadequate",
    ];

    /// The key used for this grade in files and in the locale.
    pub fn key(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl<'de> Deserialize<'de> for GradeLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        keyed(d, &Self::ALL, Self::NAMES)
    }
}

/// One of a fixed set of values, matched as people write it: without regard to case, with
/// spaces or underscores for hyphens ("Requires improvement", "PEEL", "child_protection").
/// Anything else is an unknown variant, so the message lists the spellings s55 takes and the
/// loader suggests the nearest.
fn keyed<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    all: &[T],
    names: &'static [&'static str],
) -> Result<T, D::Error> {
    let written = String::deserialize(d)?;
    let folded: String = written
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    names
        .iter()
        .position(|n| *n == folded)
        .and_then(|i| all.get(i).copied())
        .ok_or_else(|| de::Error::unknown_variant(&written, names))
}

/// A calendar date, written in the file as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub jiff::civil::Date);

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
mod tests {
    use super::*;

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        assert_eq!(
            parse_date("2022-02-30").unwrap_err(),
            "`2022-02-30` is not a real date"
        );
        assert!(parse_date("2024-02-29").is_ok());
        assert_eq!(
            parse_date("2023-02-29").unwrap_err(),
            "`2023-02-29` is not a real date"
        );
        assert!(
            parse_date("5 August 2022")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }
}
