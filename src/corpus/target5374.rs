//! The 5374 garbage-day app's `target.csv`: `label,name,notice,furigana` (or `type,…`).
//!
//! One entry per item. The id is the trimmed name and the question is the name; for names
//! written `主名（別名）` or `A・B`, each part is also an alias (it finds the item, but an
//! item whose own name is that part wins); a bracket saying what the item is not
//! (携帯電話以外) or that it is the thing itself (本体) is left out of the question, and so
//! is the row's category when the name repeats it at its end (映写機粗大ごみ). The
//! answer is the category followed by the
//! notice; the category column becomes the entry's category.
//!
//! Real files list some items twice (the same name under two categories, e.g. by size).
//! Such rows are merged into one entry whose answer gives both, rather than rejected: the
//! id is derived from the name, so the file's author never chose it.

use std::collections::HashMap;
use std::path::Path;

use super::csv_format::{expect_columns, header, records};
use super::{CorpusError, Entry, EntrySite, LoadOptions, SkippedRow};

const HEADERS: [[&str; 4]; 2] = [
    ["label", "name", "notice", "furigana"],
    ["type", "name", "notice", "furigana"],
];

/// Whether the first line is a 5374 header.
pub(super) fn has_header(contents: &[u8]) -> bool {
    let contents = contents.strip_prefix(b"\xef\xbb\xbf").unwrap_or(contents);
    let first_line = contents.split(|&b| b == b'\n').next().unwrap_or_default();
    let Ok(first_line) = std::str::from_utf8(first_line) else {
        return false;
    };
    let names: Vec<String> = first_line
        .trim_end_matches('\r')
        .split(',')
        .map(|name| name.trim().to_lowercase())
        .collect();
    HEADERS.iter().any(|header| names == header)
}

pub(super) fn parse(
    text: &str,
    origin: &Path,
    options: &LoadOptions,
    skipped: &mut Vec<SkippedRow>,
) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
    let mut rows = records(text, origin);
    let header = header(&mut rows, origin)?;
    let header = header.iter().collect::<Vec<_>>().join(",");
    if !has_header(header.as_bytes()) {
        return Err(CorpusError::UnknownHeader {
            path: origin.to_path_buf(),
            found: header,
        });
    }

    let mut entries: Vec<(Entry, EntrySite)> = Vec::new();
    // Per name: its entry, and the answers and categories merged into it so far.
    let mut by_name: HashMap<String, Merged> = HashMap::new();
    for (line, record) in rows {
        match record.and_then(|record| item(&record, line, origin)) {
            Ok(entry) => {
                if let Some(merged) = by_name.get_mut(&entry.id) {
                    merged.add(&mut entries[merged.position].0, entry);
                } else {
                    by_name.insert(entry.id.clone(), Merged::new(entries.len(), &entry));
                    entries.push((entry, EntrySite::Line(line)));
                }
            }
            Err(err) if options.lenient => skipped.push(SkippedRow {
                line,
                reason: err.to_string(),
            }),
            Err(err) => return Err(err),
        }
    }
    Ok(entries)
}

/// The rows merged into one entry: each distinct answer and category once, compared whole
/// (a row answering `ごみ` is not lost next to one answering `粗大ごみ：…`).
struct Merged {
    position: usize,
    answers: Vec<String>,
    categories: Vec<String>,
}

impl Merged {
    fn new(position: usize, entry: &Entry) -> Merged {
        Merged {
            position,
            answers: vec![entry.answer.clone()],
            categories: entry.category.iter().cloned().collect(),
        }
    }

    fn add(&mut self, entry: &mut Entry, other: Entry) {
        if !self.answers.contains(&other.answer) {
            self.answers.push(other.answer);
            entry.answer = self.answers.join(" / ");
        }
        if let Some(category) = other.category
            && !self.categories.contains(&category)
        {
            self.categories.push(category);
            entry.category = Some(self.categories.join("・"));
        }
    }
}

