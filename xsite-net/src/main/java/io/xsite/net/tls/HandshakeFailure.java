package io.xsite.net.tls;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Why a TLS connection was refused, as operators need to tell it apart: the metric label and the word in
 * the log line. A fixed set, so that what strangers send cannot grow the metric's labels.
 */
public enum HandshakeFailure {
    /** The peer's certificate is not signed by the deployment's CA. */
    UNKNOWN_CA,
    /** The peer's certificate (or ours, as the peer said) is expired or not yet valid. */
    EXPIRED,
    /** The peer sent no certificate. */
    NO_CERTIFICATE,
    /** The certificate is valid but names no xsite identity. */
    NO_IDENTITY,
    /** The certificate names an identity that may not connect here (a member of another site, a tool). */
    NOT_ALLOWED,
    /** The handshake did not finish in time. */
    TIMEOUT,
    /** Anything else: not TLS, a protocol version or cipher mismatch, a broken message. */
    PROTOCOL;

    /** The metric label and log word ({@code unknown_ca}, ...). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies the cause of a failed handshake by the exceptions in its chain, or, where the TLS
     * implementation only reports text (OpenSSL's alerts), by the words of its messages.
     */
    public static HandshakeFailure of(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return EXPIRED;
            }
            if (t instanceof CertPathValidatorException validator
                    && validator.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return EXPIRED;
            }
            text.append(' ').append(t.getMessage());
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return UNKNOWN_CA;
            }
        }
        String words = text.toString().toLowerCase(Locale.ROOT);
        if (words.contains("expired") || words.contains("not yet valid")) {
            return EXPIRED;
        }
        if (words.contains("certificate_required") || words.contains("did_not_return_a_certificate")
                || words.contains("empty client certificate chain") || words.contains("certificate required")) {
            return NO_CERTIFICATE;
        }
        if (words.contains("unknown_ca") || words.contains("unknown ca") || words.contains("certification path")
                || words.contains("certificate_verify_failed") || words.contains("bad_certificate")
                || words.contains("bad certificate") || words.contains("certificate_unknown")) {
            return UNKNOWN_CA;
        }
        return PROTOCOL;
    }
}
