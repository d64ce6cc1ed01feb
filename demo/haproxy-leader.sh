#!/usr/bin/env bash
# HAProxy in front of three peers, health-checking each peer's GET /leader (200 only on the leader), so every
# request through HAProxy reaches the current leader. kill -9 of the leader, then: how long until HAProxy
# sends requests to the new one. Needs haproxy (Debian package haproxy) and target/conclave.jar.
# Usage: [KEEP=1] demo/haproxy-leader.sh [CHECK_INTERVAL_MS]  (KEEP=1 keeps the peers' output in the work dir)   (default 100; prints the figures, exits 0 if HAProxy
# followed the leader, 1 if not, 2 if haproxy is missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${CONCLAVE_JAR:-$here/target/conclave.jar}"
interval="${1:-100}"
command -v haproxy >/dev/null || { echo "haproxy not found: install the Debian package haproxy" >&2; exit 2; }
[[ -f "$jar" ]] || { echo "no $jar: build it with mvn -q -DskipTests package" >&2; exit 2; }

work="$(mktemp -d)"
cluster="haproxy-demo-$RANDOM$RANDOM"
mcast=$((20000 + RANDOM % 40000))
base=$((30000 + RANDOM % 20000))
front=$base
declare -A admin=([A]=$((base + 1)) [B]=$((base + 2)) [C]=$((base + 3)))
declare -A pid=()
cleanup() {
  for p in "${pid[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [[ -n "${KEEP:-}" ]]; then echo "output kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# GET PATH from 127.0.0.1:PORT over bash's /dev/tcp (no curl needed); prints the status code, a space, the body
get() {
  local port=$1 path=$2 reply
  reply="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.0\r\nHost: demo\r\n\r\n' "$path" >&3 && timeout 2 cat <&3) 2>/dev/null)" || { echo "000"; return; }
  echo "$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' <<<"$reply") $(tail -n 1 <<<"$reply")"
}

# the peer name in a JSON body, e.g. {"peer":"B",...} -> B
peer_of() { sed -n 's/.*"peer":"\([A-Z]\)".*/\1/p' <<<"$1"; }

start_peer() {
  java -Djava.net.preferIPv4Stack=true -Djgroups.udp.ip_ttl=0 -Djgroups.udp.mcast_port="$mcast" -jar "$jar" peer \
    --name "$1" --cluster "$cluster" --bind-addr 127.0.0.1 --data-dir "$work/$1" --no-shell --events json \
    --admin "${admin[$1]}" >"$work/$1.out" 2>&1 &
  pid[$1]=$!
  disown "${pid[$1]}"   # no "Killed" job notice when the demo kills it
}

wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$(( $(now_ms) + $1 * 1000 )); shift
  until "$@"; do
    (( $(now_ms) < deadline )) || { echo "gave up waiting for: $*" >&2; return 1; }
    sleep 0.05
  done
}
leads() { [[ "$(get "${admin[$1]}" /leader)" == 200* ]]; }
agreed() { java -jar "$jar" status --admin "${admin[A]},${admin[B]},${admin[C]}" >/dev/null 2>&1; }

health() { [[ "$(get "${admin[$1]}" /health)" == 200* ]]; }
three() { [[ "$(get "${admin[$1]}" /view)" == *'"members":["A","B","C"]'* ]]; }

echo "starting peers A, B, C (cluster $cluster; admin endpoints on 127.0.0.1:${admin[A]}, ${admin[B]}, ${admin[C]})"
for name in A B C; do   # one after the other, so A is the coordinator and leads
  start_peer "$name"
  wait_for 60 health "$name"
done
wait_for 60 three C
wait_for 60 agreed
wait_for 60 leads A

cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 64
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend leader
  bind 127.0.0.1:$front
  default_backend peers
backend peers
  # only the leader answers GET /leader with 200; every other peer answers 503
  option httpchk GET /leader
  http-check expect status 200
  default-server inter ${interval}ms fall 1 rise 1
  server A 127.0.0.1:${admin[A]} check
  server B 127.0.0.1:${admin[B]} check
  server C 127.0.0.1:${admin[C]} check
CFG
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.out" 2>&1 &
pid[haproxy]=$!
disown "${pid[haproxy]}"
via() { local r; r="$(get "$front" /status)"; [[ "$r" == 200* ]] && peer_of "$r"; }
routed_to_a() { [[ "$(via)" == A ]]; }
wait_for 30 routed_to_a
java -jar "$jar" status --admin "${admin[A]},${admin[B]},${admin[C]}"
echo "HAProxy on 127.0.0.1:$front (health check GET /leader every ${interval} ms) sends GET /status to: $(via)"

kill -9 "${pid[A]}"
killed=$(now_ms)
unset 'pid[A]'
elected="" switched="" new=""
deadline=$((killed + 60000))
while [[ -z "$switched" ]] && (( $(now_ms) < deadline )); do
  if [[ -z "$elected" ]] && { leads B || leads C; }; then elected=$(now_ms); fi
  new="$(via || true)"
  if [[ -n "$new" && "$new" != A ]]; then switched=$(now_ms); fi
done
[[ -n "$switched" ]] || { echo "HAProxy did not follow the leader within 60 s" >&2; exit 1; }
[[ -n "$elected" ]] || elected=$switched
leads "$new" || { echo "HAProxy sent the request to $new, which does not lead" >&2; exit 1; }
echo "kill -9 of A at $(date -u -d "@${killed:0:10}.${killed:10}" +%H:%M:%S.%3N); new leader $new"
echo "  $((elected - killed)) ms until a survivor's GET /leader answered 200"
echo "  $((switched - killed)) ms until a request through HAProxy was answered by $new (switch-over)"
