package org.andalus.downloader.core.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpStateTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughTheSidecarFile() throws IOException {
        List<HttpSegment> segments = HttpSegments.split(0, 1000, 3);
        segments.get(1).done(100);
        HttpState state = HttpState.of(1000, "\"abc\"", "Tue, 02 Jan 2024 03:04:05 GMT", segments);
        Path file = Files.write(dir.resolve("x.part.state"), state.encode());

        HttpState read = HttpState.read(file).orElseThrow();

        assertThat(read.total()).isEqualTo(1000);
        assertThat(read.etag()).isEqualTo("\"abc\"");
        assertThat(read.segments()).extracting(Arrays::toString)
                .containsExactly("[0, 334, 0]", "[334, 668, 100]", "[668, 1000, 0]");
        assertThat(read.matches(1000, "\"abc\"", "Tue, 02 Jan 2024 03:04:05 GMT")).isTrue();
        assertThat(read.matches(1000, "\"abd\"", "Tue, 02 Jan 2024 03:04:05 GMT")).isFalse();
        assertThat(read.matches(1001, "\"abc\"", "Tue, 02 Jan 2024 03:04:05 GMT")).isFalse();
        assertThat(read.highestDone()).isEqualTo(434);
        assertThat(read.toSegments()).extracting(HttpSegment::position).containsExactly(0L, 434L, 668L);
    }

    @Test
    void tornOrForeignFilesAreIgnored() throws IOException {
        byte[] bytes = HttpState.of(10, "", "", HttpSegments.split(0, 10, 2)).encode();
        Path torn = Files.write(dir.resolve("torn"), Arrays.copyOf(bytes, bytes.length - 1));
        byte[] flipped = bytes.clone();
        flipped[20] ^= 1;
        Path corrupt = Files.write(dir.resolve("corrupt"), flipped);
        Path foreign = Files.writeString(dir.resolve("foreign"), "{\"total\": 10}");

        assertThat(HttpState.read(torn)).isEmpty();
        assertThat(HttpState.read(corrupt)).isEmpty();
        assertThat(HttpState.read(foreign)).isEmpty();
        assertThat(HttpState.read(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void splitKeepsTheBytesAlreadyOnDiskInTheFirstSegment() {
        List<HttpSegment> segments = HttpSegments.split(400, 1000, 3);

        assertThat(segments).extracting(s -> s.start + "-" + s.end() + ":" + s.done())
                .containsExactly("0-600:400", "600-800:0", "800-1000:0");
        assertThat(HttpSegments.split(0, 2, 4)).extracting(s -> s.start + "-" + s.end())
                .containsExactly("0-1", "1-2");
    }
}
