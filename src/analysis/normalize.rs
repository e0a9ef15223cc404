//! Text normalization applied to corpus and query alike, before segmentation.
//!
//! Steps, in order:
//! 1. Unicode NFKC: full-width ASCII becomes ASCII (`ＰＣ` → `PC`), half-width katakana
//!    becomes full-width (`ﾍﾟｯﾄﾎﾞﾄﾙ` → `ペットボトル`);
//! 2. case folding (`PC` → `pc`);
//! 3. control characters and wave dashes (`〜`, `～`) become spaces; runs of spaces collapse;
//! 4. dash-like characters after a katakana become the long-vowel mark (`ペットボトル` is
//!    also typed `ペットボト-ル`, `コ―ヒ―`);
//! 5. invisible characters are removed (zero-width spaces and joiners, the word joiner,
//!    soft hyphens, variation selectors, byte-order marks): they split words invisibly;
//! 6. a kanji that looks like a katakana between two katakana becomes that katakana
//!    (`ハーモ二カ` with the kanji 二 → `ハーモニカ`; 口 → ロ, 力 → カ, 一 → ー …), a slip of
//!    input methods that no reader sees.
//!
//! Kana folding (hiragana ↔ katakana) is not applied to the text: IPADIC needs the original
//! script to segment well. Readings are compared in katakana instead ([`to_katakana`]).

use unicode_normalization::UnicodeNormalization;

/// Normalizes `text` and keeps at most `max_chars` characters of the result.
///
/// ```
/// use toiawase::analysis::normalize;
/// assert_eq!(normalize("ＰＣを捨てたい", 100), "pcを捨てたい");
/// assert_eq!(normalize("ﾍﾟｯﾄﾎﾞﾄﾙ", 100), "ペットボトル");
/// assert_eq!(normalize("コ―ヒ―\u{7}〜", 100), "コーヒー");
/// ```
pub fn normalize(text: &str, max_chars: usize) -> String {
    if is_plain_japanese(text, max_chars) {
        return text.to_string();
    }
    let longest = max_chars.saturating_mul(4);
    // Most text (IPADIC's fields, most questions) holds only characters that are their own
    // NFKC and never compose: it skips the normalizing iterator. Only text up to the longest
    // result is checked, so that checking never reads much more than normalizing would.
    if text.len() <= longest && text.chars().all(is_own_nfkc) {
        clean(text.chars(), text.len(), max_chars)
    } else {
        clean(text.nfkc(), text.len().min(longest), max_chars)
    }
}

/// ASCII, kana, the common kanji, 、 and 。: characters that NFKC leaves as they are, and
/// of which no two compose (kana compose only with the combining voicing marks).
fn is_own_nfkc(c: char) -> bool {
    c.is_ascii() || is_kana(c) || matches!(c, '\u{4E00}'..='\u{9FFF}' | '、' | '。')
}

/// Whether `text` is at most `max_chars` kana and common kanji, none of which looks like a
/// katakana: text that normalizing leaves as it is (IPADIC's base forms, above all).
fn is_plain_japanese(text: &str, max_chars: usize) -> bool {
    let mut chars = 0;
    text.chars().all(|c| {
        chars += 1;
        chars <= max_chars
            && (is_kana(c) || matches!(c, '\u{4E00}'..='\u{9FFF}'))
            && katakana_lookalike(c).is_none()
    })
}

