//! Answers that hold on corpora the engine was not tuned on (issue "Answers that hold on
//! corpora the engine has never seen"): held-out questions (`test.tsv`) on a second
//! sentence FAQ, a vaccination FAQ, and five real 5374 item
//! lists of other cities; small talk never answered; and no answer that depends on the
//! order of the corpus file.
//!
//! The floors below are the figures measured when they were written (the README's quality
//! table), rounded down; where they are below the bars the issue sets, the README says so.

mod common;

use common::labelled::{self, Kind, LabelledSet, Part};
use toiawase::{AskOptions, Corpus, Decision, Engine, Entry, MatchKind};

/// Held-out accuracy@1 floors per set (measured: sample 0.950, kurashi 0.745, yobou-sesshu
/// 0.781, kanazawa 0.923, meguro 0.964, kamagaya 1.000, fukuroi 0.961, sakado 0.921).
fn accuracy_floor(set: &LabelledSet) -> f64 {
    match set.name {
        "sample" => 0.92,
        "kurashi" => 0.73,
        "yobou-sesshu" => 0.76,
        "kanazawa-2016" => 0.90,
        "meguro-2015" => 0.95,
        "kamagaya-2020" => 0.95,
        "fukuroi-2016" => 0.94,
        "sakado-2016" => 0.92,
        other => panic!("no floor for {other}"),
    }
}

/// Share of uncovered held-out questions declined, per set (measured: sample 0.859,
/// sakado 0.889, kurashi 0.966, every other set 1.000).
fn decline_floor(set: &LabelledSet) -> f64 {
    match set.name {
        "sample" => 0.85,
        "sakado-2016" => 0.88,
        _ => 0.95,
    }
}

