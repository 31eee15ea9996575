//! `pinseal`: the command line of the pinseal crate, for the people who integrate and support
//! the two partner PIN APIs. `pinseal --help` lists the commands and the exit statuses.

mod args;
mod commands;
mod failure;
mod help;
mod input;
mod key_file;
mod stdio;

use std::process::ExitCode;

fn main() -> ExitCode {
    match commands::run(std::env::args_os().skip(1)) {
        Ok(status) => ExitCode::from(status),
        Err(failure) => {
            // Codes and messages only: no variant of either carries a key, IV, PIN or plaintext.
            eprintln!("error: {}: {}", failure.code, failure.message);
            ExitCode::from(failure.status())
        }
    }
}
