//! A small JSON reader and writer, sized for WebAssembly: the parsers read only the fields they
//! use and leave every other value as its JSON text, and results are written straight to text.
//! (serde_json with its float formatting and error machinery cost more bytes than the rest of
//! the module; see docs/performance.md.)

mod object;
mod read;
mod write;

pub(crate) use object::{key_eq, Object};
pub(crate) use read::parse_top;
pub use read::{parse, Json, Kind};
pub(crate) use write::{compact, Writer};
