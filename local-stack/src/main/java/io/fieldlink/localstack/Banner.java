package io.fieldlink.localstack;

import java.time.Duration;

/** What the user needs after start-up: where things are and how to log in. */
final class Banner {

    private Banner() {
    }

    static String render(LocalSettings s, Duration coldStart) {
        return """

                Fieldlink is running (cold start %.1f s). Ctrl-C stops everything.

                  Dashboard: open http://127.0.0.1:%d/ and sign in with API key %s

                  dashboard-api   http://127.0.0.1:%d   (OpenAPI: /v3/api-docs)
                  ingest-service  http://127.0.0.1:%d   (POST /v1/telemetry, Beam-signed)
                  rules-service   http://127.0.0.1:%d   (/v1/rules, /v1/alerts; farm rule "farm-heat")
                  command-service http://127.0.0.1:%d   (LwM2M coap://127.0.0.1:%d, coaps://127.0.0.1:%d)
                  Kafka 127.0.0.1:%d   OpenSearch %s   MQTT tcp://127.0.0.1:%d   S3 http://127.0.0.1:%d   SMTP 127.0.0.1:%d

                  tenant            %s
                  API key           %s   (Authorization: Bearer ...; every service)
                  Beam credential   %s, PSK %s
                  data folder       %s   (logs in %s)
                  emails sent       %s   (one .eml file per message)

                Try:
                  curl -s -H 'Authorization: Bearer %s' http://127.0.0.1:%d/v1/devices
                  curl -s -H 'Authorization: Bearer %s' 'http://127.0.0.1:%d/v1/alerts?state=open'
                """.formatted(coldStart.toMillis() / 1000.0,
                s.dashboardPort(), s.apiKey(),
                s.dashboardPort(), s.ingestPort(), s.rulesPort(), s.commandPort(), s.lwm2mPort(), s.lwm2mSecurePort(),
                s.kafkaPort(), s.openSearchUri(), s.mqttPort(), s.s3Port(), s.smtpPort(),
                s.tenant(), s.apiKey(), s.beamCredentialId(), s.beamPsk(),
                s.home(), s.home().resolve("logs"), s.home().resolve("mail"), s.apiKey(), s.dashboardPort(),
                s.apiKey(), s.rulesPort());
    }
}
