//! Where `dqe spec drift` and `dqe spec import` get a page: a file, or an `https://` URL of a
//! help-centre article, fetched through the Help Center API.
//!
//! DQE's help centre is a Zendesk Guide site: an article `https://HOST/hc/LOCALE/articles/ID-SLUG`
//! is served as JSON by `https://HOST/api/v2/help_center/LOCALE/articles/ID.json` (its HTML
//! `body` and its `updated_at`), which is what is fetched (an API URL given is fetched as it
//! is). The rules are the client's own (`dqe-client`'s HTTP client):
//!
//! - HTTPS only: an `http://` URL is refused before anything is sent; certificates are checked
//!   by the platform's verifier (on Linux, the system's roots, or those `SSL_CERT_FILE` names);
//!   no crypto provider is installed for the process;
//! - redirects: followed only to the same host and port over HTTPS, three at most; one to
//!   another host, or to plain HTTP, is refused without following it (nor saying where it
//!   went); no `Referer` is sent;
//! - a proxy only as the environment names one (`HTTPS_PROXY` or `ALL_PROXY`, with `NO_PROXY`),
//!   as reqwest reads them;
//! - a body limit (the page reader's, 4 MiB), refused as soon as a declared length or the
//!   bytes read pass it, without reading further; a 10 s connect timeout and 30 s in all;
//! - the answer's text is never printed: the page reader reads it, and what is said of a
//!   failure is its HTTP status, its content type and length at most.
//!
//! Why not `dqe-client` itself: its HTTP client and rules (`client/tls.rs`, the body reading
//! in `transport.rs`) are private to it, and its requests go to the spec's endpoints only, never
//! following a redirect; opening them would widen the API merchants depend on for a need of the
//! command line alone. So the settings are made here the same way, with the same crates.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

/// How many same-host redirects are followed.
const MAX_REDIRECTS: usize = 3;

/// Whether a page argument is a URL rather than a file: `SCHEME://...`.
pub fn is_url(arg: &str) -> bool {
    arg.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The bytes of the page `arg`: a file's, or an article's from the Help Center API when `arg`
/// is a URL; at most a little more than a page may be (the reader then says "too large").
///
/// # Errors
/// Why the page cannot be had, in words (no page text in them).
pub async fn read(arg: &Path) -> Result<Vec<u8>, String> {
    match arg.to_str().filter(|a| is_url(a)) {
        Some(url) => fetch(url).await,
        None => read_file(arg),
    }
}

/// A file's bytes, at most a little more than a page may be.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it ({e})"))?;
    let mut bytes = Vec::new();
    let limit = dqe_spec_tools::page::MAX_PAGE_SIZE as u64 + 1;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it ({e})"))?;
    Ok(bytes)
}

/// The Help Center API's URL of the article `url`
/// (`https://HOST/hc/LOCALE/articles/ID-SLUG` gives
/// `https://HOST/api/v2/help_center/LOCALE/articles/ID.json`; the locale may be left out; an
/// API URL is kept as it is). Its query and fragment are dropped.
///
/// # Errors
/// Not HTTPS, a user name or password in it, no host, or not an article's URL.
pub fn api_url(url: &str) -> Result<Url, String> {
    let mut parsed = Url::parse(url.trim()).map_err(|_| "not a valid URL".to_owned())?;
    match parsed.scheme() {
        "https" => {}
        "http" => {
            return Err("plain http:// is refused: give the article's https:// URL".to_owned());
        }
        _ => return Err("only https:// URLs are fetched".to_owned()),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the URL holds a user name or password".to_owned());
    }
    if parsed.host().is_none() {
        return Err("the URL has no host".to_owned());
    }
    let segments: Vec<&str> = parsed.path_segments().map_or(Vec::new(), Iterator::collect);
    let path = article_path(&segments).ok_or_else(|| {
        "not a help-centre article's URL (`https://HOST/hc/LOCALE/articles/ID-TITLE`)".to_owned()
    })?;
    parsed.set_path(&path);
    parsed.set_query(None);
    parsed.set_fragment(None);
    Ok(parsed)
}

