//! Excel and OpenDocument workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`,
//! `.ods`): the first sheet whose header row names a known table (UCDP GED,
//! ACLED) is read by that table's CSV loader, with the same column rules and
//! checks; its problems name the sheet and the row ("sheet 'Data', row 7").
//! Dates stored as dates, or as spreadsheet serial numbers in a date column,
//! read as days.

use super::format::{Format, detect_csv_header};
use super::{LoadError, Loaded, Place};
use crate::model::{Atlas, EventStore};
use calamine::{Data, Range, Reader};
use chrono::{Days, NaiveDate};
use std::io::{Read, Seek};
use std::path::Path;

/// File name endings read as workbooks.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` is read as a workbook.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)))
}

/// The events of the workbook at `path`, and the format of its table.
pub fn load_workbook(path: &Path, atlas: &Atlas) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let file = path.display().to_string();
    let sheets = calamine::open_workbook_auto(path).map_err(|e| unreadable(&file, &e))?;
    load_sheets(&file, sheets, atlas)
}

/// The events of a workbook held in memory (`name` names it in messages; its
/// kind is told from its bytes).
pub fn load_workbook_bytes(
    name: &str,
    bytes: Vec<u8>,
    atlas: &Atlas,
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let sheets = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(name, &e))?;
    load_sheets(name, sheets, atlas)
}

fn unreadable(file: &str, e: &calamine::Error) -> LoadError {
    LoadError::Invalid {
        file: file.to_string(),
        reason: format!("not a readable workbook: {e}"),
    }
}

fn load_sheets<RS: Read + Seek>(
    file: &str,
    mut sheets: calamine::Sheets<RS>,
    atlas: &Atlas,
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let mut seen: Vec<String> = Vec::new();
    for name in sheets.sheet_names() {
        // The reader's arithmetic on a damaged file's cell references can
        // overflow, which panics where overflow is checked: the sheet is
        // then unreadable, not the program ended.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sheets.worksheet_range(&name)));
        let range = match read {
            Ok(Ok(range)) => range,
            Ok(Err(e)) => {
                seen.push(format!("'{name}' (unreadable: {e})"));
                continue;
            }
            Err(_) => {
                seen.push(format!("'{name}' (unreadable: its cell references are damaged)"));
                continue;
            }
        };
        let Some(table) = Table::of(&range) else {
            seen.push(format!("'{name}' (empty)"));
            continue;
        };
        let Some(format) = detect_csv_header(&table.header.join(",")) else {
            let shown: Vec<&str> = table.header.iter().take(6).map(String::as_str).collect();
            seen.push(format!("'{name}' ({}, …)", shown.join(", ")));
            continue;
        };
        let (csv, record_lines) = table.to_csv(&range, format);
        let mut loaded = match format {
            Format::Ucdp => super::ucdp::parse_ucdp_reader(file, csv.as_bytes(), atlas, &mut |_| {})?,
            Format::Acled => super::acled::parse_acled_reader(file, csv.as_bytes(), atlas, &mut |_| {})?,
            _ => continue,
        };
        // Lines of the CSV made here are rows of the sheet.
        for problem in &mut loaded.problems {
            if let Place::Line(line) = problem.place {
                let record = record_lines.partition_point(|&l| l <= line).saturating_sub(1);
                problem.place = Place::SheetRow {
                    sheet: name.clone(),
                    row: table.first_row + record as u64,
                };
            }
        }
        return Ok((format, loaded));
    }
    Err(LoadError::Invalid {
        file: file.to_string(),
        reason: format!(
            "no sheet has a UCDP GED header (date_start, best, ...) or an ACLED header \
             (event_id_cnty, event_date, ...) in its first row; the sheets: {}",
            if seen.is_empty() {
                "none".to_string()
            } else {
                seen.join("; ")
            }
        ),
    })
}

/// A sheet's table: its header row and where it is.
struct Table {
    header: Vec<String>,
    /// The header's row number in the sheet, counted from 1.
    first_row: u64,
    /// Where the header's first non-empty row is in the range.
    skip: usize,
}

impl Table {
    /// The first non-empty row as the header.
    fn of(range: &Range<Data>) -> Option<Self> {
        let (start_row, _) = range.start()?;
        let skip = range
            .rows()
            .position(|r| r.iter().any(|c| !matches!(c, Data::Empty)))?;
        let header = range
            .rows()
            .nth(skip)?
            .iter()
            .map(|c| cell_text(c, false))
            .collect();
        Some(Self {
            header,
            first_row: u64::from(start_row) + skip as u64 + 1,
            skip,
        })
    }

    /// The table as CSV text for `format`'s loader, and the line each record
    /// (the header first) starts on.
    fn to_csv(&self, range: &Range<Data>, format: Format) -> (String, Vec<u64>) {
        let dates: Vec<bool> = self.header.iter().map(|h| is_date_column(h, format)).collect();
        let mut out = csv::Writer::from_writer(Vec::new());
        let mut lines = Vec::new();
        let mut line = 1u64;
        for row in range.rows().skip(self.skip) {
            let fields: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(k, c)| cell_text(c, dates.get(k).copied().unwrap_or(false)))
                .collect();
            lines.push(line);
            // A field with line breaks spans lines of the CSV: count them.
            line += 1 + fields.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
            if out.write_record(&fields).is_err() {
                break;
            }
        }
        let bytes = out.into_inner().unwrap_or_default();
        (String::from_utf8_lossy(&bytes).into_owned(), lines)
    }
}

/// Whether a column of `format` holds dates (a number there is a serial date).
fn is_date_column(name: &str, format: Format) -> bool {
    let name = name.trim().to_lowercase();
    match format {
        Format::Ucdp => name == "date_start" || name == "date_end",
        Format::Acled => name == "event_date",
        _ => false,
    }
}

/// A cell as the CSV loaders read it: whole numbers without ".0", dates as
/// `YYYY-MM-DD` (with the time when there is one).
fn cell_text(cell: &Data, date_column: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::Int(n) if date_column => serial_date(*n as f64).unwrap_or_else(|| n.to_string()),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if date_column => serial_date(*x).unwrap_or_else(|| number(*x)),
        Data::Float(x) => number(*x),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => number(dt.as_f64()),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number as written: `12`, not `12.0`.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// A spreadsheet serial day number (days since 30 Dec 1899, as Excel and
/// LibreOffice count) as `YYYY-MM-DD`; `None` outside 1900–9999.
fn serial_date(x: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&x) || x.fract() != 0.0 {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some(epoch.checked_add_days(Days::new(x as u64))?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_in_date_columns_are_days() {
        assert_eq!(serial_date(44_817.0).as_deref(), Some("2022-09-13"));
        assert_eq!(cell_text(&Data::Float(44_817.0), true), "2022-09-13");
        assert_eq!(cell_text(&Data::Float(44_818.0), false), "44818");
        assert_eq!(cell_text(&Data::Float(39.5), false), "39.5");
        assert_eq!(serial_date(0.5), None);
        assert!(is_date_column("Event_Date", Format::Acled));
        assert!(!is_date_column("event_date", Format::Ucdp));
    }
}
