#!/usr/bin/env bash
# Leader sidecars writing through a fence, across a partition and a pause of the leader.
# Three real peer processes run `conclave peer --while-leader` with a loop that appends "peer token time" to one
# file through demo/fence.sh, which refuses a token lower than the highest it has seen.
#   quorum and raft modes: the cut-off leader's sidecar is stopped before the next leader's starts, so the
#     leaders' lines never interleave; a SIGSTOPped JVM cannot stop its child, whose writes the fence refuses.
#   coordinator mode (udp): during the partition both sides lead and write (split brain); the fence refuses the
#     side with the lower token.
# Run: demo/sidecar.sh quorum-udp|raft-udp|udp   (builds the jar first if needed; exits non-zero if an
# invariant breaks). Peers log to a temporary directory, which is printed and kept.
set -euo pipefail
stack=${1:-quorum-udp}
here=$(cd "$(dirname "$0")" && pwd)
jar=${CONCLAVE_JAR:-$here/../target/conclave.jar}
[ -f "$jar" ] || (cd "$here/.." && mvn -q -DskipTests package)
work=$(mktemp -d /tmp/conclave-sidecar.XXXXXX)
out=$work/fenced.log
cluster=sidecar-$$-$RANDOM
port=$((20000 + RANDOM % 40000))
peers=(A B C)
declare -A pid
extra=()
case $stack in
    quorum*) extra=(--set conclave.cluster_size=3) ;;
    raft*) extra=(--members A,B,C) ;;
esac
loop="while :; do '$here/fence.sh' '$out' \"\$CONCLAVE_TOKEN\" \"\$CONCLAVE_PEER \$CONCLAVE_TOKEN \$(date +%s%N)\" || true; sleep 0.05; done"

cleanup() {
    for p in "${peers[@]}"; do
        kill -CONT "${pid[$p]:-0}" 2>/dev/null || true
        kill "${pid[$p]:-0}" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

for p in "${peers[@]}"; do
    mkfifo "$work/$p.in"
    java -Djava.net.preferIPv4Stack=true -Djgroups.udp.ip_ttl=0 -jar "$jar" peer --name "$p" --cluster "$cluster" \
        --stack "$stack" --bind-addr 127.0.0.1 --data-dir "$work/$p" --set "jgroups.udp.mcast_port=$port" \
        "${extra[@]}" --allow-faults ${CONCLAVE_PEER_ARGS:-} --events json --while-leader "$loop" < "$work/$p.in" > "$work/$p.out" 2>&1 &
    pid[$p]=$!
    exec {fd}>"$work/$p.in"   # keeps the peer's stdin open
done

leader() { { tail -n 1 "$out" 2>/dev/null || true; } | cut -d' ' -f1; }
# the peer that last tried to write, accepted or refused (in coordinator mode the fence may refuse the new side)
writer() { { tail -q -n 1 "$out" "$out.refused" 2>/dev/null || true; } | sort -k3 -n | tail -n 1 | cut -d' ' -f1; }
await_lines() { # waits until a peer other than $1 (or any, if empty) tries to write
    for _ in $(seq 1 300); do
        l=$(writer)
        if [ -n "$l" ] && [ "$l" != "${1:-}" ]; then return 0; fi
        sleep 0.1
    done
    echo "no leader wrote within 30 s; see $work" >&2; exit 1
}

await_lines ""
first=$(leader)
other=$(printf '%s\n' "${peers[@]}" | grep -v "^$first$" | head -n 1)
echo "leader $first writes; cutting it off (isolate $first)"
echo "isolate $first" > "$work/$other.in"
await_lines "$first"
sleep 3
echo "heal"
echo "heal" > "$work/$other.in"
sleep 5
second=$(leader)
[ "$second" != "$first" ] || second=$(writer)
echo "leader $second writes; pausing its JVM for 5 s (SIGSTOP), its sidecar runs on"
kill -STOP "${pid[$second]}"
await_lines "$second"
sleep 3
kill -CONT "${pid[$second]}"
sleep 4
cleanup
trap - EXIT

echo "--- accepted writes, one line per run of consecutive writes by one leadership:"
awk '{ key = $1 " " $2; if (key != last) { if (last != "") print "  " last ": " n " lines"; last = key; n = 0 } n++ }
     END { if (last != "") print "  " last ": " n " lines" }' "$out"
refused=$(wc -l < "$out.refused" 2>/dev/null || echo 0)
echo "--- refused by the fence: $refused writes"
[ -f "$out.refused" ] && cut -d' ' -f1,2 "$out.refused" | sort | uniq -c | sed 's/^/  /'
# a leadership whose lines appear in two separate runs interleaved with another's
interleaved=$(awk '{ key = $1 " " $2; if (key != last) { if (seen[key]++) bad++; last = key } } END { print bad + 0 }' "$out")
echo "--- interleaved leaderships: $interleaved"
echo "(logs and files in $work)"
case $stack in
    udp|tcp|secure-udp|secure-tcp) ;;
    *) [ "$interleaved" -eq 0 ] || { echo "FAIL: leaders' writes interleaved in $stack" >&2; exit 1; } ;;
esac
