//! `toiawase`: try questions against an FAQ corpus, compile it to an index file, ask one
//! question, or measure accuracy on labelled questions.
//!
//! Exit codes: 0 success, 1 bad input (missing or malformed file, corrupt index), 2 usage
//! error (including options that do not fit the file: build options with an index, an
//! unknown `--category`), 3 `eval` accuracy below `--min-accuracy`.

mod eval;
mod render;
mod repl;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use toiawase::{Corpus, Engine, EngineOptions, LoadOptions, Resources};

/// Answer Japanese questions from an FAQ corpus.
#[derive(Parser)]
#[command(name = "toiawase", version, about, long_about = None)]
#[command(
    after_help = "PATH is a corpus (.toml, .json, .csv, or a 5374 target.csv) or an index \
file written by `toiawase compile`.\n\nExit codes: 0 success, 1 bad input, 2 usage error, \
3 accuracy below --min-accuracy (eval)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ask questions interactively (or one per line of piped input).
    #[command(
        after_help = "Example:\n  toiawase repl examples/municipal-faq.toml\n  \
echo 'そだいごみ どうやって出す？' | toiawase repl faq.idx\n\n\
Type :help at the prompt for the commands (:k, :explain, :threshold, :category, :reload, :quit)."
    )]
    Repl {
        /// Corpus or index file.
        path: PathBuf,
        /// Append every question and its result to this JSON Lines log (created owner-only;
        /// phone, マイナンバー, card and postal numbers, e-mail addresses and street-address
        /// numbers masked).
        #[arg(long, value_name = "FILE")]
        log: Option<PathBuf>,
        /// Log questions without masking personal data.
        #[arg(long, requires = "log")]
        log_unmasked: bool,
        /// Also mask text of this shape in the log (`#` = one digit), as `<番号>` or as
        /// PLACEHOLDER: e.g. `--log-mask '受付番号 ########=<受付番号>'`. Repeatable.
        #[arg(long, value_name = "SHAPE[=PLACEHOLDER]", requires = "log")]
        log_mask: Vec<String>,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Compile a corpus into an index file.
    #[command(after_help = "Example:\n  toiawase compile examples/municipal-faq.toml -o faq.idx")]
    Compile {
        /// Corpus file (.toml, .json, .csv or 5374 target.csv).
        corpus: PathBuf,
        /// Where to write the index (written atomically).
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Answer one question.
    #[command(after_help = "Example:\n  toiawase query faq.idx 'じてんしゃ すてたい' -k 3 --json")]
    Query {
        /// Corpus or index file.
        path: PathBuf,
        /// The question.
        question: String,
        /// How many candidates to show.
        #[arg(short, default_value_t = 3)]
        k: usize,
        /// Print the full response as JSON.
        #[arg(long)]
        json: bool,
        /// Only consider entries of this category.
        #[arg(long)]
        category: Option<String>,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Measure accuracy on labelled questions.
    #[command(
        after_help = "QUERIES.tsv: one query per line, tab-separated `query`, `expected`, \
optional `tier`; `expected` is an id, ids separated by `|`, or `-` for a question the corpus \
does not cover. Lines starting with # are comments.\n\nExample:\n  \
toiawase eval examples/municipal-faq.toml tests/data/quality/sample/tune.tsv --min-accuracy 0.9"
    )]
    Eval {
        /// Corpus or index file.
        path: PathBuf,
        /// Labelled questions (TSV).
        queries: PathBuf,
        /// Print one JSON object instead of tables.
        #[arg(long)]
        json: bool,
        /// Exit with status 3 when accuracy@1 on covered questions is below this.
        #[arg(long, value_name = "X")]
        min_accuracy: Option<f64>,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Summarise a query log: unanswered needs, most and never asked entries, ambiguities.
    #[command(
        after_help = "LOG is a JSON Lines file written by toiawase::query_log::JsonLinesLog \
(or `toiawase repl --log`).\n\nExample:\n  \
toiawase report questions.jsonl --corpus examples/municipal-faq.toml --top 20\n  \
toiawase report questions.jsonl --csv report.csv"
    )]
    Report {
        /// The query log.
        log: PathBuf,
        /// The corpus or index the questions were asked of (enables "never asked").
        #[arg(long, value_name = "PATH")]
        corpus: Option<PathBuf>,
        /// How many items each list shows.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Write the report as CSV here instead of printing it.
        #[arg(long, value_name = "OUT")]
        csv: Option<PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
    },
}

