package org.imsfhir.adapter.validation.compiled;

import org.hl7.fhir.r4.model.StructureDefinition;

/** Where an extension may be used (its definition's context), against the element it sits on. */
final class ExtensionContexts {

    private static final java.util.Set<String> ANYWHERE = java.util.Set.of("Element", "Base");

    private ExtensionContexts() {
    }

    /**
     * @param definition the extension's definition
     * @param hostPath   path of the element the extension sits on, e.g. {@code Procedure.bodySite}
     * @param hostType   that element's type, e.g. {@code CodeableConcept}
     */
    static boolean allowed(StructureDefinition definition, String hostPath, String hostType, boolean hostIsResource) {
        for (StructureDefinition.StructureDefinitionContextComponent c : definition.getContext()) {
            if (c.getType() != StructureDefinition.ExtensionContextType.ELEMENT) {
                continue; // FHIRPath and extension contexts: not used by our profiles; judged as not allowed
            }
            String e = c.getExpression();
            if (ANYWHERE.contains(e) || e.equals(hostPath) || e.equals(hostType)
                    || hostIsResource && (e.equals("Resource") || e.equals("DomainResource"))) {
                return true;
            }
        }
        return false;
    }
}
