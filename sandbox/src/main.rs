//! `pinseal-sandbox`: plays the two partner PIN APIs on loopback and serves the demo page
//! (SPEC §6). A thin binary: the server is the library `pinseal_sandbox` (`src/lib.rs`, where
//! the module graph is described); this file reads the arguments and runs it.

use std::process::ExitCode;

use pinseal_sandbox::{parse_args, run, USAGE};

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            if message.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("pinseal-sandbox: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("pinseal-sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pinseal-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}
