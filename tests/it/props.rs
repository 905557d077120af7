//! Properties of the whole pipeline, for any text: it comes out as text in every format, the
//! page never gains markup the templates did not write, rendering is repeatable, and nothing
//! panics. Also replays the fuzzers' saved corpus (fuzz/corpus), so every input they kept is
//! an ordinary test.

use proptest::prelude::*;

use crate::support::{html_text, markdown_text, normalise, root};

/// A response with `t` as its title, the commissioner's name and the report's title (plain
/// texts), and `md` as the text of its comments (Markdown).
fn response(t: &str, md: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    format!(
        "date: 2026-02-20\ntitle: {t}\nbody: {{kind: pcc, area: Kent}}\ncommissioner: {{name: {t}}}\nchief_officer: {{name: A Chief Constable}}\nforce: Kent Police\nreport: {{title: {t}, kind: peel, published: 2026-01-08}}\ncopies: {{hmicfrs: 2026-02-20, home_secretary: 2026-02-20}}\nsections:\n  - {{kind: comments, text: {md}}}\n  - {{kind: chief-officer-comments, text: \"Comments.\"}}\n",
        t = q(t),
        md = q(md)
    )
}

fn render(yaml: &str) -> Option<(String, String, Vec<u8>)> {
    let (doc, diags) = s55::load::parse(yaml);
    let doc = doc?;
    let settings = s55::settings::Settings::default();
    if s55::validate::validate(&doc, &settings)
        .iter()
        .any(|d| d.is_error())
        || diags.iter().any(|d| d.is_error())
    {
        return None;
    }
    let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
    let formats = s55::render::format::by_names(&["md", "html", "pdf"]);
    let editions = s55::model::Editions::one(doc);
    let out = s55::render::render(
        &renderer,
        &editions,
        &settings,
        "p",
        &formats,
        s55::render::PageLinks::default(),
    )
    .unwrap();
    let text = |i: usize| String::from_utf8(out.files[i].1.clone()).unwrap();
    Some((text(0), text(1), out.files[2].1.clone()))
}

/// Plain text with everything Markdown and HTML give meaning to, Welsh letters included.
fn plain() -> impl Strategy<Value = String> {
    "[A-Za-z0-9ŵŷâêôŴ<>&*_`#\\[\\]()!|~{}%'\"=+.,:;/\\\\-]{1,24}( [A-Za-z0-9ŵ<>&*_#]{1,12}){0,3}"
}

/// Markdown with hostile pieces mixed in.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "![i](https://example.org/i.png)",
        "<a href=\"javascript:x\">a</a>",
        "<svg onload=x>",
        "<style>*{}</style>",
        "<iframe src=x>",
        "{{ 7*7 }}",
        "<!-- s55:list lower-alpha -->",
        "**bold**",
        "*em*",
        "`code`",
        "\n\n- item\n",
        "\n\n1. one\n",
        "# heading\n",
        "> quote\n",
        "| a | b |\n|---|---|\n| c | d |\n",
        "<div onclick=x>",
        "&lt;b&gt;",
        "plain words",
    ]);
    prop::collection::vec(pieces, 1..8).prop_map(|v| v.concat())
}

const TAGS: [&str; 29] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "a",
    "header",
    "p",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "blockquote",
    "br",
    "div",
    "table",
    "span",
];
const MORE_TAGS: [&str; 8] = ["thead", "tbody", "tr", "th", "td", "del", "pre", "link"];
const ATTRIBUTES: [&str; 18] = [
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "class",
    "href",
    "id",
    "tabindex",
    "type",
    "start",
    "role",
    "aria-labelledby",
    "aria-label",
    "hreflang",
    "rel",
    "style-src",
    "datetime",
];

