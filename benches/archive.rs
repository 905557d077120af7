//! Benchmark: `s55 build` on N synthetic responses, all formats.
//!
//! Run with `cargo bench --bench archive` (or `scripts/bench.sh`). For N = 500 and 5,000 (or
//! the sizes in `S55_BENCH_SIZES`, such as `100,1000`) it times a full build, a no-op rebuild
//! and a rebuild after one change, and reads the peak memory of each run from GNU time
//! (`/usr/bin/time`, Debian package `time`). Targets on a 2-core machine: a full build of
//! 1,000 under 10 s, a no-op rebuild under 0.3 s, peak memory under 200 MB and flat as N
//! grows: the peak of 5,000 within 1.5 times that of 500. With `S55_BENCH_KEEP=1` each
//! folder is left in the temporary folder, `s55-bench-archive-N`, for a profiler.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs the build and returns (seconds, peak resident memory in MB if known).
fn run(dir: &Path, args: &[&str]) -> (f64, Option<f64>) {
    let bin = env!("CARGO_BIN_EXE_s55");
    let time = Path::new("/usr/bin/time");
    let start = Instant::now();
    let out = if time.exists() {
        Command::new(time)
            .args(["-f", "%M"])
            .arg(bin)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap()
    } else {
        Command::new(bin)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = time
        .exists()
        .then(|| {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse::<f64>().ok())
        })
        .flatten()
        .map(|kb| kb / 1024.0);
    (secs, peak)
}

fn main() {
    // S55_BENCH_SIZES=100,1000 picks the sizes; by default 500 and 5,000, whose peaks show
    // whether memory stays flat as the archive grows.
    let sizes: Vec<usize> = std::env::var("S55_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![500, 5000]);
    let mut peaks = Vec::new();
    for n in sizes {
        let dir = std::env::temp_dir().join(format!("s55-bench-archive-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("responses")).unwrap();
        let mut bytes = 0;
        for i in 0..n {
            let text = s55::synth::response(i);
            bytes += text.len();
            std::fs::write(dir.join("responses").join(format!("r{i:04}.yaml")), text).unwrap();
        }
        let mem = |m: Option<f64>| {
            m.map_or("(install GNU time for memory)".to_owned(), |m| {
                format!("peak {m:.0} MB")
            })
        };
        let (full, m1) = run(&dir, &["build", "-q"]);
        let (noop, m2) = run(&dir, &["build", "-q"]);
        let one = dir.join("responses/r0000.yaml");
        let text = std::fs::read_to_string(&one).unwrap();
        // A published letter changes only with a correction recorded.
        std::fs::write(
            &one,
            format!(
                "corrections:\n  - date: 2026-01-05\n    note: A word was missing.\n{}",
                text.replace("has made progress", "has made real progress")
            ),
        )
        .unwrap();
        let (changed, m3) = run(&dir, &["build", "-q"]);
        let files = walk_count(&dir.join("public"));
        println!(
            "N = {n} ({} KB of YAML, {files} files published)",
            bytes / 1000
        );
        println!("  full build        {full:>7.3} s   {}", mem(m1));
        println!("  no-op rebuild     {noop:>7.3} s   {}", mem(m2));
        println!("  one changed       {changed:>7.3} s   {}", mem(m3));
        // S55_BENCH_KEEP=1 leaves the folder (responses and output) for a profiler.
        if std::env::var_os("S55_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        peaks.push((n, m1));
    }
    if let [(small, Some(a)), .., (large, Some(b))] = peaks[..] {
        println!(
            "peak of a full build: {large} responses {:.2}x that of {small} (target: under 1.5x)",
            b / a
        );
    }
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk_count(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
