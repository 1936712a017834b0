//! The code generation that `dqe-macros` (at compile time, for every crate that generates an
//! API) and `dqe-spec-tools` (the OpenAPI export, drift and import) depend on to read an API
//! spec written in TOML and expand it to Rust items.
//!
//! The spec format it reads is the guide's chapter [the spec format, and adding a scope][spec].
//! It knows the spec format and Rust, not any particular API.
//!
//! [spec]: https://docs.rs/dqe-client/latest/dqe_client/guide/spec/index.html
//!
//! The pipeline is `load` (TOML with source spans, shape checks) -> `resolve` (scope files'
//! additions applied to the API's endpoints, type names resolved to the enums and objects they
//! declare) -> `validate` (references, uniqueness, generated names; every problem collected)
//! -> `expand` (tokens). It works on `proc_macro2`, so it runs and is tested outside a
//! compiler; the proc-macro crate is a one-function shim over [`expand_invocation`].
//!
//! The format is documented in the repository's `spec/README.md`.

#![deny(missing_docs)]

mod diag;
mod expand;
mod generated_names;
mod load;
pub mod model;
mod names;
mod reader;
mod resolve;
mod rules;
mod size;
mod template;
mod types;
mod validate;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

pub use diag::{Diagnostic, Loc, SourceFile};
pub use load::{API_FILE, SCOPES_DIR, is_scope_file};
pub use resolve::resolve_types;
pub use rules::canonical_id as canonical_error_id;

/// What the spec tools (`dqe-spec-tools`: the OpenAPI export, the help-centre page reader,
/// drift and import) read of the generator besides the model: how a type and an error text
/// are read, Rust names (and the command line's option names), and the names the expansion gives an endpoint's items, so that the tools and the
/// generated code cannot disagree.
pub mod support {
    pub use crate::generated_names::{
        API_TYPE, CALLBACK_TYPE, CREDENTIALS_TYPE, EndpointNames, SCOPE_TYPE, scope_method,
    };
    pub use crate::names::{backticked, is_camel_ident, is_snake_ident, kebab_case};
    pub use crate::template::parse as parse_template;
    pub use crate::types::{parse_type, type_name, value_type};
}

/// Loads and checks the spec in `dir`.
///
/// `display` is how `dir` is named in diagnostics.
///
/// # Errors
/// Every problem found, each naming its file, line, column and key.
pub fn load_spec(dir: &Path, display: &str) -> Result<model::Spec, Vec<Diagnostic>> {
    let (files, diags) = load::read_files(dir, display);
    if !diags.is_empty() {
        return Err(diags.into_vec());
    }
    load_spec_from(files)
}

/// Loads and checks the spec in `base`, extended with the scope files of `extra`'s `scopes/` (a
/// directory that holds no API file of its own).
///
/// Each is `(directory, how it is named in diagnostics)`.
///
/// # Errors
/// Every problem found, each naming its file, line, column and key.
pub fn load_extended(
    base: (&Path, &str),
    extra: (&Path, &str),
) -> Result<model::Spec, Vec<Diagnostic>> {
    let (files, diags) = load::read_extended(base, extra);
    if !diags.is_empty() {
        return Err(diags.into_vec());
    }
    load_spec_from(files)
}

/// Loads and checks a spec whose files are already in memory: the API file first, then the
/// scope files (for tools and fuzzing; the macro reads a directory).
///
/// # Errors
/// Every problem found, each naming its file, line, column and key.
pub fn load_spec_from(files: Vec<SourceFile>) -> Result<model::Spec, Vec<Diagnostic>> {
    let (spec, mut diags) = read_spec(files)?;
    validate::check_spec(&spec, &mut diags);
    if diags.is_empty() {
        Ok(spec)
    } else {
        Err(diags.into_vec())
    }
}

/// Reads a spec's files into the model, the scope files' additions applied and the type names
/// resolved, with the shape problems found: everything before the checks. A spec one of whose
/// files does not parse, or no file at all, is an error here (the checks would only mislead).
fn read_spec(files: Vec<SourceFile>) -> Result<(model::Spec, diag::Diagnostics), Vec<Diagnostic>> {
    if files.is_empty() {
        return Err(vec![Diagnostic {
            file: None,
            line_col: None,
            key: None,
            message: format!("missing spec file: no `{}` given", load::API_FILE),
        }]);
    }
    let load::Loaded {
        mut spec,
        extensions,
        mut diags,
        parsed,
    } = load::load_files(files);
    resolve::apply_extensions(&mut spec, extensions, &mut diags);
    resolve::resolve_types(&mut spec);
    if parsed {
        Ok((spec, diags))
    } else {
        Err(diags.into_vec())
    }
}

