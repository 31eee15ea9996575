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
