package dev.tokentally.base;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokentallyProperties.class)
class DemoModeConfig {

    @Bean
    DemoMode demoMode(TokentallyProperties settings, ObjectProvider<EmbeddedPostgres> embedded) {
        String demo = settings.demo();
        if (StringUtils.hasText(demo)) {
            return new DemoMode(Boolean.parseBoolean(demo.trim()));
        }
        return new DemoMode(embedded.getIfAvailable() != null);
    }
}
