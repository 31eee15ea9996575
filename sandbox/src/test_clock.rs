//! `POST /api/sandbox/clock {"advanceSeconds": n}` → `{"offsetSeconds", "now"}`: moves the
//! server clock (routed only with `--test-clock`).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::clock::compact;
use crate::http::{json_response, read_json, ApiError};
use crate::state::App;
use crate::wire::Field;

/// `{"advanceSeconds": <integer>}`.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct AdvanceBody {
    advance_seconds: Field,
}

/// `{"offsetSeconds", "now"}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Advanced {
    offset_seconds: i64,
    now: String,
}

const USAGE: &str = "body expected {\"advanceSeconds\": <integer>}";

/// `POST /api/sandbox/clock`.
pub async fn handle(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    handle_inner(&app, &headers, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn handle_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    let body: AdvanceBody = read_json(headers, body, USAGE).await?;
    let secs = match &body.advance_seconds {
        Field::Number(n) => n.parse::<i64>().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::bad_request("INVALID_REQUEST", USAGE))?;
    let offset = app.clock.advance(secs);
    Ok(json_response(
        StatusCode::OK,
        &Advanced {
            offset_seconds: offset,
            now: compact(&app.clock.local_now()),
        },
    ))
}
