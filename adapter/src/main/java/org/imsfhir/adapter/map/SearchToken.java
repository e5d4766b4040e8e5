package org.imsfhir.adapter.map;

import java.nio.charset.StandardCharsets;

/**
 * Escapes one part (system or value) of a token search parameter for a conditional URL. Ordinary
 * ids pass through unchanged; FHIR search separators ({@code , | $ \}) get a backslash, and
 * characters that would break the query string are percent-encoded (the server decodes them).
 */
final class SearchToken {
    private SearchToken() {
    }

    static String escape(String part) {
        if (part == null) {
            return "";
        }
        if (isPlain(part)) {
            return part;
        }
        StringBuilder out = new StringBuilder(part.length() + 8);
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == ',' || c == '|' || c == '$' || c == '\\') {
                out.append("%5C"); // the backslash escape, itself percent-encoded
                percent(out, String.valueOf(c));
            } else if (isSafe(c)) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < part.length()) {
                percent(out, part.substring(i, i + 2));
                i++;
            } else {
                percent(out, String.valueOf(c));
            }
        }
        return out.toString();
    }

    private static boolean isPlain(String part) {
        for (int i = 0; i < part.length(); i++) {
            if (!isSafe(part.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Unreserved URI characters plus those harmless inside a query value. */
    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' || c == '@'
                || c == '!' || c == '*' || c == '\'' || c == '(' || c == ')' || c == ';';
    }

    private static void percent(StringBuilder out, String chars) {
        for (byte b : chars.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }
}
