//! Requests built at run time from parameter values named as the spec names them, for tools
//! that work from the spec rather than from generated builders (the command line): a
//! [`DynamicRequest`] checks what the spec requires (per scope too) when it is finished, and
//! that each value set goes with a scope asked for, and encodes exactly as the generated
//! request would.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use secrecy::SecretString;

use crate::endpoint::{
    EncodeContext, Endpoint, Form, HasScopes, Method, Need, ParamInfo, ParamSource, ScopeInfo,
    Unaccepted, ValueKind, named_scopes, whole_number,
};
use crate::types::FieldType;
use crate::types::List;

/// Credentials looked up by their name in the spec: generated for the `Credentials` type.
pub trait CredentialSet {
    /// The credential with this name.
    fn credential(&self, name: &str) -> Option<&SecretString>;
}

/// A request to the endpoint of the generated request type `E`, with parameter values set by name
/// at run time.
///
/// `Debug` hides every value.
pub struct DynamicRequest<E> {
    scopes: &'static [ScopeInfo],
    values: Vec<(&'static ParamInfo, String)>,
    endpoint: PhantomData<fn() -> E>,
}

/// Why a dynamic request cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DynamicError {
    /// The endpoint has no parameter of that name that the caller sets.
    UnknownParameter(String),
    /// A value is not one the parameter takes.
    InvalidValue {
        /// The parameter (wire name).
        param: &'static str,
        /// Why, in words.
        why: String,
    },
    /// A mandatory parameter is missing (for `scope`, when that scope is asked for).
    Missing {
        /// The parameter (wire name).
        param: &'static str,
        /// The scope that requires it, if it is a scope's requirement.
        scope: Option<&'static str>,
    },
    /// A parameter was set that none of the scopes asked for takes: it would not be sent.
    NotTaken {
        /// The parameter (wire name).
        param: &'static str,
        /// The scopes asked for (wire values).
        asked: Vec<&'static str>,
        /// The scopes that take it (wire values; [`ParamInfo::taken_by`]).
        taken_by: &'static [&'static str],
    },
}

impl fmt::Display for DynamicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DynamicError::UnknownParameter(p) => write!(
                f,
                "no parameter `{}` that the caller sets",
                crate::redact::Printable(p)
            ),
            DynamicError::InvalidValue { param, why } => write!(f, "`{param}`: {why}"),
            DynamicError::Missing {
                param,
                scope: Some(s),
            } => write!(f, "the scope `{s}` requires `{param}`"),
            DynamicError::Missing { param, scope: None } => {
                write!(f, "the mandatory parameter `{param}` is missing")
            }
            DynamicError::NotTaken {
                param,
                asked,
                taken_by,
            } => write!(
                f,
                "`{param}` is not taken by the scopes asked for ({}): {}",
                asked.join(", "),
                match taken_by {
                    [] => "no scope takes it".to_owned(),
                    [one] => format!("only {one} takes it"),
                    many => format!("only {} take it", many.join(", ")),
                }
            ),
        }
    }
}

impl std::error::Error for DynamicError {}

impl<E: Endpoint> DynamicRequest<E> {
    /// An empty request; `scopes` describes the API's scopes (`Scope::INFO`), for the
    /// requirements of each.
    pub fn new(scopes: &'static [ScopeInfo]) -> Self {
        Self {
            scopes,
            values: Vec::new(),
            endpoint: PhantomData,
        }
    }

    /// The parameters the caller may set, in wire order.
    pub fn params() -> impl Iterator<Item = &'static ParamInfo> {
        E::INFO
            .params
            .iter()
            .filter(|p| p.source == ParamSource::Caller)
    }

    /// Sets a parameter by its Rust or wire name.
    ///
    /// The value is checked against the spec: one of a closed enum's values, a whole number, a JSON
    /// object whose keys the spec knows (written back with every key present, `""` for those not
    /// given), known scopes.
    ///
    /// # Errors
    /// An unknown parameter or a value it does not take.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> Result<(), DynamicError> {
        let p = Self::params()
            .find(|p| p.name == name || p.wire == name)
            .ok_or_else(|| DynamicError::UnknownParameter(name.to_owned()))?;
        let value = checked(p, value.into(), self.scopes)?;
        self.values.retain(|(q, _)| q.wire != p.wire);
        self.values.push((p, value));
        Ok(())
    }

    fn get(&self, p: &ParamInfo) -> Option<&str> {
        self.values
            .iter()
            .find(|(q, _)| q.wire == p.wire)
            .map(|(_, v)| v.as_str())
    }

    /// The scopes asked for, as the spec describes them: those named, or the default scopes
    /// when none is (as the generated encoder and the sandbox read a request naming none).
    fn asked(&self) -> Vec<&'static ScopeInfo> {
        let named = E::INFO
            .scope_parameter()
            .and_then(|p| self.get(p))
            .map(|list| named_scopes(self.scopes, list).unwrap_or_default())
            .unwrap_or_default();
        if named.is_empty() {
            self.scopes.iter().filter(|s| s.default).collect()
        } else {
            named
        }
    }

    /// The request, once every mandatory parameter is set, and every parameter each asked
    /// scope requires, and no parameter is set that none of the scopes asked for takes (it
    /// would not be sent: [`ParamInfo::is_taken_by`]).
    ///
    /// # Errors
    /// The first missing parameter, else the first parameter set that is not taken.
    pub fn finish(self) -> Result<Self, DynamicError> {
        let asked = self.asked();
        for p in Self::params().filter(|p| self.get(p).is_none()) {
            let scope = match p.need(&asked) {
                Need::No => continue,
                Need::Always => None,
                Need::ForScope(s) => Some(s.wire),
            };
            return Err(DynamicError::Missing {
                param: p.wire,
                scope,
            });
        }
        let wires = || asked.iter().map(|s| s.wire);
        if let Some((p, _)) = self.values.iter().find(|(p, _)| !p.is_taken_by(wires())) {
            return Err(DynamicError::NotTaken {
                param: p.wire,
                asked: wires().collect(),
                taken_by: p.taken_by.unwrap_or_default(),
            });
        }
        Ok(self)
    }
}

