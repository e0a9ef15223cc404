//! Masking personal data in logged questions.
//!
//! Residents type their phone number, e-mail address or address into a chat as readily as
//! their question. [`Masking`] replaces such spans with a placeholder before a question is
//! logged. It works on normalized text (NFKC, lower case: what [`crate::analysis::normalize`]
//! gives, as the log stores), so full-width digits and `＠` are already ASCII.
//!
//! What the built-in rules mask ([`Masking::default`]):
//!
//! | placeholder | what | examples |
//! | --- | --- | --- |
//! | `<電話番号>` | 10 or 11 digits starting with 0, or `+81` and 9–10 digits, in groups separated by one hyphen (any dash, or `ー`), space, dot or parenthesis | `090-1234-5678`, `0312345678`, `(03)1234-5678`, `0120-000-000`, `+81 90 1234 5678` |
//! | `<番号>` | any other run of 10 or more digits so grouped: a 12-digit マイナンバー, 13–19-digit card numbers | `1234 5678 9012`, `4111-1111-1111-1111` |
//! | `<郵便番号>` | `〒` and seven digits, or three digits, a hyphen and four digits | `〒123-4567`, `〒1234567`, `123-4567` |
//! | `<メール>` | an e-mail address: local part, `@`, a domain with a dot | `taro.yamada+faq@example.co.jp` |
//! | `<住所>` | block numbers of a street address: a number (digits or kanji numerals) followed by 丁目 or 番地, or by 番 and another number, with the numbers, 番地/番/号, `の` and hyphens that follow; or three or more hyphenated groups of one to three digits (`1-2-3`) | `1丁目2番3号`, `二丁目5-8`, `3番地の1`, `5番3号`, `12-3-45` |
//!
//! Not masked: names (no rule can tell a name from a word), town names before block numbers,
//! local phone numbers without an area code, dates (`2024-04-01`), short numbers
//! (`3番窓口`, `119番`). A stretch cut off by the log's length limit is masked only if what
//! remains still matches: the log therefore normalizes a little past the limit, masks,
//! then cuts.
//!
//! Extending: [`Masking::with_shape`] adds a shape such as `受付番号 ########` (`#` is one
//! digit), [`Masking::with_rule`] any function finding spans. [`Masking::off`] turns the
//! built-in rules off (shapes and rules added afterwards still apply).

use std::ops::Range;
use std::sync::Arc;

/// Placeholder for a phone number.
pub const PHONE: &str = "<電話番号>";
/// Placeholder for a long number (マイナンバー, card, account).
pub const NUMBER: &str = "<番号>";
/// Placeholder for a postal code.
pub const POSTAL_CODE: &str = "<郵便番号>";
/// Placeholder for an e-mail address.
pub const EMAIL: &str = "<メール>";
/// Placeholder for the block numbers of a street address.
pub const ADDRESS: &str = "<住所>";

/// A function finding spans to mask: byte ranges of the text it is given.
type RuleFn = dyn Fn(&str) -> Vec<Range<usize>> + Send + Sync;

/// Which spans of a logged question are replaced by placeholders (see the module
/// documentation for the built-in rules).
///
/// ```
/// use toiawase::query_log::Masking;
///
/// let masking = Masking::default();
/// assert_eq!(
///     masking.mask("電話は090-1234-5678、taro@example.jpまで"),
///     "電話は<電話番号>、<メール>まで"
/// );
/// let masking = Masking::off().with_shape("受付番号 ######", "<受付番号>");
/// assert_eq!(masking.mask("受付番号 123456 の件"), "<受付番号> の件");
/// assert_eq!(masking.mask("090-1234-5678"), "090-1234-5678");
/// ```
#[derive(Clone)]
pub struct Masking {
    builtin: bool,
    rules: Vec<(Arc<RuleFn>, String)>,
}

