package org.andalus.downloader.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.config.ConfigException;
import org.andalus.downloader.core.settings.Setting;
import org.andalus.downloader.core.settings.SettingsService;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {
    @Test
    void aMalformedOutputTemplateInTheConfigurationIsRefusedBeforeAnyDownload() {
        Config config = Config.defaults().with(Map.of("queue.output-template", "%(title)s.%(nope)s"));

        assertThatThrownBy(() -> new EngineSettings(config, new NoSettings()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("queue.output-template").hasMessageContaining("%(nope)s");
    }

    @Test
    void aValidTemplateIsUsedAsGiven() {
        Config config = Config.defaults().with(Map.of("queue.output-template", "%(title)s.%(ext)s"));

        assertThat(new EngineSettings(config, new NoSettings()).outputTemplate()).isEqualTo("%(title)s.%(ext)s");
    }

    /** Nothing saved through the settings API: the configuration decides. */
    private static final class NoSettings implements SettingsService {
        @Override
        public List<Setting> all() {
            return List.of();
        }

        @Override
        public Optional<Setting> get(String key) {
            return Optional.empty();
        }

        @Override
        public List<Setting> put(Map<String, String> values) {
            throw new UnsupportedOperationException("read-only in this test");
        }
    }
}
