package io.fieldlink.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The local farm's default rule for the local tenant: any device's temperature above 35 °C for a minute, or one
 * reading above 40 °C, raises a major alert, emails the farmer (in Japanese) and switches that device's sprinkler
 * on; below 30 °C clears it and switches the sprinkler off. Created through rules-service's own API on the first
 * start; a rule the user has since edited or deleted is left alone (it is only created when it never existed,
 * which the marker file in the local home records).
 */
final class FarmRule {

    static final String RULE_ID = "farm-heat";

    private final LocalSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FarmRule(LocalSettings settings) {
        this.settings = settings;
    }

    /** Creates the rule unless it was created before; returns what happened, for the console. */
    String ensure() throws IOException, InterruptedException {
        var marker = settings.home().resolve("farm-rule-created");
        if (java.nio.file.Files.exists(marker)) {
            return "farm rule: created on an earlier start (GET /v1/rules/" + RULE_ID + " on rules-service)";
        }
        HttpRequest put = HttpRequest.newBuilder(URI.create(settings.rulesUri() + "/v1/rules/" + RULE_ID))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body()))
                .build();
        HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("creating the farm rule answered " + response.statusCode() + ": " + response.body());
        }
        java.nio.file.Files.writeString(marker, RULE_ID + "\n");
        return "farm rule '" + RULE_ID + "': temperature > 35 °C for 1 min or > 40 °C -> major alert, email to "
                + settings.farmerEmail() + ", sprinkler on; < 30 °C clears, sprinkler off";
    }

    String body() {
        return """
                {
                  "name": "圃場の高温 / Field too hot",
                  "description": "Temperature above 35 °C for a minute, or above 40 °C once. Clears below 30 °C.",
                  "severity": "major",
                  "scope": {},
                  "condition": {"type": "anyOf", "conditions": [
                    {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 35, "for": "PT1M"},
                    {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 40}
                  ]},
                  "clear": {"type": "threshold", "measurement": "temperature", "operator": "<", "value": 30},
                  "notifications": {"email": {"to": ["%s"], "language": "ja"}},
                  "actions": {
                    "onRaise": {"name": "sprinkler", "parameters": {"state": "on"}},
                    "onClear": {"name": "sprinkler", "parameters": {"state": "off"}},
                    "cooldown": "PT1M"
                  }
                }
                """.formatted(settings.farmerEmail());
    }
}
