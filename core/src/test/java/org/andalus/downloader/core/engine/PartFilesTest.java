package org.andalus.downloader.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFilesTest {
    @TempDir
    Path dir;

    @Test
    void partAndMergeNamesSitBesideTheTarget() {
        Path target = dir.resolve("Clip.mp4");
        MediaFormat format = MediaFormat.builder("hls-720/a", URI.create("https://example.com/a"), Protocol.HTTPS)
                .build();

        assertThat(PartFiles.partFile(target, Optional.empty())).isEqualTo(dir.resolve("Clip.mp4.part"));
        assertThat(PartFiles.partFile(target, Optional.of(format))).isEqualTo(dir.resolve("Clip.mp4.fhls-720_a.part"));
        assertThat(PartFiles.mergeFile(target)).isEqualTo(dir.resolve("Clip.temp.mp4"));
        assertThat(PartFiles.mergeFile(dir.resolve("noext"))).isEqualTo(dir.resolve("noext.temp"));
    }

    @Test
    void deletingRemovesThePartFilesAndSidecarsButNeverTheFinishedFileOrAnotherDownloads() throws Exception {
        Path target = Files.writeString(dir.resolve("Clip.mp4"), "done");
        Path part = Files.writeString(dir.resolve("Clip.mp4.part"), "x");
        Path state = Files.writeString(dir.resolve("Clip.mp4.part.state"), "x");
        Path formatPart = Files.writeString(dir.resolve("Clip.mp4.f137.part.validators"), "x");
        Path other = Files.writeString(dir.resolve("Clip.mp4.info.json"), "x");
        Path otherDownload = Files.writeString(dir.resolve("Clip.mp4x.part"), "x");

        PartFiles.delete(target.toString(), dir.toAbsolutePath().normalize());

        assertThat(part).doesNotExist();
        assertThat(state).doesNotExist();
        assertThat(formatPart).doesNotExist();
        assertThat(target).exists();
        assertThat(other).exists();
        assertThat(otherDownload).exists();
    }

    @Test
    void nothingOutsideTheDownloadFolderIsTouched() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Path part = Files.writeString(outside.resolve("Clip.mp4.part"), "x");

        PartFiles.delete(outside.resolve("Clip.mp4").toString(), dir.resolve("downloads").toAbsolutePath());

        assertThat(part).exists();
    }
}
