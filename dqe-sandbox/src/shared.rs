//! What every handler shares: the spec served, the settings, the address consent pages start
//! with, and the store (purged of expired entries whenever it is used).

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use super::config::SandboxConfig;
use super::store::Store;
use dqe_client::journey::ApiInfo;
#[cfg(doc)]
use dqe_client::journey::Journey;

/// What the handlers share: the spec served, the settings and the state.
pub(super) struct Shared {
    /// What the spec says of the journey served.
    pub(super) api: &'static ApiInfo,
    /// The query string the consent page sends the browser back with: the flow's token, and
    /// whether the customer approved (the spec's [`Journey::callback_query`]).
    pub(super) callback_query: fn(&str, bool) -> String,
    /// The settings.
    pub(super) config: SandboxConfig,
    /// The address the consent URLs start with.
    pub(super) base_url: String,
    /// The live tokens and their flows.
    pub(super) store: Mutex<Store>,
}

impl Shared {
    /// The consent page's address for a consent id.
    pub(super) fn consent_url(&self, consent_id: &str) -> String {
        format!("{}/consent/{consent_id}", self.base_url)
    }

    /// The state, expired entries purged.
    pub(super) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the maps inconsistent enough to matter
        // for a simulator: keep serving.
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        store.purge(Instant::now());
        store
    }
}
