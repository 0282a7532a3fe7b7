package dev.tokentally.base;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
class DemoModeConfig {

    @Bean
    DemoMode demoMode(@Value("${tokentally.demo:}") String demo, ObjectProvider<EmbeddedPostgres> embedded) {
        if (StringUtils.hasText(demo)) {
            return new DemoMode(Boolean.parseBoolean(demo.trim()));
        }
        return new DemoMode(embedded.getIfAvailable() != null);
    }
}
