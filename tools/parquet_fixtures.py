#!/usr/bin/env python3
"""Writes the Parquet test fixtures (tests/fixtures/*.parquet, ged_parts/) from
the CSV fixtures, as the engines people use would: DuckDB (types inferred from
the CSV: dates as DATE, counts as integers), pyarrow (dictionary-encoded
strings, several row groups), a Hive-partitioned folder as DuckDB writes it
(with Spark's _SUCCESS marker), GeoParquet (a WKB point `geometry` column with
its `geo` metadata instead of latitude/longitude), a GDELT extract with
GDELT's column names, and a truncated file.

Run from the repository root with pyarrow and duckdb importable:
    python3 -m venv /tmp/pq && /tmp/pq/bin/pip install pyarrow duckdb
    /tmp/pq/bin/python tools/parquet_fixtures.py
"""
import json
import os
import shutil
import struct

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FIX = "tests/fixtures"


def duck(sql):
    duckdb.sql(sql)


# UCDP GED as DuckDB writes it.
duck(f"COPY (SELECT * FROM read_csv('{FIX}/ucdp_ged_sample.csv')) "
     f"TO '{FIX}/ucdp_ged_sample.parquet' (FORMAT parquet, COMPRESSION zstd)")

# The same rows as a Hive-partitioned folder: type_of_violence lives in the paths.
parts = f"{FIX}/ged_parts"
shutil.rmtree(parts, ignore_errors=True)
duck(f"COPY (SELECT * FROM read_csv('{FIX}/ucdp_ged_sample.csv')) "
     f"TO '{parts}' (FORMAT parquet, PARTITION_BY (type_of_violence))")
open(f"{parts}/_SUCCESS", "w").close()

# ACLED as pyarrow writes it: dictionary-encoded strings, snappy, two rows a group.
acled = pacsv.read_csv(f"{FIX}/acled_current.csv")
pq.write_table(acled, f"{FIX}/acled_current.parquet", row_group_size=2, compression="snappy")

# GeoParquet: the ACLED rows with a WKB point instead of latitude/longitude.
points = [struct.pack("<BIdd", 1, 1, lon, lat)
          for lon, lat in zip(acled["longitude"].to_pylist(), acled["latitude"].to_pylist())]
geo = acled.drop_columns(["latitude", "longitude"]).append_column("geometry", pa.array(points, pa.binary()))
meta = {"version": "1.1.0", "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
geo = geo.replace_schema_metadata({**(geo.schema.metadata or {}), b"geo": json.dumps(meta).encode()})
pq.write_table(geo, f"{FIX}/acled_geo.parquet", compression="gzip")

# GDELT with its column names, as an extract from BigQuery or DuckDB would have them.
columns = open("tools/gdelt_fixtures.py").read().split('COLUMNS = (')[1].split(').split()')[0]
names = " ".join(line.strip().strip('"') for line in columns.splitlines()).split()
cols = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
duck(f"COPY (SELECT * REPLACE (CAST(SQLDATE AS BIGINT) AS SQLDATE, "
     f"CAST(NULLIF(ActionGeo_Lat, '') AS DOUBLE) AS ActionGeo_Lat, "
     f"CAST(NULLIF(ActionGeo_Long, '') AS DOUBLE) AS ActionGeo_Long) "
     f"FROM read_csv('{FIX}/gdelt_sample.export.CSV', delim='\\t', header=false, columns={{{cols}}})) "
     f"TO '{FIX}/gdelt_sample.parquet' (FORMAT parquet)")

# Bad rows, as text columns (as a careless export keeps them): problems name the row.
bad = pacsv.read_csv(f"{FIX}/acled_bad.csv", convert_options=pacsv.ConvertOptions(
    column_types={n: pa.string() for n in open(f"{FIX}/acled_bad.csv").readline().strip().split(",")}))
pq.write_table(bad, f"{FIX}/acled_bad.parquet")

# chronomap's own CSV export (tests/fixtures/chronomap_export.csv, written by
# `chronomap events --data shapes.geojson --format csv`) as DuckDB converts it.
duck(f"COPY (SELECT * FROM read_csv('{FIX}/chronomap_export.csv')) "
     f"TO '{FIX}/chronomap_export.parquet' (FORMAT parquet)")

# A file cut short: the magic at its start, no footer.
data = open(f"{FIX}/ucdp_ged_sample.parquet", "rb").read()
open(f"{FIX}/truncated_bad.parquet", "wb").write(data[: len(data) // 2])
print("written")
