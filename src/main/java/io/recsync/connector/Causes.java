package io.recsync.connector;

/**
 * Reading a library's exception by the types along its cause chain: what a remote kind's error
 * translation keys off (messages are for people, and change between library versions).
 */
public final class Causes {

    private Causes() {}

    /** The first throwable of {@code type} in {@code e}'s cause chain, {@code e} included; null if none. */
    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The innermost cause, as {@code Type: message}: usually the one that says what really happened. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
