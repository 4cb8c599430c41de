package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ValueType;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminToken;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The setting {@code admin.token-file} that {@code xsite node}, {@code chat} and {@code router} share: a file
 * holding the bearer token of the admin endpoint ({@code --admin-token-file}, {@code XSITE_ADMIN_TOKEN_FILE};
 * Kubernetes mounts it from a Secret). The configuration holds the path only; the file is read when the
 * server starts, so that loading a configuration never needs the file to be there, and again whenever it
 * changes ({@link AdminToken#read}).
 */
final class AdminTokenFile {
    /** The key's name; see {@link ConfigKey} for how a shared key is spelled in each layer. */
    static final String NAME = "admin.token-file";

    private AdminTokenFile() {
    }

    /** The key of a configuration record {@code R} whose token file {@code getter} reads. */
    static <R> ConfigKey<R, Optional<Path>> key(Function<R, Optional<Path>> getter) {
        return new ConfigKey<>(NAME, ValueType.optional(ValueType.PATH), getter, "/etc/xsite/admin/token");
    }

    /**
     * The admin endpoint's access: the token in {@code file}, or none (read-only routes open, state-changing
     * routes refused) without a file.
     *
     * @throws CommandFailure one line naming the file when it cannot be read or holds no token
     */
    static AdminAccess access(Optional<Path> file) {
        if (file.isEmpty()) {
            return AdminAccess.OPEN;
        }
        try {
            return AdminAccess.OPEN.withToken(AdminToken.read(file.get()));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + " (" + NAME + ")", e);
        }
    }
}
