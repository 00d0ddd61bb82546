package io.fieldlink.dashboard.query;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link SeriesQueries}' {@code _msearch} answer token by token straight into its cells, without building a
 * tree of it first (the tree was the largest share of the API's CPU per series query after the typed client's).
 * The answer is the one {@link MultiSearch#filterPath} leaves: per search {@code status}, {@code error} or
 * {@code aggregations.devices.buckets[]} with, per device, {@code key} and either raw time buckets
 * ({@code buckets.buckets[]}: {@code key}, {@code s<m>} stats, {@code p<m>.values[]}) or rollup metrics
 * ({@code metrics.buckets[]}: {@code key}, {@code buckets.buckets[]}: {@code key}, {@code min|max|sum|count.value}).
 * OpenSearch writes a bucket's {@code key} before its sub-aggregations; an answer that does not is refused.
 * Cells are kept by position on the query's bucket grid (the key's offset from the first bucket over the width), so
 * a bucket costs an array index instead of a boxed key in a map per device and metric; a key off the grid is
 * nobody's bucket and is left out.
 */
final class SeriesAnswer {

    /**
     * The cells by device, then metric (its position in the query's metrics), then bucket position (null where no
     * reading carries the metric), and the reason of the first failed search (or null).
     */
    record Result(Map<String, SeriesQueries.Cell[][]> cells, String error) {
    }

    /** The query's buckets: the first one's start, their width, how many. */
    record Grid(long first, long width, int count) {

        static Grid of(MultiSeriesQuery query) {
            return new Grid(SeriesQuery.firstBucket(query.from(), query.interval()).toEpochMilli(),
                    query.interval().millis(), Math.toIntExact(SeriesQuery.bucketCount(query.from(), query.to(),
                    query.interval())));
        }

        /** The position of the bucket starting at {@code key}, or -1 when no bucket of the grid starts there. */
        int position(long key) {
            long offset = key - first;
            if (offset < 0 || offset % width != 0 || offset / width >= count) {
                return -1;
            }
            return (int) (offset / width);
        }
    }

    private final List<String> metrics;
    private final Grid grid;
    private final Map<String, SeriesQueries.Cell[][]> cells = new HashMap<>();

    private SeriesAnswer(List<String> metrics, Grid grid) {
        this.metrics = metrics;
        this.grid = grid;
    }

