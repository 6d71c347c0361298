//! What the servers' HTTP means, as pure functions: request URLs ([`url`]), an answer that is
//! not a success as an error ([`classify`]), and when to try again ([`retry`]).

pub(crate) mod classify;
pub(crate) mod retry;
pub(crate) mod state;
pub(crate) mod url;
