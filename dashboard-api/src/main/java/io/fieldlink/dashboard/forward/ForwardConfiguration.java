package io.fieldlink.dashboard.forward;

import io.fieldlink.dashboard.DashboardProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;

/** The owners of the writes dashboard-api forwards, from {@code fieldlink.dashboard.upstreams}. */
@Configuration(proxyBeanMethods = false)
class ForwardConfiguration {

    @Bean
    Upstreams upstreams(DashboardProperties properties) {
        DashboardProperties.Upstreams config = properties.upstreams();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new Upstreams(
                new Upstream("command-service", config.commandsUrl(), client, config.requestTimeout()),
                new Upstream("rules-service", config.rulesUrl(), client, config.requestTimeout()));
    }
}
