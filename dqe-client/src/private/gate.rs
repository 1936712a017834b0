//! Whether the reply being decoded may depart from the spec: a flag of the decoding thread,
//! raised on the decoder's cold paths (an unknown key kept, an oddity noted, a status, id or
//! text that is an array or an object), so that a reply that fits its spec is never walked
//! again. What departs is decided by the walk (`crate::departure`), never here: the flag only
//! says that the walk may find something. Decoding is synchronous, so the client clears the
//! flag before decoding a reply and reads it right after, on the same thread.

use std::cell::Cell;

thread_local! {
    static RAISED: Cell<bool> = const { Cell::new(false) };
}

/// Notes that the reply being decoded may depart from the spec.
#[cold]
#[inline(never)]
pub fn raise() {
    RAISED.with(|r| r.set(true));
}

/// Clears the flag, and says whether it was raised since it was last cleared (the client's
/// transport asks).
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub fn take() -> bool {
    RAISED.with(|r| r.replace(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_is_the_threads_and_taking_it_clears_it() {
        let _ = take();
        raise();
        assert!(
            !std::thread::spawn(take).join().unwrap(),
            "another thread's flag"
        );
        assert!(take());
        assert!(!take());
    }
}
