#!/usr/bin/env bash
# Network faults on the up.sh topology, each undone by its opposite (and all of them by down.sh):
#
#   it/netns/fault.sh cut SITE    the site's gateway drops everything to and from the public segment
#   it/netns/fault.sh heal SITE   removes that rule
#   it/netns/fault.sh loss PCT    each router host drops PCT % of its packets in and out at random
#                                 (iptables statistic), so every packet over the public segment has a
#                                 PCT % chance of being lost; loss 0 removes the rules
#   it/netns/fault.sh dropped     prints how many packets the loss rules have dropped so far
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=topology.sh
source "$here/topology.sh"

# The rules carry this comment, so heal and loss 0 delete exactly what cut and loss added.
tag="xsite-netns-fault"

# Deletes every rule of chain $2 in namespace $1 tagged $tag.
untag() {
    while ip netns exec "$1" iptables -S "$2" | grep -q -- "--comment $tag"; do
        rule=$(ip netns exec "$1" iptables -S "$2" | grep -- "--comment $tag" | head -n 1 | sed 's/^-A /-D /')
        # shellcheck disable=SC2086
        eval ip netns exec "$1" iptables $rule
    done
}

case "${1:-} ${2:-}" in
    "cut "?*)
        ns="$(xsn_ns "gw-$2")"
        ip netns exec "$ns" iptables -I FORWARD 1 -i pub0 -m comment --comment "$tag" -j DROP
        ip netns exec "$ns" iptables -I FORWARD 1 -o pub0 -m comment --comment "$tag" -j DROP
        ;;
    "heal "?*)
        untag "$(xsn_ns "gw-$2")" FORWARD
        ;;
    "loss "?*)
        for router in "${XSN_ROUTERS[@]}"; do
            ns="$(xsn_ns "$router")"
            untag "$ns" INPUT
            untag "$ns" OUTPUT
            if [ "$2" != 0 ]; then
                probability=$(awk -v p="$2" 'BEGIN { printf "%.4f", p / 100 }')
                for chain in INPUT OUTPUT; do
                    ip netns exec "$ns" iptables -A "$chain" -m statistic --mode random \
                        --probability "$probability" -m comment --comment "$tag" -j DROP
                done
            fi
        done
        ;;
    "dropped ")
        total=0
        for router in "${XSN_ROUTERS[@]}"; do
            for chain in INPUT OUTPUT; do
                count=$(ip netns exec "$(xsn_ns "$router")" iptables -L "$chain" -v -x -n \
                    | awk -v tag="$tag" '$0 ~ tag { sum += $1 } END { print sum + 0 }')
                total=$((total + count))
            done
        done
        echo "$total"
        ;;
    *)
        echo "usage: $0 cut SITE | heal SITE | loss PERCENT | dropped" >&2
        exit 2
        ;;
esac