/// How to build an engine when PATH is a corpus (an error with an index file, which
/// carries the resources it was built with).
#[derive(Args, Clone, Default)]
struct BuildArgs {
    /// Replace the embedded user dictionary (lindera simple CSV: surface,品詞,読み).
    #[arg(long, value_name = "CSV")]
    user_dictionary: Option<PathBuf>,
    /// Replace the embedded synonym groups.
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,
    /// Replace the embedded stop words.
    #[arg(long, value_name = "FILE")]
    stop_words: Option<PathBuf>,
    /// Replace the embedded related terms.
    #[arg(long, value_name = "FILE")]
    related: Option<PathBuf>,
    /// Skip malformed CSV rows (and report them) instead of failing.
    #[arg(long)]
    lenient: bool,
}

/// An error to report before exiting with status 1 (or 2 for a [`UsageError`]).
pub(crate) type Failure = Box<dyn std::error::Error>;

/// Writes to standard output. Unlike `print!`, it does not panic when the reader has gone
/// (`toiawase query … | head`): the error ends the command, which `main` then treats as done.
pub(crate) fn say(text: std::fmt::Arguments) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_fmt(text)?;
    out.flush()?;
    Ok(())
}

/// Whether an error is the reader of standard output having gone away.
fn is_closed_pipe(err: &Failure) -> bool {
    err.downcast_ref::<std::io::Error>()
        .is_some_and(|err| err.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Options that do not fit the files they are given with (exit status 2).
#[derive(Debug)]
pub(crate) struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Repl {
            path,
            log,
            log_unmasked,
            log_mask,
            build,
        } => repl::run(
            &path,
            &repl::LogArgs {
                path: log.as_deref(),
                unmasked: log_unmasked,
                shapes: &log_mask,
            },
            &build,
        ),
        Command::Compile {
            corpus,
            output,
            build,
        } => compile(&corpus, &output, &build),
        Command::Query {
            path,
            question,
            k,
            json,
            category,
            build,
        } => query(&path, &question, k, json, category.as_deref(), &build),
        Command::Eval {
            path,
            queries,
            json,
            min_accuracy,
            build,
        } => eval::run(&path, &queries, json, min_accuracy, &build),
        Command::Report {
            log,
            corpus,
            top,
            csv,
            build,
        } => report::run(&log, corpus.as_deref(), top, csv.as_deref(), &build),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", render::printable(&err.to_string()));
            ExitCode::from(if err.is::<UsageError>() { 2 } else { 1 })
        }
    }
}

/// Whether a file is an index rather than a corpus: it starts with the index magic bytes,
/// or it is named `.idx` (so that an empty or damaged index is reported as an index, not as
/// a corpus of unknown format).
fn is_index(path: &Path) -> Result<bool, Failure> {
    let named_index = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("idx"));
    let looks_like_index = toiawase::is_index_file(path)
        .map_err(|err| format!("{}: cannot open: {err}", path.display()))?;
    Ok(named_index || looks_like_index)
}

fn read_resource(path: &Option<PathBuf>, current: String) -> Result<String, Failure> {
    match path {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|err| format!("{}: cannot read: {err}", path.display()).into()),
        None => Ok(current),
    }
}

