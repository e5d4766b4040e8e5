package org.imsfhir.routes.console;

import java.util.ArrayList;
import java.util.List;

/** Field paths in the record checks' style ({@code treatedSites[1].spinalLevel}) as steps: names and indexes. */
final class JsonPath {

    private JsonPath() {
    }

    static List<Object> parse(String path) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (name.isEmpty() && bracket != 0) {
                throw new IllegalArgumentException("Empty name in the field path " + path);
            }
            if (!name.isEmpty()) {
                steps.add(name);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    throw new IllegalArgumentException("Unclosed [ in the field path " + path);
                }
                try {
                    int index = Integer.parseInt(part.substring(bracket + 1, close));
                    if (index < 0 || index > 999) {
                        throw new NumberFormatException();
                    }
                    steps.add(index);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Not an index from 0 to 999 in the field path " + path);
                }
                bracket = part.indexOf('[', close);
            }
        }
        if (steps.isEmpty() || !(steps.get(0) instanceof String)) {
            throw new IllegalArgumentException("A field path starts with a field name: " + path);
        }
        return steps;
    }

    static String format(List<Object> steps) {
        StringBuilder sb = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(step);
            }
        }
        return sb.toString();
    }
}
