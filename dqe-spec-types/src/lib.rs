//! The types and pure rules that `dqe-codegen` (the generator, at compile time) and
//! `dqe-client` (the runtime) depend on to share each definition once; nobody else needs to name
//! it.
//!
//! It is read by people working on the project: see the guide's chapter [working on the
//! project][contributing]. Through `dqe-client`, the sandbox and the command line use it too.
//!
//! [contributing]: https://docs.rs/dqe-client/latest/dqe_client/guide/contributing/index.html
//!
//! The generator reads them from the spec and writes them into the generated code as Rust
//! values; the runtime reads those values (`EndpointInfo`, the generated error matches). When
//! both sides had their own copy, a copy could drift (a new situation known to one side only,
//! error ids normalised two ways); here there is one definition and one function per rule.
//!
//! What is here, and why:
//!
//! - [`Method`], [`ParamRole`], [`Piece`], [`Situation`]: the values of the spec that reach the
//!   runtime as they are. The runtime holds `&'static str` (the generated code's literals), the
//!   generator owned `String`s read from the spec, so the types carrying text are generic over
//!   the string type, `&'static str` by default: `dqe_client::endpoint::Situation` is
//!   `Situation<&'static str>`, the generator's model uses `Situation<String>`. The generator
//!   writes a value as Rust through [`Situation::parts`], [`Piece::parts`],
//!   [`ParamRole::variant_name`] and [`Method::variant_name`], so that a new variant is
//!   written correctly without a second list of variants in the generator.
//! - [`ParamSource`]: where a request parameter's value comes from, generic over the string
//!   as [`Situation`] is (the generator's model holds it with the positions of its names); the
//!   generator writes it as Rust through [`ParamSource::parts`].
//! - [`CustomerOutcome`]: what a failure means to the customer, the one list of outcomes: the
//!   generator parses the spec's `outcome` of an error into it (its diagnostics name
//!   [`CustomerOutcome::ALL`]), the runtime's `CustomerOutcome` wraps it and says each to the
//!   customer.
//! - [`canonical_id`]: how an error id compares (`"01"` is `"1"`): the generator applies it to
//!   the documented ids it matches on, the runtime to the id received.
//! - [`list_items`]: how a comma-joined list (scopes, values of a list parameter) is split.
//! - [`template`]: how an error text is matched against its `{name}` template ([`Piece`]s):
//!   the generator checks the spec's examples with it, the runtime captures the varying parts
//!   of a received text with it. Parsing a template stays in the generator, whose diagnostics
//!   its messages are.
//! - [`scope_errors`]: how a scope documents an endpoint's errors (in the endpoint's words, in
//!   its own, or not at all): drift, import and the checks read it over the generator's model,
//!   the sandbox over the runtime's tables.
//!
//! - [`departure`]: where a reply departs from the spec (a key it does not know, a value of
//!   another JSON type, an unknown status or error id): the one walk, run by the client on the
//!   replies it receives and by `dqe spec drift --replies` on replies kept in a file.
//!
//! The crate has no dependency, so that adding it to the proc-macro's build and to the
//! runtime's costs nothing; generating tokens from these types is the generator's business.
//! Its one optional dependency, `serde_json` (feature `serde_json`), lets the departure walk
//! read a `serde_json::Value`: the client and the spec tools turn it on, the generator does not.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::fmt;

pub mod departure;
pub mod lenient;
mod outcome;
pub mod scope_errors;
pub mod template;

pub use outcome::CustomerOutcome;

/// An HTTP method an endpoint accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// Parameters in the query string.
    ///
    /// They may then end up in proxy and server logs.
    Get,
    /// Parameters in an `application/x-www-form-urlencoded` body.
    Post,
}

impl Method {
    /// The method's name as HTTP writes it, `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }

