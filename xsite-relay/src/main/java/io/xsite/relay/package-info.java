/**
 * One cluster across sites: site masters join a bridge cluster through gossip routers and relay
 * traffic between sites, with end-to-end reliability across site-master failover.
 */
package io.xsite.relay;
