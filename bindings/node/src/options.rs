//! Engine options from JavaScript: `lenient`, `thresholds`, `logPath`, `resourcesDir`.
//! (`engine.ask`'s options are read in `index.js`, where reading them costs nothing.)
//!
//! An option the engine does not know is an error rather than silently ignored: a bot
//! that writes `{ catgory: "ごみ" }` learns it at once instead of getting unfiltered
//! answers. `null` and `undefined` mean "not given".

use serde_json::{Map, Value};
use toiawase::Thresholds;

use crate::errors::Failure;

/// The options of one call, checked against the names it accepts.
pub(crate) struct Options {
    /// What they are, for messages: `Engine.fromPath options`.
    what: &'static str,
    map: Map<String, Value>,
}

impl Options {
    /// Reads an options argument (`undefined`, `null` or an object).
    pub(crate) fn read(
        value: Option<Value>,
        what: &'static str,
        allowed: &[&str],
    ) -> Result<Options, Failure> {
        let map = match value {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map,
            Some(other) => {
                return Err(Failure::Type(format!(
                    "{what} must be an object, not {}",
                    describe(&other)
                )));
            }
        };
        if let Some(unknown) = map.keys().find(|key| !allowed.contains(&key.as_str())) {
            return Err(Failure::UnknownOption(format!(
                "{what}: unknown option `{unknown}` (expected {})",
                allowed.join(", ")
            )));
        }
        Ok(Options { what, map })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|value| !value.is_null())
    }

    fn wrong_type(&self, name: &str, expected: &str, found: &Value) -> Failure {
        Failure::Type(format!(
            "{}: `{name}` must be {expected}, not {}",
            self.what,
            describe(found)
        ))
    }

    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong_type(name, "a boolean", other)),
        }
    }

    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.wrong_type(name, "a string", other)),
        }
    }

    /// Thresholds: an object of `answer`, `margin`, `suggest`, `menu`, each in [0, 1];
    /// the ones left out keep their value in `base`.
    pub(crate) fn thresholds(&self, base: Thresholds) -> Result<Option<Thresholds>, Failure> {
        let Some(value) = self.get("thresholds") else {
            return Ok(None);
        };
        let given = Options::read(
            Some(value.clone()),
            "thresholds",
            &["answer", "margin", "suggest", "menu"],
        )?;
        let mut thresholds = base;
        for name in ["answer", "margin", "suggest", "menu"] {
            let Some(value) = given.get(name) else {
                continue;
            };
            let Some(number) = value.as_f64() else {
                return Err(given.wrong_type(name, "a number", value));
            };
            if !(0.0..=1.0).contains(&number) {
                return Err(Failure::Range(format!(
                    "thresholds: `{name}` must be between 0 and 1, not {number}"
                )));
            }
            let number = number as f32;
            thresholds = match name {
                "answer" => thresholds.with_answer(number),
                "margin" => thresholds.with_margin(number),
                "suggest" => thresholds.with_suggest(number),
                _ => thresholds.with_menu(number),
            };
        }
        Ok(Some(thresholds))
    }
}

/// How a value reads in a message: its type, and short values themselves.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => format!("the boolean {flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) if text.chars().count() <= 20 => format!("the string {text:?}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The options of `Engine.fromPath`.
pub(crate) const FROM_PATH: &[&str] = &["lenient", "thresholds", "logPath", "resourcesDir"];
/// The options of `Engine.fromEntries`.
pub(crate) const FROM_ENTRIES: &[&str] = &["thresholds", "logPath", "resourcesDir"];
/// The options of `Engine.open`.
pub(crate) const OPEN: &[&str] = &["thresholds", "logPath"];
