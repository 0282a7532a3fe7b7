package dev.tokentally.ui;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /v3/api-docs and its page for people at /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI tokentallyApi() {
        return new OpenAPI()
                .info(new Info().title("Tokentally API").version("v1").description(
                        "Report usage and read usage reports of your organization. Authenticate with an organization "
                                + "API key: 'Authorization: Bearer <key>'. Money is always a decimal string. A key's scopes: "
                                + "'ingest' for every /api/v1 call (401 without it), 'gateway' for model calls through the "
                                + "gateway, 'billing' besides 'ingest' for buying credits (POST /api/v1/wallet/top-ups; 403 "
                                + "without it; never given by default)."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
