package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.WebhookTarget;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs alert events to the rule's webhook, signed with its secret ({@link WebhookSigner}). The address is checked
 * with the {@link WebhookAddressPolicy} before every request and redirects are not followed (a redirect could lead
 * to an address the policy refuses). 2xx is success; 408, 429, 5xx, time-outs and connection errors are retried;
 * other answers and refused addresses are permanent.
 */
final class WebhookNotifier extends AlertNotifier {

    private final WebhookAddressPolicy policy;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxBodySize;
    private final DashboardLinks links;
    private final Clock clock;

    WebhookNotifier(RuleCatalog catalog, NotificationMetrics metrics, WebhookAddressPolicy policy, HttpClient client,
                    Duration timeout, int maxBodySize, DashboardLinks links, Clock clock) {
        super(catalog, Channel.WEBHOOK, metrics);
        this.policy = policy;
        this.client = client;
        this.timeout = timeout;
        this.maxBodySize = maxBodySize;
        this.links = links;
        this.clock = clock;
    }

    /** The client webhooks are sent with: no redirects, the attempt's time-out also for connecting. */
    static HttpClient httpClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    boolean hasTarget(RuleNotifications notifications) {
        return notifications.webhook() != null && notifications.webhook().url() != null;
    }

    @Override
    void deliver(AlertEvent event, Rule rule, int attempt) {
        WebhookTarget target = rule.spec().notifications().webhook();
        URI url;
        try {
            url = URI.create(target.url());
        } catch (IllegalArgumentException e) {
            throw new NotificationFailure.Permanent("the webhook URL is not a valid URI", attempt, null);
        }
        policy.refusal(url).ifPresent(why -> {
            throw new NotificationFailure.Permanent("webhook address refused: " + why, attempt, null);
        });
        if (target.secret() == null || target.secret().isBlank()) {
            throw new NotificationFailure.Permanent("the webhook has no signing secret", attempt, null);
        }
        String ruleName = rule.spec().name() == null ? event.ruleName() : rule.spec().name();
        byte[] body = ContractJson.write(new WebhookPayload(event, ruleName,
                new WebhookPayload.Links(links.device(event), links.alert(event))));
        if (body.length > maxBodySize) {
            throw new NotificationFailure.Permanent("the webhook body has " + body.length
                    + " bytes, more than the limit of " + maxBodySize, attempt, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Fieldlink-Webhook/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        WebhookSigner.headers(target.secret(), event.eventId(), event.type().wireName(), body, clock.instant())
                .forEach(request::header);
        int status = send(request.build(), attempt);
        if (status >= 200 && status < 300) {
            return;
        }
        String answered = "webhook answered " + status;
        if (status == 408 || status == 429 || status >= 500) {
            throw new NotificationFailure.Retryable(answered, attempt, null);
        }
        if (status >= 300 && status < 400) {
            throw new NotificationFailure.Permanent(answered + " (redirects are not followed)", attempt, null);
        }
        throw new NotificationFailure.Permanent(answered, attempt, null);
    }

    /** Sends and returns the status; the whole exchange, body included, is bounded by the time-out. */
    private int send(HttpRequest request, int attempt) {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            metrics.webhookLatency(since(start), status / 100 + "xx");
            return status;
        } catch (TimeoutException e) {
            response.cancel(true);
            metrics.webhookLatency(since(start), "timeout");
            throw new NotificationFailure.Retryable("webhook did not answer within " + timeout, attempt, null);
        } catch (ExecutionException e) {
            metrics.webhookLatency(since(start), "error");
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new NotificationFailure.Retryable("webhook did not answer within " + timeout, attempt, null);
            }
            if (cause instanceof IOException) {
                throw new NotificationFailure.Retryable("webhook request failed ("
                        + cause.getClass().getSimpleName() + ")", attempt, null);
            }
            throw new NotificationFailure.Permanent("webhook request could not be made ("
                    + cause.getClass().getSimpleName() + ")", attempt, null);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new NotificationFailure.Retryable("interrupted while sending the webhook", attempt, null);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
