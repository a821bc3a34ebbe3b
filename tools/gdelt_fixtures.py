#!/usr/bin/env python3
"""Writes the GDELT 2.0 event export fixtures (tests/fixtures/gdelt_*): rows in
GDELT's 61-column, tab-separated, headerless layout, plain and zipped as GDELT
publishes them. The rows are illustrative (made-up ids, tones and addresses).

Run from the repository root: python3 tools/gdelt_fixtures.py
"""
import zipfile

FIX = "tests/fixtures"
COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode "
    "Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode "
    "Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale "
    "NumMentions NumSources NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
    "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code "
    "Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code "
    "ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL"
).split()
assert len(COLUMNS) == 61


def row(event_id, day, a1, a2, code, goldstein, tone, place, lat, lon, url):
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        GLOBALEVENTID=str(event_id),
        SQLDATE=day,
        MonthYear=day[:6],
        Year=day[:4],
        FractionDate=f"{int(day[:4]) + (int(day[4:6]) - 1) / 12:.4f}",
        Actor1Code=a1[:3].upper() if a1 else "",
        Actor1Name=a1,
        Actor2Code=a2[:3].upper() if a2 else "",
        Actor2Name=a2,
        IsRootEvent="1",
        EventCode=code,
        EventBaseCode=code[:3],
        EventRootCode=code[:2],
        QuadClass="4" if int(code[:2]) >= 18 else "1",
        GoldsteinScale=goldstein,
        NumMentions="10",
        NumSources="2",
        NumArticles="10",
        AvgTone=tone,
        DATEADDED=day + "101500",
        SOURCEURL=url,
    )
    if lat is not None:
        values.update(
            ActionGeo_Type="4",
            ActionGeo_FullName=place,
            ActionGeo_CountryCode=place.rsplit(", ", 1)[-1][:2].upper(),
            ActionGeo_Lat=str(lat),
            ActionGeo_Long=str(lon),
            ActionGeo_FeatureID="-1",
        )
    return "\t".join(values[c] for c in COLUMNS)


GOOD = [
    row(1058430211, "20220913", "AZERBAIJAN", "ARMENIA", "190", "-10.0", "-6.25",
        "Jermuk, Vayots Dzor, Armenia", 39.8417, 45.6695, "https://example.org/news/jermuk-shelling"),
    row(1058430212, "20220913", "ARMENIA", "AZERBAIJAN", "183", "-10.0", "-5.10",
        "Goris, Syunik, Armenia", 39.5068, 46.3968, "https://example.org/news/goris"),
    row(1058430213, "20220914", "UNITED STATES", "ARMENIA", "036", "4.0", "1.75",
        "Yerevan, Yerevan, Armenia", 40.1811, 44.5136, "https://example.org/news/talks"),
    row(1058430214, "20220914", "PROTESTER", "", "141", "-6.5", "-3.00",
        "Yerevan, Yerevan, Armenia", 40.1811, 44.5136, "https://example.org/news/protest"),
    # No ActionGeo point: kept, unplaced.
    row(1058430215, "20220914", "RUSSIA", "ARMENIA", "042", "1.9", "0.50",
        "", None, None, "https://example.org/news/visit"),
]

BAD = [
    GOOD[0],
    GOOD[1].rsplit("\t", 1)[0],  # 60 columns: SOURCEURL cut off
    row(1058430216, "20220931", "ARMENIA", "", "190", "-10.0", "-1",
        "Kapan, Syunik, Armenia", 39.2076, 46.4059, "https://example.org/a"),
    row(1058430217, "20220914", "ARMENIA", "", "190", "-10.0", "-1",
        "Kapan, Syunik, Armenia", 139.2076, 46.4059, "https://example.org/b"),
    row(1058430218, "20220914", "ARMENIA", "", "270", "-10.0", "-1",
        "Kapan, Syunik, Armenia", 39.2076, 46.4059, "https://example.org/c"),
]


def write(name, rows):
    with open(f"{FIX}/{name}", "w", newline="") as f:
        f.write("\n".join(rows) + "\n")


write("gdelt_sample.export.CSV", GOOD)
write("gdelt_bad.export.CSV", BAD)
with zipfile.ZipFile(f"{FIX}/gdelt_sample.export.CSV.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(f"{FIX}/gdelt_sample.export.CSV", "20220914101500.export.CSV")
