package io.xsite.router;

/**
 * Who is behind a client connection, as far as the router can tell: an opaque value compared with
 * {@code equals}. An address belongs to the identity that registered it (design.md "Router: who may use an
 * address"): a connection of the same identity may take it over at once, another identity only after the
 * holder's silence. Implementations are immutable records; {@code toString} appears in log lines and must
 * hold no secret. The plain router uses {@link SourceAddressIdentity}; a TLS router supplies one made from
 * the client certificate through its {@link IdentityFactory}.
 */
public interface ClientIdentity {
}