impl Default for Masking {
    /// The built-in personal-data rules.
    fn default() -> Self {
        Masking {
            builtin: true,
            rules: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Masking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Masking")
            .field("builtin", &self.builtin)
            .field(
                "rules",
                &self.rules.iter().map(|(_, p)| p).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Masking {
    /// No built-in rules: questions are logged as normalized, unless shapes or rules are
    /// added.
    pub fn off() -> Masking {
        Masking {
            builtin: false,
            rules: Vec::new(),
        }
    }

    /// Whether anything is masked at all.
    pub fn is_off(&self) -> bool {
        !self.builtin && self.rules.is_empty()
    }

    /// Also masks text of this shape with `placeholder`: `#` stands for one digit, any
    /// other character for itself (compared after normalization, so `＃` and `Ｒ` work as
    /// `#` and `r`). A match must not be preceded or followed by a digit. An empty shape
    /// is ignored.
    pub fn with_shape(self, shape: &str, placeholder: &str) -> Masking {
        let shape: Vec<char> = crate::analysis::normalize(shape, usize::MAX)
            .chars()
            .collect();
        if shape.is_empty() {
            return self;
        }
        self.with_rule(placeholder, move |text| shape_spans(text, &shape))
    }

    /// Also masks the spans `find` returns (byte ranges of the text it is given, on char
    /// boundaries; others are ignored) with `placeholder`.
    pub fn with_rule(
        mut self,
        placeholder: &str,
        find: impl Fn(&str) -> Vec<Range<usize>> + Send + Sync + 'static,
    ) -> Masking {
        self.rules.push((Arc::new(find), placeholder.to_string()));
        self
    }

    /// `text` with every masked span replaced by its placeholder. Where spans overlap, they
    /// are masked together under the placeholder of the one starting first (then the
    /// longest).
    pub fn mask(&self, text: &str) -> String {
        self.mask_before(text, text.len())
    }

    /// The masked text of `text[..end]`, with spans found in all of `text`: a span that
    /// starts before `end` is masked whole (so that nothing of it is kept in part).
    pub(crate) fn mask_before(&self, text: &str, end: usize) -> String {
        let mut out = String::with_capacity(end);
        let mut copied = 0;
        for (span, placeholder) in self.spans(text) {
            if span.start >= end {
                break;
            }
            out.push_str(&text[copied..span.start]);
            out.push_str(placeholder);
            copied = span.end;
        }
        if copied < end {
            out.push_str(&text[copied..end]);
        }
        out
    }

    /// The spans to mask, in order, without overlaps.
    fn spans(&self, text: &str) -> Vec<(Range<usize>, &str)> {
        let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
        if self.builtin {
            builtin_spans(text, &mut spans);
        }
        for (find, placeholder) in &self.rules {
            for span in find(text) {
                let valid = span.start < span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end);
                if valid {
                    spans.push((span, placeholder.as_str()));
                }
            }
        }
        spans.sort_by(|(a, _), (b, _)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<(Range<usize>, &str)> = Vec::with_capacity(spans.len());
        for (span, placeholder) in spans {
            match kept.last_mut() {
                // An overlapping span is masked too, under the first one's placeholder:
                // nothing of it is left in part.
                Some((last, _)) if span.start < last.end => last.end = last.end.max(span.end),
                _ => kept.push((span, placeholder)),
            }
        }
        kept
    }
}

fn shape_spans(text: &str, shape: &[char]) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |index: usize| chars.get(index).map_or(text.len(), |&(offset, _)| offset);
    let mut spans = Vec::new();
    let mut start = 0;
    while start + shape.len() <= chars.len() {
        let fits = shape.iter().enumerate().all(|(k, &want)| {
            let c = chars[start + k].1;
            if want == '#' {
                c.is_ascii_digit()
            } else {
                c == want
            }
        });
        let bounded = |index: Option<usize>| {
            index
                .and_then(|index| chars.get(index))
                .is_none_or(|&(_, c)| !c.is_ascii_digit())
        };
        if fits && bounded(start.checked_sub(1)) && bounded(Some(start + shape.len())) {
            spans.push(chars[start].0..end_of(start + shape.len()));
            start += shape.len();
        } else {
            start += 1;
        }
    }
    spans
}

/// Dashes that separate digit groups (after normalization; `ー` as typed in kana mode).
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | '─' | '━'
    )
}

fn is_kanji_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '百'
    )
}

fn builtin_spans(text: &str, spans: &mut Vec<(Range<usize>, &str)>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let offset = |index: usize| chars.get(index).map_or(text.len(), |&(offset, _)| offset);
    email_spans(text, &chars, spans);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if c == '〒'
            && let Some(end) = postal_after_mark(&chars, k + 1)
        {
            spans.push((offset(k)..offset(end), POSTAL_CODE));
            k = end;
            continue;
        }
        if c.is_ascii_digit() || is_kanji_numeral(c) {
            if let Some(end) = address_chain(&chars, k) {
                spans.push((offset(k)..offset(end), ADDRESS));
                k = end;
                continue;
            }
            if c.is_ascii_digit() {
                let run = digit_run(&chars, k);
                if let Some((start, placeholder)) = classify(&chars, k, &run) {
                    spans.push((offset(start)..offset(run.end), placeholder));
                }
                k = run.end;
                continue;
            }
        }
        k += 1;
    }
}

