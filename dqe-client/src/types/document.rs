//! Documents sent as Base64 text (the spec's `base64` type): the bytes, decoded once, never
//! shown in `Debug`, with a guess of their format from their first bytes.

use std::fmt;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::__private::FieldType;
use crate::types::ValueType;

/// How documents are read: the standard alphabet (`+` and `/`), `=` padding optional. The
/// spare bits of a last, partial group must be zero (as every encoder writes them): a text
/// that ends otherwise was cut or shifted (DQE's own example lost its first two characters),
/// and its bytes would be garbage.
const READ: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// How documents are written: the standard alphabet, padded, on one line.
const WRITE: GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A document a reply holds as Base64 text (the spec's `base64` type), decoded once when the
/// reply is read: the bytes, [`Document::len`] of them, and [`Document::kind`], the format
/// its first bytes show.
///
/// Read leniently ([`Document::from_base64`]): white space and line breaks anywhere are
/// ignored (MIME wraps Base64 at 76 columns) and the `=` padding is optional. Text that still
/// is not Base64 is no document: the reply's field is `None`, and the text is kept whole in the
/// record's `oddities` (so the rest of the reply is read, and it re-encodes as it came).
///
/// It is written back as standard Base64, padded, on one line: the same bytes, though not
/// necessarily the same text (line breaks and missing padding are not kept).
///
/// A document is personal data (a bill names and locates its holder): `Debug` never shows its
/// bytes, and shows its kind and length only inside
/// [`reveal_sensitive`](crate::redact::reveal_sensitive).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Document(Vec<u8>);

impl Document {
    /// A document of these bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Reads Base64 text, leniently: the standard alphabet, `=` padding optional, white space and
    /// line breaks ignored.
    ///
    /// `None` for text that is not Base64 (another alphabet, a character out of place, a length no
    /// bytes have, a last character with spare bits set) or that holds no byte.
    pub fn from_base64(text: &str) -> Option<Self> {
        let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
            let packed: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            READ.decode(packed)
        } else {
            READ.decode(text)
        };
        decoded.ok().filter(|b| !b.is_empty()).map(Self)
    }

    /// The document as standard Base64, padded, on one line.
    pub fn to_base64(&self) -> String {
        WRITE.encode(&self.0)
    }

    /// The document's bytes, decoded, to write to a file or hand to a PDF reader.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// How many bytes it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it holds no byte.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The format its first bytes show ([`DocumentKind::sniff`]).
    pub fn kind(&self) -> DocumentKind {
        DocumentKind::sniff(&self.0)
    }
}

impl From<Vec<u8>> for Document {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl AsRef<[u8]> for Document {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if crate::redact::revealed() {
            // The bytes never: they are not readable text, and may be megabytes.
            f.debug_struct("Document")
                .field("kind", &self.kind())
                .field("len", &self.len())
                .finish_non_exhaustive()
        } else {
            write!(f, "Document({})", crate::redact::REDACTED)
        }
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::__private::deserialize_field(d)
    }
}

impl FieldType for Document {
    const EXPECTED: &'static str = "Base64 text";
    const VALUE_TYPE: ValueType = ValueType::Base64;
    fn from_text(text: &str) -> Option<Self> {
        Self::from_base64(text)
    }
}

/// The format of a [`Document`], as its first bytes show it ("magic numbers"): a hint for
/// naming or showing it, not a check of its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentKind {
    /// A PDF file: `%PDF-`.
    Pdf,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A MIME multipart body (a boundary line `--...`, or MIME headers, first), which may wrap
    /// a PDF: DQE's example decodes to the end of a PDF followed by a closing boundary.
    Multipart,
    /// None of these.
    Unknown,
}

/// The longest boundary MIME allows (RFC 2046), after its `--`.
const MAX_BOUNDARY: usize = 70;

