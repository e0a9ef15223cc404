//! TOML (`[[faq]]` tables) and JSON (`{"faq": [...]}`) corpora.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{CorpusError, Entry, EntrySite, LineIndex, line_of};

/// An entry as written, before validation: every field optional so that a missing one can
/// be reported by name with the entry it belongs to. `M` is the format's own value type
/// for metadata, converted to JSON values with [`IntoMetadata`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry<M> {
    id: Option<String>,
    questions: Option<Vec<String>>,
    answer: Option<String>,
    category: Option<String>,
    title: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default = "BTreeMap::new")]
    metadata: BTreeMap<String, M>,
}

/// A metadata value as a format reads it, turned into the JSON value an [`Entry`] carries.
trait IntoMetadata {
    /// The JSON value, or why the value cannot be kept exactly.
    fn into_metadata(self) -> Result<serde_json::Value, String>;
}

impl IntoMetadata for serde_json::Value {
    fn into_metadata(self) -> Result<serde_json::Value, String> {
        Ok(self)
    }
}

impl IntoMetadata for toml::Value {
    /// TOML dates and times become their TOML text (`1979-05-27T07:32:00Z`, `08:30:00`):
    /// JSON has no date type. `nan` and `inf` are rejected: JSON has no such numbers.
    fn into_metadata(self) -> Result<serde_json::Value, String> {
        // Nesting is checked first, so that the conversion below recurses a bounded depth.
        super::check_metadata_depth(TomlNode(&self))?;
        toml_to_json(self)
    }
}

fn toml_to_json(value: toml::Value) -> Result<serde_json::Value, String> {
    use serde_json::Value as Json;
    Ok(match value {
        toml::Value::String(text) => Json::String(text),
        toml::Value::Integer(number) => Json::from(number),
        toml::Value::Float(number) => serde_json::Number::from_f64(number)
            .map(Json::Number)
            .ok_or_else(|| {
                format!("{number} cannot be kept: JSON, which carries metadata, has no nan or inf")
            })?,
        toml::Value::Boolean(flag) => Json::Bool(flag),
        toml::Value::Datetime(datetime) => Json::String(datetime.to_string()),
        toml::Value::Array(items) => Json::Array(
            items
                .into_iter()
                .map(toml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        toml::Value::Table(table) => Json::Object(
            table
                .into_iter()
                .map(|(key, value)| Ok((key, toml_to_json(value)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

/// A TOML value seen as a tree, for the nesting check.
struct TomlNode<'a>(&'a toml::Value);

impl<'a> super::MetadataNode<'a> for TomlNode<'a> {
    fn children(&self) -> Box<dyn Iterator<Item = Self> + 'a> {
        match self.0 {
            toml::Value::Array(items) => Box::new(items.iter().map(TomlNode)),
            toml::Value::Table(table) => Box::new(table.values().map(TomlNode)),
            _ => Box::new(std::iter::empty()),
        }
    }
}

impl<M: IntoMetadata> RawEntry<M> {
    fn into_entry(self, site: EntrySite, origin: &Path) -> Result<Entry, CorpusError> {
        let missing = |id: &str, field| CorpusError::MissingField {
            path: origin.to_path_buf(),
            entry: site.describe(id),
            field,
        };
        // A blank id is reported as empty by the common validation.
        let id = self.id.ok_or_else(|| missing("", "id"))?;
        let missing = |field| missing(&id, field);
        let questions = self.questions.ok_or_else(|| missing("questions"))?;
        let answer = self.answer.ok_or_else(|| missing("answer"))?;
        let mut metadata = BTreeMap::new();
        for (key, value) in self.metadata {
            let value = value
                .into_metadata()
                .map_err(|reason| CorpusError::Metadata {
                    path: origin.to_path_buf(),
                    entry: site.describe(&id),
                    key: key.clone(),
                    reason,
                })?;
            metadata.insert(key, value);
        }
        Ok(Entry {
            id,
            questions,
            answer,
            category: self.category,
            title: self.title,
            aliases: self.aliases,
            keywords: self.keywords,
            metadata,
        })
    }
}

/// Unknown top-level keys (`[[Faq]]`, `[[faqs]]`) are errors naming them: ignoring them
/// would silently drop their entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlDocument {
    #[serde(default)]
    faq: Vec<toml::Spanned<RawEntry<toml::Value>>>,
}

pub(super) fn parse_toml(
    text: &str,
    origin: &Path,
) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
    let document: TomlDocument = toml::from_str(text).map_err(|err| CorpusError::Syntax {
        path: origin.to_path_buf(),
        line: match err.span() {
            Some(span) => line_of(text, span.start),
            None => line_of_unplaced_error(text, err.message()),
        },
        message: err.message().to_string(),
        source: Some(Box::new(err)),
    })?;
    let lines = LineIndex::new(text);
    document
        .faq
        .into_iter()
        .map(|spanned| {
            let site = EntrySite::Line(lines.line(spanned.span().start));
            let entry = spanned.into_inner().into_entry(site, origin)?;
            Ok((entry, site))
        })
        .collect()
}

/// As for TOML, unknown top-level keys are errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDocument {
    faq: Vec<RawEntry<serde_json::Value>>,
}

pub(super) fn parse_json(
    text: &str,
    origin: &Path,
) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
    let document: JsonDocument = serde_json::from_str(text).map_err(|err| CorpusError::Syntax {
        path: origin.to_path_buf(),
        line: err.line(),
        message: err.to_string(),
        source: Some(Box::new(err)),
    })?;
    document
        .faq
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            let site = EntrySite::Index(index + 1);
            Ok((raw.into_entry(site, origin)?, site))
        })
        .collect()
}

