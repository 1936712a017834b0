//! The consent page's HTML: what the customer's browser shows at the operator, simulated.

use dqe_client::Lang;
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

/// The page's words in one language: the customer reads them, and the customers of French
/// merchants mostly read French.
pub(crate) struct Words {
    /// The page's title, after the operator's name.
    title: &'static str,
    /// The heading: `(partner, operator)` in the order the language says them.
    asks: fn(&str, &str) -> String,
    /// Before the list of what will be shared, after the operator's name.
    will_share: fn(&str) -> String,
    /// The code field's label, before the masked number.
    code_sent_to: &'static str,
    /// Test mode's line, before the code.
    test_code: &'static str,
    approve: &'static str,
    decline: &'static str,
    /// The sandbox's own line, after the API's name.
    sandbox: fn(&str) -> String,
    /// After an answer: approved, declined, and what to do next.
    pub(crate) approved: &'static str,
    pub(crate) declined: &'static str,
    pub(crate) close: &'static str,
    /// An answer that did not come from the page: heading and text.
    pub(crate) forged: (&'static str, &'static str),
    /// An expired consent: heading and text.
    pub(crate) expired: (&'static str, &'static str),
    /// A consent that does not exist.
    pub(crate) unknown: &'static str,
}

/// The page's words in `lang`.
pub(crate) fn words(lang: Lang) -> &'static Words {
    const EN: Words = Words {
        title: "share your details",
        asks: |partner, op| format!("{partner} asks {op} for your details"),
        will_share: |op| format!("With your consent, {op} will share:"),
        code_sent_to: "Code sent by SMS to",
        test_code: "Test mode: the code sent by SMS is",
        approve: "Approve",
        decline: "Decline",
        sandbox: |api| {
            format!("{api} sandbox: this page stands in for the operator's consent screen.")
        },
        approved: "Thank you: your details will be shared.",
        declined: "Nothing will be shared.",
        close: "You can close this page.",
        forged: (
            "This answer did not come from the consent page.",
            "Nothing was changed. Open the link you were sent again to answer.",
        ),
        expired: (
            "This consent request has expired.",
            "Nothing will be shared. Start again from the partner's site.",
        ),
        unknown: "No such consent request.",
    };
    const FR: Words = Words {
        title: "partager vos informations",
        asks: |partner, op| format!("{partner} demande vos informations à {op}"),
        will_share: |op| format!("Avec votre accord, {op} partagera :"),
        code_sent_to: "Code envoyé par SMS au",
        test_code: "Mode test : le code envoyé par SMS est",
        approve: "Accepter",
        decline: "Refuser",
        sandbox: |api| {
            format!(
                "Bac à sable {api} : cette page tient lieu de l’écran de consentement de l’opérateur."
            )
        },
        approved: "Merci : vos informations vont être partagées.",
        declined: "Rien ne sera partagé.",
        close: "Vous pouvez fermer cette page.",
        forged: (
            "Cette réponse ne vient pas de la page de consentement.",
            "Rien n’a été modifié. Ouvrez à nouveau le lien reçu pour répondre.",
        ),
        expired: (
            "Cette demande de consentement a expiré.",
            "Rien ne sera partagé. Recommencez depuis le site du partenaire.",
        ),
        unknown: "Demande de consentement inconnue.",
    };
    match lang {
        Lang::Fr => &FR,
        _ => &EN,
    }
}

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
    /// The language the browser prefers.
    pub(crate) lang: Lang,
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
        lang,
    } = *page;
    let w = words(lang);
    let items: String = scopes
        .iter()
        .filter(|s| s.needs_consent)
        .map(|s| {
            let what = match s.customer_text_in(lang) {
                "" => s.wire,
                text => text,
            };
            format!("<li>{}</li>", escape(what))
        })
        .collect();
    let test = code
        .map(|c| {
            format!(
                "<p class=\"test\" id=\"test-code\">{} <b>{}</b>.</p>",
                w.test_code,
                escape(c)
            )
        })
        .unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\"><title>{op}{colon}{title}</title>\
         <style>{STYLE}</style></head><body><header>{op}</header><main>\
         <h1>{asks}</h1>\
         <p>{will_share}</p><ul id=\"data\">{items}</ul>\
         <form method=\"post\" action=\"/consent/{id}\">\
         <input type=\"hidden\" name=\"{FORM_KEY}\" value=\"{form_key}\">\
         <label for=\"code\">{code_sent_to} {number}</label>\
         <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"6\">\
         {test}\
         <div class=\"buttons\"><button class=\"approve\" id=\"approve\" name=\"action\" value=\"approve\">{approve}</button>\
         <button id=\"decline\" name=\"action\" value=\"decline\">{decline}</button></div></form>\
         <p class=\"sandbox\">{sandbox}</p>\
         </main></body></html>",
        tag = lang.tag(),
        colon = colon(lang),
        title = w.title,
        asks = (w.asks)(
            &format!("<span id=\"partner\">{}</span>", escape(partner)),
            &escape(operator)
        ),
        will_share = (w.will_share)(&escape(operator)),
        code_sent_to = w.code_sent_to,
        approve = w.approve,
        decline = w.decline,
        sandbox = (w.sandbox)(&escape(api)),
        op = escape(operator),
        number = escape(masked_number),
        id = escape(id),
        form_key = escape(form_key),
    )
}

/// `: ` as the language writes it after a name (French puts a space before the colon).
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        _ => ": ",
    }
}

/// The page shown when there is no redirect to follow.
pub(crate) fn done(operator: &str, approved: bool, lang: Lang) -> String {
    let w = words(lang);
    let what = if approved { w.approved } else { w.declined };
    notice(operator, what, w.close, lang)
}

/// A page with a heading and a line of text.
pub(crate) fn notice(operator: &str, heading: &str, text: &str, lang: Lang) -> String {
    format!(
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\"><title>{op}</title><style>{STYLE}</style></head>\
         <body><header>{op}</header><main><h1 id=\"done\">{heading}</h1><p>{text}</p></main></body></html>",
        op = escape(operator),
        heading = escape(heading),
        text = escape(text),
        tag = lang.tag(),
    )
}
