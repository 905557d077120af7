//! Benchmark: the seed example to Markdown and HTML, in process.
//!
//! Run with `cargo bench --bench render`. Prints the median and mean time per document for
//! the whole pipeline and its parts. Targets: Markdown + HTML under 1 ms a document, the PDF
//! under 5 ms, the Word document under 2 ms, and a filled Word form read back under 5 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use s55::render::{Assets, Renderer};

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
        "{label:<44} median {:>8.1} µs   mean {:>8.1} µs   p95 {:>8.1} µs   ({runs} runs)",
        times[runs / 2].as_secs_f64() * 1e6,
        mean.as_secs_f64() * 1e6,
        times[runs * 95 / 100].as_secs_f64() * 1e6,
    );
}

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/warwickshire-child-protection-2022.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let renderer = Renderer::new(Assets::builtin().unwrap()).unwrap();
    let formats = s55::render::format::by_names(&["md", "html"]);
    let settings = s55::settings::Settings::default();
    let render = |editions: &s55::model::Editions, formats: &[&'static dyn s55::render::Format]| {
        s55::render::render(
            &renderer,
            editions,
            &settings,
            "seed",
            formats,
            s55::render::PageLinks::default(),
        )
        .unwrap()
    };

    // The whole pipeline on the seed's text: parse, check, render the formats.
    let pipeline = |formats: &[&'static dyn s55::render::Format]| {
        let mut loaded = s55::load::load_str("seed.yaml", text.clone());
        s55::check_loaded(&mut loaded, &settings);
        let out = render(loaded.editions.as_ref().unwrap(), formats);
        std::hint::black_box(out);
    };
    measure("seed: parse + check + Markdown + HTML", 2000, || {
        pipeline(&formats)
    });

    let mut loaded = s55::load::load_str("seed.yaml", text.clone());
    s55::check_loaded(&mut loaded, &settings);
    let editions = loaded.editions.unwrap();
    let doc = editions.first();
    measure(
        "seed: Markdown + HTML from the parsed response",
        2000,
        || {
            std::hint::black_box(render(&editions, &formats));
        },
    );

    let view = s55::render::view::build(doc, renderer.assets().locale(doc.language), &settings);
    let markdown = renderer.markdown(&view).unwrap();
    measure("seed: PDF from the letter's Markdown", 1000, || {
        std::hint::black_box(renderer.pdf(&view, &markdown).unwrap());
    });
    let laid = s55::render::pdf::lay_out(&view, &markdown, renderer.fonts());
    measure("  of which layout", 1000, || {
        std::hint::black_box(s55::render::pdf::lay_out(
            &view,
            &markdown,
            renderer.fonts(),
        ));
    });
    let meta = s55::render::pdf::meta(&view);
    measure("  of which writing (subset, tag, compress)", 1000, || {
        std::hint::black_box(
            s55::render::pdf::write::write(&laid, renderer.fonts(), &meta).unwrap(),
        );
    });
    let all = s55::render::format::defaults();
    measure("seed: parse + check + Markdown + HTML + PDF", 1000, || {
        pipeline(&all)
    });
    let pdf = renderer.pdf(&view, &markdown).unwrap();
    println!("seed PDF size: {} bytes", pdf.bytes.len());

    measure(
        "seed: Word document from the letter's Markdown",
        1000,
        || {
            std::hint::black_box(s55::render::docx::write(&view, &markdown).unwrap());
        },
    );
    let docx = s55::render::docx::write(&view, &markdown).unwrap();
    println!("seed Word document size: {} bytes", docx.len());

    // The Word form of the full example, and reading it back (as `s55 import docx` does:
    // read the document, make the form again to compare, find the changes, edit the YAML).
    let full_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/full.yaml");
    let full_text = std::fs::read_to_string(&full_path).unwrap();
    let mut full = s55::load::load_str("full.yaml", full_text.clone());
    s55::check_loaded(&mut full, &settings);
    let full = full.editions.unwrap();
    let which = s55::render::docx::Which::ChiefOfficer;
    let form = |t: &str| s55::render::docx::form(&renderer, &full, &settings, which, t).unwrap();
    measure("full: Word form for the chief officer", 1000, || {
        std::hint::black_box(form(&full_text));
    });
    let made = form(&full_text);
    println!("full Word form size: {} bytes", made.bytes.len());
    measure("full: Word form read back (import docx)", 1000, || {
        let filled = s55::import::form::read(&made.bytes).unwrap();
        let back =
            s55::import::form::read_back(&filled, &renderer, &full, &settings, &full_text, false)
                .unwrap();
        std::hint::black_box(back);
    });
    measure("  of which reading the .docx", 1000, || {
        std::hint::black_box(s55::import::form::read(&made.bytes).unwrap());
    });

    measure("templates and fonts loaded (once per process)", 200, || {
        std::hint::black_box(Renderer::new(Assets::builtin().unwrap()).unwrap());
    });
}
