//! The first fixture: the Warwickshire response as published. Every sentence of the letter,
//! from the opening to the signature, must come out of every format, in order.

use crate::support::{html_text, markdown_text, normalise, render, root};

/// The letter's sentences, in order, from the published text (site chrome and title left out,
/// list numbers dropped: they are list markers, not text).
pub fn seed_sentences() -> Vec<String> {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/warwickshire-child-protection-2022.txt"),
    )
    .expect("seed text");
    let start = text
        .find("As the Police and Crime Commissioner for Warwickshire")
        .expect("opening");
    let mut sentences = Vec::new();
    for line in text[start..].lines() {
        let line = normalise(line);
        let line = match line.split_once(". ") {
            Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
                rest.to_owned()
            }
            _ => line,
        };
        let mut current = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            current.push(*c);
            let ends = matches!(c, '.' | '?' | '!') && chars.get(i + 1).is_none_or(|n| *n == ' ');
            if ends {
                sentences.push(current.trim().to_owned());
                current.clear();
            }
        }
        if !current.trim().is_empty() {
            sentences.push(current.trim().to_owned());
        }
    }
    sentences
}

fn assert_all_in_order(format: &str, rendered: &str, sentences: &[String]) {
    let rendered = normalise(rendered);
    let mut from = 0;
    for s in sentences {
        match rendered[from..].find(s.as_str()) {
            Some(i) => from += i + s.len(),
            None => panic!(
                "the {format} lacks, or has out of order, the sentence:\n  {s}\n(found before: {})",
                rendered.contains(s.as_str())
            ),
        }
    }
}

#[test]
fn seed_has_the_sentences_we_expect() {
    let s = seed_sentences();
    assert_eq!(
        s.first().map(String::as_str),
        Some(
            "As the Police and Crime Commissioner for Warwickshire (Local Policing Body), I am providing the following response to the Secretary of State for the Home Office, and His Majesty’s Inspectorate of Constabulary and Fire and Rescue Services (HMICFRS), in respect of the HMICFRS report ‘Warwickshire Police- National child protection inspection’ that was published on the 5 August 2022."
        )
    );
    assert_eq!(
        s.last().map(String::as_str),
        Some("Police and Crime Commissioner")
    );
    assert!(s.contains(&"How the CSOD scheme is managed effectively.".to_owned()));
    assert_eq!(s.len(), 57);
}

#[test]
fn every_seed_sentence_is_in_the_markdown_in_order() {
    let (md, _) = render(&root().join("examples/warwickshire-child-protection-2022.yaml"));
    assert_all_in_order("Markdown", &markdown_text(&md), &seed_sentences());
}

#[test]
fn every_seed_sentence_is_in_the_html_in_order() {
    let (_, html) = render(&root().join("examples/warwickshire-child-protection-2022.yaml"));
    assert_all_in_order("HTML", &html_text(&html), &seed_sentences());
}

#[test]
fn the_published_copy_in_responses_is_the_example() {
    let a = std::fs::read(root().join("examples/warwickshire-child-protection-2022.yaml")).unwrap();
    let b =
        std::fs::read(root().join("responses/warwickshire-child-protection-2022.yaml")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_eight_recommendations_nest_as_published() {
    let (_, html) = render(&root().join("examples/warwickshire-child-protection-2022.yaml"));
    let article = &html[html.find("<article").unwrap()..html.find("</article>").unwrap()];
    // 8 recommendations; 5, 7 and 8 have 4, 5 and 3 sub-points.
    assert_eq!(article.matches("<ol>").count(), 4);
    assert_eq!(article.matches("<li>").count(), 8 + 4 + 5 + 3);
    let five = &html[html.find("paying attention to:").unwrap()..];
    assert!(
        five.starts_with("paying attention to:\n<ol>\n<li>Allocating investigations"),
        "{}",
        &five[..80]
    );
}
