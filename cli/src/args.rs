//! A small parser of `pinseal COMMAND [WORD] [--option VALUE] [--flag]`: long options only,
//! `--name VALUE` or `--name=VALUE`, `-h`/`--help` everywhere, `--` ends the options.

use std::ffi::OsString;

use crate::failure::Failure;

/// One option a command takes; `value` names its argument (`FILE`), `None` for a flag.
pub struct Opt {
    pub name: &'static str,
    pub value: Option<&'static str>,
}

/// The command line after the command name.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Words that are not options (the API family of `check`, `build`, `open-response`).
    pub words: Vec<String>,
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
    /// `-h` or `--help` was given.
    pub help: bool,
}

impl Parsed {
    /// The value of option `name`, if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether flag `name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// Whether option or flag `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.flag(name) || self.value(name).is_some()
    }
}

/// Reads `args` against the options of one command.
///
/// Errors name the option, never its value (a value may be an IV).
pub fn parse(args: impl IntoIterator<Item = OsString>, opts: &[Opt]) -> Result<Parsed, Failure> {
    let mut parsed = Parsed::default();
    let mut args = args.into_iter();
    let mut options_done = false;
    while let Some(arg) = args.next() {
        let arg = utf8(arg)?;
        if options_done || arg == "-" || !arg.starts_with('-') {
            parsed.words.push(arg);
            continue;
        }
        if arg == "--" {
            options_done = true;
            continue;
        }
        if arg == "-h" || arg == "--help" {
            parsed.help = true;
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let Some(opt) = opts
            .iter()
            .find(|o| name.strip_prefix("--") == Some(o.name))
        else {
            return Err(Failure::usage(format!("unknown option \"{name}\"")));
        };
        if parsed.has(opt.name) {
            return Err(Failure::usage(format!("\"--{}\" given twice", opt.name)));
        }
        match (opt.value, inline) {
            (None, None) => parsed.flags.push(opt.name),
            (None, Some(_)) => {
                return Err(Failure::usage(format!("\"--{}\" takes no value", opt.name)))
            }
            (Some(_), Some(value)) => parsed.values.push((opt.name, value)),
            (Some(meta), None) => {
                let value =
                    args.next().map(utf8).transpose()?.ok_or_else(|| {
                        Failure::usage(format!("\"--{}\" expects {meta}", opt.name))
                    })?;
                parsed.values.push((opt.name, value));
            }
        }
    }
    Ok(parsed)
}

fn utf8(arg: OsString) -> Result<String, Failure> {
    arg.into_string()
        .map_err(|_| Failure::usage("arguments must be UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: [Opt; 2] = [
        Opt {
            name: "key-file",
            value: Some("FILE"),
        },
        Opt {
            name: "show-pin",
            value: None,
        },
    ];

    fn run(args: &[&str]) -> Result<Parsed, Failure> {
        parse(args.iter().map(OsString::from), &OPTS)
    }

    #[test]
    fn reads_values_flags_and_words() {
        let p = run(&["reset-pin", "--key-file", "k", "--show-pin"]).unwrap();
        assert_eq!(p.words, ["reset-pin"]);
        assert_eq!(p.value("key-file"), Some("k"));
        assert!(p.flag("show-pin"));
        let p = run(&["--key-file=a=b", "--", "--show-pin"]).unwrap();
        assert_eq!(p.value("key-file"), Some("a=b"));
        assert_eq!(p.words, ["--show-pin"]);
        assert!(run(&["-h"]).unwrap().help);
    }

    #[test]
    fn refuses_without_echoing_values() {
        let cases: [(&[&str], &str); 5] = [
            (&["--nope"], "unknown option \"--nope\""),
            (&["--fixed-iv=00ff"], "unknown option \"--fixed-iv\""),
            (&["--key-file"], "\"--key-file\" expects FILE"),
            (&["--show-pin=yes"], "\"--show-pin\" takes no value"),
            (
                &["--key-file=a", "--key-file=b"],
                "\"--key-file\" given twice",
            ),
        ];
        for (args, want) in cases {
            let err = run(args).unwrap_err();
            assert_eq!(
                (err.code, err.message.as_str()),
                ("USAGE", want),
                "{args:?}"
            );
        }
    }
}
