//! The findings importer's unit tests, on short texts of each layout.

use super::*;

#[test]
fn markers_of_every_kind() {
    assert_eq!(
        marker("1. We recommend"),
        Some((Kind::Decimal(1), "We recommend"))
    );
    assert_eq!(marker("  12) text"), Some((Kind::Decimal(12), "text")));
    assert_eq!(marker("(a) text"), Some((Kind::Alpha(1), "text")));
    assert_eq!(marker("b. text"), Some((Kind::Alpha(2), "text")));
    assert_eq!(marker("iv. text"), Some((Kind::Roman(4), "text")));
    assert_eq!(marker("• text"), Some((Kind::Bullet, "text")));
    assert_eq!(marker("· text"), Some((Kind::Bullet, "text")));
    assert_eq!(
        marker("Recommendation 3: text"),
        Some((Kind::Labelled(Label::Recommendation, 3, 0), "text"))
    );
    assert_eq!(
        marker("Recommendation 1.2"),
        Some((Kind::Labelled(Label::Recommendation, 1, 2), ""))
    );
    assert_eq!(
        marker("AFI 11 – the Force should"),
        Some((Kind::Labelled(Label::Area, 11, 0), "the Force should"))
    );
    assert_eq!(
        marker("Action for Further Improvement (AFI) 7 – the Force"),
        Some((Kind::Labelled(Label::Area, 7, 0), "the Force"))
    );
    assert_eq!(
        marker("Cause of concern: The force"),
        Some((Kind::Labelled(Label::Cause, 0, 0), "The force"))
    );
    assert_eq!(
        marker("1.1 Within three months"),
        Some((Kind::Dotted(1, 1), "Within three months"))
    );
    assert_eq!(marker("Recommendation numbers are not sequential"), None);
    assert_eq!(marker("2022. A year"), None);
    assert_eq!(marker("The force"), None);
}

#[test]
fn lettered_sub_points_under_a_lead_in_and_wrapped_lines() {
    let text = "Recommendation 1\nBy 31 March 2026, the force should review,\npaying attention to:\n(a) domestic abuse;\n(b) children, including:\n   i. missing children; and\n   ii. exploitation.\nRecommendation 2\nWithin six months, the force should improve call handling.\n12\n";
    let (entries, warnings) = recommendations(text);
    assert_eq!(entries.len(), 2, "{entries:#?}");
    assert_eq!(
        entries[0].text,
        "By 31 March 2026, the force should review, paying attention to:"
    );
    assert_eq!(entries[0].numbering, "lower-alpha");
    assert_eq!(entries[0].items.len(), 2);
    assert_eq!(entries[0].items[1].numbering, "lower-roman");
    assert_eq!(entries[0].items[1].items.len(), 2);
    assert_eq!(entries[1].number.as_deref(), Some("2"));
    assert_eq!(entries[1].line, 8);
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("page numbers") && w.line == Some(10)),
        "{warnings:?}"
    );
}

#[test]
fn causes_of_concern_hold_their_own_recommendations() {
    let text = "Causes of concern\nCause of concern 1\nThe force doesn’t answer emergency calls\nquickly enough.\nRecommendations\nWithin three months, the force should:\n• review its call handling; and\n• publish its answer times.\nRecommendation 1.2\nWithin six months, the force should train its call handlers.\nCause of concern 2\nThe force doesn’t record crime accurately.\n2.1 Within six months, the force should audit its crime records.\n";
    let f = findings(text);
    assert_eq!(f.key, "causes_of_concern");
    assert_eq!(f.entries.len(), 2, "{:#?}", f.entries);
    let first = &f.entries[0];
    assert_eq!(
        first.text,
        "The force doesn’t answer emergency calls quickly enough."
    );
    // Each bullet under "the force should:" completes its sentence: a recommendation.
    assert_eq!(first.recommendations.len(), 3, "{first:#?}");
    assert_eq!(
        first.recommendations[0].text,
        "Within three months, the force should: review its call handling; and"
    );
    assert_eq!(
        first.recommendations[1].text,
        "Within three months, the force should: publish its answer times."
    );
    assert!(first.recommendations[0].items.is_empty());
    assert_eq!(first.recommendations[2].number.as_deref(), Some("1.2"));
    assert_eq!(
        f.entries[1].recommendations[0].number.as_deref(),
        Some("2.1")
    );
    assert!(f.left_out.is_empty(), "{:?}", f.left_out);
}