/// Steps 2–6 of [`normalize`], on NFKC characters.
fn clean(nfkc: impl Iterator<Item = char>, capacity: usize, max_chars: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut chars = 0;
    let mut previous: Option<char> = None;
    for c in nfkc {
        if chars >= max_chars {
            break;
        }
        if is_invisible(c) {
            continue;
        }
        let c = match c {
            c if c.is_control() || c.is_whitespace() => ' ',
            '〜' | '～' | '~' | '∼' | '〰' => ' ',
            '-' | '‐' | '‑' | '–' | '—' | '―' | '−' | 'ｰ' if previous.is_some_and(is_katakana) => {
                'ー'
            }
            c => lowercase(c),
        };
        if c == ' ' && (previous.is_none() || previous == Some(' ')) {
            continue;
        }
        out.push(c);
        previous = Some(c);
        chars += 1;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    fix_katakana_lookalikes(out)
}

/// The first character of `c` in lower case, without looking up Unicode's case tables for
/// kana and the common kanji, which have no case.
fn lowercase(c: char) -> char {
    if is_kana(c) || matches!(c, '\u{4E00}'..='\u{9FFF}') {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Characters that take no space and only split words: zero-width space and joiners, word
/// joiner, soft hyphen, variation selectors, byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{00AD}'
            | '\u{FEFF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// The katakana a kanji looks like, for the kanji input methods confuse with katakana.
fn katakana_lookalike(c: char) -> Option<char> {
    Some(match c {
        '二' => 'ニ',
        '口' => 'ロ',
        '力' => 'カ',
        '工' => 'エ',
        '八' => 'ハ',
        '夕' => 'タ',
        '卜' => 'ト',
        '一' => 'ー',
        _ => return None,
    })
}

fn fix_katakana_lookalikes(text: String) -> String {
    if !text.chars().any(|c| katakana_lookalike(c).is_some()) {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match katakana_lookalike(c) {
            Some(kana)
                if i > 0
                    && chars.get(i + 1).is_some_and(|&next| is_katakana(next))
                    && is_katakana(chars[i - 1]) =>
            {
                kana
            }
            _ => c,
        })
        .collect()
}

/// Whether `c` is a hiragana letter (including the iteration marks).
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ')
}

/// Whether `c` is a katakana letter or the long-vowel mark.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30a1}'..='\u{30fa}' | 'ー' | 'ヽ' | 'ヾ')
}

/// Whether `c` is kana of either script.
pub fn is_kana(c: char) -> bool {
    is_hiragana(c) || is_katakana(c)
}

/// [`char::is_alphanumeric`], answered without Unicode's tables for kana and the common
/// kanji, most of the letters of a question (all of them are alphabetic).
pub(crate) fn is_letter(c: char) -> bool {
    is_kana(c) || matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric()
}

/// Folds hiragana to katakana, leaving every other character as it is.
///
/// ```
/// assert_eq!(toiawase::analysis::to_katakana("そだいごみ"), "ソダイゴミ");
/// assert_eq!(toiawase::analysis::to_katakana("ごみ箱"), "ゴミ箱");
/// ```
pub fn to_katakana(text: &str) -> String {
    // Folding keeps each character's length in bytes: the string is allocated once.
    let mut katakana = String::with_capacity(text.len());
    katakana.extend(text.chars().map(hiragana_to_katakana));
    katakana
}

/// Folds katakana to hiragana (the long-vowel mark and other characters stay).
///
/// ```
/// assert_eq!(toiawase::analysis::to_hiragana("ソダイゴミ"), "そだいごみ");
/// ```
pub fn to_hiragana(text: &str) -> String {
    // As in `to_katakana`, the string is allocated once.
    let mut hiragana = String::with_capacity(text.len());
    hiragana.extend(text.chars().map(katakana_to_hiragana));
    hiragana
}

/// [`to_hiragana`] of one character.
pub(crate) fn katakana_to_hiragana(c: char) -> char {
    match c {
        '\u{30a1}'..='\u{30f6}' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        c => c,
    }
}

/// A katakana reading as romaji can spell it: long vowels dropped (`ー`, and `ウ` after a
/// kana ending in o or u: ジュウミンヒョウ → ジュミンヒョ, コーヒー → コヒ), ヅ read as ズ and ヂ as
/// ジ. Romaji typed without long vowels (`juminhyo`, `tetsuzuki`) reads like this, so the
/// index also knows each reading in this form.
///
/// ```
/// use toiawase::analysis::fold_long_vowels;
/// assert_eq!(fold_long_vowels("ジュウミンヒョウ"), "ジュミンヒョ");
/// assert_eq!(fold_long_vowels("マイナンバーカード"), "マイナンバカド");
/// assert_eq!(fold_long_vowels("テツヅキ"), "テツズキ");
/// ```
pub fn fold_long_vowels(reading: &str) -> String {
    let mut folded = String::with_capacity(reading.len());
    let mut previous: Option<char> = None;
    for c in reading.chars() {
        let long = c == 'ー' || (c == 'ウ' && previous.is_some_and(ends_in_o_or_u));
        if !long {
            // Romaji cannot tell ヅ from ズ nor ヂ from ジ (tetsuzuki = テツヅキ).
            folded.push(match c {
                'ヅ' => 'ズ',
                'ヂ' => 'ジ',
                c => c,
            });
        }
        previous = Some(c);
    }
    folded
}

/// A katakana reading with the distinctions people slip on when typing a loanword on a
/// phone folded away: long vowels (as [`fold_long_vowels`]), small kana (ソフア for ソファ)
/// and voicing marks (テレピ for テレビ). Two readings with the same loose form are one
/// slip apart, however short they are.
pub(crate) fn loose_kana(reading: &str) -> String {
    fold_long_vowels(reading).chars().map(plain_kana).collect()
}

/// A katakana letter without its voicing mark, and full size.
fn plain_kana(c: char) -> char {
    match c {
        'ガ' => 'カ',
        'ギ' => 'キ',
        'グ' => 'ク',
        'ゲ' => 'ケ',
        'ゴ' => 'コ',
        'ザ' => 'サ',
        'ジ' => 'シ',
        'ズ' => 'ス',
        'ゼ' => 'セ',
        'ゾ' => 'ソ',
        'ダ' => 'タ',
        'ヂ' => 'チ',
        'ヅ' => 'ツ',
        'デ' => 'テ',
        'ド' => 'ト',
        'バ' => 'ハ',
        'ビ' => 'ヒ',
        'ブ' => 'フ',
        'ベ' => 'ヘ',
        'ボ' => 'ホ',
        'パ' => 'ハ',
        'ピ' => 'ヒ',
        'プ' => 'フ',
        'ペ' => 'ヘ',
        'ポ' => 'ホ',
        'ヴ' => 'ウ',
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ッ' => 'ツ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ヮ' => 'ワ',
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        other => other,
    }
}

fn ends_in_o_or_u(c: char) -> bool {
    "オコゴソゾトドノホボポモヨョロヲォウクグスズツヅヌフブプムユュルゥ".contains(c)
}

fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_kana_drops_voicing_and_smallness_and_nothing_else() {
        const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ";
        const PLAIN: &str = "カキクケコサシスセソタチツテトハヒフヘホハヒフヘホウ";
        const SMALL: &str = "ァィゥェォッャュョヮヵヶ";
        const FULL: &str = "アイウエオツヤユヨワカケ";
        let expected = |c: char| {
            let swap = |from: &str, to: &str| {
                let i = from.chars().position(|x| x == c)?;
                to.chars().nth(i)
            };
            swap(VOICED, PLAIN)
                .or_else(|| swap(SMALL, FULL))
                .unwrap_or(c)
        };
        for c in ('\u{3000}'..='\u{30FF}').chain(['a', '漢']) {
            assert_eq!(plain_kana(c), expected(c), "{c:?}");
        }
    }

    #[test]
    fn characters_skipping_nfkc_are_their_own_nfkc() {
        for c in ('\0'..=char::MAX).filter(|&c| is_own_nfkc(c)) {
            assert!(std::iter::once(c).nfkc().eq(std::iter::once(c)), "{c:?}");
        }
    }

    #[test]
    fn plain_japanese_is_what_cleaning_makes_of_it() {
        let plain: Vec<char> = ('\0'..=char::MAX)
            .filter(|&c| is_plain_japanese(c.encode_utf8(&mut [0; 4]), 1))
            .collect();
        for pair in plain.windows(2) {
            let text: String = pair.iter().collect();
            assert_eq!(clean(text.chars(), text.len(), 2), text, "{text:?}");
        }
        assert!(!is_plain_japanese("粗大ごみ", 3));
        assert_eq!(normalize("粗大ごみ", 3), "粗大ご");
        assert_eq!(normalize("ハーモ二カ", 50), "ハーモニカ");
    }

    #[test]
    fn lowercase_is_the_first_character_of_to_lowercase() {
        for c in '\0'..=char::MAX {
            assert_eq!(lowercase(c), c.to_lowercase().next().unwrap_or(c), "{c:?}");
        }
    }

    #[test]
    fn is_letter_is_is_alphanumeric() {
        for c in '\0'..=char::MAX {
            assert_eq!(is_letter(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn loose_kana_folds_voicing_small_kana_and_long_vowels() {
        assert_eq!(loose_kana("テレピ"), loose_kana("テレビ"));
        assert_eq!(loose_kana("ソフア"), loose_kana("ソファー"));
        assert_eq!(loose_kana("ロウソク"), loose_kana("ローソク"));
        assert_eq!(loose_kana("ピン"), "ヒン");
        assert_ne!(loose_kana("テレビ"), loose_kana("テレフ"));
    }

    #[test]
    fn full_width_and_case_fold_to_ascii_lowercase() {
        assert_eq!(normalize("ＰＣ　パソコン", 50), "pc パソコン");
        assert_eq!(normalize("Pc", 50), "pc");
    }

    #[test]
    fn half_width_katakana_becomes_full_width() {
        assert_eq!(normalize("ｿﾀﾞｲｺﾞﾐ", 50), "ソダイゴミ");
    }

    #[test]
    fn dashes_after_katakana_become_long_vowel_marks() {
        assert_eq!(normalize("ペットボトル", 50), "ペットボトル");
        assert_eq!(normalize("マットレス-", 50), "マットレスー");
        assert_eq!(normalize("3-4", 50), "3-4");
    }

    #[test]
    fn control_characters_and_spaces_collapse() {
        assert_eq!(normalize("  ごみ\t\n\u{0}の日  ", 50), "ごみ の日");
        assert_eq!(normalize("\u{1b}[31m", 50), "[31m");
        assert_eq!(normalize("", 50), "");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(normalize("粗\u{200b}大ごみ", 50), "粗大ごみ");
        assert_eq!(normalize("\u{feff}住民\u{2060}票\u{00ad}", 50), "住民票");
        assert_eq!(normalize("葛\u{e0100}飾\u{fe0f}", 50), "葛飾");
    }

    #[test]
    fn kanji_that_look_like_katakana_between_katakana_become_katakana() {
        assert_eq!(normalize("ハーモ二カ", 50), "ハーモニカ");
        assert_eq!(normalize("セロハンテ一プ", 50), "セロハンテープ");
        assert_eq!(normalize("二回 口コミ 一升瓶", 50), "二回 口コミ 一升瓶");
    }

    #[test]
    fn length_is_bounded_in_characters() {
        let long = "あ".repeat(10_000);
        assert_eq!(normalize(&long, 100).chars().count(), 100);
    }

    #[test]
    fn katakana_folding_leaves_other_scripts() {
        assert_eq!(to_katakana("ゴミごみ塵pc"), "ゴミゴミ塵pc");
    }
}
