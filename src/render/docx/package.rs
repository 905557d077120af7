//! The parts of a .docx package around the body: content types, relationships, styles,
//! numbering, settings, the letterhead and footer, and the document's properties; and the zip
//! that holds them, written the same way for the same input (fixed times, fixed order).

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::{Result, anyhow};

use super::body::{Body, list_indent};
use crate::render::View;
use crate::render::blocks::Marker;
use crate::util::xml_escape;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The XML declaration every part starts with.
pub(super) const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";

/// The font every part is set in: named, not embedded, so Word uses the reader's own copy.
/// Arial is on every machine that runs Word, and is the sans-serif the Government's guidance
/// on accessible documents names.
pub const FONT: &str = "Arial";

/// What the package is made of, besides the body.
pub struct Parts<'a> {
    /// What the templates saw: title, language, office, dates, labels.
    pub view: &'a View,
    /// The body and what it needs.
    pub body: &'a Body,
    /// A form's own properties (`docProps/custom.xml`): with them, the document is a form,
    /// locked but for its fields.
    pub custom: Option<&'a str>,
}

/// The .docx file.
pub fn package(parts: &Parts<'_>) -> Result<Vec<u8>> {
    let files: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types(parts.custom.is_some())),
        ("_rels/.rels", package_rels(parts.custom.is_some())),
        ("docProps/core.xml", core(parts.view)),
        ("docProps/app.xml", app()),
        ("word/document.xml", document(parts)),
        ("word/_rels/document.xml.rels", document_rels(parts.body)),
        ("word/styles.xml", styles(parts.view)),
        ("word/numbering.xml", numbering(parts.body)),
        ("word/settings.xml", settings(parts)),
        ("word/header1.xml", header(parts.view)),
        ("word/footer1.xml", footer(parts.view)),
        ("word/footer2.xml", footer(parts.view)),
        ("word/footnotes.xml", footnotes(parts.body)),
        ("word/_rels/footnotes.xml.rels", footnote_rels(parts.body)),
    ];
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t.into_bytes()))
        .collect();
    if let Some(custom) = parts.custom {
        files.push(("docProps/custom.xml".to_owned(), custom.as_bytes().to_vec()));
    }
    for (i, image) in parts.body.images.iter().enumerate() {
        files.push((
            format!("word/media/image{}.{}", i + 1, image.data.kind.extension()),
            image.data.bytes.to_vec(),
        ));
        if let Some(png) = fallback(image)? {
            files.push((format!("word/media/image{}.png", i + 1), png));
        }
    }
    if let Some(logo) = &parts.view.office.logo {
        files.push((
            format!("word/media/logo.{}", logo.data.kind.extension()),
            logo.data.bytes.to_vec(),
        ));
        let mut rels = format!(
            "{HEAD}<Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rIdLogo\" \
             Type=\"{DOC_REL}/image\" Target=\"media/logo.{}\"/>",
            logo.data.kind.extension()
        );
        if let Some(png) = fallback(logo)? {
            files.push(("word/media/logo.png".to_owned(), png));
            let _ = write!(
                rels,
                "<Relationship Id=\"rIdLogoP\" Type=\"{DOC_REL}/image\" Target=\"media/logo.png\"/>"
            );
        }
        rels.push_str("</Relationships>");
        files.push(("word/_rels/header1.xml.rels".to_owned(), rels.into_bytes()));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let fail = |e: &dyn std::fmt::Display| anyhow!("the Word document could not be written: {e}");
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

fn content_types(custom: bool) -> String {
    let mut x = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>"
    );
    let ooxml = "application/vnd.openxmlformats-officedocument";
    for (part, kind) in [
        ("/word/document.xml", "wordprocessingml.document.main+xml"),
        ("/word/styles.xml", "wordprocessingml.styles+xml"),
        ("/word/numbering.xml", "wordprocessingml.numbering+xml"),
        ("/word/settings.xml", "wordprocessingml.settings+xml"),
        ("/word/header1.xml", "wordprocessingml.header+xml"),
        ("/word/footer1.xml", "wordprocessingml.footer+xml"),
        ("/word/footer2.xml", "wordprocessingml.footer+xml"),
        ("/word/footnotes.xml", "wordprocessingml.footnotes+xml"),
        ("/docProps/app.xml", "extended-properties+xml"),
    ] {
        let _ = write!(
            x,
            "<Override PartName=\"{part}\" ContentType=\"{ooxml}.{kind}\"/>"
        );
    }
    x.push_str(
        "<Override PartName=\"/docProps/core.xml\" \
         ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    );
    if custom {
        let _ = write!(
            x,
            "<Override PartName=\"/docProps/custom.xml\" ContentType=\"{ooxml}.custom-properties+xml\"/>"
        );
    }
    x.push_str("</Types>");
    x
}

fn package_rels(custom: bool) -> String {
    let mut x = format!(
        "{HEAD}<Relationships xmlns=\"{PKG_REL}\">\
         <Relationship Id=\"rId1\" Type=\"{DOC_REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{PKG_REL}/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{DOC_REL}/extended-properties\" Target=\"docProps/app.xml\"/>"
    );
    if custom {
        let _ = write!(
            x,
            "<Relationship Id=\"rId4\" Type=\"{DOC_REL}/custom-properties\" Target=\"docProps/custom.xml\"/>"
        );
    }
    x.push_str("</Relationships>");
    x
}

/// The document's title, language, author and dates: the response's own date (else the
/// report's), never the time it was rendered.
fn core(view: &View) -> String {
    let day = view
        .date_iso
        .clone()
        .unwrap_or_else(|| view.report.published_iso.clone());
    let when = format!("{day}T00:00:00Z");
    format!(
        "{HEAD}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>\
         <dc:creator>{office}</dc:creator><dc:language>{lang}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>\
         </cp:coreProperties>",
        title = xml_escape(&view.title),
        subject = xml_escape(&view.report.title),
        office = xml_escape(&view.office.name),
        lang = xml_escape(&view.lang),
    )
}

fn app() -> String {
    format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>s55</Application><DocSecurity>0</DocSecurity></Properties>"
    )
}