    /**
     * @param firstIsRollup whether the first search is the rollup one (the rest read raw readings)
     * @throws IOException an answer of another shape, or another number of responses than searches
     */
    static Result read(JsonParser parser, int searches, boolean firstIsRollup, List<String> metrics, Grid grid)
            throws IOException {
        SeriesAnswer answer = new SeriesAnswer(metrics, grid);
        String error = null;
        int responses = 0;
        expect(parser.nextToken(), JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("responses".equals(name) && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    String failed = answer.response(parser, responses == 0 && firstIsRollup);
                    error = error == null ? failed : error;
                    responses++;
                }
            } else {
                parser.skipChildren();
            }
        }
        if (responses != searches) {
            throw new IOException("_msearch answered " + responses + " responses to " + searches + " searches");
        }
        return new Result(answer.cells, error);
    }

    /** One search's response, from its START_OBJECT to its END_OBJECT; the error's reason when it failed. */
    private String response(JsonParser parser, boolean rollup) throws IOException {
        String error = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("error".equals(name)) {
                error = reason(parser, value);
            } else if ("aggregations".equals(name) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    boolean devices = "devices".equals(parser.currentName());
                    if (parser.nextToken() == JsonToken.START_OBJECT && devices) {
                        forEachBucket(parser, () -> device(parser, rollup));
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return error;
    }

    private static String reason(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            String text = value.isScalarValue() ? parser.getString() : null;
            parser.skipChildren();
            return text == null ? "failed" : text;
        }
        String reason = "failed";
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            if ("reason".equals(name) && field == JsonToken.VALUE_STRING) {
                reason = parser.getString();
            } else {
                parser.skipChildren();
            }
        }
        return reason;
    }

    /** In an aggregation object: its {@code buckets} array, each bucket object handed to {@code bucket}. */
    private static void forEachBucket(JsonParser parser, BucketReader bucket) throws IOException {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            boolean buckets = "buckets".equals(parser.currentName());
            if (parser.nextToken() == JsonToken.START_ARRAY && buckets) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    bucket.read();
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private void device(JsonParser parser, boolean rollup) throws IOException {
        String deviceId = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("key".equals(name)) {
                deviceId = parser.getString();
            } else if (!rollup && "buckets".equals(name) && value == JsonToken.START_OBJECT) {
                SeriesQueries.Cell[][] device = deviceCells(keyed(deviceId));
                forEachBucket(parser, () -> rawBucket(parser, device));
            } else if (rollup && "metrics".equals(name) && value == JsonToken.START_OBJECT) {
                SeriesQueries.Cell[][] device = deviceCells(keyed(deviceId));
                forEachBucket(parser, () -> metric(parser, device));
            } else {
                parser.skipChildren();
            }
        }
    }

    private void rawBucket(JsonParser parser, SeriesQueries.Cell[][] device) throws IOException {
        Long key = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("key".equals(name)) {
                key = parser.getLongValue();
            } else if (value == JsonToken.START_OBJECT && name.length() > 1
                    && (name.charAt(0) == 's' || name.charAt(0) == 'p') && isDigits(name)) {
                int metric = Integer.parseInt(name, 1, name.length(), 10);
                if (key == null || metric >= metrics.size()) {
                    throw new IOException("unexpected series answer: " + name + " before the bucket's key");
                }
                int bucket = grid.position(key);
                if (bucket < 0) {
                    parser.skipChildren();
                } else if (name.charAt(0) == 's') {
                    stats(parser, device, metric, bucket);
                } else {
                    percentiles(parser, device, metric, bucket);
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private void stats(JsonParser parser, SeriesQueries.Cell[][] device, int metric, int bucket) throws IOException {
        long count = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        double sum = 0;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!value.isNumeric()) {
                parser.skipChildren();
                continue;
            }
            switch (name) {
                case "count" -> count = parser.getLongValue();
                case "min" -> min = parser.getDoubleValue();
                case "max" -> max = parser.getDoubleValue();
                case "sum" -> sum = parser.getDoubleValue();
                default -> { }
            }
        }
        if (count > 0) {
            cell(device, metric, bucket).add(min, max, sum, count);
        }
    }

    private void percentiles(JsonParser parser, SeriesQueries.Cell[][] device, int metric, int bucket)
            throws IOException {
        Map<Double, Double> values = new HashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            boolean isValues = "values".equals(parser.currentName());
            if (parser.nextToken() == JsonToken.START_ARRAY && isValues) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Double percent = null;
                    Double value = null;
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if (token.isNumeric() && "key".equals(name)) {
                            percent = parser.getDoubleValue();
                        } else if (token.isNumeric() && "value".equals(name)) {
                            value = parser.getDoubleValue();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    if (percent != null && value != null) {
                        values.put(percent, value);
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        if (!values.isEmpty()) {
            // the stats of the same bucket may come before or after: the cell is shared
            cell(device, metric, bucket).percentiles = values;
        }
    }

    private void metric(JsonParser parser, SeriesQueries.Cell[][] device) throws IOException {
        String metric = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("key".equals(name)) {
                metric = parser.getString();
            } else if ("buckets".equals(name) && value == JsonToken.START_OBJECT) {
                int position = metrics.indexOf(keyed(metric));
                if (position < 0) {
                    parser.skipChildren(); // a metric nobody asked for
                } else {
                    forEachBucket(parser, () -> rollupBucket(parser, device, position));
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private void rollupBucket(JsonParser parser, SeriesQueries.Cell[][] device, int metric) throws IOException {
        Long key = null;
        double min = Double.NaN;
        double max = Double.NaN;
        double sum = 0;
        double count = 0;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("key".equals(name)) {
                key = parser.getLongValue();
            } else if (value == JsonToken.START_OBJECT) {
                double number = singleValue(parser);
                switch (name) {
                    case "min" -> min = number;
                    case "max" -> max = number;
                    case "sum" -> sum = number;
                    case "count" -> count = number;
                    default -> { }
                }
            } else {
                parser.skipChildren();
            }
        }
        long rows = Math.round(count);
        int bucket = key == null ? -1 : grid.position(key);
        if (bucket >= 0 && rows > 0) {
            cell(device, metric, bucket).add(min, max, sum, rows);
        }
    }

    /** {@code {"value": n}} of a single-value aggregation; NaN when null. */
    private static double singleValue(JsonParser parser) throws IOException {
        double value = Double.NaN;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            boolean isValue = "value".equals(parser.currentName());
            JsonToken token = parser.nextToken();
            if (isValue && token.isNumeric()) {
                value = parser.getDoubleValue();
            } else {
                parser.skipChildren();
            }
        }
        return value;
    }

    private SeriesQueries.Cell[][] deviceCells(String deviceId) {
        return cells.computeIfAbsent(deviceId, k -> new SeriesQueries.Cell[metrics.size()][]);
    }

    private SeriesQueries.Cell cell(SeriesQueries.Cell[][] device, int metric, int bucket) {
        SeriesQueries.Cell[] byBucket = device[metric];
        if (byBucket == null) {
            byBucket = new SeriesQueries.Cell[grid.count()];
            device[metric] = byBucket;
        }
        SeriesQueries.Cell cell = byBucket[bucket];
        if (cell == null) {
            cell = new SeriesQueries.Cell();
            byBucket[bucket] = cell;
        }
        return cell;
    }

    private static String keyed(String key) throws IOException {
        if (key == null) {
            throw new IOException("unexpected series answer: sub-aggregation before the bucket's key");
        }
        return key;
    }

    private static boolean isDigits(String name) {
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected series answer: " + actual + " instead of " + expected);
        }
    }

    @FunctionalInterface
    private interface BucketReader {
        void read() throws IOException;
    }
}
