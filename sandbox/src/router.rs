//! The routes of SPEC §6 (plus the test clock), each to its handler module, and the request log.

use std::sync::Arc;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::http::method_not_allowed;
use crate::state::App;
use crate::{files, info, mbanking, reset, test_clock, twofa};

/// One line per request on stderr: method, path (no query), status. Never a body or header.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    eprintln!("{method} {path} {}", response.status().as_u16());
    response
}

/// Every route of SPEC §6, plus the test clock when `test_clock`; no request log when `quiet`.
pub fn router(app: Arc<App>, test_clock: bool, quiet: bool) -> Router {
    let mut router = Router::new()
        .route(
            "/api/v1/resetPIN",
            post(reset::handle).fallback(method_not_allowed),
        )
        .route(
            "/api/v1/mbanking",
            post(mbanking::handle).fallback(method_not_allowed),
        )
        .route(
            "/api/sandbox",
            get(info::handle).fallback(method_not_allowed),
        )
        .route(
            "/api/sandbox/2fa/start",
            post(twofa::start).fallback(method_not_allowed),
        )
        .route(
            "/api/sandbox/2fa/verify",
            post(twofa::verify).fallback(method_not_allowed),
        );
    if test_clock {
        router = router.route(
            "/api/sandbox/clock",
            post(test_clock::handle).fallback(method_not_allowed),
        );
    }
    let router = router.fallback(files::serve).with_state(app);
    if quiet {
        router
    } else {
        router.layer(middleware::from_fn(log))
    }
}