fn item(record: &csv::StringRecord, line: usize, origin: &Path) -> Result<Entry, CorpusError> {
    expect_columns(record, 4, line, origin)?;
    let field = |position: usize| record.get(position).unwrap_or("").trim();
    let (label, name, notice) = (field(0), field(1), field(2));
    let site = EntrySite::Line(line);
    let empty = |field_name| CorpusError::EmptyField {
        path: origin.to_path_buf(),
        entry: site.describe(name),
        field: field_name,
    };
    if name.is_empty() {
        return Err(empty("name"));
    }
    if label.is_empty() {
        return Err(empty("label"));
    }
    let answer = if notice.is_empty() {
        label.to_string()
    } else {
        format!("{label}：{notice}")
    };
    // A bracket saying what the item is not is no way to ask for it, and one saying it is
    // the item itself (本体) adds nothing to ask by: the question leaves them out, the
    // title (what a menu shows) keeps them.
    let question = without_category(&askable_name(name), label);
    let mut entry = Entry::new(name, [question.as_str()], answer).with_category(label);
    if question != name {
        entry = entry.with_title(name);
    }
    entry.aliases = aliases(&question);
    Ok(entry)
}

/// Whether a bracketed part of a name says what the item is not (携帯電話以外, 乾電池を除く).
fn excludes(part: &str) -> bool {
    part.trim_end().ends_with("以外") || part.contains("除く")
}

/// Whether a bracketed part of a name says the item is the thing itself, not a part of it
/// (ペットボトル（本体） beside ペットボトル（キャップ）).
fn is_the_thing_itself(part: &str) -> bool {
    part.trim() == "本体"
}

/// The name without its brackets that say what the item is not (`電話機（携帯電話以外）` →
/// `電話機`) or that it is the thing itself (`ペットボトル（本体）` → `ペットボトル`); the
/// name itself when nothing else would be left.
fn askable_name(name: &str) -> String {
    let mut kept = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find(['（', '(']) {
        let after_open = &rest[open..];
        let opening = after_open.chars().next().map_or(1, char::len_utf8);
        let Some(close) = after_open.find(['）', ')']) else {
            break;
        };
        let closing = after_open[close..].chars().next().map_or(1, char::len_utf8);
        let inside = &after_open[opening..close];
        kept.push_str(&rest[..open]);
        if !excludes(inside) && !is_the_thing_itself(inside) {
            kept.push_str(&after_open[..close + closing]);
        }
        rest = &after_open[close + closing..];
    }
    kept.push_str(rest);
    let kept = kept.trim();
    if kept.is_empty() {
        name.to_string()
    } else {
        kept.to_string()
    }
}

/// The name without its row's category written after it (`映写機粗大ごみ`,
/// `サマーベット（ビーチ用大） 粗大ごみ` under 粗大ごみ): some lists repeat the category in
/// the name, and the question would then be about every item of the category. Only a
/// category of refuse (…ごみ) is taken off: びん of 一升びん is the item's own word.
fn without_category(name: &str, category: &str) -> String {
    let refuse = category.ends_with("ごみ") || category.ends_with("ゴミ");
    match name.strip_suffix(category).map(str::trim_end) {
        Some(rest) if refuse && !rest.is_empty() => rest.to_string(),
        _ => name.to_string(),
    }
}