#[test]
fn held_out_questions_are_answered_on_every_corpus() {
    let mut below = Vec::new();
    for set in labelled::sets() {
        let Some(report) = labelled::report(&set, Part::Test, false) else {
            continue;
        };
        let accuracy = report.overall.accuracy_at_1;
        let floor = accuracy_floor(&set);
        eprintln!(
            "{:<14} held-out accuracy@1 {accuracy:.3} (floor {floor})",
            set.name
        );
        if accuracy < floor {
            below.push(format!(
                "{}: accuracy@1 {accuracy:.3} < {floor}\n{}",
                set.name,
                labelled::failures(&report)
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}

#[test]
fn held_out_uncovered_questions_are_declined() {
    let mut below = Vec::new();
    for set in labelled::sets() {
        let Some(report) = labelled::report(&set, Part::Test, false) else {
            continue;
        };
        let declined = report.overall.declined;
        if report.overall.uncovered > 0 && declined < decline_floor(&set) {
            below.push(format!("{}: declined {declined:.3}", set.name));
        }
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}

#[test]
fn small_talk_is_never_answered_and_is_recognised() {
    for set in labelled::sets()
        .iter()
        .filter(|set| set.kind != Kind::ItemList)
        .take(2)
    {
        let engine = labelled::engine(set, false);
        for part in [Part::Tune, Part::Test] {
            let messages = labelled::small_talk(part);
            let mut recognised = 0;
            for message in &messages {
                let response = engine.ask(&message.query);
                assert_ne!(
                    response.decision,
                    Decision::Answer,
                    "{}: {}",
                    set.name,
                    message.query
                );
                recognised += usize::from(response.small_talk.is_some());
            }
            let share = recognised as f64 / messages.len() as f64;
            // 40 of 40 tuning messages, 38 of 40 held-out ones.
            assert!(
                share >= 0.95,
                "{} {part:?}: small talk recognised {share:.3}",
                set.name
            );
        }
    }
}

#[test]
fn reversing_a_real_list_changes_top1_by_at_most_one_point() {
    for set in labelled::sets()
        .iter()
        .filter(|set| set.kind == Kind::ItemList)
    {
        for part in [Part::Tune, Part::Test] {
            let forward = labelled::report(set, part, false)
                .unwrap()
                .overall
                .accuracy_at_1;
            let backward = labelled::report(set, part, true)
                .unwrap()
                .overall
                .accuracy_at_1;
            assert!(
                (forward - backward).abs() <= 0.01,
                "{} {part:?}: {forward:.3} in file order, {backward:.3} reversed",
                set.name
            );
        }
    }
}

/// An item list where several names only use a word to modify the thing they name.
fn modified_items(with_the_plain_items: bool) -> Engine {
    let mut entries = vec![
        Entry::new("air-pump", ["自転車用空気入れ"], "燃やさないごみ"),
        Entry::new("futon-dryer", ["布団乾燥機"], "燃やさないごみ"),
        Entry::new("antenna", ["テレビアンテナ（室内用）"], "燃やさないごみ"),
        Entry::new("video-game", ["テレビゲーム"], "燃やさないごみ"),
        Entry::new("umbrella", ["傘"], "燃やさないごみ"),
        Entry::new("teacup", ["茶碗陶器製"], "燃やさないごみ"),
        Entry::new("chair", ["椅子"], "粗大ごみ"),
        Entry::new("bookshelf", ["本棚"], "粗大ごみ"),
    ];
    if with_the_plain_items {
        entries.push(Entry::new("bicycle", ["自転車"], "粗大ごみ"));
        entries.push(Entry::new("futon", ["布団"], "粗大ごみ"));
    }
    engine_of(entries)
}

/// Asks the question and asserts which entry comes first; the response, for more checks.
fn assert_first<'e>(engine: &'e Engine, question: &str, expected: &str) -> toiawase::Response<'e> {
    let response = engine.ask(question);
    assert_eq!(
        response.candidates.first().map(|c| c.id.as_ref()),
        Some(expected),
        "{question}: {response:?}"
    );
    response
}

/// An engine over these entries.
fn engine_of(entries: Vec<Entry>) -> Engine {
    Engine::build(&Corpus::new(entries).unwrap()).unwrap()
}

#[test]
fn a_word_that_only_modifies_an_item_name_is_offered_but_not_answered() {
    let engine = modified_items(false);
    for (question, offered) in [
        ("自転車を捨てたい", "air-pump"),
        ("ふとん 何ごみ", "futon-dryer"),
        ("テレビ 捨てたい", "antenna"),
    ] {
        let response = engine.ask(question);
        assert_ne!(
            response.decision,
            Decision::Answer,
            "{question}: {response:?}"
        );
        assert!(
            response.candidates.iter().any(|c| c.id == offered),
            "{question}: {offered} not offered in {:?}",
            response.candidates
        );
    }
    // Naming the thing itself still answers.
    for (question, expected) in [
        ("空気入れ 捨てたい", "air-pump"),
        ("ふとん乾燥機の捨て方", "futon-dryer"),
        ("テレビゲーム 何ごみ", "video-game"),
        ("アンテナ 捨てたい", "antenna"),
    ] {
        let response = engine.ask(question);
        assert_eq!(
            response.decision,
            Decision::Answer,
            "{question}: {response:?}"
        );
        assert_eq!(response.candidates[0].id, expected, "{question}");
    }
    // 陶器製 describes the teacup and 茶碗 names it: no modifier-only match, so it is
    // offered (most of its name is left unasked, so it is not answered outright).
    let response = engine.ask("茶わん 捨てたい");
    assert_eq!(response.candidates[0].id, "teacup");
    assert_eq!(response.decision, Decision::Ambiguous, "{response:?}");
}

#[test]
fn the_item_a_word_names_beats_the_items_it_modifies() {
    let engine = modified_items(true);
    for (question, expected) in [("自転車を捨てたい", "bicycle"), ("ふとん 何ごみ", "futon")]
    {
        let response = engine.ask(question);
        assert_eq!(
            response.decision,
            Decision::Answer,
            "{question}: {response:?}"
        );
        assert_eq!(response.candidates[0].id, expected, "{question}");
    }
}

#[test]
fn a_word_the_answer_names_still_counts_for_the_phrasing_that_says_it_otherwise() {
    // 熱 is in the first entry's answer word for word and in its question only as 発熱
    // (a related term); the second entry's question says 熱 but is about another moment.
    let engine = engine_of(vec![
        Entry::new(
            "fever-after",
            ["新型コロナワクチンを接種した後に発熱した場合はどうすればよいですか"],
            "38度以上の熱が2日以上続く場合は、接種した医療機関に相談してください。",
        ),
        Entry::new(
            "fever-on-the-day",
            ["接種の当日に熱がある場合は接種を受けられますか"],
            "当日に37.5度以上の発熱がある方は接種を受けられません。",
        ),
        Entry::new(
            "drinking",
            ["ワクチンを接種した後に飲酒してもよいですか"],
            "接種当日の飲酒は控えめにしてください。",
        ),
    ]);
    assert_first(&engine, "ワクチンのあと熱が出た", "fever-after");
}

#[test]
fn a_slip_in_a_two_kanji_word_is_read_as_the_word() {
    // IPADIC cuts 布段 into 布|段 and 時問 into 時|問; each is one slip from a term.
    let engine = engine_of(vec![
        Entry::new("futon", ["布団"], "粗大ごみ"),
        Entry::new("cloth", ["布"], "燃やすごみ"),
        Entry::new(
            "hours",
            ["ごみを出す時間"],
            "朝8時30分までに出してください。",
        ),
        Entry::new("calendar", ["ごみカレンダー"], "市役所で配っています。"),
    ]);
    for (question, expected) in [("布段 捨てたい", "futon"), ("ごみ 出す時問", "hours")]
    {
        assert_first(&engine, question, expected);
    }
}

#[test]
fn a_short_name_finds_the_compounds_that_start_with_its_word() {
    // 国保 is 国民健康保険: arrears of 国保 are those of 国民健康保険料, not of the city tax.
    let engine = engine_of(vec![
        Entry::new(
            "kokuho-arrears",
            ["国民健康保険料を滞納するとどうなりますか"],
            "督促状を送付し、延滞金がかかります。",
        ),
        Entry::new(
            "tax-arrears",
            ["市税を滞納するとどうなりますか"],
            "督促状を送付し、財産を差し押さえることがあります。",
        ),
        Entry::new(
            "kokuho-birth",
            ["国民健康保険の出産育児一時金について教えてください"],
            "出産したときに50万円を支給します。",
        ),
    ]);
    for question in ["国保 滞納したらどうなる", "こくほ たいのう どうなる"] {
        assert_first(&engine, question, "kokuho-arrears");
    }
}

#[test]
fn a_slip_that_leaves_a_kanji_ipadic_cannot_place_is_read_as_the_word() {
    // 便当箱 is 便|当|箱 to IPADIC (当 read as no word; 便 and 箱 are words of this list):
    // it is 弁当箱.
    let engine = engine_of(vec![
        Entry::new("lunch-box", ["弁当箱"], "燃やさないごみ"),
        Entry::new("delivery-slip", ["宅配便の伝票"], "燃やすごみ"),
        Entry::new("cigarette-box", ["タバコの箱"], "資源ごみ"),
    ]);
    assert_first(&engine, "便当箱 捨てたい", "lunch-box");
    // A kanji after a verb is grammar, not a broken word: 出す時 is not one.
    assert_first(&engine, "箱を出す時", "cigarette-box");
}

#[test]
fn kana_finds_a_noun_by_any_reading_the_dictionary_gives_it() {
    // IPADIC reads 長靴 as チョウカ when it segments it, but lists ナガグツ too.
    let engine = engine_of(vec![
        Entry::new("boots", ["長靴"], "可燃ごみ"),
        Entry::new("shoes", ["靴"], "可燃ごみ"),
        Entry::new("umbrella", ["傘"], "不燃ごみ"),
    ]);
    assert_first(&engine, "ながぐつ すてたい", "boots");
}

#[test]
fn a_compound_written_in_kanji_finds_its_voiced_kana_spelling() {
    // 竹箒 is 竹|箒 to IPADIC, read タケホウキ; the list writes 竹ぼうき (タケボウキ, the
    // second word voiced), which IPADIC splits as 竹|ぼう|き.
    let engine = engine_of(vec![
        Entry::new("bamboo-broom", ["竹ぼうき"], "燃やすごみ"),
        Entry::new("broom", ["ほうき"], "燃やすごみ"),
        Entry::new("bamboo-blind", ["竹すだれ"], "燃やすごみ"),
    ]);
    assert_first(&engine, "竹箒 捨てたい", "bamboo-broom");
}

#[test]
fn a_slip_that_splits_a_katakana_word_into_two_others_is_read_as_the_word() {
    // ペットボルト is ペット|ボルト to IPADIC, two words of this list; it is ペットボトル.
    let engine = engine_of(vec![
        Entry::new("pet-bottle", ["ペットボトル"], "資源ごみ"),
        Entry::new("bolt", ["ボルト"], "金属ごみ"),
        Entry::new("pet-cage", ["ペットのケージ"], "粗大ごみ"),
    ]);
    assert_first(&engine, "ペットボルトは何曜日？", "pet-bottle");
}

#[test]
fn kana_for_a_noun_with_its_suffix_reads_as_the_whole_word() {
    // IPADIC cuts 支給日 into 支給|日; しきゅうび is that word, not a slip for 支給.
    let engine = engine_of(vec![
        Entry::new(
            "payday",
            ["児童手当の支給日はいつですか"],
            "6月、10月、2月です。",
        ),
        Entry::new(
            "amount",
            ["児童手当の支給額はいくらですか"],
            "月額1万円です。",
        ),
    ]);
    assert_first(&engine, "じどうてあて しきゅうび", "payday");
    let explanation = engine
        .ask_with(
            "じどうてあて しきゅうび",
            &AskOptions::default().explain(true),
        )
        .candidates[0]
        .explanation
        .clone()
        .expect("asked to explain");
    assert!(
        explanation
            .matched
            .iter()
            .any(|m| m.term == "支給日" && m.kind == MatchKind::Reading),
        "{explanation:?}"
    );
}

#[test]
fn hiragana_is_read_as_whole_words_not_as_fragments() {
    let engine = engine_of(vec![
        Entry::new("washing-machine", ["洗濯機"], "家電リサイクル"),
        Entry::new("clothes-pegs", ["洗濯ばさみ"], "燃やさないごみ"),
        Entry::new("newspaper", ["新聞紙"], "資源ごみ"),
        Entry::new("bed", ["ベッド"], "粗大ごみ"),
        Entry::new("manual", ["取扱説明書"], "資源ごみ"),
    ]);
    for (question, expected) in [
        // IPADIC reads せんたくき as せ|ん|たく|き, all glue: the whole chunk is one reading.
        ("せんたくき しょぶん", "washing-machine"),
        // しょぶん is 処分, a word the analyzer knows: neither しょ|ぶん nor a misspelt 新聞.
        ("べっど しょぶんしたい", "bed"),
    ] {
        let response = assert_first(&engine, question, expected);
        assert_ne!(response.decision, Decision::NoMatch, "{question}");
    }
}

#[test]
fn a_slip_of_voicing_small_kana_or_long_vowel_is_one_typo_even_in_short_words() {
    let engine = engine_of(vec![
        Entry::new("tv", ["テレビ"], "家電リサイクル"),
        Entry::new("sofa", ["ソファー"], "粗大ごみ"),
        Entry::new("bed", ["ベッド"], "粗大ごみ"),
        Entry::new("bottle", ["空きビン"], "資源ごみ"),
        Entry::new("candle", ["ろうそく"], "燃やすごみ"),
    ]);
    for (question, expected) in [
        ("テレピ 処分", "tv"),
        ("ソフア 捨てたい", "sofa"),
        ("ペッド 捨てたい", "bed"),
        ("空きピン 出し方", "bottle"),
        ("ローソク 何ごみ", "candle"),
    ] {
        let response = engine.ask(question);
        let top = response.candidates.first();
        assert_eq!(top.map(|c| c.id.as_ref()), Some(expected), "{question}");
        assert_ne!(response.decision, Decision::NoMatch, "{question}");
    }
    // Another letter is no slip of this kind: three kana allow no edit.
    let response = engine.ask("テレフ");
    assert!(
        response.candidates.iter().all(|c| c.id != "tv"),
        "{:?}",
        response.candidates
    );
}
