#!/usr/bin/env bash
# The README's pictures of the letters: the seed letter's first PDF page, and the Northshire
# letter (salutation, logo, signature) as its web page at 1280 px and as its first and last
# PDF pages. Needs poppler-utils (pdftoppm) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --quiet --release
s55=target/release/s55
cp -r examples/northshire "$tmp/northshire"
cp examples/warwickshire-child-protection-2022.yaml "$tmp/"
"$s55" render "$tmp/northshire/peel-2025.yaml" --out "$tmp/out" --quiet
# (The seed letter, word for word, has the ten warnings the README explains.)
"$s55" render "$tmp/warwickshire-child-protection-2022.yaml" --out "$tmp/out" --quiet 2>/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$tmp/out/warwickshire-child-protection-2022.pdf" docs/letter-pdf-page1
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$tmp/out/peel-2025.pdf" docs/greeting-letter-pdf-page1
pdftoppm -png -r 70 -singlefile -f "$(pdfinfo "$tmp/out/peel-2025.pdf" | awk '/^Pages:/ {print $2}')" \
  "$tmp/out/peel-2025.pdf" docs/greeting-letter-pdf-last
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile" \
  --hide-scrollbars --window-size=1280,1100 --screenshot="$tmp/page.png" \
  "file://$tmp/out/peel-2025.html" >/dev/null 2>&1
cp "$tmp/page.png" docs/greeting-letter-1280.png
echo "wrote docs/letter-pdf-page1.png, docs/greeting-letter-pdf-page1.png, docs/greeting-letter-pdf-last.png and docs/greeting-letter-1280.png"
