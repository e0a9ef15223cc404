//! A LINE official account's webhook that answers residents from an FAQ.
//!
//! What it does with each event LINE posts to it:
//! - checks the `x-line-signature` header (HMAC-SHA256 of the body with the channel secret,
//!   base64, compared in constant time) and drops the request when it does not match;
//! - a text message: asks the engine and replies with the answer; with a "もしかして"
//!   quick-reply menu of the candidates when it is unsure (labels of at most 20
//!   characters; each button posts back the entry's id); with thanks or a greeting for small
//!   talk; with an apology and a pointer to a person otherwise (the query log records it);
//! - a postback from the menu: records the resident's pick and replies with that answer.
//!
//! The FAQ can be reloaded while the bot runs ([`Bot::reload`], or `POST /reload`): the new
//! engine is built beside the old one and swapped in; requests in flight finish on the old.

use std::sync::{Arc, RwLock};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use toiawase::query_log::QueryLog;
use toiawase::{Corpus, Decision, Engine, SmallTalk};

/// LINE quick-reply labels hold at most 20 characters.
pub const LABEL_CHARS: usize = 20;

/// What a postback from the menu carries before the entry id.
const CHOICE_PREFIX: &str = "choose=";

const APOLOGY: &str = "申し訳ありません。お答えできる情報が見つかりませんでした。ご質問は記録し、\
担当課で確認します。お急ぎの場合は市役所総合案内（0120-000-000）へお電話ください。";

