//! The kinds of change `dqe spec diff` reports, each with a stable id. A kind drift reports too
//! (`parameter-removed`, `error-text-changed`...) takes its id from drift's [`DriftKind`], so
//! that the two tools speak one vocabulary; the others are spec diff's own.

use crate::drift::Kind as DriftKind;

/// A kind of change between two specs.
///
/// What a change means for users (its verdict) is decided per change, not per kind: a new parameter
/// is `major` when mandatory, `minor` when optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `[api]`'s `server_env`: the generated `SERVER_ENV` appears, goes or changes.
    ServerEnvChanged,
    /// How every reply names its outcome or its error changed (`[replies]`).
    RepliesChanged,
    /// A credential (`[credentials.NAME]`) the spec did not have.
    CredentialAdded,
    /// A credential the new spec no longer has.
    CredentialRemoved,
    /// A credential's environment variable changed.
    CredentialEnvChanged,
    /// A `[callback]` the spec did not have.
    CallbackAdded,
    /// The `[callback]` is gone.
    CallbackRemoved,
    /// A `[journey]` the spec did not have.
    JourneyAdded,
    /// The `[journey]` is gone.
    JourneyRemoved,
    /// A value of the `[journey]` names another item.
    JourneyChanged,
    /// An endpoint the spec did not have.
    EndpointAdded,
    /// An endpoint the new spec no longer has.
    EndpointRemoved,
    /// An endpoint's path changed.
    PathChanged,
    /// An endpoint accepts a method it did not.
    MethodAdded,
    /// An endpoint no longer accepts a method.
    MethodRemoved,
    /// An endpoint prefers another of the methods it accepts (the first of `methods`).
    PreferredMethodChanged,
    /// Whether sending an endpoint twice is harmless changed (`idempotent`).
    IdempotentChanged,
    /// The longest reply body read from an endpoint changed (`max_body`).
    MaxBodyChanged,
    /// Which documented error the sandbox answers in which situation changed.
    SandboxChanged,
    /// An example reply the spec did not have.
    ExampleAdded,
    /// An example reply the new spec no longer has.
    ExampleRemoved,
    /// An example (a reply, a field's sample value, an error's text as received) changed.
    ExampleChanged,
    /// A parameter the spec did not have.
    ParameterAdded,
    /// A parameter the new spec no longer has.
    ParameterRemoved,
    /// A parameter with another Rust name (setter), the same wire name.
    ParameterRenamed,
    /// A parameter with another wire name, the same Rust name.
    ParameterWireChanged,
    /// Mandatory whatever the scopes (one state of the builder's typestate), where it was not.
    ParameterNowMandatory,
    /// No longer mandatory whatever the scopes.
    ParameterNowOptional,
    /// Where a parameter's value comes from changed (the caller, a credential, the token, a
    /// fixed value).
    ParameterSourceChanged,
    /// A parameter's fixed value changed.
    FixedValueChanged,
    /// A parameter's default value changed.
    DefaultChanged,
    /// A parameter is set by scope methods where it had a setter, or the reverse (`by_scope`).
    ByScopeChanged,
    /// Which scopes take a parameter changed (`without`, or the file that adds it).
    ParameterScopesChanged,
    /// An endpoint's parameters are sent in another order.
    ParameterOrderChanged,
    /// A parameter's or a key's type changed.
    TypeChanged,
    /// Whether a value is redacted in `Debug` changed (`sensitive`).
    SensitiveChanged,
    /// What a parameter or a key means to the runtime or the sandbox changed (`role`).
    RoleChanged,
    /// A reply outcome (success, pending) the spec did not have.
    OutcomeAdded,
    /// A reply outcome the new spec no longer has.
    OutcomeRemoved,
    /// The status value naming an outcome changed.
    StatusChanged,
    /// Which outcome a reply without a status is changed (`default`).
    OutcomeDefaultChanged,
    /// Which keys make a reply without a status the success changed (`without_status`).
    WithoutStatusChanged,
    /// A key (of a reply, an object or the callback) the spec did not have.
    KeyAdded,
    /// A key the new spec no longer has.
    KeyRemoved,
    /// A key with another wire name, the same Rust name (field).
    KeyRenamed,
    /// A field with another Rust name, the same wire name.
    FieldRenamed,
    /// Which scope file adds a key changed.
    KeyScopeChanged,
    /// An error id the spec did not have.
    ErrorAdded,
    /// An error id the new spec no longer has.
    ErrorRemoved,
    /// An error's variant name changed.
    ErrorVariantChanged,
    /// An error's text (its template) changed.
    ErrorTextChanged,
    /// Whether asking again after an error may succeed changed (`retryable`).
    RetryableChanged,
    /// What an error means to the customer changed (`outcome`).
    CustomerOutcomeChanged,
    /// A scope the spec did not have.
    ScopeAdded,
    /// A scope the new spec no longer has.
    ScopeRemoved,
    /// A scope's Rust variant (and builder method) changed.
    ScopeVariantChanged,
    /// What a scope requires, its builder method's arguments, changed.
    ScopeRequiresChanged,
    /// Whether a scope's result is step 1's reply changed (`one_step`).
    OneStepChanged,
    /// Whether a scope is asked for when none is named changed (`default`).
    DefaultScopeChanged,
    /// An enum the spec did not have.
    EnumAdded,
    /// An enum the new spec no longer has.
    EnumRemoved,
    /// Whether an enum keeps the values it does not list changed (`open`).
    EnumOpenChanged,
    /// A value of an enum the spec did not have.
    ValueAdded,
    /// A value of an enum the new spec no longer has.
    ValueRemoved,
    /// A value's Rust variant changed.
    ValueVariantChanged,
    /// An object the spec did not have.
    ObjectAdded,
    /// An object the new spec no longer has.
    ObjectRemoved,
    /// A description (or a summary, or the API's name) changed: the generated documentation.
    DescriptionChanged,
    /// What the spec says of DQE's pages changed (`page_unnamed_row`, `[extend.E.page]`): read
    /// by `dqe spec drift` only.
    PageNoteChanged,
    /// What the customer reads of a scope where they consent changed (`customer_text`): the
    /// consent page's words, no item.
    CustomerTextChanged,
    /// How a scope documents an error of an endpoint changed (`[extend.E.errors]`): it does
    /// without it, or words it otherwise.
    ScopeErrorsChanged,
    /// The items both specs have come in another order: credentials (the arguments of
    /// `Credentials::new`), keys (the order they are written back in), enum values and scopes
    /// (their `ALL`).
    ///
    /// An endpoint's parameters have [`Kind::ParameterOrderChanged`].
    OrderChanged,
}

