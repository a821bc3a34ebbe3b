//! Splitting a GeoJSON FeatureCollection into features one at a time, so one
//! bad feature is reported and skipped instead of failing the file.

use super::{LoadError, Loaded, Place, Problem};
use geojson::{Feature, JsonObject, JsonValue};

/// Parses `text` as a FeatureCollection and returns its features with their
/// index; features that are not valid GeoJSON become problems.
pub fn split_features(file: &str, text: &str) -> Result<Loaded<Vec<(usize, Feature)>>, LoadError> {
    let invalid = |reason: String| LoadError::Invalid {
        file: file.to_string(),
        reason,
    };
    if text.trim().is_empty() {
        return Err(invalid("the file is empty".into()));
    }
    let text = text.trim_start_matches('\u{feff}');
    let root: JsonValue = serde_json::from_str(text).map_err(|e| invalid(format!("not valid JSON: {e}")))?;
    split_feature_values(file, root)
}

/// As [`split_features`], for JSON already parsed.
pub fn split_feature_values(file: &str, root: JsonValue) -> Result<Loaded<Vec<(usize, Feature)>>, LoadError> {
    let invalid = |reason: String| LoadError::Invalid {
        file: file.to_string(),
        reason,
    };
    let kind = root.get("type").and_then(JsonValue::as_str);
    if kind != Some("FeatureCollection") {
        return Err(invalid(format!(
            "expected a GeoJSON FeatureCollection, found type {}",
            kind.map_or("(none)".to_string(), |k| format!("'{k}'"))
        )));
    }
    let JsonValue::Object(mut root) = root else {
        return Err(invalid("a FeatureCollection must be a JSON object".into()));
    };
    let Some(JsonValue::Array(values)) = root.remove("features") else {
        return Err(invalid("a FeatureCollection needs a 'features' array".into()));
    };
    let mut features = Vec::with_capacity(values.len());
    let mut problems = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        match serde_json::from_value::<Feature>(value) {
            Ok(f) => features.push((i, f)),
            Err(e) => problems.push(Problem {
                file: file.to_string(),
                place: Place::Feature(i),
                field: None,
                message: format!("not a valid GeoJSON feature: {e}"),
            }),
        }
    }
    Ok(Loaded {
        items: features,
        problems,
        notes: Vec::new(),
    })
}

/// Typed access to a feature's properties that names the field at fault.
pub struct Props<'a> {
    props: Option<&'a JsonObject>,
}

/// A field that is missing or of the wrong type: (field, message).
pub type FieldError = (String, String);

impl<'a> Props<'a> {
    /// Wraps a feature's properties (which may be absent).
    pub fn of(feature: &'a Feature) -> Self {
        Self {
            props: feature.properties.as_ref(),
        }
    }

    /// The raw value, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'a JsonValue> {
        self.props.and_then(|p| p.get(key)).filter(|v| !v.is_null())
    }

    /// A string field that must be there.
    pub fn str(&self, key: &str) -> Result<&'a str, FieldError> {
        match self.get(key) {
            Some(JsonValue::String(s)) if !s.trim().is_empty() => Ok(s),
            Some(JsonValue::String(_)) => Err((key.into(), "is empty".into())),
            Some(other) => Err((key.into(), format!("expected text, found {}", json_kind(other)))),
            None => Err((key.into(), "is missing".into())),
        }
    }

    /// A string field that may be absent.
    pub fn opt_str(&self, key: &str) -> Result<Option<&'a str>, FieldError> {
        match self.get(key) {
            None => Ok(None),
            Some(_) => self.str(key).map(Some),
        }
    }

    /// A list of strings; a single string counts as a list of one.
    pub fn str_list(&self, key: &str) -> Result<Vec<String>, FieldError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(JsonValue::String(s)) => Ok(vec![s.clone()]),
            Some(JsonValue::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| {
                        (
                            key.to_string(),
                            format!("expected a list of texts, found {}", json_kind(v)),
                        )
                    })
                })
                .collect(),
            Some(other) => Err((
                key.into(),
                format!("expected a list of texts, found {}", json_kind(other)),
            )),
        }
    }
}

/// "a number", "an object", ... for messages.
pub fn json_kind(value: &JsonValue) -> &'static str {
    match value {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "true/false",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "text",
        JsonValue::Array(_) => "a list",
        JsonValue::Object(_) => "an object",
    }
}