fn engine_options(build: &BuildArgs) -> Result<EngineOptions, Failure> {
    let defaults = Resources::default();
    let resources = Resources::default()
        .with_user_dictionary(read_resource(
            &build.user_dictionary,
            defaults.user_dictionary,
        )?)
        .with_synonyms(read_resource(&build.synonyms, defaults.synonyms)?)
        .with_stop_words(read_resource(&build.stop_words, defaults.stop_words)?)
        .with_related(read_resource(&build.related, defaults.related)?);
    resources.validate()?;
    Ok(EngineOptions::default().resources(resources))
}

fn load_corpus(path: &Path, build: &BuildArgs) -> Result<Corpus, Failure> {
    let corpus = Corpus::from_path_with(
        path,
        &LoadOptions {
            lenient: build.lenient,
        },
    )?;
    for skipped in corpus.skipped() {
        eprintln!("skipped: {}", render::printable(&skipped.reason));
    }
    Ok(corpus)
}

impl BuildArgs {
    /// The build options given, by their flag names.
    fn given(&self) -> Vec<&'static str> {
        [
            (self.user_dictionary.is_some(), "--user-dictionary"),
            (self.synonyms.is_some(), "--synonyms"),
            (self.stop_words.is_some(), "--stop-words"),
            (self.related.is_some(), "--related"),
            (self.lenient, "--lenient"),
        ]
        .into_iter()
        .filter_map(|(given, flag)| given.then_some(flag))
        .collect()
    }
}

/// Opens an index file, or loads and compiles a corpus. Build options with an index are an
/// error: the index carries the resources it was built with, and ignoring them silently
/// would answer with something other than what was asked for.
pub(crate) fn load_engine(path: &Path, build: &BuildArgs) -> Result<Engine, Failure> {
    if is_index(path)? {
        let given = build.given();
        if !given.is_empty() {
            return Err(UsageError(format!(
                "{}: {} only apply when PATH is a corpus; this is an index, which keeps the \
                 resources it was compiled with (compile it again from its corpus with them)",
                path.display(),
                given.join(", ")
            ))
            .into());
        }
        return Ok(Engine::open(path)?);
    }
    let corpus = load_corpus(path, build)?;
    Ok(Engine::build_with(&corpus, &engine_options(build)?)?)
}

/// Corpora at least this large get a progress bar while compiling.
const PROGRESS_BAR_ENTRIES: usize = 5_000;

fn compile(corpus_path: &Path, output: &Path, build: &BuildArgs) -> Result<ExitCode, Failure> {
    use std::io::IsTerminal;
    let started = Instant::now();
    let corpus = load_corpus(corpus_path, build)?;
    let options = engine_options(build)?;
    let bar =
        (corpus.len() >= PROGRESS_BAR_ENTRIES && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(corpus.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} entries ({eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
    let engine = Engine::build_with_progress(&corpus, &options, |done, _| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    engine.save(output)?;
    let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
    let stats = engine.stats();
    say(format_args!(
        "compiled {} entries ({} phrasings, {} terms, {} readings) into {}: {} in {:.0} ms\n",
        stats.entries,
        stats.phrasings,
        stats.terms,
        stats.readings,
        render::printable(&output.display().to_string()),
        render::bytes(size),
        started.elapsed().as_secs_f64() * 1e3
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn query(
    path: &Path,
    question: &str,
    k: usize,
    json: bool,
    category: Option<&str>,
    build: &BuildArgs,
) -> Result<ExitCode, Failure> {
    let engine = load_engine(path, build)?;
    if let Some(category) = category
        && !engine.categories().contains(&category)
    {
        let known = engine.categories();
        return Err(UsageError(format!(
            "unknown category {category:?}; the categories are: {}",
            if known.is_empty() {
                "(none: no entry has a category)".to_string()
            } else {
                known.join(", ")
            }
        ))
        .into());
    }
    let mut options = toiawase::AskOptions::default().limit(k).explain(true);
    options.category = category;
    let response = engine.ask_with(question, &options);
    if json {
        say(format_args!(
            "{}\n",
            serde_json::to_string_pretty(&response)?
        ))?;
    } else {
        let style = render::Style::detect();
        say(format_args!(
            "{}",
            render::response(&response, true, &style)
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
