package dev.aiaudit.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of {@code ai-audit watch} (one YAML file, every key documented in the
 * README). Missing sections take their defaults.
 *
 * @param dataDir where the journal, keys and DuckDB file live
 * @param host host name written into records (default: the machine's host name)
 * @param watch what to watch
 * @param assets extra classification globs per asset kind ({@code model_weights}, {@code
 *     training_data}, {@code gpu_device}, {@code other}); they win over the built-in extensions
 * @param journal journal settings
 * @param pipeline queue and batching settings
 * @param policyManifests directories of Kubernetes manifests the agent keeps under policy watch:
 *     every change of compliance state is journaled as a finding (empty: none)
 * @param detect detection settings (rules, learning period)
 * @param scan the agent's host scans (interval, profiles)
 * @param gpu GPU telemetry settings (NVML: enabled, interval)
 * @param dashboard the dashboard of {@code up} (bind, port, TLS, limits)
 */
@JsonIgnoreProperties({"export"}) // read by ExportConfigLoader
public record AgentConfig(
    Path dataDir, String host, WatchConfig watch, Map<String, List<String>> assets, JournalConfig journal, PipelineConfig pipeline,
    List<Path> policyManifests, DetectConfig detect, ScanConfig scan, GpuConfig gpu, DashboardConfig dashboard) {

  public static final Path DEFAULT_DATA_DIR = Path.of("ai-audit-data");

  public AgentConfig {
    dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
    watch = watch == null ? WatchConfig.defaults() : watch;
    assets = assets == null ? Map.of() : Map.copyOf(assets);
    journal = journal == null ? JournalConfig.defaults() : journal;
    pipeline = pipeline == null ? PipelineConfig.defaults() : pipeline;
    policyManifests = policyManifests == null ? List.of() : List.copyOf(policyManifests);
    detect = detect == null ? DetectConfig.defaults() : detect;
    scan = scan == null ? ScanConfig.defaults() : scan;
    gpu = gpu == null ? GpuConfig.defaults() : gpu;
    dashboard = dashboard == null ? DashboardConfig.defaults() : dashboard;
  }

  public static AgentConfig defaults() {
    return new AgentConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  public AgentConfig withDataDir(Path dir) {
    return new AgentConfig(dir, host, watch, assets, journal, pipeline, policyManifests, detect, scan, gpu, dashboard);
  }

  public AgentConfig withWatch(WatchConfig w) {
    return new AgentConfig(dataDir, host, w, assets, journal, pipeline, policyManifests, detect, scan, gpu, dashboard);
  }

  public AgentConfig withPolicyManifests(List<Path> dirs) {
    return new AgentConfig(dataDir, host, watch, assets, journal, pipeline, dirs, detect, scan, gpu, dashboard);
  }

  public AgentConfig withDetect(DetectConfig d) {
    return new AgentConfig(dataDir, host, watch, assets, journal, pipeline, policyManifests, d, scan, gpu, dashboard);
  }

  public AgentConfig withScan(ScanConfig s) {
    return new AgentConfig(dataDir, host, watch, assets, journal, pipeline, policyManifests, detect, s, gpu, dashboard);
  }

  public AgentConfig withGpu(GpuConfig g) {
    return new AgentConfig(dataDir, host, watch, assets, journal, pipeline, policyManifests, detect, scan, g, dashboard);
  }

  public AgentConfig withDashboard(DashboardConfig d) {
    return new AgentConfig(dataDir, host, watch, assets, journal, pipeline, policyManifests, detect, scan, gpu, d);
  }

  public AgentConfig withJournal(JournalConfig j) {
    return new AgentConfig(dataDir, host, watch, assets, j, pipeline, policyManifests, detect, scan, gpu, dashboard);
  }
}
