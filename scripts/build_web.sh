#!/usr/bin/env bash
# Vendor the explorer's front-end libraries into src/conflictmap/web/vendor/.
#
# Runs `npm ci` from the committed package.json / package-lock.json (the lockfile
# keeps no registry addresses: see .npmrc), then copies the files the explorer
# loads, with their licences, next to the web sources. The copies are committed,
# so the explorer works from a fresh clone with no npm and no internet.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-fund --no-audit
dest=src/conflictmap/web/vendor
rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$dest/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$dest/leaflet/images/"
cp node_modules/leaflet/LICENSE "$dest/leaflet/LICENSE"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
   "$dest/leaflet.markercluster/"
cp node_modules/leaflet.markercluster/MIT-LICENCE.txt "$dest/leaflet.markercluster/LICENSE" 2>/dev/null \
  || cp node_modules/leaflet.markercluster/LICENSE* "$dest/leaflet.markercluster/LICENSE"
for pkg in leaflet leaflet.markercluster; do
  node -e "const p=require('./node_modules/$pkg/package.json');console.log(p.name+' '+p.version+' ('+p.license+')')" \
    >> "$dest/VERSIONS.txt"
done
# neither the vendored files nor the lockfile may name a package registry
if grep -rIlE "https?://[a-z.-]*registry" "$dest" package-lock.json || grep -q '"resolved"' package-lock.json; then
  echo "a vendored file or the lockfile names a package registry" >&2; exit 1
fi
echo "vendored into $dest:"; cat "$dest/VERSIONS.txt"
