package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole;
import org.hl7.fhir.r4.model.Reference;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;

class ProvenanceMapperTest {
    private final ProvenanceMapper mapper = new ProvenanceMapper();

    @Test
    void recordsSourceAdapterAndTargets() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        List<String> targets = List.of(ids.patient().fullUrl(), ids.procedure().fullUrl());
        Provenance p = mapper.map(session, ids, targets, Instant.parse("2026-11-02T18:30:00Z"), "1.2.3");

        assertThat(p.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_PROVENANCE); // (fixed: the IMS profile of this resource)
        assertThat(p.getTarget()).extracting(Reference::getReference).containsExactlyElementsOf(targets); // (every entry)
        assertThat(p.getRecordedElement().getValueAsString()).isEqualTo("2026-11-02T18:30:00.000Z"); // (conversion time)
        assertThat(p.getActivity().getCodingFirstRep().getCode()).isEqualTo("CREATE"); // status completed
        assertThat(p.getAgent().get(0).getType().getCodingFirstRep().getCode()).isEqualTo("assembler"); // (the adapter)
        assertThat(p.getAgent().get(0).getWho().getDisplay()).isEqualTo("ims-fhir-adapter 1.2.3"); // (adapter version)
        assertThat(p.getAgent().get(1).getType().getCodingFirstRep().getCode()).isEqualTo("author"); // source.clinicId
        assertThat(p.getAgent().get(1).getWho().getReference()).isEqualTo(ids.organization().fullUrl()); // source.clinicId
        assertThat(p.getEntityFirstRep().getRole()).isEqualTo(ProvenanceEntityRole.SOURCE); // (the source record)
        assertThat(p.getEntityFirstRep().getWhat().getIdentifier().getSystem())
                .isEqualTo("https://westside-physio.example/pms/session"); // source.system
        assertThat(p.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo("S-2026-000123"); // sessionId
    }

    @Test
    void retractionIsAnUpdate() {
        ImsSession session = TestSessions.example(json -> json.put("status", "entered-in-error"));
        Provenance p = mapper.map(session, new BusinessIdentifiers(session), List.of(), Instant.EPOCH, "x");
        assertThat(p.getActivity().getCodingFirstRep().getCode()).isEqualTo("UPDATE"); // status entered-in-error
    }
}
