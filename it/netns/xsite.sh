#!/usr/bin/env bash
# Runs bin/xsite in the network namespace of one host of the up.sh topology, configured as that host:
#
#   it/netns/xsite.sh rt1 router                     a gossip router on 192.0.2.11:12001
#   it/netns/xsite.sh nyc3 node                      the node nyc3 (what up.sh starts)
#   it/netns/xsite.sh sfc1 chat                      the chat console, as member sfc1-chat of site sfc
#   it/netns/xsite.sh sfc1 chat --send hi --expect 9
#   it/netns/xsite.sh nyc2 stream --to sfc --count 1000 --rate 200
#
# A member's command gets the reference deployment's environment (SITE, DNS_QUERY = the site's name,
# which its segment's dnsmasq answers, TUNNEL_INITIAL_HOSTS = both routers) and, under its own prefix
# (XSITE_NODE_, XSITE_CHAT_, XSITE_STREAM_), its name (nyc3; nyc3-chat, nyc3-stream), its bind address and
# failure detection fast enough for tests (heartbeat 500ms, suspect 2s, verify 1s). Every command gets
# XSITE_TLS_DIR, the TLS material up.sh issued for the host (a router its own, a member its site's). Variables
# already set win. The process is exec'ed all the way down (ip netns exec, env, bin/xsite, java): its pid is
# the JVM's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=topology.sh
source "$here/topology.sh"

if [ $# -lt 2 ]; then
    echo "usage: $0 HOST SUBCOMMAND [ARGS...]   (HOST: rt1, rt2, nyc1..nyc5, sfc1..sfc3)" >&2
    exit 2
fi
host="$1"
command="$2"
shift 2
ip="$(xsn_ip "$host")"
vars=("XSITE_JAVA_OPTS=${XSITE_JAVA_OPTS:--Xmx128m -Xss512k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
    "XSITE_TLS_DIR=${XSITE_TLS_DIR:-$(xsn_tls_dir "$host")}")
case "$host" in
    rt[0-9]*) ;;
    *)
        case "$command" in
            node) prefix=XSITE_NODE_ name="$host" ;;
            chat) prefix=XSITE_CHAT_ name="$host-chat" ;;
            stream) prefix=XSITE_STREAM_ name="$host-stream" ;;
            *) echo "$0: $command is no member command (node, chat, stream)" >&2; exit 2 ;;
        esac
        site="$(xsn_site "$host")"
        vars+=("SITE=$site" "DNS_QUERY=$site" "TUNNEL_INITIAL_HOSTS=$(xsn_tunnel_hosts)")
        # Each default only when the caller did not set the variable.
        for pair in "NAME=$name" "BIND_ADDRESS=$ip" "HEARTBEAT_INTERVAL=500ms" "SUSPECT_TIMEOUT=2s" \
                "VERIFY_TIMEOUT=1s"; do
            key="$prefix${pair%%=*}"
            vars+=("$key=${!key:-${pair#*=}}")
        done
        ;;
esac
exec ip netns exec "$(xsn_ns "$host")" env "${vars[@]}" "$here/../../bin/xsite" "$command" "$@"
