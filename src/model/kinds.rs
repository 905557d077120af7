//! The fixed sets of values a response names: kinds of body and of report, and PEEL grades.
//! Each is matched as people write it (any case, spaces for hyphens), and anything else is an
//! unknown value whose message lists the spellings s55 takes.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

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

/// A PEEL grade for one area of policing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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
