//! The value types of replies: lenient dates and timestamps that keep their raw text, durations
//! sent as strings of seconds, comma-separated lists, documents sent as Base64, and [`Oddity`],
//! what a reply held that did not fit its type.

mod document;
mod field;
mod kept;
mod list;
mod number;
mod time;

pub use document::{Document, DocumentKind};
pub use kept::{Extra, Oddity};
pub use list::List;
pub use number::{Score, Seconds};
pub use time::{Date, IncompleteDate, Timestamp};

pub use field::{FieldType, WholeNumber, WireValue};
// The table of the JSON kinds a field of each type reads, shared with the spec tools:
// `FieldType::VALUE_TYPE` names a type's row.
pub use dqe_spec_types::lenient::ValueType;
#[doc(hidden)]
pub use dqe_spec_types::lenient::{JsonKind, reads};
