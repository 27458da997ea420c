//! What the command-line examples share: their arguments, checked the same way, and the
//! pack they run under.
//!
//! Every example refuses, with a message and exit code 2: an unknown flag, a flag given
//! twice, a flag without its value, a flag that does nothing without another, a count that
//! is not a whole number above zero, a month range that is reversed or outside the pack.

// Each example uses the part it needs.
#![allow(dead_code, unused_macros)]

/// As `print!`, to standard output: when the reader has gone (`… | head`), the example
/// ends quietly with exit 0 instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::common::write_out(format_args!($($arg)*), false)
    };
}

/// As `println!`, with [`out!`]'s care for a reader that has gone.
macro_rules! outln {
    () => {
        $crate::common::write_out(format_args!(""), true)
    };
    ($($arg:tt)*) => {
        $crate::common::write_out(format_args!($($arg)*), true)
    };
}

/// Writes `contents` to the file `path` whole or not at all: to a staging file beside it,
/// then moved to its name, so that a failed write never leaves half a report where an
/// earlier one was.
pub fn write_file(
    path: impl AsRef<std::path::Path>,
    contents: impl AsRef<[u8]>,
) -> Result<(), String> {
    let path = path.as_ref();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = path.with_file_name(format!(".{name}.partial"));
    let said = |e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::write(&staging, contents).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        said(e)
    })?;
    std::fs::rename(&staging, path).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        said(e)
    })
}

/// The message of a failed write to standard output; a closed pipe (the reader has gone)
/// ends the example quietly with exit 0 instead.
pub fn write_failed(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    format!("standard output: {e}")
}

/// Writes `args` (and a line ending) to standard output. A closed pipe ends the example
/// quietly (exit 0: the reader took what it wanted); any other failure to write ends it
/// with the error on standard error and exit 1.
pub fn write_out(args: std::fmt::Arguments<'_>, line: bool) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let written = out
        .write_fmt(args)
        .and_then(|()| if line { out.write_all(b"\n") } else { Ok(()) });
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("standard output: {e}");
        std::process::exit(1);
    }
}

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use doudi::{Month, PolicyPack};

/// The flags an example takes: those with a value, and switches.
pub struct Spec {
    /// `usage: …`, shown with every mistake.
    pub usage: &'static str,
    /// Flags followed by a value (`--month`).
    pub values: &'static [&'static str],
    /// Flags that stand alone (`--record`).
    pub switches: &'static [&'static str],
    /// How many arguments without a flag it takes.
    pub positional: usize,
}

/// The arguments as given, checked against a [`Spec`].
pub struct Args {
    usage: &'static str,
    values: BTreeMap<&'static str, String>,
    switches: Vec<&'static str>,
    positional: Vec<String>,
}

/// `--help` was asked for: the usage goes to standard output and the exit is 0.
pub const HELP: &str = "--help";

impl Args {
    /// The process's arguments.
    ///
    /// # Errors
    ///
    /// A message naming the mistake, with the usage; or [`HELP`].
    pub fn parse(spec: &Spec) -> Result<Args, String> {
        Args::from(spec, std::env::args().skip(1))
    }

