//! The consent journey on top of the transport: step 1 ([`Client::initiate`]), step 2
//! ([`Client::retrieve`]), polling ([`Client::wait`]) and the browser's return
//! ([`Client::complete_callback`]).

use std::sync::Arc;
use std::time::Duration;

use super::{
    Check, Client, Consent, Error, Flow, MIN_POLL_INTERVAL, MIN_POLL_TIME, Started, Token,
    consent_url, millis,
};
use crate::endpoint::{CallbackError, Endpoint, HasScopes, Outcome, ScopeInfo};
use crate::journey::{ConsentErrorOf, Journey, RetrieveErrorOf, RetrieveSuccessOf};

impl<A: Journey> Client<A> {
    /// Step 1 with a new token ([`Client::new_token`]: step 2 finds the session by its token
    /// alone, so each flow has its own): sends the consent request and returns the consent URL
    /// with the flow handle for step 2.
    ///
    /// Sent at most once: it sends the customer an SMS. When it may have reached the server but
    /// its answer was not understood (a timeout, a broken connection, an unknown status, an
    /// undecodable body, a redirect...), the error is [`Error::Unconfirmed`], which holds the
    /// flow to poll instead of sending step 1 again.
    ///
    /// The consent URL is checked before it is returned, since a page may render it as a link:
    /// an absolute `https` URL with a host and no user name or password, at most 4 KiB, with no
    /// white space or control character (`http` too while the client talks to a loopback
    /// server, the sandbox). Any other (`javascript:`, `data:`, relative, empty, or none when
    /// the scopes need consent) is refused as [`Error::ConsentUrl`], naming the rule it broke,
    /// inside [`Error::Unconfirmed`]: the SMS may have been sent.
    ///
    /// # Errors
    /// The step's documented error, a failure to obtain the token ([`Error::Token`]: step 1 was
    /// not sent), a connection failure (not sent), or [`Error::Unconfirmed`].
    pub async fn initiate<R>(&self, request: &R) -> Result<Consent<A>, Error<ConsentErrorOf<A>, A>>
    where
        R: Endpoint<Credentials = A::Credentials, Reply = A::ConsentReply>
            + HasScopes<Scope = A::Scope>,
    {
        let token = self
            .new_token()
            .await
            .map_err(|e| Error::Token(Arc::new(e)))?;
        self.initiate_with_token(request, token).await
    }

    /// Step 1 for any scope: a new token, then the request, answered by what the scopes asked for
    /// are.
    ///
    /// When none of them needs consent (one-step scopes; a request naming none asks for the spec's
    /// default scopes: `ApiInfo::needs_consent`) and the reply is a result, it is
    /// [`Started::Done`], with no flow and no polling; otherwise [`Started::Consent`], as
    /// [`Client::initiate`] gives. A one-step scope that answers with a consent URL instead of its
    /// result (a shape DQE's `matching_notp` page shows) is a consent to follow, never an empty
    /// result.
    ///
    /// # Errors
    /// As [`Client::initiate`].
    pub async fn start<R>(&self, request: &R) -> Result<Started<A>, Error<ConsentErrorOf<A>, A>>
    where
        R: Endpoint<Credentials = A::Credentials, Reply = A::ConsentReply>
            + HasScopes<Scope = A::Scope>,
    {
        let needs_consent = needs_consent::<A>(&request.scopes().unwrap_or_default());
        let consent = self.initiate(request).await?;
        Ok(if !needs_consent && consent.url().is_none() {
            Started::Done(Box::new(consent.reply))
        } else {
            Started::Consent(Box::new(consent))
        })
    }

    /// Step 1 with a token obtained elsewhere.
    ///
    /// # Errors
    /// As [`Client::initiate`].
    pub async fn initiate_with_token<R>(
        &self,
        request: &R,
        token: Token,
    ) -> Result<Consent<A>, Error<ConsentErrorOf<A>, A>>
    where
        R: Endpoint<Credentials = A::Credentials, Reply = A::ConsentReply>
            + HasScopes<Scope = A::Scope>,
    {
        let scopes = request.scopes().unwrap_or_default();
        let needs_consent = needs_consent::<A>(&scopes);
        let flow = Flow::started(&token, scopes, self.clock());
        match self.send(request, Some(&token)).await {
            Ok(Outcome::Success(reply)) => {
                // Checked before anyone sees it; the SMS may be sent, so the flow is kept.
                match consent_url::check(A::consent_url(&reply), needs_consent, self.inner.loopback)
                {
                    Ok(()) => Ok(Consent { flow, reply }),
                    Err(why) => Err(Error::ConsentUrl(why).unconfirmed(flow)),
                }
            }
            Ok(Outcome::Pending(never)) => match never {},
            Ok(Outcome::Error(e)) => Err(Error::Api(e)),
            Ok(Outcome::Unrecognized(s)) => Err(Error::UnrecognizedStatus(s).unconfirmed(flow)),
            Err(e) => Err(e.unconfirmed(flow)),
        }
    }

