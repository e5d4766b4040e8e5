package org.imsfhir.routes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The ims-fhir-adapter service (and, with the {@code convert} argument, its command line). */
@SpringBootApplication
public class ImsAdapterApplication {
    public static void main(String[] args) {
        SpringApplication.run(ImsAdapterApplication.class, args);
    }
}
