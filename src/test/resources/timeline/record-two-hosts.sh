#!/usr/bin/env bash
# Makes two-hosts-A.jsonl and two-hosts-BC.jsonl: three real peer processes (A alone, B and C together, as if
# on two hosts) print their events with --events json; A cuts C off and heals. One machine has one clock, so
# the second host's skew is then added by hand: every time stamp of the B,C file is moved 2.5 s ahead.
# Usage: src/test/resources/timeline/record-two-hosts.sh [OUT_DIR]   (needs target/conclave.jar)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here}"
jar="$here/../../../../target/conclave.jar"
cluster="tl-$RANDOM$RANDOM"
port=$((20000 + RANDOM % 30000))
tmp="$(mktemp -d)"
peer() { java -Djava.net.preferIPv4Stack=true -Djgroups.udp.ip_ttl=0 -Djgroups.udp.mcast_port=$port -jar "$jar" peer \
  --cluster "$cluster" --bind-addr 127.0.0.1 --events json --no-color --data-dir "$tmp/$1" --name "$@"; }
peer B --no-shell > "$tmp/B.jsonl" & b=$!
peer C --no-shell > "$tmp/C.jsonl" & c=$!
cat > "$tmp/a.script" <<'SCRIPT'
await view-size 3 30s
sleep 1s
isolate C
await view-size 2 20s
sleep 1s
heal
await view-size 3 30s
await merged 30s
sleep 1s
SCRIPT
peer A --script "$tmp/a.script" > "$tmp/A.jsonl" || true
kill $b $c; wait $b $c || true
grep '^{"ts"' "$tmp/A.jsonl" > "$out/two-hosts-A.jsonl"
# B and C on the second host, whose clock runs 2.5 s ahead
cat "$tmp/B.jsonl" "$tmp/C.jsonl" | grep '^{"ts"' | python3 -c '
import sys, json, datetime
for line in sys.stdin:
    e = json.loads(line)
    t = datetime.datetime.fromisoformat(e["ts"][:26].rstrip("Z") + "+00:00") + datetime.timedelta(seconds=2.5)
    e["ts"] = t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    print(json.dumps(e, separators=(",", ":")))
' > "$out/two-hosts-BC.jsonl"
rm -rf "$tmp"
