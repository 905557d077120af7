//! What PDF/A-2a (ISO 19005-2) asks of the file beyond what PDF/UA-1 already made it:
//! an output intent with an embedded ICC profile, and the XMP properties that identify the
//! two standards (with the extension schema PDF/A wants for `pdfuaid`, which is not one of
//! its predefined schemas).
//!
//! Everything else PDF/A forbids, the writer never makes: no encryption, no JavaScript or
//! launch actions (links are URI actions), no transparency, no LZW, no external content;
//! every font is embedded with a ToUnicode map, every annotation is printable (`/F 4`), the
//! XMP stream is left uncompressed and the trailer has an `/ID`.

use lopdf::{Dictionary, Object, StringFormat};

use super::super::meta::Meta;
use crate::util::xml_escape;

/// The PDF/A part the file claims.
pub const PART: u8 = 2;

/// The PDF/A conformance level: A, the tagged level, since the file is PDF/UA-1 as well.
pub const CONFORMANCE: &str = "A";

/// sRGB IEC61966-2.1 (ICC v2, from Debian's icc-profiles-free, zlib licence: see
/// `assets/icc/LICENSE-Zlib.txt`). The page colours are DeviceRGB and DeviceGray, which
/// PDF/A allows only with an RGB output intent; sRGB is what every screen assumes.
pub const SRGB_PROFILE: &[u8] = include_bytes!("../../../../assets/icc/sRGB.icc");

/// The same profile deflated (zlib, level 9), as the file embeds it: compressed once, when
/// the profile was added, rather than by every process that writes a PDF (a test checks that
/// it inflates to [`SRGB_PROFILE`]).
pub const SRGB_PROFILE_DEFLATED: &[u8] = include_bytes!("../../../../assets/icc/sRGB.icc.zlib");

/// The output condition the profile describes, as the ICC registry names it.
pub const SRGB_CONDITION: &str = "sRGB IEC61966-2.1";

/// Adds the sRGB profile and returns the catalogue's `/OutputIntents` array.
pub fn output_intents(file: &mut lopdf::Document) -> Object {
    let mut profile = lopdf::Stream::new(
        Dictionary::from_iter([
            ("N", Object::Integer(3)),
            ("Alternate", Object::Name(b"DeviceRGB".to_vec())),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]),
        SRGB_PROFILE_DEFLATED.to_vec(),
    );
    profile.allows_compression = false;
    let profile = file.add_object(profile);
    let condition = || Object::String(SRGB_CONDITION.as_bytes().to_vec(), StringFormat::Literal);
    Object::Array(vec![
        Dictionary::from_iter([
            ("Type", Object::Name(b"OutputIntent".to_vec())),
            ("S", Object::Name(b"GTS_PDFA1".to_vec())),
            ("OutputConditionIdentifier", condition()),
            ("Info", condition()),
            (
                "RegistryName",
                Object::string_literal("http://www.color.org"),
            ),
            ("DestOutputProfile", profile.into()),
        ])
        .into(),
    ])
}

/// The XMP description that names the two standards, then the PDF/A extension schema for
/// `pdfuaid` (PDF/A's predefined schemas do not include it, and a validator rejects an
/// undeclared property).
pub fn xmp_identification() -> String {
    format!(
        r#"<rdf:Description rdf:about=""
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfaid:part>{PART}</pdfaid:part>
<pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas>
<rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property>
<rdf:Seq>
<rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li>
</rdf:Seq>
</pdfaSchema:property>
</rdf:li>
</rdf:Bag>
</pdfaExtension:schemas>
</rdf:Description>
"#
    )
}

/// The XMP's dates, the same as the information's, or nothing.
fn xmp_dates(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| {
        let date = format!("{d}T00:00:00Z");
        format!(
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        )
    })
    .unwrap_or_default()
}

/// The XMP packet: Dublin Core title, author, subject and languages, the dates, and (when
/// the file `conforms`) the PDF/A-2 and PDF/UA-1 identifiers. Each property says what the
/// information dictionary says, in the same words and the same dates (PDF/A asks that they
/// agree).
pub fn xmp_packet(meta: &Meta, languages: &[String], conforms: bool) -> String {
    let dates = xmp_dates(meta.date);
    let languages: String = languages
        .iter()
        .map(|l| format!("<rdf:li>{}</rdf:li>", xml_escape(l)))
        .collect();
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{creator}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
{dates}</rdf:Description>
{identification}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = xml_escape(&meta.title),
        author = xml_escape(&meta.author),
        subject = xml_escape(&meta.subject),
        keywords = xml_escape(&meta.keywords.join(", ")),
        creator = xml_escape(&meta.creator),
        identification = if conforms {
            xmp_identification()
        } else {
            String::new()
        },
        // The byte order mark XMP asks for in `begin`, which says the packet is UTF-8.
        bom = '\u{feff}',
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_an_rgb_display_profile() {
        // ICC header: size, then at 16 the colour space, at 36 the signature.
        let size = u32::from_be_bytes([
            SRGB_PROFILE[0],
            SRGB_PROFILE[1],
            SRGB_PROFILE[2],
            SRGB_PROFILE[3],
        ]);
        assert_eq!(size as usize, SRGB_PROFILE.len());
        assert_eq!(&SRGB_PROFILE[16..20], b"RGB ");
        assert_eq!(&SRGB_PROFILE[12..16], b"mntr");
        assert_eq!(&SRGB_PROFILE[36..40], b"acsp");
        // Version 2: PDF/A-2 accepts up to ICC.1:2004 (version 4.2).
        assert_eq!(SRGB_PROFILE[8], 2);
    }

    #[test]
    fn the_deflated_profile_is_the_profile() {
        use std::io::Read as _;
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(SRGB_PROFILE_DEFLATED)
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, SRGB_PROFILE);
    }

    #[test]
    fn the_identification_declares_its_extension_schema() {
        let x = xmp_identification();
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(x.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    }
}
