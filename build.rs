//! Records the commit s55 is built from, for `s55 --version`, and prepares the built-in
//! locales as JSON, which s55 reads many times faster at start-up than their YAML.
//!
//! The commit never fails the build: outside a git clone (a source archive, a vendored copy)
//! or without git, it is "unknown".

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// Writes `templates/locales/NAME.yaml` as `$OUT_DIR/locale-NAME.json`: the same values, in a
/// form whose reader does far less work. A locale that is not valid YAML stops the build.
fn locale_as_json(name: &str) {
    let source = format!("templates/locales/{name}.yaml");
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let value: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{source}: {e}"));
    let out = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    let path = Path::new(&out).join(format!("locale-{name}.json"));
    std::fs::write(&path, json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    locale_as_json("en");
    locale_as_json("cy");
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=S55_COMMIT={commit}");
    // Build again when the commit moves: HEAD itself, the branch it points at, and the packed
    // refs (where a branch lives after `git gc`). Only paths that exist, or cargo would run
    // this on every build.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
    }
    for path in watched.into_iter().flatten() {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
