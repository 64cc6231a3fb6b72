package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.wiring.Agent;
import dev.aiaudit.cli.wiring.DashboardWiring;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.testing.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code ai-audit up}'s dashboard in a real browser (Debian's chromium, headless, driven by chromium-driver) over the
 * real agent: the overview loads; a deployment turns non-compliant on the open page when its manifest changes on
 * disk; an access by an unapproved process appears as an alert without a reload. Screenshots of every page go to
 * {@code target/screenshots/}.
 */
class UpBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  /** A GPU Deployment with a model name and a risk class (the test removes the risk class: a deny). */
  static final String MANIFEST = resource("/up/llm-deployment.yaml");
  static final String SUBJECT = "k8s:ai/Deployment/llm";

  @TempDir Path tmp;

  @Test
  void dashboard_flagsManifestChange_andShowsNewAlert_live() throws Exception {
    Privileges.assumeCapSysAdmin("the dashboard over the real agent (fanotify)");
    Privileges.assume(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Debian chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
    Path models = Files.createDirectories(tmp.resolve("models"));
    Path weights = Files.write(models.resolve("llama.safetensors"), new byte[64 * 1024]);
    Path k8s = Files.createDirectories(tmp.resolve("k8s"));
    Path manifest = Files.writeString(k8s.resolve("llm.yaml"), MANIFEST);
    AgentConfig cfg = AgentConfig.defaults().withDataDir(tmp.resolve("data"))
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(models)).withGpuDevices(false))
        .withPolicyManifests(List.of(k8s))
        // as `up` does: the dashboard's scans are the one scanner, and they journal the changed verdicts
        .withScan(new dev.aiaudit.cli.config.ScanConfig(Duration.ZERO, List.of("ai-host")));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true);
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    try (Agent agent = Agent.start(cfg, out, EventClock.SYSTEM);
        DashboardWiring dash = DashboardWiring.start(agent, new DashboardWiring.Settings("127.0.0.1", 0,
            List.of("ai-host"), Duration.ZERO, null), QueryCommand::classUid, out)) {
      Matcher m = Pattern.compile("admin token .*: (aia_[A-Za-z0-9_-]+)").matcher(log.toString());
      assertThat(m.find()).as(log.toString()).isTrue();
      String base = dash.server().url();
      WebDriver browser = browser();
      try {
        WebDriverWait wait = live(browser, 20);
        browser.get(base + "login");
        browser.findElement(By.id("token")).sendKeys(m.group(1));
        browser.findElement(By.id("signin")).click();
        wait.until(d -> d.findElements(By.id("card-deployments")).size() == 1);
        assertThat(browser.getTitle()).isEqualTo("ai-audit · Overview");
        wait.until(d -> !d.findElement(By.id("card-hosts")).getText().contains("no scan has run yet")
            || reload(d)); // the start scan runs in the background
        shot(browser, shots.resolve("overview.png"));

        // a deployment turns non-compliant on the open page when its manifest changes on disk
        browser.get(base + "deployments");
        By row = By.cssSelector("tr.deployment[data-subject='" + SUBJECT + "']");
        wait.until(d -> !d.findElements(row).isEmpty() || reload(d));
        assertThat(browser.findElement(row).getAttribute("data-state")).isNotEqualTo("non-compliant");
        String refreshedBefore = browser.findElement(By.id("content")).getAttribute("data-refreshed");
        Path edited = tmp.resolve("llm.yaml.new");
        Files.writeString(edited, MANIFEST.replace("ai-audit.io/risk-class: minimal", "team: ml"));
        long changed = System.nanoTime();
        Files.move(edited, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        live(browser, 15)
            .until(d -> "non-compliant".equals(d.findElement(row).getAttribute("data-state")));
        long flaggedMs = (System.nanoTime() - changed) / 1_000_000;
        System.out.println("UpBrowserTest: manifest change to flag on the open page: " + flaggedMs + " ms");
        // it came over the live feed: the page re-read its content, it was not reloaded by the test
        assertThat(browser.findElement(By.id("content")).getAttribute("data-refreshed")).isNotEqualTo(refreshedBefore);
        assertThat(browser.findElement(row).getText()).contains("AIA-ADM-002");
        shot(browser, shots.resolve("deployments.png"));

        // a new alert after a real file access by an unapproved process
        browser.get(base + "alerts");
        wait.until(d -> d.findElements(By.id("content")).size() == 1);
        int before = browser.findElements(By.cssSelector("tr.alert[data-rule='weights-read-unapproved']")).size();
        Process cat = new ProcessBuilder("cat", weights.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(cat.waitFor()).isZero();
        long accessed = System.nanoTime();
        live(browser, 20).until(d ->
            d.findElements(By.cssSelector("tr.alert[data-rule='weights-read-unapproved']")).size() > before);
        System.out.println("UpBrowserTest: access to alert on the open page: " + (System.nanoTime() - accessed) / 1_000_000 + " ms");
        assertThat(browser.findElement(By.cssSelector("tr.alert[data-rule='weights-read-unapproved']")).getText())
            .contains(weights.toString(), "/cat");
        shot(browser, shots.resolve("alerts.png"));
        // one click on the Evidence page downloads a signed pack that `verify --pack` accepts, holding the alert above
        browser.get(base + "evidence");
        wait.until(d -> d.findElements(By.id("evidence-download")).size() == 1);
        shot(browser, shots.resolve("evidence.png"));
        browser.findElement(By.id("evidence-download")).click();
        Path zip = downloaded(tmp.resolve("downloads"), Duration.ofSeconds(60));
        var verified = dev.aiaudit.cli.evidence.PackVerifier.verify(zip, dev.aiaudit.journal.sign.JournalKeys.readPublicKey(
            dev.aiaudit.journal.sign.JournalKeys.publicKeyFile(dev.aiaudit.journal.sign.JournalKeys.defaultKeyFile(
                agent.journalDir()))), "the agent's journal key");
        assertThat(verified.ok()).as(verified.problem()).isTrue();
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
          assertThat(new String(z.getInputStream(z.getEntry("alerts.jsonl")).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8)).contains("weights-read-unapproved");
        }
        System.out.println("UpBrowserTest: evidence pack " + Files.size(zip) + " bytes: " + verified.details());
        for (String page : List.of("accesses", "hosts", "gpu")) {
          browser.get(base + page);
          wait.until(d -> d.findElements(By.id("content")).size() == 1);
          shot(browser, shots.resolve(page + ".png"));
        }
        assertThat(browser.findElement(By.id("content")).getText()).contains("no GPU telemetry on this host");
        // the accesses timeline: the store's buckets over the whole searched range, drawn by uPlot
        browser.get(base + "accesses");
        wait.until(d -> !d.findElements(By.cssSelector("#timeline canvas")).isEmpty() || reload(d));
        assertThat(browser.findElement(By.cssSelector("#timeline .u-title")).getText()).contains("over the searched range");

        // the Hosts page reads the start scan's journaled verdicts: at least one point of history
        browser.get(base + "hosts");
        wait.until(d -> !d.findElements(By.cssSelector("#scan-history tr.scan-point")).isEmpty() || reload(d));

        // GPU telemetry records (class 1099) in the journal: the GPU page draws them with the uPlot shipped in the jar
        long t0 = System.currentTimeMillis() * 1_000_000L - 600_000_000_000L;
        var gpu0 = new dev.aiaudit.model.GpuDevice(0, "GPU-test-0", "Test GPU", "0000:01:00.0", false);
        for (int i = 0; i < 20; i++) {
          assertThat(agent.queue().offer(dev.aiaudit.model.GpuEvent.device(t0 + i * 30_000_000_000L, agent.host(), gpu0,
              new dev.aiaudit.model.GpuMetrics(10 + i, 5, (1L + i) << 28, 16L << 30, 200_000, -1, 50, 1500, 2000, 0,
                  i == 0 ? -1 : 6_000_000L, i == 0 ? 0 : 30_000_000_000L), "test"))).isTrue();
        }
        browser.get(base + "gpu");
        By drawn = By.cssSelector("div[data-chart='gpu-util'][data-drawn='1'] canvas");
        wait.until(d -> !d.findElements(drawn).isEmpty() || reload(d));
        assertThat(browser.findElements(By.cssSelector("div[data-chart][data-drawn] canvas")).size()).isGreaterThanOrEqualTo(4);
        shot(browser, shots.resolve("gpu-charts.png"));
      } finally {
        browser.quit();
      }
      // the start scan's verdicts (every check, from absent) are journaled and indexed as compliance findings
      assertThat(log.toString()).containsPattern("host scan \\(ai-host, start\\): [1-9][0-9]* changed verdict\\(s\\) journaled")
          .doesNotContain("changed verdicts are journaled)"); // the agent's own schedule stays off
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      List<String> subjects = List.of();
      while (subjects.isEmpty() && System.nanoTime() < deadline) {
        subjects = agent.store().query(dev.aiaudit.store.EventQuery.builder()
                .classUids(List.of(dev.aiaudit.model.FindingEvent.CLASS_UID)).limit(0).build()).stream()
            .map(r -> ((dev.aiaudit.model.FindingEvent) r.event()).subject()).filter(x -> x.startsWith("scan:ai-host/")).toList();
        Thread.sleep(200);
      }
      assertThat(subjects).isNotEmpty().doesNotHaveDuplicates();
    }
  }

  private static String resource(String name) {
    try (var in = UpBrowserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }

  /** Waits that ignore elements replaced by a live update between finding and reading them. */
  private static WebDriverWait live(WebDriver browser, int seconds) {
    WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(seconds));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  private static boolean reload(WebDriver d) {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    d.navigate().refresh();
    return false;
  }

  private WebDriver browser() throws Exception {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
    o.setExperimentalOption("prefs", java.util.Map.of("download.default_directory",
        Files.createDirectories(tmp.resolve("downloads")).toString(), "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  /** The first finished download in {@code dir} (chromium renames {@code .crdownload} when done). */
  private static Path downloaded(Path dir, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try (var s = Files.list(dir)) {
        var zip = s.filter(p -> p.getFileName().toString().endsWith(".zip")).findFirst();
        if (zip.isPresent()) {
          return zip.get();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no evidence pack downloaded into " + dir + " within " + within);
  }

  private static void shot(WebDriver browser, Path file) throws Exception {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(file, png);
  }
}