    /// The variant's Rust name (`Get`), for a generator writing the value as Rust.
    pub fn variant_name(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a request parameter means to tools that work from the spec (`role` in the spec).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamRole {
    /// `phone`: the customer's phone number.
    Phone,
    /// `partner`: the partner's (your) name, shown to the customer.
    Partner,
    /// `redirect`: where the customer's browser is sent back.
    Redirect,
}

impl ParamRole {
    /// Every role, by its spec value.
    pub const ALL: [(&'static str, ParamRole); 3] = [
        ("phone", ParamRole::Phone),
        ("partner", ParamRole::Partner),
        ("redirect", ParamRole::Redirect),
    ];

    /// Its value in the spec (`phone`).
    pub fn spec_value(self) -> &'static str {
        match self {
            ParamRole::Phone => "phone",
            ParamRole::Partner => "partner",
            ParamRole::Redirect => "redirect",
        }
    }

    /// The variant's Rust name (`Phone`), for a generator writing the value as Rust.
    pub fn variant_name(self) -> &'static str {
        match self {
            ParamRole::Phone => "Phone",
            ParamRole::Partner => "Partner",
            ParamRole::Redirect => "Redirect",
        }
    }
}

/// Where a request parameter's value comes from (`fixed`, `credential`, `token` in the spec, else
/// the caller).
///
/// `S` is the text of a name or value: `&'static str` in the generated code, the generator's own
/// (with where it was written) in its model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamSource<S = &'static str> {
    /// The caller sets it.
    Caller,
    /// From the client's configuration: the named credential.
    Credential(S),
    /// The token in use.
    Token,
    /// Always this value.
    Fixed(S),
}

impl<S> ParamSource<S> {
    /// The variant's Rust name and its payload, if any, for a generator writing the value as
    /// Rust.
    pub fn parts(&self) -> (&'static str, Option<&S>) {
        match self {
            ParamSource::Caller => ("Caller", None),
            ParamSource::Credential(name) => ("Credential", Some(name)),
            ParamSource::Token => ("Token", None),
            ParamSource::Fixed(value) => ("Fixed", Some(value)),
        }
    }

    /// Whether the caller gives its value (else the client does: a credential, the token, a
    /// fixed value).
    pub fn is_caller(&self) -> bool {
        matches!(self, ParamSource::Caller)
    }

    /// Whether it is the token the client sends.
    pub fn is_token(&self) -> bool {
        matches!(self, ParamSource::Token)
    }
}

/// One piece of an error text template (`operator {operator} not found`), as the generator
/// parsed it: `S` is `String` in the generator, `&'static str` in the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Piece<S = &'static str> {
    /// Text as is.
    Lit(S),
    /// A part that varies, named (the field it is captured into).
    Hole(S),
}

impl<S> Piece<S> {
    /// The variant's Rust name and its text, for a generator writing the value as Rust.
    pub fn parts(&self) -> (&'static str, &S) {
        match self {
            Piece::Lit(s) => ("Lit", s),
            Piece::Hole(s) => ("Hole", s),
        }
    }
}

/// A situation a simulator can tell apart in a request, answered with the documented error the spec
/// names for it (`[endpoints.NAME.sandbox]`).
///
/// `S` is `String` in the generator, `&'static str` in the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Situation<S = &'static str> {
    /// `missing_parameter`: a mandatory parameter is missing.
    MissingParameter,
    /// `fixed_mismatch`: a fixed parameter has another value.
    FixedMismatch,
    /// `invalid_value`: a parameter's value is not one it takes.
    InvalidValue,
    /// `invalid_scope`: a scope is not one the API knows.
    InvalidScope,
    /// `invalid_token`: the token is unknown or expired.
    InvalidToken,
    /// `consent_wrong_code`: the consent was given with a wrong code.
    ConsentWrongCode,
    /// `consent_declined`: the consent was declined.
    ConsentDeclined,
    /// `credentials.NAME`: this credential is wrong.
    Credential(S),
    /// `empty.PARAM`: this parameter (Rust name) is empty.
    Empty(S),
    /// `not_json.PARAM`: this JSON-valued parameter (Rust name) is not JSON.
    NotJson(S),
    /// `missing_key.PARAM.KEY`: this JSON-valued parameter (Rust name) lacks this key.
    MissingKey(S, S),
}

