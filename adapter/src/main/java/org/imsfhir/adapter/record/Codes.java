package org.imsfhir.adapter.record;

import java.util.function.Function;

/** Lookup of the record's coded enums by their wire code. */
final class Codes {
    private Codes() {
    }

    static <E extends Enum<E>> E byCode(E[] values, Function<E, String> code, String wire) {
        for (E value : values) {
            if (code.apply(value).equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown code '" + wire + "'");
    }
}
