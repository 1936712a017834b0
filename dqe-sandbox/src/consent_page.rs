//! The operator's consent page, simulated: showing it with its anti-forgery value, taking its
//! answer, then sending the browser back to the partner (the HTML is in [`super::consent_html`]).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, X_FRAME_OPTIONS};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::customer::{CustomerAnswer, answered};
use super::reply::no_randomness;
use super::request::Params;
use super::shared::Shared;
use super::store::{ConsentState, Session};
use super::{consent_html, random};
use dqe_client::Lang;
use dqe_client::endpoint::EndpointInfo;

/// How many anti-forgery values a consent keeps (one per browser that opened its page), the
/// oldest forgotten first.
const FORM_KEYS: usize = 8;

/// `GET /consent/{id}`: the page asking for the SMS code, its anti-forgery value set in a
/// cookie; or what became of the consent, once answered or expired.
pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let now = Instant::now();
    let lang = lang(&headers);
    let mut store = shared.store();
    let Some((token, session)) = store.by_consent(&id) else {
        return not_found(lang);
    };
    match session.settle(now) {
        ConsentState::Waiting => {}
        ConsentState::Expired => return expired(session.operator, lang),
        done => {
            let approved = matches!(done, ConsentState::Approved(_));
            // Consent given at once (`auto_approve`): the browser goes straight back to the
            // partner, as DQE sends it after consent; without a `redirect_uri`, the page says so.
            if shared.config.auto_approve
                && let Some(redirect) = session.redirect_uri.clone()
            {
                let query = (shared.callback_query)(token, approved);
                return Redirect::to(&callback_url(&redirect, &query)).into_response();
            }
            return Html(consent_html::done(session.operator, approved, lang)).into_response();
        }
    }
    let name = form_cookie(&id);
    let Some(key) = form_key(session, cookie(&headers, &name)) else {
        return no_randomness();
    };
    let max_age = session
        .consent_until
        .saturating_duration_since(now)
        .as_secs()
        .max(1);
    let secure = if shared.base_url.starts_with("https:") {
        "; Secure"
    } else {
        ""
    };
    let Ok(set_cookie) = HeaderValue::try_from(format!(
        "{name}={key}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    )) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let code = shared.config.show_code.then_some(session.code.as_str());
    let html = consent_html::consent(&consent_html::Consent {
        api: shared.api.name,
        id: &id,
        form_key: &key,
        operator: session.operator,
        partner: &session.partner,
        scopes: &session.scopes,
        masked_number: &masked(&session.number),
        code,
        lang,
    });
    (
        [
            (header::SET_COOKIE, set_cookie),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::VARY, HeaderValue::from_static("Accept-Language")),
        ],
        Html(html),
    )
        .into_response()
}

/// The directive that forbids every site, this one included, to show the page in a frame.
const NO_FRAME_ANCESTORS: &str = "frame-ancestors 'none'";