    /// The arguments `args`.
    pub fn from(spec: &Spec, args: impl IntoIterator<Item = String>) -> Result<Args, String> {
        let usage = spec.usage;
        let mut out = Args {
            usage,
            values: BTreeMap::new(),
            switches: Vec::new(),
            positional: Vec::new(),
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Err(HELP.to_owned());
            }
            if let Some(&flag) = spec.values.iter().find(|f| **f == arg) {
                let value = args
                    .next()
                    .filter(|v| !v.starts_with("--"))
                    .ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
                if out.values.insert(flag, value).is_some() {
                    return Err(format!("{flag} is given twice\n{usage}"));
                }
            } else if let Some(&flag) = spec.switches.iter().find(|f| **f == arg) {
                if out.switches.contains(&flag) {
                    return Err(format!("{flag} is given twice\n{usage}"));
                }
                out.switches.push(flag);
            } else if arg.starts_with('-') && arg != "-" {
                return Err(format!("unknown argument {arg:?}\n{usage}"));
            } else if out.positional.len() < spec.positional {
                out.positional.push(arg);
            } else {
                return Err(format!("unexpected argument {arg:?}\n{usage}"));
            }
        }
        Ok(out)
    }

    /// The value of `flag`, if given.
    pub fn value(&self, flag: &str) -> Option<&str> {
        self.values.get(flag).map(String::as_str)
    }

    /// The value of `flag`, which must be given.
    pub fn required(&self, flag: &str) -> Result<&str, String> {
        self.value(flag)
            .ok_or_else(|| format!("{flag} is required\n{}", self.usage))
    }

    /// Whether the switch `flag` was given.
    pub fn switch(&self, flag: &str) -> bool {
        self.switches.contains(&flag)
    }

    /// The arguments without a flag.
    pub fn positional(&self) -> &[String] {
        &self.positional
    }

    /// Refuses `flag` without `needs`, which it does nothing without.
    pub fn requires(&self, flag: &str, needs: &str) -> Result<(), String> {
        let given = |f: &str| self.switch(f) || self.value(f).is_some();
        if given(flag) && !given(needs) {
            return Err(format!(
                "{flag} does nothing without {needs}\n{}",
                self.usage
            ));
        }
        Ok(())
    }

    /// The month `flag` gives, if given.
    pub fn month(&self, flag: &str) -> Result<Option<Month>, String> {
        self.value(flag)
            .map(|text| text.parse::<Month>().map_err(|e| format!("{flag}: {e}")))
            .transpose()
    }

    /// The whole number above zero `flag` gives, if given.
    pub fn count(&self, flag: &str) -> Result<Option<usize>, String> {
        self.value(flag)
            .map(|text| match text.parse::<usize>() {
                Ok(0) | Err(_) => Err(format!("{flag}: {text:?} is not a whole number above zero")),
                Ok(n) => Ok(n),
            })
            .transpose()
    }

    /// The whole number (zero or more) `flag` gives, if given.
    pub fn number(&self, flag: &str) -> Result<Option<u64>, String> {
        self.value(flag)
            .map(|text| {
                text.parse::<u64>()
                    .map_err(|_| format!("{flag}: {text:?} is not a whole number"))
            })
            .transpose()
    }
}

/// The pack of `--pack FILE` (a full pack, or one that names its base), or the embedded
/// default pack. What loading had to supply to a pack of an earlier format is printed on
/// standard error, one note a line.
pub fn load_pack(path: Option<&str>) -> Result<PolicyPack, String> {
    match path {
        None => Ok(PolicyPack::maojian()),
        Some(path) => {
            let pack = PolicyPack::from_file(path).map_err(|e| format!("{path}: {e}"))?;
            for note in pack.notes() {
                eprintln!("{path}: note: {note}");
            }
            Ok(pack)
        }
    }
}

/// Refuses a month outside `pack`, naming the pack's months.
pub fn check_month(pack: &PolicyPack, flag: &str, month: Month) -> Result<Month, String> {
    if month < pack.first_month() || month > pack.last_month() {
        return Err(format!(
            "{flag} {month} is outside the months of pack {} ({}..{})",
            pack.name(),
            pack.first_month(),
            pack.last_month()
        ));
    }
    Ok(month)
}

/// The months `--from`..=`--to` (each defaulting as given), inside `pack` and not reversed.
pub fn month_range(
    args: &Args,
    pack: &PolicyPack,
    from: Month,
    to: Month,
) -> Result<RangeInclusive<Month>, String> {
    let from = check_month(pack, "--from", args.month("--from")?.unwrap_or(from))?;
    let to = check_month(pack, "--to", args.month("--to")?.unwrap_or(to))?;
    if to < from {
        return Err(format!(
            "--to {to} is before --from {from}: no month to run"
        ));
    }
    Ok(from..=to)
}

/// Runs an example's main part: a message and exit code 2 for a mistake in its arguments
/// or input, the usage and exit code 0 for `--help`.
pub fn exit(result: Result<std::process::ExitCode, String>, usage: &str) -> std::process::ExitCode {
    match result {
        Ok(code) => code,
        Err(message) if message == HELP => {
            write_out(format_args!("{usage}"), true);
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::from(2)
        }
    }
}

/// An error in words with its causes (a file's system error, the Parquet reader's): `…:
/// cause: its cause`.
pub fn said(error: &dyn std::error::Error) -> String {
    let mut words = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}
