package org.imsfhir.routes.api;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.routes.api.view.AuditView;
import org.imsfhir.routes.api.view.DeliveryView;
import org.imsfhir.routes.api.view.IntakeAnswer;
import org.imsfhir.routes.api.view.RecordResult;
import org.imsfhir.routes.intake.IntakeResult;
import org.imsfhir.routes.intake.RecordOutcome;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StoredDelivery;

/** The typed answers ({@code api.view}) made from what the store and the intake hold, as a caller may see them. */
public final class JsonViews {

    private JsonViews() {
    }

    /** The per-record answer to a payload; {@code phi}: see {@link PhiRedaction}. */
    public static IntakeAnswer intake(IntakeResult result, boolean onlyFailures, boolean phi, ApiJson json) {
        List<RecordResult> records = new ArrayList<>();
        for (RecordOutcome r : result.records()) {
            if (onlyFailures && r.accepted()) {
                continue;
            }
            records.add(new RecordResult(r.index(), Math.max(0, r.line()), r.publicId(), r.sessionKey(), r.status().name(),
                    "/ims/sessions/" + r.publicId(), r.outcome() != null && r.outcome().hasIssue()
                    ? PhiRedaction.outcome(json.outcome(r.outcome()), phi) : null));
        }
        return new IntakeAnswer(result.intakeId(), result.records().size(), result.accepted(), result.rejected(),
                onlyFailures ? null : records, onlyFailures ? records : null);
    }

    /** A delivery as a caller may see it; {@code phi}: see {@link PhiRedaction}. */
    public static DeliveryView delivery(StoredDelivery d, boolean phi) {
        return new DeliveryView(d.publicId(), d.messagePublicId(), d.destination(), d.sessionKey(), d.status().name(),
                d.attempts(), d.status() == DeliveryStatus.PENDING ? time(d.nextAttemptAt()) : null,
                PhiRedaction.text(d.lastError(), phi), d.responseStatus(), time(d.createdAt()), time(d.deliveredAt()));
    }

    /**
     * One state change of a session's trail. {@code deliveryPublicId} names the delivery by its public
     * id; details of delivery attempts quote receivers and follow {@link PhiRedaction}.
     */
    public static AuditView audit(AuditEntry a, String deliveryPublicId, boolean phi) {
        boolean ofDelivery = a.deliveryId() != null;
        return new AuditView(ofDelivery ? deliveryPublicId : null, ofDelivery ? a.destination() : null,
                a.fromStatus(), a.toStatus(), a.actor(),
                a.detail() == null ? null : ofDelivery ? PhiRedaction.text(a.detail(), phi) : a.detail(), time(a.at()));
    }

    /** Times as the API has always written them ({@link OffsetDateTime#toString()}); null stays null. */
    public static String time(OffsetDateTime time) {
        return time == null ? null : time.toString();
    }
}
