//! Resource limits: each refused with a message that names it and says how to raise it, and a
//! large but legal response rendered whole.

use crate::support::{TempDir, s55};

fn base() -> String {
    "date: 2026-02-20\nbody: {kind: pcc, area: Kent}\ncommissioner: {name: A Commissioner}\nchief_officer: {name: A Chief Constable}\nforce: Kent Police\nreport: {title: PEEL 2025, kind: peel, published: 2026-01-08}\ncopies: {hmicfrs: 2026-02-20, home_secretary: 2026-02-20}\nsections:\n  - {kind: comments, text: Comments.}\n  - {kind: chief-officer-comments, text: Comments.}\n  - {kind: recommendations}\n".to_owned()
}

fn recommendations(n: usize, words: usize) -> String {
    let sentence = "The force should improve how it records and reviews its decisions about risk. ";
    let mut y = String::from("recommendations:\n");
    for i in 1..=n {
        y.push_str(&format!(
            "  - number: {i}\n    text: \"Within six months, {}\"\n    response: \"{}\"\n    status: in progress\n",
            sentence.repeat(words),
            sentence.repeat(words)
        ));
    }
    y
}

#[test]
fn a_large_legal_response_renders_in_every_format() {
    let tmp = TempDir::new("large");
    // 500 recommendations with about 2 MB of text between them.
    let yaml = base() + &recommendations(500, 26);
    assert!(yaml.len() > 2_000_000, "{} bytes", yaml.len());
    std::fs::write(tmp.path().join("large.yaml"), &yaml).unwrap();
    let run = s55(tmp.path(), &["render", "large.yaml", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(tmp.path().join("large.md")).unwrap();
    assert!(md.contains("### Recommendation 500"));
    let pdf = std::fs::read(tmp.path().join("large.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7") && pdf.len() > 100_000);
}

#[test]
fn too_many_recommendations_are_refused_and_the_limit_can_be_raised() {
    let tmp = TempDir::new("many");
    std::fs::write(
        tmp.path().join("r.yaml"),
        base() + &recommendations(1001, 1),
    )
    .unwrap();
    let run = s55(tmp.path(), &["check", "r.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: `recommendations` has 1001 entries, more than the 1000 s55 takes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "= help: if the report really has that many, raise `limits: findings:` in s55.yaml"
    ));
    std::fs::write(tmp.path().join("s55.yaml"), "limits:\n  findings: 2000\n").unwrap();
    assert_eq!(s55(tmp.path(), &["check", "r.yaml"]).code, 0);
}

#[test]
fn deep_sub_points_and_long_texts_are_refused() {
    let tmp = TempDir::new("deep");
    let mut items = String::from("\"deepest\"");
    for _ in 0..10 {
        items = format!("{{text: level, items: [{items}]}}");
    }
    let yaml = base()
        + &format!(
            "recommendations:\n  - text: Within six months, review.\n    response: Done.\n    items: [{items}]\n"
        );
    std::fs::write(tmp.path().join("deep.yaml"), yaml).unwrap();
    let run = s55(tmp.path(), &["check", "deep.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: sub-points nest 9 deep, deeper than the 8 s55 takes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("raise `limits: depth:` in s55.yaml"));

    let long = "x".repeat(1_000_001);
    let yaml = base().replace(
        "{kind: comments, text: Comments.}",
        &format!("{{kind: comments, text: {long}}}"),
    );
    std::fs::write(tmp.path().join("long.yaml"), yaml).unwrap();
    let run = s55(tmp.path(), &["check", "long.yaml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: this text has 1000001 characters, more than the 1000000 s55 takes in one text"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn deep_yaml_nesting_is_refused() {
    let tmp = TempDir::new("nesting");
    let yaml = base() + &format!("opening: {}x{}\n", "[".repeat(200), "]".repeat(200));
    std::fs::write(tmp.path().join("n.yaml"), yaml).unwrap();
    let run = s55(tmp.path(), &["check", "n.yaml"]);
    assert_eq!(run.code, 1);
    // Refused by the pre-scan at the 129th level (the response's mapping is the first), before
    // serde_yaml reads it.
    let line = base().lines().count() + 1;
    let column = "opening: ".len() + 128;
    assert!(
        run.stderr.starts_with(&format!(
            "error: the YAML nests deeper than the 128 levels s55 reads\n  --> n.yaml:{line}:{column}\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: a response nests a few levels deep: check for brackets left open\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    // `s55 new | head -c 1`: the reader goes away; s55 stops quietly.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_s55"))
        .arg("new")
        .env_clear()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.code() == Some(0), "{:?}", out.status);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn too_many_sub_points_are_refused_before_the_pdf_is_laid_out() {
    let tmp = TempDir::new("million-points");
    // 101 recommendations of 1,000 sub-points each, one more than the 100,000 s55 takes
    // (1,000 of 1,000 would be 27,000 pages, and gigabytes to lay out).
    let points = format!("[{}]", vec!["a"; 1000].join(", "));
    let mut yaml = base() + "recommendations:\n";
    for i in 1..=101 {
        yaml.push_str(&format!(
            "  - number: {i}\n    text: \"Within six months, the force should:\"\n    items: {points}\n    response: Done.\n"
        ));
    }
    std::fs::write(tmp.path().join("r.yaml"), &yaml).unwrap();
    let run = s55(tmp.path(), &["render", "r.yaml", "--format", "pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: the response has more than 100000 sub-points in all, more than s55 takes\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "= help: if the report really has that many, raise `limits: points:` in s55.yaml"
        ),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("r.pdf").exists(), "nothing written");
    // The office can lower or raise it.
    let few = base()
        + "recommendations:\n  - text: \"Within six months, the force should:\"\n    items: [a, b, c]\n    response: Done.\n";
    std::fs::write(tmp.path().join("few.yaml"), few).unwrap();
    std::fs::write(tmp.path().join("s55.yaml"), "limits:\n  points: 2\n").unwrap();
    let run = s55(tmp.path(), &["check", "few.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("more than 2 sub-points in all"),
        "{}",
        run.stderr
    );
    std::fs::write(tmp.path().join("s55.yaml"), "limits:\n  points: 3\n").unwrap();
    assert_eq!(s55(tmp.path(), &["check", "few.yaml"]).code, 0);
}
