package dev.tokentally.usage.api;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * No observations (request timers, Spring Security's filter and authorization observations) for the ingest
 * endpoints {@code /api/v1/usage…}: every recorded call of an integration passes them, the observations were a
 * large share of such a request's CPU (see docs/benchmarks.md, issue 13), and what matters of them is counted
 * anyway ({@code UsageMetrics} counts each recorded event). Every other request keeps its observations.
 */
@Configuration(proxyBeanMethods = false)
class IngestObservationConfig {

    static final String INGEST_PATH = "/api/v1/usage";

    @Bean
    ObservationPredicate noObservationOfIngestRequests() {
        return (name, context) -> !isIngest(context);
    }

    private static boolean isIngest(Observation.Context context) {
        // The request timer carries its request; the observations inside the request find it on their thread.
        HttpServletRequest request = context instanceof ServerRequestObservationContext server ? server.getCarrier()
                : RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
        return request != null && request.getRequestURI().startsWith(INGEST_PATH);
    }
}
