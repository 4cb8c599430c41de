#!/usr/bin/env bash
# Brings up two sites that cannot reach each other, bridged through two gossip routers on a public
# segment, in Linux network namespaces (layout and addresses in topology.sh). Needs root, iproute2,
# iptables and dnsmasq. Removes any leftover of an earlier run first (down.sh).
#
#   it/netns/up.sh                 PKI, network, dnsmasq, routers rt1 rt2, nodes nyc1..nyc5 and sfc1..sfc3
#   it/netns/up.sh --network-only  PKI, network and dnsmasq only (the tests start the processes themselves)
#
# Everything runs with TLS, as a deployment must: each run issues a throwaway CA and, from it, a certificate
# for each site (shared by its members), each router and a tool, in $XSITE_NETNS_RUN/pki (xsn_issue_pki in
# topology.sh); xsite.sh gives every process its host's directory as XSITE_TLS_DIR.
#
# Each site's gateway NATs its members out to the public segment and drops every new connection in, so a
# member reaches the routers' public addresses and nothing reaches a member of the other site. Each
# gateway runs dnsmasq on its segment, answering the site's name (nyc, sfc) with the A record of every
# member, as a Kubernetes headless service does. Logs and pid files go to $XSITE_NETNS_RUN
# (default /tmp/xsite-netns). Then, from the repository root:
#
#   it/netns/xsite.sh sfc1 chat                  chat from sfc's segment (type topo, or a line)
#   it/netns/xsite.sh nyc2 stream --to sfc --count 1000 --rate 200
#   curl -s http://10.77.2.11:8080/streams       (inside a namespace: ip netns exec xsn-sfc1 curl ...)
#   it/netns/fault.sh cut sfc | heal sfc | loss 5 | loss 0
#   it/netns/down.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=topology.sh
source "$here/topology.sh"

network_only=false
case "${1:-}" in
    "") ;;
    --network-only) network_only=true ;;
    *) echo "usage: $0 [--network-only]" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
    echo "up: network namespaces need root" >&2
    exit 1
fi

"$here/down.sh" 2>/dev/null
mkdir -p "$XSN_RUN"
if ! xsn_issue_pki "$here/../../bin/xsite"; then
    echo "up: cannot issue the certificates into $XSN_PKI" >&2
    exit 1
fi
in_ns() { local ns="$1"; shift; ip netns exec "$(xsn_ns "$ns")" "$@"; }

# A namespace with loopback up.
add_host() {
    ip netns add "$(xsn_ns "$1")"
    ip -n "$(xsn_ns "$1")" link set lo up
}

# A veth pair: $2 in host $1 and $4 in host $3, plugged into the bridge br0 of host $3.
plug() {
    ip link add "$2" netns "$(xsn_ns "$1")" type veth peer name "$4" netns "$(xsn_ns "$3")"
    ip -n "$(xsn_ns "$3")" link set "$4" master br0 up
    ip -n "$(xsn_ns "$1")" link set "$2" up
}

add_bridge() {
    ip -n "$(xsn_ns "$1")" link add br0 type bridge
    ip -n "$(xsn_ns "$1")" link set br0 up
}

# The public segment: a bridge in its own namespace, the routers on it.
add_host pub
add_bridge pub
for router in "${XSN_ROUTERS[@]}"; do
    add_host "$router"
    plug "$router" eth0 pub "$router"
    ip -n "$(xsn_ns "$router")" addr add "$(xsn_ip "$router")/24" dev eth0
done

for site in "${XSN_SITES[@]}"; do
    gw="gw-$site"
    subnet="$(xsn_subnet "$site")"
    add_host "$gw"
    add_bridge "$gw"
    ip -n "$(xsn_ns "$gw")" addr add "$subnet.1/24" dev br0
    plug "$gw" pub0 pub "$gw"
    ip -n "$(xsn_ns "$gw")" addr add "$(xsn_gateway_public "$site")/24" dev pub0
    in_ns "$gw" sysctl -qw net.ipv4.ip_forward=1
    # The other site's private subnet is routed through its gateway, as if the internet carried it: the
    # other gateway's firewall, not a missing route, is what keeps a member from reaching it.
    for other in "${XSN_SITES[@]}"; do
        if [ "$other" != "$site" ]; then
            ip -n "$(xsn_ns "$gw")" route add "$(xsn_subnet "$other").0/24" via "$(xsn_gateway_public "$other")"
        fi
    done
    in_ns "$gw" iptables -t nat -A POSTROUTING -s "$subnet.0/24" -o pub0 -j MASQUERADE
    in_ns "$gw" iptables -A FORWARD -i pub0 -o br0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    in_ns "$gw" iptables -A FORWARD -i pub0 -o br0 -j DROP

    hosts="$XSN_RUN/hosts-$site"
    : >"$hosts"
    for member in $(xsn_members "$site"); do
        add_host "$member"
        plug "$member" eth0 "$gw" "$member"
        ip -n "$(xsn_ns "$member")" addr add "$(xsn_ip "$member")/24" dev eth0
        ip -n "$(xsn_ns "$member")" route add default via "$subnet.1"
        # ip netns exec bind-mounts this over /etc/resolv.conf: the member asks its site's dnsmasq.
        mkdir -p "/etc/netns/$(xsn_ns "$member")"
        echo "nameserver $subnet.1" >"/etc/netns/$(xsn_ns "$member")/resolv.conf"
        echo "$(xsn_ip "$member") $site" >>"$hosts"
    done
    in_ns "$gw" dnsmasq --pid-file="$XSN_RUN/dnsmasq-$site.pid" --log-facility="$XSN_RUN/dnsmasq-$site.log" \
        --user=root --listen-address="$subnet.1" --bind-interfaces --no-resolv --no-hosts --conf-file=/dev/null \
        --addn-hosts="$hosts" --local-ttl=0
done
echo "up: network ready (namespaces ${XSN_PREFIX}*, run directory $XSN_RUN, certificates in $XSN_PKI)" >&2

if [ "$network_only" = true ]; then
    exit 0
fi
# Processes outlive this script (setsid: a Ctrl-C here does not reach them); down.sh kills them.
start() {
    setsid "$here/xsite.sh" "$1" "$2" >"$XSN_RUN/$1.log" 2>&1 </dev/null &
    echo $! >"$XSN_RUN/$1.pid"
}
for router in "${XSN_ROUTERS[@]}"; do
    start "$router" router
done
for site in "${XSN_SITES[@]}"; do
    for member in $(xsn_members "$site"); do
        start "$member" node
    done
done
echo "up: routers and nodes starting; logs in $XSN_RUN/*.log; e.g. curl from a member:" >&2
echo "    ip netns exec ${XSN_PREFIX}sfc1 curl -s http://$(xsn_ip sfc1):$XSN_ADMIN_PORT/topology" >&2
