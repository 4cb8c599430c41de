# Sourced by up.sh, down.sh and xsite.sh: the one definition of the network-namespace topology.
#
#   public segment 192.0.2.0/24 (bridge in namespace xsn-pub)
#     rt1 192.0.2.11, rt2 192.0.2.12     gossip routers (port 12001), one namespace each
#     gw-nyc 192.0.2.1, gw-sfc 192.0.2.2 site gateways: NAT out, no new connection in
#   nyc segment 10.77.1.0/24 (bridge in xsn-gw-nyc, gateway and dnsmasq at 10.77.1.1)
#     nyc1..nyc5 10.77.1.11..15
#   sfc segment 10.77.2.0/24 (bridge in xsn-gw-sfc, gateway and dnsmasq at 10.77.2.1)
#     sfc1..sfc3 10.77.2.11..13
#
# Every namespace is named xsn-<host>; everything a run writes (logs, pid files, dnsmasq hosts,
# certificates) lives under $XSITE_NETNS_RUN. down.sh removes all of it, whatever run left it behind.

XSN_PREFIX="xsn-"
XSN_RUN="${XSITE_NETNS_RUN:-/tmp/xsite-netns}"
XSN_SITES=(nyc sfc)
XSN_MEMBERS_nyc=(nyc1 nyc2 nyc3 nyc4 nyc5)
XSN_MEMBERS_sfc=(sfc1 sfc2 sfc3)
XSN_ROUTERS=(rt1 rt2)
XSN_ROUTER_PORT=12001
XSN_MEMBER_PORT=7800
XSN_ADMIN_PORT=8080

# The namespace of a host: xsn_ns nyc1 -> xsn-nyc1.
xsn_ns() { echo "${XSN_PREFIX}$1"; }

# The site of a member: xsn_site nyc3 -> nyc.
xsn_site() { echo "${1%%[0-9]*}"; }

# The private subnet prefix of a site (first three octets).
xsn_subnet() {
    case "$1" in
        nyc) echo "10.77.1" ;;
        sfc) echo "10.77.2" ;;
        *) echo "unknown site $1" >&2; return 1 ;;
    esac
}

# The public address of a site's gateway.
xsn_gateway_public() {
    case "$1" in
        nyc) echo "192.0.2.1" ;;
        sfc) echo "192.0.2.2" ;;
        *) echo "unknown site $1" >&2; return 1 ;;
    esac
}

# The address of a host: a member (nyc3 -> 10.77.1.13) or a router (rt2 -> 192.0.2.12).
xsn_ip() {
    case "$1" in
        rt[0-9]*) echo "192.0.2.1${1#rt}" ;;
        *) echo "$(xsn_subnet "$(xsn_site "$1")").1${1##*[a-z]}" ;;
    esac
}

# Every member of a site, one a line.
xsn_members() {
    local var="XSN_MEMBERS_$1[@]"
    printf '%s\n' "${!var}"
}

# The routers in TUNNEL_INITIAL_HOSTS form: 192.0.2.11[12001],192.0.2.12[12001].
xsn_tunnel_hosts() {
    local hosts=() r
    for r in "${XSN_ROUTERS[@]}"; do
        hosts+=("$(xsn_ip "$r")[$XSN_ROUTER_PORT]")
    done
    (IFS=,; echo "${hosts[*]}")
}

# The run's throwaway PKI (issued by up.sh, see xsn_issue_pki): one directory per certificate, each with
# tls.crt, tls.key and ca.crt, as `xsite pki` writes them.
XSN_PKI="$XSN_RUN/pki"
XSN_TOOL=netns-tool

# The TLS directory of a host: a router's own (rt1 -> $XSN_PKI/rt1), a member's site's (nyc3 -> $XSN_PKI/nyc),
# the tool's (netns-tool -> $XSN_PKI/netns-tool), for clients that query the routers.
xsn_tls_dir() {
    case "$1" in
        rt[0-9]*|"$XSN_TOOL") echo "$XSN_PKI/$1" ;;
        *) echo "$XSN_PKI/$(xsn_site "$1")" ;;
    esac
}

# Issues a new CA and, from it, a certificate for each site, each router and the tool, with bin/xsite
# pki (the CA's key stays in $XSN_PKI/ca: the run is a lab, and down.sh removes it all).
xsn_issue_pki() {
    local xsite="$1" pids=() pid failed=0 site router
    rm -rf "$XSN_PKI"
    "$xsite" pki ca --out "$XSN_PKI/ca" >/dev/null
    # One JVM per certificate: started together, they take the time of one.
    for site in "${XSN_SITES[@]}"; do
        "$xsite" pki site "$site" --ca "$XSN_PKI/ca" --out "$(xsn_tls_dir "$site")" >/dev/null & pids+=($!)
    done
    for router in "${XSN_ROUTERS[@]}"; do
        "$xsite" pki router "$router" --ca "$XSN_PKI/ca" --out "$(xsn_tls_dir "$router")" >/dev/null & pids+=($!)
    done
    "$xsite" pki tool "$XSN_TOOL" --ca "$XSN_PKI/ca" --out "$(xsn_tls_dir "$XSN_TOOL")" >/dev/null & pids+=($!)
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    return "$failed"
}
