package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code policy eval --definitions} with definitions in Azure's published format (written for this
 * test): load notes, not-applicable counts, and {@code --unknown-aliases}.
 */
class PolicyAzureDefinitionsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static String res(String name) throws URISyntaxException {
    return Path.of(PolicyAzureDefinitionsTest.class.getResource("/policy/" + name).toURI()).toString();
  }

  private static final String STORAGE = """
      {"id": "/providers/Microsoft.Authorization/policyDefinitions/11111111-2222-4333-8444-555555555555",
       "type": "Microsoft.Authorization/policyDefinitions", "name": "11111111-2222-4333-8444-555555555555",
       "properties": {"displayName": "Storage accounts should use TLS 1.2", "policyType": "BuiltIn", "mode": "Indexed",
         "versions": ["1.0.0"], "parameters": {"effect": {"type": "String", "allowedValues": ["Audit", "Deny", "Disabled"],
           "defaultValue": "Audit"}},
         "policyRule": {"if": {"allof": [{"field": "type", "equals": "Microsoft.Storage/storageAccounts"},
           {"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "notEquals": "TLS1_2"}]},
           "then": {"effect": "[parameters('effect')]"}}}}
      """;

  private static final String UNGATED = """
      {"displayName": "Minimum TLS everywhere", "mode": "All",
       "policyRule": {"if": {"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "notEquals": "TLS1_2"},
                      "then": {"effect": "audit"}}}
      """;

  @Test
  void azureTypedDefinition_loadsWithANote_andIsNotApplicableNeverCompliant(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("storage.json"), STORAGE);
    int code = run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "--definitions", dir.toString(),
        "--policy", "11111111-2222-4333-8444-555555555555", res("with-shadow.jsonl"));
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("NOTE: ").contains("notApplicable to every inventory item")
        .contains("Microsoft.Storage/storageAccounts");
    assertThat(out.toString()).contains("results:     compliant 0, non-compliant 0, exempt 0, unknown 0, error 0, not-applicable 2");
  }

  @Test
  void unknownAlias_isALoadErrorExitTwo_orUnknownWithWarn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ungated.json"), UNGATED);
    assertThat(run("policy", "eval", "--definitions", dir.toString(), "--policy", "ungated", res("with-shadow.jsonl")))
        .isEqualTo(2);
    assertThat(err.toString()).contains("POL013").contains("unknown alias 'Microsoft.Storage/storageAccounts/minimumTlsVersion'");
    out.getBuffer().setLength(0);
    int code = run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "--unknown-aliases", "warn", "--definitions",
        dir.toString(), "--policy", "ungated", res("with-shadow.jsonl"));
    assertThat(code).isZero();
    assertThat(out.toString()).contains("deployments: compliant 0, non-compliant 0, exempt 0, unknown 2");
    assertThat(run("policy", "eval", "--unknown-aliases", "maybe", res("with-shadow.jsonl"))).isEqualTo(2);
  }
}
