//! FAQ entries between Python and Rust: dicts with the fields of a TOML or JSON entry
//! become [`Entry`]s (`Engine.from_entries`) and come back as dicts (`Engine.entry`);
//! metadata travels as JSON values.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;
use toiawase::Entry;
use toiawase::corpus::MAX_METADATA_DEPTH;

use crate::errors::Failure;

/// The fields an entry dict may have, as in a TOML or JSON corpus.
const FIELDS: &[&str] = &[
    "id",
    "questions",
    "answer",
    "category",
    "title",
    "aliases",
    "keywords",
    "metadata",
];

/// Reads the entries given to `Engine.from_entries`: any iterable of dicts. Errors name the
/// entry as the Rust loaders do (`"sodai" (entry #3)`, counting from 1) and the field.
pub fn entries_from_python(entries: &Bound<'_, PyAny>) -> PyResult<Vec<Entry>> {
    let mut read = Vec::new();
    for (index, item) in entries.try_iter()?.enumerate() {
        read.push(entry_from_python(&item?, index + 1)?);
    }
    Ok(read)
}

/// Where an entry is, for messages: `entry #3`, or `"sodai" (entry #3)` once its id is
/// known.
struct Site {
    position: usize,
    id: Option<String>,
}

impl Site {
    fn name(&self) -> String {
        match &self.id {
            Some(id) => format!("{id:?} (entry #{})", self.position),
            None => format!("entry #{}", self.position),
        }
    }

    fn fail(&self, kind: &'static str, field: Option<&str>, what: String) -> PyErr {
        Failure::Entry {
            kind,
            message: format!("<memory>: {}: {what}", self.name()),
            entry: self.name(),
            id: self.id.clone(),
            field: field.map(str::to_string),
        }
        .into()
    }

    fn wrong_type(&self, field: &str, expected: &str, value: &Bound<'_, PyAny>) -> PyErr {
        self.fail(
            "wrong_type",
            Some(field),
            format!(
                "field `{field}` must be {expected}, not {}",
                type_name(value)
            ),
        )
    }
}

fn entry_from_python(item: &Bound<'_, PyAny>, position: usize) -> PyResult<Entry> {
    let mut site = Site { position, id: None };
    let Ok(dict) = item.cast::<PyDict>() else {
        return Err(site.fail(
            "wrong_type",
            None,
            format!("an entry must be a dict, not {}", type_name(item)),
        ));
    };
    // The id first, so that every later message names it.
    let id = match dict.get_item("id")? {
        Some(value) if !value.is_none() => Some(text(&site, "id", &value)?),
        _ => None,
    };
    site.id = id.clone();
    for key in dict.keys() {
        let known = key
            .cast::<PyString>()
            .ok()
            .and_then(|key| key.to_cow().ok().map(|key| FIELDS.contains(&key.as_ref())))
            .unwrap_or(false);
        if !known {
            return Err(site.fail(
                "unknown_field",
                key.str().ok().map(|k| k.to_string()).as_deref(),
                format!(
                    "unknown field {} (expected {})",
                    key.repr()
                        .map(|r| r.to_string())
                        .unwrap_or_else(|_| "?".into()),
                    FIELDS.join(", ")
                ),
            ));
        }
    }
    let missing = |field: &'static str| -> PyErr {
        Failure::Corpus(toiawase::CorpusError::MissingField {
            path: "<memory>".into(),
            entry: site.name(),
            field,
        })
        .into()
    };
    let optional = |field: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(dict.get_item(field)?.filter(|value| !value.is_none()))
    };
    let required = |field: &'static str| -> PyResult<Bound<'_, PyAny>> {
        optional(field)?.ok_or_else(|| missing(field))
    };
    let Some(id) = id else {
        return Err(missing("id"));
    };
    let questions = strings(&site, "questions", &required("questions")?, true)?;
    let answer = text(&site, "answer", &required("answer")?)?;
    let mut entry = Entry::new(id, questions, answer);
    if let Some(category) = optional("category")? {
        entry.category = Some(text(&site, "category", &category)?);
    }
    if let Some(title) = optional("title")? {
        entry.title = Some(text(&site, "title", &title)?);
    }
    if let Some(aliases) = optional("aliases")? {
        entry.aliases = strings(&site, "aliases", &aliases, false)?;
    }
    if let Some(keywords) = optional("keywords")? {
        entry.keywords = strings(&site, "keywords", &keywords, false)?;
    }
    if let Some(metadata) = optional("metadata")? {
        entry.metadata = metadata_from_python(&site, &metadata)?;
    }
    Ok(entry)
}

fn text(site: &Site, field: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(text) => Ok(text.to_cow()?.to_string()),
        Err(_) => Err(site.wrong_type(field, "a string", value)),
    }
}

