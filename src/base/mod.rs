//! The bottom floor: small helpers that every other module may use and that use nothing else of
//! the crate, so imports point one way (docs/design.md, "Module layout").

pub(crate) mod civil;
pub(crate) mod digits;
pub(crate) mod hex;
pub(crate) mod percent;
pub(crate) mod url;
