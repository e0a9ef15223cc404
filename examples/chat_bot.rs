//! A minimal chat loop, as a bot built on toiawase would run it: answer when confident,
//! offer a "もしかして" menu when unsure, apologise and point to a person otherwise — with
//! every question recorded in a query log for `toiawase report`.
//!
//! ```sh
//! cargo run --example chat_bot -- examples/municipal-faq.toml questions.jsonl
//! toiawase report questions.jsonl --corpus examples/municipal-faq.toml
//! ```

use std::io::BufRead;
use std::sync::Arc;

use toiawase::query_log::JsonLinesLog;
use toiawase::{Corpus, Decision, Engine};

const HUMAN_CONTACT: &str = "市役所総合案内（0120-000-000、平日8時30分〜17時15分）";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .unwrap_or_else(|| "examples/municipal-faq.toml".into());
    let log = args.next().unwrap_or_else(|| "questions.jsonl".into());

    let mut engine = Engine::build(&Corpus::from_path(&corpus)?)?;
    engine.set_query_log(Some(Arc::new(JsonLinesLog::open(&log)?)));

    println!("みどり市 問い合わせチャット（終了は Ctrl-D）");
    for line in std::io::stdin().lock().lines() {
        let question = line?;
        if question.trim().is_empty() {
            continue;
        }
        let response = engine.ask(&question);
        match response.decision {
            Decision::Answer => println!("{}", response.candidates[0].answer),
            Decision::Ambiguous => {
                println!("もしかして、次のどれかでしょうか？");
                for (number, candidate) in response.candidates.iter().take(3).enumerate() {
                    println!("  {}. {}", number + 1, candidate.phrasing);
                }
            }
            Decision::NoMatch => println!(
                "申し訳ありません、お答えできる情報が見つかりませんでした。\
                 ご質問は記録し、担当課で確認します。お急ぎの場合は{HUMAN_CONTACT}へどうぞ。"
            ),
        }
    }
    println!("(質問は {log} に記録しました)");
    Ok(())
}
