//! Serving the router over HTTP/1.1 with bounds a client without credentials cannot get around
//! (ADR 0256): at most [`ServeOptions::max_connections`] connections at once (one more is
//! closed as soon as it is accepted), a request's headers read within
//! [`ServeOptions::header_read_timeout`] (the same bound applies to a kept-alive connection
//! waiting for its next request), and each part of a request body within
//! [`ServeOptions::body_read_timeout`] of the previous one (the handler then answers
//! `408 request_timeout` in the endpoint's shape, [`crate::rejection`]).
//!
//! hyper's own HTTP/1 connection does the header timeout and the keep-alive (its
//! `header_read_timeout`, which needs a timer: axum's `serve` sets none, so it never fired).

use std::error::Error as StdError;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

/// The bounds of [`serve_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// Connections open at once; one more is closed when accepted. The default, 512, stays
    /// below the usual limit of 1024 open files a process has, so that the portal keeps the
    /// descriptors its database and log need.
    pub max_connections: usize,
    /// Time to receive a request's line and headers, counted from the first read of the
    /// request; on a kept-alive connection from the end of the previous response, so it is also
    /// how long an idle connection is kept. Default 20 s.
    pub header_read_timeout: Duration,
    /// Longest wait for the next part of a request body once the handler reads it. Default 30 s.
    pub body_read_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            max_connections: 512,
            header_read_timeout: Duration::from_secs(20),
            body_read_timeout: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` with [`ServeOptions::default`] until the process is stopped, with
/// the client's address known to the handlers (the per-address limits, the lookup audit).
pub async fn serve(listener: TcpListener, app: Router) -> std::io::Result<()> {
    serve_with(listener, app, ServeOptions::default()).await
}

/// [`serve`] with the given bounds.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .keep_alive(true);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                // Out of descriptors (EMFILE) or a connection reset before it was accepted:
                // wait a little rather than spin, as axum's `serve` does.
                crate::log::error("accept", &e.to_string());
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Over the bound: closed at once, so that it holds no descriptor.
            drop(stream);
            continue;
        };
        let app = app.clone();
        let body_timeout = options.body_read_timeout;
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let req = req.map(|b| Body::new(TimedBody::new(b, body_timeout)));
            tower_service::Service::call(&mut app.clone(), req)
        });
        let conn = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A failed connection (a timeout, a reset, a malformed request) concerns that
            // client only; hyper has answered what it could.
            let _ = conn.await;
            drop(slot);
        });
    }
}

/// A request body that fails with [`BodyTimedOut`] when its next part does not arrive within the
/// bound after the handler asks for it.
struct TimedBody {
    inner: Incoming,
    timeout: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl TimedBody {
    fn new(inner: Incoming, timeout: Duration) -> Self {
        Self {
            inner,
            timeout,
            sleep: None,
        }
    }
}

/// A request body did not arrive in time (its error, found by [`is_body_timeout`]).
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyTimedOut;

/// Whether `e`, or an error it wraps, is a [`BodyTimedOut`].
pub fn is_body_timeout(e: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(e) = next {
        if e.is::<BodyTimedOut>() {
            return true;
        }
        next = e.source();
    }
    false
}

impl http_body::Body for TimedBody {
    type Data = Bytes;
    type Error = Box<dyn StdError + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                // The next part gets the whole bound again.
                this.sleep = None;
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let timeout = this.timeout;
                let sleep = this.sleep.get_or_insert_with(|| {
                    Box::pin(tokio::time::sleep_until(Instant::now() + timeout))
                });
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut)))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