/// Every tag and attribute name in an HTML document, and every address in an `href` or `src`.
fn markup(html: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut tags, mut attrs, mut addresses) = (Vec::new(), Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = &rest[..end];
        if inside.starts_with('!') {
            continue;
        }
        let inside = inside.trim_start_matches('/');
        for key in ["href=\"", "src=\""] {
            for value in inside.split(key).skip(1) {
                addresses.push(value.split('"').next().unwrap_or_default().to_owned());
            }
        }
        let mut words = inside.split_whitespace();
        if let Some(t) = words.next() {
            tags.push(t.trim_end_matches('/').to_lowercase());
        }
        // Attribute names: the words before an `=`, outside quotes.
        let mut in_quote = false;
        let mut name = String::new();
        for c in inside.chars().skip_while(|c| !c.is_whitespace()) {
            match c {
                '"' => in_quote = !in_quote,
                '=' if !in_quote => {
                    attrs.push(name.trim().to_lowercase());
                    name.clear();
                }
                c if !in_quote && c.is_whitespace() => name.clear(),
                c if !in_quote => name.push(c),
                _ => {}
            }
        }
    }
    (tags, attrs, addresses)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_plain_text_comes_out_as_itself_in_every_format(t in plain()) {
        let yaml = response(&t, "Our comments.");
        let (md, html, pdf) = render(&yaml).expect("a valid response");
        let want = normalise(&t);
        prop_assert!(normalise(&markdown_text(&md)).contains(&want), "Markdown lost {want:?}");
        prop_assert!(normalise(&html_text(&html)).contains(&want), "HTML lost {want:?}");
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let pdf_text = crate::pdf::pdf_text(&pdf);
        prop_assert!(squeeze(&pdf_text).contains(&squeeze(&t)), "PDF lost {t:?}");
    }

    #[test]
    fn the_page_never_gains_markup_and_renders_the_same_twice(md in hostile()) {
        let yaml = response("A title", &md);
        let (_, html, _) = render(&yaml).expect("a valid response");
        let (tags, attrs, addresses) = markup(&html);
        for t in &tags {
            prop_assert!(TAGS.contains(&t.as_str()) || MORE_TAGS.contains(&t.as_str()), "unexpected element <{t}> from {md:?}");
        }
        for a in &attrs {
            prop_assert!(ATTRIBUTES.contains(&a.as_str()), "unexpected attribute {a} from {md:?}");
        }
        for href in &addresses {
            let lower = href.to_lowercase();
            prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:"), "address {href} survived");
        }
        let again = render(&yaml).expect("a valid response");
        prop_assert_eq!(html, again.1);
    }

    #[test]
    fn office_settings_are_inherited_and_the_response_s_own_values_win(o in office()) {
        let (settings_yaml, response_yaml) = office_files(&o);
        let settings: s55::settings::Settings = serde_yaml::from_str(&settings_yaml).unwrap();
        let mut loaded = s55::load::load_bytes("r.yaml", response_yaml.as_bytes(), settings.defaults());
        s55::check_loaded(&mut loaded, &settings);
        let (s_force, r_force, s_comm, r_comm, s_area, r_area, _, _) = &o;
        let complete = (s_force.is_some() || r_force.is_some())
            && (s_comm.is_some() || r_comm.is_some())
            && (s_area.is_some() || r_area.is_some());
        prop_assert_eq!(loaded.editions.is_some(), complete, "{:?}", loaded.diagnostics);
        let Some(editions) = loaded.editions else { return Ok(()) };
        let doc = editions.first();
        // The response's own value wins; what it leaves out comes from the settings.
        prop_assert_eq!(Some(&doc.force), r_force.as_ref().or(s_force.as_ref()));
        prop_assert_eq!(Some(&doc.commissioner.name), r_comm.as_ref().or(s_comm.as_ref()));
        prop_assert_eq!(Some(&doc.body.area), r_area.as_ref().or(s_area.as_ref()));
        let renderer = s55::render::Renderer::new(s55::render::Assets::builtin().unwrap()).unwrap();
        let formats = s55::render::format::by_names(&["md", "html", "pdf"]);
        let out = s55::render::render(&renderer, &editions, &settings, "p", &formats, s55::render::PageLinks::default()).unwrap();
        let md = String::from_utf8(out.files[0].1.clone()).unwrap();
        prop_assert!(md.contains(&doc.commissioner.name), "{}", md);
    }

    #[test]
    fn the_fuzz_model_with_office_settings_never_panics(bytes in prop::collection::vec(any::<u8>(), 16..1500), omit in any::<u8>()) {
        let mut u = arbitrary::Unstructured::new(&bytes);
        if let Ok(mut input) = <structured::Input as arbitrary::Arbitrary>::arbitrary(&mut u) {
            let settings = input.settings.get_or_insert(structured::OfficeInput {
                area: Some("Kent".to_owned()),
                commissioner: Some("A Commissioner".to_owned()),
                force: Some("Kent Police".to_owned()),
                greetings: Some(true),
                titled: Some(false),
                omit: 0,
            });
            settings.omit = omit;
            let yaml = structured::settings_yaml(&input);
            s55::harness::run_in(structured::yaml(&input).as_bytes(), yaml.as_deref());
        }
    }

    #[test]
    fn no_input_makes_any_stage_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        s55::harness::run(&bytes);
    }

    #[test]
    fn no_yaml_like_input_makes_any_stage_panic(lines in prop::collection::vec("[a-z_]{1,12}: [^\\n]{0,30}", 0..12)) {
        let mut text = response("T", "C");
        text.push_str(&lines.join("\n"));
        s55::harness::run(text.as_bytes());
    }
}

