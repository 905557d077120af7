//! What reaches a public file: `published_fields` in s55.yaml decides, for the letter (its
//! lists and its tracker), the progress pages, the index, `responses.json`, the feed and the
//! CMS output alike. A finding's owner (offices write people's names there) is private unless
//! the office publishes it.

use std::path::{Path, PathBuf};

use crate::support::{TempDir, root, s55};

/// A person's name, written as one recommendation's owner: it appears nowhere else.
const NAME: &str = "DCI Rhiannon Maddox";

/// The examples, copied into `tmp/responses` (each in a folder of its own, with Northshire's
/// settings) with `NAME` as the full example's first owner, and `published` as every
/// folder's `published_fields`.
fn office(tmp: &TempDir, published: &str) -> PathBuf {
    let dir = tmp.path().join("responses");
    let line = format!("published_fields: [{published}]\n");
    for (sub, name) in [
        ("warwickshire", "warwickshire-child-protection-2022.yaml"),
        ("midshire", "full.yaml"),
        ("london", "mopac-thematic-statement.yaml"),
        ("dyfed-powys", "bilingual-teifi-valley.yaml"),
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
        let text = text.replacen(
            "owner: Assistant Chief Constable, Crime",
            &format!("owner: {NAME}"),
            1,
        );
        assert!(name != "full.yaml" || text.contains(NAME));
        std::fs::write(dir.join(sub).join(name), text).unwrap();
        std::fs::write(dir.join(sub).join("s55.yaml"), &line).unwrap();
    }
    let north = dir.join("northshire");
    std::fs::create_dir_all(&north).unwrap();
    for e in std::fs::read_dir(root().join("examples/northshire")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, north.join(p.file_name().unwrap())).unwrap();
    }
    let settings = std::fs::read_to_string(north.join("s55.yaml")).unwrap();
    let settings = settings.replace(
        "published_fields: [timescale, status, force-response, response]\n",
        &line,
    );
    assert!(settings.contains(&line));
    std::fs::write(north.join("s55.yaml"), settings).unwrap();
    dir
}

/// Every owner the responses below `dir` write (both languages of a bilingual one), read from
/// their YAML, that their files give nowhere but in an `owner:` field.
fn owners(dir: &Path) -> Vec<String> {
    fn walk(v: &serde_yaml::Value, out: &mut Vec<String>) {
        match v {
            serde_yaml::Value::Mapping(m) => {
                for (k, v) in m {
                    if k.as_str() == Some("owner") {
                        match v {
                            serde_yaml::Value::String(s) => out.push(s.clone()),
                            serde_yaml::Value::Mapping(langs) => out.extend(
                                langs.values().filter_map(|s| s.as_str()).map(str::to_owned),
                            ),
                            _ => {}
                        }
                    } else {
                        walk(v, out);
                    }
                }
            }
            serde_yaml::Value::Sequence(s) => s.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    let mut elsewhere = String::new();
    for file in files(dir) {
        if file.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&file).unwrap();
            walk(&serde_yaml::from_str(&text).unwrap(), &mut found);
            elsewhere.extend(
                text.lines()
                    .filter(|l| !l.trim_start().starts_with("owner:"))
                    .map(|l| format!("{l}\n")),
            );
        }
    }
    // What a letter says elsewhere ("the Deputy Chief Constable will…") is public anyway:
    // only the owners no response names but as an owner are private.
    found.retain(|o| !elsewhere.contains(o.as_str()));
    found.sort();
    found.dedup();
    found
}

