package io.fieldlink.command.delivery;

import io.fieldlink.command.kafka.StartupRetry;
import io.fieldlink.command.lifecycle.CommandBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings command delivery up in order: replay the journal into the book (readiness is down meanwhile: Boot runs
 * runners before it accepts traffic; the API answers 503 {@code commands-loading}), then connect MQTT (answers and
 * status need the replayed book), then consume {@code iot.commands.v1}, then tick. Runs after the registry's
 * startup (order 0): a device's status is looked up in the loaded registry. A broker that is not there yet is
 * waited for with back-off.
 */
final class CommandStartup implements ApplicationRunner, AutoCloseable, Ordered {

    private static final Logger log = LoggerFactory.getLogger(CommandStartup.class);

    private final CommandBook book;
    private final JournalReplay replay;
    private final MqttCommandChannel mqtt;
    private final MessageListenerContainer requests;
    private final Duration tickInterval;
    private final Clock clock;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "command-ticker");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration mqttWait;
    private volatile boolean loaded;
    private volatile boolean closed;

    /** @param mqtt null when MQTT delivery is disabled */
    CommandStartup(CommandBook book, JournalReplay replay, MqttCommandChannel mqtt,
                   MessageListenerContainer requests, Duration tickInterval,
                   Duration mqttWait, Clock clock) {
        this.mqttWait = mqttWait;
        this.book = book;
        this.replay = replay;
        this.mqtt = mqtt;
        this.requests = requests;
        this.tickInterval = tickInterval;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        boolean replayed = StartupRetry.untilDone("Command journal replay", () -> {
            long t0 = System.nanoTime();
            long records = replay.replay(book);
            log.info("Command journal replayed: {} records in {} ms", records, (System.nanoTime() - t0) / 1_000_000);
        }, () -> closed);
        if (!replayed) {
            return;
        }
        if (mqtt != null) {
            mqtt.start();
            // commands replayed as sent go out once connected; a broker not there yet: they wait (held as offline)
            if (!mqtt.awaitConnected(mqttWait)) {
                log.warn("MQTT not connected after {}; commands are held until it is", mqttWait);
            }
        }
        loaded = true;
        requests.start();
        ticker.scheduleWithFixedDelay(this::tick, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ticks the book (the journal writes on its own thread, in order). */
    private void tick() {
        try {
            book.tick(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Command tick failed: {}", e.toString());
        }
    }

    boolean loaded() {
        return loaded;
    }

    @Override
    public int getOrder() {
        return 10;
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
    }
}
