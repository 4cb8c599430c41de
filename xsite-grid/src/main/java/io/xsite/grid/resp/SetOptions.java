package io.xsite.grid.resp;

import io.xsite.grid.Expiry;
import io.xsite.grid.GridWrite;
import java.time.Duration;

/**
 * The options of {@code SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]}, read as
 * Redis 7 reads them: any order, each at most once, {@code NX} with {@code XX} or two expiries a syntax
 * error, a non-positive time an invalid expire time.
 *
 * @param condition {@code NX}, {@code XX} or neither
 * @param returnPrevious {@code GET}
 * @param expiry what the write does to the expiry ({@link Expiry#never()} without an option)
 */
record SetOptions(GridWrite.Condition condition, boolean returnPrevious, Expiry expiry) {

    /** Reads the options of {@code request} from its argument {@code first} on. */
    static SetOptions parse(RespFrame.Request request, int first) {
        GridWrite.Condition condition = GridWrite.Condition.ALWAYS;
        boolean get = false;
        Expiry expiry = null;
        for (int i = first; i <= request.argumentCount(); i++) {
            String option = Arguments.keyword(request.argument(i));
            boolean hasValue = i < request.argumentCount();
            switch (option) {
                case "NX", "XX" -> {
                    if (condition != GridWrite.Condition.ALWAYS) {
                        throw CommandError.syntax();
                    }
                    condition = option.equals("NX") ? GridWrite.Condition.IF_ABSENT : GridWrite.Condition.IF_PRESENT;
                }
                case "GET" -> {
                    if (get) {
                        throw CommandError.syntax();
                    }
                    get = true;
                }
                case "KEEPTTL" -> {
                    if (expiry != null) {
                        throw CommandError.syntax();
                    }
                    expiry = Expiry.keep();
                }
                case "EX", "PX", "EXAT", "PXAT" -> {
                    if (expiry != null || !hasValue) {
                        throw CommandError.syntax();
                    }
                    expiry = expiry(option, Arguments.integer(request.argument(++i)));
                }
                default -> throw CommandError.syntax();
            }
        }
        return new SetOptions(condition, get, expiry == null ? Expiry.never() : expiry);
    }

    /** The expiry of option {@code option} with {@code amount}; Redis refuses a time that is not positive. */
    private static Expiry expiry(String option, long amount) {
        if (amount <= 0) {
            throw Arguments.invalidExpireTime("set");
        }
        long millis = Arguments.millis(amount, option.startsWith("EX"), "set");
        return option.endsWith("AT") ? Expiry.at(millis) : Expiry.after(Duration.ofMillis(millis));
    }

    /** The write that stores {@code value} with these options. */
    GridWrite.Put write(byte[] value) {
        return new GridWrite.Put(value, expiry, condition, returnPrevious);
    }
}
