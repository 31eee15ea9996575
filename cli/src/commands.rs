//! The commands: each reads its arguments, calls the library, and prints the result.

use std::ffi::OsString;

use pinseal::reset_pin::{self, ResetPinInput, ResetPinResponse};
use pinseal::set_pin::{self, SetPinInput};
use pinseal::{BuildOptions, CipherOptions, DateTime, Error, FieldError, PinPolicy, TokenCipher};
use serde::Serialize;

use crate::args::{self, Opt, Parsed};
use crate::failure::{status, Failure};
use crate::input::{self, Family, RESET_PIN, SET_PIN};
use crate::{help, key_file, stdio};

/// Longest input object read from stdin: far above any valid input.
const MAX_INPUT: usize = 1 << 20;
/// Longest Reset PIN response body read: the longest token plus room for `{"token":""}` and
/// whitespace.
const MAX_BODY: usize = pinseal::MAX_TOKEN_TEXT + 4096;

const KEY_FILE: Opt = Opt {
    name: "key-file",
    value: Some("FILE"),
};
const FIXED_IV: Opt = Opt {
    name: "fixed-iv",
    value: Some("HEX"),
};
const POLICY: Opt = Opt {
    name: "policy",
    value: Some("strict|basic"),
};
const PIN_LENGTH: Opt = Opt {
    name: "pin-length",
    value: Some("N|MIN-MAX"),
};

/// Runs the command line `args` (without the program name); `Ok` holds the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<u8, Failure> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Err(Failure::usage(
            "no command given; \"pinseal --help\" lists them",
        ));
    };
    let command = command
        .into_string()
        .map_err(|_| Failure::usage("arguments must be UTF-8"))?;
    match command.as_str() {
        "-h" | "--help" => print(help::MAIN),
        "help" => {
            let topic = args.next().and_then(|t| t.into_string().ok());
            print(topic_help(topic.as_deref().unwrap_or(""))?)
        }
        "-V" | "--version" => print(concat!("pinseal ", env!("CARGO_PKG_VERSION"), "\n")),
        "seal" => seal(args),
        "open" => open(args),
        "check" => check(args),
        "build" => build(args),
        "open-response" => open_response(args),
        other => Err(Failure::usage(format!(
            "unknown command \"{}\"; \"pinseal --help\" lists them",
            other.chars().take(32).collect::<String>()
        ))),
    }
}

fn topic_help(topic: &str) -> Result<&'static str, Failure> {
    Ok(match topic {
        "" => help::MAIN,
        "seal" => help::SEAL,
        "open" => help::OPEN,
        "check" => help::CHECK,
        "build" => help::BUILD,
        "open-response" => help::OPEN_RESPONSE,
        _ => {
            return Err(Failure::usage(
                "no such command; \"pinseal --help\" lists them",
            ))
        }
    })
}

fn print(text: &str) -> Result<u8, Failure> {
    stdio::out(text.as_bytes())?;
    Ok(status::OK)
}

/// The words of a command that takes none.
fn no_words(p: &Parsed, command: &str) -> Result<(), Failure> {
    match p.words.first() {
        None => Ok(()),
        Some(_) => Err(Failure::usage(format!(
            "\"{command}\" takes no arguments besides its options (input comes on stdin)"
        ))),
    }
}

/// The API family word of `check`, `build` and `open-response`.
fn family(p: &Parsed, command: &str) -> Result<&'static Family, Failure> {
    match p.words.as_slice() {
        [word] if word == RESET_PIN.word => Ok(&RESET_PIN),
        [word] if word == SET_PIN.word => Ok(&SET_PIN),
        _ => Err(Failure::usage(format!(
            "\"{command}\" expects reset-pin or set-pin"
        ))),
    }
}

/// The cipher of `--key-file` (required) and `--fixed-iv`.
fn cipher(p: &Parsed, command: &str) -> Result<TokenCipher, Failure> {
    let path = p
        .value("key-file")
        .ok_or_else(|| Failure::usage(format!("\"{command}\" needs --key-file FILE")))?;
    let options = match p.value("fixed-iv") {
        Some(hex) => CipherOptions::fixed_iv_hex(hex)?,
        None => CipherOptions::default(),
    };
    key_file::cipher(path, options)
}

/// The PIN policy of `--policy` and `--pin-length` (set-pin only).
fn policy(p: &Parsed, family: &Family) -> Result<PinPolicy, Failure> {
    let policy = match p.value("policy") {
        None | Some("strict") => PinPolicy::strict(),
        Some("basic") => PinPolicy::basic(),
        Some(_) => return Err(Failure::usage("\"--policy\" expects strict or basic")),
    };
    let Some(length) = p.value("pin-length") else {
        return Ok(policy);
    };
    if family.word != SET_PIN.word {
        return Err(Failure::usage(
            "\"--pin-length\" is for set-pin only: a Reset PIN is always 4 digits",
        ));
    }
    let bad = || Failure::usage("\"--pin-length\" expects N or MIN-MAX, from 4 to 12");
    let (min, max) = length.split_once('-').unwrap_or((length, length));
    let min: usize = min.parse().map_err(|_| bad())?;
    let max: usize = max.parse().map_err(|_| bad())?;
    policy.with_length(min, max).map_err(|_| bad())
}

