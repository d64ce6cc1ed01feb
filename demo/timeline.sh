#!/usr/bin/env bash
# The README's timeline screenshot, from a real run: records demo/timeline.lab in the lab (a paused leader, a
# split brain and its merge, a crash and a restart), draws it with 'conclave timeline', and photographs the
# page with headless Chromium (Debian: apt-get install chromium; pngquant, if present, makes the PNG small).
# Usage: demo/timeline.sh [OUT_DIR]     (default: target/timeline-demo; the screenshot goes to docs/timeline.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/timeline-demo}"
mkdir -p "$out"
./conclave lab --script demo/timeline.lab --record "$out/timeline.jsonl" --data-dir "$out/lab" --no-color
./conclave timeline "$out/timeline.jsonl" -o "$out/timeline.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=1400,1100 \
  --screenshot="$PWD/$out/timeline.png" "file://$PWD/$out/timeline.html" 2>/dev/null
if command -v pngquant >/dev/null; then
  pngquant --quality 60-90 --speed 1 --force --output docs/timeline.png "$out/timeline.png"
else
  cp "$out/timeline.png" docs/timeline.png
fi
echo "page: $out/timeline.html, screenshot: docs/timeline.png ($(wc -c < docs/timeline.png) bytes)"
