package org.andalus.downloader.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutputNamerTest {
    private static final String DEFAULT = "{title} [{id}].{ext}";

    @TempDir
    Path dir;

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of(DEFAULT, "Plain title", "abc", "mp4", "Plain title [abc].mp4"),
                Arguments.of(DEFAULT, "a/b\\c:d*e?f\"g<h>i|j", "x", "mp4", "a_b_c_d_e_f_g_h_i_j [x].mp4"),
                Arguments.of(DEFAULT, "tab\there\nnew\u0000line\u0007", "x", "mkv", "tab here newline [x].mkv"),
                Arguments.of(DEFAULT, "../../etc/passwd", "x", "mp4", "_.._etc_passwd [x].mp4"),
                Arguments.of("{title}.{ext}", "..", "x", "mp4", "_.mp4"),
                Arguments.of("{title}.{ext}", ".hidden", "x", "mp4", "hidden.mp4"),
                Arguments.of("{title}", "trailing dots... ", "x", "mp4", "trailing dots"),
                Arguments.of("{title}.{ext}", "CON", "x", "mp4", "_CON.mp4"),
                Arguments.of("{title}.{ext}", "lpt1", "x", "txt", "_lpt1.txt"),
                Arguments.of("{title}.{ext}", "com9.tar", "x", "gz", "_com9.tar.gz"),
                Arguments.of("{title}.{ext}", "CONSOLE", "x", "mp4", "CONSOLE.mp4"),
                Arguments.of("{title}.{ext}", "", "x", "mp4", "NA.mp4"),
                Arguments.of("{title}", "日本語 タイトル", "x", "mp4", "日本語 タイトル"),
                Arguments.of("{platform}-{id}.{ext}", "t", "id1", "webm", "fake-id1.webm"),
                Arguments.of("%(title)s [%(id)s].%(ext)s", "Sunset", "abc", "mp4", "Sunset [abc].mp4"),
                Arguments.of("%(title)s - {id}.%(ext)s", "../up", "x", "mkv", "_up - x.mkv"),
                Arguments.of("100% %(title)s.{ext}", "t", "x", "mp4", "100% t.mp4"));
    }

    @ParameterizedTest(name = "{1} -> {4}")
    @MethodSource("names")
    void rendersSafeNamesInsideTheFolder(String template, String title, String id, String ext, String expected) {
        Path path = new OutputNamer(dir).render(template,
                Map.of("title", title, "id", id, "ext", ext, "platform", "fake"));
        assertThat(path.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(path.getFileName().toString()).isEqualTo(expected);
    }

    @Test
    void longNamesAreCutTo200BytesKeepingTheExtension() {
        String title = "é".repeat(300);
        Path path = new OutputNamer(dir).render(DEFAULT, Map.of("title", title, "id", "abc", "ext", "mp4"));
        String name = path.getFileName().toString();
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(OutputNamer.MAX_NAME_BYTES);
        assertThat(name).startsWith("éé").endsWith(".mp4");
    }

    @Test
    void templateSlashesMakeSubdirectoriesButValueSlashesDoNot() {
        OutputNamer namer = new OutputNamer(dir);
        Path path = namer.render("{uploader}/{title}.{ext}", Map.of("uploader", "../up", "title", "t", "ext", "mp4"));
        assertThat(path).isEqualTo(dir.toAbsolutePath().normalize().resolve("_up").resolve("t.mp4"));
        Path literalDots = namer.render("../../{title}.{ext}", Map.of("title", "t", "ext", "mp4"));
        assertThat(literalDots).isEqualTo(dir.toAbsolutePath().normalize().resolve("t.mp4"));
        Path absolute = namer.render("/etc/{title}.{ext}", Map.of("title", "t", "ext", "mp4"));
        assertThat(absolute.startsWith(dir.toAbsolutePath().normalize())).isTrue();
    }

    @Test
    void existingFilesAreNeverOverwritten() throws IOException {
        OutputNamer namer = new OutputNamer(dir);
        Map<String, String> fields = Map.of("title", "same", "id", "x", "ext", "mp4");
        Path first = namer.render(DEFAULT, fields);
        Files.createFile(first);
        Path second = namer.render(DEFAULT, fields);
        assertThat(second.getFileName().toString()).isEqualTo("same [x] (1).mp4");
        Files.createFile(second);
        assertThat(namer.render(DEFAULT, fields).getFileName().toString()).isEqualTo("same [x] (2).mp4");
        assertThat(namer.resolve(DEFAULT, fields)).isEqualTo(first);
    }

    @Test
    void badTemplatesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> OutputNamer.validateTemplate("{title}.{nope}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{nope}");
        assertThatThrownBy(() -> OutputNamer.validateTemplate("{title"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brace");
        assertThatThrownBy(() -> OutputNamer.validateTemplate(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> new OutputNamer(dir).render("{title}/", Map.of("title", "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty file name");
    }

    @Test
    void ytDlpNumberFieldsArePaddedToTheirWidth() {
        OutputNamer namer = new OutputNamer(dir);
        Map<String, String> fields = Map.of("title", "t", "ext", "mp4", "playlist_index", "7");

        assertThat(namer.render("%(playlist_index)03d - %(title)s.%(ext)s", fields).getFileName())
                .hasToString("007 - t.mp4");
        assertThat(namer.render("%(playlist_index)d %(title)s.%(ext)s", fields).getFileName()).hasToString("7 t.mp4");
        assertThat(namer.render("%(title)05d.%(ext)s", Map.of("title", "ab", "ext", "mp4")).getFileName())
                .hasToString("ab.mp4");
        assertThatThrownBy(() -> OutputNamer.validateTemplate("%(title)s.%(nope)s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%(nope)s");
    }

    @Test
    void mergedExtensionFollowsYtDlp() {
        assertThat(OutputNamer.mergedExtension(List.of("mp4", "m4a"))).isEqualTo("mp4");
        assertThat(OutputNamer.mergedExtension(List.of("webm", "webm"))).isEqualTo("webm");
        assertThat(OutputNamer.mergedExtension(List.of("mp4", "webm"))).isEqualTo("mkv");
        assertThat(OutputNamer.mergedExtension(List.of("m4a"))).isEqualTo("m4a");
    }
}