/// Every response of the consent page (the page, its answer, its error pages, axum's own such
/// as 405) with the headers that forbid framing it, so that no other site can overlay it to
/// trick a customer into consenting (clickjacking): `X-Frame-Options: DENY` for old browsers,
/// and `frame-ancestors 'none'` in the one `Content-Security-Policy` header, any directives the
/// response set already kept (its own `frame-ancestors`, if any, replaced).
pub(super) async fn no_framing(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let mut directives: Vec<&str> = headers
        .get_all(CONTENT_SECURITY_POLICY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|d| {
            let name = d.split_ascii_whitespace().next().unwrap_or_default();
            !name.is_empty() && !name.eq_ignore_ascii_case("frame-ancestors")
        })
        .collect();
    directives.push(NO_FRAME_ANCESTORS);
    let csp = HeaderValue::from_str(&directives.join("; "))
        .unwrap_or(HeaderValue::from_static(NO_FRAME_ANCESTORS));
    headers.insert(CONTENT_SECURITY_POLICY, csp);
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The anti-forgery value for the browser opening a consent's page: the one it holds already
/// (another tab, a reload) if this consent issued it, or a new one, remembered (the oldest
/// forgotten past [`FORM_KEYS`]). `None` when the OS gives no randomness.
fn form_key(session: &mut Session, held: Option<&str>) -> Option<String> {
    let issued = |held: &&str| {
        session
            .form_keys
            .iter()
            .any(|k| random::same(k.as_bytes(), held.as_bytes()))
    };
    if let Some(held) = held.filter(issued) {
        return Some(held.to_owned());
    }
    let key = random::id()?;
    if session.form_keys.len() >= FORM_KEYS {
        session.form_keys.remove(0);
    }
    session.form_keys.push(key.clone());
    Some(key)
}

/// `POST /consent/{id}`: the consent page's answer. Refused (HTTP 403, nothing changed) unless
/// it came from the page; then approved with the right code, failed otherwise, and the browser
/// sent back to `redirect_uri` with the callback's parameters.
pub(super) async fn answer(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return (StatusCode::PAYLOAD_TOO_LARGE, Html("Request too large.")).into_response();
    };
    let form = Params::parse(None, &body);
    let now = Instant::now();
    let lang = lang(&headers);
    let mut store = shared.store();
    let Some((token, session)) = store.by_consent(&id) else {
        return not_found(lang);
    };
    // An expired consent says so first: its page's anti-forgery cookie expired with it, so a
    // late answer from the page itself would otherwise read as a forgery (403). Nothing changes.
    if matches!(session.settle(now), ConsentState::Expired) {
        return expired(session.operator, lang);
    }
    if !from_the_page(session, &form, cookie(&headers, &form_cookie(&id))) {
        tracing::warn!(
            target: "dqe_sandbox",
            "consent form refused: it did not come from the consent page"
        );
        let (heading, text) = consent_html::words(lang).forged;
        let html = consent_html::notice(session.operator, heading, text, lang);
        return (StatusCode::FORBIDDEN, Html(html)).into_response();
    }
    let token = token.to_owned();
    match session.settle(now) {
        ConsentState::Expired => return expired(session.operator, lang),
        ConsentState::Waiting => {
            session.consent = decision(shared.api.retrieve, session, &form, now);
        }
        ConsentState::Approved(_) | ConsentState::Failed(_) => {}
    }
    let approved = matches!(session.consent, ConsentState::Approved(_));
    let operator = session.operator;
    let Some(redirect) = session.redirect_uri.clone() else {
        return Html(consent_html::done(operator, approved, lang)).into_response();
    };
    drop(store);
    let query = (shared.callback_query)(&token, approved);
    Redirect::to(&callback_url(&redirect, &query)).into_response()
}

/// Whether a consent form came from the consent page: its anti-forgery value is the one the
/// browser's cookie holds (`held`), and one the page issued for this consent.
fn from_the_page(session: &Session, form: &Params, held: Option<&str>) -> bool {
    let sent = form.get(consent_html::FORM_KEY).unwrap_or_default();
    let held = held.unwrap_or("");
    // Every issued value is compared, so that the time taken tells nothing.
    let issued = session.form_keys.iter().fold(false, |found, k| {
        found | random::same(k.as_bytes(), sent.as_bytes())
    });
    !sent.is_empty() && random::same(sent.as_bytes(), held.as_bytes()) && issued
}

/// What a waiting consent becomes with this answer: approved with the right code, else the
/// error step 2 (`info`) will answer (a wrong code, or declined).
fn decision(
    info: &'static EndpointInfo,
    session: &Session,
    form: &Params,
    now: Instant,
) -> ConsentState {
    let approve = form.get("action") == Some("approve");
    let code_ok = form
        .get("code")
        .is_some_and(|c| random::same(c.trim().as_bytes(), session.code.as_bytes()));
    let answer = match (approve, code_ok) {
        (true, true) => CustomerAnswer::Approve,
        (true, false) => CustomerAnswer::WrongCode,
        (false, _) => CustomerAnswer::Decline,
    };
    answered(info, answer, now)
}

/// The phone number as the consent page shows it: all but its first two and last two
/// characters hidden.
fn masked(number: &str) -> String {
    let n = number.len();
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i >= 2 && i + 2 < n { '•' } else { c })
        .collect()
}

/// `redirect_uri` with the callback's query added: to its query string (kept, if it has one),
/// before its fragment (kept, if it has one).
fn callback_url(redirect: &str, callback_query: &str) -> String {
    let (base, fragment) = match redirect.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (redirect, None),
    };
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    let mut out = format!("{base}{separator}{callback_query}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The cookie holding a consent form's anti-forgery value in the browser that opened it.
fn form_cookie(consent_id: &str) -> String {
    format!("dqe_sandbox_{consent_id}")
}

/// A cookie's value in a request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// What a consent page or answer gets for an id no live flow has.
fn not_found(lang: Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(consent_html::words(lang).unknown),
    )
        .into_response()
}

