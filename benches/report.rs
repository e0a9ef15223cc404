//! `toiawase report`'s grouping of unanswered questions by need, for logs of 5,000 to
//! 20,000 unanswered questions (200,000 with `TOIAWASE_BENCH_LARGE=1`): tallying the
//! records and summarising them (`LogTally::summarize`, which analyses each distinct
//! question and groups them). The questions come from a seeded generator: made-up names
//! (most unanswered needs are about something the FAQ never mentions), topics the sample
//! FAQ does not cover and words of the project's user dictionary, in kanji, kana and with
//! typos, with question frames and sometimes a district: each name asked about some twenty
//! times in different ways.
//!
//! `cargo bench --bench report`. To time the command itself on the same questions, write
//! them as a log and run `report` on it:
//!
//! ```sh
//! TOIAWASE_REPORT_LOG=/tmp/unanswered.jsonl TOIAWASE_REPORT_LOG_SIZE=200000 cargo bench --bench report
//! time target/release/toiawase report /tmp/unanswered.jsonl --corpus examples/municipal-faq.toml
//! ```

use criterion::{BenchmarkId, Criterion, criterion_group};
use std::hint::black_box;
use toiawase::query_log::LogRecord;
use toiawase::report::LogTally;
use toiawase::{Corpus, Decision, Engine};

const SAMPLE: &str = include_str!("../examples/municipal-faq.toml");
const USER_DICTIONARY: &str = include_str!("../dictionaries/user_dictionary.csv");

#[rustfmt::skip]
const UNCOVERED: &[&str] = &[
    "パスポート", "離婚届", "婚姻届", "駐輪場", "バーベキュー", "ふるさと納税", "イノシシ",
    "フリーWi-Fi", "印鑑登録", "児童手当", "空き家", "騒音", "街灯", "道路の穴", "野良猫",
    "カラス", "蜂の巣", "不法投棄", "落書き", "公園の遊具", "プール", "図書館カード",
    "選挙", "期日前投票", "狂犬病", "町内会", "防犯カメラ", "雪かき", "台風", "停電",
    "水道料金", "下水道", "浄化槽", "井戸", "農地", "家庭菜園", "市営住宅", "家賃補助",
    "奨学金", "就職", "起業", "補助金", "太陽光", "電気自動車", "バス路線", "タクシー券",
    "運転免許", "献血", "成人式", "敬老会", "墓地", "火葬場", "葬儀", "相続", "遺品",
];
#[rustfmt::skip]
const DISTRICTS: &[&str] = &[
    "東町", "西町", "南町", "北町", "桜台", "緑ケ丘", "旭町", "本町", "中央",
    "若葉", "青葉台", "栄町", "川端", "港町", "山手", "松原", "駅前",
];
#[rustfmt::skip]
const FRAMES: &[&str] = &[
    "について教えて", "はどこ", "の申請", "を相談したい", "の料金", "したい", "の手続き",
    "はいつ", "ってどうすればいい？", "の場所", "を知りたい", "の窓口", "", " 問い合わせ",
    "は何時まで",
];

/// A seeded xorshift generator: the same seed, the same questions.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Katakana for made-up product and place names: needs the FAQ has never heard of, each
/// its own word (most of a real log's unanswered needs are like that).
const KATAKANA: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

/// `n` unanswered questions: a topic (a made-up name most of the time, else a topic the
/// FAQ lacks or a word of the user dictionary, sometimes in hiragana or with a letter
/// missing), now and then a district, and a frame.
fn unanswered_questions(n: usize, seed: u64) -> Vec<String> {
    let known: Vec<(&str, String)> = USER_DICTIONARY
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(',');
            let surface = fields.next()?;
            let reading = fields.nth(1)?;
            let hiragana: String = reading
                .chars()
                .map(|c| match c {
                    'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
                    c => c,
                })
                .collect();
            Some((surface, hiragana))
        })
        .collect();
    let mut rng = Rng(seed.max(1));
    let katakana: Vec<char> = KATAKANA.chars().collect();
    // About one made-up name per 20 questions: a name is asked about 20 times.
    let names: Vec<String> = (0..(n / 20).max(10))
        .map(|_| {
            let length = 4 + rng.below(3);
            (0..length)
                .map(|_| katakana[rng.below(katakana.len())])
                .collect()
        })
        .collect();
    (0..n)
        .map(|_| {
            let topic = match rng.below(10) {
                0 => {
                    let (surface, hiragana) = &known[rng.below(known.len())];
                    if rng.below(4) == 0 {
                        hiragana.clone()
                    } else {
                        surface.to_string()
                    }
                }
                1 | 2 => UNCOVERED[rng.below(UNCOVERED.len())].to_string(),
                _ => names[rng.below(names.len())].clone(),
            };
            let mut topic: Vec<char> = topic.chars().collect();
            if topic.len() >= 4 && rng.below(8) == 0 {
                // A typo: one character dropped.
                topic.remove(rng.below(topic.len()));
            }
            let topic: String = topic.into_iter().collect();
            let frame = FRAMES[rng.below(FRAMES.len())];
            if rng.below(5) == 0 {
                let district = DISTRICTS[rng.below(DISTRICTS.len())];
                format!("{district}の{topic}{frame}")
            } else {
                format!("{topic}{frame}")
            }
        })
        .collect()
}

fn report_grouping(c: &mut Criterion) {
    let corpus = Corpus::from_bytes(
        SAMPLE.as_bytes(),
        toiawase::Format::Toml,
        std::path::Path::new("municipal-faq.toml"),
        &toiawase::LoadOptions::default(),
    )
    .expect("the sample corpus loads");
    let engine = Engine::build(&corpus).expect("the sample corpus compiles");
    let mut sizes = vec![5_000, 10_000, 20_000];
    if std::env::var_os("TOIAWASE_BENCH_LARGE").is_some() {
        sizes.push(200_000);
    }
    let template = LogRecord::new("", &engine.ask(""));
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    for size in sizes {
        let records: Vec<LogRecord> = unanswered_questions(size, 42)
            .into_iter()
            .map(|question| LogRecord {
                question,
                decision: Decision::NoMatch,
                ..template.clone()
            })
            .collect();
        group.bench_with_input(
            BenchmarkId::new("unanswered", size),
            &records,
            |b, records| {
                b.iter(|| {
                    let tally = LogTally::from_records(records);
                    black_box(tally.summarize(&engine, 20))
                })
            },
        );
    }
    group.finish();
}

/// Writes the generated questions as a query log (see the module documentation).
fn write_log(path: &std::ffi::OsStr, size: usize) -> std::io::Result<()> {
    use std::io::Write;
    let engine = Engine::build(&Corpus::new(vec![toiawase::Entry::new("x", ["x"], "x")]).unwrap())
        .expect("a one-entry corpus compiles");
    let template = LogRecord::new("", &engine.ask(""));
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for question in unanswered_questions(size, 42) {
        let record = LogRecord {
            question,
            decision: Decision::NoMatch,
            ..template.clone()
        };
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

criterion_group!(benches, report_grouping);

fn main() {
    if let Some(path) = std::env::var_os("TOIAWASE_REPORT_LOG") {
        let size = std::env::var("TOIAWASE_REPORT_LOG_SIZE")
            .ok()
            .and_then(|size| size.parse().ok())
            .unwrap_or(200_000);
        write_log(&path, size).expect("the log is written");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
