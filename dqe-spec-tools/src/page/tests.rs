use super::*;

#[test]
fn what_is_not_a_page_says_why() {
    assert_eq!(read(b"", "f").unwrap_err(), Unreadable::Empty);
    assert_eq!(read(b"  \n\t\n", "f").unwrap_err(), Unreadable::Empty);
    assert_eq!(read(b"a\0b", "f").unwrap_err(), Unreadable::Binary);
    assert_eq!(read(b"\xff\xfe", "f").unwrap_err(), Unreadable::NotUtf8);
    assert_eq!(read(b"Hello, world", "f").unwrap_err(), Unreadable::NoStep);
    assert_eq!(
        read(b"Step 1 - Nothing\nno tables", "f").unwrap_err(),
        Unreadable::NoTable
    );
    let big = vec![b'a'; MAX_PAGE_SIZE + 1];
    assert_eq!(read(&big, "f").unwrap_err(), Unreadable::TooLarge);
}

#[test]
fn odd_tables_never_panic() {
    for text in [
        "Step 1\nGET request\n| Parameter |\n| a |",
        "Step 1\nSuccess\n| Key |\n| a |\n|",
        "Step 1\nSuccess\nKeys within the x object:\n| Key | D | T |\n| | | |",
        "Step 1\nError\n| Error ID |\n|---|\n| 01",
        "Step 1\nSuccess\nExample:\n{\"a\": \"}",
        "Step 1\nGET request\nhttps://\n| Parameter | D | M |\n| x |\n",
        "| a | b |\nStep 9999999999999999999999",
    ] {
        let _ = read(text.as_bytes(), "f");
    }
}
