//! Sizes in bytes as a spec writes them (`max_body = "16 MiB"`, or a whole number of bytes).

/// The smallest size accepted: 1 KiB (no reply of an API fits in less).
pub const MIN_SIZE: u64 = 1024;
/// The largest size accepted: 1 GiB (what a reply read whole in memory can sensibly hold). The
/// same range as the client's `ClientBuilder::max_body_size`.
pub const MAX_SIZE: u64 = 1024 * 1024 * 1024;

/// The units a size may have, binary as memory is counted.
const UNITS: [(&str, u64); 4] = [
    ("B", 1),
    ("KiB", 1024),
    ("MiB", 1024 * 1024),
    ("GiB", MAX_SIZE),
];

/// Reads a size: a whole number of bytes (`1048576`), or a whole number and a binary unit
/// (`512 KiB`, `16 MiB`, `1 GiB`), from [`MIN_SIZE`] to [`MAX_SIZE`].
///
/// # Errors
/// What is wrong with it: not a number, an unknown unit (`MB`: a decimal unit, refused since
/// its meaning varies), or out of range.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let unit = unit.trim();
    let expected = "a whole number of bytes, or a whole number and a unit among `B`, `KiB`, `MiB`, `GiB` (`16 MiB`)";
    let Ok(number) = number.parse::<u64>() else {
        return Err(format!("`{text}` is not a size: expected {expected}"));
    };
    // No unit: bytes, the first.
    let Some((_, factor)) = UNITS.iter().find(|(u, _)| *u == unit || unit.is_empty()) else {
        return Err(format!("unknown unit `{unit}`: expected {expected}"));
    };
    let size = number
        .checked_mul(*factor)
        .filter(|s| (MIN_SIZE..=MAX_SIZE).contains(s));
    size.ok_or_else(|| format!("`{text}` is out of range: a size is from 1 KiB to 1 GiB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16 MiB"), Ok(16 * 1024 * 1024));
        assert_eq!(parse_size("16MiB"), Ok(16 * 1024 * 1024));
        assert_eq!(parse_size("1048576"), Ok(1024 * 1024));
        assert_eq!(parse_size("2048 B"), Ok(2048));
        assert_eq!(parse_size("1 GiB"), Ok(MAX_SIZE));
        assert_eq!(parse_size("1 KiB"), Ok(MIN_SIZE));
        for bad in [
            "",
            "MiB",
            "16 MB",
            "16 mib",
            "1.5 MiB",
            "-1",
            "16 MiB extra",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
        for out in ["1023", "2 GiB", "18446744073709551615 GiB", "0"] {
            assert!(
                parse_size(out).unwrap_err().contains("out of range"),
                "{out:?}"
            );
        }
    }
}
