//! The transport layer: tokens, sending one request, reading and decoding its reply. Generic
//! over the endpoint traits; nothing here knows a step of the consent journey.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use secrecy::ExposeSecret;
use tracing::Instrument;

use super::builder::DEFAULT_MAX_BODY_SIZE;
use super::{Client, DecodeError, DecodeKind, Error, Token, Transport};
use crate::endpoint::{
    ApiError, EncodeContext, Endpoint, EndpointInfo, Method, Outcome, Reply, TokenGrant,
};
use crate::journey::{Journey, TokenErrorOf};

/// What [`Client::send`] gives: the reply's outcome, or what went wrong.
pub(super) type Sent<E, A> = Result<
    Outcome<
        <<E as Endpoint>::Reply as Reply>::Success,
        <<E as Endpoint>::Reply as Reply>::Pending,
        <<E as Endpoint>::Reply as Reply>::Error,
    >,
    Error<<<E as Endpoint>::Reply as Reply>::Error, A>,
>;

impl<A: Journey> Client<A> {
    /// A valid token: the one given to the builder, else a cached one, else a new one from the
    /// token endpoint.
    ///
    /// Concurrent callers share one fetch, and its failure: a caller that waited on a fetch that
    /// failed gets that failure rather than trying again. A token is refreshed shortly before it
    /// expires.
    ///
    /// # Errors
    /// What the token endpoint answered, or what went wrong reaching it.
    pub async fn token(&self) -> Result<Token, Error<TokenErrorOf<A>, A>> {
        if let Some(t) = &self.inner.fixed_token {
            return Ok(t.clone());
        }
        let seen = self.inner.token_fetches.load(Ordering::Acquire);
        let mut cache = self.inner.tokens.lock().await;
        let now = self.inner.clock.now();
        if let Some(t) = &cache.token
            && t.refresh_at.is_some_and(|r| now < r)
        {
            tracing::debug!("cached token reused");
            return Ok(t.clone());
        }
        if let Some((fetch, failure)) = &cache.failure
            && *fetch > seen
        {
            return Err(failure.clone());
        }
        let result = self.fetch_token().await;
        // Numbered as it ends: the callers that started waiting before this share its failure.
        let fetch = self.inner.token_fetches.fetch_add(1, Ordering::AcqRel) + 1;
        match result {
            Ok(token) => {
                cache.token = Some(token.clone());
                cache.failure = None;
                Ok(token)
            }
            Err(e) => {
                cache.failure = Some((fetch, e.clone()));
                Err(e)
            }
        }
    }

    /// A new token from the token endpoint, not cached: what each consent flow starts with,
    /// since step 2 finds its session by the token alone.
    ///
    /// # Errors
    /// What the token endpoint answered, or what went wrong reaching it.
    pub async fn new_token(&self) -> Result<Token, Error<TokenErrorOf<A>, A>> {
        match &self.inner.fixed_token {
            Some(t) => Ok(t.clone()),
            None => self.fetch_token().await,
        }
    }

    async fn fetch_token(&self) -> Result<Token, Error<TokenErrorOf<A>, A>> {
        let grant = match self.send(&A::Token::default(), None).await? {
            Outcome::Success(s) => s,
            Outcome::Error(e) => return Err(Error::Api(e)),
            // A token endpoint has no pending outcome: a reply that says so is not understood.
            Outcome::Pending(_) => return Err(Error::UnrecognizedStatus(None)),
            Outcome::Unrecognized(s) => return Err(Error::UnrecognizedStatus(s)),
        };
        let Some(value) = grant.token() else {
            return Err(Error::UnrecognizedStatus(None));
        };
        tracing::debug!(
            lifetime_s = grant.lifetime().map(|l| l.as_secs()),
            "token issued (a lifetime over a day, zero or none reads as 300 s)"
        );
        Ok(Token::issued(
            value,
            grant.lifetime(),
            self.inner.clock.now(),
        ))
    }

    /// Forgets the cached token (and a cached failure), so that the next call obtains a new one.
    pub async fn forget_token(&self) {
        let mut cache = self.inner.tokens.lock().await;
        cache.token = None;
        cache.failure = None;
    }

