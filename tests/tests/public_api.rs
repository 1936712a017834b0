//! The generated crate's public API, one item a line, as cargo-public-api lists a crate's: every
//! public type, field, variant, constant, function and method with its signature (no body, no
//! documentation), and every trait implementation. A spec change shows here as the few lines
//! users meet, where the expansion snapshot (`expansion.rs`) shows the plumbing too. It is read
//! from the tokens of the expansion (`syn` items), not from a compiled crate: a derive is listed
//! as the implementations it makes, and a macro of the runtime that implements traits as its
//! invocation (`impls dqe_client::__private::record_impls!(Address)`).
//!
//! `spec_changes` reads it too: a change that adds items only (minor) adds lines, one that
//! adds none (patch) leaves it as it is.

use std::path::Path;

use syn::{Fields, ImplItem, Item, Visibility};

/// The public API of the crate generated from `spec`, one line per item, each type followed
/// by its fields or variants, its methods and constants, then its trait implementations.
pub fn listing(spec: &dqe_codegen::model::Spec) -> Vec<String> {
    let tokens = dqe_codegen::expand_spec(spec).to_string();
    let file: syn::File = syn::parse_str(&tokens).expect("the expansion is valid Rust");
    let mut entries: Vec<Entry> = file.items.iter().flat_map(item_lines).collect();
    entries.sort();
    entries.dedup();
    entries.into_iter().map(|e| e.line).collect()
}

/// One line of the listing, with what it sorts by: the type it belongs to, then what it is.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    owner: String,
    part: Part,
    line: String,
}

/// What a line is about its type, in the order they are listed.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Part {
    Declaration,
    Member,
    Method,
    TraitImpl,
}

fn entry(owner: &str, part: Part, line: String) -> Entry {
    Entry {
        owner: owner.to_owned(),
        part,
        line,
    }
}

/// A type's name without its generic arguments (`InitiateRequest<A, B>` -> `InitiateRequest`).
fn owner_of(ty: &str) -> &str {
    ty.split('<').next().unwrap_or(ty)
}

/// Tokens as one line of Rust, spaced as written: `Option<String>`, not `Option < String >`.
fn show(tokens: &impl quote::ToTokens) -> String {
    let text = tokens.to_token_stream().to_string().replace(":: ", "::");
    // A space before `::` goes when it joins a path's segments, and stays before a path that
    // starts with it (`= ::std::..`).
    let mut s = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let before = &text[..i];
        let word = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        let joins = c == ' '
            && text[i + 1..].starts_with("::")
            && !before.ends_with("->")
            && (before.ends_with('>') || !word.is_empty())
            && !before[..before.len() - word.len()].ends_with('\'')
            && !["impl", "dyn", "for", "where", "as", "mut", "const"].contains(&word);
        if !joins {
            s.push(c);
        }
    }
    for (from, to) in [
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        ("& ", "&"),
        (" : ", ": "),
        (" !", "!"),
        ("# [", "#["),
        (" ;", ";"),
        (",)", ")"),
        (",>", ">"),
        ("<>", ""),
    ] {
        s = s.replace(from, to);
    }
    // Prelude names, and paths without their leading `::`.
    for (from, to) in [
        ("::std::option::Option", "Option"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
        ("::std::result::Result", "Result"),
        ("::std::convert::Into", "Into"),
        ("::std::", "std::"),
        ("::dqe_client::", "dqe_client::"),
    ] {
        s = s.replace(from, to);
    }
    s
}

fn is_pub(v: &Visibility) -> bool {
    matches!(v, Visibility::Public(_))
}

/// The attributes users meet: `#[non_exhaustive]`, `#[doc(hidden)]`, `#[must_use]`.
fn marks(attrs: &[syn::Attribute]) -> String {
    let mut out = String::new();
    for a in attrs {
        let text = show(a);
        if a.path().is_ident("non_exhaustive")
            || a.path().is_ident("must_use")
            || text == "#[doc(hidden)]"
        {
            // `#[must_use = "..."]` as `#[must_use]`: its message is documentation.
            let mark = if a.path().is_ident("must_use") {
                "#[must_use]".to_owned()
            } else {
                text
            };
            out.push_str(&mark);
            out.push(' ');
        }
    }
    out
}

/// The trait implementations a `#[derive(..)]` makes for `ty`.
fn derives(attrs: &[syn::Attribute], generics: &syn::Generics, ty: &str) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = a.parse_nested_meta(|m| {
            let (params, _, _) = generics.split_for_impl();
            out.push(format!("impl{} {} for {ty}", show(&params), show(&m.path)));
            Ok(())
        });
    }
    out
}

fn item_lines(item: &Item) -> Vec<Entry> {
    let declared =
        |name: &syn::Ident, line: String| vec![entry(&name.to_string(), Part::Declaration, line)];
    match item {
        Item::Const(c) if is_pub(&c.vis) => declared(
            &c.ident,
            format!("{}pub const {}: {}", marks(&c.attrs), c.ident, show(&c.ty)),
        ),
        Item::Type(t) if is_pub(&t.vis) => declared(
            &t.ident,
            format!(
                "{}pub type {}{} = {}",
                marks(&t.attrs),
                t.ident,
                show(&t.generics),
                show(&t.ty)
            ),
        ),
        Item::Struct(s) if is_pub(&s.vis) => struct_lines(s),
        Item::Enum(e) if is_pub(&e.vis) => enum_lines(e),
        Item::Trait(t) if is_pub(&t.vis) => declared(
            &t.ident,
            format!(
                "{}pub trait {}{}",
                marks(&t.attrs),
                t.ident,
                show(&t.generics)
            ),
        ),
        Item::Impl(i) => impl_lines(i),
        Item::Macro(m) => {
            // `record_impls!(Address)`: the traits it implements for the type it names.
            let owner = show(&m.mac.tokens);
            vec![entry(
                &owner,
                Part::TraitImpl,
                format!("impls {}", show(&m.mac)),
            )]
        }
        _ => Vec::new(),
    }
}

