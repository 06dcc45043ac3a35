"""Front-end files from npm (pinned in package.json) copied into the package's gitignored static/vendor folder.

`python -m rasd.web.assets [node_modules]` is run by scripts/setup.sh after `npm ci`; nothing is fetched at run time."""

from __future__ import annotations

import gzip
import mimetypes
import os
import shutil
import sys
from os import PathLike
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).parent / "static"
COMPRESSED = (".js", ".css", ".json")
VENDOR = STATIC / "vendor"

# file in node_modules -> name under static/vendor
VENDOR_FILES: dict[str, str] = {
    "leaflet/dist/leaflet.js": "leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet.css",
    "leaflet/dist/images/marker-icon.png": "images/marker-icon.png",
    "leaflet/dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
    "leaflet/dist/images/marker-shadow.png": "images/marker-shadow.png",
    "leaflet/dist/images/layers.png": "images/layers.png",
    "leaflet.markercluster/dist/leaflet.markercluster.js": "leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css": "MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
    "topojson-client/dist/topojson-client.min.js": "topojson-client.min.js",
    "world-atlas/countries-50m.json": "countries-50m.json",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui.css",
    # licences travel with the files
    "leaflet/LICENSE": "LICENSE.leaflet",
    "leaflet.markercluster/MIT-LICENCE.txt": "LICENSE.leaflet.markercluster",
    "topojson-client/LICENSE": "LICENSE.topojson-client",
    "world-atlas/LICENSE": "LICENSE.world-atlas",
    "swagger-ui-dist/LICENSE": "LICENSE.swagger-ui-dist",
}


def missing() -> list[str]:
    """Vendor files the UI needs that are not in place (empty when `scripts/setup.sh` has run)."""
    return [name for name in VENDOR_FILES.values() if not (VENDOR / name).is_file()]


def copy_vendor(node_modules: Path) -> int:
    """Copy the needed dist files from node_modules into static/vendor; returns how many were copied."""
    absent = [src for src in VENDOR_FILES if not (node_modules / src).is_file()]
    if absent:
        raise FileNotFoundError(f"{node_modules}: missing {', '.join(absent)} (run `npm ci` at the repository root)")
    for src, name in VENDOR_FILES.items():
        dest = VENDOR / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(node_modules / src, dest)
        if dest.suffix in COMPRESSED:  # compressed once here, not on every request
            Path(str(dest) + ".gz").write_bytes(gzip.compress(dest.read_bytes(), 9, mtime=0))
    return len(VENDOR_FILES)


class PrecompressedStatic(StaticFiles):
    """Static files, answered from a NAME.gz beside NAME when there is one and the client accepts gzip."""

    def file_response(self, full_path: PathLike[str] | str, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        accepts = "gzip" in Headers(scope=scope).get("accept-encoding", "")
        packed = str(full_path) + ".gz"
        if accepts and os.path.isfile(packed):
            media_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
            return FileResponse(packed, status_code=status_code, media_type=media_type,
                                headers={"content-encoding": "gzip", "vary": "accept-encoding",
                                         "cache-control": "public, max-age=86400"})
        return super().file_response(full_path, stat_result, scope, status_code)


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("node_modules")
    try:
        n = copy_vendor(root)
    except FileNotFoundError as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        sys.exit(1)
    print(f"rasd: {n} front-end files copied to {VENDOR}")
