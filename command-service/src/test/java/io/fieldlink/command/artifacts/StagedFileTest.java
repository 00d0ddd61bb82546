package io.fieldlink.command.artifacts;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagedFileTest {

    @Test
    void theSha256OfAKnownInputIsTheKnownDigest() throws IOException {
        // printf %s abc | sha256sum
        try (StagedFile staged = StagedFile.stage(stream("abc".getBytes(StandardCharsets.US_ASCII)), 3)) {
            assertThat(staged.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(staged.size()).isEqualTo(3);
            assertThat(Files.readAllBytes(staged.file())).containsExactly('a', 'b', 'c');
        }
    }

    @Test
    void aBodyOfManyBuffersIsCopiedAndHashedWhole() throws Exception {
        byte[] bytes = new byte[300_001];
        new Random(7).nextBytes(bytes);
        String expected = HexFormat.of().formatHex(StagedFile.sha256Digest().digest(bytes));
        StagedFile staged = StagedFile.stage(stream(bytes), bytes.length);
        try (staged) {
            assertThat(staged.sha256()).isEqualTo(expected);
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(bytes);
        }
        assertThat(staged.file()).doesNotExist();
    }

    @Test
    void oneByteOverTheLimitIsRefusedAndLeavesNoFile() throws IOException {
        long before = tempUploads();
        assertThatThrownBy(() -> StagedFile.stage(stream(new byte[1025]), 1024))
                .isInstanceOf(StagedFile.TooLargeException.class);
        assertThat(tempUploads()).isEqualTo(before);
        try (StagedFile staged = StagedFile.stage(stream(new byte[1024]), 1024)) {
            assertThat(staged.size()).isEqualTo(1024);
        }
    }

    @Test
    void anEmptyBodyIsAnEmptyArtifact() throws IOException {
        try (StagedFile staged = StagedFile.stage(stream(new byte[0]), 10)) {
            assertThat(staged.size()).isZero();
            assertThat(staged.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
    }

    private static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static long tempUploads() throws IOException {
        try (var files = Files.list(Files.createTempFile("probe-", ".tmp").getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith("fieldlink-artifact-")).count();
        }
    }
}