fn seal(args: impl IntoIterator<Item = OsString>) -> Result<u8, Failure> {
    let p = args::parse(args, &[KEY_FILE, FIXED_IV])?;
    if p.help {
        return print(help::SEAL);
    }
    no_words(&p, "seal")?;
    let cipher = cipher(&p, "seal")?;
    let max = cipher.max_plaintext_len();
    let plaintext = stdio::stdin(max, || Failure {
        code: "TOKEN_TOO_LARGE",
        message: format!(
            "\"plaintext\" expected at most {max} bytes (a token of at most {} bytes), got more",
            pinseal::MAX_TOKEN_BYTES
        ),
    })?;
    let token = cipher.encrypt_bytes(&plaintext)?;
    stdio::out_line(token.as_bytes())?;
    Ok(status::OK)
}

/// A token or response body from stdin. Neither is secret; bytes that are not UTF-8 become
/// U+FFFD, which the library then refuses as not base64 (`MALFORMED_TOKEN`).
fn stdin_token(limit: usize, what: &str) -> Result<String, Failure> {
    let bytes = stdio::stdin(limit, || Failure {
        code: "TOKEN_TOO_LARGE",
        message: format!("\"{what}\" expected at most {limit} characters, got more"),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn open(args: impl IntoIterator<Item = OsString>) -> Result<u8, Failure> {
    let p = args::parse(args, &[KEY_FILE, FIXED_IV])?;
    if p.help {
        return print(help::OPEN);
    }
    no_words(&p, "open")?;
    let cipher = cipher(&p, "open")?;
    let token = stdin_token(pinseal::MAX_TOKEN_TEXT, "token")?;
    let plaintext = cipher.decrypt_bytes(&token)?;
    stdio::out(plaintext.expose())?;
    Ok(status::OK)
}

/// A field report as `--json` prints it (the shape of JavaScript's `Report`).
#[derive(Serialize)]
struct ReportJson<'a> {
    valid: bool,
    errors: Vec<FieldJson<'a>>,
}

#[derive(Serialize)]
struct FieldJson<'a> {
    field: &'a str,
    code: &'static str,
    message: &'a str,
}

fn check(args: impl IntoIterator<Item = OsString>) -> Result<u8, Failure> {
    let json = Opt {
        name: "json",
        value: None,
    };
    let p = args::parse(args, &[POLICY, PIN_LENGTH, json])?;
    if p.help {
        return print(help::CHECK);
    }
    let family = family(&p, "check")?;
    let policy = policy(&p, family)?;
    let text = stdio::stdin(MAX_INPUT, input_too_large)?;
    let errors = if family.word == RESET_PIN.word {
        let (input, found) = input::read::<ResetPinInput>(&text, family)?;
        pinseal::fields::merge(
            found,
            reset_pin::validate(&input, &policy).errors,
            family.fields,
        )
    } else {
        let (input, found) = input::read::<SetPinInput>(&text, family)?;
        pinseal::fields::merge(
            found,
            set_pin::validate(&input, &policy).errors,
            family.fields,
        )
    };
    if p.flag("json") {
        let report = ReportJson {
            valid: errors.is_empty(),
            errors: errors
                .iter()
                .map(|e| FieldJson {
                    field: &e.field,
                    code: e.code.as_str(),
                    message: &e.message,
                })
                .collect(),
        };
        stdio::out_line(to_json(&report)?.as_bytes())?;
    } else {
        stdio::out(report_text(family, &errors).as_bytes())?;
    }
    Ok(if errors.is_empty() {
        status::OK
    } else {
        status::INVALID
    })
}

/// `reset-pin input: invalid, 2 field errors` and one `FIELD: CODE: message` line each.
fn report_text(family: &Family, errors: &[FieldError]) -> String {
    let mut out = match errors.len() {
        0 => format!("{} input: valid\n", family.word),
        1 => format!("{} input: invalid, 1 field error\n", family.word),
        n => format!("{} input: invalid, {n} field errors\n", family.word),
    };
    for e in errors {
        out.push_str(&format!("{}: {}: {}\n", e.field, e.code, e.message));
    }
    out
}

fn input_too_large() -> Failure {
    Failure {
        code: "INVALID_INPUT",
        message: format!("\"input\" expected at most {MAX_INPUT} bytes, got more"),
    }
}

fn to_json(value: &impl Serialize) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|_| Failure {
        code: "IO_ERROR",
        message: "the result could not be written as JSON".into(),
    })
}