fn document(parts: &Parts<'_>) -> String {
    format!(
        "{HEAD}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\" xmlns:wp=\"{WP}\"><w:body>{}\
         <w:sectPr><w:headerReference w:type=\"first\" r:id=\"rIdH1\"/>\
         <w:footerReference w:type=\"default\" r:id=\"rIdF1\"/>\
         <w:footerReference w:type=\"first\" r:id=\"rIdF2\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" \
         w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>\
         </w:body></w:document>",
        parts.body.xml
    )
}

fn document_rels(body: &Body) -> String {
    let mut x = format!(
        "{HEAD}<Relationships xmlns=\"{PKG_REL}\">\
         <Relationship Id=\"rIdS\" Type=\"{DOC_REL}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdN\" Type=\"{DOC_REL}/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rIdT\" Type=\"{DOC_REL}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdH1\" Type=\"{DOC_REL}/header\" Target=\"header1.xml\"/>\
         <Relationship Id=\"rIdF1\" Type=\"{DOC_REL}/footer\" Target=\"footer1.xml\"/>\
         <Relationship Id=\"rIdF2\" Type=\"{DOC_REL}/footer\" Target=\"footer2.xml\"/>\
         <Relationship Id=\"rIdFn\" Type=\"{DOC_REL}/footnotes\" Target=\"footnotes.xml\"/>"
    );
    for (i, image) in body.images.iter().enumerate() {
        let _ = write!(
            x,
            "<Relationship Id=\"rIdI{}\" Type=\"{DOC_REL}/image\" Target=\"media/image{}.{}\"/>",
            i + 1,
            i + 1,
            image.data.kind.extension()
        );
        if image.data.kind == crate::model::ImageKind::Svg {
            let _ = write!(
                x,
                "<Relationship Id=\"rIdI{}P\" Type=\"{DOC_REL}/image\" Target=\"media/image{}.png\"/>",
                i + 1,
                i + 1,
            );
        }
    }
    for (i, href) in body.links.iter().enumerate() {
        let _ = write!(
            x,
            "<Relationship Id=\"rIdL{}\" Type=\"{DOC_REL}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            i + 1,
            xml_escape(href)
        );
    }
    x.push_str("</Relationships>");
    x
}

