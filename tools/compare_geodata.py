#!/usr/bin/env python3
"""Compare two directories of GeoJSON files (e.g. a fresh build against the
reference data) feature by feature.

    python tools/compare_geodata.py OUT_DIR REF_DIR [--tolerance DEG]
    tools/build_geodata.sh --compare OUT_DIR [REF_DIR]   (same, in the venv)

Per file it reports feature counts, property differences and, per feature,
the geometry type, the symmetric-difference area ratio
area(out XOR ref) / area(ref) for polygons, and the Hausdorff distance in
degrees for every geometry.  Exit status 1 if a file or feature is missing,
a property differs, or a Hausdorff distance exceeds --tolerance.
"""

import argparse
import json
import sys
from pathlib import Path

from shapely.geometry import shape

# Properties that identify a feature, tried in this order.
KEYS = ("name_en", "iso_a3", "name")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def feature_keys(features):
    """Key features by the first identifying property that is unique."""
    for k in KEYS:
        vals = [f["properties"].get(k) for f in features]
        if all(v is not None for v in vals) and len(set(vals)) == len(vals):
            return k, {v: f for v, f in zip(vals, features)}
    return "#index", {i: f for i, f in enumerate(features)}


def vertices(geom):
    """All coordinate pairs of a GeoJSON geometry, as a sorted list."""
    def walk(c):
        if isinstance(c[0], (int, float)):
            yield tuple(c)
        elif isinstance(c[0][0], (int, float)) and len(c) >= 4 and c[0] == c[-1]:
            for x in c[:-1]:          # a ring: skip the closing repeat, which
                yield tuple(x)        # depends on where the ring starts
        else:
            for x in c:
                yield from walk(x)
    return sorted(walk(geom["coordinates"]))


def compare_file(out_path, ref_path, tol):
    out, ref = load(out_path), load(ref_path)
    problems = 0
    name = ref_path.name
    of, rf = out["features"], ref["features"]
    print(f"== {name}: features out={len(of)} ref={len(rf)}")
    for member in ("name", "note"):
        if out.get(member) != ref.get(member):
            print(f"   top-level {member!r} differs (informational):\n"
                  f"     out: {out.get(member)!r}\n     ref: {ref.get(member)!r}")

    # Match features on the reference's identifying property.
    key, refs = feature_keys(rf)
    ident = (lambda i, f: i) if key == "#index" else (lambda i, f: f["properties"].get(key))
    outs = {}
    for i, f in enumerate(of):
        k = ident(i, f)
        if k in outs:
            print(f"   DUPLICATE in out: {key}={k!r}")
            problems += 1
        outs[k] = f
    if list(outs) != list(refs) and set(outs) == set(refs):
        print("   feature order differs (informational)")

    worst_ratio, worst_h, same_vertices = 0.0, 0.0, 0
    for k, rfeat in refs.items():
        ofeat = outs.get(k)
        if ofeat is None:
            print(f"   MISSING in out: {key}={k!r}")
            problems += 1
            continue
        rp, op = rfeat["properties"], ofeat["properties"]
        for p in sorted(set(rp) | set(op)):
            if rp.get(p, "<absent>") != op.get(p, "<absent>"):
                print(f"   {k!r}: property {p!r} out={op.get(p, '<absent>')!r} ref={rp.get(p, '<absent>')!r}")
                problems += 1
        rg, og = shape(rfeat["geometry"]), shape(ofeat["geometry"])
        h = rg.hausdorff_distance(og)
        line = f"   {str(k):38.38} {og.geom_type:>15}"
        if og.geom_type != rg.geom_type:
            line += f" (ref {rg.geom_type})"
        if rg.area > 0:
            ratio = rg.symmetric_difference(og).area / rg.area
            worst_ratio = max(worst_ratio, ratio)
            line += f"  symdiff/area={ratio:.2e}"
        line += f"  hausdorff={h:.5f}"
        # Same coordinates (ring start and orientation aside)?
        vo, vr = vertices(ofeat["geometry"]), vertices(rfeat["geometry"])
        if vo == vr:
            same_vertices += 1
            line += "  vertices=same"
        else:
            shared = len(set(vo) & set(vr))
            line += f"  vertices out/ref/shared={len(vo)}/{len(vr)}/{shared}"
        if h > tol:
            line += f"  > tolerance {tol}"
            problems += 1
        worst_h = max(worst_h, h)
        print(line)
    for k in outs:
        if k not in refs:
            print(f"   EXTRA in out: {key}={k!r}")
            problems += 1
    print(f"   -> worst symdiff/area={worst_ratio:.2e}, worst hausdorff={worst_h:.5f} deg, "
          f"{same_vertices}/{len(refs)} with the same vertices, {problems} problem(s)")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("ref_dir", type=Path)
    ap.add_argument("--tolerance", type=float, default=0.01,
                    help="max Hausdorff distance in degrees (default %(default)s)")
    args = ap.parse_args()

    out_files = {p.name for p in args.out_dir.glob("*.geojson")}
    ref_files = {p.name for p in args.ref_dir.glob("*.geojson")}
    total = 0
    for name in sorted(ref_files | out_files):
        if name not in out_files or name not in ref_files:
            print(f"== {name}: only in {'ref' if name in ref_files else 'out'}")
            total += 1
            continue
        total += compare_file(args.out_dir / name, args.ref_dir / name, args.tolerance)
    print(f"TOTAL: {len(ref_files)} reference files, {total} problem(s)")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
