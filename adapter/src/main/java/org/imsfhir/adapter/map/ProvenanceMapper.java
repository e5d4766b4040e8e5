package org.imsfhir.adapter.map;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.codesystems.ProvenanceAgentType;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;

/**
 * Provenance (ims-provenance) of one conversion: which source record, which adapter version, on
 * behalf of which clinic, when. R4 Provenance has no identifier: the bundle builder gives it the
 * deterministic id of {@link BusinessIdentifiers#provenance()} so a resend updates it in place.
 */
public final class ProvenanceMapper {
    static final String ADAPTER_NAME = "ims-fhir-adapter";

    public Provenance map(ImsSession session, BusinessIdentifiers ids, List<String> targetFullUrls,
            Instant recorded, String adapterVersion) {
        Provenance provenance = new Provenance();
        provenance.getMeta().addProfile(ImsCanonical.PROFILE_PROVENANCE);
        targetFullUrls.forEach(url -> provenance.addTarget(new Reference(url)));
        provenance.setRecordedElement(FhirTime.instant(recorded));
        boolean retraction = session.status() == SessionStatus.ENTERED_IN_ERROR;
        provenance.setActivity(new CodeableConcept(retraction
                ? new Coding(ImsCanonical.Hl7.V3_DATA_OPERATION, ImsCanonical.Hl7.V3_DATA_OPERATION_UPDATE,
                        ImsCanonical.Hl7.V3_DATA_OPERATION_UPDATE_DISPLAY)
                : new Coding(ImsCanonical.Hl7.V3_DATA_OPERATION, ImsCanonical.Hl7.V3_DATA_OPERATION_CREATE,
                        ImsCanonical.Hl7.V3_DATA_OPERATION_CREATE_DISPLAY)));
        provenance.addAgent()
                .setType(agentType(ProvenanceAgentType.ASSEMBLER))
                .setWho(new Reference().setDisplay(ADAPTER_NAME + " " + adapterVersion));
        provenance.addAgent()
                .setType(agentType(ProvenanceAgentType.AUTHOR))
                .setWho(ids.organization().reference());
        provenance.addEntity()
                .setRole(ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(ids.sourceRecord()));
        return provenance;
    }

    private static CodeableConcept agentType(ProvenanceAgentType type) {
        return Codings.hl7(type.getSystem(), type.toCode(), type.getDisplay());
    }
}
