//! The published-response importer's own cases, each a shape of page it met.

use super::super::published::response;

/// The text of a YAML key in a draft, as written.
fn line<'a>(yaml: &'a str, key: &str) -> Option<&'a str> {
    yaml.lines().find_map(|l| l.trim_start().strip_prefix(key))
}

#[test]
fn a_response_line_under_a_recommendation_is_its_response_not_its_text() {
    // The recommendation as HMICFRS wrote it (Warwickshire, national child protection
    // inspection, 2022), and an answer on its own line as offices print them.
    let text = "Response to the inspection\n\nI welcome the report.\n\nRecommendations\n\n1. We recommend that Warwickshire Police immediately reviews the OCC response to incidents where children are involved.\n\nResponse: The force has reviewed the OCC response and trained its call handlers.\n\n2. We recommend that, within six months, Warwickshire Police should improve the response to children taken into police protection.\n\nResponse: A new procedure is in place.\n";
    let d = response(text);
    let y = &d.yaml;
    assert!(
        y.contains("text: \"We recommend that Warwickshire Police immediately reviews the OCC response to incidents where children are involved.\""),
        "{y}"
    );
    assert!(
        y.contains(
            "response: \"The force has reviewed the OCC response and trained its call handlers.\""
        ),
        "{y}"
    );
    assert!(
        y.contains("response: \"A new procedure is in place.\""),
        "{y}"
    );
    assert!(!y.contains("unplaced:"), "{y}");
}

#[test]
fn a_posted_date_without_its_year_takes_the_year_of_the_same_day() {
    // Cheshire's page (2016): the date line gives no year; the text gives the day again.
    let text = "COMMISSIONER'S STATEMENT ON HMIC EFFICIENCY INSPECTION\n\nPosted on Thursday 3rd November\n\nCheshire Constabulary is outstanding at understanding its current and likely future demand, according to the latest Her Majesty’s Inspector of Constabulary (HMIC) efficiency report released today, 3 November 2016.\n\nDavid Keane Police & Crime Commissioner said:\n\n\"The report shows that as Commissioner I have a good foundation to build upon.\"\n";
    let d = response(text);
    assert_eq!(line(&d.yaml, "date: "), Some("2016-11-03"), "{}", d.yaml);
    assert_eq!(
        line(&d.yaml, "name: "),
        Some("\"David Keane\""),
        "{}",
        d.yaml
    );
    assert_eq!(
        line(&d.yaml, "force: "),
        Some("\"Cheshire Constabulary\""),
        "{}",
        d.yaml
    );
}

#[test]
fn the_reports_date_is_not_read_from_a_menus_plan_years() {
    // A site's menu item, then Gwent's page (2019), which dates nothing.
    let text = "Police, Fire and Crime Plan 2021-26\n\nCommissioner welcomes latest PEEL inspection of Gwent Police\n\nGwent Police is ‘good’ at reducing crime and keeping people safe.\n";
    let d = response(text);
    let published = line(&d.yaml, "published: ").unwrap_or_default();
    assert!(!published.starts_with("2021"), "{}", d.yaml);
    assert!(
        d.yaml.contains("# published: a guess to confirm"),
        "{}",
        d.yaml
    );
}

#[test]
fn a_letters_address_block_is_its_addressee_and_not_its_title() {
    // The Home Secretary's letter of 15 January 2024 as gov.uk prints it: the sender's
    // letterhead, the addressee's address, then the salutation.
    let text = "State of Policing 2022 report: government response\n\nApplies to England and Wales\n\nHome Secretary\n2 Marsham Street\nLondon SW1P 4DF\nwww.gov.uk/home-office\n\nAndrew Cooke QPM DL\nHMCIFRS\n23 Stephenson Street\nBirmingham\nB2 4BH\n\nBy Email Only\n\n15 January 2024\n\nDear Andy,\n\nI’d like to thank you for your important work which shines a light on the performance issues affecting the policing sector.\n";
    let d = response(text);
    let y = &d.yaml;
    assert!(
        y.contains("addressees:\n  - \"Andrew Cooke QPM DL, HMCIFRS, 23 Stephenson Street, Birmingham, B2 4BH\""),
        "{y}"
    );
    assert_eq!(
        line(y, "title: "),
        Some("\"State of Policing 2022 report: government response\""),
        "{y}"
    );
    assert_eq!(line(y, "salutation: "), Some("\"Dear Andy\""), "{y}");
    assert!(
        y.contains("  - \"2 Marsham Street\""),
        "the sender's address is kept: {y}"
    );
}

#[test]
fn a_letters_own_salutation_is_kept_and_the_cookie_banner_is_not_its_opening() {
    // Kent's letter to the Home Secretary (2019), as its page prints it.
    let text = "We use some essential cookies to make our website work.\nSorry, there was a technical problem. Please try again.\nThe Police and Crime Commissioner sent the following letter to Home Secretary Priti Patel on 26 July 2019, in response to the publication of HMICFRS' annual assessment of Kent Police's Effectiveness, Efficiency and Legitimacy.\nDear Priti,\nI am pleased to present my comments in response to the above report within the meaning of section 55(5) of the Police Act 1996.\n";
    let d = response(text);
    assert_eq!(
        line(&d.yaml, "salutation: "),
        Some("\"Dear Priti\""),
        "{}",
        d.yaml
    );
    assert_eq!(line(&d.yaml, "date: "), Some("2019-07-26"), "{}", d.yaml);
    assert!(
        !line(&d.yaml, "opening: ")
            .unwrap_or_default()
            .contains("cookies"),
        "{}",
        d.yaml
    );
}
