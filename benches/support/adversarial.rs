//! Adversarial questions: what a question can cost at worst. Each is cut at
//! `MAX_QUERY_CHARS` (256) characters by the engine, like any question.
//!
//! - an unknown 22-character katakana word repeated 22 times, with and without spaces;
//! - unknown kanji words repeated between commas;
//! - long kana runs of real words without spaces, and of misspelt ones;
//! - many near-miss typos of index terms in one question;
//! - mixed scripts and widths, romaji, single kana between commas, a run of long-vowel
//!   marks;
//! - 256 random hiragana, katakana, kanji and mixed characters (fixed seed).

#![allow(dead_code)]

/// The adversarial questions, each with a short name for benchmark ids.
pub fn questions() -> Vec<(&'static str, String)> {
    let repeat = |text: &str, separator: &str, times: usize| vec![text; times].join(separator);
    let mut out = vec![
        (
            "repeated-unknown-word",
            repeat("ヴァリアブルコンプレッションターボチャージャ", " ", 22),
        ),
        (
            "repeated-unknown-word-joined",
            repeat("ヴァリアブルコンプレッションターボチャージャ", "", 22),
        ),
        (
            "repeated-unknown-kanji",
            repeat("鬱蒼躊躇薔薇憂鬱檸檬", "、", 30),
        ),
        (
            "long-kana-run",
            repeat("そだいごみのだしかたをおしえてください", "", 14),
        ),
        (
            "long-misspelt-kana-run",
            repeat("すいはんぎまっとれるじてんしゃ", "", 18),
        ),
        (
            "many-typos",
            repeat(
                "炊飯機 扇風器 祖大ごみ ハザードマプ すいはんぎ まっとれる セロハンテーブ 往民税",
                " ",
                6,
            ),
        ),
        (
            "mixed-scripts",
            repeat(
                "PCパソコンぱそこん電子レンジでんしれんじＴＶてれびtvﾍﾟｯﾄﾎﾞﾄﾙ",
                "",
                8,
            ),
        ),
        (
            "romaji",
            repeat("sodaigomi no dashikata wo oshiete kudasai", " ", 7),
        ),
        ("single-kana", repeat("あ、い、う", "、", 50)),
        ("long-vowel-marks", repeat("ー", "", 256)),
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut random = |pick: &mut dyn FnMut(u64) -> u32| -> String {
        (0..256)
            .map(|_| char::from_u32(pick(next())).unwrap_or('あ'))
            .collect()
    };
    out.push(("random-hiragana", random(&mut |r| 0x3041 + (r % 86) as u32)));
    out.push(("random-katakana", random(&mut |r| 0x30A1 + (r % 86) as u32)));
    out.push(("random-kanji", random(&mut |r| 0x4E00 + (r % 2000) as u32)));
    out.push((
        "random-mixed",
        random(&mut |r| match r % 3 {
            0 => 0x3041 + (r / 3 % 86) as u32,
            1 => 0x30A1 + (r / 3 % 86) as u32,
            _ => 0x4E00 + (r / 3 % 3000) as u32,
        }),
    ));
    out
}
