package io.fieldlink.rules.notify;

/** Subject and plain-text body of one alert email. */
record AlertEmail(String subject, String body) {
}
