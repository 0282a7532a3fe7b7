package dev.tokentally.base;

import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.URL;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The installation's own settings ({@code tokentally.*} at the top level), shared by every module.
 *
 * @param baseUrl       where links in mail, alerts and guides point ({@code TOKENTALLY_BASE_URL})
 * @param demo          {@code true} loads the demo data into an empty database, {@code false} never; empty: on exactly
 *                      when the embedded database is used
 * @param demoHistory   in demo mode, whether the first start also writes two months of history (read by
 *                      {@code DemoHistorySeed}'s condition)
 * @param trainingRun   the build's AOT training run (see pom.xml)
 * @param secretKey     Base64 of 32 random bytes that encrypts provider API keys; required outside demo mode
 * @param secretKeyFile where a demo installation without a secret key keeps a generated one
 * @param publicUrl     the address applications reach this installation at, for the gateway guide's snippets; empty:
 *                      the address the browser used to open the page
 */
@Validated
@ConfigurationProperties("tokentally")
public record TokentallyProperties(@NotBlank @URL String baseUrl, String demo, boolean demoHistory, boolean trainingRun,
                                   String secretKey, @NotNull Path secretKeyFile, @URL String publicUrl) {
}
