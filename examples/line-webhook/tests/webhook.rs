//! The webhook as LINE drives it, on 127.0.0.1: correctly and wrongly signed bodies are
//! posted to it, and the replies it hands to the sender are checked. No LINE server is
//! contacted.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use toiawase_line_webhook::{Bot, LABEL_CHARS, Reply, Sender, serve, sign};

const SECRET: &str = "channel-secret";
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../municipal-faq.toml");

/// Keeps the replies instead of sending them.
#[derive(Default)]
struct Recorder(Mutex<Vec<Reply>>);

impl Sender for Recorder {
    fn send(&self, reply: &Reply) -> bool {
        self.0.lock().unwrap().push(reply.clone());
        true
    }
}

/// A running webhook and what it sent.
struct Running {
    address: std::net::SocketAddr,
    server: Arc<tiny_http::Server>,
    sent: Arc<Recorder>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn start() -> Running {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let address = server.server_addr().to_ip().unwrap();
        let sent = Arc::new(Recorder::default());
        let thread = {
            let (server, sent) = (Arc::clone(&server), Arc::clone(&sent));
            std::thread::spawn(move || {
                let bot = Bot::new(CORPUS, None).unwrap();
                serve(&server, &bot, SECRET, sent.as_ref());
            })
        };
        Running {
            address,
            server,
            sent,
            thread: Some(thread),
        }
    }

    /// Posts `body` with a signature header; returns the HTTP status.
    fn post(&self, path: &str, body: &str, signature: Option<&str>) -> u16 {
        // The bot builds its engine first: retry the connection for a while.
        let mut stream = None;
        for _ in 0..600 {
            if let Ok(connected) = TcpStream::connect(self.address) {
                stream = Some(connected);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let mut stream = stream.expect("the webhook listens");
        let header = signature.map_or(String::new(), |s| format!("x-line-signature: {s}\r\n"));
        let request = format!(
            "POST {path} HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n{header}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response[9..12].parse().unwrap()
    }

    fn sent(&self) -> Vec<Reply> {
        std::mem::take(&mut *self.sent.0.lock().unwrap())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn message_event(text: &str) -> String {
    json!({
        "destination": "U0",
        "events": [{
            "type": "message",
            "replyToken": "token-1",
            "source": { "type": "user", "userId": "U123" },
            "message": { "type": "text", "id": "1", "text": text }
        }]
    })
    .to_string()
}

fn first_message(reply: &Value) -> &Value {
    &reply["messages"][0]
}

#[test]
fn a_signed_question_gets_its_answer_an_ambiguous_one_a_menu_and_a_bad_signature_nothing() {
    let bot = Running::start();

    // A confident answer: one text reply, to the event's reply token.
    let body = message_event("じてんしゃ すてたい");
    assert_eq!(
        bot.post("/callback", &body, Some(&sign(SECRET, body.as_bytes()))),
        200
    );
    let sent = bot.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["replyToken"], "token-1");
    assert!(
        first_message(&sent[0])["text"]
            .as_str()
            .unwrap()
            .contains("自転車")
    );

    // Unsure (「犬」: registration, or a change or death?): a quick-reply menu whose buttons
    // post back entry ids, with labels of at most 20 characters.
    let body = message_event("犬");
    assert_eq!(
        bot.post("/callback", &body, Some(&sign(SECRET, body.as_bytes()))),
        200
    );
    let sent = bot.sent();
    let items = first_message(&sent[0])["quickReply"]["items"]
        .as_array()
        .cloned()
        .expect("a menu");
    let data: Vec<&str> = items
        .iter()
        .map(|item| item["action"]["data"].as_str().unwrap())
        .collect();
    assert!(data.contains(&"choose=inu-touroku"), "{data:?}");
    for item in &items {
        assert_eq!(item["action"]["type"], "postback");
        assert!(item["action"]["label"].as_str().unwrap().chars().count() <= LABEL_CHARS);
    }

    // The pick from a menu: the entry's answer.
    let pick = json!({
        "events": [{
            "type": "postback",
            "replyToken": "token-2",
            "source": { "type": "user", "userId": "U123" },
            "postback": { "data": "choose=inu-touroku" }
        }]
    })
    .to_string();
    assert_eq!(
        bot.post("/callback", &pick, Some(&sign(SECRET, pick.as_bytes()))),
        200
    );
    let sent = bot.sent();
    assert_eq!(sent[0]["replyToken"], "token-2");
    assert!(
        first_message(&sent[0])["text"]
            .as_str()
            .unwrap()
            .contains("登録")
    );

    // Nothing covers it: the apology. Small talk: a greeting back.
    for (question, expected) in [
        ("駅までの道を教えて", "申し訳ありません"),
        ("こんにちは", "こんにちは"),
    ] {
        let body = message_event(question);
        bot.post("/callback", &body, Some(&sign(SECRET, body.as_bytes())));
        let sent = bot.sent();
        assert!(
            first_message(&sent[0])["text"]
                .as_str()
                .unwrap()
                .contains(expected),
            "{question}: {sent:?}"
        );
    }

    // A wrong signature, a missing one, a body changed after signing: 401, no reply.
    let body = message_event("じてんしゃ すてたい");
    let tampered = body.replace("じてんしゃ", "住民票");
    for (body, signature) in [
        (&body, Some(sign("another-secret", body.as_bytes()))),
        (&body, None),
        (&tampered, Some(sign(SECRET, body.as_bytes()))),
    ] {
        assert_eq!(bot.post("/callback", body, signature.as_deref()), 401);
    }
    assert!(bot.sent().is_empty());

    // Reloading the FAQ keeps the bot answering.
    assert_eq!(bot.post("/reload", "", None), 200);
    let body = message_event("じてんしゃ すてたい");
    assert_eq!(
        bot.post("/callback", &body, Some(&sign(SECRET, body.as_bytes()))),
        200
    );
    assert_eq!(bot.sent().len(), 1);
}
