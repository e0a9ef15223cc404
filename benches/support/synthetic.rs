//! Deterministic, realistic FAQ corpora of any size for benchmarks.
//!
//! A corpus of `n` entries holds the sample corpus (`examples/municipal-faq.toml`, 109
//! entries) followed by generated entries: public-service items and procedures from the
//! project's user dictionary, combined with districts, qualifiers and question templates by
//! a seeded xorshift generator. The same `n` and seed always give the same corpus, so every
//! run measures the same work, and the labelled queries of the sample corpus stay
//! answerable at every size (accuracy can be measured next to latency).

#![allow(dead_code)]

use std::path::Path;

use toiawase::evaluation::{LabelledQuery, parse_labelled_queries};
use toiawase::{Corpus, Entry, Format, LoadOptions};

const SAMPLE: &str = include_str!("../../examples/municipal-faq.toml");
const LABELLED: &str = include_str!("../../tests/data/quality/sample/tune.tsv");
const USER_DICTIONARY: &str = include_str!("../../dictionaries/user_dictionary.csv");

const DISTRICTS: &[&str] = &[
    "東町",
    "西町",
    "南町",
    "北町",
    "桜台",
    "緑ケ丘",
    "旭町",
    "本町",
    "中央",
    "若葉",
    "青葉台",
    "栄町",
    "川端",
    "港町",
    "山手",
    "松原",
    "竹園",
    "梅林",
    "新田",
    "大橋",
    "宮前",
    "泉",
    "富士見",
    "日の出",
    "朝日",
    "昭和町",
    "平和台",
    "春日",
    "柳町",
    "駅前",
];
const QUALIFIERS: &[&str] = &[
    "",
    "古い",
    "壊れた",
    "大きな",
    "小さい",
    "使わなくなった",
    "子ども用の",
    "家庭用の",
    "引っ越しで出た",
    "急ぎの",
];
const TOPICS: &[(&str, &str)] = &[
    ("の出し方を教えてください", "出し方"),
    ("はどこで手続きできますか", "手続きの窓口"),
    ("の料金はいくらですか", "料金"),
    ("の申し込み方法", "申し込み方法"),
    ("に必要な書類は何ですか", "必要な書類"),
    ("の受付時間を知りたい", "受付時間"),
    ("はいつまでに出せばいいですか", "期限"),
    ("を予約したい", "予約"),
    ("の問い合わせ先", "問い合わせ先"),
    ("は郵送でもできますか", "郵送での手続き"),
    ("を捨てたい", "処分方法"),
    ("の回収日はいつですか", "回収日"),
];
const TEMPLATES: &[&str] = &["{d}の{q}{i}{t}", "{q}{i}{t}", "{i}{t}（{d}）"];

/// Small, fast, deterministic PRNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// The sample corpus's entries.
pub fn sample_entries() -> Vec<Entry> {
    Corpus::from_bytes(
        SAMPLE.as_bytes(),
        Format::Toml,
        Path::new("examples/municipal-faq.toml"),
        &LoadOptions::default(),
    )
    .expect("the sample corpus is valid")
    .entries()
    .to_vec()
}

/// A corpus of `entries` entries: the sample corpus, then generated entries.
pub fn corpus(entries: usize, seed: u64) -> Corpus {
    let mut all = sample_entries();
    all.truncate(entries);
    let items: Vec<&str> = USER_DICTIONARY
        .lines()
        .filter_map(|line| line.split(',').next())
        .filter(|surface| !surface.is_empty())
        .collect();
    let mut rng = Rng::new(seed);
    let mut seen = std::collections::HashSet::new();
    let mut next_id = 0usize;
    while all.len() < entries {
        let item = *rng.pick(&items);
        let district = *rng.pick(DISTRICTS);
        let qualifier = *rng.pick(QUALIFIERS);
        let (topic, topic_name) = *rng.pick(TOPICS);
        if !seen.insert((item, district, qualifier, topic)) {
            continue;
        }
        let mut questions: Vec<String> = Vec::new();
        let phrasings = 2 + (rng.next() % 2) as usize;
        for _ in 0..phrasings * 2 {
            let template = *rng.pick(TEMPLATES);
            let question = template
                .replace("{d}", district)
                .replace("{q}", qualifier)
                .replace("{i}", item)
                .replace("{t}", topic);
            if !questions.contains(&question) {
                questions.push(question);
            }
            if questions.len() == phrasings {
                break;
            }
        }
        let answer = format!(
            "{district}地区の{qualifier}{item}の{topic_name}は、市役所{district}出張所（電話 0120-{:03}-{:03}）でご案内しています。受付は平日8時30分から17時15分です。",
            rng.next() % 1000,
            rng.next() % 1000
        );
        all.push(Entry::new(format!("gen-{next_id:06}"), questions, answer));
        next_id += 1;
    }
    Corpus::new(all).expect("generated entries are valid")
}

/// The labelled queries of one tier (`paraphrase`, `hiragana`, `typo`, `uncovered`, …),
/// or of every tier for `"all"`.
pub fn labelled(tier: &str) -> Vec<LabelledQuery> {
    parse_labelled_queries(LABELLED)
        .expect("the labelled queries are valid")
        .into_iter()
        .filter(|query| tier == "all" || query.tier == tier)
        .collect()
}
