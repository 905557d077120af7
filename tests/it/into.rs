//! `s55 import recs FILE --into RESPONSE.yaml`: real findings added to a draft response in
//! place, the rest of the file byte for byte as it was. Every expected text below was written
//! by reading the report's text (`tests/corpus/findings/`, `tests/fixtures/import/recs/`),
//! not from s55's output.

use std::path::{Path, PathBuf};

use crate::support::{Run, TempDir, root, s55};

/// A finding text of the corpus.
fn corpus(name: &str) -> String {
    root()
        .join("tests/corpus/findings")
        .join(name)
        .display()
        .to_string()
}

/// A response from `s55 new`, written to `name` in `dir`.
fn scaffold(dir: &Path, name: &str) -> (PathBuf, String) {
    let run = s55(dir, &["new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.join(name);
    std::fs::write(&path, &run.stdout).unwrap();
    (path, run.stdout)
}

/// An example response reopened as a draft (`draft: true` put before its first line), in `dir`.
fn draft_example(dir: &Path, example: &str) -> (PathBuf, String) {
    let text = std::fs::read_to_string(root().join("examples").join(example)).unwrap();
    let text = format!("draft: true\n{text}");
    let path = dir.join(example);
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

fn import_into(dir: &Path, text: &str, response: &Path, more: &[&str]) -> Run {
    let response = response.display().to_string();
    let mut args = vec!["import", "recs", text, "--into", &response];
    args.extend_from_slice(more);
    s55(dir, &args)
}

/// The scaffold's placeholder recommendation, as `s55 new` writes it.
const PLACEHOLDER: &str = "  - number: 1
    text: \"TODO: the recommendation, as the report gives it.\"
    timescale: \"TODO: immediately, within three months, by 31 March 2027\"
    # addressed_to: the Home Office   # for a recommendation the report makes to another body
    response: |
      TODO: the action taken or proposed, or why none (section 55(5B)).
    status: not started
    owner: \"TODO: who is responsible\"
";

#[test]
fn a_recommendation_replaces_the_placeholder_of_a_new_response() {
    let tmp = TempDir::new("into-scaffold");
    let (path, before) = scaffold(tmp.path(), "core-business.yaml");
    assert!(before.ends_with(&format!("recommendations:\n{PLACEHOLDER}")));
    let run = import_into(
        tmp.path(),
        &corpus("hmicfrs-register-core-business-2014.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout, "",
        "the YAML goes into the file, not to the screen"
    );
    let expected = before.replace(
        PLACEHOLDER,
        "  # not a finding (line 1): \"Core Business: an inspection into crime prevention, police attendance and the use of police time (4822)\"
  - number: 1
    text: \"Not later than 31 March 2015 those forces using a threat, harm and risk policy, that have not yet done so, should provide call-handlers with specific, sound and comprehensible criteria against which they can assess threat, harm and risk.\"
    timescale: \"Not later than 31 March 2015\"
    response: \"4th September 2014\\n\\nThe status of this recommendation is currently being reviewed by HMIC and will be updated when this review is complete.\\n\\n30th August 2017\\n\\nThis area of activity has subsequently been inspected in HMIC's PEEL Effectiveness inspections. Where a cause of concern still exists this will appear in the register against these subsequent inspections.\"
",
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    assert!(
        run.stderr.contains(
            "core-business.yaml: the placeholder `recommendations[0]` that `s55 new` wrote was replaced"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("added 1 recommendation from"),
        "{}",
        run.stderr
    );
    // The file as written checks, as the import promised.
    let check = s55(tmp.path(), &["check", "core-business.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn areas_for_improvement_get_their_list_and_section_in_a_new_response() {
    let tmp = TempDir::new("into-afis");
    let (path, before) = scaffold(tmp.path(), "northamptonshire.yaml");
    let run = import_into(
        tmp.path(),
        &corpus("northamptonshire-efficiency-2015-afis.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The section goes with the other findings' sections, the list after the recommendations
    // (the placeholder recommendation stays: the report may still have some).
    let expected = before
        .replace(
            "  - kind: recommendations\n",
            "  - kind: recommendations\n  - kind: areas-for-improvement\n",
        )
        + "
areas_for_improvement:
  # not a finding (line 1): \"2.3 The PEEL Efficiency inspection report on the force was published in October. As part of the Inspectorate’s developing approach to improve and rationalise its reporting, the text included a small number of broad ‘Areas for Improvement’ (AFIs) rather than a host of detailed recommendations:\"
  - number: 1
    text: \"The force should undertake further work to gain a fuller understanding of current demand for its services, and likely future changes in demand. This is so it can make best use of its resources by matching them to demand to meet the needs of the public\"
  - number: 2
    text: \"The force should develop its understanding of the links between its outcomes, outputs and costs\"
  - number: 3
    text: \"The force should develop a future workforce plan that is aligned with its overall demand and budget. The plan should include future resource allocations, the mix of skills required by the workforce and behaviours expected of them.\"
";
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    assert!(
        run.stderr
            .contains("added the section `- kind: areas-for-improvement` to show them"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cause_of_concern_gets_its_section_before_the_recommendations() {
    let tmp = TempDir::new("into-cause");
    let (path, before) = scaffold(tmp.path(), "cleveland.yaml");
    let run = import_into(
        tmp.path(),
        &corpus("cleveland-cause-of-concern-2021.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    let expected = before
        .replace(
            "  - kind: recommendations\n",
            "  - kind: causes-of-concern\n  - kind: recommendations\n",
        )
        + "
causes_of_concern:
  # not a finding (line 1): \"Cleveland Police cause of concern revisit – Public engagement and scrutiny\"
  # not a finding (line 2): \"During our PEEL inspection of Cleveland, between 20 and 31 May 2019, we identified six causes of concern. One of them was about engaging with the public and external scrutiny of the force.\"
  # not a finding (line 4): \"We reviewed progress against this cause of concern between 7 June and 29 July 2021.\"
  # not a finding (line 5): \"This letter summarises our findings.\"
  - number: 1
    text: \"Cleveland Police doesn’t adequately engage with local communities. This lack of engagement means that public expectations don’t sufficiently influence force priorities and changes to the services it provides. The public also has a limited role in scrutinising the force and helping it to improve.\"
";
    assert_eq!(after, expected);
}

/// The example's area for improvement 1, its last line, and what follows it.
const FULL_AFI_END: &str =
    "    owner: Superintendent, Operations\n\n# The report's causes of concern";

/// City of London's AFIs 7 and 11, as its minutes give them, with the Commissioner's answers.
const CITY_AFIS: &str = "  # not a finding (line 1): \"Report of the Commissioner.\"
  # not a finding (line 2): \"Members considered a report of the Commissioner regarding the Force response to HMICFRS Integrated PEEL Assessment (Legitimacy) Findings 2018/19 and the following points were made.\"
  # not a finding (line 8): \"RESOLVED, that the report be received.\"
  - number: 7
    text: \"the Force should ensure that effective external scrutiny takes place in relation to its use of force.\"
    response: \"In response to a question regarding AFI 7, the Assistant Commissioner confirmed that the terms of reference of the newly constituted Community Scrutiny Group had been approved at its meeting on 4 September 2019.\"
  - number: 11
    text: \"the Force should ensure its counter-corruption unit has enough capability and capacity to counter corruption effectively and proactively.\"
    response: \"The Assistant Commissioner noted that two additional posts had been funded from October 2019 and recruitment was underway internally within the Force.\\n\\nThe Chair requested that the planned Skyline article regarding the Force’s attitude towards corruption should be circulated more widely, and at least to Members of the Police Authority Board.\"
";

#[test]
fn findings_join_an_example_response_with_its_comments_kept() {
    let tmp = TempDir::new("into-example");
    let (path, before) = draft_example(tmp.path(), "full.yaml");
    assert_eq!(before.matches(FULL_AFI_END).count(), 1);
    let run = import_into(
        tmp.path(),
        &corpus("city-of-london-legitimacy-2019-afis.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = before.replace(
        FULL_AFI_END,
        &format!(
            "    owner: Superintendent, Operations\n{CITY_AFIS}\n# The report's causes of concern"
        ),
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    assert!(
        run.stderr
            .contains("full.yaml:212: added `areas_for_improvement[1]` (number 7)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("added 2 areas for improvement from"),
        "{}",
        run.stderr
    );
}

#[test]
fn importing_the_same_findings_again_adds_nothing_and_leaves_the_file_untouched() {
    let tmp = TempDir::new("into-again");
    let (path, _) = draft_example(tmp.path(), "full.yaml");
    let text = corpus("city-of-london-legitimacy-2019-afis.txt");
    let first = import_into(tmp.path(), &text, &path, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let once = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let again = import_into(tmp.path(), &text, &path, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), once);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified,
        "a file with nothing to add is not written"
    );
    assert!(
        again.stderr.contains(
            "full.yaml:212: already there as `areas_for_improvement[1]` (number 7), so not added again: line 3 of"
        ),
        "{}",
        again.stderr
    );
    assert!(
        again
            .stderr
            .contains("full.yaml: nothing to add: every finding is already there"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_finding_already_there_in_the_same_words_is_not_added_under_another_number() {
    let tmp = TempDir::new("into-words");
    let (path, before) = draft_example(tmp.path(), "full.yaml");
    // The example's area for improvement 1, pasted as a report numbering it 4 would give it.
    std::fs::write(
        tmp.path().join("afi.txt"),
        "AFI 4 – The force should improve how it records its decisions about stop and search.\n",
    )
    .unwrap();
    let run = import_into(tmp.path(), "afi.txt", &path, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    assert!(
        run.stderr.contains(
            "already there as `areas_for_improvement[0]` (number 1), so not added again: line 1 of afi.txt"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cause_of_concern_already_there_takes_the_recommendations_it_lacks() {
    let tmp = TempDir::new("into-nested");
    let (path, _) = scaffold(tmp.path(), "west-mercia.yaml");
    let table = root()
        .join("tests/fixtures/import/recs/west-mercia-peel-2018-19-causes-of-concern-table.txt")
        .display()
        .to_string();
    let first = import_into(tmp.path(), &table, &path, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    // The office deletes recommendation T11 from cause of concern 2 (the file's last entry).
    let whole = std::fs::read_to_string(&path).unwrap();
    let t11 = "      - number: \"T11\"
        text: \"HMIC recommends that within six months the force should: improve its understanding of suspects released under investigation and the management of those released on bail;\"
        timescale: within six months
        status: completed
        # \"directed at: West Mercia Police\"
";
    assert!(whole.ends_with(t11), "{whole}");
    let cut = whole.strip_suffix(t11).unwrap().to_owned();
    std::fs::write(&path, &cut).unwrap();
    let again = import_into(tmp.path(), &table, &path, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
    assert!(
        again
            .stderr
            .contains("added `causes_of_concern[1].recommendations[1]` (number T11)"),
        "{}",
        again.stderr
    );
    assert!(
        again.stderr.contains(
            "already there as `causes_of_concern[1]` (number 2), so not added again: line 7 of"
        ),
        "{}",
        again.stderr
    );
    assert!(
        again
            .stderr
            .contains("added 1 recommendation under the causes of concern already there"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_signed_response_is_refused_and_left_as_it_was() {
    let tmp = TempDir::new("into-signed");
    let example = root().join("examples/warwickshire-child-protection-2022.yaml");
    let path = tmp.path().join("warwickshire.yaml");
    std::fs::copy(&example, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let run = import_into(
        tmp.path(),
        &corpus("city-of-london-legitimacy-2019-afis.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: this response is final (it has no `draft: true`): a signed letter never changes, so nothing was added"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warwickshire.yaml"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left beside it");
}

#[test]
fn a_response_with_errors_is_refused_with_its_place() {
    let tmp = TempDir::new("into-broken");
    let (path, before) = scaffold(tmp.path(), "broken.yaml");
    let broken = before.replace("language: en\n", "language: en\nlanguage: cy\n");
    std::fs::write(&path, &broken).unwrap();
    let run = import_into(
        tmp.path(),
        &corpus("city-of-london-legitimacy-2019-afis.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("broken.yaml:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("broken.yaml`: fix the errors above in the response file first"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn findings_check_would_refuse_are_not_written_and_the_import_exits_1() {
    let tmp = TempDir::new("into-refused");
    let (path, before) = scaffold(tmp.path(), "long.yaml");
    // One recommendation longer than the 1,000,000 characters `check` takes in one text.
    let text = format!(
        "Recommendations\n1. Within three months, the force should review {}its procedures.\n",
        "its policies and ".repeat(60_000)
    );
    std::fs::write(tmp.path().join("long.txt"), text).unwrap();
    let run = import_into(tmp.path(), "long.txt", &path, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("nothing was written: with the imported findings, `"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("more than the 1000000 s55 takes in one text"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    // Without --into, the YAML is printed to mend, and the import says `check` would refuse it.
    let printed = s55(tmp.path(), &["import", "recs", "long.txt"]);
    assert_eq!(printed.code, 1, "{}", printed.stderr);
    assert!(
        printed
            .stdout
            .starts_with("recommendations:\n  - number: 1\n")
    );
    assert!(
        printed.stderr.contains(
            "error: `s55 check` would refuse the YAML above at `recommendations[0].text`: this text has"
        ),
        "{}",
        printed.stderr
    );
    assert!(printed.stderr.contains("(line 2)"), "{}", printed.stderr);
}

#[cfg(unix)]
#[test]
fn the_response_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("into-mode");
    let (path, _) = scaffold(tmp.path(), "private.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = import_into(
        tmp.path(),
        &corpus("northamptonshire-efficiency-2015-afis.txt"),
        &path,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn the_help_explains_into() {
    let run = s55(&root(), &["import", "recs", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("--into <RESPONSE>"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("s55 import recs pasted.txt --into responses/new-response.yaml"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(">>"), "{}", run.stdout);
}

#[test]
fn a_text_without_findings_adds_nothing_and_says_so() {
    let tmp = TempDir::new("into-none");
    let (path, before) = scaffold(tmp.path(), "empty.yaml");
    // A saved page that holds only the inspectorate's "not found" banner.
    std::fs::write(tmp.path().join("pasted.txt"), "404 Page not found\n").unwrap();
    let run = import_into(tmp.path(), "pasted.txt", &path, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: found no findings in the text, so nothing was added to `"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

/// A report that lists its causes of concern, then its areas for improvement, in the
/// inspectorate's words ("Cause of concern 1", "Recommendation 1.1 Within three months …",
/// "Area for improvement 1").
const CAUSE_THEN_AREAS: &str = "Cause of concern 1
The force is failing victims.
Recommendation 1.1 Within three months, the force should review its policy.
Areas for improvement
Area for improvement 1
The force should improve its plans.
Area for improvement 2
The force should improve its data.
";

#[test]
fn areas_for_improvement_after_a_cause_of_concern_join_the_response_too() {
    // The areas for improvement were read as a list of their own, then left out of the file
    // without a word, and `import recs` alone exited 1 because no section showed them.
    let tmp = TempDir::new("into-cause-then-areas");
    std::fs::write(tmp.path().join("report.txt"), CAUSE_THEN_AREAS).unwrap();
    let printed = s55(tmp.path(), &["import", "recs", "report.txt"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let (path, before) = scaffold(tmp.path(), "response.yaml");
    let run = import_into(tmp.path(), "report.txt", &path, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "response.yaml: added 2 areas for improvement, 1 cause of concern and 1 recommendation from report.txt"
        ),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains(
        "areas_for_improvement:
  - number: 1
    text: \"The force should improve its plans.\"
  - number: 2
    text: \"The force should improve its data.\"
"
    ));
    assert!(after.contains(
        "causes_of_concern:
  - number: 1
    text: \"The force is failing victims.\"
    recommendations:
      - number: \"1.1\"
        text: \"Within three months, the force should review its policy.\"
        timescale: \"Within three months\"
"
    ));
    assert!(after.contains("  - kind: causes-of-concern\n"));
    assert!(after.contains("  - kind: areas-for-improvement\n"));
    // Only added: every line of the scaffold is still there, in its order.
    let mut rest = after.lines();
    for line in before.lines() {
        assert!(rest.any(|l| l == line), "lost: {line}");
    }
    let check = s55(tmp.path(), &["check", "response.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // A second import adds nothing and leaves the file as it is.
    let again = import_into(tmp.path(), "report.txt", &path, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("nothing to add"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}
