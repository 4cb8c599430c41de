package io.xsite.relay.sealing;

import io.xsite.net.tls.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.Objects;

/**
 * What a node needs to seal payloads between sites: its site's certificate and key (every member of a site
 * shares them) and the deployment's CA, against which other sites' certificates are checked. Checked once
 * when built: the chain must chain to the CA and its first certificate name {@code site}.
 *
 * @param site       this node's site
 * @param privateKey the site's EC private key (P-256)
 * @param chain      the site's certificate first, then any intermediates up to the CA
 * @param ca         the CA's certificate, the trust anchor
 */
public record SiteSealingKeys(String site, PrivateKey privateKey, List<X509Certificate> chain, X509Certificate ca) {
    public SiteSealingKeys {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        Objects.requireNonNull(ca, "ca");
        if (!(privateKey instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("sealing needs an EC private key, not " + privateKey.getAlgorithm());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("sealing needs the site's certificate");
        }
        try {
            SiteCertificates.verifyParsed(site, chain, ca);
        } catch (SealingException e) {
            throw new IllegalArgumentException("site " + site + ": " + e.getMessage(), e);
        }
        if (!TlsMaterial.keyMatches(privateKey, chain.get(0))) {
            // Caught here: a wrong key would only show as every payload failing to open at the other sites.
            throw new IllegalArgumentException("site " + site + ": the private key is not the certificate's");
        }
        if (SiteCertificates.encoded(chain).stream().mapToInt(der -> der.length).sum()
                > SiteCertificates.MAX_CHAIN_BYTES || chain.size() > SiteCertificates.MAX_CHAIN) {
            throw new IllegalArgumentException("site " + site + ": certificate chain beyond "
                    + SiteCertificates.MAX_CHAIN + " certificates or " + SiteCertificates.MAX_CHAIN_BYTES + " bytes");
        }
    }

    /** The keys of {@code site} from the TLS material its members already hold (their site certificate). */
    public static SiteSealingKeys of(String site, TlsMaterial material) {
        return new SiteSealingKeys(site, material.privateKey(), material.certificateChain(),
                material.trustedCertificates().get(0));
    }

    @Override
    public String toString() {
        return "SiteSealingKeys[site=" + site + ", certificate=" + chain.get(0).getSubjectX500Principal() + "]";
    }
}
