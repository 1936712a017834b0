//! The document the sandbox gives for a `base64` field without an example: a small valid PDF
//! (one A4 page with a line of text), written here with its cross-reference table computed, so
//! that a PDF reader opens it and a caller's code that checks a PDF's structure accepts it.

/// The PDF's objects, numbered from 1 in this order: catalog, page tree, page, content
/// stream, font.
fn objects() -> [String; 5] {
    let text = "BT /F1 18 Tf 72 770 Td (dqe-client sandbox: a sample document) Tj ET";
    [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ]
}

/// A small valid PDF, a few hundred bytes: `%PDF-` first, `%%EOF` last, and a cross-reference
/// table giving each object's offset.
pub(super) fn sample() -> Vec<u8> {
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects().iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        offsets.len() + 1
    ));
    for offset in &offsets {
        // Each entry is exactly 20 bytes, its line break included.
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    ));
    pdf.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let pdf = sample();
        let text = std::str::from_utf8(&pdf).unwrap();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!((300..1000).contains(&pdf.len()), "{}", pdf.len());
        let (_, tail) = text.rsplit_once("startxref\n").unwrap();
        let xref: usize = tail.lines().next().unwrap().parse().unwrap();
        assert!(text[xref..].starts_with("xref\n0 6\n"));
        let entries: Vec<&str> = text[xref..].lines().skip(3).take(5).collect();
        for (i, entry) in entries.iter().enumerate() {
            assert_eq!(entry.len() + 1, 20, "{entry:?}");
            let offset: usize = entry[..10].parse().unwrap();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj\n", i + 1)),
                "{entry}"
            );
        }
        let stream = objects()[3].clone();
        let (head, body) = stream.split_once("\nstream\n").unwrap();
        let length: usize = head
            .trim_start_matches("<< /Length ")
            .trim_end_matches(" >>")
            .parse()
            .unwrap();
        assert_eq!(body.trim_end_matches("\nendstream").len(), length);
    }
}
