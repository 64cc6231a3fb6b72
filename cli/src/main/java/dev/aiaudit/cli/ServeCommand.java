package dev.aiaudit.cli;

import dev.aiaudit.cli.fleet.FleetCollector;
import dev.aiaudit.export.kafka.FleetConsumer;
import dev.aiaudit.store.pg.FleetStore;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ai-audit serve}: one member of the fleet collector group, Kafka into PostgreSQL. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Collect a fleet: consume the agents' Kafka topic as one consumer group and store every record",
        "in PostgreSQL, idempotent on (host, seq), checking each host's hash chain. Run several for scale."})
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka bootstrap servers")
  String bootstrap;

  @Option(names = "--topic", defaultValue = "ai-audit", description = "topic the agents export to (default ${DEFAULT-VALUE})")
  String topic;

  @Option(names = "--group", defaultValue = "ai-audit-serve", description = "consumer group (default ${DEFAULT-VALUE})")
  String group;

  @Option(names = "--store", required = true, paramLabel = "URL",
      description = "PostgreSQL: postgresql://user[:password]@host[:port]/db (or a jdbc:postgresql: URL)")
  String store;

  @Option(names = "--max-poll", defaultValue = "2000", description = "records per poll and transaction (default ${DEFAULT-VALUE})")
  int maxPoll;

  @Override
  public Integer call() {
    if (maxPoll < 1 || maxPoll > 100_000) {
      System.err.println("ai-audit serve: --max-poll must be 1..100000");
      return 2;
    }
    FleetStore db;
    try {
      db = FleetStore.open(store);
    } catch (IllegalArgumentException e) {
      System.err.println("ai-audit serve: --store: " + e.getMessage());
      return 2;
    } catch (SQLException e) {
      System.err.println("ai-audit serve: cannot open the PostgreSQL store: " + e.getMessage());
      return 2;
    }
    FleetConsumer consumer;
    try {
      consumer = new FleetConsumer(bootstrap, topic, group, maxPoll, Map.of());
    } catch (RuntimeException e) {
      db.close();
      System.err.println("ai-audit serve: cannot create the Kafka consumer: " + e.getMessage());
      return 2;
    }
    FleetCollector collector = new FleetCollector(consumer, db, System.out);
    CountDownLatch done = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.interrupt();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ai-audit-serve-shutdown"));
    System.out.println("ai-audit serve: " + bootstrap + " topic " + topic + " group " + group + " -> PostgreSQL; Ctrl-C to stop");
    try {
      collector.run(() -> Thread.currentThread().isInterrupted());
    } catch (InterruptedException e) {
      // stopping
    } finally {
      var t = collector.totals();
      System.out.println("ai-audit serve: stopped; stored " + t.stored() + ", rejected " + t.rejected() + ", chain findings " + t.findings()
          + ", signed checkpoints " + t.checkpoints());
      Thread.interrupted();
      collector.close();
      done.countDown();
    }
    return 0;
  }
}