#[test]
fn unmarked_sentences_that_ask_the_force_are_findings() {
    let text = "2.3 The report was published in October. It made these areas for improvement: The force should map its demand. The force should plan its workforce. The plan should include skills.\n";
    let f = findings(text);
    assert_eq!(f.key, "areas_for_improvement");
    let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The force should map its demand.",
            "The force should plan its workforce. The plan should include skills."
        ]
    );
    assert_eq!(f.left_out.len(), 1);
    assert!(f.left_out[0].1.starts_with("2.3 The report"));
}

#[test]
fn a_should_lead_in_under_a_cause_makes_each_bullet_a_recommendation() {
    // The inspectorate's PEEL 2023–2025 layout: the bullets used to become the cause's
    // single recommendation's sub-points.
    let text = "Cause of concern\nThe force isn’t responding to calls for service quickly enough.\nRecommendations\nWithin three months, the force should:\n• make sure it answers emergency calls on time;\n• make sure it attends incidents on time; and\n• review how it grades calls.\n";
    let f = findings(text);
    assert_eq!(f.key, "causes_of_concern");
    assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
    let recs = &f.entries[0].recommendations;
    let numbers: Vec<_> = recs.iter().map(|r| r.number.as_deref()).collect();
    assert_eq!(numbers, [Some("1.1"), Some("1.2"), Some("1.3")]);
    assert!(recs.iter().all(|r| {
        r.text
            .starts_with("Within three months, the force should: ")
    }));
    assert!(recs.iter().all(|r| r.items.is_empty()));
    assert!(
        f.warnings
            .iter()
            .any(|w| w.line == Some(4) && w.message.contains("as a recommendation of its own")),
        "{:?}",
        f.warnings
    );
}

#[test]
fn paying_particular_attention_to_keeps_sub_points() {
    let text = "1. We recommend that the force immediately improves its management of registered sex offenders, paying particular attention to:\n• how it monitors offenders through home visits;\n• how it records information.\n";
    let f = findings(text);
    assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
    assert_eq!(f.entries[0].items.len(), 2);
}

#[test]
fn page_furniture_never_becomes_finding_text() {
    // A register page copied with its error banner: the banner was glued to the lead-in.
    let text = "404 Page not found\n\n\nWithin six months the force should put in place arrangements to ensure that:\n\n  • victims are believed;\n  • crimes are recorded.\n";
    let f = findings(text);
    assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
    assert_eq!(
        f.entries[0].text,
        "Within six months the force should put in place arrangements to ensure that:"
    );
    assert_eq!(f.entries[0].items.len(), 2);
    assert_eq!(f.left_out, [(1, "404 Page not found".to_owned())]);
    assert!(
        f.warnings
            .iter()
            .any(|w| w.line == Some(1) && w.message.contains("furniture"))
    );
}

#[test]
fn a_bulleted_list_of_areas_ends_before_the_detailed_findings() {
    // The second and third areas for improvement became the first one's response, and the
    // page's detailed findings were glued on.
    let text = "Areas for improvement\n- The force should improve its analysis of demand.\n- The force should improve data sharing with partners.\nWe set out our detailed findings below.\nAssessing current demand\n";
    let f = findings(text);
    let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The force should improve its analysis of demand.",
            "The force should improve data sharing with partners."
        ]
    );
    assert!(f.entries.iter().all(|e| e.response.is_none()));
    assert_eq!(f.left_out.len(), 2, "{:?}", f.left_out);
}

#[test]
fn a_repeated_cause_of_concern_heading_is_no_running_header() {
    let text = "Cause of concern\nThe force doesn’t answer calls quickly enough.\nRecommendation 1.1\nWithin three months, the force should review call handling.\nCause of concern\nThe force doesn’t record crime accurately.\nRecommendation 2.1\nWithin six months, the force should audit crime records.\nCause of concern\nThe force doesn’t supervise investigations.\nRecommendation 3.1\nImmediately, the force should supervise investigations.\n";
    let f = findings(text);
    assert_eq!(f.entries.len(), 3, "{:#?}", f.entries);
    assert!(f.entries.iter().all(|e| e.recommendations.len() == 1));
}

#[test]
fn findings_check_would_refuse_are_named() {
    // Two findings numbered 2 were written without a word, and `check` then refused them.
    let f = findings(
        "1. The force should map demand.\n2. The force should plan.\n2. The force should train.\n",
    );
    let unfit = unfit(&f);
    assert_eq!(unfit.len(), 1, "{unfit:?}");
    assert_eq!(unfit[0].line, Some(3));
    assert!(
        unfit[0].message.contains("number 2 (lines 2 and 3)"),
        "{unfit:?}"
    );
    assert!(super::unfit(&findings("1. The force should map demand.\n")).is_empty());
}