    /// Step 2, once: `Ready` with the data, or `Pending`.
    ///
    /// # Errors
    /// The step's documented error (`21` when the customer declined...), or a transport or
    /// decoding failure.
    pub async fn retrieve(&self, flow: &Flow<A>) -> Result<Check<A>, Error<RetrieveErrorOf<A>, A>> {
        let request = A::retrieve(flow.scopes().clone());
        match self.send(&request, Some(&flow.token())).await? {
            Outcome::Success(s) => Ok(Check::Ready(s)),
            Outcome::Pending(p) => Ok(Check::Pending(p)),
            Outcome::Error(e) => Err(Error::Api(e)),
            Outcome::Unrecognized(s) => Err(Error::UnrecognizedStatus(s)),
        }
    }

    /// Step 2 until the data is there or a final error comes, for at most `max_wait` (any duration,
    /// `Duration::MAX` included) and never past the token's expiry.
    ///
    /// Polls at the configured interval, growing gently, with jitter; retries transport failures,
    /// HTTP 5xx and retryable errors a bounded number of times in a row. Dropping the future stops
    /// it.
    ///
    /// The deadline is kept, a poll in flight included: a poll may take at most what is left
    /// of the wait (or the request timeout, if smaller), and a later poll starts only with at
    /// least [`MIN_POLL_TIME`] left after a pause of at least [`MIN_POLL_INTERVAL`]; when no
    /// such poll fits, the wait ends at once rather than start one the deadline would cut. The
    /// first poll is always made, with at least [`MIN_POLL_TIME`] (so a wait shorter than that
    /// may last up to [`MIN_POLL_TIME`]).
    ///
    /// # Errors
    /// A final documented error, [`Error::WaitTimeout`], or the last failure once retries are
    /// spent.
    pub async fn wait(
        &self,
        flow: &Flow<A>,
        max_wait: Duration,
    ) -> Result<RetrieveSuccessOf<A>, Error<RetrieveErrorOf<A>, A>> {
        let clock = &self.inner.clock;
        let policy = &self.inner.poll;
        let start = clock.now();
        let mut budget = max_wait;
        if let Some(left) = flow.token_time_left(clock.wall()) {
            budget = budget.min(left);
        }
        // `None`: further away than an `Instant` can say, so never reached.
        let deadline = start.checked_add(budget);
        let left_at = |now| deadline.map(|d: std::time::Instant| d.saturating_duration_since(now));
        let timed_out = |polls| {
            let waited = clock.now().saturating_duration_since(start);
            tracing::info!(
                polls,
                waited_ms = millis(waited),
                "wait over: no final answer in time"
            );
            Error::WaitTimeout { waited, polls }
        };
        let mut delay = policy.interval;
        let mut failures = 0;
        let mut polls: u32 = 0;
        loop {
            let cap =
                left_at(clock.now()).map(|l| if polls == 0 { l.max(MIN_POLL_TIME) } else { l });
            polls = polls.saturating_add(1);
            match self.retrieve_within(flow, cap).await {
                None => {
                    tracing::info!(polls, "the wait's deadline cut the poll in flight");
                    return Err(timed_out(polls));
                }
                Some(Ok(Check::Ready(data))) => return Ok(data),
                Some(Ok(Check::Pending(_))) => {
                    failures = 0;
                    tracing::info!(polls, "step 2 pending: polling again");
                }
                Some(Err(e)) if e.is_retryable() && failures < policy.max_retries => {
                    failures += 1;
                    let max = policy.max_retries;
                    tracing::info!(polls, failures, max, "retrying after a retryable failure");
                }
                Some(Err(e)) => return Err(e),
            }
            // The policy's bounds (1 s to an hour) keep these products finite.
            let jittered = delay
                .mul_f64(0.9 + unit_random() * 0.2)
                .max(MIN_POLL_INTERVAL);
            let left = left_at(clock.now());
            let pause = match left {
                Some(l) if l < MIN_POLL_INTERVAL + MIN_POLL_TIME => return Err(timed_out(polls)),
                Some(l) => jittered.min(l - MIN_POLL_TIME),
                None => jittered,
            };
            tracing::debug!(
                polls,
                pause_ms = millis(pause),
                left_ms = left.map(millis),
                "next poll scheduled"
            );
            clock.sleep(pause).await;
            delay = delay.mul_f64(policy.backoff).min(policy.max_interval);
        }
    }

