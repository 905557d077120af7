//! The letter's blocks as WordprocessingML: the body of `word/document.xml`, with the lists
//! and links it needs recorded for the package's other parts.
//!
//! Every heading is a heading style in order, every list Word's own numbering (so a reader
//! hears "list of 3 items" and the numbers are not typed text), the chief officer's words a
//! Quote paragraph with its attribution styled apart, a table's first row a header row that
//! repeats on each page, and each run in the other language of a bilingual document carries
//! `w:lang`.

use std::fmt::Write as _;

use crate::render::blocks::{Block, Marker, Plain, Span};
use crate::render::view::ImageView;
use crate::util::xml_escape;

/// The width of the text on an A4 page with 2.54 cm margins, in twentieths of a point.
pub const TEXT_WIDTH: u32 = 11906 - 2 * 1440;

/// One list in the document: Word numbers each list from its own definition, so that every
/// list starts at its own first number.
#[derive(Debug, Clone, Copy)]
pub struct ListDef {
    /// How the items are marked.
    pub marker: Marker,
    /// The first item's number.
    pub start: u64,
    /// How deep the list is nested (0 for a list in the body).
    pub depth: usize,
}

/// The body's XML and what the package needs to go with it.
#[derive(Debug, Default)]
pub struct Body {
    /// The `w:body` content, without the section properties.
    pub xml: String,
    /// Each list, numbered from 1 in `numbering.xml`.
    pub lists: Vec<ListDef>,
    /// Each hyperlink's address, in order: relationship `rIdL1` is the first.
    pub links: Vec<String>,
    /// The pictures the body shows, in order: relationship `rIdI1` is the first.
    pub images: Vec<ImageView>,
    /// The footnotes' `w:footnote` elements, numbered from 1 (Word's own footnotes).
    pub footnotes: String,
    /// The hyperlinks in the footnotes: relationship `rIdL1` of the footnotes' part first.
    pub footnote_links: Vec<String>,
}

/// What a Word file adds around some of the letter's blocks (a form's fields), written by
/// the code that added it: the letter's own blocks need nothing of it.
pub trait Extra: Sized {
    /// Writes it at the writer's place, inside `ctx`.
    fn write(&self, w: &mut Writer<'_, Self>, ctx: Context);
}

impl Extra for Plain {
    fn write(&self, _: &mut Writer<'_, Self>, _: Context) {
        match *self {}
    }
}

/// Writes the blocks of one document; `X` is what the file adds around some of them.
pub struct Writer<'a, X = Plain> {
    /// The body written so far.
    pub(super) body: Body,
    /// The document's language (BCP 47), set in the styles; runs in it need no `w:lang`.
    doc_lang: &'a str,
    /// The language of the part being written, when it is not the document's.
    lang: Option<String>,
    /// Parts of a bilingual document written so far: each after the first starts a page.
    parts: usize,
    /// The next paragraph starts a new page.
    page_break: bool,
    /// The last heading's words: a table's caption, for the screen reader's list of tables.
    heading: String,
    /// The signature's picture, where the letter places it.
    signature: Option<&'a ImageView>,
    /// The next paragraph opens a footnote: it starts with the note's number.
    note_mark: bool,
    added: std::marker::PhantomData<X>,
}

/// How a paragraph sits: its style, its list, its indent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Para<'s> {
    style: Option<&'s str>,
    /// The list (from 1) and level of a list item's first paragraph.
    numbered: Option<usize>,
    /// The left indent of a list item's later paragraphs, in twips.
    indent: Option<u32>,
    /// Words shown in place of what is still to be written, in Word's placeholder style.
    placeholder: bool,
}

impl<'a, X: Extra> Writer<'a, X> {
    /// A writer for a document in `doc_lang`.
    pub fn new(doc_lang: &'a str, signature: Option<&'a ImageView>) -> Self {
        Writer {
            body: Body::default(),
            doc_lang,
            lang: None,
            parts: 0,
            page_break: false,
            heading: String::new(),
            signature,
            note_mark: false,
            added: std::marker::PhantomData,
        }
    }

