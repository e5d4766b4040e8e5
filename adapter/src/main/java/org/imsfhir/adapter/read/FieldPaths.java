package org.imsfhir.adapter.read;

import java.util.ArrayList;
import java.util.List;

/** Parses record field paths such as {@code treatedSites[1].spinalLevel} into steps. */
final class FieldPaths {
    private FieldPaths() {
    }

    /** Steps of a path: field names as String, array indexes as Integer. */
    static List<Object> parse(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        StringBuilder name = new StringBuilder();
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(name, steps);
                i++;
            } else if (c == '[') {
                flush(name, steps);
                int close = path.indexOf(']', i);
                steps.add(Integer.parseInt(path.substring(i + 1, close)));
                i = close + 1;
            } else {
                name.append(c);
                i++;
            }
        }
        flush(name, steps);
        return steps;
    }

    private static void flush(StringBuilder name, List<Object> steps) {
        if (name.length() > 0) {
            steps.add(name.toString());
            name.setLength(0);
        }
    }
}
