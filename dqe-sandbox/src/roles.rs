//! The parts some of an endpoint's parameters play in the sandbox (the customer's phone number,
//! the partner's name, the address the consent page sends the browser back to), from the `role`
//! the spec gives each parameter, never from its name.

use dqe_client::endpoint::{EndpointInfo, ParamInfo, ParamRole};

/// The parameters of an endpoint that play a part in the sandbox; `None` where it has none.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Roles {
    /// The customer's phone number: it chooses the scenario and the operator.
    pub(super) phone: Option<&'static ParamInfo>,
    /// The partner's name, shown on the consent page.
    pub(super) partner: Option<&'static ParamInfo>,
    /// Where the consent page sends the browser back.
    pub(super) redirect: Option<&'static ParamInfo>,
}

impl Roles {
    /// The parts of `info`'s parameters.
    pub(super) fn of(info: &'static EndpointInfo) -> Self {
        let with = |role| info.params.iter().find(|p| p.role == Some(role));
        Self {
            phone: with(ParamRole::Phone),
            partner: with(ParamRole::Partner),
            redirect: with(ParamRole::Redirect),
        }
    }

    /// Whether `p` is the redirect address.
    pub(super) fn is_redirect(&self, p: &ParamInfo) -> bool {
        self.redirect.is_some_and(|r| r.name == p.name)
    }
}
