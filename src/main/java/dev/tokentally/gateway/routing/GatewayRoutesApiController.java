package dev.tokentally.gateway.routing;

import java.util.List;
import java.util.Map;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.api.ApiProblem;
import dev.tokentally.base.api.PresentedApiKey;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API key's organization's gateway routes as code: read as YAML (the routes file's format) or JSON (the same
 * document), replaced whole by a YAML or JSON document. Reading takes the ingest scope like every REST call; replacing
 * also the billing scope, the one an organization admin grants a key deliberately (routes decide where money goes).
 * Routes of the routes file are code already: neither listed nor replaced here. Platform-wide routes are the platform
 * admins' (Gateway page, routes file).
 */
@RestController
class GatewayRoutesApiController {

    static final String PATH = "/api/v1/gateway/routes";
    static final String YAML = "application/yaml";

    private final RouteBook book;
    private final ApiKeys apiKeys;

    GatewayRoutesApiController(RouteBook book, ApiKeys apiKeys) {
        this.book = book;
        this.apiKeys = apiKeys;
    }

    @Operation(summary = "The organization's gateway routes", description = "Scope: ingest. As application/yaml (the routes"
            + " file's format) or application/json.")
    @GetMapping(path = PATH, produces = YAML)
    ResponseEntity<String> yaml(@AuthenticationPrincipal ApiKeyPrincipal key) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(YAML)).body(book.exportYaml(key.organizationId()));
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> json(@AuthenticationPrincipal ApiKeyPrincipal key) {
        return document(book.stored(key.organizationId()));
    }

    @Operation(summary = "Replace the organization's gateway routes", description = "Scopes: ingest and billing. The body is"
            + " a routes document (YAML or JSON); all of it is stored or, with a 422 naming what is wrong, none of it.")
    @PutMapping(path = PATH, consumes = {YAML, "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> replace(@AuthenticationPrincipal ApiKeyPrincipal key, HttpServletRequest request, @RequestBody String body) {
        boolean billing = PresentedApiKey.of(request).flatMap(secret -> apiKeys.authenticate(secret, ApiKeySettings.BILLING))
                .isPresent();
        if (!billing) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "This API key lacks the billing scope needed to change routes.",
                    List.of());
        }
        try {
            book.importYaml(key.organizationId(), body);
        } catch (IllegalArgumentException invalid) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid routes", invalid.getMessage(), List.of());
        }
        return document(book.stored(key.organizationId()));
    }

    private static Map<String, Object> document(List<Route> routes) {
        return Map.of("routes", routes.stream().map(RouteYaml::fields).toList());
    }
}
