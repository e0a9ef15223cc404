//! Romaji (Latin-script Japanese) to katakana, so that `gomi no dashikata`, `juuminhyou` or
//! `mainanba-ka-do` reach the same entries as their kana forms.
//!
//! Non-native residents type Japanese in whatever romanization they learned. The converter
//! reads, word by word, with a longest-match table of syllables ([`SYLLABLES`]):
//!
//! - Hepburn and Kunrei/Nihon-shiki spellings alike: `shi`/`si`, `chi`/`ti`, `tsu`/`tu`,
//!   `fu`/`hu`, `ji`/`zi`, `sha`/`sya`, `cha`/`tya`, `ja`/`zya`/`jya`, all the yōon
//!   (`kya`, `nyu`, `ryo`…), `di` → ヂ, `du` → ヅ, `wa`, `wo` → ヲ, `vu` → ヴ,
//!   `fa`/`fi`/`fe`/`fo` → ファ/フィ/フェ/フォ, and `she`/`che`/`je` → シェ/チェ/ジェ;
//! - syllabic n: `n` before a consonant or at the end of a word, `nn`, `n'` (`kan'i` →
//!   カンイ) and Hepburn's `m` before `b`/`m`/`p` (`shimbun` → シンブン) become ン; `nn`
//!   before a vowel or `y` is ン followed by a syllable of the n row (`konnichiwa` →
//!   コンニチワ);
//! - geminates: a doubled consonant, or `tch`, is ッ followed by the syllable (`kitte` →
//!   キッテ, `matcha` → マッチャ);
//! - long vowels are written as a dictionary reading writes them (IPADIC reads 住民票 as
//!   ジュウミンヒョウ, 東京 as トウキョウ, 大きい as オオキイ): `ou`, `oo` and `uu` are kept as
//!   written; macrons and circumflexes are spelled out — `ō`/`ô` → オウ, `ū`/`û` → ウウ,
//!   `ā`/`â` → アア, `ē`/`ê` → エイ, `ī`/`î` → イイ; a hyphen after a vowel is the
//!   long-vowel mark of a katakana loanword (`mainanba-ka-do` → マイナンバーカード);
//! - spaces and ASCII punctuation other than `-` and `'` are kept as they are; other
//!   hyphens and apostrophes only separate syllables and are dropped.
//!
//! Long vowels written with a single letter (`juminhyo`, `kokumin kenko hoken`, `tokyo`)
//! cannot be recovered by conversion alone: they become the short form (ジュミンヒョ),
//! and the matcher's fuzzy lookup over readings bridges the missing ウ.
//!
//! A word that cannot be read as romaji — English such as `pc`, `wifi`, `xyz`, a `q`,
//! `x`, `l`, a `c` outside `ch`, a consonant left without its vowel, a digit — makes the
//! whole conversion fail, so that the caller keeps the original text. For the same reason
//! the table leaves out the loan-word syllables that mostly occur in English words typed
//! as they are: `wi`/`we` (ヰ/ヱ are obsolete, ウィ/ウェ only spell loanwords; with them
//! `wifi` would read ウィフィ), `va`/`vi`/`ve`/`vo`, `ti`/`di` as ティ/ディ, `ye`.

