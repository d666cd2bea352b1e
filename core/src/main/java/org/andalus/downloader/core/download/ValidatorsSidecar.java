package org.andalus.downloader.core.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code <part>.validators}: the length, ETag and Last-Modified of the resource the bytes of an unsegmented
 * part file came from. A later run (after a pause, a crash or a restart) resumes only if the resource is
 * still the same.
 */
final class ValidatorsSidecar {
    private static final System.Logger LOG = System.getLogger(ValidatorsSidecar.class.getName());

    private final Path path;

    ValidatorsSidecar(Path partFile) {
        this.path = partFile.resolveSibling(partFile.getFileName() + ".validators");
    }

    Optional<HttpState> read() {
        return HttpState.read(path);
    }

    void save(long total, String etag, String lastModified) {
        try {
            HttpState state = HttpState.of(total, etag, lastModified, List.of(new HttpSegment(0, 0, total, 0)));
            Files.write(path, state.encode());
        } catch (IOException e) {
            throw PartChannel.storage("cannot save " + path, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + path, e);
        }
    }
}
