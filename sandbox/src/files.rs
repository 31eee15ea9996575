//! Static files: the demo page (`www/`) at `/` and the npm package (`pkg/`) at `/pkg/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::http::ApiError;
use crate::state::App;

/// The content type of a file name.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Percent-decodes one path segment; `None` if the escapes are bad or the result is not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a URL path names under `root`, or `None` for anything that could leave `root`:
/// `..`, `.`, hidden names, separators or NULs inside a segment, empty segments.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    let rest = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_owned()
    };
    for raw in rest.split('/') {
        let segment = percent_decode(raw)?;
        let bad = segment.is_empty()
            || segment.starts_with('.')
            || segment.contains(['/', '\\', '\0', ':']);
        if bad {
            return None;
        }
        path.push(segment);
    }
    // A symlink inside the root must not lead out of it either.
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

/// The fallback route: static files for `GET`/`HEAD`, JSON 404/405 for everything else.
pub async fn serve(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found("no such route").into_response();
    }
    let rest = path.strip_prefix('/').unwrap_or(path);
    let file = match rest.strip_prefix("pkg/") {
        Some(in_pkg) => resolve(&app.pkg, in_pkg),
        None => resolve(&app.www, rest),
    };
    let Some(file) = file else {
        return ApiError::not_found("no such route or file").into_response();
    };
    if method != Method::GET && method != Method::HEAD {
        return ApiError::method_not_allowed().into_response();
    }
    let Ok(bytes) = tokio::fs::read(&file).await else {
        return ApiError::not_found("no such route or file").into_response();
    };
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}
