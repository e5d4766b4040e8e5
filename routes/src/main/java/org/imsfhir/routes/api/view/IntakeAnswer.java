package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to {@code POST /ims/sessions}: one result per record ({@code records}), or in the
 * inbox's {@code .errors.json} report only the refused ones ({@code failures}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeAnswer(long intakeId, int received, long accepted, long rejected,
                           List<RecordResult> records, List<RecordResult> failures) {
}