/// A name as an office writes one.
fn name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{2,9}( [A-Z][a-z]{2,9}){0,2}"
}

/// An office's settings (`office:` in s55.yaml) holding any of its details, and a response
/// that gives any of them itself: (settings' force, response's force, settings'
/// commissioner, response's commissioner, settings' area, response's area, greetings,
/// titled signature).
type Office = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<bool>,
    Option<bool>,
);

fn office() -> impl Strategy<Value = Office> {
    (
        prop::option::of(name()),
        prop::option::of(name()),
        prop::option::of(name()),
        prop::option::of(name()),
        prop::option::of(name()),
        prop::option::of(name()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
    )
}

/// The settings and the response of an [`Office`], as YAML.
fn office_files(o: &Office) -> (String, String) {
    let (s_force, r_force, s_comm, r_comm, s_area, r_area, greetings, titled) = o;
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let mut settings = String::from("office:\n");
    if let Some(a) = s_area {
        settings.push_str(&format!("  body: {{kind: pcc, area: {}}}\n", q(a)));
    }
    if let Some(c) = s_comm {
        settings.push_str(&format!("  commissioner: {{name: {}}}\n", q(c)));
    }
    if let Some(f) = s_force {
        settings.push_str(&format!("  force: {}\n", q(f)));
    }
    if let Some(g) = greetings {
        settings.push_str(&format!("  greetings: {g}\n"));
    }
    if let Some(t) = titled {
        settings.push_str(&format!("  signature: {{titled: {t}}}\n"));
    }
    settings.push_str("  chief_officer: {name: A Chief Constable}\n");
    let mut response = String::from(
        "date: 2026-02-20\nreport: {title: A report, kind: peel, published: 2026-01-08}\nsections:\n  - {kind: comments, text: \"Our comments.\"}\n  - {kind: chief-officer-comments, text: \"Comments.\"}\n",
    );
    if let Some(a) = r_area {
        response.push_str(&format!("body: {{kind: pcc, area: {}}}\n", q(a)));
    }
    if let Some(c) = r_comm {
        response.push_str(&format!("commissioner: {{name: {}}}\n", q(c)));
    }
    if let Some(f) = r_force {
        response.push_str(&format!("force: {}\n", q(f)));
    }
    (settings, response)
}

#[path = "../../fuzz/structured.rs"]
#[allow(dead_code)]
mod structured;

#[test]
fn the_fuzz_corpus_runs_as_a_test() {
    let mut count = 0;
    for (target, structured) in [("pipeline_bytes", false), ("pipeline_structured", true)] {
        let dir = root().join("fuzz/corpus").join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            if structured {
                let mut u = arbitrary::Unstructured::new(&bytes);
                if let Ok(input) = <structured::Input as arbitrary::Arbitrary>::arbitrary(&mut u) {
                    let settings = structured::settings_yaml(&input);
                    s55::harness::run_in(structured::yaml(&input).as_bytes(), settings.as_deref());
                }
            } else {
                s55::harness::run(&bytes);
            }
            count += 1;
        }
    }
    assert!(count > 20, "{count} corpus inputs replayed");
}