/// The styles: Word's own built-in names (so its navigation pane, its accessibility checker
/// and a screen reader know the headings), in the document's language.
fn styles(view: &View) -> String {
    let lang = xml_escape(&view.lang);
    let mut x = format!(
        "{HEAD}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\"/>\
         <w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\"/>\
         </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"288\" \
         w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>\
         <w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>"
    );
    // Heading sizes in half-points, as the PDF sets them.
    for (level, size) in [(1u8, 36u8), (2, 28), (3, 24), (4, 24), (5, 24), (6, 24)] {
        let _ = write!(
            x,
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/>\
             <w:outlineLvl w:val=\"{lvl}\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"{size}\"/>\
             <w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            before = if level <= 2 { 360 } else { 240 },
            lvl = level - 1,
        );
    }
    x.push_str(
        "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/>\
         <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>\
         <w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"808080\"/></w:pBdr>\
         <w:ind w:left=\"567\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Attribution\">\
         <w:name w:val=\"Attribution\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:ind w:left=\"567\"/><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>\
         <w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/>\
         <w:pPr><w:spacing w:after=\"80\"/><w:ind w:left=\"720\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableHeading\">\
         <w:name w:val=\"Table Heading\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:keepNext/><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\">\
         <w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"FormField\">\
         <w:name w:val=\"Form Field\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:pBdr>\
         <w:top w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"1D4F91\"/>\
         <w:left w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"1D4F91\"/>\
         <w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"1D4F91\"/>\
         <w:right w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"1D4F91\"/>\
         </w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEF3FA\"/>\
         <w:ind w:left=\"113\" w:right=\"113\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/>\
         <w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"right\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/>\
         <w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/>\
         <w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:pPr><w:spacing w:after=\"60\" w:line=\"240\" \
         w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/>\
         <w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/>\
         <w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>\
         <w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/>\
         <w:rPr><w:color w:val=\"1D4F91\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"PlaceholderText\"><w:name w:val=\"Placeholder Text\"/>\
         <w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>\
         <w:rPr><w:color w:val=\"595959\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>\
         <w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/><w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         </w:tblBorders><w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:bottom w:w=\"57\" w:type=\"dxa\"/>\
         </w:tblCellMar></w:tblPr></w:style></w:styles>",
    );
    x
}

/// Word's numbering: one definition per list, so each starts at its own first number and
/// is marked as the letter marks it ("1.", "(a)", "(i)", a bullet).
fn numbering(body: &Body) -> String {
    let mut x = format!("{HEAD}<w:numbering xmlns:w=\"{W}\">");
    for (i, list) in body.lists.iter().enumerate() {
        let (format, text) = match list.marker {
            Marker::Bullet => ("bullet", "\u{2022}"),
            Marker::Decimal => ("decimal", "%1."),
            Marker::LowerAlpha => ("lowerLetter", "(%1)"),
            Marker::LowerRoman => ("lowerRoman", "(%1)"),
        };
        let left = list_indent(list.depth);
        let _ = write!(
            x,
            "<w:abstractNum w:abstractNumId=\"{i}\"><w:multiLevelType w:val=\"singleLevel\"/>\
             <w:lvl w:ilvl=\"0\"><w:start w:val=\"{start}\"/><w:numFmt w:val=\"{format}\"/>\
             <w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
             <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"425\"/></w:pPr></w:lvl></w:abstractNum>",
            start = list.start.min(u64::from(u32::MAX)),
        );
    }
    for i in 0..body.lists.len() {
        let _ = write!(
            x,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{i}\"/></w:num>",
            i + 1
        );
    }
    x.push_str("</w:numbering>");
    x
}