/// Every file below `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A file's text as a reader gets it: a PDF's through pdftotext, a Word document's parts
/// unzipped, any other file as it is.
fn readable(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => crate::pdf::pdf_text(&bytes)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        Some("docx") => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut text = String::new();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let name = part.name().unwrap().into_owned();
                if name.ends_with(".xml") || name.ends_with(".rels") {
                    std::io::Read::read_to_string(&mut part, &mut text).unwrap();
                }
            }
            text
        }
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Builds every example with the tracker and the Word downloads, and renders each as a CMS
/// fragment and Markdown: the public files, by path, with their text.
fn public_files(tmp: &TempDir, published: &str) -> (Vec<String>, Vec<(String, String)>) {
    let dir = office(tmp, published);
    let owners = owners(&dir);
    for f in files(&dir) {
        if f.file_name().unwrap() == "s55.yaml" {
            let text = std::fs::read_to_string(&f).unwrap();
            std::fs::write(&f, format!("{text}downloads: [docx]\n")).unwrap();
        }
    }
    let run = s55(
        tmp.path(),
        &["build", "responses", "--out", "public", "--tracker", "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in files(&dir) {
        if f.extension().is_some_and(|e| e == "yaml") && f.file_name().unwrap() != "s55.yaml" {
            let run = s55(
                tmp.path(),
                &[
                    "render",
                    &f.display().to_string(),
                    "--format",
                    "html",
                    "--fragment",
                    "--out",
                    "cms",
                    "-q",
                ],
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
            let run = s55(
                tmp.path(),
                &[
                    "render",
                    &f.display().to_string(),
                    "--format",
                    "md",
                    "--out",
                    "cms",
                    "-q",
                ],
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
    }
    let mut out = Vec::new();
    for base in ["public", "cms"] {
        for f in files(&tmp.path().join(base)) {
            let rel = f.strip_prefix(tmp.path()).unwrap().display().to_string();
            out.push((rel, readable(&f)));
        }
    }
    (owners, out)
}

#[test]
fn no_public_file_names_an_owner_the_office_keeps_private() {
    let tmp = TempDir::new("owners-private");
    let (owners, files) = public_files(&tmp, "timescale, status, force-response, response");
    assert!(owners.contains(&NAME.to_owned()), "{owners:?}");
    // Northshire's, the thematic statement's and the Welsh example's owners too.
    for o in [
        "Head of Contact Management",
        "Head of Oversight",
        "Prif Uwch-arolygydd",
    ] {
        assert!(owners.contains(&o.to_owned()), "{o} in {owners:?}");
    }
    assert!(files.iter().any(|(p, _)| p.ends_with("responses.json")));
    assert!(files.iter().any(|(p, _)| p.ends_with("progress.html")));
    assert!(files.iter().any(|(p, _)| p.ends_with(".docx")));
    let leaks: Vec<String> = files
        .iter()
        .flat_map(|(path, text)| {
            owners
                .iter()
                .filter(|o| text.contains(o.as_str()))
                .map(move |o| format!("{path}: {o}"))
        })
        .collect();
    assert!(leaks.is_empty(), "private owners published: {leaks:#?}");
    // Nor a column for them.
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with("progress.html")) {
        assert!(!text.contains(">Owner</th>"), "{path}");
    }
}

#[test]
fn an_office_that_publishes_owners_has_them_on_every_public_file_that_lists_findings() {
    let tmp = TempDir::new("owners-public");
    let (owners, files) = public_files(&tmp, "timescale, status, owner, force-response, response");
    let text = |end: &str| -> Vec<&str> {
        files
            .iter()
            .filter(|(p, _)| p.ends_with(end))
            .map(|(_, t)| t.as_str())
            .collect()
    };
    let json = text("responses.json").concat();
    let progress = text("progress.html").concat();
    let pdf = text(".pdf").concat();
    let md = text(".md").concat();
    for o in &owners {
        assert!(md.contains(o.as_str()), "{o} in the Markdown");
    }
    // The data and the progress pages are the English edition's.
    for o in [
        NAME,
        "Head of Contact Management",
        "Head of Oversight",
        "Chief Superintendent",
    ] {
        for (name, file) in [("responses.json", &json), ("progress pages", &progress)] {
            assert!(file.contains(o), "{o} in the {name}");
        }
    }
    // The tracker's owner column, in the letter's PDF.
    assert!(pdf.contains(NAME), "{NAME} in the PDF");
    assert!(progress.contains(">Owner</th>"));
}