/// Syllables and their katakana, looked up longest match first (3, then 2, then 1 letters).
///
/// Syllabic n, geminates, long vowels and hyphens are handled by
/// [`romaji_to_katakana`] itself, not by the table.
const SYLLABLES: &[(&str, &str)] = &[
    // vowels
    ("a", "ア"),
    ("i", "イ"),
    ("u", "ウ"),
    ("e", "エ"),
    ("o", "オ"),
    // k, g
    ("ka", "カ"),
    ("ki", "キ"),
    ("ku", "ク"),
    ("ke", "ケ"),
    ("ko", "コ"),
    ("kya", "キャ"),
    ("kyu", "キュ"),
    ("kyo", "キョ"),
    ("ga", "ガ"),
    ("gi", "ギ"),
    ("gu", "グ"),
    ("ge", "ゲ"),
    ("go", "ゴ"),
    ("gya", "ギャ"),
    ("gyu", "ギュ"),
    ("gyo", "ギョ"),
    // s, z, j
    ("sa", "サ"),
    ("shi", "シ"),
    ("si", "シ"),
    ("su", "ス"),
    ("se", "セ"),
    ("so", "ソ"),
    ("sha", "シャ"),
    ("shu", "シュ"),
    ("she", "シェ"),
    ("sho", "ショ"),
    ("sya", "シャ"),
    ("syu", "シュ"),
    ("syo", "ショ"),
    ("za", "ザ"),
    ("ji", "ジ"),
    ("zi", "ジ"),
    ("zu", "ズ"),
    ("ze", "ゼ"),
    ("zo", "ゾ"),
    ("ja", "ジャ"),
    ("ju", "ジュ"),
    ("je", "ジェ"),
    ("jo", "ジョ"),
    ("jya", "ジャ"),
    ("jyu", "ジュ"),
    ("jyo", "ジョ"),
    ("zya", "ジャ"),
    ("zyu", "ジュ"),
    ("zyo", "ジョ"),
    // t, d, ch
    ("ta", "タ"),
    ("chi", "チ"),
    ("ti", "チ"),
    ("tsu", "ツ"),
    ("tu", "ツ"),
    ("te", "テ"),
    ("to", "ト"),
    ("cha", "チャ"),
    ("chu", "チュ"),
    ("che", "チェ"),
    ("cho", "チョ"),
    ("tya", "チャ"),
    ("tyu", "チュ"),
    ("tyo", "チョ"),
    ("da", "ダ"),
    ("di", "ヂ"),
    ("du", "ヅ"),
    ("de", "デ"),
    ("do", "ド"),
    ("dya", "ヂャ"),
    ("dyu", "ヂュ"),
    ("dyo", "ヂョ"),
    // n (syllabic n is handled by the converter)
    ("na", "ナ"),
    ("ni", "ニ"),
    ("nu", "ヌ"),
    ("ne", "ネ"),
    ("no", "ノ"),
    ("nya", "ニャ"),
    ("nyu", "ニュ"),
    ("nyo", "ニョ"),
    // h, f, b, p
    ("ha", "ハ"),
    ("hi", "ヒ"),
    ("fu", "フ"),
    ("hu", "フ"),
    ("he", "ヘ"),
    ("ho", "ホ"),
    ("hya", "ヒャ"),
    ("hyu", "ヒュ"),
    ("hyo", "ヒョ"),
    ("fa", "ファ"),
    ("fi", "フィ"),
    ("fe", "フェ"),
    ("fo", "フォ"),
    ("ba", "バ"),
    ("bi", "ビ"),
    ("bu", "ブ"),
    ("be", "ベ"),
    ("bo", "ボ"),
    ("bya", "ビャ"),
    ("byu", "ビュ"),
    ("byo", "ビョ"),
    ("pa", "パ"),
    ("pi", "ピ"),
    ("pu", "プ"),
    ("pe", "ペ"),
    ("po", "ポ"),
    ("pya", "ピャ"),
    ("pyu", "ピュ"),
    ("pyo", "ピョ"),
    // m
    ("ma", "マ"),
    ("mi", "ミ"),
    ("mu", "ム"),
    ("me", "メ"),
    ("mo", "モ"),
    ("mya", "ミャ"),
    ("myu", "ミュ"),
    ("myo", "ミョ"),
    // y, r, w, v
    ("ya", "ヤ"),
    ("yu", "ユ"),
    ("yo", "ヨ"),
    ("ra", "ラ"),
    ("ri", "リ"),
    ("ru", "ル"),
    ("re", "レ"),
    ("ro", "ロ"),
    ("rya", "リャ"),
    ("ryu", "リュ"),
    ("ryo", "リョ"),
    ("wa", "ワ"),
    ("wo", "ヲ"),
    ("vu", "ヴ"),
];

/// The longest syllable of the table, in letters.
const LONGEST_SYLLABLE: usize = 3;

/// Whether `text` looks like romaji: at least 2 letters, and only ASCII letters, vowels
/// with a macron or circumflex (`ō`, `û`…), spaces, hyphens, apostrophes and other ASCII
/// punctuation — no kana or kanji, no digits.
///
/// It says nothing about whether the words can be read: `pc` looks like romaji, and
/// [`romaji_to_katakana`] then returns `None`.
///
/// ```
/// use toiawase::analysis::{is_romaji, romaji_to_katakana};
/// assert!(is_romaji("gomi no hi"));
/// assert!(is_romaji("tōkyō"));
/// assert!(!is_romaji("ごみ"));
/// assert!(!is_romaji("123"));
/// assert!(is_romaji("pc") && romaji_to_katakana("pc").is_none());
/// ```
pub fn is_romaji(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_ascii_alphabetic() || long_vowel(c).is_some() {
            letters += 1;
        } else if !(c.is_ascii_whitespace()
            || c.is_ascii_punctuation()
            || is_combining_long_vowel_mark(c))
        {
            return false;
        }
    }
    letters >= 2
}