    /// Writes every block, and each footnote as Word's own footnote, and returns the body.
    pub fn write(mut self, blocks: &[Block<X>], notes: &[Vec<Block<X>>]) -> Body {
        self.blocks(blocks, Context::default());
        // The notes go into their own part, with links of their own.
        let body_xml = std::mem::take(&mut self.body.xml);
        let body_links = std::mem::take(&mut self.body.links);
        for (k, note) in notes.iter().enumerate() {
            let _ = write!(self.body.xml, "<w:footnote w:id=\"{}\">", k + 1);
            self.note_mark = true;
            self.blocks(
                note,
                Context {
                    note: true,
                    ..Context::default()
                },
            );
            if std::mem::take(&mut self.note_mark) {
                // A note with no paragraph still carries its number.
                self.paragraph(
                    &[],
                    Para {
                        style: Some("FootnoteText"),
                        ..Para::default()
                    },
                );
            }
            self.body.xml.push_str("</w:footnote>");
        }
        self.body.footnotes = std::mem::replace(&mut self.body.xml, body_xml);
        self.body.footnote_links = std::mem::replace(&mut self.body.links, body_links);
        self.body
    }

    /// Writes `blocks` inside `ctx`.
    pub(super) fn blocks(&mut self, blocks: &[Block<X>], ctx: Context) {
        let mut after_quote = false;
        for block in blocks {
            let was_quote = std::mem::replace(&mut after_quote, matches!(block, Block::Quote(_)));
            match block {
                Block::Heading { level, spans } => {
                    self.heading = spans.iter().map(|s| s.text.as_str()).collect();
                    let style = format!("Heading{}", (*level).clamp(1, 6));
                    self.paragraph(
                        spans,
                        Para {
                            style: Some(&style),
                            ..Para::default()
                        },
                    );
                }
                Block::Paragraph(spans) => {
                    // The line that follows the chief officer's words and names them.
                    let attribution = was_quote
                        && spans
                            .first()
                            .is_some_and(|s| s.text.trim_start().starts_with('—'));
                    let style = if ctx.note {
                        Some("FootnoteText")
                    } else if let Some(style) = ctx.style {
                        Some(style)
                    } else if attribution {
                        Some("Attribution")
                    } else if ctx.quote {
                        Some("Quote")
                    } else {
                        None
                    };
                    let para = Para {
                        style,
                        indent: ctx.indent,
                        ..Para::default()
                    };
                    self.paragraph(spans, para);
                }
                Block::List {
                    marker,
                    start,
                    items,
                } => self.list(*marker, *start, items, ctx),
                Block::Quote(inner) => self.blocks(inner, Context { quote: true, ..ctx }),
                Block::Table { head, rows } => self.table(head, rows),
                Block::Rule => {
                    self.body.xml.push_str(
                        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" \
                         w:space=\"1\" w:color=\"808080\"/></w:pBdr></w:pPr></w:p>",
                    );
                }
                Block::Part { lang, blocks } => {
                    let outer = self.lang.take();
                    self.lang = (lang != self.doc_lang).then(|| lang.clone());
                    // Each edition of a bilingual document starts on a page of its own.
                    self.page_break = self.parts > 0;
                    self.parts += 1;
                    self.blocks(blocks, ctx);
                    self.lang = outer;
                }
                Block::Extra(added) => added.write(self, ctx),
                // Notes are Word's own footnotes (see `notes`); a list of them in the body
                // is numbered as a list.
                Block::Notes(notes) => self.list(Marker::Decimal, 1, notes, ctx),
                Block::Signature => {
                    if let Some(image) = self.signature {
                        self.body.images.push(image.clone());
                        let n = self.body.images.len();
                        let _ = write!(
                            self.body.xml,
                            "<w:p><w:pPr><w:keepNext/></w:pPr><w:r>{}</w:r></w:p>",
                            drawing(&format!("rIdI{n}"), n, image)
                        );
                    }
                }
            }
        }
    }

