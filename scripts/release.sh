#!/usr/bin/env bash
# Builds the s55 program for one system and packs it for a release: the program, the README
# and the licences in an archive, and the archive's SHA-256 checksum beside it, in dist/.
#
#   scripts/release.sh                               # Linux, static (musl) when that target is
#                                                    # installed, else this machine's own
#   scripts/release.sh x86_64-unknown-linux-musl     # or any target rustup has installed
#
# What it needs, for the static Linux program: the target (`rustup target add
# x86_64-unknown-linux-musl`) and musl's C compiler, which builds the TLS library's C parts
# (`apt-get install musl-tools` on Debian and Ubuntu, which gives x86_64-linux-musl-gcc;
# aarch64-linux-musl-gcc on an ARM machine). The program links with Rust's own linker for
# musl; nothing else is needed.
#
# The release workflow (.github/workflows/release.yml) runs this same script on each system.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-}"
if [ -z "$target" ]; then
  host="$(rustc -vV | sed -n 's/^host: //p')"
  musl="${host%-gnu}-musl"
  if rustup target list --installed 2>/dev/null | grep -qx "$musl"; then
    target="$musl"
  else
    target="$host"
  fi
fi

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
name="s55-$version-$target"
exe=""
case "$target" in *windows*) exe=".exe" ;; esac

# Said before a build of several minutes fails on it.
case "$target" in
  *-linux-musl)
    cc="${target%%-*}-linux-musl-gcc"
    cc_var="CC_${target//-/_}"
    if [ -z "${!cc_var:-}" ] && ! command -v "$cc" >/dev/null 2>&1; then
      echo "error: building for $target needs musl's C compiler, $cc, which is not installed" >&2
      echo "  = help: on Debian or Ubuntu: sudo apt-get install musl-tools (or set $cc_var)" >&2
      exit 1
    fi
    ;;
esac

echo "--- building s55 $version for $target"
cargo build --release --locked --target "$target"

stage="dist/$name"
rm -rf "$stage"
mkdir -p "$stage"
cp "target/$target/release/s55$exe" "$stage/"
cp README.md LICENSE-MIT LICENSE-APACHE "$stage/"

cd dist
case "$target" in
  *windows*)
    archive="$name.zip"
    rm -f "$archive"
    if command -v zip >/dev/null 2>&1; then
      zip -qr "$archive" "$name"
    else
      # Windows runners have PowerShell rather than zip.
      pwsh -NoProfile -Command "Compress-Archive -Path '$name' -DestinationPath '$archive'"
    fi
    ;;
  *)
    archive="$name.tar.gz"
    tar -czf "$archive" "$name"
    ;;
esac
rm -rf "$name"

# The checksum file names the archive as sha256sum writes it, so that
# `sha256sum -c s55-….sha256` checks a download.
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "$archive" > "$archive.sha256"
else
  shasum -a 256 "$archive" > "$archive.sha256"
fi
echo "--- dist/$archive"
cat "$archive.sha256"