/// The API path of an article's path segments (`hc`, locale, `articles`, `ID-SLUG`).
fn article_path(segments: &[&str]) -> Option<String> {
    let segments: Vec<&str> = segments.iter().copied().filter(|s| !s.is_empty()).collect();
    let (locale, id) = match segments.as_slice() {
        ["hc", locale, "articles", id] | ["api", "v2", "help_center", locale, "articles", id] => {
            (Some(*locale), *id)
        }
        ["hc", "articles", id] | ["api", "v2", "help_center", "articles", id] => (None, *id),
        _ => return None,
    };
    let digits = id.split(['-', '.']).next().unwrap_or_default();
    let rest = &id[digits.len()..];
    let id_ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (rest.is_empty() || rest.starts_with('-') || rest == ".json");
    let locale_ok = locale
        .is_none_or(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !id_ok || !locale_ok {
        return None;
    }
    Some(match locale {
        Some(locale) => format!("/api/v2/help_center/{locale}/articles/{digits}.json"),
        None => format!("/api/v2/help_center/articles/{digits}.json"),
    })
}

/// The article `url`'s JSON from the Help Center API.
async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let api = api_url(url)?;
    let http = http_client()?;
    let mut response = http
        .get(api)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| failure(&e))?;
    let status = response.status();
    if status.is_redirection() {
        return Err(format!(
            "the help centre answered HTTP {} with a redirect to another host or to plain HTTP: not followed",
            status.as_u16()
        ));
    }
    if !status.is_success() {
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map_or_else(|| "no content type".to_owned(), |t| format!("`{t}`"));
        return Err(format!(
            "the help centre answered HTTP {} ({content_type}): not an article",
            status.as_u16()
        ));
    }
    read_limited(&mut response, dqe_spec_tools::page::MAX_PAGE_SIZE).await
}

/// The HTTP client of one fetch: the client's TLS settings, same-host redirects only.
fn http_client() -> Result<reqwest::Client, String> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let same = attempt.url().scheme() == "https"
            && attempt.url().host_str() == first.host_str()
            && attempt.url().port_or_known_default() == first.port_or_known_default();
        if !same {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls_config()?)
        .https_only(true)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("dqe/", env!("CARGO_PKG_VERSION")))
        .redirect(policy)
        .referer(false)
        .build()
        .map_err(|e| format!("cannot make an HTTP client ({})", e.without_url()))
}

/// The TLS settings `dqe-client` makes for itself (`client/tls.rs`): the platform's
/// verifier, TLS 1.2 and 1.3, HTTP/1.1, with the process's default crypto provider if one is
/// installed (never installing one), else *ring*, as that crate explains.
#[allow(deprecated)]
fn tls_config() -> Result<rustls::ClientConfig, String> {
    use rustls::crypto::CryptoProvider;
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let tls = |e: rustls::Error| format!("cannot set up TLS ({e})");
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(tls)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The body, read chunk by chunk up to `limit` bytes: a declared length over the limit is
/// refused before reading, and reading stops as soon as the limit is passed.
async fn read_limited(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, String> {
    let too_large = || format!("the answer is larger than {} MiB: refused", limit >> 20);
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| failure(&e))? {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What went wrong with a request, without its URL: reqwest's message and its causes.
fn failure(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "the help centre did not answer in time"
    } else if e.is_connect() {
        "cannot reach the help centre"
    } else if e.is_redirect() {
        "the help centre redirected too often"
    } else {
        "the request to the help centre failed"
    };
    let mut text = what.to_owned();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_urls_become_help_center_api_urls() {
        for (given, api) in [
            (
                "https://help.example/hc/fr/articles/123-slug",
                "https://help.example/api/v2/help_center/fr/articles/123.json",
            ),
            (
                "https://help.example/hc/en-gb/articles/48305506156177-ID-Mobile-Formfilling?x=1#h_2",
                "https://help.example/api/v2/help_center/en-gb/articles/48305506156177.json",
            ),
            (
                "https://help.example:8443/hc/articles/42",
                "https://help.example:8443/api/v2/help_center/articles/42.json",
            ),
            (
                "https://help.example/api/v2/help_center/fr/articles/123.json",
                "https://help.example/api/v2/help_center/fr/articles/123.json",
            ),
        ] {
            assert_eq!(api_url(given).unwrap().as_str(), api, "{given}");
        }
    }

    #[test]
    fn other_urls_are_refused_saying_why() {
        for (given, why) in [
            (
                "http://help.example/hc/fr/articles/123-slug",
                "plain http://",
            ),
            ("ftp://help.example/hc/fr/articles/1", "only https://"),
            ("https://u:p@help.example/hc/fr/articles/1", "user name"),
            (
                "https://help.example/hc/fr/sections/1-x",
                "not a help-centre article",
            ),
            (
                "https://help.example/hc/fr/articles/slug-1",
                "not a help-centre article",
            ),
            (
                "https://help.example/hc/f%20r/articles/1",
                "not a help-centre article",
            ),
            ("https://", "not a valid URL"),
        ] {
            let e = api_url(given).unwrap_err();
            assert!(e.contains(why), "{given}: {e}");
        }
    }

    #[test]
    fn urls_are_told_from_files() {
        assert!(is_url("https://help.example/hc/fr/articles/1"));
        assert!(is_url("http://x"));
        assert!(!is_url("pages/formfilling.txt"));
        assert!(!is_url("://x"));
        assert!(!is_url("a b://x"));
    }
}
