//! The consent page's HTML: what the customer's browser shows at the operator, simulated.

use dqe_client::endpoint::ScopeInfo;

/// The consent form's hidden field holding its anti-forgery value.
pub(crate) const FORM_KEY: &str = "form_key";

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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

const STYLE: &str = "
  body { font-family: system-ui, sans-serif; background: #f2f2f2; margin: 0; }
  header { background: #ff7900; color: #000; padding: 18px 28px; font-size: 22px; font-weight: 700; }
  main { max-width: 460px; margin: 32px auto; background: #fff; padding: 28px 32px; border-radius: 8px;
         box-shadow: 0 2px 10px rgba(0,0,0,.12); }
  h1 { font-size: 20px; margin-top: 0; }
  ul { padding-left: 20px; }
  label { display: block; margin: 18px 0 6px; font-weight: 600; }
  input { font-size: 22px; letter-spacing: 6px; width: 100%; box-sizing: border-box; padding: 8px; }
  .buttons { display: flex; gap: 12px; margin-top: 20px; }
  button { flex: 1; font-size: 16px; padding: 10px; border-radius: 4px; border: 1px solid #333; cursor: pointer; }
  button.approve { background: #000; color: #fff; }
  .test { background: #fff7cc; border: 1px dashed #b58b00; padding: 8px; margin-top: 14px; font-size: 14px; }
  .sandbox { color: #666; font-size: 12px; margin-top: 24px; }
";

/// What the consent page shows of a flow.
pub(crate) struct Consent<'a> {
    /// The API's name, from the spec.
    pub(crate) api: &'a str,
    /// The consent's id, in the page's address.
    pub(crate) id: &'a str,
    /// The form's anti-forgery value.
    pub(crate) form_key: &'a str,
    /// The operator the number chose.
    pub(crate) operator: &'a str,
    /// The partner's name.
    pub(crate) partner: &'a str,
    /// The scopes asked for.
    pub(crate) scopes: &'a [&'static ScopeInfo],
    /// The phone number, mostly hidden.
    pub(crate) masked_number: &'a str,
    /// The SMS code, in test mode.
    pub(crate) code: Option<&'a str>,
}

/// The page asking for consent and for the code sent by SMS; it lists, with its description,
/// every scope asked for that needs consent (one answered at once needs none).
pub(crate) fn consent(page: &Consent<'_>) -> String {
    let Consent {
        api,
        id,
        form_key,
        operator,
        partner,
        scopes,
        masked_number,
        code,
    } = *page;
    let items: String = scopes
        .iter()
        .filter(|s| s.needs_consent)
        .map(|s| {
            let what = if s.description.is_empty() {
                s.wire
            } else {
                s.description
            };
            format!("<li>{}</li>", escape(what))
        })
        .collect();
    let test = code
        .map(|c| {
            format!(
                "<p class=\"test\" id=\"test-code\">Test mode: the code sent by SMS is <b>{}</b>.</p>",
                escape(c)
            )
        })
        .unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{op}: share your details</title>\
         <style>{STYLE}</style></head><body><header>{op}</header><main>\
         <h1><span id=\"partner\">{partner}</span> asks {op} for your details</h1>\
         <p>With your consent, {op} will share:</p><ul id=\"data\">{items}</ul>\
         <form method=\"post\" action=\"/consent/{id}\">\
         <input type=\"hidden\" name=\"{FORM_KEY}\" value=\"{form_key}\">\
         <label for=\"code\">Code sent by SMS to {number}</label>\
         <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"6\">\
         {test}\
         <div class=\"buttons\"><button class=\"approve\" id=\"approve\" name=\"action\" value=\"approve\">Approve</button>\
         <button id=\"decline\" name=\"action\" value=\"decline\">Decline</button></div></form>\
         <p class=\"sandbox\">{api} sandbox: this page stands in for the operator's consent screen.</p>\
         </main></body></html>",
        op = escape(operator),
        api = escape(api),
        partner = escape(partner),
        number = escape(masked_number),
        id = escape(id),
        form_key = escape(form_key),
    )
}

/// The page shown when there is no redirect to follow.
pub(crate) fn done(operator: &str, approved: bool) -> String {
    let what = if approved {
        "Thank you: your details will be shared."
    } else {
        "Nothing will be shared."
    };
    notice(operator, what, "You can close this page.")
}

/// A page with a heading and a line of text.
pub(crate) fn notice(operator: &str, heading: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{op}</title><style>{STYLE}</style></head>\
         <body><header>{op}</header><main><h1 id=\"done\">{heading}</h1><p>{text}</p></main></body></html>",
        op = escape(operator),
        heading = escape(heading),
        text = escape(text),
    )
}
