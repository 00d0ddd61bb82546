package io.fieldlink.command.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Objects in memory, for the unit and slice tests of the logic above the store; {@code ArtifactsIT} runs the same
 * logic on a real S3 endpoint.
 */
final class InMemoryObjectStorage implements ObjectStorage {

    record Entry(byte[] bytes, StoredObject object) {
    }

    final Map<String, Entry> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, Path file, long size, String contentType, Map<String, String> metadata) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            objects.put(key, new Entry(bytes, new StoredObject(bytes.length, contentType, Map.copyOf(metadata))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        return Optional.ofNullable(objects.get(key)).map(Entry::object);
    }

    @Override
    public List<String> keys(String prefix) {
        return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
    }

    @Override
    public URI presignGet(String key, Duration expiry) {
        return URI.create("https://s3.example/" + key + "?X-Amz-Expires=" + expiry.toSeconds());
    }

    @Override
    public void ensureBucket() {
    }
}
