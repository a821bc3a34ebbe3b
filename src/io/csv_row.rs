//! One CSV record, or one row of typed columns, with typed access by
//! column: the header's column positions, looked up once per table, and
//! values read with messages that name the column at fault.

use super::features::FieldError;
use csv::ByteRecord;
use foldhash::HashMap;
use std::cell::OnceCell;
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

/// A CSV record's fields, as one of the two tokenisers left them (see
/// [`super::csv_split`]).
#[derive(Clone, Copy)]
pub enum Record<'a> {
    Csv(&'a ByteRecord),
    Split(&'a simd_csv::ByteRecord),
}

impl<'a> Record<'a> {
    /// How many fields it has.
    pub fn field_count(self) -> usize {
        match self {
            Self::Csv(record) => record.len(),
            Self::Split(record) => record.len(),
        }
    }

    /// The field at `i`, unquoted.
    pub fn get(self, i: usize) -> Option<&'a [u8]> {
        match self {
            Self::Csv(record) => record.get(i),
            Self::Split(record) => record.get(i),
        }
    }

    /// The field at `i` within `text`, the record's buffer as text: `None`
    /// if it is not, or its bounds split a character.
    fn field_in(self, text: &'a str, i: usize) -> Option<&'a str> {
        match self {
            Self::Csv(record) => text.get(record.range(i)?),
            Self::Split(record) => {
                // `simd_csv` gives no field's range, but its field is a
                // slice of the buffer: where it starts is its offset there.
                let field = record.get(i)?;
                let start = (field.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
                text.get(start..start.checked_add(field.len())?)
            }
        }
    }

    /// Its fields in order.
    pub fn fields(self) -> impl Iterator<Item = &'a [u8]> {
        (0..self.field_count()).map(move |i| self.get(i).unwrap_or_default())
    }

    /// Whether it holds nothing but blanks (an empty or whitespace line).
    pub fn is_blank(self) -> bool {
        self.fields().all(|f| f.iter().all(u8::is_ascii_whitespace))
    }

    /// The buffer its fields lie in (with `simd_csv`, delimiters and
    /// quotes between them too).
    fn buffer(self) -> &'a [u8] {
        match self {
            Self::Csv(record) => record.as_slice(),
            Self::Split(record) => record.as_slice(),
        }
    }
}

/// One record, with typed access that names the column at fault.
pub struct Row<'a> {
    fields: Fields<'a>,
    /// The physical line the record starts on (the header is line 1), or
    /// the row's number in a columnar file.
    pub line: u64,
}

/// Where a row's cells are.
enum Fields<'a> {
    /// A CSV record; `csv`'s with its bytes as text if they are UTF-8
    /// (checked once, not once per field read: its fields lie end to end).
    Record {
        record: Record<'a>,
        text: Option<&'a str>,
    },
    /// Cells of typed columns, by header position; `written` holds the
    /// text of those written out.
    Values {
        values: &'a [Value<'a>],
        written: &'a str,
    },
}

/// A cell of a typed column (Parquet) as a row parser reads it: text
/// borrowed from the column, a number used as it is (its text written only
/// if asked for: writing it costs more than everything else the row
/// needs), and the text of other types (dates) written once.
#[derive(Debug)]
pub enum Value<'a> {
    Null,
    Text(&'a str),
    /// A cell written at `start..end` of the row's written text.
    Written {
        start: u32,
        end: u32,
    },
    /// A double, written as Rust writes it if its text is asked for.
    Double(f64, OnceCell<String>),
    /// A whole number, written if its text is asked for (a count is not).
    Integer(i64, OnceCell<String>),
}

impl<'a> Value<'a> {
    /// A double cell.
    pub fn double(value: f64) -> Self {
        Self::Double(value, OnceCell::new())
    }

    /// A whole-number cell.
    pub fn integer(value: i64) -> Self {
        Self::Integer(value, OnceCell::new())
    }

