package org.imsfhir.adapter.record;

/** Pain on the NPRS (0-10) before and after needling; {@code after} only with {@code before}. */
public record PainScores(String scale, Integer before, Integer after) {
}