    fn list(&mut self, marker: Marker, start: u64, items: &[Vec<Block<X>>], ctx: Context) {
        self.body.lists.push(ListDef {
            marker,
            start,
            depth: ctx.depth,
        });
        let num = self.body.lists.len();
        let inner = Context {
            depth: ctx.depth + 1,
            indent: Some(list_indent(ctx.depth)),
            ..ctx
        };
        for item in items {
            let (first, rest) = match item.split_first() {
                Some((Block::Paragraph(spans), rest)) => (Some(spans), rest),
                _ => (None, item.as_slice()),
            };
            // The item's number goes on its first paragraph; an item that opens with
            // something else gets an empty numbered paragraph, as Word would give it.
            let para = Para {
                style: Some(if ctx.quote { "Quote" } else { "ListParagraph" }),
                numbered: Some(num),
                ..Para::default()
            };
            self.paragraph(first.map_or(&[][..], Vec::as_slice), para);
            self.blocks(rest, inner);
        }
    }

    fn table(&mut self, head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) {
        let columns = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let width = TEXT_WIDTH / u32::try_from(columns).unwrap_or(1).max(1);
        let x = &mut self.body.xml;
        x.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" \
             w:type=\"pct\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" \
             w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>",
        );
        if !self.heading.is_empty() {
            let _ = write!(x, "<w:tblCaption w:val=\"{}\"/>", xml_escape(&self.heading));
        }
        x.push_str("</w:tblPr><w:tblGrid>");
        for _ in 0..columns {
            let _ = write!(x, "<w:gridCol w:w=\"{width}\"/>");
        }
        x.push_str("</w:tblGrid>");
        if !head.is_empty() {
            self.row(head, true, columns, width);
        }
        for row in rows {
            self.row(row, false, columns, width);
        }
        // Word needs a paragraph between a table and whatever follows it.
        self.body.xml.push_str("</w:tbl><w:p/>");
    }

    fn row(&mut self, cells: &[Vec<Span>], header: bool, columns: usize, width: u32) {
        self.body.xml.push_str("<w:tr>");
        if header {
            // Repeated at the top of every page the table runs onto; a screen reader reads
            // its cells as the column headers.
            self.body
                .xml
                .push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        } else {
            self.body.xml.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for i in 0..columns {
            let _ = write!(
                self.body.xml,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>"
            );
            let spans = cells.get(i).map_or(&[][..], Vec::as_slice);
            let style = if header { "TableHeading" } else { "TableText" };
            self.paragraph(
                spans,
                Para {
                    style: Some(style),
                    ..Para::default()
                },
            );
            self.body.xml.push_str("</w:tc>");
        }
        self.body.xml.push_str("</w:tr>");
    }

    /// Writes one paragraph of `spans`.
    pub(super) fn paragraph(&mut self, spans: &[Span], para: Para<'_>) {
        let x = &mut self.body.xml;
        x.push_str("<w:p>");
        let break_before = std::mem::take(&mut self.page_break);
        if para.style.is_some() || para.numbered.is_some() || para.indent.is_some() || break_before
        {
            x.push_str("<w:pPr>");
            if let Some(style) = para.style {
                let _ = write!(x, "<w:pStyle w:val=\"{style}\"/>");
            }
            if break_before {
                x.push_str("<w:pageBreakBefore/>");
            }
            if let Some(num) = para.numbered {
                let _ = write!(
                    x,
                    "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr>"
                );
            }
            if let Some(left) = para.indent {
                let _ = write!(x, "<w:ind w:left=\"{left}\"/>");
            }
            x.push_str("</w:pPr>");
        }
        if std::mem::take(&mut self.note_mark) {
            self.body.xml.push_str(
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>\
                 <w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
            );
        }
        for span in spans {
            self.run(span, para.placeholder);
        }
        self.body.xml.push_str("</w:p>");
    }

    fn run(&mut self, span: &Span, placeholder: bool) {
        if let Some(k) = span.note {
            // Word numbers the reference itself, as the letter does: "[1]" becomes ¹.
            let _ = write!(
                self.body.xml,
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{}\"/></w:r>",
                k + 1
            );
            return;
        }
        let link = span.link.as_deref().map(|href| {
            self.body.links.push(href.to_owned());
            self.body.links.len()
        });
        let lang = span.lang.clone().or_else(|| self.lang.clone());
        let lang = lang.filter(|l| l != self.doc_lang);
        let x = &mut self.body.xml;
        if let Some(n) = link {
            let _ = write!(x, "<w:hyperlink r:id=\"rIdL{n}\" w:history=\"1\">");
        }
        for (i, line) in span.text.split('\n').enumerate() {
            x.push_str("<w:r>");
            if span.bold || span.italic || link.is_some() || lang.is_some() || placeholder {
                x.push_str("<w:rPr>");
                if placeholder {
                    x.push_str("<w:rStyle w:val=\"PlaceholderText\"/>");
                } else if link.is_some() {
                    x.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
                }
                if span.bold {
                    x.push_str("<w:b/><w:bCs/>");
                }
                if span.italic {
                    x.push_str("<w:i/><w:iCs/>");
                }
                if let Some(lang) = &lang {
                    let _ = write!(x, "<w:lang w:val=\"{}\"/>", xml_escape(lang));
                }
                x.push_str("</w:rPr>");
            }
            if i > 0 {
                x.push_str("<w:br/>");
            }
            if !line.is_empty() {
                let _ = write!(
                    x,
                    "<w:t xml:space=\"preserve\">{}</w:t>",
                    xml_escape(&word_text(line))
                );
            }
            x.push_str("</w:r>");
        }
        if link.is_some() {
            x.push_str("</w:hyperlink>");
        }
    }
}

