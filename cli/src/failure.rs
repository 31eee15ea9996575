//! What a command that fails prints (`error: CODE: message`) and its exit status.

use pinseal::Error;

/// Exit statuses, as `pinseal --help` states them.
pub mod status {
    /// Done; a check found the input valid; a partner answer says success.
    pub const OK: u8 = 0;
    /// The input is invalid: a check found broken rules, a build was refused
    /// (`VALIDATION_FAILED`), or stdin is not the JSON object expected (`INVALID_INPUT`).
    pub const INVALID: u8 = 1;
    /// The command line is wrong (`USAGE`).
    pub const USAGE: u8 = 2;
    /// The key or the fixed IV is unusable (`INVALID_KEY`, `INVALID_IV`).
    pub const KEY: u8 = 3;
    /// A token or partner answer cannot be opened or read (`MALFORMED_TOKEN`,
    /// `DECRYPT_FAILED`, `TOKEN_TOO_LARGE`, `INVALID_RESPONSE`, `TXN_MISMATCH`).
    pub const TOKEN: u8 = 4;
    /// The partner answer was opened and says the request did not succeed.
    pub const REFUSED: u8 = 5;
    /// Anything else: a file or stdin/stdout could not be read or written (`IO_ERROR`), no
    /// randomness (`RANDOM_UNAVAILABLE`).
    pub const OTHER: u8 = 6;
}

/// A failed command: a stable code (the library's where the library failed), a message that
/// never holds a secret value.
#[derive(Debug)]
pub struct Failure {
    /// `USAGE`, `IO_ERROR` or one of the library's [`Error::code`]s.
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
}

impl Failure {
    /// A command line mistake.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: "USAGE",
            message: message.into(),
        }
    }

    /// A file, stdin or stdout that could not be read or written; `what` names it (never its
    /// content).
    pub fn io(what: &str, err: &std::io::Error) -> Self {
        Failure {
            code: "IO_ERROR",
            message: format!("{what}: {err}"),
        }
    }

    /// The exit status of this failure.
    pub fn status(&self) -> u8 {
        match self.code {
            "VALIDATION_FAILED" | "INVALID_INPUT" => status::INVALID,
            "USAGE" => status::USAGE,
            "INVALID_KEY" | "INVALID_IV" => status::KEY,
            "MALFORMED_TOKEN" | "DECRYPT_FAILED" | "TOKEN_TOO_LARGE" | "INVALID_RESPONSE"
            | "TXN_MISMATCH" => status::TOKEN,
            _ => status::OTHER,
        }
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure {
            code: err.code(),
            message: err.message(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_code_has_its_status() {
        let cases = [
            (Error::InvalidKey(String::new()), status::KEY),
            (Error::InvalidIv(String::new()), status::KEY),
            (Error::MalformedToken(String::new()), status::TOKEN),
            (Error::TokenTooLarge { size: 0 }, status::TOKEN),
            (Error::DecryptFailed, status::TOKEN),
            (Error::Validation(Vec::new()), status::INVALID),
            (Error::InvalidInput(String::new()), status::INVALID),
            (
                Error::InvalidResponse {
                    reason: String::new(),
                    raw: String::new(),
                },
                status::TOKEN,
            ),
            (Error::TxnMismatch, status::TOKEN),
            (Error::RandomUnavailable, status::OTHER),
        ];
        for (err, want) in cases {
            let code = err.code();
            assert_eq!(Failure::from(err).status(), want, "{code}");
        }
    }
}
