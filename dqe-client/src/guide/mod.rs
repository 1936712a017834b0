//! The guide: one chapter per task, from running the flow to following a change of DQE's API.
//!
//! Every Rust sample in it is compiled and run as a doctest of this crate.
//!
//! | Chapter | For |
//! |---|---|
//! | [`flow`] | running the flow, and its errors (what to tell the customer) |
//! | [`web`] | the flow on a web page: sessions, the callback, `SameSite`, HTML escaping |
//! | [`sandbox`] | testing with the sandbox: scenario numbers, acting as the customer |
//! | [`cli`] | the `dqe` command line: commands, options from the spec, exit codes |
//! | [`spec`] | the spec format, and adding a scope |
//! | [`changes`] | when DQE changes its API: drift, import, diff, releases |
//! | [`reliability`] | what the client promises against hostile servers, and what it never logs |
//! | [`performance`] | where `BENCHMARKS.md`'s figures come from |
//! | [`contributing`] | working on the project: running tests, snapshots, releasing |

// The picture of the flow and the consent page's screenshot sit inside the chapter, inline
// (docs.rs serves no image file beside the page): the SVG as it is, the PNG as a data URI
// (`consent-page.png.base64`, written with `docs/consent-page.png` by the screenshot refresh
// of `tests/tests/browser.rs`, where a test checks that the two agree).
#[doc = include_str!("flow.md")]
#[doc = include_str!("flow.svg")]
#[doc = concat!(
    "<img alt=\"The sandbox's consent page: the partner, the data asked for, the SMS code field, \
     Approve and Decline\" width=\"600\" style=\"max-width: 100%\" src=\"data:image/png;base64,",
    include_str!("consent-page.png.base64"),
    "\">\n\n"
)]
#[doc = include_str!("flow-calls.md")]
pub mod flow {}
#[doc = include_str!("web.md")]
pub mod web {}
#[doc = include_str!("sandbox.md")]
pub mod sandbox {}
#[doc = include_str!("cli.md")]
pub mod cli {}
#[doc = include_str!("spec.md")]
pub mod spec {}
#[doc = include_str!("changes.md")]
pub mod changes {}
#[doc = include_str!("reliability.md")]
pub mod reliability {}
#[doc = include_str!("performance.md")]
pub mod performance {}
#[doc = include_str!("contributing.md")]
pub mod contributing {}
