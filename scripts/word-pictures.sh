#!/usr/bin/env bash
# The README's pictures of the Word form, as LibreOffice shows it: the chief officer's form of
# examples/full.yaml converted to PDF by LibreOffice headless (as tests/it/word.rs does), and
# its first two pages drawn as PNG. Needs libreoffice-writer and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp examples/full.yaml "$tmp/full.yaml"
cargo run --quiet --release -- render "$tmp/full.yaml" --format docx --form chief-officer --out "$tmp" --quiet
soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" \
  "$tmp/full.chief-officer.docx" >/dev/null
pdftoppm -png -r 60 -f 1 -l 2 "$tmp/full.chief-officer.pdf" "$tmp/page"
cp "$tmp/page-1.png" docs/word-form-1.png
cp "$tmp/page-2.png" docs/word-form-2.png
echo "wrote docs/word-form-1.png and docs/word-form-2.png"
