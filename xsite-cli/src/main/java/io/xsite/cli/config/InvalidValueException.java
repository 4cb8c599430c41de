package io.xsite.cli.config;

/**
 * Thrown by a {@link ValueType}'s parser that can say what exactly is wrong with a value, in words a user
 * understands ("router list entry 2 '': the entry is empty (stray comma?)"); the loader quotes the
 * message after its own "is not ..." line. Other parse failures get only that line.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@code problem} is a phrase without an example: the loader adds one. */
    public InvalidValueException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