fn build(args: impl IntoIterator<Item = OsString>) -> Result<u8, Failure> {
    let show_pin = Opt {
        name: "show-pin",
        value: None,
    };
    let now = Opt {
        name: "now",
        value: Some("YYYYMMDDHHMMSS"),
    };
    let p = args::parse(
        args,
        &[POLICY, PIN_LENGTH, show_pin, now, KEY_FILE, FIXED_IV],
    )?;
    if p.help {
        return print(help::BUILD);
    }
    let family = family(&p, "build")?;
    let policy = policy(&p, family)?;
    // Options that do not go together are refused before stdin is read.
    let conflict = if family.word == SET_PIN.word {
        if p.has("now") {
            Some("\"--now\" is for reset-pin only: a SET_PIN request carries no time")
        } else if p.has("key-file") || p.has("fixed-iv") {
            Some("\"build set-pin\" takes no key: a SET_PIN request is plain JSON")
        } else {
            None
        }
    } else if p.has("key-file") && p.flag("show-pin") {
        Some("\"--show-pin\" prints the request; with --key-file the output is the sealed body")
    } else if p.has("fixed-iv") && !p.has("key-file") {
        Some("\"--fixed-iv\" seals the request: it needs --key-file FILE")
    } else {
        None
    };
    if let Some(message) = conflict {
        return Err(Failure::usage(message));
    }
    let text = stdio::stdin(MAX_INPUT, input_too_large)?;
    let refused =
        |found, errors| Error::Validation(pinseal::fields::merge(found, errors, family.fields));
    if family.word == RESET_PIN.word {
        let now = match p.value("now") {
            Some(now) => DateTime::parse_compact(now)
                .ok_or_else(|| Failure::usage("\"--now\" expects a real YYYYMMDDHHMMSS"))?,
            None => DateTime::now_local(),
        };
        let (input, found) = input::read::<ResetPinInput>(&text, family)?;
        if !found.is_empty() {
            let errors = reset_pin::validate(&input, &policy).errors;
            return Err(refused(found, errors).into());
        }
        let request = reset_pin::build(&input, &BuildOptions::new(now).with_policy(policy))?;
        if p.has("key-file") {
            // The HTTP body: the library's token of the exact request (no line break in it).
            let sealed = reset_pin::seal_request(request, &cipher(&p, "build reset-pin")?)?;
            stdio::out_line(format!("{{\"token\":\"{}\"}}", sealed.token).as_bytes())?;
        } else if p.flag("show-pin") {
            stdio::out_line(request.to_json().expose().as_bytes())?;
        } else {
            stdio::out_line(request.to_json_redacted().as_bytes())?;
        }
    } else {
        let (input, found) = input::read::<SetPinInput>(&text, family)?;
        if !found.is_empty() {
            let errors = set_pin::validate(&input, &policy).errors;
            return Err(refused(found, errors).into());
        }
        let request = set_pin::build(&input, &policy)?;
        if p.flag("show-pin") {
            stdio::out_line(request.to_json().expose().as_bytes())?;
        } else {
            stdio::out_line(request.to_json_redacted().as_bytes())?;
        }
    }
    Ok(status::OK)
}

/// An opened Reset PIN answer as printed: `ok`, `meaning`, then every response field.
#[derive(Serialize)]
struct ResetAnswer<'a> {
    ok: bool,
    meaning: &'static str,
    #[serde(flatten)]
    response: &'a ResetPinResponse,
}

/// A SET_PIN answer as printed.
#[derive(Serialize)]
struct SetAnswer<'a> {
    ok: bool,
    status: &'static str,
    description: &'a str,
}

fn open_response(args: impl IntoIterator<Item = OsString>) -> Result<u8, Failure> {
    let expect_txn = Opt {
        name: "expect-txn",
        value: Some("ID"),
    };
    let p = args::parse(args, &[KEY_FILE, FIXED_IV, expect_txn])?;
    if p.help {
        return print(help::OPEN_RESPONSE);
    }
    let family = family(&p, "open-response")?;
    let ok = if family.word == RESET_PIN.word {
        let cipher = cipher(&p, "open-response reset-pin")?;
        let body = stdin_token(MAX_BODY, "body")?;
        let response = reset_pin::open_response(&body, &cipher, p.value("expect-txn"))?;
        let answer = ResetAnswer {
            ok: response.ok(),
            meaning: response.meaning(),
            response: &response,
        };
        stdio::out_line(to_json(&answer)?.as_bytes())?;
        answer.ok
    } else {
        if p.has("key-file") || p.has("fixed-iv") || p.has("expect-txn") {
            return Err(Failure::usage(
                "\"open-response set-pin\" takes no options: a SET_PIN answer is plain JSON",
            ));
        }
        let body = stdin_token(MAX_INPUT, "body")?;
        let response = set_pin::parse_response(&body)?;
        let answer = SetAnswer {
            ok: response.ok(),
            status: response.status.as_str(),
            description: &response.description,
        };
        stdio::out_line(to_json(&answer)?.as_bytes())?;
        answer.ok
    };
    Ok(if ok { status::OK } else { status::REFUSED })
}
