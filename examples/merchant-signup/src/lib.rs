//! An example for merchants' web developers: a sign-up form with a "Fill from my operator"
//! button, as an axum app, the guide's chapter [on a web page](dqe_client::guide::web) in code.
//!
//! `GET /` shows the form. `POST /fill` sends step 1 for the phone number typed (scope
//! `formfilling`, `redirect_uri` back to `/callback`), keeps the [`Flow`] in a server-side
//! session and sends the browser to the operator's consent page. `GET /callback` asks step 2
//! once for this session's flow: the form filled from the operator, a "fetching your
//! details..." page that reloads itself while the data is not there yet, or the form with a
//! sentence for the customer when it failed. `POST /signup` stands for the rest of the shop.
//! Every page speaks the language the browser prefers (`Accept-Language`), English or French
//! ([`dqe_client::Lang`]), the failure sentences included
//! ([`dqe_client::CustomerOutcome::message_in`]).
//!
//! The session is a minimal one written here (a random id in a cookie, a map on the server):
//! copy it, or use your framework's session crate with the same cookie attributes.

#![deny(missing_docs)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dqe_client::InitiateRequest;
use dqe_client::Lang;
use dqe_client::client::{Check, Client, Flow};
use serde::Deserialize;

mod words;
use words::{lang, words};

/// The partner name sent with step 1: the consent page shows it to the customer.
pub const SHOP_NAME: &str = "Boutique Éloïse";

/// How long a session is kept on the server.
const SESSION_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// The session cookie's name.
const SESSION_COOKIE: &str = "shop_session";

/// The app: the sign-up form and the operator's round trip.
///
/// `client` talks to DQE (or the sandbox); `public_url` is where browsers reach this app
/// (e.g. `http://127.0.0.1:3000`), to build the `redirect_uri` sent with step 1.
pub fn app(client: Client, public_url: String) -> Router {
    let state = Arc::new(Shop {
        client,
        public_url: public_url.trim_end_matches('/').to_owned(),
        sessions: Sessions::default(),
    });
    Router::new()
        .route("/", get(home))
        .route("/fill", post(fill))
        .route("/callback", get(callback))
        .route("/signup", post(signup))
        .with_state(state)
}

struct Shop {
    client: Client,
    public_url: String,
    sessions: Sessions,
}

type Shared = State<Arc<Shop>>;

/// Server-side sessions: a random id in the browser's cookie, the flow (serialized, as a
/// session store keeps it) on the server. The flow holds the token: it never goes to the page
/// or into a client-side cookie.
#[derive(Default)]
struct Sessions {
    map: Mutex<HashMap<String, (Instant, String)>>,
}

impl Sessions {
    /// This browser's flow, if its session holds one.
    fn flow(&self, headers: &HeaderMap) -> Option<Flow> {
        let id = session_id(headers)?;
        let map = self.map.lock().unwrap();
        let (created, flow) = map.get(&id)?;
        if created.elapsed() > SESSION_LIFETIME {
            return None;
        }
        serde_json::from_str(flow).ok()
    }

    /// Keeps `flow` in this browser's session, made new (a new id, so a session id set
    /// before is never reused) with the cookie to set.
    fn start(&self, headers: &HeaderMap, flow: &Flow) -> HeaderValue {
        let mut map = self.map.lock().unwrap();
        if let Some(old) = session_id(headers) {
            map.remove(&old);
        }
        map.retain(|_, (created, _)| created.elapsed() <= SESSION_LIFETIME);
        let id = random_id();
        let stored = serde_json::to_string(flow).expect("a flow serializes");
        map.insert(id.clone(), (Instant::now(), stored));
        // SameSite=Lax, not Strict: the customer comes back from the operator's consent page
        // by a cross-site navigation, and a Strict cookie is not sent with it (the session,
        // hence the flow, would be lost). Lax still keeps it off cross-site POSTs. HttpOnly:
        // no script reads it. In production, over HTTPS, add `Secure`.
        let cookie = format!(
            "{SESSION_COOKIE}={id}; Path=/; Max-Age={}; SameSite=Lax; HttpOnly",
            SESSION_LIFETIME.as_secs()
        );
        HeaderValue::from_str(&cookie).expect("a valid cookie")
    }

    /// Forgets this browser's flow (the round trip is over).
    fn end(&self, headers: &HeaderMap) {
        if let Some(id) = session_id(headers) {
            self.map.lock().unwrap().remove(&id);
        }
    }
}

/// The session id in the request's cookies.
fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// 128 random bits from the operating system, in hex.
fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random numbers");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HTML-escapes `text` for an element's content or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the sign-up form holds.
#[derive(Debug, Default, Deserialize)]
struct Fields {
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    birthdate: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
}

/// A whole page, in the language tagged `tag`.
fn page(tag: &str, title: &str, head: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{head}\
         <title>{}</title></head><body>{body}</body></html>",
        escape(title)
    ))
}

