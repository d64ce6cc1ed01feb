#!/bin/sh
# A tiny fenced writer: appends LINE to FILE only if TOKEN ("epoch:leader") is not lower than the highest token
# it has seen; otherwise it refuses (exit 1) and notes the refusal in FILE.refused. Tokens compare by epoch,
# then by leader name: in quorum and raft modes epochs alone grow; in coordinator mode two sides of a split may
# share an epoch and the name breaks the tie. This is what any resource a leader controls should do.
# Usage: fence.sh FILE TOKEN LINE
set -eu
file=$1 token=$2 line=$3
epoch=${token%%:*} leader=${token#*:}
exec 9>>"$file.lock"
flock 9
highest=$(cat "$file.fence" 2>/dev/null || echo "0 ")
h_epoch=${highest%% *} h_leader=${highest#* }
if [ "$epoch" -lt "$h_epoch" ] || { [ "$epoch" -eq "$h_epoch" ] && [ "$leader" \< "$h_leader" ]; }; then
    echo "$line (refused: token $token below $h_epoch:$h_leader)" >> "$file.refused"
    exit 1
fi
echo "$epoch $leader" > "$file.fence"
echo "$line" >> "$file"
