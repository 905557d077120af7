#!/usr/bin/env bash
# Benchmarks s55 as offices run it: the in-process bench (targets: Markdown + HTML under 1 ms a
# document, the PDF under 5 ms), then the whole `s55 render` process on the seed example:
# Markdown + HTML (target: under 10 ms) and Markdown + HTML + PDF (target: under 15 ms), and
# its instructions under callgrind where valgrind is installed.
# Then the archive: `s55 build` of 100 and 1,000 synthetic responses (targets: 1,000 under
# 10 s, a no-op rebuild under 0.3 s, peak memory under 200 MB).
# Uses hyperfine when it is installed (apt-get install hyperfine), else a plain timed loop;
# peak memory comes from GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo bench --bench render
cargo build --release --quiet

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seed=examples/warwickshire-child-protection-2022.yaml
for formats in md,html md,html,pdf; do
cmd="target/release/s55 render $seed --format $formats --out $out --quiet"
echo
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 20 --runs 300 -N "$cmd"
else
  python3 - "$cmd" <<'PY'
import shlex, statistics, subprocess, sys, time
cmd = shlex.split(sys.argv[1])
for _ in range(20):
    subprocess.run(cmd, check=True)
times = []
for _ in range(300):
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"s55 render (whole process): median {statistics.median(times):.2f} ms, "
      f"mean {statistics.mean(times):.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms (300 runs)")
PY
fi
done


# Instructions, counted by callgrind (apt-get install valgrind): the same on a loaded machine
# as on an idle one, so they compare across runs where times do not. Targets: the letter in
# all three formats within 25 million, Markdown alone within 6 million.
if command -v valgrind >/dev/null 2>&1; then
  echo
  for formats in md md,html md,html,pdf; do
    n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      target/release/s55 render $seed --format $formats --out "$out" --quiet 2>&1 |
      sed -n 's/.*Collected : //p')
    echo "s55 render --format $formats: $n instructions"
  done
  # The letter in all three formats, phase by phase: each phase's instructions, those of the
  # functions it calls included. What is left is start-up, the settings, the report and exit.
  echo
  prof="$out/callgrind.out"
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$prof" \
    target/release/s55 render $seed --format md,html,pdf --out "$out" --quiet >/dev/null 2>&1
  # Every function listed (--threshold=100): by default the smaller phases of the whole
  # letter fall below the listing's cut and read as nothing.
  callgrind_annotate --inclusive=yes --threshold=100 "$prof" 2>/dev/null | awk '
    BEGIN {
      n = split("s55::load::load_path|load: reading, YAML, positions, the model;" \
        "s55::check::check_loaded|checks: validation, the statute, placing each diagnostic;" \
        "s55::render::assets::Assets::load|templates, stylesheet and locales loaded;" \
        "s55::render::view::build|the view (what templates see);" \
        "s55::render::Renderer::markdown|Markdown (Tera);" \
        "s55::render::Renderer::html|HTML (Tera and pulldown-cmark);" \
        "s55::render::pdf::lay_out|PDF: Markdown to blocks, and the layout;" \
        "s55::render::pdf::render|PDF: writing (the whole PDF less its layout)", phases, ";")
      for (i = 1; i <= n; i++) { split(phases[i], p, "|"); fn[i] = p[1]; label[i] = p[2] }
    }
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    {
      for (i = 1; i <= n; i++) {
        if (index($0, "???:" fn[i] " [") && !(i in got)) { v = $1; gsub(",", "", v); got[i] = v }
      }
    }
    END {
      # The PDF as a whole holds its layout (the writer itself may be inlined into it, and
      # so not listed): the writing is what is left.
      got[n] -= got[n - 1]
      for (i = 1; i <= n; i++) { printf "%12.2fM  %s\n", got[i] / 1e6, label[i]; sum += got[i] }
      printf "%12.2fM  start-up, settings, reporting and exit\n", (total - sum) / 1e6
      printf "%12.2fM  in all\n", total / 1e6
    }'
fi

echo
cargo bench --bench archive

# The archive and the preview on 1,000 real-size letters: copies of the seed example, each
# with its own report title (targets on 2 cores: from scratch within 3 s, a no-op rebuild
# within 0.1 s of processor time; the preview's list within 1 s and 150 MB, a save on the
# page within 50 ms, nothing used while idle). The machine's load is printed beside them.
real=$(mktemp -d)
trap 'rm -rf "$out" "$real"' EXIT
python3 - "$seed" "$real/responses" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
os.makedirs(sys.argv[2])
title = "title: Warwickshire Police- National child protection inspection"
for i in range(1000):
    with open(os.path.join(sys.argv[2], f"r{i:04d}.yaml"), "w") as f:
        f.write(text.replace(title, f"{title} {i:04d}"))
PY
echo
uptime
s55=$PWD/target/release/s55
timed() { if [ -x /usr/bin/time ]; then /usr/bin/time -f "$1: %e s, processor %U s user + %S s system, peak %M KB" "${@:2}"; else "${@:2}"; fi; }
(cd "$real" && timed "1,000 letters from scratch" "$s55" build -q --out site)
(cd "$real" && timed "no-op rebuild" "$s55" build -q --out site)
if command -v valgrind >/dev/null 2>&1; then
  n=$(cd "$real" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$s55" build -q --out site 2>&1 |
    sed -n 's/.*Collected : //p')
  echo "no-op rebuild of 1,000: $n instructions"
fi
python3 scripts/preview-bench.py "$s55" "$real/responses"
