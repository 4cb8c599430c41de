/**
 * The probe: every relay node answers probe requests with what it is (name, site, address, view, site
 * master or not, version, uptime) and what was asked for (view, version, metrics, topology); the
 * {@code /probe} admin route asks every member of the node's site, or of every site, and prints the
 * answers. {@link io.xsite.relay.probe.ProbeService#install} wires both into a node.
 */
package io.xsite.relay.probe;
