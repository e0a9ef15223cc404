//! A minimal chat loop, as a bot built on toiawase would run it: answer when confident,
//! offer a "もしかして" menu when unsure (and record the resident's pick), greet and thank
//! back, apologise and point to a person otherwise — with every question recorded in a
//! query log for `toiawase report`.
//!
//! ```sh
//! cargo run --example chat_bot -- examples/municipal-faq.toml questions.jsonl
//! toiawase report questions.jsonl --corpus examples/municipal-faq.toml
//! ```

use std::io::BufRead;
use std::sync::Arc;

use toiawase::query_log::JsonLinesLog;
use toiawase::{Corpus, Decision, Engine, SmallTalk};

const HUMAN_CONTACT: &str = "市役所総合案内（0120-000-000、平日8時30分〜17時15分）";
/// LINE quick-reply labels hold 20 characters.
const LABEL_CHARS: usize = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .unwrap_or_else(|| "examples/municipal-faq.toml".into());
    let log = args.next().unwrap_or_else(|| "questions.jsonl".into());

    let engine = Engine::build(&Corpus::from_path(&corpus)?)?
        .with_query_log(Arc::new(JsonLinesLog::open(&log)?));

    println!("みどり市 問い合わせチャット（終了は Ctrl-D; メニューは番号で選べます）");
    let mut menu: Option<(String, Vec<String>)> = None;
    for line in std::io::stdin().lock().lines() {
        let question = line?;
        let question = question.trim();
        if question.is_empty() {
            continue;
        }
        // A number picks from the menu just offered.
        if let (Some((asked, ids)), Ok(number)) = (&menu, question.parse::<usize>())
            && let Some(id) = number.checked_sub(1).and_then(|i| ids.get(i))
        {
            engine.record_choice(asked, id, None);
            if let Some(entry) = engine.entry(id) {
                println!("{}", entry.answer);
            }
            menu = None;
            continue;
        }
        menu = None;
        let response = engine.ask(question);
        match (response.decision, response.small_talk) {
            (_, Some(SmallTalk::Thanks)) => println!("どういたしまして。"),
            (_, Some(_)) => println!("こんにちは。ご質問をどうぞ。"),
            (Decision::Answer, None) => println!("{}", response.candidates[0].answer),
            (Decision::Ambiguous, None) => {
                println!("もしかして、次のどれかでしょうか？（番号で選べます）");
                for (number, candidate) in response.menu().iter().enumerate() {
                    println!("  {}. {}", number + 1, candidate.label(LABEL_CHARS));
                }
                let ids = response.menu().iter().map(|m| m.id.to_string()).collect();
                menu = Some((question.to_string(), ids));
            }
            (Decision::NoMatch, None) => println!(
                "申し訳ありません、お答えできる情報が見つかりませんでした。\
                 ご質問は記録し、担当課で確認します。お急ぎの場合は{HUMAN_CONTACT}へどうぞ。"
            ),
        }
    }
    println!("(質問は {log} に記録しました)");
    Ok(())
}
