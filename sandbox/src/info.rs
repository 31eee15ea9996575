//! `GET /api/sandbox`: the demo credentials and fixtures as loaded (read-only).

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::App;

/// `GET /api/sandbox`: the body rendered once at start-up.
pub async fn handle(State(app): State<Arc<App>>) -> Response {
    let mut response = (StatusCode::OK, app.fixtures_body.clone()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
