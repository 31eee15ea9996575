//! The `--help` texts. Every example here was run as written (see cli/README.md).

/// `pinseal --help`.
pub const MAIN: &str = "\
pinseal: check, build, seal and open the requests of the partner PIN APIs
(Reset PIN: encrypted token API; Set PIN: plain JSON API).

Usage: pinseal COMMAND [ARGS] [OPTIONS]

Commands:
  seal            seal stdin into a token                        (--key-file FILE)
  open            open a token from stdin                        (--key-file FILE)
  check           report the field errors of an input            reset-pin | set-pin
  build           print the exact request of an input            reset-pin | set-pin
  open-response   read a partner answer                          reset-pin | set-pin
  help COMMAND    the help of one command (or: pinseal COMMAND --help)

Key files (--key-file FILE): exactly 24 bytes is the raw key; anything else is text,
trimmed of spaces and line breaks: 48 hex characters, 24 characters of key text, or
standard base64 (32 characters). The key is never printed, not even in errors.

Errors go to stderr as `error: CODE: message`, with the library's codes
(INVALID_KEY, DECRYPT_FAILED, VALIDATION_FAILED, ...) or USAGE / IO_ERROR.

Exit status:
  0  done; the input is valid; the partner answer says success
  1  the input is invalid (check found errors, VALIDATION_FAILED, INVALID_INPUT)
  2  the command line is wrong (USAGE)
  3  the key or the fixed IV is unusable (INVALID_KEY, INVALID_IV)
  4  a token or answer cannot be opened or read (MALFORMED_TOKEN, DECRYPT_FAILED,
     TOKEN_TOO_LARGE, INVALID_RESPONSE, TXN_MISMATCH)
  5  the partner answer was read and says the request did not succeed
  6  anything else (IO_ERROR, RANDOM_UNAVAILABLE)

Examples:
  printf '{\"a\":1}' | pinseal seal --key-file key.txt
  pinseal open --key-file key.txt < token.txt
  pinseal check reset-pin < input.json
  pinseal build reset-pin < input.json
";

/// `pinseal seal --help`.
pub const SEAL: &str = "\
Usage: pinseal seal --key-file FILE [--fixed-iv HEX]

Seals stdin, byte for byte (a final line break is part of it: use printf, not
echo), into a token: base64(AES-192-CBC, PKCS#7), printed with a line break.

Options:
  --key-file FILE   the 24-byte key (raw, hex, base64 or key text; see pinseal --help)
  --fixed-iv HEX    the partner's fixed IV, 32 hex characters: token = base64(ciphertext),
                    the same bytes as `openssl enc -aes-192-cbc -K .. -iv ..`. Weaker: equal
                    plaintexts give equal tokens. Without it (the default) every token has
                    a fresh random IV in front: token = base64(IV || ciphertext).

Examples:
  printf '{\"a\":1}' | pinseal seal --key-file key.txt
  printf '{\"a\":1}' | pinseal seal --key-file key.txt --fixed-iv 000102030405060708090a0b0c0d0e0f
";

/// `pinseal open --help`.
pub const OPEN: &str = "\
Usage: pinseal open --key-file FILE [--fixed-iv HEX]

Opens the token on stdin (whitespace and line breaks ignored) and prints its plaintext
exactly, with nothing added. Any failure after decryption starts is one DECRYPT_FAILED.

Options:
  --key-file FILE   the 24-byte key (raw, hex, base64 or key text; see pinseal --help)
  --fixed-iv HEX    open a fixed-IV token (base64(ciphertext)) with this IV, 32 hex
                    characters; without it the token's first 16 bytes are its IV

Examples:
  pinseal open --key-file key.txt < token.txt
  pinseal open --key-file key.txt --fixed-iv 000102030405060708090a0b0c0d0e0f < token.txt
";

/// `pinseal check --help`.
pub const CHECK: &str = "\
Usage: pinseal check reset-pin|set-pin [--policy strict|basic] [--pin-length N|MIN-MAX] [--json]

Reads an input object (the JSON the JavaScript API takes: camelCase keys, e.g. newPIN
for reset-pin, newPin for set-pin) from stdin and reports every broken rule, one line a
field error: `FIELD: CODE: message`. Exit status 0 when valid, 1 when not. Unknown keys
are UNKNOWN_FIELD and values of the wrong JSON type INVALID_VALUE, as in JavaScript.

Options:
  --policy strict|basic   the PIN policy (default strict: every rule of SPEC section 3)
  --pin-length N|MIN-MAX  set-pin only: the PIN length (default 4; 4 to 12)
  --json                  print the report as JSON: {\"valid\":..,\"errors\":[{field,code,message}]}

Examples:
  pinseal check reset-pin < input.json
  pinseal check set-pin --json < input.json
";

/// `pinseal build --help`.
pub const BUILD: &str = "\
Usage: pinseal build reset-pin|set-pin [--show-pin] [--now YYYYMMDDHHMMSS]
                     [--policy strict|basic] [--pin-length N|MIN-MAX]
       pinseal build reset-pin --key-file FILE [--fixed-iv HEX] [--now YYYYMMDDHHMMSS]

Reads an input object from stdin (as `pinseal check`), validates it and prints the exact
request the partner expects: for reset-pin the JSON a token carries, for set-pin the
HTTP body. The PINs are printed as \"****\" unless --show-pin is given. Defaults are
filled as the library does: a random clientTxnId / api_request_id, entityId 100,
requestDateTime from the local clock. Refused input: VALIDATION_FAILED, exit status 1.
With --key-file (reset-pin), it prints the HTTP body instead: {\"token\":\"...\"}, the
token of the exact request (`pinseal seal` would also seal build's final line break).

Options:
  --show-pin              print newPIN (and set-pin's pin and new_pin) in clear
  --now YYYYMMDDHHMMSS    reset-pin only: the build time (an input requestDateTime wins)
  --policy strict|basic   the PIN policy (default strict)
  --pin-length N|MIN-MAX  set-pin only: the PIN length (default 4; 4 to 12)
  --key-file FILE         reset-pin only: seal the request with this key, print the body
  --fixed-iv HEX          with --key-file: the partner's fixed IV, 32 hex characters

Examples:
  pinseal build reset-pin < input.json
  pinseal build reset-pin --key-file key.txt < input.json > body.json
";

/// `pinseal open-response --help`.
pub const OPEN_RESPONSE: &str = "\
Usage: pinseal open-response reset-pin --key-file FILE [--fixed-iv HEX] [--expect-txn ID]
       pinseal open-response set-pin

Reads a partner answer from stdin and prints what it says as JSON, `ok` and (for
reset-pin) the `meaning` of its responseCode first. Exit status 0 when the answer says
success, 5 when it says anything else, 4 when it cannot be opened or read.

  reset-pin: the HTTP body {\"token\":\"...\"} or the bare token, opened with the key.
  set-pin:   the HTTP body {\"set_pin_status\":..,\"set_pin_status_description\":..}.

Options:
  --key-file FILE   reset-pin: the 24-byte key (see pinseal --help)
  --fixed-iv HEX    reset-pin: the partner's fixed IV, 32 hex characters
  --expect-txn ID   reset-pin: the request's clientTxnId; another echo is TXN_MISMATCH

Examples:
  pinseal open-response reset-pin --key-file key.txt < body.json
  pinseal open-response set-pin < body.json
";
