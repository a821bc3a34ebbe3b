//! A decoded Parquet column read cell by cell as the row parser reads it:
//! text borrowed, doubles as they are, other numbers and dates written as
//! a CSV would hold them (`YYYY-MM-DD`), nulls empty.

use crate::io::csv_row::Value;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, TimeUnit};
use chrono::{DateTime, NaiveDate};
use std::fmt::Write as _;

/// A decoded column, read cell by cell as text (the CSV loaders' input).
pub enum Cells<'a> {
    Plain(Typed<'a>),
    /// A dictionary-encoded column: its values, and each row's key (`None`: null).
    Dictionary(Typed<'a>, Vec<Option<usize>>),
}

/// A column's array with its type found once per batch, not per cell.
pub enum Typed<'a> {
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    Utf8View(&'a arrow_array::StringViewArray),
    /// Any other type, written by [`write_cell`].
    Other(&'a dyn Array),
}

impl<'a> Typed<'a> {
    fn new(array: &'a dyn Array) -> Self {
        match array.data_type() {
            DataType::Utf8 => Self::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Self::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => Self::Utf8View(array.as_string_view()),
            _ => Self::Other(array),
        }
    }

    /// The text of a string cell, borrowed (`None` for other types).
    fn text(&self, row: usize) -> Option<&'a str> {
        match self {
            Self::Utf8(a) => a.is_valid(row).then(|| a.value(row)),
            Self::LargeUtf8(a) => a.is_valid(row).then(|| a.value(row)),
            Self::Utf8View(a) => a.is_valid(row).then(|| a.value(row)),
            Self::Other(_) => None,
        }
    }

    fn array(&self) -> &'a dyn Array {
        match self {
            Self::Utf8(a) => *a,
            Self::LargeUtf8(a) => *a,
            Self::Utf8View(a) => *a,
            Self::Other(a) => *a,
        }
    }
}

impl<'a> Cells<'a> {
    pub fn new(array: &'a ArrayRef, name: &str) -> Result<Self, String> {
        if let Some(dict) = array.as_any_dictionary_opt() {
            let values = dict.values();
            let keys = if values.is_empty() {
                vec![None; array.len()]
            } else {
                dict.normalized_keys()
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| array.is_valid(i).then_some(k))
                    .collect()
            };
            check_type(values.data_type(), name)?;
            return Ok(Self::Dictionary(Typed::new(values.as_ref()), keys));
        }
        check_type(array.data_type(), name)?;
        Ok(Self::Plain(Typed::new(array.as_ref())))
    }

    /// The cell at `row` for the row parser: a string cell borrowed from
    /// the column, a double as it is, any other written at the end of `written`.
    // Inlined into the row loop, the cell is made where it is kept, not
    // made apart and copied there.
    #[inline]
    pub fn value(&self, row: usize, written: &mut String) -> Value<'a> {
        let (typed, row) = match self {
            Self::Plain(typed) => (typed, row),
            Self::Dictionary(typed, keys) => match keys.get(row) {
                Some(Some(k)) => (typed, *k),
                _ => return Value::Null,
            },
        };
        let Typed::Other(array) = typed else {
            return typed.text(row).map_or(Value::Null, Value::Text);
        };
        if array.is_null(row) {
            return Value::Null;
        }
        if let DataType::Float64 = array.data_type() {
            return Value::double(array.as_primitive::<Float64Type>().value(row));
        }
        if let Some(n) = integer(*array, row) {
            return Value::integer(n);
        }
        let start = written.len();
        write_cell(*array, row, written);
        Value::written(start, written.len())
    }

    /// The WKB point in a binary cell: `None` when null or empty.
    pub fn point(&self, row: usize) -> Result<Option<[f64; 2]>, String> {
        let Self::Plain(typed) = self else {
            return Err("the geometry column is not WKB".into());
        };
        let array = typed.array();
        if array.is_null(row) {
            return Ok(None);
        }
        let bytes = match array.data_type() {
            DataType::Binary => array.as_binary::<i32>().value(row),
            DataType::LargeBinary => array.as_binary::<i64>().value(row),
            DataType::BinaryView => array.as_binary_view().value(row),
            other => return Err(format!("the geometry column is {other}, not WKB")),
        };
        super::wkb::wkb_point(bytes)
    }
}

/// Refuses a column type no event field is read from.
fn check_type(data_type: &DataType, name: &str) -> Result<(), String> {
    use DataType as D;
    match data_type {
        D::Utf8 | D::LargeUtf8 | D::Utf8View | D::Boolean | D::Null => Ok(()),
        D::Int8 | D::Int16 | D::Int32 | D::Int64 | D::UInt8 | D::UInt16 | D::UInt32 | D::UInt64 => Ok(()),
        D::Float32 | D::Float64 | D::Decimal128(..) | D::Date32 | D::Date64 | D::Timestamp(..) => Ok(()),
        D::Binary | D::LargeBinary | D::BinaryView => Ok(()),
        other => Err(format!(
            "column '{name}' holds {other}, which chronomap does not read"
        )),
    }
}

