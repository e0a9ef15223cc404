//! The REPL: questions in, result blocks out. Interactive with line editing and history on
//! a terminal; one result block per line when standard input is piped.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use toiawase::{AskOptions, Engine};

use super::render::{self, Style};
use super::{BuildArgs, Failure, load_engine};

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
    log: Option<std::sync::Arc<dyn toiawase::query_log::QueryLog>>,
    build: BuildArgs,
    engine: Engine,
    k: usize,
    explain: bool,
    category: Option<String>,
    style: Style,
}

pub(crate) fn run(path: &Path, log: Option<&Path>, build: &BuildArgs) -> Result<ExitCode, Failure> {
    let mut engine = load_engine(path, build)?;
    let log = match log {
        Some(log) => Some(std::sync::Arc::new(
            toiawase::query_log::JsonLinesLog::open(log)
                .map_err(|err| format!("{}: cannot open log: {err}", log.display()))?,
        )
            as std::sync::Arc<dyn toiawase::query_log::QueryLog>),
        None => None,
    };
    engine.set_query_log(log.clone());
    let mut session = Session {
        path: path.to_path_buf(),
        log,
        build: build.clone(),
        engine,
        k: 3,
        explain: false,
        category: None,
        style: Style::detect(),
    };
    if std::io::stdin().is_terminal() {
        interactive(&mut session)?;
    } else {
        let stdin = std::io::stdin();
        let mut stdout = std::io::stdout().lock();
        for line in stdin.lock().lines() {
            let line = line.map_err(|err| format!("standard input: {err}"))?;
            match session.handle(&line) {
                Step::Print(text) => {
                    stdout.write_all(text.as_bytes())?;
                    stdout.write_all(b"\n")?;
                }
                Step::Quit => break,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn interactive(session: &mut Session) -> Result<(), Failure> {
    let stats = session.engine.stats();
    println!(
        "toiawase: {} entries from {}. Ask a question, or :help.",
        stats.entries,
        session.path.display()
    );
    let mut editor = rustyline::DefaultEditor::new()?;
    loop {
        match editor.readline("問い> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                match session.handle(&line) {
                    Step::Print(text) => println!("{text}"),
                    Step::Quit => break,
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
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
    fn handle(&mut self, line: &str) -> Step {
        let line = line.trim();
        if line.is_empty() {
            return Step::Print(String::new());
        }
        let Some(command) = line.strip_prefix(':') else {
            let options = AskOptions {
                limit: self.k,
                category: self.category.as_deref(),
            };
            let response = self.engine.ask_with(line, &options);
            let mut block = format!("? {line}\n");
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
                _ => format!(":k needs a positive number, got {argument:?}"),
            },
            "explain" => {
                self.explain = !self.explain;
                format!("explanations {}", if self.explain { "on" } else { "off" })
            }
            "threshold" => match argument.parse::<f32>() {
                Ok(value) if (0.0..=1.0).contains(&value) => {
                    let mut thresholds = self.engine.thresholds();
                    thresholds.answer = value;
                    thresholds.suggest = thresholds.suggest.min(value);
                    self.engine.set_thresholds(thresholds);
                    format!("answer threshold {value:.2}")
                }
                _ => format!(":threshold needs a number from 0 to 1, got {argument:?}"),
            },
            "category" if argument.is_empty() => {
                self.category = None;
                "all categories".to_string()
            }
            "category" => {
                if self.engine.categories().contains(&argument) {
                    self.category = Some(argument.to_string());
                    format!("only category {argument}")
                } else {
                    format!(
                        "no category {argument:?}; categories: {}",
                        self.engine.categories().join(", ")
                    )
                }
            }
            "categories" => self.engine.categories().join("\n"),
            "reload" => self.reload(),
            _ => format!("unknown command :{name} (try :help)"),
        })
    }

    fn help(&self) -> String {
        HELP.replace("{k}", &self.k.to_string())
            .replace("{explain}", if self.explain { "on" } else { "off" })
            .replace(
                "{threshold}",
                &format!("{:.2}", self.engine.thresholds().answer),
            )
            .replace("{category}", self.category.as_deref().unwrap_or("all"))
    }

    fn reload(&mut self) -> String {
        match load_engine(&self.path, &self.build) {
            Ok(mut engine) => {
                engine.set_thresholds(self.engine.thresholds());
                engine.set_query_log(self.log.clone());
                self.engine = engine;
                format!(
                    "reloaded {}: {} entries",
                    self.path.display(),
                    self.engine.stats().entries
                )
            }
            Err(err) => format!("reload failed, keeping the previous corpus: {err}"),
        }
    }
}
