//! What offices open s55's files with: the covering e-mails in a mail program (read here with
//! Python's `email` package, as strict as the RFCs), the CSV exports in a spreadsheet (opened
//! with LibreOffice Calc headless, converted to xlsx and back).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TempDir, root};

/// Runs s55 in `cwd` with `env` and nothing else in its environment.
fn s55_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> crate::support::Run {
    let out = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the s55 binary runs");
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The example `name` in `tmp/responses`, with settings that name the copies' addresses.
fn with_copies(tmp: &TempDir, name: &str) -> PathBuf {
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("examples").join(name), dir.join(name)).unwrap();
    std::fs::write(
        dir.join("s55.yaml"),
        "copies:\n  from: office@example.org\n  hmicfrs: enquiries@hmicfrs.example.org\n  home_secretary: ps.homesecretary@homeoffice.example.org\n  site: https://www.example.org/archive/\n",
    )
    .unwrap();
    dir.join(name)
}

/// What Python's `email` package (its modern policy, which decodes RFC 2047 and records each
/// header's defects) reads of an .eml file, as JSON.
fn python_reads(eml: &Path) -> serde_json::Value {
    const SCRIPT: &str = r#"
import email, email.policy, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
frm = m['From'].addresses[0]
to = m['To'].addresses[0]
body = m.get_body(preferencelist=('plain',))
out = {
  'from_name': frm.display_name, 'from_addr': frm.addr_spec,
  'to_name': to.display_name, 'to_addr': to.addr_spec,
  'subject': str(m['Subject']), 'date': m['Date'].datetime.isoformat(),
  'x_unsent': m['X-Unsent'], 'message_id': m['Message-ID'],
  'defects': [type(d).__name__ + ': ' + str(d) for k in m.keys() for d in m[k].defects]
             + [type(d).__name__ for d in m.defects],
  'body': body.get_content(), 'language': body['Content-Language'],
  'attachments': [[a.get_filename(), a.get_content_type(), len(a.get_content())]
                  for a in m.iter_attachments()],
}
print(json.dumps(out))
"#;
    let out = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(eml)
        .output()
        .expect("python3 must be installed");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn copies_open_as_drafts_with_the_senders_name_decoded_and_the_day_they_were_made() {
    let tmp = TempDir::new("tools-copies");
    let file = with_copies(&tmp, "mopac-thematic-statement.yaml");
    let run = s55_env(
        tmp.path(),
        &["copies", file.to_str().unwrap(), "--out", "outbox", "-q"],
        &[("SOURCE_DATE_EPOCH", "1785574800")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<PathBuf> = std::fs::read_dir(tmp.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2);
    for (eml, to_name, to_addr) in [
        (&names[0], "HMICFRS", "enquiries@hmicfrs.example.org"),
        (
            &names[1],
            "Home Secretary",
            "ps.homesecretary@homeoffice.example.org",
        ),
    ] {
        let m = python_reads(eml);
        assert_eq!(m["defects"], serde_json::json!([]), "{m}");
        // The name with its curly apostrophe, decoded, not the encoded text.
        assert_eq!(m["from_name"], "Mayor’s Office for Policing and Crime");
        assert_eq!(m["from_addr"], "office@example.org");
        assert_eq!(m["to_name"], to_name);
        assert_eq!(m["to_addr"], to_addr);
        assert_eq!(
            m["subject"],
            "Section 55 response: An inspection of how forces handle complaints from the public"
        );
        // Outlook opens it as a draft to send.
        assert_eq!(m["x_unsent"], "1");
        // Made when SOURCE_DATE_EPOCH says, not on the letter's day.
        assert_eq!(m["date"], "2026-08-01T09:00:00+00:00");
        let attachments = m["attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 1, "{m}");
        assert_eq!(attachments[0][1], "application/pdf");
        assert!(
            attachments[0][0]
                .as_str()
                .unwrap()
                .ends_with("-an-inspection-of-how-forces-handle-complaints-from-the-public.pdf"),
            "{m}"
        );
        assert!(attachments[0][2].as_u64().unwrap() > 10_000, "{m}");
        let body = m["body"].as_str().unwrap();
        assert!(body.starts_with(&format!("Dear {to_name},")), "{body}");
        assert_eq!(m["language"], "en-GB");
    }
    // The same day gives the same bytes.
    let first = std::fs::read(&names[0]).unwrap();
    s55_env(
        tmp.path(),
        &["copies", file.to_str().unwrap(), "--out", "outbox", "-q"],
        &[("SOURCE_DATE_EPOCH", "1785574800")],
    );
    assert_eq!(std::fs::read(&names[0]).unwrap(), first);
}

#[test]
fn a_bilingual_responses_copies_are_in_both_languages_welsh_first() {
    let tmp = TempDir::new("tools-copies-cy");
    let file = with_copies(&tmp, "bilingual-teifi-valley.yaml");
    let run = s55_env(
        tmp.path(),
        &["copies", file.to_str().unwrap(), "--out", "outbox", "-q"],
        &[("SOURCE_DATE_EPOCH", "1785574800")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let eml = std::fs::read_dir(tmp.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-home-secretary.eml"))
        .unwrap();
    let m = python_reads(&eml);
    assert_eq!(m["defects"], serde_json::json!([]), "{m}");
    assert_eq!(m["to_name"], "Ysgrifennydd Cartref / Home Secretary");
    let subject = m["subject"].as_str().unwrap();
    assert!(subject.starts_with("Ymateb adran 55: "), "{subject}");
    assert!(subject.contains(" / Section 55 response: "), "{subject}");
    let body = m["body"].as_str().unwrap();
    let welsh = body.find("Annwyl Ysgrifennydd Cartref,").expect(body);
    let english = body.find("Dear Home Secretary,").expect(body);
    assert!(welsh < english, "Welsh first, as the office writes: {body}");
    assert!(body.contains("fel y’i cyhoeddwyd"), "{body}");
    assert_eq!(m["language"], "cy, en-GB");
    assert_eq!(m["x_unsent"], "1");
}

/// A folder with the full example, its first recommendation's response and progress in words
/// a spreadsheet must keep: an en dash, Welsh with ŵ and ŷ.
fn accented(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("responses");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(root().join("examples/full.yaml"))
        .unwrap()
        .replacen(
            "month. I have funded 12 more detective posts from April 2026.\n    status: in progress\n    owner: Assistant Chief Constable, Crime\n",
            "month. I have funded 12 more detective posts from April 2026, in the 2025–27 plan.\n    status: in progress\n    owner: Assistant Chief Constable, Crime\n    progress:\n      - date: 2026-04-01\n        status: in progress\n        note: Cynllun Cymraeg 2025–27 – dŵr a tŷ\n      - date: 2026-07-01\n        status: completed\n        note: \"Done, \\\"as planned\\\"\"\n",
            1,
        );
    assert!(text.contains("dŵr a tŷ"));
    std::fs::write(dir.join("full.yaml"), text).unwrap();
    dir
}

/// Converts `csv` to xlsx and that back to CSV (UTF-8) with LibreOffice Calc; returns the CSV
/// Calc wrote. Excel reads a CSV's byte-order mark; Calc's command line does not (it takes
/// the old Windows code page, as Excel does without the mark), so the CSV is opened as a
/// user picks "Unicode (UTF-8)" in Calc's import dialog, and the mark must not end up in
/// the first cell.
fn through_calc(dir: &Path, csv: &Path) -> String {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo").display());
    let run = |args: &[&str]| {
        let out = Command::new("soffice")
            .arg(&profile)
            .arg("--headless")
            .args(args)
            .output()
            .expect("LibreOffice (`soffice`) must be installed, with libreoffice-calc");
        assert!(
            out.status.success(),
            "LibreOffice failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let xlsx_dir = dir.join("xlsx");
    run(&[
        // 44: commas, 34: double quotes, 76: UTF-8.
        "--infilter=CSV:44,34,76",
        "--convert-to",
        "xlsx",
        "--outdir",
        xlsx_dir.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    let stem = csv.file_stem().unwrap().to_str().unwrap();
    let xlsx = xlsx_dir.join(format!("{stem}.xlsx"));
    assert!(xlsx.is_file(), "Calc wrote no xlsx for {}", csv.display());
    let back = dir.join("back");
    run(&[
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76",
        "--outdir",
        back.to_str().unwrap(),
        xlsx.to_str().unwrap(),
    ]);
    std::fs::read_to_string(back.join(format!("{stem}.csv"))).unwrap()
}

#[test]
fn the_csv_exports_keep_every_accent_through_a_spreadsheet() {
    let tmp = TempDir::new("tools-csv");
    let dir = accented(&tmp);
    let mut files = Vec::new();
    for (name, args) in [
        ("findings", vec!["export", "findings", "--csv"]),
        ("history", vec!["export", "history", "--csv"]),
        ("status", vec!["status", "--csv", "--today", "2026-08-01"]),
    ] {
        let mut args = args.clone();
        args.push(dir.to_str().unwrap());
        let run = s55_env(tmp.path(), &args, &[]);
        assert!(run.code == 0 || name == "status", "{name}: {}", run.stderr);
        // The byte-order mark that makes Excel read UTF-8.
        assert!(
            run.stdout.starts_with('\u{feff}'),
            "{name}: {:?}",
            &run.stdout[..20]
        );
        let path = tmp.path().join(format!("{name}.csv"));
        std::fs::write(&path, &run.stdout).unwrap();
        files.push((name, path, run.stdout));
    }
    let findings = through_calc(tmp.path(), &files[0].1);
    let header = findings.lines().next().unwrap();
    assert!(
        header.ends_with(",kind,under,force_response,response,discharged"),
        "{header}"
    );
    assert!(findings.contains("in the 2025–27 plan."), "{findings}");
    // The force's response is a column too.
    assert!(
        findings.contains("The force is replacing its call-handling system"),
        "{findings}"
    );

    let history = through_calc(tmp.path(), &files[1].1);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(
        lines[0],
        "reference,force,report,list,number,kind,date,status,note,evidence"
    );
    assert_eq!(lines.len(), 3, "a header and one row per entry: {history}");
    assert!(
        lines[1].ends_with(
            ",1,recommendation,2026-04-01,in progress,Cynllun Cymraeg 2025–27 – dŵr a tŷ,"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with(",2026-07-01,completed,\"Done, \"\"as planned\"\"\","),
        "{}",
        lines[2]
    );
    assert!(lines[1].starts_with("midshire-police/"), "{}", lines[1]);

    let status = through_calc(tmp.path(), &files[2].1);
    assert!(status.contains("Midshire Police"), "{status}");
    assert!(status.starts_with("file,force,report,"), "{status}");
}