/// The macro's path from files to tokens: read, checked once, and expanded with what the
/// checks resolved (the journey's endpoints and fields).
fn expand_files(
    (files, read_problems): (Vec<SourceFile>, diag::Diagnostics),
) -> Result<TokenStream, Vec<Diagnostic>> {
    if !read_problems.is_empty() {
        return Err(read_problems.into_vec());
    }
    let (spec, mut diags) = read_spec(files)?;
    let checked = validate::check_spec(&spec, &mut diags);
    if diags.is_empty() {
        Ok(expand::expand(&spec, &checked))
    } else {
        Err(diags.into_vec())
    }
}

/// Expands a spec that [`load_spec`] returned (for tools, tests and benchmarks; the macro reads and
/// checks its files once, then expands).
///
/// The checks run on it, and hand the expansion the references they resolve (the journey's
/// endpoints and fields): a spec that does not pass them (one built or edited by hand, with a type
/// left unresolved: see [`resolve_types`]) expands to `compile_error!`s, one per problem.
pub fn expand_spec(spec: &model::Spec) -> TokenStream {
    let mut diags = diag::Diagnostics::default();
    diags.set_files(&spec.files);
    let checked = validate::check_spec(spec, &mut diags);
    if diags.is_empty() {
        expand::expand(spec, &checked)
    } else {
        compile_errors(proc_macro2::Span::call_site(), &diags.into_vec())
    }
}

/// One `compile_error!` per diagnostic, at `span`.
fn compile_errors(span: proc_macro2::Span, diags: &[Diagnostic]) -> TokenStream {
    let mut errors = diags.iter().map(|d| syn::Error::new(span, d.to_string()));
    let mut first = errors
        .next()
        .unwrap_or_else(|| syn::Error::new(span, "invalid spec"));
    for e in errors {
        first.combine(e);
    }
    first.to_compile_error()
}

/// The spec a macro invocation names, as [`expand_invocation`] reads its argument.
enum Named {
    /// No argument (or `shipped`): the spec the macro crate ships.
    Shipped,
    /// `"DIR"`: a whole spec of one's own.
    Own(syn::LitStr),
    /// `shipped + "DIR"`: the shipped spec, with the scope files of `DIR` added.
    Extended(syn::LitStr),
}

impl syn::parse::Parse for Named {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Self::Shipped);
        }
        if input.peek(syn::LitStr) {
            return Ok(Self::Own(input.parse()?));
        }
        let word: syn::Ident = input.parse()?;
        if word != "shipped" {
            return Err(syn::Error::new(word.span(), "unknown word"));
        }
        if input.is_empty() {
            return Ok(Self::Shipped);
        }
        input.parse::<syn::Token![+]>()?;
        Ok(Self::Extended(input.parse()?))
    }
}

/// The macro's whole work.
///
/// `input` is the macro's argument: nothing (or `shipped`) for the spec the macro crate ships,
/// found in `shipped` (its directory, and how to name it in messages); a string literal naming a
/// spec directory of one's own, relative to the file that invokes the macro, like `include_str!`;
/// or `shipped + "DIR"`, the shipped spec with the scope files of `DIR/scopes/` added.
/// `invoking_file` is that file, where the compiler can tell it.
///
/// Never panics: a bad argument or a bad spec becomes `compile_error!`s, one per problem.
pub fn expand_invocation(
    input: TokenStream,
    invoking_file: Option<PathBuf>,
    shipped: (&Path, &str),
) -> TokenStream {
    let named: Named = match syn::parse2(input) {
        Ok(named) => named,
        Err(e) => {
            return syn::Error::new(
                e.span(),
                "expected nothing (the shipped spec), a spec directory as a string literal (`generate_api!(\"../spec\")`), or the shipped spec extended with a directory's scopes (`generate_api!(shipped + \"../spec\")`)",
            )
            .to_compile_error();
        }
    };
    let (read, span) = match &named {
        Named::Shipped => (
            load::read_files(shipped.0, shipped.1),
            proc_macro2::Span::call_site(),
        ),
        Named::Own(lit) => {
            let dir = spec_dir(&lit.value(), invoking_file.as_deref());
            (load::read_files(&dir, &lit.value()), lit.span())
        }
        Named::Extended(lit) => {
            let dir = spec_dir(&lit.value(), invoking_file.as_deref());
            (
                load::read_extended(shipped, (&dir, &lit.value())),
                lit.span(),
            )
        }
    };
    expand_files(read).unwrap_or_else(|diags| compile_errors(span, &diags))
}

/// Where the spec is: relative to the invoking file's directory when the compiler says which
/// file that is, else relative to the crate being compiled.
fn spec_dir(written: &str, invoking_file: Option<&Path>) -> PathBuf {
    let path = Path::new(written);
    if path.is_absolute() {
        return path.to_path_buf();
    }
    if let Some(dir) = invoking_file.and_then(Path::parent) {
        return dir.join(path);
    }
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(path)
}