    /// Sends one request and decodes its reply.
    ///
    /// Endpoints that take a token get `token`. A documented error is `Err(Error::Api(..))`
    /// whatever its HTTP status; an unknown status is `Ok(Outcome::Unrecognized(..))`. Never
    /// retries, never follows a redirect.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send<E>(&self, request: &E, token: Option<&Token>) -> Sent<E, A>
    where
        E: Endpoint<Credentials = A::Credentials>,
    {
        let method = if E::accepts(self.method) {
            self.method
        } else {
            E::METHODS.first().copied().unwrap_or(Method::Post)
        };
        let span = tracing::info_span!(
            "dqe.request",
            endpoint = E::NAME,
            method = method.as_str(),
            http.status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            error_id = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .exchange::<E>(request, token, method)
            .instrument(span.clone())
            .await;
        let duration_ms = super::millis(started.elapsed());
        span.record("duration_ms", duration_ms);
        let (status, bytes) = match &result {
            Ok(exchange) => (Some(exchange.status), Some(exchange.body_len)),
            Err(
                Error::HttpStatus { status, .. }
                | Error::Redirect { status }
                | Error::BodyTooLarge { status, .. },
            ) => (Some(*status), None),
            Err(Error::Decode(d)) => (Some(d.status), Some(d.body_len)),
            Err(_) => (None, None),
        };
        if let Some(status) = status {
            span.record("http.status", status);
        }
        let outcome = result.map(|x| {
            let outcome = x.reply.into_outcome();
            // Cold: a reply that fits its spec raised no flag and names a known status or id.
            if x.may_depart || super::departures::departs(&outcome) {
                self.note_departures::<E>(without_bom(&x.body));
            }
            (x.status, x.content_type, outcome)
        });
        let error_id = match &outcome {
            Ok((_, _, Outcome::Error(e))) => Some(crate::redact::Printable(e.id()).to_string()),
            _ => None,
        };
        if let Some(id) = &error_id {
            span.record("error_id", id.as_str());
        }
        // What was done, never a value: the path is the spec's, without a query string.
        // Logged outside the span, which would only repeat its fields.
        tracing::info!(
            endpoint = E::NAME,
            method = method.as_str(),
            path = E::PATH,
            status,
            duration_ms,
            bytes,
            error_id,
            failure = outcome.as_ref().err().map(|e| e.kind_name()),
            "request"
        );
        match outcome? {
            (_, _, Outcome::Error(e)) => Err(Error::Api(e)),
            // The body is not a documented reply: the HTTP status says more.
            (status, content_type, Outcome::Unrecognized(_)) if !(200..300).contains(&status) => {
                Err(Error::HttpStatus {
                    status,
                    content_type,
                    body_len: bytes.unwrap_or(0),
                })
            }
            (_, _, other) => Ok(other),
        }
    }

    async fn exchange<E>(
        &self,
        request: &E,
        token: Option<&Token>,
        method: Method,
    ) -> Result<Exchange<E::Reply>, Error<<E::Reply as Reply>::Error, A>>
    where
        E: Endpoint<Credentials = A::Credentials>,
    {
        let token = token.map(|t| t.value.expose_secret());
        let form = request.to_form(&EncodeContext::new(&self.inner.credentials, token));
        let url = format!("{}{}", self.inner.base, E::PATH);
        let builder = match method {
            Method::Post => self
                .inner
                .http
                .post(url)
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form),
            Method::Get => {
                let url = if form.is_empty() {
                    url
                } else {
                    format!("{url}?{form}")
                };
                self.inner.http.get(url)
            }
        };
        // The semaphore is never closed, so acquiring only waits.
        let _slot = match &self.inner.in_flight {
            Some(limit) => Some(Arc::clone(limit).acquire_owned().await),
            None => None,
        };
        let sent_at = Instant::now();
        let mut response = builder
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        tracing::debug!(
            head_ms = super::millis(sent_at.elapsed()),
            "reply head received (connecting included)"
        );
        let status = response.status().as_u16();
        // Never followed, and the location is not kept: it may carry anything.
        if response.status().is_redirection() {
            return Err(Error::Redirect { status });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let limit = body_limit(self.inner.max_body_size, E::INFO);
        let body = read_limited(&mut response, limit)
            .await
            .map_err(|e| match e {
                ReadError::TooLarge(limit) => Error::BodyTooLarge { status, limit },
                ReadError::Transport(e) => transport_error(e),
            })?;
        let body_len = body.len();
        match decode::<E::Reply>(&body) {
            Ok((reply, may_depart)) => Ok(Exchange {
                status,
                content_type,
                body_len,
                reply,
                may_depart,
                body,
            }),
            // Not a reply at all (an HTML error page...): the HTTP status says more.
            Err(_) if !(200..300).contains(&status) => Err(Error::HttpStatus {
                status,
                content_type,
                body_len,
            }),
            Err((kind, line, column)) => Err(Error::Decode(DecodeError {
                kind,
                status,
                content_type,
                body_len,
                line,
                column,
            })),
        }
    }
}

/// A decoded reply with what the HTTP layer said about it, and its body, kept until its
/// outcome says whether it departs from the spec.
pub(super) struct Exchange<R> {
    status: u16,
    content_type: Option<String>,
    body_len: usize,
    reply: R,
    /// Whether decoding raised the flag of a reply that may depart from the spec.
    may_depart: bool,
    body: Vec<u8>,
}

/// The longest reply body read from the endpoint `info`: the limit set on the builder when
/// there is one ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size)), else
/// the spec's for the endpoint (`max_body`), else [`DEFAULT_MAX_BODY_SIZE`]. The one place the
/// two combine.
fn body_limit(configured: Option<usize>, info: &EndpointInfo) -> usize {
    configured
        .or(info.max_body)
        .unwrap_or(DEFAULT_MAX_BODY_SIZE)
}

enum ReadError {
    TooLarge(usize),
    Transport(reqwest::Error),
}

/// The body, read chunk by chunk up to `limit` bytes: a declared length over the limit is
/// refused before reading, and reading stops as soon as the limit is passed.
async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, ReadError> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ReadError::TooLarge(limit));
    }
    let capacity = declared.map_or(1024, |n| usize::try_from(n).unwrap_or(limit));
    let mut body = Vec::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if chunk.len() > limit - body.len() {
            return Err(ReadError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The UTF-8 byte order mark some servers (PHP, .NET) put before their JSON.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A body without its leading byte order mark, if it has one.
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(BOM).unwrap_or(body)
}

/// Decodes a reply, after a leading byte order mark, with whether it may depart from the spec
/// (the decoder's flag, [`crate::__private::gate`]). On failure, why and where, never the text:
/// the body may hold anything.
pub(crate) fn decode<R: Reply>(body: &[u8]) -> Result<(R, bool), (DecodeKind, usize, usize)> {
    let json = without_bom(body);
    crate::__private::gate::take();
    let mut de = serde_json::Deserializer::from_slice(json);
    let where_ = |e: &serde_json::Error| (e.line(), e.column());
    let reply = serde::Deserialize::deserialize(&mut de).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Data => DecodeKind::NotAnObject,
            _ => DecodeKind::NotJson,
        };
        let (line, column) = where_(&e);
        (kind, line, column)
    })?;
    de.end().map_err(|e| {
        let (line, column) = where_(&e);
        (DecodeKind::TrailingData, line, column)
    })?;
    Ok((reply, crate::__private::gate::take()))
}

pub(super) fn transport_error<E, A: Journey>(e: reqwest::Error) -> Error<E, A> {
    let e = e.without_url();
    if e.is_connect() {
        Error::Connect(Transport(Arc::new(e)))
    } else if e.is_timeout() {
        Error::Timeout(Transport(Arc::new(e)))
    } else {
        Error::Transport(Transport(Arc::new(e)))
    }
}

impl<E: ApiError, A: Journey> Error<E, A> {
    /// Wraps a failure of a step that may have reached the server.
    pub(super) fn unconfirmed(self, flow: super::Flow<A>) -> Self {
        if self.was_not_sent() || matches!(self, Error::Api(_)) {
            self
        } else {
            Error::Unconfirmed {
                flow: Box::new(flow),
                cause: Box::new(self),
            }
        }
    }
}
