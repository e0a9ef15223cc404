//! The REPL: questions in, result blocks out. Interactive with line editing and history on
//! a terminal; one result block per line when standard input is piped. A line that is not
//! UTF-8 is reported and skipped; with `--log`, a question the log could not take is
//! warned about at once, and makes the exit status 1.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use toiawase::query_log::{JsonLinesLog, Masking, QueryLog};
use toiawase::{AskOptions, Engine};

use super::render::{self, Style, printable};
use super::{BuildArgs, Failure, load_engine, say};

/// How the REPL logs questions (`--log`, `--log-unmasked`, `--log-mask`).
pub(crate) struct LogArgs<'a> {
    pub path: Option<&'a Path>,
    pub unmasked: bool,
    pub shapes: &'a [String],
}

impl LogArgs<'_> {
    fn masking(&self) -> Masking {
        let base = if self.unmasked {
            Masking::off()
        } else {
            Masking::default()
        };
        self.shapes
            .iter()
            .fold(base, |masking, shape| match shape.rsplit_once('=') {
                Some((shape, placeholder)) if !shape.is_empty() && !placeholder.is_empty() => {
                    masking.with_shape(shape, placeholder)
                }
                _ => masking.with_shape(shape, toiawase::query_log::NUMBER),
            })
    }
}

const HELP: &str = "\
Type a question to ask it. Commands:
  :help             this help
  :k N              show N candidates (now {k})
  :explain          toggle per-word explanations (now {explain})
  :threshold X      answer only at confidence X or more (now {threshold})
  :category NAME    only entries of category NAME; `:category` alone clears it (now {category})
  :categories       list the categories
  :reload           re-read PATH (the current engine stays if the new one fails)
  :quit             leave (also Ctrl-D)";

struct Session {
    path: PathBuf,
    log: Option<Arc<JsonLinesLog>>,
    /// Log write failures already reported.
    failures_seen: u64,
    build: BuildArgs,
    engine: Option<Engine>,
    k: usize,
    explain: bool,
    category: Option<String>,
    style: Style,
}

