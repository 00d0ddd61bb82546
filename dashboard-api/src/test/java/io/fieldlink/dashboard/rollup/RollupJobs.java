package io.fieldlink.dashboard.rollup;

import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Lets the integration tests run the rollup and retention job with a chosen "now". */
public final class RollupJobs {

    private RollupJobs() {
    }

    /** One rollup run; returns the hours rolled up. */
    public static int rollUp(ApplicationContext context, Instant now) throws IOException {
        return context.getBean(HourlyRollups.class).run(now).hours();
    }

    /** One retention run; returns the deleted indices. */
    public static List<String> retention(ApplicationContext context, Instant now) throws IOException {
        return context.getBean(Retention.class).run(now);
    }
}
