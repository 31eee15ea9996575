//! The command line itself: usage errors are exit status 2, `--help` is exit status 0.

mod support;

use support::{file, pinseal, scratch, KEY_B64};

#[test]
fn usage_errors_exit_2() {
    let key = file(&scratch("usage"), "key", KEY_B64.as_bytes());
    let cases: [(&[&str], &str); 15] = [
        (&[], "no command given; \"pinseal --help\" lists them"),
        (
            &["frob"],
            "unknown command \"frob\"; \"pinseal --help\" lists them",
        ),
        (&["seal"], "\"seal\" needs --key-file FILE"),
        (&["open", "--key"], "unknown option \"--key\""),
        (&["seal", "--key-file"], "\"--key-file\" expects FILE"),
        (
            &["seal", "--key-file", &key, "extra"],
            "\"seal\" takes no arguments besides its options (input comes on stdin)",
        ),
        (&["check"], "\"check\" expects reset-pin or set-pin"),
        (
            &["check", "reset-pin", "--policy", "lax"],
            "\"--policy\" expects strict or basic",
        ),
        (
            &["check", "reset-pin", "--pin-length", "6"],
            "\"--pin-length\" is for set-pin only: a Reset PIN is always 4 digits",
        ),
        (
            &["build", "reset-pin", "--now", "20230229000000"],
            "\"--now\" expects a real YYYYMMDDHHMMSS",
        ),
        (
            &["build", "set-pin", "--show-pin", "--show-pin"],
            "\"--show-pin\" given twice",
        ),
        (
            &["open-response", "set-pin", "--key-file", &key],
            "\"open-response set-pin\" takes no options: a SET_PIN answer is plain JSON",
        ),
        (
            &[
                "build",
                "reset-pin",
                "--fixed-iv",
                "000102030405060708090a0b0c0d0e0f",
            ],
            "\"--fixed-iv\" seals the request: it needs --key-file FILE",
        ),
        (
            &["build", "reset-pin", "--key-file", &key, "--show-pin"],
            "\"--show-pin\" prints the request; with --key-file the output is the sealed body",
        ),
        (
            &["build", "set-pin", "--key-file", &key],
            "\"build set-pin\" takes no key: a SET_PIN request is plain JSON",
        ),
    ];
    for (args, want) in cases {
        let run = pinseal(args, b"{}");
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, format!("error: USAGE: {want}\n"), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn every_command_has_help_with_examples() {
    for args in [
        &["--help"][..],
        &["help"],
        &["seal", "--help"],
        &["open", "-h"],
        &["check", "--help"],
        &["build", "reset-pin", "--help"],
        &["open-response", "--help"],
        &["help", "open-response"],
    ] {
        let run = pinseal(args, b"");
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        let text = run.stdout_text();
        assert!(
            text.starts_with("Usage: ") || text.starts_with("pinseal: "),
            "{args:?}"
        );
        assert!(text.contains("\nExamples:\n"), "{args:?}");
    }
    let main = pinseal(&["--help"], b"").stdout_text();
    assert!(main.contains("Exit status:\n  0  "), "{main}");
}

/// The README's command-line block (`### Command line`), run as written by `bash -e -o pipefail`
/// in an empty folder with this build's `pinseal` first on the `PATH`, prints exactly the `text`
/// block after it; and the request body it leaves is `{"token"}` whose token opens, with the
/// block's key, to a valid Reset PIN request.
#[test]
fn the_readme_block_runs_as_written() {
    const README: &str = include_str!("../../README.md");
    let section = README
        .split_once("\n### Command line\n")
        .map(|(_, rest)| rest.split_once("\n## ").map_or(rest, |(s, _)| s))
        .expect("a ### Command line section in README.md");
    let block = |lang: &str| {
        let open = format!("\n```{lang}\n");
        let (_, rest) = section
            .split_once(&open)
            .unwrap_or_else(|| panic!("no {lang} block"));
        rest.split_once("\n```")
            .expect("the block's end")
            .0
            .to_owned()
            + "\n"
    };
    let (script, expected) = (block("sh"), block("text"));
    let dir = scratch("readme");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_pinseal"))
        .parent()
        .expect("the binary's folder")
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .args(["-e", "-o", "pipefail", "-c", &script])
        .current_dir(&dir)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "the README block failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    let body: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("body.json")).expect("body.json"))
            .expect("body.json is JSON");
    let token = body["token"].as_str().expect("a token");
    let key = std::fs::read(dir.join("key.txt")).expect("key.txt");
    let cipher = pinseal::TokenCipher::from_bytes(&key, pinseal::CipherOptions::default())
        .expect("the block's key");
    let request = cipher.decrypt(token).expect("the token opens");
    let request: serde_json::Value = serde_json::from_str(request.expose()).expect("JSON");
    assert_eq!(
        (&request["newPIN"], &request["urn"], &request["bankId"]),
        (&"5829".into(), &"402".into(), &2010.into())
    );
}