/// One cell as the CSV loaders would read it: numbers as written, dates as
/// `YYYY-MM-DD` (date-times by their UTC day), nulls empty.
fn write_cell(array: &dyn Array, row: usize, out: &mut String) {
    use DataType as D;
    if array.is_null(row) {
        return;
    }
    // Integers written directly: the formatting machinery cost more than
    // decoding the column. (Text columns never come here: see `Typed`.)
    fn int(out: &mut String, n: impl itoa::Integer) -> std::fmt::Result {
        out.push_str(itoa::Buffer::new().format(n));
        Ok(())
    }
    let _ = match array.data_type() {
        D::Boolean => write!(out, "{}", array.as_boolean().value(row)),
        D::Int8 => int(out, array.as_primitive::<Int8Type>().value(row)),
        D::Int16 => int(out, array.as_primitive::<Int16Type>().value(row)),
        D::Int32 => int(out, array.as_primitive::<Int32Type>().value(row)),
        D::Int64 => int(out, array.as_primitive::<Int64Type>().value(row)),
        D::UInt8 => int(out, array.as_primitive::<UInt8Type>().value(row)),
        D::UInt16 => int(out, array.as_primitive::<UInt16Type>().value(row)),
        D::UInt32 => int(out, array.as_primitive::<UInt32Type>().value(row)),
        D::UInt64 => int(out, array.as_primitive::<UInt64Type>().value(row)),
        D::Float32 => write!(out, "{}", array.as_primitive::<Float32Type>().value(row)),
        D::Float64 => write!(out, "{}", array.as_primitive::<Float64Type>().value(row)),
        D::Decimal128(..) => write!(
            out,
            "{}",
            array.as_primitive::<Decimal128Type>().value_as_string(row)
        ),
        D::Date32 => {
            let days = array.as_primitive::<arrow_array::types::Date32Type>().value(row);
            write_day(
                out,
                NaiveDate::default().checked_add_signed(chrono::TimeDelta::days(i64::from(days))),
            )
        }
        D::Date64 => {
            let ms = array.as_primitive::<arrow_array::types::Date64Type>().value(row);
            write_day(out, DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()))
        }
        D::Timestamp(unit, _) => {
            use arrow_array::types::{
                TimestampMicrosecondType as Us, TimestampMillisecondType as Ms,
                TimestampNanosecondType as Ns, TimestampSecondType as S,
            };
            let t = match unit {
                TimeUnit::Second => DateTime::from_timestamp(array.as_primitive::<S>().value(row), 0),
                TimeUnit::Millisecond => {
                    DateTime::from_timestamp_millis(array.as_primitive::<Ms>().value(row))
                }
                TimeUnit::Microsecond => {
                    DateTime::from_timestamp_micros(array.as_primitive::<Us>().value(row))
                }
                TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(
                    array.as_primitive::<Ns>().value(row),
                )),
            };
            write_day(out, t.map(|t| t.date_naive()))
        }
        _ => Ok(()),
    };
}

/// The whole number in an integer cell.
fn integer(array: &dyn Array, row: usize) -> Option<i64> {
    use DataType as D;
    match array.data_type() {
        D::Int8 => Some(array.as_primitive::<Int8Type>().value(row).into()),
        D::Int16 => Some(array.as_primitive::<Int16Type>().value(row).into()),
        D::Int32 => Some(array.as_primitive::<Int32Type>().value(row).into()),
        D::Int64 => Some(array.as_primitive::<Int64Type>().value(row)),
        D::UInt8 => Some(array.as_primitive::<UInt8Type>().value(row).into()),
        D::UInt16 => Some(array.as_primitive::<UInt16Type>().value(row).into()),
        D::UInt32 => Some(array.as_primitive::<UInt32Type>().value(row).into()),
        D::UInt64 => i64::try_from(array.as_primitive::<UInt64Type>().value(row)).ok(),
        _ => None,
    }
}

/// `YYYY-MM-DD`; a day off the calendar is left for the row parser to name.
fn write_day(out: &mut String, day: Option<NaiveDate>) -> std::fmt::Result {
    use chrono::Datelike;
    match day {
        // Digits written directly: chrono's formatter parses its pattern
        // for every cell.
        Some(d) if (0..=9999).contains(&d.year()) => {
            let mut digits = itoa::Buffer::new();
            let mut two = |n: u32, out: &mut String| {
                if n < 10 {
                    out.push('0');
                }
                out.push_str(digits.format(n));
            };
            let year = d.year().unsigned_abs();
            for width in [1000, 100, 10] {
                if year < width {
                    out.push('0');
                }
            }
            out.push_str(itoa::Buffer::new().format(year));
            out.push('-');
            two(d.month(), out);
            out.push('-');
            two(d.day(), out);
            Ok(())
        }
        Some(d) => write!(out, "{}", d.format("%Y-%m-%d")),
        None => write!(out, "(a date outside the calendar)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2020, 9, 27),
            (5, 1, 2),
            (999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = String::new();
            write_day(&mut out, Some(day)).unwrap();
            assert_eq!(out, day.format("%Y-%m-%d").to_string());
        }
    }
}
