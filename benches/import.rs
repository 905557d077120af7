//! Benchmark: importing a published response, in process.
//!
//! Run with `cargo bench --bench import`. Prints the median and mean time of each step for a
//! 20-page PDF (the texts of 17 published responses, `tests/fixtures/import/bench/`) and for
//! the seed letter's text, with lopdf's own `extract_text` for comparison, and `import recs`
//! on findings pages of the corpus (a saved web page, a text and a PDF) and on a 20-page PDF of
//! HMICFRS findings (`tests/fixtures/import/bench/hmicfrs-findings-20-pages.pdf`: the
//! published texts of the findings corpus, one to a page). Targets: a 20-page PDF under 50 ms,
//! a text or a findings page under 5 ms.
//!
//! `S55_BENCH_ONLY=WORDS` runs only the cases whose label holds the words, and
//! `S55_BENCH_RUNS=N` runs each N times (no warm-up): under `valgrind --tool=callgrind`, the
//! difference between the counts of 11 runs and of 1 run, divided by 10, is one run's
//! instructions, a figure that does not move with the machine's load.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

fn measure(label: &str, runs: usize, mut f: impl FnMut()) {
    if std::env::var("S55_BENCH_ONLY").is_ok_and(|only| !label.contains(&only)) {
        return;
    }
    let fixed: Option<usize> = std::env::var("S55_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok());
    let runs = fixed.unwrap_or(runs).max(1);
    for _ in 0..if fixed.is_some() { 0 } else { runs / 10 } {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs as u32;
    println!(
        "{label:<48} median {:>8.2} ms   mean {:>8.2} ms   p95 {:>8.2} ms   ({runs} runs)",
        times[runs / 2].as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3,
        times[runs * 95 / 100].as_secs_f64() * 1e3,
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let pdf = std::fs::read(root.join("import/bench/responses-20-pages.pdf")).unwrap();
    let seed = std::fs::read(root.join("warwickshire-child-protection-2022.txt")).unwrap();
    let recs = std::fs::read_to_string(
        root.join("import/recs/warwickshire-child-protection-2022-recs.txt"),
    )
    .unwrap();
    let pdf_text = s55::import::read(&pdf).unwrap();
    let seed_text = s55::import::read(&seed).unwrap();

    measure(
        "20-page PDF: parse the file (lopdf, no text yet)",
        50,
        || {
            std::hint::black_box(lopdf::Document::load_mem(&pdf).unwrap());
        },
    );
    measure("20-page PDF: lopdf's extract_text page by page", 50, || {
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        for p in doc.get_pages().keys() {
            std::hint::black_box(doc.extract_text(&[*p]).unwrap_or_default());
        }
    });
    measure("20-page PDF: read the text", 50, || {
        std::hint::black_box(s55::import::read(&pdf).unwrap());
    });
    measure("20-page PDF: the draft from its text", 50, || {
        std::hint::black_box(s55::import::responses(&pdf_text));
    });
    measure("20-page PDF: read and draft (import response)", 50, || {
        let t = s55::import::read(&pdf).unwrap();
        std::hint::black_box(s55::import::responses(&t));
    });
    measure("seed letter text: read and draft", 300, || {
        let t = s55::import::read(&seed).unwrap();
        std::hint::black_box(s55::import::responses(&t));
    });
    measure("seed letter text: the draft alone", 300, || {
        std::hint::black_box(s55::import::responses(&seed_text));
    });
    // The findings importer on real pages (`tests/corpus/findings/`): a saved web page, and
    // the 20-page PDF read as findings (the worst case: every line goes through it).
    let corpus = root.join("../corpus/findings");
    let page = std::fs::read(corpus.join("warwickshire-child-protection-2022-recs.html")).unwrap();
    let page_pdf = std::fs::read(corpus.join("register-hampshire-8787.pdf")).unwrap();
    measure("findings page (HTML): read and import recs", 300, || {
        let t = s55::import::read(&page).unwrap();
        let f = s55::import::findings(&t);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
    measure("findings page (PDF): read and import recs", 300, || {
        let t = s55::import::read(&page_pdf).unwrap();
        let f = s55::import::findings(&t);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
    measure("20-page PDF: read and import recs", 50, || {
        let t = s55::import::read(&pdf).unwrap();
        let f = s55::import::findings(&t);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
    // HMICFRS's findings as a 20-page PDF, and one findings page as text.
    let hmicfrs = std::fs::read(root.join("import/bench/hmicfrs-findings-20-pages.pdf")).unwrap();
    let page_txt =
        std::fs::read(corpus.join("warwickshire-child-protection-2022-recs.txt")).unwrap();
    let hmicfrs_text = s55::import::read(&hmicfrs).unwrap();
    measure("HMICFRS 20-page PDF: read the text", 50, || {
        std::hint::black_box(s55::import::read(&hmicfrs).unwrap());
    });
    measure("HMICFRS 20-page PDF: import recs from its text", 50, || {
        let f = s55::import::findings(&hmicfrs_text);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
    measure("HMICFRS 20-page PDF: read and import recs", 50, || {
        let t = s55::import::read(&hmicfrs).unwrap();
        let f = s55::import::findings(&t);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
    measure("findings page (text): read and import recs", 300, || {
        let t = s55::import::read(&page_txt).unwrap();
        let f = s55::import::findings(&t);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
    measure("seed recommendations: import recs", 300, || {
        let f = s55::import::findings(&recs);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
}
