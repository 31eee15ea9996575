//! HTTP plumbing shared by the routes: JSON error bodies, the content-type check, reading a
//! body under the 64 KiB limit (chunked or not) and parsing it as JSON.

use std::time::Duration;

use axum::body::Body;
use axum::http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use serde_json::error::Category;
use zeroize::Zeroizing;

use crate::wire::Object;

/// Largest request body accepted, in bytes.
pub const MAX_BODY: usize = 65_536;
/// How much of an over-long body is read and dropped before answering 413, so the client sees
/// the answer instead of a connection reset.
const DRAIN_MAX: usize = 1 << 20;
/// Deepest JSON nesting accepted; far more than any request needs.
pub const MAX_DEPTH: usize = 32;

/// A response with `status` and `body` as compact JSON (`Content-Type: application/json`).
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut response = (status, bytes).into_response();
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        // The sandbox's answer types always serialize; this is only the type system's due.
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            r#"{"error":{"code":"INTERNAL_ERROR","message":"the answer could not be written"}}"#,
        )
            .into_response(),
    }
}

/// `{"error": {"code", "message"}}`.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

/// A non-200 answer: `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    close: bool,
}

impl ApiError {
    /// An error answer.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            close: false,
        }
    }

    /// `400` with `code`.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// `404 NOT_FOUND`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    /// `500 INTERNAL_ERROR` (hashing or the CSPRNG failed; not expected).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "the sandbox could not complete the request",
        )
    }

    /// `405 METHOD_NOT_ALLOWED`.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "method not allowed on this route",
        )
    }

    fn too_large() -> Self {
        ApiError {
            close: true,
            ..Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BODY_TOO_LARGE",
                format!("body expected at most {MAX_BODY} bytes"),
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: &self.message,
            },
        };
        let mut response = json_response(self.status, &body);
        if self.close {
            response
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// `415` unless `Content-Type` is `application/json` (parameters such as `charset` allowed).
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let media = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    match media {
        Some(m) if m.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Content-Type expected application/json",
        )),
    }
}

/// Reads and drops what is left of a refused body, within limits of size and time.
async fn drain(mut body: Body) {
    let work = async {
        let mut seen = 0usize;
        while seen < DRAIN_MAX {
            match body.frame().await {
                Some(Ok(frame)) => seen += frame.data_ref().map_or(0, |d| d.len()),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), work).await;
}

/// Reads the whole body: `413` over [`MAX_BODY`] bytes whether or not it declares its length.
/// The buffer is wiped when dropped (bodies carry PINs).
pub async fn read_body(
    headers: &HeaderMap,
    mut body: Body,
) -> Result<Zeroizing<Vec<u8>>, ApiError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = declared.filter(|&n| n > MAX_BODY as u64) {
        // Not worth reading a huge body just to refuse it: answer and close at once.
        if n <= DRAIN_MAX as u64 {
            drain(body).await;
        }
        return Err(ApiError::too_large());
    }
    let mut buf = Zeroizing::new(Vec::with_capacity(
        declared.map_or(1024, |n| usize::try_from(n).unwrap_or(MAX_BODY)),
    ));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| {
            ApiError::bad_request("INVALID_BODY", "the request body could not be read")
        })?;
        let Some(data) = frame.data_ref() else {
            continue;
        };
        if buf.len() + data.len() > MAX_BODY {
            drain(body).await;
            return Err(ApiError::too_large());
        }
        buf.extend_from_slice(data);
    }
    Ok(buf)
}

/// Parses a body as a JSON object read into `T`: `400 INVALID_JSON` if it is not UTF-8 JSON,
/// `400 INVALID_REQUEST` with `shape` if it is JSON but not an object (or `T` refuses it).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8], shape: &str) -> Result<T, ApiError> {
    let invalid = || ApiError::bad_request("INVALID_JSON", "body is not valid JSON");
    let text = std::str::from_utf8(bytes).map_err(|_| invalid())?;
    // Checked before parsing, so no parser recursion can exhaust the stack.
    if !pinseal::nests_within(text, MAX_DEPTH) {
        return Err(invalid());
    }
    // Syntax first, over the whole text, so a type error can never hide a syntax error.
    serde_json::from_str::<IgnoredAny>(text).map_err(|_| invalid())?;
    match serde_json::from_str::<Object<T>>(text) {
        Ok(Object(value)) => Ok(value),
        Err(e) if e.classify() == Category::Data => {
            let message = e.to_string();
            // "duplicate field `code` at line 1 column 30": names the key, never a value.
            let message = if message.starts_with("duplicate field") {
                format!("body repeats a key: {message}")
            } else {
                shape.to_owned()
            };
            Err(ApiError::bad_request("INVALID_REQUEST", message))
        }
        Err(_) => Err(invalid()),
    }
}

/// Reads a JSON object request: content type, size, then [`parse_json`].
pub async fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    shape: &str,
) -> Result<T, ApiError> {
    require_json(headers)?;
    let bytes = read_body(headers, body).await?;
    parse_json(&bytes, shape)
}

/// The fallback of a route for a method it does not serve.
pub async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// Cuts `s` to at most `max` characters, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Compares secrets without stopping at the first difference.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