impl Kind {
    /// Every kind, in the order above.
    pub const ALL: &'static [Kind] = &[
        Kind::ServerEnvChanged,
        Kind::RepliesChanged,
        Kind::CredentialAdded,
        Kind::CredentialRemoved,
        Kind::CredentialEnvChanged,
        Kind::CallbackAdded,
        Kind::CallbackRemoved,
        Kind::JourneyAdded,
        Kind::JourneyRemoved,
        Kind::JourneyChanged,
        Kind::EndpointAdded,
        Kind::EndpointRemoved,
        Kind::PathChanged,
        Kind::MethodAdded,
        Kind::MethodRemoved,
        Kind::PreferredMethodChanged,
        Kind::IdempotentChanged,
        Kind::MaxBodyChanged,
        Kind::SandboxChanged,
        Kind::ExampleAdded,
        Kind::ExampleRemoved,
        Kind::ExampleChanged,
        Kind::ParameterAdded,
        Kind::ParameterRemoved,
        Kind::ParameterRenamed,
        Kind::ParameterWireChanged,
        Kind::ParameterNowMandatory,
        Kind::ParameterNowOptional,
        Kind::ParameterSourceChanged,
        Kind::FixedValueChanged,
        Kind::DefaultChanged,
        Kind::ByScopeChanged,
        Kind::ParameterScopesChanged,
        Kind::ParameterOrderChanged,
        Kind::TypeChanged,
        Kind::SensitiveChanged,
        Kind::RoleChanged,
        Kind::OutcomeAdded,
        Kind::OutcomeRemoved,
        Kind::StatusChanged,
        Kind::OutcomeDefaultChanged,
        Kind::WithoutStatusChanged,
        Kind::KeyAdded,
        Kind::KeyRemoved,
        Kind::KeyRenamed,
        Kind::FieldRenamed,
        Kind::KeyScopeChanged,
        Kind::ErrorAdded,
        Kind::ErrorRemoved,
        Kind::ErrorVariantChanged,
        Kind::ErrorTextChanged,
        Kind::RetryableChanged,
        Kind::CustomerOutcomeChanged,
        Kind::ScopeAdded,
        Kind::ScopeRemoved,
        Kind::ScopeVariantChanged,
        Kind::ScopeRequiresChanged,
        Kind::OneStepChanged,
        Kind::DefaultScopeChanged,
        Kind::EnumAdded,
        Kind::EnumRemoved,
        Kind::EnumOpenChanged,
        Kind::ValueAdded,
        Kind::ValueRemoved,
        Kind::ValueVariantChanged,
        Kind::ObjectAdded,
        Kind::ObjectRemoved,
        Kind::DescriptionChanged,
        Kind::PageNoteChanged,
        Kind::CustomerTextChanged,
        Kind::ScopeErrorsChanged,
        Kind::OrderChanged,
    ];

    /// The drift kind that names the same change between a page and a spec, if any: its id is
    /// this kind's id.
    pub fn drift(self) -> Option<DriftKind> {
        Some(match self {
            Kind::PathChanged => DriftKind::PathChanged,
            Kind::MethodAdded => DriftKind::MethodAdded,
            Kind::ParameterAdded => DriftKind::ParameterAdded,
            Kind::ParameterRemoved => DriftKind::ParameterRemoved,
            Kind::ParameterNowMandatory => DriftKind::ParameterNowMandatory,
            Kind::ParameterNowOptional => DriftKind::ParameterNowOptional,
            Kind::FixedValueChanged => DriftKind::FixedValueChanged,
            Kind::OutcomeAdded => DriftKind::OutcomeAdded,
            Kind::OutcomeRemoved => DriftKind::OutcomeRemoved,
            Kind::KeyAdded => DriftKind::KeyAdded,
            Kind::KeyRemoved => DriftKind::KeyRemoved,
            Kind::KeyRenamed => DriftKind::KeyRenamed,
            Kind::ErrorAdded => DriftKind::ErrorAdded,
            Kind::ErrorRemoved => DriftKind::ErrorRemoved,
            Kind::ErrorTextChanged => DriftKind::ErrorTextChanged,
            _ => return None,
        })
    }

    /// Its stable id: drift's where drift names the same change ([`Kind::drift`]).
    pub fn id(self) -> &'static str {
        if let Some(shared) = self.drift() {
            return shared.id();
        }
        match self {
            Kind::ServerEnvChanged => "server-env-changed",
            Kind::RepliesChanged => "replies-changed",
            Kind::CredentialAdded => "credential-added",
            Kind::CredentialRemoved => "credential-removed",
            Kind::CredentialEnvChanged => "credential-env-changed",
            Kind::CallbackAdded => "callback-added",
            Kind::CallbackRemoved => "callback-removed",
            Kind::JourneyAdded => "journey-added",
            Kind::JourneyRemoved => "journey-removed",
            Kind::JourneyChanged => "journey-changed",
            Kind::EndpointAdded => "endpoint-added",
            Kind::EndpointRemoved => "endpoint-removed",
            Kind::MethodRemoved => "method-removed",
            Kind::PreferredMethodChanged => "preferred-method-changed",
            Kind::IdempotentChanged => "idempotent-changed",
            Kind::MaxBodyChanged => "max-body-changed",
            Kind::SandboxChanged => "sandbox-changed",
            Kind::ExampleAdded => "example-added",
            Kind::ExampleRemoved => "example-removed",
            Kind::ExampleChanged => "example-changed",
            Kind::ParameterRenamed => "parameter-renamed",
            Kind::ParameterWireChanged => "parameter-wire-changed",
            Kind::ParameterSourceChanged => "parameter-source-changed",
            Kind::DefaultChanged => "default-changed",
            Kind::ByScopeChanged => "by-scope-changed",
            Kind::ParameterScopesChanged => "parameter-scopes-changed",
            Kind::ParameterOrderChanged => "parameter-order-changed",
            Kind::TypeChanged => "type-changed",
            Kind::SensitiveChanged => "sensitive-changed",
            Kind::RoleChanged => "role-changed",
            Kind::StatusChanged => "status-changed",
            Kind::OutcomeDefaultChanged => "outcome-default-changed",
            Kind::WithoutStatusChanged => "without-status-changed",
            Kind::FieldRenamed => "field-renamed",
            Kind::KeyScopeChanged => "key-scope-changed",
            Kind::ErrorVariantChanged => "error-variant-changed",
            Kind::RetryableChanged => "retryable-changed",
            Kind::CustomerOutcomeChanged => "customer-outcome-changed",
            Kind::ScopeAdded => "scope-added",
            Kind::ScopeRemoved => "scope-removed",
            Kind::ScopeVariantChanged => "scope-variant-changed",
            Kind::ScopeRequiresChanged => "scope-requires-changed",
            Kind::OneStepChanged => "one-step-changed",
            Kind::DefaultScopeChanged => "default-scope-changed",
            Kind::EnumAdded => "enum-added",
            Kind::EnumRemoved => "enum-removed",
            Kind::EnumOpenChanged => "enum-open-changed",
            Kind::ValueAdded => "value-added",
            Kind::ValueRemoved => "value-removed",
            Kind::ValueVariantChanged => "value-variant-changed",
            Kind::ObjectAdded => "object-added",
            Kind::ObjectRemoved => "object-removed",
            Kind::DescriptionChanged => "description-changed",
            Kind::PageNoteChanged => "page-note-changed",
            Kind::CustomerTextChanged => "customer-text-changed",
            Kind::ScopeErrorsChanged => "scope-errors-changed",
            Kind::OrderChanged => "order-changed",
            // The kinds drift names too, answered above.
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind has an id of its own; a kind drift names too has drift's id.
    #[test]
    fn ids_are_unique_and_shared_with_drift() {
        let ids: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!id.is_empty(), "{:?}", Kind::ALL[i]);
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
            assert!(!ids[..i].contains(id), "{id} twice");
        }
        for k in Kind::ALL {
            if let Some(d) = k.drift() {
                assert_eq!(k.id(), d.id());
            }
        }
    }
}