/// Whether `signature` (the `x-line-signature` header) is the channel's signature of `body`.
///
/// ```
/// use toiawase_line_webhook::{sign, verify_signature};
/// let body = br#"{"events":[]}"#;
/// assert!(verify_signature("secret", body, &sign("secret", body)));
/// assert!(!verify_signature("secret", body, &sign("another", body)));
/// ```
pub fn verify_signature(channel_secret: &str, body: &[u8], signature: &str) -> bool {
    use base64::Engine as _;
    let Ok(expected) = base64::engine::general_purpose::STANDARD.decode(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(channel_secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected).is_ok()
}

/// The `x-line-signature` of `body` for a channel secret (what LINE sends; for tests).
pub fn sign(channel_secret: &str, body: &[u8]) -> String {
    use base64::Engine as _;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(channel_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// One reply to send: the body of a Messaging API `POST /v2/bot/message/reply`.
pub type Reply = Value;

/// The bot: an engine that can be swapped while it answers, and the log its questions go to.
pub struct Bot {
    engine: RwLock<Arc<Engine>>,
    corpus: std::path::PathBuf,
    log: Option<Arc<dyn QueryLog>>,
}

impl Bot {
    /// Builds the engine of the FAQ at `corpus`, recording questions and picks in `log`.
    pub fn new(
        corpus: impl Into<std::path::PathBuf>,
        log: Option<Arc<dyn QueryLog>>,
    ) -> Result<Bot, Box<dyn std::error::Error>> {
        let corpus = corpus.into();
        let engine = build(&corpus, &log)?;
        Ok(Bot {
            engine: RwLock::new(Arc::new(engine)),
            corpus,
            log,
        })
    }

    /// The engine answering now (requests keep theirs while a reload swaps it).
    pub fn engine(&self) -> Arc<Engine> {
        Arc::clone(
            &self
                .engine
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// Re-reads the FAQ and swaps the new engine in; on error the old one stays. Returns
    /// the number of entries.
    pub fn reload(&self) -> Result<usize, Box<dyn std::error::Error>> {
        let engine = build(&self.corpus, &self.log)?;
        let entries = engine.stats().entries;
        *self
            .engine
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(engine);
        Ok(entries)
    }

    /// The replies to a webhook body's events (the signature already checked).
    pub fn replies(&self, body: &[u8]) -> Vec<Reply> {
        let Ok(webhook) = serde_json::from_slice::<Value>(body) else {
            return Vec::new();
        };
        let engine = self.engine();
        let events = webhook["events"].as_array().cloned().unwrap_or_default();
        events
            .iter()
            .filter_map(|event| {
                let token = event["replyToken"].as_str()?;
                let session = event["source"]["userId"].as_str();
                let messages = match event["type"].as_str()? {
                    "message" if event["message"]["type"] == "text" => {
                        answer(&engine, event["message"]["text"].as_str()?, session)
                    }
                    "postback" => choice(&engine, event, session)?,
                    _ => return None,
                };
                Some(json!({ "replyToken": token, "messages": messages }))
            })
            .collect()
    }
}

fn build(
    corpus: &std::path::Path,
    log: &Option<Arc<dyn QueryLog>>,
) -> Result<Engine, Box<dyn std::error::Error>> {
    let engine = Engine::build(&Corpus::from_path(corpus)?)?;
    Ok(match log {
        Some(log) => engine.with_query_log(Arc::clone(log)),
        None => engine,
    })
}

fn text(text: &str) -> Value {
    json!({ "type": "text", "text": text })
}

/// The messages answering one question.
fn answer(engine: &Engine, question: &str, session: Option<&str>) -> Vec<Value> {
    let mut options = toiawase::AskOptions::default();
    options.session = session;
    let response = engine.ask_with(question, &options);
    match (response.small_talk, response.decision) {
        (Some(SmallTalk::Thanks), _) => {
            vec![text("どういたしまして。ほかにもご質問があればどうぞ。")]
        }
        (Some(SmallTalk::Farewell), _) => vec![text("ご利用ありがとうございました。")],
        (Some(_), _) => vec![text(
            "こんにちは。ごみの出し方や手続きについて、ご質問をどうぞ。",
        )],
        (None, Decision::Answer) => vec![text(&response.candidates[0].answer)],
        (None, Decision::Ambiguous) => {
            let items: Vec<Value> = response
                .menu()
                .iter()
                .map(|candidate| {
                    let label = candidate.label(LABEL_CHARS);
                    json!({
                        "type": "action",
                        "action": {
                            "type": "postback",
                            "label": label,
                            "data": format!("{CHOICE_PREFIX}{}", candidate.id),
                            "displayText": label,
                        }
                    })
                })
                .collect();
            let mut message = text("もしかして、次のどれかでしょうか？");
            message["quickReply"] = json!({ "items": items });
            vec![message]
        }
        (None, Decision::NoMatch) => vec![text(APOLOGY)],
    }
}

/// The messages answering a pick from the menu (`choose=<entry id>`), recorded in the log.
fn choice(engine: &Engine, event: &Value, session: Option<&str>) -> Option<Vec<Value>> {
    let id = event["postback"]["data"]
        .as_str()?
        .strip_prefix(CHOICE_PREFIX)?;
    let entry = engine.entry(id)?;
    // LINE echoes the label as the resident's message; the pick is what counts.
    engine.record_choice(&entry.questions[0], id, session);
    Some(vec![text(&entry.answer)])
}

/// Where replies go: LINE's Messaging API, or a recorder in tests.
pub trait Sender: Send + Sync {
    /// Sends one reply; returns whether it was accepted.
    fn send(&self, reply: &Reply) -> bool;
}

/// Sends replies to the Messaging API at `base` (`https://api.line.me`, or a stand-in).
#[cfg(feature = "line-api")]
pub struct LineApi {
    /// The API's base URL.
    pub base: String,
    /// The channel access token.
    pub access_token: String,
}

#[cfg(feature = "line-api")]
impl Sender for LineApi {
    fn send(&self, reply: &Reply) -> bool {
        ureq::post(&format!(
            "{}/v2/bot/message/reply",
            self.base.trim_end_matches('/')
        ))
        .set("Authorization", &format!("Bearer {}", self.access_token))
        .set("Content-Type", "application/json")
        .send_string(&reply.to_string())
        .is_ok()
    }
}

/// Serves the webhook on `server` until it is closed: `POST /callback` (LINE's events) and
/// `POST /reload` (re-read the FAQ).
pub fn serve(server: &tiny_http::Server, bot: &Bot, channel_secret: &str, sender: &dyn Sender) {
    for mut request in server.incoming_requests() {
        let mut body = Vec::new();
        let status = if std::io::Read::read_to_end(request.as_reader(), &mut body).is_err() {
            400
        } else {
            match (request.method(), request.url()) {
                (tiny_http::Method::Post, "/callback") => {
                    let signature = request
                        .headers()
                        .iter()
                        .find(|header| header.field.equiv("x-line-signature"))
                        .map(|header| header.value.as_str().to_string())
                        .unwrap_or_default();
                    if verify_signature(channel_secret, &body, &signature) {
                        for reply in bot.replies(&body) {
                            sender.send(&reply);
                        }
                        200
                    } else {
                        401
                    }
                }
                (tiny_http::Method::Post, "/reload") => match bot.reload() {
                    Ok(_) => 200,
                    Err(_) => 500,
                },
                _ => 404,
            }
        };
        let _ = request.respond(tiny_http::Response::empty(status));
    }
}
