package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.rules.definition.EmailTarget;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleNotifications;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.util.Locale;

/**
 * Emails alert events to the rule's recipients by SMTP, in the rule's language or the service default. Addresses
 * that cannot be parsed are permanent failures; SMTP trouble (server down, refused, authentication) is retried.
 */
final class EmailNotifier extends AlertNotifier {

    private final JavaMailSender sender;
    private final AlertEmailComposer composer;
    private final String from;
    private final String defaultLanguage;

    EmailNotifier(RuleCatalog catalog, NotificationMetrics metrics, JavaMailSender sender, AlertEmailComposer composer,
                  String from, String defaultLanguage) {
        super(catalog, Channel.EMAIL, metrics);
        this.sender = sender;
        this.composer = composer;
        this.from = from;
        this.defaultLanguage = language(defaultLanguage, AlertEmailComposer.JAPANESE);
    }

    @Override
    boolean hasTarget(RuleNotifications notifications) {
        return notifications.email() != null && notifications.email().to() != null
                && !notifications.email().to().isEmpty();
    }

    @Override
    void deliver(AlertEvent event, Rule rule, int attempt) {
        EmailTarget target = rule.spec().notifications().email();
        AlertEmail email = composer.compose(event, rule, language(target.language(), defaultLanguage));
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(from);
            helper.setTo(target.to().toArray(String[]::new));
            helper.setSubject(email.subject());
            helper.setText(email.body(), false);
            // receivers (and people) can tell repeats of one transition apart from new ones
            message.setHeader("X-Fieldlink-Event-Id", event.eventId());
        } catch (MessagingException e) {
            throw new NotificationFailure.Permanent("the email cannot be built (" + e.getClass().getSimpleName()
                    + ")", attempt, null);
        }
        try {
            sender.send(message);
        } catch (MailParseException | MailPreparationException e) {
            throw new NotificationFailure.Permanent("the email cannot be built (" + e.getClass().getSimpleName()
                    + ")", attempt, null);
        } catch (MailAuthenticationException e) {
            throw new NotificationFailure.Retryable("the SMTP server refused the credentials", attempt, null);
        } catch (MailException e) {
            throw new NotificationFailure.Retryable("sending the email failed (" + rootClass(e) + ")", attempt, null);
        }
    }

    /** {@code ja} or {@code en}; anything else falls back. */
    private static String language(String requested, String fallback) {
        if (requested == null) {
            return fallback;
        }
        String normalised = requested.trim().toLowerCase(Locale.ROOT);
        return normalised.startsWith(AlertEmailComposer.JAPANESE) ? AlertEmailComposer.JAPANESE
                : normalised.startsWith(AlertEmailComposer.ENGLISH) ? AlertEmailComposer.ENGLISH : fallback;
    }

    private static String rootClass(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