/// The parts of `主名（別名）` and `A・B` names, without repeats (nor the name itself).
fn aliases(name: &str) -> Vec<String> {
    let mut phrasings = vec![name.to_string()];
    let mut push = |part: &str| {
        let part = part.trim();
        if !part.is_empty() && !phrasings.iter().any(|p| p == part) {
            phrasings.push(part.to_string());
        }
    };
    let bracketed = name
        .split(['（', '(', '）', ')'])
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>();
    if bracketed.len() > 1 {
        for part in &bracketed {
            push(part);
        }
    }
    for part in bracketed {
        let pieces: Vec<&str> = part.split(['・', '、', '/', '／']).collect();
        if pieces.len() > 1 {
            for piece in pieces {
                push(piece);
            }
        }
    }
    phrasings.remove(0);
    phrasings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries of a strictly loaded file.
    fn parse_text(text: &str) -> Vec<(Entry, EntrySite)> {
        parse(
            text,
            Path::new("t.csv"),
            &LoadOptions::default(),
            &mut Vec::new(),
        )
        .unwrap()
    }

    #[test]
    fn a_refuse_category_repeated_after_the_name_is_left_out_of_its_question() {
        assert_eq!(without_category("映写機粗大ごみ", "粗大ごみ"), "映写機");
        assert_eq!(
            without_category("サマーベット（ビーチ用大） 粗大ごみ", "粗大ごみ"),
            "サマーベット（ビーチ用大）"
        );
        assert_eq!(without_category("粗大ごみ", "粗大ごみ"), "粗大ごみ");
        assert_eq!(without_category("一升びん", "びん"), "一升びん");
        let text = "label,name,notice,furigana\n粗大ごみ,映写機粗大ごみ,,え\n";
        let entries = parse_text(text);
        let entry = &entries[0].0;
        assert_eq!(entry.id, "映写機粗大ごみ");
        assert_eq!(entry.questions, ["映写機"]);
        assert_eq!(entry.title.as_deref(), Some("映写機粗大ごみ"));
    }

    #[test]
    fn bracket_and_list_parts_become_aliases() {
        assert_eq!(
            aliases("アルミホイル（アルミ箔）"),
            ["アルミホイル", "アルミ箔"]
        );
        assert_eq!(aliases("なべ・やかん"), ["なべ", "やかん"]);
        assert!(aliases("傘").is_empty());
    }

    #[test]
    fn a_bracket_saying_what_the_item_is_not_or_that_it_is_the_thing_itself_is_left_out_of_its_question()
     {
        assert_eq!(askable_name("電話機（携帯電話以外）"), "電話機");
        assert_eq!(askable_name("電池(ボタン電池・充電池を除く)"), "電池");
        assert_eq!(
            askable_name("照明器具（LED）（蛍光管以外）"),
            "照明器具（LED）"
        );
        assert_eq!(askable_name("（携帯電話以外）"), "（携帯電話以外）");
        assert_eq!(askable_name("傘（壊れたもの"), "傘（壊れたもの");
        assert_eq!(askable_name("ペットボトル（本体）"), "ペットボトル");
        assert_eq!(
            askable_name("パソコン（本体・ディスプレイ）"),
            "パソコン（本体・ディスプレイ）"
        );
        let text = "label,name,notice,furigana\n不燃ごみ,電話機（携帯電話以外）,,て\n";
        let entries = parse_text(text);
        let entry = &entries[0].0;
        assert_eq!(entry.id, "電話機（携帯電話以外）");
        assert_eq!(entry.questions, ["電話機"]);
        assert_eq!(entry.title.as_deref(), Some("電話機（携帯電話以外）"));
        assert!(entry.aliases.is_empty());
    }

    #[test]
    fn header_spellings_are_recognised() {
        assert!(has_header(b"label,name,notice,furigana\n"));
        assert!(has_header(b"\xef\xbb\xbftype,name,notice,furigana\r\n"));
        assert!(!has_header(b"id,question,answer\n"));
    }

    #[test]
    fn rows_become_entries_with_category_answers() {
        let text = "label,name,notice,furigana\n不燃ごみ,アイロン,,あ\n可燃ごみ,油（食用）,固めて出す,あ\n";
        let entries = parse_text(text);
        assert_eq!(entries[0].0.answer, "不燃ごみ");
        assert_eq!(entries[1].0.answer, "可燃ごみ：固めて出す");
        assert_eq!(entries[1].0.category.as_deref(), Some("可燃ごみ"));
        assert_eq!(entries[1].0.questions, ["油（食用）"]);
        assert_eq!(entries[1].0.aliases, ["油", "食用"]);
    }

    #[test]
    fn repeated_names_are_merged() {
        let text = "type,name,notice,furigana\n燃やすごみ,傘,,か\n燃やさないごみ,傘,金属製,か\n";
        let entries = parse_text(text);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0.answer, "燃やすごみ / 燃やさないごみ：金属製");
    }
}
