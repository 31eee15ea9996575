//! Static files: the demo page at `/` and the npm package at `/pkg/`.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::{Server, TempDir};

#[test]
fn serves_www_and_pkg_with_content_types_and_no_traversal() {
    let root = TempDir::new("static");
    let www = root.0.join("www");
    let pkg = root.0.join("pkg");
    std::fs::create_dir_all(www.join("img")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app.js"), "export {};").unwrap();
    std::fs::write(www.join("style.css"), "body{}").unwrap();
    std::fs::write(www.join("data.json"), "{}").unwrap();
    std::fs::write(www.join("img/logo.png"), b"\x89PNG").unwrap();
    std::fs::write(www.join("img/icon.svg"), "<svg/>").unwrap();
    std::fs::write(www.join(".hidden"), "secret").unwrap();
    std::fs::write(pkg.join("pinseal_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("pinseal.js"), "export default 1;").unwrap();
    std::fs::write(root.0.join("outside.txt"), "outside").unwrap();

    let server = Server::start_with(&[
        "--www",
        www.to_str().unwrap(),
        "--pkg",
        pkg.to_str().unwrap(),
    ]);
    let cases = [
        (
            "/",
            "text/html; charset=utf-8",
            &b"<!doctype html><title>demo</title>"[..],
        ),
        (
            "/index.html",
            "text/html; charset=utf-8",
            b"<!doctype html><title>demo</title>",
        ),
        ("/app.js", "text/javascript; charset=utf-8", b"export {};"),
        ("/style.css", "text/css; charset=utf-8", b"body{}"),
        ("/data.json", "application/json", b"{}"),
        ("/img/logo.png", "image/png", b"\x89PNG"),
        ("/img/icon.svg", "image/svg+xml", b"<svg/>"),
        (
            "/pkg/pinseal_bg.wasm",
            "application/wasm",
            b"\0asm\x01\0\0\0",
        ),
        (
            "/pkg/pinseal.js",
            "text/javascript; charset=utf-8",
            b"export default 1;",
        ),
        (
            "/pkg/pinseal.js?v=1",
            "text/javascript; charset=utf-8",
            b"export default 1;",
        ),
    ];
    for (path, ct, body) in cases {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ct), "{path}");
        assert_eq!(r.body, body, "{path}");
    }
    let head = server.request("HEAD", "/app.js", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for path in [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/img/../../outside.txt",
        "/pkg/../outside.txt",
        "/pkg/%2E%2E/outside.txt",
        "/pkg/..%2foutside.txt",
        "/img%2f..%2f..%2foutside.txt",
        "/.hidden",
        "/img//logo.png",
        "/pkg/",
        "/missing.js",
        "/%ff",
        "/%",
    ] {
        let r = server.get(path);
        r.assert_error(404, "NOT_FOUND");
        assert!(
            !r.text().contains("outside") && !r.text().contains("secret"),
            "{path}"
        );
    }
    server
        .post_json("/", "{}")
        .assert_error(405, "METHOD_NOT_ALLOWED");
    server
        .post_json("/pkg/pinseal.js", "{}")
        .assert_error(405, "METHOD_NOT_ALLOWED");
}
#[test]
fn default_www_and_pkg_are_the_repository_dirs() {
    // Whatever the repository holds: a file that exists is served, the API is unaffected.
    let server = Server::start();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let index = repo.join("www/index.html");
    let r = server.get("/");
    if index.is_file() {
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.body, std::fs::read(index).unwrap());
    } else {
        r.assert_error(404, "NOT_FOUND");
    }
}