impl DocumentKind {
    /// The format `bytes` start with.
    pub fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"%PDF-") {
            Self::Pdf
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Self::Png
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Self::Jpeg
        } else if is_multipart(bytes) {
            Self::Multipart
        } else {
            Self::Unknown
        }
    }

    /// Its name: `PDF`, `PNG`, `JPEG`, `MIME multipart`, `unknown format`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Multipart => "MIME multipart",
            Self::Unknown => "unknown format",
        }
    }

    /// Its media type, when the kind says it: `application/pdf`, `image/png`, `image/jpeg`.
    pub fn media_type(self) -> Option<&'static str> {
        match self {
            Self::Pdf => Some("application/pdf"),
            Self::Png => Some("image/png"),
            Self::Jpeg => Some("image/jpeg"),
            Self::Multipart | Self::Unknown => None,
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether `bytes` start as a MIME multipart body: a boundary line (`--`, 1 to 70 of the
/// characters MIME allows in a boundary, a line break), or MIME headers naming one.
fn is_multipart(bytes: &[u8]) -> bool {
    if let Some(rest) = bytes.strip_prefix(b"--") {
        let boundary = rest
            .iter()
            .take(MAX_BOUNDARY + 1)
            .take_while(|b| is_boundary_char(**b))
            .count();
        let after = &rest[boundary..];
        return (1..=MAX_BOUNDARY).contains(&boundary)
            && (after.starts_with(b"\r\n") || after.starts_with(b"\n"));
    }
    let head = &bytes[..bytes.len().min(64)];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts(b"mime-version:") || starts(b"content-type: multipart/")
}

/// A character MIME allows in a boundary (RFC 2046's `bchars`).
fn is_boundary_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DQE's example value, as its help centre prints it: two characters short at the start.
    const DQE_CLIPPED: &str =
        "N0YXJ0eHJlZgo0OTg2MQolJUVPRgoKLS1ZS0xJNTYpPUlSeFdNUzEoYXJpOWI/UklzLkRXZ1dwUF9FLS0K";

    #[test]
    fn standard_base64_reads_with_or_without_padding_and_line_breaks() {
        for text in ["SGVsbG8=", "SGVsbG8", "SGVs\r\nbG8=\n", " S G V s b G 8 "] {
            let d = Document::from_base64(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(d.as_bytes(), b"Hello", "{text:?}");
        }
        assert_eq!(Document::new(*b"Hello").to_base64(), "SGVsbG8=");
        let all: Vec<u8> = (0..=255).collect();
        let d = Document::new(all.clone());
        assert_eq!(
            Document::from_base64(&d.to_base64()).unwrap().as_bytes(),
            all
        );
    }

    #[test]
    fn text_that_is_not_base64_is_no_document() {
        for text in [
            DQE_CLIPPED,  // spare bits set: cut or shifted
            "SGVsbG8-",   // the URL-safe alphabet
            "SGV=sbG8",   // padding inside
            "S",          // a length no bytes have
            "SGVsbG8===", // too much padding
            "==",
            " \n ",
            "é",
        ] {
            assert_eq!(Document::from_base64(text), None, "{text:?}");
        }
        // With its two missing characters back, DQE's example is the end of a PDF followed by
        // a MIME boundary.
        let whole = Document::from_base64(&format!("Cn{DQE_CLIPPED}")).unwrap();
        assert!(whole.as_bytes().starts_with(b"\nstartxref\n49861\n%%EOF"));
        assert!(whole.as_bytes().ends_with(b"_E--\n"));
    }

    #[test]
    fn kinds_from_the_first_bytes() {
        let kind = |b: &[u8]| Document::new(b.to_vec()).kind();
        assert_eq!(kind(b"%PDF-1.7\n"), DocumentKind::Pdf);
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0"), DocumentKind::Png);
        assert_eq!(kind(b"\xff\xd8\xff\xe0"), DocumentKind::Jpeg);
        assert_eq!(
            kind(b"--YKLI56)=IRxWMS1(ari9b?RIs.DWgWpP_E\r\nContent-Type: application/pdf\r\n"),
            DocumentKind::Multipart
        );
        assert_eq!(
            kind(b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed"),
            DocumentKind::Multipart
        );
        assert_eq!(
            kind(b"Content-Type: Multipart/Mixed; boundary=x"),
            DocumentKind::Multipart
        );
        for other in [
            &b""[..],
            b"--",
            b"--\n",
            b"-- no line break",
            b"%PDF",
            b"hello",
        ] {
            assert_eq!(kind(other), DocumentKind::Unknown, "{other:?}");
        }
        let long = format!("--{}\n", "b".repeat(71));
        assert_eq!(kind(long.as_bytes()), DocumentKind::Unknown);
        assert_eq!(DocumentKind::Pdf.to_string(), "PDF");
        assert_eq!(DocumentKind::Pdf.media_type(), Some("application/pdf"));
    }

    #[test]
    fn debug_never_shows_the_bytes() {
        let d = Document::new(b"%PDF-1.4 SECRET-BYTES".to_vec());
        assert_eq!(format!("{d:?}"), "Document(<redacted>)");
        let shown = crate::redact::reveal_sensitive(|| format!("{d:?}"));
        assert_eq!(shown, "Document { kind: Pdf, len: 21, .. }");
    }
}
