#!/usr/bin/env python3
"""Writes the workbook test fixtures (tests/fixtures/*.xlsx, *.ods) from the
CSV fixtures, as a spreadsheet user would keep them: numbers as numbers,
dates as dates (or, in acled_serial.xlsx, as bare serial day numbers).

Run from the repository root with openpyxl and odfpy importable:
    pip install --target /tmp/pylib openpyxl odfpy
    PYTHONPATH=/tmp/pylib python3 tools/workbook_fixtures.py
"""
import csv
import datetime
import os

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

FIX = "tests/fixtures"
DATE_COLUMNS = {"event_date", "date_start", "date_end"}


def rows_of(name):
    with open(os.path.join(FIX, name), newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def typed(header, value, serial=False):
    """A CSV field as a spreadsheet keeps it."""
    if value == "":
        return None
    if header in DATE_COLUMNS:
        try:
            day = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value  # kept as text: the loader reports it
        if serial:
            return (day - datetime.date(1899, 12, 30)).days
        return datetime.datetime(day.year, day.month, day.day)
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def xlsx(path, sheets, serial=False):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        header = [h.strip().lower() for h in rows[0]] if rows else []
        for k, row in enumerate(rows):
            if k == 0:
                sheet.append(row)
            else:
                sheet.append([typed(h, v, serial) for h, v in zip(header, row)])
        for cells in sheet.iter_rows(min_row=2):
            for c in cells:
                if isinstance(c.value, datetime.datetime):
                    c.number_format = "yyyy-mm-dd"
    book.save(os.path.join(FIX, path))


def ods(path, sheets):
    doc = OpenDocumentSpreadsheet()
    for title, rows in sheets:
        table = Table(name=title)
        header = [h.strip().lower() for h in rows[0]]
        for k, row in enumerate(rows):
            tr = TableRow()
            for h, v in zip(header, row):
                value = v if k == 0 else typed(h, v)
                if value is None:
                    cell = TableCell()
                elif isinstance(value, datetime.datetime):
                    cell = TableCell(valuetype="date", datevalue=value.date().isoformat())
                    cell.addElement(P(text=value.date().isoformat()))
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(os.path.join(FIX, path))


acled = rows_of("acled_current.csv")
ucdp = rows_of("ucdp_ged_sample.csv")
notes = [["About this workbook"], ["ACLED events kept in a spreadsheet between download and use."]]
xlsx("acled_current.xlsx", [("Notes", notes), ("Data", acled)])
xlsx("acled_serial.xlsx", [("Data", acled)], serial=True)
ods("ucdp_ged_sample.ods", [("GED", ucdp)])
# A broken date and a latitude off the globe, in rows 3 and 4 of the sheet.
bad = [row[:] for row in acled[:4]]
col = {h: k for k, h in enumerate(acled[0])}
bad[2][col["event_date"]] = "2022-13-45"
bad[3][col["latitude"]] = "95.2"
xlsx("acled_bad.xlsx", [("Data", bad)])
xlsx("no_table.xlsx", [("Budget", [["item", "cost"], ["fuel", "12"]]), ("Empty", [])])
