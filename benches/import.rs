//! Benchmark: importing a published response, in process.
//!
//! Run with `cargo bench --bench import`. Prints the median and mean time of each step for a
//! 20-page PDF (the texts of 17 published responses, `tests/fixtures/import/bench/`) and for
//! the seed letter's text, with lopdf's own `extract_text` for comparison, and `import recs`
//! on findings pages of the corpus and on the 20-page PDF. Targets: the 20-page PDF under
//! 50 ms, a text or a findings page under 5 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

fn measure(label: &str, runs: usize, mut f: impl FnMut()) {
    for _ in 0..runs / 10 {
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
    measure("seed recommendations: import recs", 300, || {
        let f = s55::import::findings(&recs);
        std::hint::black_box(s55::import::findings_yaml(&f, None));
    });
}
