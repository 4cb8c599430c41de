#!/usr/bin/env bash
# Removes the network-namespace topology of up.sh (see topology.sh), whatever run left it behind:
# kills every process in an xsn-* namespace (nodes, routers, chats, streams, dnsmasq), deletes the
# namespaces (with them their veths, bridges and iptables rules), /etc/netns/xsn-* and the run directory.
# Idempotent; needs root. Usage: it/netns/down.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=topology.sh
source "$here/topology.sh"

namespaces=$(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${XSN_PREFIX}" || true)
for ns in $namespaces; do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
    fi
done
for ns in $namespaces; do
    ip netns del "$ns" 2>/dev/null || echo "down: cannot delete namespace $ns" >&2
done
rm -rf /etc/netns/"${XSN_PREFIX}"* "$XSN_RUN"
# up.sh may have created /etc/netns itself; leave it only if something else uses it.
rmdir /etc/netns 2>/dev/null || true
count=$(echo $namespaces | wc -w)
echo "down: removed $count namespaces" >&2