/// Converts romaji to katakana, word by word (spaces and ASCII punctuation are kept as
/// they are). Returns `None` when a word cannot be read as romaji (English `pc`, `wifi`,
/// `xyz`, a digit…), so that the caller can keep the original text.
///
/// Long vowels come out as a dictionary reading writes them: `juuminhyou`, `jūminhyō`
/// → ジュウミンヒョウ; a hyphen after a vowel is the long-vowel mark ー; a long vowel
/// written with one letter stays short (`juminhyo` → ジュミンヒョ). The module
/// documentation of `analysis::romaji` lists every rule.
///
/// ```
/// use toiawase::analysis::{is_romaji, romaji_to_katakana};
/// assert!(is_romaji("gomi no dashikata"));
/// assert_eq!(romaji_to_katakana("gomi no dashikata").as_deref(), Some("ゴミ ノ ダシカタ"));
/// assert_eq!(romaji_to_katakana("jyuuminhyou").as_deref(), Some("ジュウミンヒョウ"));
/// assert_eq!(romaji_to_katakana("mainanba-ka-do").as_deref(), Some("マイナンバーカード"));
/// assert_eq!(romaji_to_katakana("wifi"), None);
/// ```
pub fn romaji_to_katakana(text: &str) -> Option<String> {
    let letters = spell_out(text)?;
    let at = |i: usize| letters.get(i).copied().unwrap_or(b' ');
    let mut out = String::with_capacity(letters.len() * 3);
    let mut i = 0;
    while i < letters.len() {
        let letter = letters[i];
        match letter {
            b'-' => {
                if i > 0 && is_vowel(letters[i - 1]) {
                    out.push('ー');
                }
                i += 1;
            }
            b'\'' => i += 1,
            b'0'..=b'9' => return None,
            _ if !letter.is_ascii_lowercase() => {
                out.push(char::from(letter));
                i += 1;
            }
            b'n' if at(i + 1) == b'\'' => {
                out.push('ン');
                i += 2;
            }
            b'n' if at(i + 1) == b'n' => {
                out.push('ン');
                // `nn` before a vowel: the second n starts the next syllable.
                i += if is_vowel(at(i + 2)) || at(i + 2) == b'y' {
                    1
                } else {
                    2
                };
            }
            b'n' if !is_vowel(at(i + 1)) && at(i + 1) != b'y' => {
                out.push('ン');
                i += 1;
            }
            b'm' if matches!(at(i + 1), b'b' | b'm' | b'p') => {
                out.push('ン');
                i += 1;
            }
            _ if is_geminate(&letters[i..]) => {
                out.push('ッ');
                i += 1;
            }
            _ => {
                let (kana, length) = syllable(&letters[i..])?;
                out.push_str(kana);
                i += length;
            }
        }
    }
    Some(out)
}

/// Lowercases `text` and spells out vowels with a macron or circumflex (`ō` → `ou`).
/// `None` when a non-ASCII character remains.
fn spell_out(text: &str) -> Option<Vec<u8>> {
    let mut letters = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if let Some(spelling) = long_vowel(c) {
            letters.extend_from_slice(spelling.as_bytes());
        } else if is_combining_long_vowel_mark(c) {
            // A decomposed `o` + U+0304: lengthen the vowel just written.
            let previous = letters.last().copied()?;
            letters.push(lengthened(previous)?);
        } else if c.is_ascii() {
            letters.push(c as u8);
        } else {
            return None;
        }
    }
    Some(letters)
}

/// How a vowel with a macron or circumflex is written in a dictionary reading.
fn long_vowel(c: char) -> Option<&'static str> {
    match c.to_lowercase().next()? {
        'ā' | 'â' => Some("aa"),
        'ī' | 'î' => Some("ii"),
        'ū' | 'û' => Some("uu"),
        'ē' | 'ê' => Some("ei"),
        'ō' | 'ô' => Some("ou"),
        _ => None,
    }
}

/// Whether `c` is a combining macron or circumflex (text that escaped NFC/NFKC).
fn is_combining_long_vowel_mark(c: char) -> bool {
    matches!(c, '\u{304}' | '\u{302}')
}