pub(crate) fn run(path: &Path, log: &LogArgs<'_>, build: &BuildArgs) -> Result<ExitCode, Failure> {
    let engine = load_engine(path, build)?;
    let log = match log.path {
        Some(file) => Some(Arc::new(
            JsonLinesLog::open(file)
                .map_err(|err| format!("{}: cannot open log: {err}", file.display()))?
                .with_masking(log.masking()),
        )),
        None => None,
    };
    let engine = match &log {
        Some(log) => engine.with_query_log(Arc::clone(log) as Arc<dyn QueryLog>),
        None => engine,
    };
    let mut session = Session {
        path: path.to_path_buf(),
        log,
        failures_seen: 0,
        build: build.clone(),
        engine: Some(engine),
        k: 3,
        explain: false,
        category: None,
        style: Style::detect(),
    };
    if std::io::stdin().is_terminal() {
        interactive(&mut session)?;
    } else {
        piped(&mut session)?;
    }
    match &session.log {
        Some(log) if log.failures() > 0 => {
            eprintln!(
                "error: {} question(s) could not be written to the log {}",
                log.failures(),
                printable(&log.path().display().to_string())
            );
            Ok(ExitCode::from(1))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// One result block per line of standard input; a line that is not UTF-8 gets a block
/// saying so, and the REPL goes on.
fn piped(session: &mut Session) -> Result<(), Failure> {
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        let read = stdin
            .read_until(b'\n', &mut bytes)
            .map_err(|err| format!("standard input: {err}"))?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let text = match std::str::from_utf8(line) {
            Ok(line) => match session.handle(line) {
                Step::Print(text) => text,
                Step::Quit => return Ok(()),
            },
            Err(err) => not_utf8(line, number, &err),
        };
        stdout.write_all(text.as_bytes())?;
        stdout.write_all(b"\n")?;
        stdout.flush()?;
        session.warn_of_log_failures();
    }
}

/// The block for an input line that is not UTF-8.
fn not_utf8(line: &[u8], number: usize, err: &std::str::Utf8Error) -> String {
    let offset = err.valid_up_to();
    format!(
        "? {}\n[not UTF-8] line {number}: invalid byte 0x{:02x} at byte {offset}; skipped \
         (the input must be UTF-8: convert it, e.g. `iconv -f SHIFT_JIS -t UTF-8`)",
        printable(&String::from_utf8_lossy(line)),
        line[offset]
    )
}

fn interactive(session: &mut Session) -> Result<(), Failure> {
    let stats = session.engine().stats();
    say(format_args!(
        "toiawase: {} entries from {}. Ask a question, or :help.\n",
        stats.entries,
        printable(&session.path.display().to_string())
    ))?;
    let mut editor = rustyline::DefaultEditor::new()?;
    loop {
        match editor.readline("問い> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                match session.handle(&line) {
                    Step::Print(text) => say(format_args!("{text}\n"))?,
                    Step::Quit => break,
                }
                session.warn_of_log_failures();
            }
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(rustyline::error::ReadlineError::Io(err))
                if err.kind() == std::io::ErrorKind::InvalidData =>
            {
                say(format_args!(
                    "[not UTF-8] the line typed is not UTF-8; skipped (set the terminal to UTF-8)\n"
                ))?;
            }
            Err(rustyline::error::ReadlineError::Eof) => break,
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

enum Step {
    Print(String),
    Quit,
}

impl Session {
    /// Replaces the engine by what `change` makes of it (engines are changed by value).
    fn replace_engine(&mut self, change: impl FnOnce(Engine) -> Engine) {
        if let Some(engine) = self.engine.take() {
            self.engine = Some(change(engine));
        }
    }

    fn engine(&self) -> &Engine {
        // `replace_engine` is the only place that takes it out, and it puts it back.
        self.engine
            .as_ref()
            .expect("the REPL always holds an engine")
    }

    fn handle(&mut self, line: &str) -> Step {
        let line = line.trim();
        if line.is_empty() {
            return Step::Print(String::new());
        }
        let Some(command) = line.strip_prefix(':') else {
            let mut options = AskOptions::default().limit(self.k).explain(self.explain);
            options.category = self.category.as_deref();
            let response = self.engine().ask_with(line, &options);
            let mut block = format!("? {}\n", printable(line));
            block.push_str(&render::response(&response, self.explain, &self.style));
            return Step::Print(block);
        };
        let (name, argument) = command
            .split_once(char::is_whitespace)
            .map_or((command, ""), |(name, argument)| (name, argument.trim()));
        Step::Print(match name {
            "q" | "quit" | "exit" => return Step::Quit,
            "help" | "h" => self.help(),
            "k" => match argument.parse::<usize>() {
                Ok(k) if k > 0 => {
                    self.k = k;
                    format!("showing {k} candidates")
                }
                _ => format!(":k needs a positive number, got {:?}", printable(argument)),
            },
            "explain" => {
                self.explain = !self.explain;
                format!("explanations {}", if self.explain { "on" } else { "off" })
            }
            "threshold" => match argument.parse::<f32>() {
                Ok(value) if (0.0..=1.0).contains(&value) => {
                    let thresholds = self.engine().thresholds();
                    let thresholds = thresholds
                        .with_answer(value)
                        .with_suggest(thresholds.suggest.min(value));
                    self.replace_engine(|engine| engine.with_thresholds(thresholds));
                    format!("answer threshold {value:.2}")
                }
                _ => format!(
                    ":threshold needs a number from 0 to 1, got {:?}",
                    printable(argument)
                ),
            },
            "category" if argument.is_empty() => {
                self.category = None;
                "all categories".to_string()
            }
            "category" => {
                if self.engine().categories().contains(&argument) {
                    self.category = Some(argument.to_string());
                    format!("only category {}", printable(argument))
                } else {
                    format!(
                        "no category {:?}; categories: {}",
                        printable(argument),
                        printable(&self.engine().categories().join(", "))
                    )
                }
            }
            "categories" => self
                .engine()
                .categories()
                .iter()
                .map(|category| printable(category))
                .collect::<Vec<_>>()
                .join("\n"),
            "reload" => self.reload(),
            _ => format!("unknown command :{} (try :help)", printable(name)),
        })
    }

    fn help(&self) -> String {
        HELP.replace("{k}", &self.k.to_string())
            .replace("{explain}", if self.explain { "on" } else { "off" })
            .replace(
                "{threshold}",
                &format!("{:.2}", self.engine().thresholds().answer),
            )
            .replace(
                "{category}",
                &printable(self.category.as_deref().unwrap_or("all")),
            )
    }

    /// Warns on standard error when questions could not be logged since the last check.
    fn warn_of_log_failures(&mut self) {
        let Some(log) = &self.log else {
            return;
        };
        let failures = log.failures();
        if failures > self.failures_seen {
            eprintln!(
                "warning: {} question(s) not written to the log {}: {}",
                failures - self.failures_seen,
                printable(&log.path().display().to_string()),
                printable(&log.last_error().unwrap_or_default())
            );
            self.failures_seen = failures;
        }
    }

    fn reload(&mut self) -> String {
        match load_engine(&self.path, &self.build) {
            Ok(engine) => {
                let engine = engine.with_thresholds(self.engine().thresholds());
                self.engine = Some(match &self.log {
                    Some(log) => engine.with_query_log(Arc::clone(log) as Arc<dyn QueryLog>),
                    None => engine,
                });
                format!(
                    "reloaded {}: {} entries",
                    printable(&self.path.display().to_string()),
                    self.engine().stats().entries
                )
            }
            Err(err) => format!(
                "reload failed, keeping the previous corpus: {}",
                printable(&err.to_string())
            ),
        }
    }
}