/// The sign-up page: the "Fill from my operator" form, then the sign-up form holding
/// `fields`, with `error` (a sentence for the customer) above them, in `lang`.
fn form_page(fields: &Fields, error: Option<&str>, lang: Lang) -> Html<String> {
    let w = words(lang);
    let error = error.map_or(String::new(), |e| {
        format!("<p id=\"error\" role=\"alert\">{}</p>", escape(e))
    });
    let f = |name: &str, label: &str, kind: &str, value: &str| {
        format!(
            "<p><label>{label}<br><input type=\"{kind}\" id=\"{name}\" name=\"{name}\" \
             value=\"{}\"></label></p>",
            escape(value)
        )
    };
    let body = format!(
        "<h1>{sign_up_at} {shop}</h1>{error}\
         <form id=\"operator\" method=\"post\" action=\"/fill\">\
         <p><label>{mobile}<br><input type=\"tel\" id=\"fill-phone\" name=\"phone\" \
         value=\"{phone}\" required></label> \
         <button type=\"submit\" id=\"fill\">{fill}</button></p></form>\
         <form id=\"signup\" method=\"post\" action=\"/signup\">{}{}{}{}\
         <p><label>{address_label}<br><textarea id=\"address\" name=\"address\" rows=\"3\">{address}\
         </textarea></label></p>{}\
         <p><button type=\"submit\" id=\"submit\">{sign_up}</button></p></form>",
        f("family_name", w.family_name, "text", &fields.family_name),
        f("given_name", w.given_name, "text", &fields.given_name),
        f("birthdate", w.birth_date, "date", &fields.birthdate),
        f("email", w.email, "email", &fields.email),
        f("phone", w.phone, "tel", &fields.phone),
        sign_up_at = w.sign_up_at,
        mobile = w.mobile_number,
        fill = w.fill,
        address_label = w.address,
        sign_up = w.sign_up,
        shop = escape(SHOP_NAME),
        phone = escape(&fields.phone),
        address = escape(&fields.address),
    );
    page(w.tag, &format!("{} {SHOP_NAME}", w.sign_up_at), "", &body)
}

async fn home(headers: HeaderMap) -> Html<String> {
    form_page(&Fields::default(), None, lang(&headers))
}

/// The "Fill from my operator" form.
#[derive(Deserialize)]
struct Fill {
    phone: String,
}

async fn fill(State(shop): Shared, headers: HeaderMap, Form(fill): Form<Fill>) -> Response {
    let lang = lang(&headers);
    let phone = fill.phone.trim().to_owned();
    let request = InitiateRequest::new()
        .number(phone.as_str())
        .name(SHOP_NAME)
        .formfilling()
        .redirect_uri(format!("{}/callback", shop.public_url));
    let fields = Fields {
        phone,
        ..Fields::default()
    };
    match shop.client.initiate(&request).await {
        Ok(consent) => match consent.url() {
            Some(url) => {
                let cookie = shop.sessions.start(&headers, consent.flow());
                ([(SET_COOKIE, cookie)], Redirect::to(url)).into_response()
            }
            None => form_page(&fields, Some(words(lang).no_consent_page), lang).into_response(),
        },
        // Every failure has a sentence for the customer. An `Error::Unconfirmed` (step 1 may
        // have sent the SMS, but there is no consent URL) is `Unavailable`: fill the form.
        Err(e) => {
            form_page(&fields, Some(e.customer_outcome().message_in(lang)), lang).into_response()
        }
    }
}

async fn callback(State(shop): Shared, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let lang = lang(&headers);
    let w = words(lang);
    let Some(flow) = shop.sessions.flow(&headers) else {
        return form_page(&Fields::default(), Some(w.no_request), lang).into_response();
    };
    let query = query.unwrap_or_default();
    match shop.client.check_callback(&query, &flow).await {
        Ok(Check::Ready(data)) => {
            shop.sessions.end(&headers);
            let mut fields = Fields::default();
            if let Some(id) = data.formfilling {
                fields.family_name = id.family_name.unwrap_or_default();
                fields.given_name = id.given_name.unwrap_or_default();
                fields.birthdate = id.birthdate.and_then(|d| d.to_iso()).unwrap_or_default();
                fields.email = id.email.unwrap_or_default();
                fields.address = id
                    .address
                    .map(|a| a.postal_lines().join("\n"))
                    .unwrap_or_default();
                fields.phone = id.phone_number.unwrap_or_default();
            }
            form_page(&fields, None, lang).into_response()
        }
        // The operator has not answered DQE yet: this page asks again in a second (a reload
        // of the same URL, the callback's query included).
        Ok(Check::Pending(_)) => page(
            w.tag,
            w.fetching,
            "<meta http-equiv=\"refresh\" content=\"1\">",
            &format!("<h1>{}</h1>", w.fetching),
        )
        .into_response(),
        Err(e) => {
            shop.sessions.end(&headers);
            let sentence = e.customer_outcome().message_in(lang);
            form_page(&Fields::default(), Some(sentence), lang).into_response()
        }
    }
}

async fn signup(headers: HeaderMap, Form(fields): Form<Fields>) -> Html<String> {
    let w = words(lang(&headers));
    let name = format!("{} {}", fields.given_name, fields.family_name);
    page(
        w.tag,
        w.welcome,
        "",
        &format!("<h1>{}, {}!</h1>", w.welcome, escape(name.trim())),
    )
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">O'Neil & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }
}