/// Seven digits after `〒` (and an optional space): `〒123-4567`, `〒1234567`.
fn postal_after_mark(chars: &[(usize, char)], mut k: usize) -> Option<usize> {
    if chars.get(k).is_some_and(|&(_, c)| c == ' ') {
        k += 1;
    }
    let run = digit_run(chars, k);
    let seven = run.groups == [7] || (run.groups == [3, 4] && run.dashes_only);
    seven.then_some(run.end)
}

/// Digit groups separated by single separators.
struct DigitRun {
    groups: Vec<usize>,
    /// Index after the last digit.
    end: usize,
    /// Whether every separator is a dash.
    dashes_only: bool,
}

fn digit_run(chars: &[(usize, char)], start: usize) -> DigitRun {
    let digit = |k: usize| chars.get(k).is_some_and(|&(_, c)| c.is_ascii_digit());
    let mut run = DigitRun {
        groups: Vec::new(),
        end: start,
        dashes_only: true,
    };
    let mut k = start;
    loop {
        let group_start = k;
        while digit(k) {
            k += 1;
        }
        if k == group_start {
            break;
        }
        run.groups.push(k - group_start);
        run.end = k;
        let Some(&(_, separator)) = chars.get(k) else {
            break;
        };
        let separates = is_dash(separator) || matches!(separator, ' ' | '.' | '(' | ')');
        if !separates || !digit(k + 1) {
            break;
        }
        run.dashes_only &= is_dash(separator);
        k += 1;
    }
    run
}

/// What a digit run starting at `k` is, if it is to be masked, and where its span starts
/// (before a `+` or an opening parenthesis that belongs to it).
fn classify(chars: &[(usize, char)], k: usize, run: &DigitRun) -> Option<(usize, &'static str)> {
    let digits: usize = run.groups.iter().sum();
    let before = k.checked_sub(1).map(|index| chars[index].1);
    let first = chars[k].1;
    let second = chars.get(k + 1).map(|&(_, c)| c);
    if before == Some('+') && first == '8' && second == Some('1') && (11..=12).contains(&digits) {
        return Some((k - 1, PHONE));
    }
    let start = if before == Some('(') { k - 1 } else { k };
    if first == '0' && (10..=11).contains(&digits) {
        return Some((start, PHONE));
    }
    if digits >= 10 {
        return Some((start, NUMBER));
    }
    if run.dashes_only && run.groups == [3, 4] {
        return Some((k, POSTAL_CODE));
    }
    let block_numbers = run.dashes_only
        && run.groups.len() >= 3
        && run.groups[0] <= 3
        && run.groups.iter().all(|&group| group <= 3);
    block_numbers.then_some((k, ADDRESS))
}

/// A number (digits or kanji numerals) ending at the returned index.
fn number_end(chars: &[(usize, char)], k: usize) -> Option<usize> {
    let numeral = |k: usize| {
        chars
            .get(k)
            .is_some_and(|&(_, c)| c.is_ascii_digit() || is_kanji_numeral(c))
    };
    let mut end = k;
    while numeral(end) {
        end += 1;
    }
    (end > k).then_some(end)
}

/// The address marker at `k` (丁目, 番地, 番, 号) and the index after it.
fn marker_at(chars: &[(usize, char)], k: usize) -> Option<(&'static str, usize)> {
    let at = |index: usize| chars.get(index).map(|&(_, c)| c);
    match (at(k)?, at(k + 1)) {
        ('丁', Some('目')) => Some(("丁目", k + 2)),
        ('番', Some('地')) => Some(("番地", k + 2)),
        ('番', _) => Some(("番", k + 1)),
        ('号', _) => Some(("号", k + 1)),
        _ => None,
    }
}

/// Block numbers starting at `k`: `N丁目…`, `N番地…` or `N番M…`, with what follows.
fn address_chain(chars: &[(usize, char)], k: usize) -> Option<usize> {
    let number = number_end(chars, k)?;
    let (marker, after) = marker_at(chars, number)?;
    let starts = match marker {
        "丁目" | "番地" => true,
        "番" => number_end(chars, after).is_some(),
        _ => false,
    };
    if !starts {
        return None;
    }
    let mut end = after;
    loop {
        let mut next = end;
        if chars
            .get(next)
            .is_some_and(|&(_, c)| is_dash(c) || c == 'の')
        {
            next += 1;
        }
        let Some(number) = number_end(chars, next) else {
            break;
        };
        end = marker_at(chars, number).map_or(number, |(_, after)| after);
    }
    Some(end)
}