impl<S> Situation<S> {
    /// The situations without a payload, by their spec key.
    pub const PLAIN: [(&'static str, Situation<S>); 7] = [
        ("missing_parameter", Situation::MissingParameter),
        ("fixed_mismatch", Situation::FixedMismatch),
        ("invalid_value", Situation::InvalidValue),
        ("invalid_scope", Situation::InvalidScope),
        ("invalid_token", Situation::InvalidToken),
        ("consent_wrong_code", Situation::ConsentWrongCode),
        ("consent_declined", Situation::ConsentDeclined),
    ];

    /// The variant's Rust name and its payload, in order (empty for a plain situation), for a
    /// generator writing the value as Rust.
    pub fn parts(&self) -> (&'static str, Vec<&S>) {
        match self {
            Situation::MissingParameter => ("MissingParameter", vec![]),
            Situation::FixedMismatch => ("FixedMismatch", vec![]),
            Situation::InvalidValue => ("InvalidValue", vec![]),
            Situation::InvalidScope => ("InvalidScope", vec![]),
            Situation::InvalidToken => ("InvalidToken", vec![]),
            Situation::ConsentWrongCode => ("ConsentWrongCode", vec![]),
            Situation::ConsentDeclined => ("ConsentDeclined", vec![]),
            Situation::Credential(n) => ("Credential", vec![n]),
            Situation::Empty(n) => ("Empty", vec![n]),
            Situation::NotJson(n) => ("NotJson", vec![n]),
            Situation::MissingKey(n, k) => ("MissingKey", vec![n, k]),
        }
    }
}

impl<S: fmt::Display> Situation<S> {
    /// Its dotted key under `[endpoints.NAME.sandbox]` (`credentials.licence`).
    pub fn key(&self) -> String {
        match self {
            Situation::Credential(n) => format!("credentials.{n}"),
            Situation::Empty(n) => format!("empty.{n}"),
            Situation::NotJson(n) => format!("not_json.{n}"),
            Situation::MissingKey(n, k) => format!("missing_key.{n}.{k}"),
            Situation::MissingParameter => "missing_parameter".to_owned(),
            Situation::FixedMismatch => "fixed_mismatch".to_owned(),
            Situation::InvalidValue => "invalid_value".to_owned(),
            Situation::InvalidScope => "invalid_scope".to_owned(),
            Situation::InvalidToken => "invalid_token".to_owned(),
            Situation::ConsentWrongCode => "consent_wrong_code".to_owned(),
            Situation::ConsentDeclined => "consent_declined".to_owned(),
        }
    }
}

/// An error id as it compares: trimmed, and a number without its leading zeros (`" 01"` is `"1"`,
/// `"000"` is `"0"`); an id that is not a number is only trimmed.
///
/// The generator applies it to the documented ids it matches on, the runtime to the id received:
/// one function, so the two cannot disagree.
#[inline]
pub fn canonical_id(id: &str) -> &str {
    let id = id.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return id;
    }
    match id.trim_start_matches('0') {
        "" => "0",
        rest => rest,
    }
}

/// The items of a comma-joined list as the API sends and reads them (scopes, values of a list
/// parameter): trimmed, empty items left out.
pub fn list_items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_by_number() {
        assert_eq!(canonical_id("01"), "1");
        assert_eq!(canonical_id(" 007 "), "7");
        assert_eq!(canonical_id("000"), "0");
        assert_eq!(canonical_id("0A"), "0A");
        assert_eq!(canonical_id(" x "), "x");
        assert_eq!(canonical_id(""), "");
    }

    #[test]
    fn lists_split_on_commas() {
        let items: Vec<&str> = list_items(" a, ,b,,c ").collect();
        assert_eq!(items, ["a", "b", "c"]);
        assert_eq!(list_items(" , ").count(), 0);
    }

    #[test]
    fn situations_round_trip_their_keys() {
        for (key, s) in Situation::<String>::PLAIN {
            assert_eq!(s.key(), key);
            assert!(s.parts().1.is_empty());
        }
        let s = Situation::MissingKey("user_infos", "lastname");
        assert_eq!(s.key(), "missing_key.user_infos.lastname");
        assert_eq!(s.parts(), ("MissingKey", vec![&"user_infos", &"lastname"]));
    }

    #[test]
    fn param_sources_name_their_variant_and_payload() {
        assert_eq!(ParamSource::<&str>::Caller.parts(), ("Caller", None));
        assert_eq!(
            ParamSource::Credential("licence").parts(),
            ("Credential", Some(&"licence"))
        );
        assert_eq!(ParamSource::<&str>::Token.parts(), ("Token", None));
        assert_eq!(ParamSource::Fixed("1").parts(), ("Fixed", Some(&"1")));
        assert!(ParamSource::<&str>::Token.is_token() && !ParamSource::Fixed("t").is_token());
        assert!(ParamSource::<&str>::Caller.is_caller() && !ParamSource::<&str>::Token.is_caller());
    }

    #[test]
    fn roles_have_one_spec_value_each() {
        for (value, role) in ParamRole::ALL {
            assert_eq!(role.spec_value(), value);
        }
    }
}