/// The document's settings: its language for spelling, and for a form the protection that
/// leaves only the fields open to typing.
fn settings(parts: &Parts<'_>) -> String {
    let lang = xml_escape(&parts.view.lang);
    let protection = if parts.custom.is_some() {
        "<w:documentProtection w:edit=\"forms\" w:enforcement=\"1\"/>"
    } else {
        ""
    };
    format!(
        "{HEAD}<w:settings xmlns:w=\"{W}\">{protection}<w:defaultTabStop w:val=\"720\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"{lang}\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/>\
         </w:settings>"
    )
}

/// The letterhead, at the head of the first page: the office, its address, website and
/// e-mail.
fn header(view: &View) -> String {
    let mut x = format!("{HEAD}<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\" xmlns:wp=\"{WP}\">");
    if let Some(logo) = &view.office.logo {
        let _ = write!(
            x,
            "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r>{}</w:r></w:p>",
            super::body::drawing("rIdLogo", 1000, logo)
        );
    }
    let para = |x: &mut String, text: &str, bold: bool| {
        let b = if bold {
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
        } else {
            ""
        };
        let _ = write!(
            x,
            "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r>{b}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(text)
        );
    };
    para(&mut x, &view.office.name, true);
    for line in &view.office.address {
        para(&mut x, line, false);
    }
    for line in [&view.office.website, &view.office.email]
        .into_iter()
        .flatten()
    {
        para(&mut x, line, false);
    }
    x.push_str("</w:hdr>");
    x
}

/// The footer of every page: the document's title and "Page 2 of 5", the numbers as Word's
/// own fields.
fn footer(view: &View) -> String {
    let words = view
        .t
        .get("page")
        .cloned()
        .unwrap_or_else(|| "{page} / {pages}".to_owned());
    let mut x = format!(
        "{HEAD}<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>\
         <w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/></w:r>",
        super::body::TEXT_WIDTH,
        xml_escape(&view.title)
    );
    let mut rest = words.as_str();
    while !rest.is_empty() {
        let next = [("{pages}", "NUMPAGES"), ("{page}", "PAGE")]
            .into_iter()
            .filter_map(|(k, f)| rest.find(k).map(|at| (at, k, f)))
            .min_by_key(|(at, ..)| *at);
        let Some((at, key, field)) = next else {
            let _ = write!(
                x,
                "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(rest)
            );
            break;
        };
        if at > 0 {
            let _ = write!(
                x,
                "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(&rest[..at])
            );
        }
        let _ = write!(
            x,
            "<w:fldSimple w:instr=\" {field} \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
        );
        rest = &rest[at + key.len()..];
    }
    x.push_str("</w:p></w:ftr>");
    x
}

/// Word's own footnotes: the separators Word expects, then each note.
fn footnotes(body: &Body) -> String {
    format!(
        "{HEAD}<w:footnotes xmlns:w=\"{W}\" xmlns:r=\"{R}\" xmlns:wp=\"{WP}\">\
         <w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" \
         w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" \
         w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>\
         {}</w:footnotes>",
        body.footnotes
    )
}

fn footnote_rels(body: &Body) -> String {
    let mut x = format!("{HEAD}<Relationships xmlns=\"{PKG_REL}\">");
    for (i, href) in body.footnote_links.iter().enumerate() {
        let _ = write!(
            x,
            "<Relationship Id=\"rIdL{}\" Type=\"{DOC_REL}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            i + 1,
            xml_escape(href)
        );
    }
    x.push_str("</Relationships>");
    x
}

/// The PNG an SVG picture is shown from where an SVG cannot be (none for a PNG).
fn fallback(image: &crate::render::view::ImageView) -> Result<Option<Vec<u8>>> {
    match image.data.kind {
        crate::model::ImageKind::Svg => Ok(Some(super::raster::png_of_svg(
            &image.data.bytes,
            image.width,
            image.height,
        )?)),
        crate::model::ImageKind::Png => Ok(None),
    }
}