/// A list or tuple of strings; for `questions`, a single string is one phrasing (never
/// its characters).
fn strings(
    site: &Site,
    field: &str,
    value: &Bound<'_, PyAny>,
    one_is_enough: bool,
) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        if one_is_enough {
            return Ok(vec![text(site, field, value)?]);
        }
        return Err(site.wrong_type(field, "a list of strings", value));
    }
    if !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
        return Err(site.wrong_type(field, "a list of strings", value));
    }
    let mut read = Vec::new();
    for item in value.try_iter()? {
        let item = item?;
        match item.cast::<PyString>() {
            Ok(item) => read.push(item.to_cow()?.to_string()),
            Err(_) => {
                return Err(site.wrong_type(field, "a list of strings", &item));
            }
        }
    }
    Ok(read)
}

fn metadata_from_python(
    site: &Site,
    value: &Bound<'_, PyAny>,
) -> PyResult<BTreeMap<String, Value>> {
    let Ok(dict) = value.cast::<PyDict>() else {
        return Err(site.wrong_type("metadata", "a dict", value));
    };
    let mut metadata = BTreeMap::new();
    for (key, value) in dict.iter() {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(site.wrong_type("metadata", "a dict with string keys", dict.as_any()));
        };
        let key = key.to_cow()?.to_string();
        let value = json_from_python(&value, 0).map_err(|reason| {
            PyErr::from(Failure::Corpus(toiawase::CorpusError::Metadata {
                path: "<memory>".into(),
                entry: site.name(),
                key: key.clone(),
                reason,
            }))
        })?;
        metadata.insert(key, value);
    }
    Ok(metadata)
}

/// A Python value as JSON: None, bools, ints of at most 64 bits, finite floats, strings,
/// lists and tuples, and dicts with string keys, nested at most [`MAX_METADATA_DEPTH`]
/// levels (which also stops a dict that contains itself).
fn json_from_python(value: &Bound<'_, PyAny>, depth: usize) -> Result<Value, String> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(number) = value.extract::<i64>() {
            return Ok(number.into());
        }
        if let Ok(number) = value.extract::<u64>() {
            return Ok(number.into());
        }
        return Err("an integer beyond 64 bits (JSON carries at most 64)".into());
    }
    if let Ok(number) = value.cast::<PyFloat>() {
        return serde_json::Number::from_f64(number.value())
            .map(Value::Number)
            .ok_or_else(|| format!("{} has no JSON form", number.value()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return text
            .to_cow()
            .map(|text| Value::String(text.to_string()))
            .map_err(|err| err.to_string());
    }
    let nested = value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
        || value.is_instance_of::<PyDict>();
    if nested && depth >= MAX_METADATA_DEPTH {
        return Err(format!(
            "nested deeper than {MAX_METADATA_DEPTH} levels (see MAX_METADATA_DEPTH)"
        ));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut object = serde_json::Map::new();
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(format!("a dict key of type {}", type_name(&key)));
            };
            let key = key.to_cow().map_err(|err| err.to_string())?.to_string();
            object.insert(key, json_from_python(&item, depth + 1)?);
        }
        return Ok(Value::Object(object));
    }
    if nested {
        let mut array = Vec::new();
        for item in value.try_iter().map_err(|err| err.to_string())? {
            let item = item.map_err(|err| err.to_string())?;
            array.push(json_from_python(&item, depth + 1)?);
        }
        return Ok(Value::Array(array));
    }
    Err(format!(
        "a value of type {} has no JSON form",
        type_name(value)
    ))
}

/// A JSON value as a Python one.
pub fn json_to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => {
            if let Some(number) = number.as_i64() {
                number.into_pyobject(py)?.into_any()
            } else if let Some(number) = number.as_u64() {
                number.into_pyobject(py)?.into_any()
            } else {
                number
                    .as_f64()
                    .unwrap_or(f64::NAN)
                    .into_pyobject(py)?
                    .into_any()
            }
        }
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => metadata_to_python(py, map)?.into_any(),
    })
}

/// An entry's or a match's metadata as a dict.
pub fn metadata_to_python<'py>(
    py: Python<'py>,
    map: &serde_json::Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, json_to_python(py, value)?)?;
    }
    Ok(dict)
}

/// An entry as `Engine.entry` returns it: a dict of every field (None or empty when the
/// corpus leaves it out), which `Engine.from_entries` reads back.
pub fn entry_to_python<'py>(py: Python<'py>, entry: &Entry) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("id", &entry.id)?;
    dict.set_item("questions", &entry.questions)?;
    dict.set_item("answer", &entry.answer)?;
    dict.set_item("category", entry.category.as_deref())?;
    dict.set_item("title", entry.title.as_deref())?;
    dict.set_item("aliases", &entry.aliases)?;
    dict.set_item("keywords", &entry.keywords)?;
    let metadata = PyDict::new(py);
    for (key, value) in &entry.metadata {
        metadata.set_item(key, json_to_python(py, value)?)?;
    }
    dict.set_item("metadata", metadata)?;
    Ok(dict)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "?".into())
}
