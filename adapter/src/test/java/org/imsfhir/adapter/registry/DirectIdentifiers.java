package org.imsfhir.adapter.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imsfhir.adapter.record.ImsPatient;
import org.imsfhir.adapter.record.ImsSession;

/** Every direct identifier of the sample patients, as strings a registry file must never contain. */
public final class DirectIdentifiers {
    private DirectIdentifiers() {
    }

    public static List<String> of(List<ImsSession> sessions) {
        Set<String> out = new LinkedHashSet<>();
        for (ImsSession s : sessions) {
            out.addAll(of(s.patient()));
        }
        return new ArrayList<>(out);
    }

    public static List<String> of(ImsPatient p) {
        List<String> out = new ArrayList<>();
        add(out, p.family());
        p.given().forEach(g -> add(out, g));
        add(out, p.id()); // clinic patient id
        if (p.healthNumber() != null) {
            add(out, p.healthNumber().value());
        }
        if (p.birthDate() != null) {
            add(out, p.birthDate().toString()); // full birth date, ISO
        }
        if (p.postalCode() != null) {
            add(out, p.postalCode());
            add(out, p.postalCode().replaceAll("\\s", ""));
        }
        return out;
    }

    private static void add(List<String> out, String value) {
        if (value != null && !value.isBlank()) {
            out.add(value);
        }
    }
}
