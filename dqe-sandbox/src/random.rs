//! Secrets the sandbox hands out (tokens, refresh tokens, consent ids, SMS codes, the consent
//! form's anti-forgery values), drawn from the operating system's CSPRNG, and the comparison
//! that checks them.

/// `bytes` random bytes as lowercase hex; `None` if the OS cannot give randomness.
pub(super) fn hex(bytes: usize) -> Option<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).ok()?;
    Some(
        buf.iter()
            .fold(String::with_capacity(bytes * 2), |mut s, b| {
                use std::fmt::Write as _;
                let _ = write!(s, "{b:02x}");
                s
            }),
    )
}

/// An identifier nobody can guess: 128 random bits in hex.
pub(super) fn id() -> Option<String> {
    hex(16)
}

/// A six-digit SMS code, each of the million codes equally likely.
pub(super) fn sms_code() -> Option<String> {
    const CODES: u32 = 1_000_000;
    // The largest multiple of CODES a u32 holds: drawing below it keeps `% CODES` unbiased.
    const BOUND: u32 = u32::MAX - u32::MAX % CODES;
    loop {
        let v = getrandom::u32().ok()?;
        if v < BOUND {
            return Some(format!("{:06}", v % CODES));
        }
    }
}

/// Whether `a` and `b` are equal, in a time that depends on their length only.
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_codes_have_their_shape() {
        let a = id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, id().unwrap());
        for _ in 0..100 {
            let c = sms_code().unwrap();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn same_compares_whole_values() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        assert!(same(b"", b""));
    }
}
