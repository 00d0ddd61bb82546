package io.fieldlink.dashboard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Service-wide beans: the properties record and the clock "now" is read from. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardProperties.class)
class DashboardConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
