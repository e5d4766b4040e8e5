package org.imsfhir.adapter.engine;

import java.util.function.Supplier;

/**
 * How the engine's two costly stages are timed. The engine stays free of any metrics library; the
 * service plugs its histograms in here.
 */
public interface EngineTimers {

    /** Not timed (tools, tests). */
    EngineTimers NONE = new EngineTimers() {
        @Override
        public <T> T timeMapping(Supplier<T> mapping) {
            return mapping.get();
        }

        @Override
        public <T> T timeValidation(Supplier<T> validation) {
            return validation.get();
        }
    };

    /** Runs the mapping of one record to its Bundle. */
    <T> T timeMapping(Supplier<T> mapping);

    /** Runs the profile validation of one Bundle. */
    <T> T timeValidation(Supplier<T> validation);
}
