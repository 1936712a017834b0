//! The value types of replies: lenient dates and timestamps that keep their raw text, durations
//! sent as strings of seconds, comma-separated lists, documents sent as Base64, and [`Oddity`],
//! what a reply held that did not fit its type.

mod document;
mod kept;
mod list;
mod number;
mod time;

pub use document::{Document, DocumentKind};
pub use kept::{Extra, Oddity};
pub use list::List;
pub use number::{Score, Seconds};
pub use time::{Date, IncompleteDate, Timestamp};

/// The traits in the bounds of these types' impls (`List<T: FieldType>`...), public so that the
/// bounds can be read and named. Generated code implements them; implementing them by hand is
/// possible but not needed.
pub use crate::__private::{FieldType, WireValue};