    /// Step 2 once, given at most `cap` when that is less than the request timeout: `None`
    /// when the cap cut it. Bounded in real time (a fake [`Clock`](super::Clock) only decides
    /// how long the cap is).
    async fn retrieve_within(
        &self,
        flow: &Flow<A>,
        cap: Option<Duration>,
    ) -> Option<Result<Check<A>, Error<RetrieveErrorOf<A>, A>>> {
        match cap.filter(|c| *c < self.inner.timeout) {
            Some(cap) => tokio::time::timeout(cap, self.retrieve(flow)).await.ok(),
            None => Some(self.retrieve(flow).await),
        }
    }

    /// The check-once form of [`Client::complete_callback`], for a page that must answer at
    /// once: refuses a callback carrying another flow's token as it does, then asks step 2 once
    /// ([`Client::retrieve`]): [`Check::Ready`] with the data, or [`Check::Pending`] (show
    /// "fetching your details..." and ask again in a second or two).
    ///
    /// # Errors
    /// [`Error::Callback`] for a query without a token or with another flow's token, else as
    /// [`Client::retrieve`].
    pub async fn check_callback(
        &self,
        query: &str,
        expected: &Flow<A>,
    ) -> Result<Check<A>, Error<RetrieveErrorOf<A>, A>> {
        check_token::<A>(query, expected)?;
        self.retrieve(expected).await
    }

    /// From the redirect DQE sends the customer's browser to (its query string, or the whole URL)
    /// to the data, in one call, for the flow this user started (`expected`, kept in the user's
    /// session since step 1).
    ///
    /// The callback's token must be that flow's token: a callback carrying another one (a leaked or
    /// forged redirect URL) is refused before any request, as OAuth 2.0 checks its `state`. Then
    /// waits for step 2 as [`Client::wait`] does. A callback with an error status still asks step
    /// 2, which says which error it was.
    ///
    /// ```no_run
    /// # async fn run(client: dqe_client::client::Client, query: &str, session_flow: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use dqe_client::client::Flow;
    /// // The flow stored in this user's session when step 1 was sent.
    /// let flow: Flow = serde_json::from_str(session_flow)?;
    /// let data = client.complete_callback(query, &flow, Duration::from_secs(60)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Callback`] for a query without a token or with another flow's token, else as
    /// [`Client::wait`].
    pub async fn complete_callback(
        &self,
        query: &str,
        expected: &Flow<A>,
        max_wait: Duration,
    ) -> Result<RetrieveSuccessOf<A>, Error<RetrieveErrorOf<A>, A>> {
        check_token::<A>(query, expected)?;
        self.wait(expected, max_wait).await
    }
}

/// The callback's token is the flow's own: a callback with another one (a leaked or forged
/// redirect URL) is refused before any request, as OAuth 2.0 checks its `state`.
fn check_token<A: Journey>(
    query: &str,
    expected: &Flow<A>,
) -> Result<(), Error<RetrieveErrorOf<A>, A>> {
    let token = A::callback_token(query).map_err(Error::Callback)?;
    if expected.has_token(&token) {
        Ok(())
    } else {
        Err(Error::Callback(CallbackError::OtherFlow))
    }
}

/// Whether a step 1 asking for `scopes` needs the customer's consent: as the spec's tables say
/// ([`ApiInfo::needs_consent`](crate::journey::ApiInfo::needs_consent)); a scope the spec does
/// not list is taken to need it.
fn needs_consent<A: Journey>(scopes: &[A::Scope]) -> bool {
    let known: Option<Vec<&'static ScopeInfo>> = scopes.iter().map(A::scope_info).collect();
    known.is_none_or(|known| A::INFO.needs_consent(&known))
}

/// A number in `[0, 1)` for the polls' jitter (spreading clients that started together): the
/// standard library's randomly keyed hasher, whose keys change with every `RandomState`, over
/// no input. Not for secrets; it spares every dependent a random-number crate.
fn unit_random() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::hash::RandomState::new().build_hasher().finish();
    // The top 53 bits: every such value is exact in an f64, and the largest is below 1.
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::unit_random;

    #[test]
    fn jitter_is_in_range_and_varies() {
        let draws: Vec<f64> = (0..1000).map(|_| unit_random()).collect();
        assert!(draws.iter().all(|x| (0.0..1.0).contains(x)));
        let low = draws.iter().filter(|x| **x < 0.5).count();
        // A fair draw puts 500 of 1000 below one half; 400..600 is over six sigmas wide.
        assert!((400..600).contains(&low), "{low} of 1000 below 0.5");
    }
}