fn struct_lines(s: &syn::ItemStruct) -> Vec<Entry> {
    let owner = s.ident.to_string();
    let name = format!("{}{}", s.ident, show(&s.generics.split_for_impl().1));
    let mut out = vec![entry(
        &owner,
        Part::Declaration,
        format!(
            "{}pub struct {}{}",
            marks(&s.attrs),
            s.ident,
            show(&s.generics)
        ),
    )];
    for f in s.fields.iter().filter(|f| is_pub(&f.vis)) {
        let field = f.ident.as_ref().map_or(String::new(), ToString::to_string);
        let line = format!("pub {name}::{field}: {}", show(&f.ty));
        out.push(entry(&owner, Part::Member, line));
    }
    out.extend(
        derives(&s.attrs, &s.generics, &name)
            .into_iter()
            .map(|l| entry(&owner, Part::TraitImpl, l)),
    );
    out
}

fn enum_lines(e: &syn::ItemEnum) -> Vec<Entry> {
    let name = e.ident.to_string();
    let mut out = vec![entry(
        &name,
        Part::Declaration,
        format!("{}pub enum {name}", marks(&e.attrs)),
    )];
    for v in &e.variants {
        let fields = match &v.fields {
            Fields::Unit => String::new(),
            Fields::Unnamed(f) => format!(
                "({})",
                f.unnamed
                    .iter()
                    .map(|f| show(&f.ty))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Fields::Named(f) => format!(
                " {{ {} }}",
                f.named
                    .iter()
                    .map(|f| format!(
                        "{}: {}",
                        f.ident.as_ref().map_or(String::new(), ToString::to_string),
                        show(&f.ty)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let line = format!("pub {name}::{}{fields}", v.ident);
        out.push(entry(&name, Part::Member, line));
    }
    out.extend(
        derives(&e.attrs, &e.generics, &name)
            .into_iter()
            .map(|l| entry(&name, Part::TraitImpl, l)),
    );
    out
}

/// A trait implementation as one line; an inherent one as its public constants and functions.
fn impl_lines(i: &syn::ItemImpl) -> Vec<Entry> {
    let (params, _, where_clause) = i.generics.split_for_impl();
    let bounds = where_clause.map_or(String::new(), |w| format!(" {}", show(w)));
    let bounds = bounds.trim_end_matches([',', ' ']);
    let ty = show(&i.self_ty);
    let owner = owner_of(&ty).to_owned();
    if let Some((path, _)) = &i.trait_ {
        let line = format!("impl{} {} for {ty}{bounds}", show(&params), show(path));
        // A trait of the spec implemented for a runtime type (a typestate's marker) is
        // listed with the trait.
        let trait_name = show(path);
        let owner = if ty.starts_with("dqe_client::") {
            trait_name.as_str()
        } else {
            &owner
        };
        return vec![entry(owner, Part::TraitImpl, line)];
    }
    let mut out = Vec::new();
    for member in &i.items {
        let line = match member {
            ImplItem::Const(c) if is_pub(&c.vis) => format!(
                "{}pub const {ty}::{}: {}",
                marks(&c.attrs),
                c.ident,
                show(&c.ty)
            ),
            ImplItem::Fn(f) if is_pub(&f.vis) => {
                let sig = &f.sig;
                let output = match &sig.output {
                    syn::ReturnType::Default => String::new(),
                    syn::ReturnType::Type(_, t) => format!(" -> {}", show(t)),
                };
                let fn_bounds = (sig.generics.where_clause.as_ref())
                    .map_or(String::new(), |w| format!(" {}", show(w)));
                let fn_bounds = fn_bounds.trim_end_matches([',', ' ']);
                // `mut self` is how the body binds it, not part of the signature.
                let inputs = show(&sig.inputs).replacen("mut self", "self", 1);
                format!(
                    "{}pub fn {ty}::{}{}({}){output}{fn_bounds}{bounds}",
                    marks(&f.attrs),
                    sig.ident,
                    show(&sig.generics),
                    inputs.trim_end_matches([',', ' '])
                )
            }
            _ => continue,
        };
        out.push(entry(&owner, Part::Method, line));
    }
    out
}

fn shipped() -> dqe_codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dqe_codegen::load_spec(&dir, "spec").expect("the shipped spec is valid")
}

#[test]
fn shipped_spec_public_api() {
    insta::assert_snapshot!(listing(&shipped()).join("\n"));
}

/// Documentation is not API: a description edited leaves the listing as it is, and an item
/// added shows as the lines it adds.
#[test]
fn the_listing_shows_items_not_documentation() {
    let base = tests::edits::SpecFiles::shipped();
    let mut edited = base.clone();
    edited.replace(
        "api.toml",
        "description = \"Server error.\"",
        "description = \"Server error, edited.\"",
    );
    let before = listing(&base.load("spec"));
    assert_eq!(before, listing(&edited.load("spec")));
    edited.append(
        "api.toml",
        "\n[[endpoints.retrieve.errors]]\nid = \"77\"\nvariant = \"MadeUp\"\ntype = \"made-up\"\ndescription = \"A made-up error.\"\n",
    );
    let spec = edited.load("spec");
    let after = listing(&spec);
    let added: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
    assert!(before.iter().all(|l| after.contains(l)));
    // The variant, with the text field every error variant has.
    let variant = format!(
        "pub RetrieveError::MadeUp {{ {}: String }}",
        spec.replies.error.text_key
    );
    assert_eq!(added, [&variant], "{added:#?}");
}