/// What a consent page or answer gets once the consent has expired (HTTP 410).
fn expired(operator: &str, lang: Lang) -> Response {
    let (heading, text) = consent_html::words(lang).expired;
    let html = consent_html::notice(operator, heading, text, lang);
    (StatusCode::GONE, Html(html)).into_response()
}

/// The language the browser prefers for the page (its `Accept-Language`), English when it
/// names none the page is written in.
fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::from_accept_language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE, SandboxConfig};
    use dqe_client::client::Client;
    use dqe_client::{Credentials, InitiateRequest};

    /// Sends `request` as is to `addr` over loopback (closing the connection after it) and
    /// reads the whole response.
    async fn raw(addr: std::net::SocketAddr, request: String) -> String {
        tokio::task::spawn_blocking(move || {
            use std::io::{Read, Write};
            let mut tcp = std::net::TcpStream::connect(addr).unwrap();
            tcp.write_all(request.as_bytes()).unwrap();
            let mut response = String::new();
            tcp.read_to_string(&mut response).unwrap();
            response
        })
        .await
        .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_response_of_the_consent_page_may_be_framed() {
        let sandbox = crate::Sandbox::start(SandboxConfig::default(), ([127, 0, 0, 1], 0).into())
            .await
            .unwrap();
        let client = Client::builder()
            .server(sandbox.url())
            .credentials(Credentials::new(DEFAULT_LICENCE, DEFAULT_CLIENT_SECRET))
            .build()
            .unwrap();
        let request = InitiateRequest::new()
            .number("0612345678")
            .name("ACME")
            .formfilling();
        let consent = client.initiate(&request).await.unwrap();
        let url = consent.url().unwrap();
        let path = &url[url.find("/consent/").unwrap()..];
        let form = "content-type: application/x-www-form-urlencoded\r\ncontent-length: 11\r\n";
        for (method, path, headers, body, status) in [
            ("GET", path, "", "", "200"),
            ("POST", path, form, "action=none", "403"),
            ("GET", "/consent/no-such-consent", "", "", "404"),
            (
                "POST",
                "/consent/no-such-consent",
                form,
                "action=none",
                "404",
            ),
            ("DELETE", path, "", "", "405"),
        ] {
            let request = format!(
                "{method} {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n{headers}\r\n{body}",
                sandbox.addr()
            );
            let response = raw(sandbox.addr(), request).await;
            let head = response
                .split("\r\n\r\n")
                .next()
                .unwrap()
                .to_ascii_lowercase();
            let what = format!("{method} {path}:\n{head}");
            assert!(head.starts_with(&format!("http/1.1 {status} ")), "{what}");
            let csp: Vec<_> = head
                .lines()
                .filter(|l| l.starts_with("content-security-policy:"))
                .collect();
            assert_eq!(csp.len(), 1, "one CSP header: {what}");
            assert!(csp[0].contains("frame-ancestors 'none'"), "{what}");
            assert!(head.contains("\r\nx-frame-options: deny"), "{what}");
        }
        sandbox.stop().await;
    }

    #[tokio::test]
    async fn a_policy_the_page_sets_is_kept_in_the_one_header() {
        let mut response = Html("page").into_response();
        let headers = response.headers_mut();
        let policy = "default-src 'self'; frame-ancestors https://evil.example";
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
        headers.append(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("img-src data:"),
        );
        let response = no_framing(response).await;
        let csp: Vec<_> = response
            .headers()
            .get_all(CONTENT_SECURITY_POLICY)
            .iter()
            .collect();
        assert_eq!(
            csp,
            ["default-src 'self'; img-src data:; frame-ancestors 'none'"],
        );
        assert_eq!(response.headers()[X_FRAME_OPTIONS], "DENY");
    }

    #[test]
    fn callback_parameters_go_to_the_query_before_the_fragment() {
        for (redirect, want) in [
            ("https://shop/back", "https://shop/back?q=1"),
            (
                "https://shop/back?order=42",
                "https://shop/back?order=42&q=1",
            ),
            ("https://shop/back?", "https://shop/back?q=1"),
            ("https://shop/back?a=1&", "https://shop/back?a=1&q=1"),
            ("https://shop/back#done", "https://shop/back?q=1#done"),
            (
                "https://shop/back?order=42#x?y",
                "https://shop/back?order=42&q=1#x?y",
            ),
            ("https://shop/back#", "https://shop/back?q=1#"),
        ] {
            assert_eq!(callback_url(redirect, "q=1"), want, "{redirect}");
        }
    }
}
