package dev.tokentally.providersync;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncConfig {

    @Bean
    Sleeper sleeper() {
        return pause -> Thread.sleep(pause);
    }

    @Bean
    HttpClient syncHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
}
