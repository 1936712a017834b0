//! Generated records: the spec's objects and each endpoint's success and pending outcomes. A
//! record decodes in one pass over the reply's keys, leniently, keeping what does not fit its
//! type in `oddities`.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{doc, field_type, ident, rt, summary, type_label};
use crate::generated_names::{EXTRA_FIELD, EndpointNames, ODDITIES_FIELD};
use crate::model::{Field, OutcomeSpec, Role, Spec};

/// One key a generated decoder reads from a reply's map, into a local variable.
pub(super) struct ReplyKey<'a> {
    /// The key on the wire.
    pub wire: &'a str,
    /// The local variable that holds its value.
    pub var: Ident,
    /// How its value is read.
    pub value: KeyValue,
}

/// How a [`ReplyKey`]'s value is read.
pub(super) enum KeyValue {
    /// As borrowed text (the status, error id and error text), into an `Option<Cow<str>>`.
    Text,
    /// Leniently as a field of this type, into a runtime `Slot`.
    Field(TokenStream),
}

/// Generates the `let mut` variables of `keys` and the loop that fills them from a map,
/// keeping unknown keys in a variable named like the records' `extra` field.
pub(super) fn decode_loop(keys: &[ReplyKey<'_>]) -> TokenStream {
    let rt = rt();
    let extra = ident(EXTRA_FIELD);
    let decls = keys.iter().map(|k| {
        let var = &k.var;
        match &k.value {
            KeyValue::Text => quote!(let mut #var: ::std::option::Option<::std::borrow::Cow<'de, str>> = ::std::option::Option::None;),
            KeyValue::Field(ty) => quote!(let mut #var: #rt::Slot<#ty> = #rt::Slot::Absent;),
        }
    });
    let arms = keys.iter().map(|k| {
        let (var, wire) = (&k.var, k.wire);
        match &k.value {
            KeyValue::Text => quote!(#wire => #var = #rt::MapAccess::next_value_seed(&mut map, #rt::TextSeed)?,),
            KeyValue::Field(ty) => quote!(#wire => #var = #rt::MapAccess::next_value_seed(&mut map, #rt::Lenient::<#ty>::new())?,),
        }
    });
    quote! {
        #(#decls)*
        let mut #extra = #rt::Extra::default();
        while let ::std::option::Option::Some(key) = #rt::MapAccess::next_key::<#rt::Key<'de>>(&mut map)? {
            match key.as_str() {
                #(#arms)*
                _ => #rt::keep_unknown(&mut map, &mut #extra, key.as_str())?,
            }
        }
    }
}

/// Generates the block that builds a record of type `ty` from the variables `var` names, each
/// field taken from its slot (noting oddities), the whole passed through `wrap`:
/// `{ let mut oddities = ..; wrap(Ty { field: var.take(..), .., oddities }) }`.
pub(super) fn build_record(
    ty: &impl ToTokens,
    fields: &[Field],
    var: impl Fn(&Field) -> Ident,
    wrap: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    let oddities = ident(ODDITIES_FIELD);
    let extra = ident(EXTRA_FIELD);
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name.value);
        let var = var(f);
        let wire = &f.wire.value;
        let sensitive = f.sensitive;
        quote!(#name: #var.take(#wire, #sensitive, &mut #oddities),)
    });
    let value = wrap(quote!(#ty { #(#inits)* #oddities, #extra }));
    quote! {{
        let mut #oddities = ::std::vec::Vec::new();
        #value
    }}
}

/// Generates the record of an endpoint's success or pending outcome, documented as what the
/// request answers `when`.
pub(super) fn outcome_record(
    spec: &Spec,
    names: &EndpointNames<'_>,
    o: &OutcomeSpec,
    name: &str,
    when: &str,
) -> TokenStream {
    let d = doc(&format!(
        "What [`{}`] answers {when} (`{}` = `{}`): {}",
        names.request, spec.replies.status_key, o.status.value, o.description
    ));
    record(&ident(name), &d, &o.fields)
}

/// Generates a record: the struct (every field optional, plus `oddities`), its redacting
/// `Debug`, its decoder and its serializer.
pub(super) fn record(name: &Ident, doc_attrs: &TokenStream, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let oddities = ident(ODDITIES_FIELD);
    let extra = ident(EXTRA_FIELD);
    let defs = fields.iter().map(|f| field_def(name, f));
    let wire_value = json_wire_value(name, fields);
    let postal = postal_lines_method(fields, name);
    let debug_fields = fields.iter().map(|f| {
        let fname = ident(&f.name.value);
        let label = &f.name.value;
        let sensitive = f.sensitive;
        quote!(.field(#label, &#rt::Redacted::new(&self.#fname, #sensitive)))
    });
    let ser = fields.iter().map(|f| {
        let fname = ident(&f.name.value);
        let wire = &f.wire.value;
        quote!(#rt::serialize_field(map, #wire, &self.#fname, &self.#oddities)?;)
    });
    let var = |f: &Field| format_ident!("f_{}", f.name.value);
    let keys: Vec<ReplyKey<'_>> = fields
        .iter()
        .map(|f| ReplyKey {
            wire: &f.wire.value,
            var: var(f),
            value: KeyValue::Field(field_type(&f.ty.value)),
        })
        .collect();
    let decode = decode_loop(&keys);
    let build = build_record(&quote!(Self), fields, var, |value| value);
    let label = name.to_string();
    let expecting = format!("a JSON object ({label})");
    quote! {
        #doc_attrs
        ///
        /// Keys that are missing, `""` or `null` are `None`; keys the spec does not know are
        /// kept in `extra`; a number or a boolean where the spec says string reads as its JSON
        /// text (and is noted in `oddities`, so that it re-encodes as it came); a value of
        /// another unexpected type is `None` and kept in `oddities`.
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs)*
            /// Values of an unexpected type or shape, kept as received rather than failing the reply.
            pub #oddities: ::std::vec::Vec<#rt::Oddity>,
            /// Keys the spec does not know, kept as received (and re-encoded).
            pub #extra: #rt::Extra,
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#debug_fields)*
                    .field(#ODDITIES_FIELD, &self.#oddities)
                    .field(#EXTRA_FIELD, &self.#extra)
                    .finish()
            }
        }

        impl #rt::DecodeMap for #name {
            const EXPECTING: &'static str = #expecting;
            fn decode_map<'de, A: #rt::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #decode
                ::std::result::Result::Ok(#build)
            }
        }

        impl #rt::SerializeFields for #name {
            fn serialize_fields<M: #rt::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error> {
                #(#ser)*
                #rt::serialize_oddities(&self.#oddities, map)?;
                #rt::serialize_extra(&self.#extra, map)
            }
        }

        #rt::record_impls!(#name);

        #wire_value

        #postal
    }
}

/// Generates `postal_lines()` for a record with a field of role `postal_lines`: its text's
/// lines, trimmed, empty ones left out (the address lines a form needs).
fn postal_lines_method(fields: &[Field], name: &Ident) -> TokenStream {
    let Some(f) = fields.iter().find(|f| {
        f.role
            .as_ref()
            .is_some_and(|r| r.value == Role::PostalLines)
    }) else {
        return TokenStream::new();
    };
    let field = ident(&f.name.value);
    let doc = doc(&format!(
        "The postal address's lines, from `{}`: its lines (line breaks as received), trimmed, empty ones left out; none when it is absent. Text the server chose: escape it where it is shown.",
        f.wire.value
    ));
    quote! {
        impl #name {
            #doc
            pub fn postal_lines(&self) -> ::std::vec::Vec<&str> {
                self.#field
                    .as_deref()
                    .map(|text| text.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// Generates `WireValue` for a record, so that it can be a request parameter: its JSON text
/// with every key of the spec present, `""` for a field not set, in the spec's order.
fn json_wire_value(name: &Ident, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let entries = fields.iter().map(|f| {
        let fname = ident(&f.name.value);
        let wire = &f.wire.value;
        quote!((#wire, #rt::json_or_empty(&self.#fname)))
    });
    quote! {
        impl #rt::WireValue for #name {
            fn wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Owned(#rt::json_object_text(&[#(#entries),*]))
            }
        }
    }
}

/// Generates a record's field: optional, documented with its key, type and sensitivity. A
/// description too short to sum the field up alone (`"Gender."`) is led by where the value
/// lies: `"Gender, the `gender` key of [`Formfilling`]."`.
fn field_def(record: &Ident, f: &Field) -> TokenStream {
    let fname = ident(&f.name.value);
    let ty = field_type(&f.ty.value);
    let (first, rest) = summary::split(&f.description);
    let mut text = if summary::is_short(first) {
        let first = first.trim_end_matches(['.', '?', '!']);
        let lead = format!("{first}, the `{}` key of [`{record}`].", f.wire.value);
        summary::paragraphs(&lead, rest)
    } else {
        f.description.clone()
    };
    text.push_str(&format!(
        "\n\nKey `{}`, {}{}.",
        f.wire.value,
        type_label(&f.ty.value),
        if f.sensitive {
            ", sensitive: redacted in `Debug`"
        } else {
            ""
        }
    ));
    let d = doc(&text);
    quote!(#d pub #fname: ::std::option::Option<#ty>,)
}