/// A value as the parameter takes it, or why not.
fn checked(
    p: &'static ParamInfo,
    value: String,
    scopes: &[ScopeInfo],
) -> Result<String, DynamicError> {
    let invalid = |why: String| DynamicError::InvalidValue { param: p.wire, why };
    if p.holds_scopes {
        return match named_scopes(scopes, &value) {
            Ok(named) => Ok(named.iter().map(|s| s.wire).collect::<Vec<_>>().join(",")),
            Err(unknown) => {
                let known: Vec<&str> = scopes.iter().map(|s| s.wire).collect();
                Err(invalid(format!(
                    "unknown scope `{}`; the spec has {}",
                    crate::redact::Printable(unknown),
                    known.join(", ")
                )))
            }
        };
    }
    match p.accepts(&value) {
        Err(Unaccepted::NotAValue) => {
            Err(invalid(format!("expected one of {}", p.values.join(", "))))
        }
        Err(Unaccepted::NotAWholeNumber) => Err(invalid("expected a whole number".to_owned())),
        Err(_) => Err(invalid("expected a JSON object".to_owned())),
        Ok(()) => match p.kind {
            // Written as the number it is: `007` is sent as `7`.
            ValueKind::Integer => Ok(whole_number(&value).unwrap_or_default().to_string()),
            ValueKind::Json(keys) => json_object(&value, keys).map_err(invalid),
            _ => Ok(value),
        },
    }
}

/// A JSON object's text with every key of `keys`, in that order (`""` for those not given);
/// a key the spec does not know is refused, so that a typo does not go unnoticed.
fn json_object(value: &str, keys: &[&str]) -> Result<String, String> {
    let parsed: serde_json::Value =
        serde_json::from_str(value).map_err(|_| "expected a JSON object".to_owned())?;
    let serde_json::Value::Object(map) = parsed else {
        return Err("expected a JSON object".to_owned());
    };
    if let Some(unknown) = map.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(format!(
            "unknown key `{}`; expected {}",
            crate::redact::Printable(unknown),
            keys.join(", ")
        ));
    }
    let entries: Vec<(&str, serde_json::Value)> = keys
        .iter()
        .map(|k| {
            let v = map
                .get(*k)
                .cloned()
                .unwrap_or_else(|| serde_json::Value::String(String::new()));
            (*k, v)
        })
        .collect();
    Ok(crate::__private::json_object_text(&entries))
}

impl<E> fmt::Debug for DynamicRequest<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.values
                    .iter()
                    .map(|(p, _)| (p.wire, crate::redact::REDACTED_MARK)),
            )
            .finish()
    }
}

impl<E: Endpoint> Endpoint for DynamicRequest<E>
where
    E::Credentials: CredentialSet,
{
    type Credentials = E::Credentials;
    type Reply = E::Reply;
    const NAME: &'static str = E::NAME;
    const PATH: &'static str = E::PATH;
    const METHODS: &'static [Method] = E::METHODS;
    const IDEMPOTENT: bool = E::IDEMPOTENT;
    const INFO: &'static crate::endpoint::EndpointInfo = E::INFO;

    fn encode(&self, ctx: &EncodeContext<'_, Self::Credentials>, form: &mut Form) {
        let asked = self.asked();
        for p in E::INFO.params {
            let value = self.get(p).map(Cow::Borrowed);
            let wires = asked.iter().map(|s| s.wire);
            crate::__private::encode_param(p, value, wires, ctx, form);
        }
    }
}

impl<E> HasScopes for DynamicRequest<E>
where
    E: Endpoint + HasScopes,
    E::Scope: FieldType,
{
    type Scope = E::Scope;
    fn scopes(&self) -> Option<List<E::Scope>> {
        let value = self.get(E::INFO.scope_parameter()?)?;
        <List<E::Scope> as FieldType>::from_text(value)
    }
}