#[test]
fn a_label_and_its_sentence_on_one_line_start_a_recommendation() {
    // "Recommendation 1.1 Within three months …" stayed inside the cause's text.
    let text = "Cause of concern 1\nThe force doesn’t answer calls quickly enough.\nRecommendation 1.1 Within three months, the force should review call handling.\n";
    let f = findings(text);
    assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
    assert_eq!(
        f.entries[0].text,
        "The force doesn’t answer calls quickly enough."
    );
    let r = &f.entries[0].recommendations;
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].number.as_deref(), Some("1.1"));
    assert_eq!(
        r[0].text,
        "Within three months, the force should review call handling."
    );
    assert_eq!(marker("Recommendation 3 of the report"), None);
}

#[test]
fn a_browser_print_loses_its_header_footer_and_ligatures() {
    // The print header and the "file:///" footer became finding text, "ﬁ" stayed.
    let text = "12/7/26, 1:11 PM  PEEL 2023–25 – Kent Police\nArea for improvement 1\nThe force should improve how it identiﬁes repeat victims.\nArea for improvement 2\nThe force should improve its supervision.\nfile:///home/user/Downloads/kent.html  3/12\n";
    let f = findings(text);
    let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The force should improve how it identifies repeat victims.",
            "The force should improve its supervision."
        ]
    );
    assert_eq!(f.left_out.len(), 2, "{:?}", f.left_out);
    assert_eq!(f.key, "areas_for_improvement");
}

#[test]
fn a_list_with_tabs_after_its_markers_is_no_table() {
    // Read as a table, the first finding became a header and the others "AFI 2", "AFI 3".
    let text = "Areas for improvement\nAFI 1\tThe force should review its call handling.\nAFI 2\tThe force should audit its crime records.\nAFI 3\tThe force should train its supervisors.\n";
    let f = findings(text);
    assert_eq!(f.key, "areas_for_improvement");
    let got: Vec<(Option<&str>, &str)> = f
        .entries
        .iter()
        .map(|e| (e.number.as_deref(), e.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("1"), "The force should review its call handling."),
            (Some("2"), "The force should audit its crime records."),
            (Some("3"), "The force should train its supervisors.")
        ]
    );
}

#[test]
fn a_browser_print_header_title_on_its_own_line_and_a_split_page_counter_are_furniture() {
    // Chromium draws the print header's date and the page's title as two lines, and the
    // footer's counter in pieces: the title and a "/" were glued to the last finding.
    let text = "Immediately, all chief constables should ensure that\n12/7/26, 9:06 PM\nfoi-avon-and-somerset-firearms-2015\nfile:///tmp/foi.html\n/\n";
    let f = findings(text);
    assert_eq!(f.entries.len(), 1);
    assert_eq!(
        f.entries[0].text,
        "Immediately, all chief constables should ensure that"
    );
    let left: Vec<&str> = f.left_out.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        left,
        [
            "12/7/26, 9:06 PM",
            "foi-avon-and-somerset-firearms-2015",
            "file:///tmp/foi.html",
            "/"
        ]
    );
}

#[test]
fn causes_of_concern_then_areas_for_improvement_are_two_lists() {
    // The areas after a cause became its recommendations 2 and 3, with two empty sub-points.
    let text = "Cause of concern 1\nThe force is failing victims.\nRecommendation 1.1 Within three months, the force should review its policy.\nAreas for improvement\nArea for improvement 1\nThe force should improve its plans.\nArea for improvement 2\nThe force should improve its data.\n";
    let f = findings(text);
    assert_eq!(f.key, "causes_of_concern");
    assert_eq!(f.entries.len(), 1);
    let recs: Vec<&str> = f.entries[0]
        .recommendations
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        recs,
        ["Within three months, the force should review its policy."]
    );
    assert!(f.entries[0].items.is_empty(), "{:?}", f.entries[0].items);
    assert_eq!(f.also.len(), 1);
    let (key, areas) = &f.also[0];
    assert_eq!(*key, "areas_for_improvement");
    let areas: Vec<(Option<&str>, &str)> = areas
        .iter()
        .map(|a| (a.number.as_deref(), a.text.as_str()))
        .collect();
    assert_eq!(
        areas,
        [
            (Some("1"), "The force should improve its plans."),
            (Some("2"), "The force should improve its data.")
        ]
    );
}
