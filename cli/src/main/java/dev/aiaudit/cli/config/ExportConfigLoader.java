package dev.aiaudit.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads the {@code export:} section of the configuration file (the rest is {@link ConfigLoader}'s), with the
 * same {@code ERROR: <file>:<line>:<col>: message} reports: unknown keys, an unknown sink type or protocol, a CA
 * file that does not exist, a URL that is not http(s).
 */
public final class ExportConfigLoader {
  private final ObjectMapper mapper;

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ExportFile(ExportConfig export) {}

  public ExportConfigLoader() {
    SimpleModule m = new SimpleModule("ai-audit-export-config");
    m.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        try {
          return ConfigLoader.parseDuration(p.getValueAsString(p.getText()));
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage());
        }
      }
    });
    m.addDeserializer(Long.class, new JsonDeserializer<>() {
      @Override
      public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        try {
          return ConfigLoader.parseSize(p.getValueAsString(p.getText()));
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage());
        }
      }
    });
    m.addDeserializer(URI.class, new JsonDeserializer<>() {
      @Override
      public URI deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String s = p.getValueAsString();
        try {
          URI u = new URI(s);
          String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
          if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw JsonMappingException.from(p, "'" + s + "' is not an http(s) URL with a host");
          }
          return u;
        } catch (URISyntaxException e) {
          throw JsonMappingException.from(p, "'" + s + "' is not a URL: " + e.getReason());
        }
      }
    });
    m.addDeserializer(SinkConfig.PemFile.class, new JsonDeserializer<>() {
      @Override
      public SinkConfig.PemFile deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        Path f = Path.of(p.getValueAsString());
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
          throw JsonMappingException.from(p, "certificate file " + f + " does not exist or is not readable");
        }
        return new SinkConfig.PemFile(f);
      }
    });
    mapper = new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .registerModule(m);
  }

  /** The export section of {@code file}; {@link ExportConfig#NONE} when it has none. */
  public ExportConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("ERROR: " + file + ": cannot read configuration file: " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      return ExportConfig.NONE;
    }
    try {
      ExportFile f = mapper.readValue(text, ExportFile.class);
      return f == null || f.export() == null ? ExportConfig.NONE : f.export();
    } catch (JsonProcessingException e) {
      throw new ConfigException(ConfigLoader.format(file, text, e), e);
    }
  }
}
