//! A LINE official account's webhook answering residents from an FAQ.
//!
//! ```sh
//! LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… \
//!   cargo run -p toiawase-line-webhook -- examples/municipal-faq.toml 127.0.0.1:8080
//! ```
//!
//! Point the channel's webhook URL at `https://<your host>/callback` (behind a TLS proxy).
//! `LINE_API_BASE` replaces `https://api.line.me` (a local stand-in, for testing). Questions
//! are logged to `questions.jsonl` (masked; see `toiawase report`).

use std::sync::Arc;

use toiawase::query_log::{BackgroundLog, JsonLinesLog};
use toiawase_line_webhook::{Bot, Reply, Sender, serve};

/// Prints the replies instead of sending them (built without the `line-api` feature).
struct Print;

impl Sender for Print {
    fn send(&self, reply: &Reply) -> bool {
        println!("{reply}");
        true
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .unwrap_or_else(|| "examples/municipal-faq.toml".into());
    let address = args.next().unwrap_or_else(|| "127.0.0.1:8080".into());
    let secret = std::env::var("LINE_CHANNEL_SECRET")
        .map_err(|_| "set LINE_CHANNEL_SECRET to the channel secret")?;

    // The log writes on a thread of its own: a request never waits for the disk.
    let log = BackgroundLog::new(Arc::new(JsonLinesLog::open("questions.jsonl")?), 10_000);
    let bot = Bot::new(&corpus, Some(Arc::new(log)))?;

    let sender: Box<dyn Sender> = match std::env::var("LINE_CHANNEL_ACCESS_TOKEN") {
        #[cfg(feature = "line-api")]
        Ok(access_token) => Box::new(toiawase_line_webhook::LineApi {
            base: std::env::var("LINE_API_BASE").unwrap_or_else(|_| "https://api.line.me".into()),
            access_token,
        }),
        _ => Box::new(Print),
    };
    let server = tiny_http::Server::http(&address).map_err(|err| format!("{address}: {err}"))?;
    println!(
        "listening on http://{address}/callback ({} entries)",
        bot.engine().stats().entries
    );
    serve(&server, &bot, &secret, sender.as_ref());
    Ok(())
}
