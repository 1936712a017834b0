//! A spec's endpoints as the departure walk reads them (`dqe_spec_types::departure`): the
//! generator's model presents what the runtime's tables present to the client, so that both
//! run one rule.

use dqe_codegen::model::{Endpoint, Field, OutcomeSpec, Spec, TypeRef};
use dqe_codegen::support::value_type;
use dqe_spec_types::departure::{EndpointShape, KeyShape, OutcomeShape, ReplyKeys};
use dqe_spec_types::lenient::ValueType;

/// An endpoint of a spec.
#[derive(Clone, Copy)]
pub(super) struct SpecEndpoint<'a> {
    pub spec: &'a Spec,
    pub endpoint: &'a Endpoint,
}

/// An outcome of an endpoint of a spec.
#[derive(Clone, Copy)]
pub(super) struct SpecOutcome<'a> {
    spec: &'a Spec,
    pub outcome: &'a OutcomeSpec,
}

/// A key of an outcome or object of a spec.
#[derive(Clone, Copy)]
pub(super) struct SpecKey<'a> {
    spec: &'a Spec,
    pub field: &'a Field,
}

impl<'a> EndpointShape for SpecEndpoint<'a> {
    type Outcome = SpecOutcome<'a>;

    fn reply_keys(&self) -> ReplyKeys<'_> {
        let r = &self.spec.replies;
        ReplyKeys {
            status: &r.status_key,
            error_status: &r.error.status,
            error_id: &r.error.id_key,
            error_text: &r.error.text_key,
        }
    }

    fn outcomes(&self) -> impl Iterator<Item = SpecOutcome<'a>> {
        let spec = self.spec;
        self.endpoint
            .outcomes()
            .map(move |outcome| SpecOutcome { spec, outcome })
    }

    fn error_ids(&self) -> impl Iterator<Item = &str> {
        self.endpoint.errors.iter().map(|e| e.id.value.as_str())
    }
}

impl<'a> OutcomeShape for SpecOutcome<'a> {
    type Key = SpecKey<'a>;

    fn status(&self) -> &str {
        &self.outcome.status.value
    }

    fn is_default(&self) -> bool {
        self.outcome.default
    }

    fn read_without_status(&self, wire: &str) -> bool {
        self.outcome.without_status_keys.iter().any(|k| k == wire)
    }

    fn key(&self, wire: &str) -> Option<SpecKey<'a>> {
        let spec = self.spec;
        self.outcome
            .fields
            .iter()
            .find(|f| f.wire.value == wire)
            .map(|field| SpecKey { spec, field })
    }
}

impl<'a> SpecKey<'a> {
    /// The key `wire` of the object `ty` names, if it is one of the spec's objects.
    pub fn in_object(spec: &'a Spec, ty: &TypeRef, wire: &str) -> Option<Self> {
        let TypeRef::Object(t) = ty else { return None };
        spec.object_of(t)?
            .fields
            .iter()
            .find(|f| f.wire.value == wire)
            .map(|field| SpecKey { spec, field })
    }
}

impl KeyShape for SpecKey<'_> {
    fn value_type(&self) -> ValueType {
        value_type(&self.field.ty.value)
    }

    fn key(&self, wire: &str) -> Option<Self> {
        SpecKey::in_object(self.spec, &self.field.ty.value, wire)
    }
}