/// What the blocks being written sit inside.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// In the chief officer's quoted words.
    quote: bool,
    /// How deep in lists.
    depth: usize,
    /// The left indent of an item's later paragraphs.
    indent: Option<u32>,
    /// The style of the paragraphs inside what the file added around them (a form's field
    /// is boxed, as a place to write).
    style: Option<&'static str>,
    /// In a footnote.
    note: bool,
}

impl Context {
    /// The same place, with every paragraph inside in `style`.
    pub fn styled(self, style: &'static str) -> Context {
        Context {
            style: Some(style),
            ..self
        }
    }
}

impl Para<'_> {
    /// A paragraph in `style` of words shown in place of what is still to be written.
    pub fn placeholder(style: &str) -> Para<'_> {
        Para {
            style: Some(style),
            placeholder: true,
            ..Para::default()
        }
    }
}

/// The left indent of a list's items at `depth`, in twips: each level half an inch in.
pub fn list_indent(depth: usize) -> u32 {
    720 * (u32::try_from(depth).unwrap_or(8).min(8) + 1)
}

/// Text as Word holds it: characters XML 1.0 cannot carry are left out.
fn word_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

/// A picture in line with the text, with its description for screen readers (`descr`, which
/// Word shows as the alt text), sized as the page shows it.
pub fn drawing(rid: &str, id: usize, image: &ImageView) -> String {
    // English Metric Units: 9,525 to a CSS pixel.
    let (cx, cy) = (
        u64::from(image.width) * 9525,
        u64::from(image.height) * 9525,
    );
    let alt = xml_escape(&image.alt);
    // An SVG is shown from its PNG (relationship `{rid}P`) by whatever cannot show an SVG,
    // and from the SVG itself, the blip's extension, by Word 2016 and later.
    let blip = match image.data.kind {
        crate::model::ImageKind::Svg => format!(
            "<a:blip r:embed=\"{rid}P\"><a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\">\
             <asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" \
             r:embed=\"{rid}\"/></a:ext></a:extLst></a:blip>"
        ),
        crate::model::ImageKind::Png => format!("<a:blip r:embed=\"{rid}\"/>"),
    };
    format!(
        "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{A}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic xmlns:a=\"{A}\"><a:graphicData uri=\"{PIC}\"><pic:pic xmlns:pic=\"{PIC}\">\
         <pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
         </wp:inline></w:drawing>",
        A = "http://schemas.openxmlformats.org/drawingml/2006/main",
        PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture",
    )
}