/// The line of a TOML error reported without a place (the parser's nesting limit, hit by
/// a deeply dotted key or table name): the first line at which the text read up to there
/// gives the same error. Only called on failure; the search parses a few prefixes.
fn line_of_unplaced_error(text: &str, message: &str) -> usize {
    let line_ends: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, byte)| byte == b'\n')
        .map(|(offset, _)| offset + 1)
        .chain(std::iter::once(text.len()))
        .collect();
    let fails_by = |lines: usize| {
        toml::from_str::<TomlDocument>(&text[..line_ends[lines - 1]])
            .err()
            .is_some_and(|err| err.message() == message)
    };
    // The smallest number of lines that fails the same way (the whole text does).
    let (mut low, mut high) = (1, line_ends.len());
    if !fails_by(high) {
        return high;
    }
    while low < high {
        let middle = low + (high - low) / 2;
        if fails_by(middle) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_entries_keep_all_fields() {
        let text = r#"
[[faq]]
id = "sodai"
category = "ごみ"
questions = ["粗大ごみの出し方", "大きなごみを捨てたい"]
answer = "申込制です。"
keywords = ["粗大ごみ"]
metadata = { office = "環境課", phone = 123 }
"#;
        let entries = parse_toml(text, Path::new("f.toml")).unwrap();
        let (entry, site) = &entries[0];
        assert_eq!(*site, EntrySite::Line(2));
        assert_eq!(entry.questions.len(), 2);
        assert_eq!(entry.category.as_deref(), Some("ごみ"));
        assert_eq!(entry.metadata["office"], "環境課");
    }

    #[test]
    fn toml_missing_answer_names_entry_line_and_field() {
        let text = "[[faq]]\nid = \"ok\"\nquestions = [\"q\"]\nanswer = \"a\"\n\n[[faq]]\nid = \"broken\"\nquestions = [\"q\"]\n";
        let message = parse_toml(text, Path::new("f.toml"))
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            message,
            "f.toml: \"broken\" (line 6): missing field `answer`"
        );
    }

    #[test]
    fn toml_syntax_error_has_line() {
        let message = parse_toml("[[faq]]\nid = \"a\nquestions = 3\n", Path::new("f.toml"))
            .err()
            .unwrap()
            .to_string();
        assert!(message.starts_with("f.toml: line 2:"), "{message}");
    }

    #[test]
    fn json_wrong_type_is_a_syntax_error_with_line() {
        let text =
            "{\"faq\": [\n {\"id\": \"a\", \"questions\": \"not a list\", \"answer\": \"x\"}\n]}";
        let message = parse_json(text, Path::new("f.json"))
            .err()
            .unwrap()
            .to_string();
        assert!(message.starts_with("f.json: line 2:"), "{message}");
    }

    #[test]
    fn json_missing_id_names_position() {
        let text = r#"{"faq": [{"questions": ["q"], "answer": "x"}]}"#;
        let message = parse_json(text, Path::new("f.json"))
            .err()
            .unwrap()
            .to_string();
        assert_eq!(message, "f.json: entry #1: missing field `id`");
    }
}