/// The letter that lengthens `vowel` (`o` → `u`, as in [`long_vowel`]).
fn lengthened(vowel: u8) -> Option<u8> {
    match vowel {
        b'a' | b'i' | b'u' => Some(vowel),
        b'e' => Some(b'i'),
        b'o' => Some(b'u'),
        _ => None,
    }
}

/// Whether `letter` is one of the five vowels.
fn is_vowel(letter: u8) -> bool {
    matches!(letter, b'a' | b'i' | b'u' | b'e' | b'o')
}

/// Whether `letters` starts with a doubled consonant (or `tch`), read as ッ. Whether a
/// syllable follows is checked when the next letter is read.
fn is_geminate(letters: &[u8]) -> bool {
    match letters {
        [b't', b'c', b'h', ..] => true,
        [first, second, ..] => {
            first == second && first.is_ascii_lowercase() && !is_vowel(*first) && *first != b'n'
        }
        _ => false,
    }
}

/// The longest syllable of [`SYLLABLES`] at the start of `letters`, and its length.
fn syllable(letters: &[u8]) -> Option<(&'static str, usize)> {
    (1..=LONGEST_SYLLABLE.min(letters.len()))
        .rev()
        .find_map(|length| {
            let romaji = &letters[..length];
            SYLLABLES
                .iter()
                .find(|(spelling, _)| spelling.as_bytes() == romaji)
                .map(|&(_, kana)| (kana, length))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kana(romaji: &str) -> Option<String> {
        romaji_to_katakana(romaji)
    }

    fn assert_reads(romaji: &str, expected: &str) {
        assert_eq!(
            kana(romaji).as_deref(),
            Some(expected),
            "reading {romaji:?}"
        );
    }

    #[test]
    fn romaji_is_ascii_letters_with_spaces_and_punctuation() {
        assert!(is_romaji("gomi no hi"));
        assert!(is_romaji("kan'i"));
        assert!(is_romaji("mainanba-ka-do"));
        assert!(is_romaji("gomi wa nan'youbi?"));
        assert!(is_romaji("GOMI"));
        assert!(is_romaji("pc"));
    }

    #[test]
    fn romaji_may_carry_macrons_and_circumflexes() {
        assert!(is_romaji("tōkyō"));
        assert!(is_romaji("jûminhyô"));
        assert!(is_romaji("ōsaka"));
        assert!(is_romaji("to\u{304}kyo\u{304}"));
    }

    #[test]
    fn kana_kanji_digits_and_single_letters_are_not_romaji() {
        assert!(!is_romaji("ごみ"));
        assert!(!is_romaji("ゴミ"));
        assert!(!is_romaji("住民票"));
        assert!(!is_romaji("gomiの日"));
        assert!(!is_romaji("123"));
        assert!(!is_romaji("gomi 3"));
        assert!(!is_romaji("a"));
        assert!(!is_romaji("a ?"));
        assert!(!is_romaji(""));
        assert!(!is_romaji("   "));
    }

    #[test]
    fn faq_queries_read_word_by_word() {
        assert_reads("gomi no dashikata", "ゴミ ノ ダシカタ");
        assert_reads("koseki touhon", "コセキ トウホン");
        assert_reads("kokumin kenkou hoken", "コクミン ケンコウ ホケン");
        assert_reads("sodai gomi", "ソダイ ゴミ");
        assert_reads("sodaigomi", "ソダイゴミ");
        assert_reads("pasokon", "パソコン");
    }

    #[test]
    fn spaces_and_punctuation_are_kept() {
        assert_reads("gomi  no hi", "ゴミ  ノ ヒ");
        assert_reads("gomi wa itsu?", "ゴミ ワ イツ?");
        assert_reads("hon, zasshi.", "ホン, ザッシ.");
        assert_reads("", "");
    }

    #[test]
    fn uppercase_is_read_like_lowercase() {
        assert_reads("Gomi No Dashikata", "ゴミ ノ ダシカタ");
        assert_reads("TŌKYŌ", "トウキョウ");
    }

    #[test]
    fn vowels_and_plain_syllables() {
        assert_reads("aiueo", "アイウエオ");
        assert_reads("kakikukeko", "カキクケコ");
        assert_reads("gagigugego", "ガギグゲゴ");
        assert_reads("sasuseso", "サスセソ");
        assert_reads("zazuzezo", "ザズゼゾ");
        assert_reads("tatetodadedo", "タテトダデド");
        assert_reads("naninuneno", "ナニヌネノ");
        assert_reads("hahihuheho", "ハヒフヘホ");
        assert_reads("babibubebo", "バビブベボ");
        assert_reads("papipupepo", "パピプペポ");
        assert_reads("mamimumemo", "マミムメモ");
        assert_reads("yayuyo", "ヤユヨ");
        assert_reads("rarirurero", "ラリルレロ");
    }

    #[test]
    fn hepburn_and_kunrei_spellings_agree() {
        for (hepburn, kunrei, expected) in [
            ("shi", "si", "シ"),
            ("chi", "ti", "チ"),
            ("tsu", "tu", "ツ"),
            ("fu", "hu", "フ"),
            ("ji", "zi", "ジ"),
            ("sha", "sya", "シャ"),
            ("shu", "syu", "シュ"),
            ("sho", "syo", "ショ"),
            ("cha", "tya", "チャ"),
            ("chu", "tyu", "チュ"),
            ("cho", "tyo", "チョ"),
            ("ja", "zya", "ジャ"),
            ("ju", "zyu", "ジュ"),
            ("jo", "zyo", "ジョ"),
        ] {
            assert_reads(hepburn, expected);
            assert_reads(kunrei, expected);
        }
        assert_reads("jya", "ジャ");
        assert_reads("jyu", "ジュ");
        assert_reads("jyo", "ジョ");
    }

    #[test]
    fn d_row_reads_di_and_du_as_dakuten_chi_and_tsu() {
        assert_reads("di", "ヂ");
        assert_reads("du", "ヅ");
        assert_reads("hanadi", "ハナヂ");
        assert_reads("dya dyu dyo", "ヂャ ヂュ ヂョ");
    }

    #[test]
    fn yoon_of_every_row() {
        assert_reads("kya kyu kyo", "キャ キュ キョ");
        assert_reads("gya gyu gyo", "ギャ ギュ ギョ");
        assert_reads("nya nyu nyo", "ニャ ニュ ニョ");
        assert_reads("hya hyu hyo", "ヒャ ヒュ ヒョ");
        assert_reads("bya byu byo", "ビャ ビュ ビョ");
        assert_reads("pya pyu pyo", "ピャ ピュ ピョ");
        assert_reads("mya myu myo", "ミャ ミュ ミョ");
        assert_reads("rya ryu ryo", "リャ リュ リョ");
        assert_reads("byouin", "ビョウイン");
    }

    #[test]
    fn w_v_and_f_syllables() {
        assert_reads("wa", "ワ");
        assert_reads("wo", "ヲ");
        assert_reads("vu", "ヴ");
        assert_reads("fa fi fu fe fo", "ファ フィ フ フェ フォ");
        assert_reads("firumu", "フィルム");
    }

    #[test]
    fn she_che_and_je_read_as_their_loanword_kana() {
        assert_reads("she che je", "シェ チェ ジェ");
        assert_reads("chekku", "チェック");
    }

    #[test]
    fn particles_convert_like_any_word() {
        assert_reads(
            "wa wo o e ni no de ga to mo",
            "ワ ヲ オ エ ニ ノ デ ガ ト モ",
        );
        assert_reads("gomi wo dasu", "ゴミ ヲ ダス");
    }

    #[test]
    fn n_before_a_consonant_or_at_the_end_is_syllabic() {
        assert_reads("hon", "ホン");
        assert_reads("kenkou", "ケンコウ");
        assert_reads("pan to gohan", "パン ト ゴハン");
        assert_reads("kinyuu", "キニュウ");
    }

    #[test]
    fn double_n_is_syllabic_and_lends_its_n_to_a_following_vowel() {
        assert_reads("konnichiwa", "コンニチワ");
        assert_reads("onna", "オンナ");
        assert_reads("pann", "パン");
        assert_reads("honnya", "ホンニャ");
        assert_reads("minnkan", "ミンカン");
    }

    #[test]
    fn apostrophe_after_n_separates_it_from_a_vowel() {
        assert_reads("kan'i", "カンイ");
        assert_reads("kani", "カニ");
        assert_reads("kin'yuu", "キンユウ");
        assert_reads("nan'youbi", "ナンヨウビ");
    }

    #[test]
    fn hepburn_m_before_labials_is_syllabic() {
        assert_reads("shimbun", "シンブン");
        assert_reads("sammai", "サンマイ");
        assert_reads("kampai", "カンパイ");
        assert_reads("mame", "マメ");
    }

    #[test]
    fn doubled_consonants_and_tch_are_geminates() {
        assert_reads("kitte", "キッテ");
        assert_reads("matcha", "マッチャ");
        assert_reads("maccha", "マッチャ");
        assert_reads("zasshi", "ザッシ");
        assert_reads("kippu", "キップ");
        assert_reads("gakkou", "ガッコウ");
        assert_reads("mittsu", "ミッツ");
        assert_reads("beddo", "ベッド");
    }

    #[test]
    fn long_vowels_written_with_two_letters_are_kept_as_written() {
        assert_reads("juuminhyou", "ジュウミンヒョウ");
        assert_reads("jyuuminhyou", "ジュウミンヒョウ");
        assert_reads("tokyou", "トキョウ");
        assert_reads("toukyou", "トウキョウ");
        assert_reads("ookii", "オオキイ");
        assert_reads("kuuki", "クウキ");
    }

    #[test]
    fn macrons_and_circumflexes_are_spelled_out_as_a_reading_writes_them() {
        assert_reads("tōkyō", "トウキョウ");
        assert_reads("tôkyô", "トウキョウ");
        assert_reads("jūminhyō", "ジュウミンヒョウ");
        assert_reads("jûminhyô", "ジュウミンヒョウ");
        assert_reads("okāsan", "オカアサン");
        assert_reads("okâsan", "オカアサン");
        assert_reads("sensē", "センセイ");
        assert_reads("sensê", "センセイ");
        assert_reads("onīsan", "オニイサン");
        assert_reads("onîsan", "オニイサン");
        assert_reads("to\u{304}kyo\u{304}", "トウキョウ");
    }

    #[test]
    fn long_vowels_written_with_one_letter_stay_short() {
        assert_reads("juminhyo", "ジュミンヒョ");
        assert_reads("jyuminhyo", "ジュミンヒョ");
        assert_reads("kokumin kenko hoken", "コクミン ケンコ ホケン");
        assert_reads("tokyo", "トキョ");
    }

    #[test]
    fn hyphen_after_a_vowel_is_the_long_vowel_mark() {
        assert_reads("mainanba-ka-do", "マイナンバーカード");
        assert_reads("ko-hi-", "コーヒー");
        assert_reads("su-pa-", "スーパー");
    }

    #[test]
    fn other_hyphens_only_separate_syllables() {
        assert_reads("nihon-go", "ニホンゴ");
        assert_reads("-gomi", "ゴミ");
        assert_reads("ba--su", "バース");
    }

    #[test]
    fn english_words_and_stray_letters_are_not_romaji() {
        assert_eq!(kana("pc"), None);
        assert_eq!(kana("wifi"), None);
        assert_eq!(kana("xyz"), None);
        assert_eq!(kana("wi"), None);
        assert_eq!(kana("web"), None);
        assert_eq!(kana("line"), None);
        assert_eq!(kana("quiz"), None);
        assert_eq!(kana("cat"), None);
    }

    #[test]
    fn a_consonant_without_its_vowel_fails_the_whole_text() {
        assert_eq!(kana("gomi no dashikat"), None);
        assert_eq!(kana("kk"), None);
        assert_eq!(kana("kitt"), None);
        assert_eq!(kana("mm"), None);
        assert_eq!(kana("tsy"), None);
        assert_eq!(kana("gomi pc"), None);
    }

    #[test]
    fn digits_and_other_scripts_fail_the_whole_text() {
        assert_eq!(kana("123"), None);
        assert_eq!(kana("gomi 3"), None);
        assert_eq!(kana("gomiの日"), None);
        assert_eq!(kana("café"), None);
    }

    #[test]
    fn every_syllable_of_the_table_is_lowercase_ascii_and_unique() {
        for (i, (spelling, _)) in SYLLABLES.iter().enumerate() {
            assert!(
                spelling.bytes().all(|b| b.is_ascii_lowercase()),
                "{spelling}"
            );
            assert!(spelling.len() <= LONGEST_SYLLABLE, "{spelling}");
            assert!(
                SYLLABLES[i + 1..]
                    .iter()
                    .all(|(other, _)| other != spelling),
                "{spelling} twice"
            );
        }
    }
}
