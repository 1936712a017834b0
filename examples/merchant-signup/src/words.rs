//! The shop's words, in the language the customer's browser prefers (`Accept-Language`):
//! English or French, as [`Lang`] offers. The sentences of a failure are the client's
//! ([`dqe_client::CustomerOutcome::message_in`]); these are the page's own.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use dqe_client::Lang;

/// The sign-up pages' words in one language.
pub(crate) struct Words {
    /// The page's language tag, for `<html lang>`.
    pub(crate) tag: &'static str,
    /// The heading and title, before the shop's name.
    pub(crate) sign_up_at: &'static str,
    pub(crate) mobile_number: &'static str,
    pub(crate) fill: &'static str,
    pub(crate) family_name: &'static str,
    pub(crate) given_name: &'static str,
    pub(crate) birth_date: &'static str,
    pub(crate) email: &'static str,
    pub(crate) address: &'static str,
    pub(crate) phone: &'static str,
    pub(crate) sign_up: &'static str,
    /// Step 1 answered without a consent page.
    pub(crate) no_consent_page: &'static str,
    /// The callback found no flow in the session.
    pub(crate) no_request: &'static str,
    /// Waiting for the operator.
    pub(crate) fetching: &'static str,
    /// The page after signing up, before the name.
    pub(crate) welcome: &'static str,
}

const EN: Words = Words {
    tag: "en",
    sign_up_at: "Sign up at",
    mobile_number: "Your mobile number",
    fill: "Fill from my operator",
    family_name: "Name",
    given_name: "Given name",
    birth_date: "Birth date",
    email: "E-mail",
    address: "Address",
    phone: "Phone number",
    sign_up: "Sign up",
    no_consent_page: "Your operator did not send a consent page. Please fill in the form yourself.",
    no_request: "We could not find your request. Please fill in the form yourself.",
    fetching: "Fetching your details...",
    welcome: "Welcome",
};

const FR: Words = Words {
    tag: "fr",
    sign_up_at: "Inscription chez",
    mobile_number: "Votre numéro de mobile",
    fill: "Remplir avec mon opérateur",
    family_name: "Nom",
    given_name: "Prénom",
    birth_date: "Date de naissance",
    email: "E-mail",
    address: "Adresse",
    phone: "Numéro de téléphone",
    sign_up: "S’inscrire",
    no_consent_page: "Votre opérateur n’a pas envoyé de page de consentement. Veuillez remplir le formulaire vous-même.",
    no_request: "Nous n’avons pas retrouvé votre demande. Veuillez remplir le formulaire vous-même.",
    fetching: "Récupération de vos informations...",
    welcome: "Bienvenue",
};

/// The language the browser prefers, from its `Accept-Language` (English when it names
/// neither).
pub(crate) fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::from_accept_language)
}

/// The pages' words in `lang`.
pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Fr => &FR,
        _ => &EN,
    }
}