    /// A cell written at `start..end` of the row's written text.
    pub fn written(start: usize, end: usize) -> Self {
        Self::Written {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    fn text<'s>(&'s self, written: &'s str) -> Option<&'s str> {
        match self {
            Self::Null => None,
            Self::Text(text) => Some(text),
            Self::Written { start, end } => written.get(*start as usize..*end as usize),
            Self::Double(value, text) => Some(text.get_or_init(|| value.to_string())),
            Self::Integer(value, text) => {
                Some(text.get_or_init(|| itoa::Buffer::new().format(*value).to_string()))
            }
        }
    }
}

impl<'a> Row<'a> {
    /// The row `record`, numbered `line` in messages.
    pub fn new(record: Record<'a>, line: u64) -> Self {
        let text = std::str::from_utf8(record.buffer()).ok();
        Self {
            fields: Fields::Record { record, text },
            line,
        }
    }

    /// The row of typed cells `values` (by header position), whose written
    /// cells are in `written`, numbered `line` in messages.
    pub fn from_values(values: &'a [Value<'a>], written: &'a str, line: u64) -> Self {
        Self {
            fields: Fields::Values { values, written },
            line,
        }
    }

    /// The trimmed text of a column; `None` when the table has no such column
    /// or the cell is blank.
    pub fn text(&self, column: Column) -> Result<Option<&'a str>, FieldError> {
        let Some(i) = column.index else {
            return Ok(None);
        };
        let (record, text) = match self.fields {
            Fields::Record { record, text } => (record, text),
            Fields::Values { values, written } => {
                let text = values.get(i).and_then(|v| v.text(written)).map(trim_cell);
                return Ok(text.filter(|t| !t.is_empty()));
            }
        };
        // The fields lie in the record's buffer, checked as a whole. A
        // field's bounds can split a character there (two fields' stray
        // bytes that happen to form one): then the field is checked alone
        // below, to be named.
        if let Some(field) = text.and_then(|text| record.field_in(text, i)) {
            let field = trim_cell(field);
            return Ok((!field.is_empty()).then_some(field));
        }
        let Some(raw) = record.get(i) else {
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
        let text = trim_cell(text);
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
        if let Some(n) = self.integer(column).and_then(|n| u32::try_from(n).ok()) {
            return Ok(Some(n));
        }
        let Some(text) = self.text(column)? else {
            return Ok(None);
        };
        parse_count(text)
            .map(Some)
            .map_err(|m| (column.name.to_string(), m))
    }

    /// A numeric code: a typed whole number as it is, a text as the whole
    /// number it writes; `None` for anything else (blank, a fraction,
    /// words), which the caller names from the text.
    pub fn code(&self, column: Column) -> Result<Option<i64>, FieldError> {
        if let Some(n) = self.integer(column) {
            return Ok(Some(n));
        }
        Ok(self.text(column)?.and_then(|t| t.parse().ok()))
    }

    /// A coordinate in degrees within `-limit..=limit`.
    pub fn degrees(&self, column: Column, limit: f64) -> Result<f64, FieldError> {
        // A typed number as it is; one out of range is named below, as text.
        if let Some(value) = self
            .number(column)
            .filter(|v| v.is_finite() && (-limit..=limit).contains(v))
        {
            return Ok(value);
        }
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

impl Row<'_> {
    /// A typed cell's whole number (not a CSV field's, which is text).
    fn integer(&self, column: Column) -> Option<i64> {
        match self.typed(column)? {
            Value::Integer(n, _) => Some(*n),
            _ => None,
        }
    }

    /// A typed cell's number, whole or not.
    fn number(&self, column: Column) -> Option<f64> {
        match self.typed(column)? {
            Value::Double(value, _) => Some(*value),
            Value::Integer(n, _) => Some(*n as f64),
            _ => None,
        }
    }

    fn typed(&self, column: Column) -> Option<&Value<'_>> {
        match self.fields {
            Fields::Values { values, .. } => values.get(column.index?),
            Fields::Record { .. } => None,
        }
    }
}

/// `text` without white space around it, as [`str::trim`] gives it, but
/// without walking characters when both ends are visible ASCII (nearly
/// every cell of a big export).
fn trim_cell(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| (b'!'..=b'~').contains(&b));
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
        return text;
    }
    text.trim()
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
    fn typed_cells_read_as_their_text_would() {
        let header = Header::from_names(&["n", "lat", "name", "neg", "empty", "far"]);
        let columns = ["n", "lat", "name", "neg", "empty", "far"].map(|c| header.column(c));
        let [n, lat, name, neg, empty, far] = columns;
        let written = "12";
        let values = [
            Value::written(0, 2),
            Value::double(40.1776),
            Value::Text("  Yerevan "),
            Value::integer(-3),
            Value::Null,
            Value::double(200.5),
        ];
        let typed = Row::from_values(&values, written, 7);
        let record = ByteRecord::from(vec!["12", "40.1776", "  Yerevan ", "-3", "", "200.5"]);
        let csv = Row::new(Record::Csv(&record), 7);
        let mut split = simd_csv::ByteRecord::new();
        for field in ["12", "40.1776", "  Yerevan ", "-3", "", "200.5"] {
            split.push_field(field.as_bytes());
        }
        let split = Row::new(Record::Split(&split), 7);
        for row in [&typed, &csv, &split] {
            assert_eq!(row.count(n), Ok(Some(12)));
            assert_eq!(row.degrees(lat, 90.0), Ok(40.1776));
            assert_eq!(row.text(lat), Ok(Some("40.1776")));
            assert_eq!(row.text(name), Ok(Some("Yerevan")));
            assert_eq!(row.text(empty), Ok(None));
            assert_eq!(row.text(neg), Ok(Some("-3")));
        }
        // Failures name the same thing, the typed value written as text.
        assert_eq!(typed.count(neg), csv.count(neg));
        assert!(typed.count(neg).unwrap_err().1.contains("-3 is negative"));
        assert_eq!(typed.degrees(far, 180.0), csv.degrees(far, 180.0));
        assert!(typed.degrees(far, 180.0).is_err());
        assert_eq!(typed.degrees(empty, 90.0), csv.degrees(empty, 90.0));
        assert_eq!(split.count(neg), csv.count(neg));
        assert_eq!(split.degrees(far, 180.0), csv.degrees(far, 180.0));
    }

    #[test]
    fn cells_are_trimmed_as_str_trim_trims() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta\n",
            "\u{a0}x\u{a0}",
            "x\u{2003}",
            "é",
            "a b",
            "~!",
            "\u{1c}a",
        ] {
            assert_eq!(trim_cell(text), text.trim(), "{text:?}");
        }
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