/// E-mail addresses: a local part, `@`, and a domain holding a dot.
fn email_spans(text: &str, chars: &[(usize, char)], spans: &mut Vec<(Range<usize>, &str)>) {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-!#$&'*/=?^`{|}~".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let offset = |index: usize| chars.get(index).map_or(text.len(), |&(offset, _)| offset);
    let mut covered = 0;
    for (at, &(_, c)) in chars.iter().enumerate() {
        if c != '@' || at < covered {
            continue;
        }
        let mut start = at;
        while start > covered && local(chars[start - 1].1) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain(chars[end].1) {
            end += 1;
        }
        while end > at + 1 && matches!(chars[end - 1].1, '.' | '-') {
            end -= 1;
        }
        let host: String = chars[at + 1..end].iter().map(|&(_, c)| c).collect();
        let dotted = host.split('.').count() >= 2 && host.split('.').all(|label| !label.is_empty());
        if start < at && dotted {
            spans.push((offset(start)..offset(end), EMAIL));
            covered = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(text: &str) -> String {
        Masking::default().mask(text)
    }

    #[test]
    fn phone_numbers_are_masked_however_grouped() {
        for phone in [
            "090-1234-5678",
            "09012345678",
            "03-1234-5678",
            "0312345678",
            "0120-000-000",
            "090ー1234ー5678",
            "090 1234 5678",
            "03.1234.5678",
        ] {
            assert_eq!(
                mask(&format!("電話{phone}です")),
                "電話<電話番号>です",
                "{phone}"
            );
        }
        assert_eq!(mask("(03)1234-5678まで"), "<電話番号>まで");
        assert_eq!(mask("+81 90 1234 5678"), "<電話番号>");
        assert_eq!(mask("+81-3-1234-5678"), "<電話番号>");
    }

    #[test]
    fn long_numbers_are_masked_as_numbers() {
        assert_eq!(mask("マイナンバーは123456789012"), "マイナンバーは<番号>");
        assert_eq!(mask("1234 5678 9012 です"), "<番号> です");
        assert_eq!(mask("カード4111-1111-1111-1111"), "カード<番号>");
        assert_eq!(mask("4111 1111 1111 1111 111"), "<番号>");
    }

    #[test]
    fn postal_codes_are_masked() {
        assert_eq!(mask("〒123-4567 本町"), "<郵便番号> 本町");
        assert_eq!(mask("〒1234567"), "<郵便番号>");
        assert_eq!(mask("〒 123-4567"), "<郵便番号>");
        assert_eq!(mask("郵便番号123-4567"), "郵便番号<郵便番号>");
    }

    #[test]
    fn email_addresses_are_masked() {
        assert_eq!(
            mask("taro.yamada+faq@example.co.jp に送って"),
            "<メール> に送って"
        );
        assert_eq!(mask("連絡先:a@b.jp。"), "連絡先:<メール>。");
        assert_eq!(mask("@だけ"), "@だけ");
        assert_eq!(mask("a@localhost"), "a@localhost");
    }

    #[test]
    fn street_address_block_numbers_are_masked() {
        assert_eq!(
            mask("本町1丁目2番3号に住んでいます"),
            "本町<住所>に住んでいます"
        );
        assert_eq!(mask("本町二丁目5-8"), "本町<住所>");
        assert_eq!(mask("大字3番地の1"), "大字<住所>");
        assert_eq!(mask("5番3号"), "<住所>");
        assert_eq!(mask("本町1-2-3"), "本町<住所>");
        assert_eq!(mask("12-3-45 の家"), "<住所> の家");
    }

    #[test]
    fn ordinary_numbers_are_left_alone() {
        for text in [
            "3番窓口はどこ",
            "119番",
            "2024-04-01に転入",
            "粗大ごみ2個",
            "午前8時30分",
            "一番近い公園",
            "2023-2024年度",
            "第3号",
        ] {
            assert_eq!(mask(text), text);
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one span per rule, on purpose
    fn overlapping_spans_are_masked_together() {
        assert_eq!(mask("(03)1234-5678abc@example.jp"), "<電話番号>");
        let masking = Masking::off()
            .with_rule("<a>", |_| vec![0..6])
            .with_rule("<b>", |_| vec![3..9]);
        assert_eq!(masking.mask("住民票の写し"), "<a>の写し");
    }

    #[test]
    fn masking_off_leaves_text_as_it_is_and_shapes_extend_it() {
        let text = "090-1234-5678 r-123456";
        assert_eq!(Masking::off().mask(text), text);
        let masking = Masking::default().with_shape("R-######", "<受付番号>");
        assert_eq!(masking.mask(text), "<電話番号> <受付番号>");
        // Not inside a longer number.
        assert_eq!(masking.mask("r-1234567"), "r-1234567");
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)] // on purpose: a rule's bad output
    fn a_rule_with_bad_ranges_is_ignored_rather_than_panicking() {
        let masking = Masking::off().with_rule("<x>", |_| vec![5..1, 0..1000, 1..2]);
        assert_eq!(masking.mask("住民票"), "住民票");
    }
}
