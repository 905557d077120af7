//! The document's properties, which the writer puts in the document information and the
//! XMP metadata and the structure tree reads its language from.

/// The document's properties.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The title, shown in the viewer's title bar.
    pub title: String,
    /// The author: the local policing body.
    pub author: String,
    /// The subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The document language (BCP 47).
    pub lang: String,
    /// The date of the response, for the creation and modification dates.
    pub date: Option<jiff::civil::Date>,
    /// The program that made it.
    pub creator: String,
}
