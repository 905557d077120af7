//! The README's commands, run: every command of its ```sh blocks, and every `s55 import`
//! line of its examples, in a folder holding the repository's responses, examples and test
//! fixtures, so that the guide cannot name a file that is not there or a command that fails.

use std::path::Path;
use std::process::Command;

use crate::support::{TempDir, root};

/// Commands of the README that are not run here, each with the reason: they build or test
/// s55 itself with the Rust toolchain (which this test is already part of), or publish to
/// an office's own site.
const NOT_RUN: [(&str, &str); 4] = [
    (
        "cargo install --locked --path .",
        "builds and installs s55 with the toolchain",
    ),
    (
        "cargo run --release -- build",
        "a release build of s55: CI's run command (.ci/run) runs it",
    ),
    ("cargo test", "the test suite this test belongs to"),
    (
        "s55 publish wordpress responses --url https://www.example-pcc.org.uk",
        "publishes to the office's own site: tests/it/wordpress.rs publishes to a real WordPress",
    ),
];

/// The commands of every ```sh block (indented ones too), in order, with their line.
fn sh_commands(readme: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for (n, line) in readme.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if in_sh && !t.is_empty() && !t.starts_with('#') {
            out.push((n + 1, t.to_owned()));
        }
    }
    out
}

/// The `$ s55 import …` commands of the README's examples.
fn import_examples(readme: &str) -> Vec<(usize, String)> {
    readme
        .lines()
        .enumerate()
        .filter_map(|(n, l)| {
            let c = l.strip_prefix("$ ")?;
            (c.starts_with("s55 import response ") || c.starts_with("s55 import recs tests/"))
                .then(|| (n + 1, c.to_owned()))
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Runs one line in `sh` in `dir`, with s55 on the `PATH` and `HOME` inside the folder.
fn run(dir: &Path, line: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_s55")).parent().unwrap();
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HOME", dir.join("home"))
        .output()
        .unwrap()
}

#[test]
fn every_command_of_the_readme_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let tmp = TempDir::new("readme");
    let dir = tmp.path();
    for sub in ["responses", "examples", "tests/fixtures"] {
        copy_dir(&root().join(sub), &dir.join(sub));
    }
    std::fs::create_dir_all(dir.join("home")).unwrap();
    // The Word round trip's form comes back from the force: here, the form s55 makes for
    // the example, returned as it was sent.
    std::fs::copy(
        dir.join("examples/full.yaml"),
        dir.join("responses/westshire-peel.yaml"),
    )
    .unwrap();
    let form = run(
        dir,
        "s55 render responses/westshire-peel.yaml --format docx --form chief-officer --out forms && cp forms/westshire-peel.chief-officer.docx returned.docx",
    );
    assert!(form.status.success(), "{form:?}");

    let commands = sh_commands(&readme);
    let mut ran = 0;
    for (line, command) in commands.iter().chain(&import_examples(&readme)) {
        if let Some((_, why)) = NOT_RUN.iter().find(|(c, _)| command == c) {
            eprintln!("README.md:{line}: not run ({why}): {command}");
            continue;
        }
        let out = run(dir, command);
        assert!(
            out.status.success(),
            "README.md:{line}: `{command}` exited {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    // Every command not run is one the list names, and the list names only commands the
    // README has.
    for (c, _) in NOT_RUN {
        assert!(
            commands.iter().any(|(_, x)| x == c),
            "{c} is no longer in the README"
        );
    }
    assert!(ran >= 12, "{ran} commands run");
    // What they made is there: the office's folder checked, completions and pages
    // installed, the drafts imported.
    assert!(dir.join("pcc-responses/responses/s55.yaml").is_file());
    let completion =
        std::fs::read_to_string(dir.join("home/.local/share/bash-completion/completions/s55"))
            .unwrap();
    assert!(completion.contains("_s55()"), "{completion}");
    assert!(dir.join("home/.local/share/man/man1/s55-check.1").is_file());
    assert!(dir.join("responses/essex-2017-several-1.yaml").is_file());
}

#[test]
fn the_readme_and_cargo_toml_give_the_same_rust_version() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap();
    assert!(
        readme.contains(&format!("with Rust {version} or later")),
        "the README names another Rust than Cargo.toml's {version}"
    );
}

#[test]
fn the_install_section_leads_with_the_download_that_the_release_workflow_builds() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let install = readme
        .split("\n## Install\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("an Install section");
    // The download first, the toolchain second.
    assert!(
        install
            .trim_start()
            .starts_with("Download s55 for your system"),
        "{install}"
    );
    let toolchain = install
        .find("### With a Rust toolchain")
        .expect("the toolchain route");
    assert!(install.find("| system | file |").unwrap() < toolchain);
    assert!(install.contains("### On Windows"));
    // Every file the README offers is one the release workflow builds and packs.
    let workflow = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    let files: Vec<&str> = install
        .lines()
        .filter_map(|l| l.split("`s55-VERSION-").nth(1))
        .filter_map(|s| s.split('`').next())
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
    for file in files {
        let (target, ext) = file.split_once('.').unwrap();
        assert!(
            workflow.contains(&format!("target: {target} }}")),
            "{target} is not built by the release workflow"
        );
        let windows = target.contains("windows");
        assert_eq!(ext, if windows { "zip" } else { "tar.gz" }, "{file}");
    }
    assert!(workflow.contains("run: scripts/release.sh ${{ matrix.target }}"));
    assert!(workflow.contains("cat *.sha256 > SHA256SUMS"));
}
