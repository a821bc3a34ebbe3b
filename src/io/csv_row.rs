//! One CSV record with typed access by column: the header's column
//! positions, looked up once per table, and values read with messages that
//! name the column at fault.

use super::features::FieldError;
use csv::ByteRecord;
use foldhash::HashMap;
use std::sync::Mutex;

/// The header row: where each (lower-cased, trimmed) column name is, and
/// which columns a loader looked up (a columnar file decodes only those).
#[derive(Debug)]
pub struct Header {
    names: Vec<String>,
    index: HashMap<String, usize>,
    asked: Mutex<Vec<usize>>,
}

impl Header {
    pub(super) fn new(record: &ByteRecord) -> Self {
        let mut names = Vec::with_capacity(record.len());
        let mut index = HashMap::with_capacity_and_hasher(record.len(), Default::default());
        for (i, raw) in record.iter().enumerate() {
            let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
            let name = String::from_utf8_lossy(raw).trim().to_lowercase();
            index.entry(name.clone()).or_insert(i);
            names.push(name);
        }
        Self {
            names,
            index,
            asked: Mutex::default(),
        }
    }

    /// A header of these column names (any case), for rows that come
    /// without one (a Parquet file's columns).
    pub fn from_names(names: &[&str]) -> Self {
        Self::new(&ByteRecord::from(names.to_vec()))
    }

    /// The column called `name` (lower case).
    pub fn column(&self, name: &'static str) -> Column {
        let index = self.index.get(name).copied();
        if let (Some(i), Ok(mut asked)) = (index, self.asked.lock()) {
            asked.push(i);
        }
        Column { index, name }
    }

    /// The positions of the columns looked up with [`Self::column`] so far.
    pub fn asked(&self) -> Vec<usize> {
        let mut asked = self.asked.lock().map(|a| a.clone()).unwrap_or_default();
        asked.sort_unstable();
        asked.dedup();
        asked
    }

    /// Whether the table has this column.
    pub fn has(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }

    /// The column names, as read (lower-cased).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub(super) fn name_of(&self, i: usize) -> String {
        match self.names.get(i) {
            Some(name) if !name.is_empty() => name.clone(),
            _ => format!("column {}", i + 1),
        }
    }
}

/// A column looked up once in the header ([`Header::column`]): where it is, if
/// the table has it, and its name for messages. Loaders look their columns
/// up once, not by name in every row.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    index: Option<usize>,
    name: &'static str,
}

impl Column {
    /// The column's name, as the loader asked for it.
    pub fn name(self) -> &'static str {
        self.name
    }
}

/// One record, with typed access that names the column at fault.
pub struct Row<'a> {
    pub(super) record: &'a ByteRecord,
    /// The whole record's bytes as text, if they are UTF-8: checked once,
    /// not once per field read.
    pub(super) text: Option<&'a str>,
    /// The physical line the record starts on (the header is line 1).
    pub line: u64,
}

impl<'a> Row<'a> {
    /// The row `record`, numbered `line` in messages.
    pub fn new(record: &'a ByteRecord, line: u64) -> Self {
        Self {
            record,
            text: std::str::from_utf8(record.as_slice()).ok(),
            line,
        }
    }

    /// The trimmed text of a column; `None` when the table has no such column
    /// or the cell is blank.
    pub fn text(&self, column: Column) -> Result<Option<&'a str>, FieldError> {
        let Some(i) = column.index else {
            return Ok(None);
        };
        // The fields lie end to end in the record's buffer. A field's bounds
        // can split a character there (two fields' stray bytes that happen to
        // form one): then the field is checked alone below, to be named.
        if let Some(field) = self.text.zip(self.record.range(i)).and_then(|(t, r)| t.get(r)) {
            let field = field.trim();
            return Ok((!field.is_empty()).then_some(field));
        }
        let Some(raw) = self.record.get(i) else {
            return Ok(None);
        };
        let text = std::str::from_utf8(raw).map_err(|e| {
            (
                column.name.to_string(),
                format!(
                    "is not UTF-8 text (invalid byte at offset {} of the field); save the file as UTF-8",
                    e.valid_up_to()
                ),
            )
        })?;
        let text = text.trim();
        Ok((!text.is_empty()).then_some(text))
    }

    /// The trimmed text of a column that must be filled in.
    pub fn required(&self, column: Column) -> Result<&'a str, FieldError> {
        self.text(column)?
            .ok_or_else(|| (column.name.to_string(), "is empty".to_string()))
    }

    /// The first of these columns that is filled in, with its name.
    pub fn first_of(&self, columns: &[Column]) -> Result<Option<(&'static str, &'a str)>, FieldError> {
        for &column in columns {
            if let Some(text) = self.text(column)? {
                return Ok(Some((column.name, text)));
            }
        }
        Ok(None)
    }

    /// A whole number ≥ 0 (a count of people). `12.0` is read as 12; a
    /// blank cell or a missing column is `None`.
    pub fn count(&self, column: Column) -> Result<Option<u32>, FieldError> {
        let Some(text) = self.text(column)? else {
            return Ok(None);
        };
        parse_count(text)
            .map(Some)
            .map_err(|m| (column.name.to_string(), m))
    }

    /// A coordinate in degrees within `-limit..=limit`.
    pub fn degrees(&self, column: Column, limit: f64) -> Result<f64, FieldError> {
        let text = self.required(column)?;
        let bad = |m: String| (column.name.to_string(), m);
        let value: f64 = text
            .parse()
            .map_err(|_| bad(format!("expected a number of degrees, found '{}'", clip(text))))?;
        if !value.is_finite() || !(-limit..=limit).contains(&value) {
            return Err(bad(format!("{text} is outside -{limit}..{limit}")));
        }
        Ok(value)
    }
}

/// Reads a count: digits, or a number with a zero fraction.
pub fn parse_count(text: &str) -> Result<u32, String> {
    if let Ok(n) = text.parse::<u32>() {
        return Ok(n);
    }
    let expected = || format!("expected a whole number ≥ 0, found '{}'", clip(text));
    let value: f64 = text.parse().map_err(|_| expected())?;
    if !value.is_finite() {
        return Err(expected());
    }
    if value < 0.0 {
        return Err(format!("{} is negative; expected a whole number ≥ 0", clip(text)));
    }
    if value.fract() != 0.0 {
        return Err(format!("{} is not a whole number", clip(text)));
    }
    if value > f64::from(u32::MAX) {
        return Err(format!("{} is too large", clip(text)));
    }
    Ok(value as u32)
}

/// A value cut to a readable length for a message.
pub fn clip(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    if text.chars().count() <= MAX_CHARS {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX_CHARS).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_knows_which_columns_were_looked_up() {
        let header = Header::from_names(&["ID", "Latitude", "notes", "longitude"]);
        let (lat, missing, id) = (
            header.column("latitude"),
            header.column("where"),
            header.column("id"),
        );
        assert_eq!((lat.index, missing.index, id.index), (Some(1), None, Some(0)));
        header.column("latitude");
        assert_eq!(header.asked(), [0, 1], "found columns, once each, in order");
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("12"), Ok(12));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert!(parse_count("-3").unwrap_err().contains("negative"));
        assert!(parse_count("2.5").unwrap_err().contains("whole"));
        assert!(parse_count("many").is_err());
        assert!(parse_count("NaN").is_err());
        assert!(parse_count("1e12").is_err());
    }
}
