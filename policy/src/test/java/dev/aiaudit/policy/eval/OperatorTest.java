package dev.aiaudit.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operator on a passing and a failing case (Azure semantics). */
class OperatorTest {
  private static final ObjectMapper M = new ObjectMapper();

  static Stream<Arguments> cases() {
    return Stream.of(
        c("equals, case-insensitive", "equals", "\"High\"", "\"high\"", true),
        c("equals, different", "equals", "\"high\"", "\"low\"", false),
        c("equals, numbers by value", "equals", "2", "2.0", true),
        c("equals, bool vs text", "equals", "true", "\"true\"", true),
        c("equals, missing", "equals", null, "\"x\"", false),
        c("notEquals, different", "notEquals", "\"a\"", "\"b\"", true),
        c("notEquals, same", "notEquals", "\"a\"", "\"A\"", false),
        c("notEquals, missing", "notEquals", null, "\"a\"", true),
        c("like, wildcard", "like", "\"registry.example/x@sha256:ab\"", "\"*@sha256:*\"", true),
        c("like, no match", "like", "\"registry.example/x:latest\"", "\"*@sha256:*\"", false),
        c("like, case-insensitive", "like", "\"SHA256:AB\"", "\"sha256:*\"", true),
        c("notLike, no match", "notLike", "\"x:latest\"", "\"*@sha256:*\"", true),
        c("notLike, match", "notLike", "\"x@sha256:1\"", "\"*@sha256:*\"", false),
        c("match, digits and letters", "match", "\"EU-12\"", "\"??-##\"", true),
        c("match, case-sensitive", "match", "\"eu-12\"", "\"EU-##\"", false),
        c("match, dot is any char", "match", "\"a1\"", "\"..\"", true),
        c("notMatch, different", "notMatch", "\"abc\"", "\"##\"", true),
        c("notMatch, same", "notMatch", "\"12\"", "\"##\"", false),
        c("matchInsensitively", "matchInsensitively", "\"eu-12\"", "\"EU-##\"", true),
        c("notMatchInsensitively", "notMatchInsensitively", "\"eu-12\"", "\"EU-##\"", false),
        c("contains, substring", "contains", "\"risk-team@example.com\"", "\"EXAMPLE\"", true),
        c("contains, absent substring", "contains", "\"abc\"", "\"z\"", false),
        c("contains, array element", "contains", "[\"a\",\"b\"]", "\"B\"", true),
        c("contains, array lacks element", "contains", "[\"a\"]", "\"c\"", false),
        c("notContains, absent", "notContains", "\"abc\"", "\"z\"", true),
        c("notContains, present", "notContains", "\"abc\"", "\"b\"", false),
        c("in, member", "in", "\"C2PA\"", "[\"c2pa\",\"watermark\"]", true),
        c("in, not member", "in", "\"none\"", "[\"c2pa\"]", false),
        c("in, missing", "in", null, "[\"c2pa\"]", false),
        c("notIn, not member", "notIn", "\"none\"", "[\"c2pa\"]", true),
        c("notIn, missing", "notIn", null, "[\"c2pa\"]", true),
        c("notIn, member", "notIn", "\"c2pa\"", "[\"c2pa\"]", false),
        c("containsKey, present case-insensitive", "containsKey", "{\"Nvidia.com/gpu\": 1}", "\"nvidia.com/GPU\"", true),
        c("containsKey, absent", "containsKey", "{\"cpu\": 1}", "\"nvidia.com/gpu\"", false),
        c("notContainsKey, absent", "notContainsKey", "{\"cpu\": 1}", "\"nvidia.com/gpu\"", true),
        c("notContainsKey, present", "notContainsKey", "{\"a\": 1}", "\"a\"", false),
        c("exists true, present", "exists", "\"x\"", "true", true),
        c("exists true, missing", "exists", null, "true", false),
        c("exists false, missing", "exists", null, "false", true),
        c("exists false, null value", "exists", "null", "false", true),
        c("less, numbers", "less", "1", "2", true),
        c("less, equal numbers", "less", "2", "2", false),
        c("less, numeric text vs number", "less", "\"2e24\"", "1e25", true),
        c("less, missing", "less", null, "2", false),
        c("lessOrEquals, equal", "lessOrEquals", "2", "2", true),
        c("lessOrEquals, greater", "lessOrEquals", "3", "2", false),
        c("greater, dates", "greater", "\"2026-03-01\"", "\"2026-02-01T00:00:00Z\"", true),
        c("greater, earlier date", "greater", "\"2026-01-01\"", "\"2026-02-01\"", false),
        c("greaterOrEquals, equal", "greaterOrEquals", "183", "183", true),
        c("greaterOrEquals, less", "greaterOrEquals", "90", "183", false),
        c("greater, text ordinal", "greater", "\"b\"", "\"A\"", true));
  }

  private static Arguments c(String name, String op, String actual, String expected, boolean result) {
    return Arguments.argumentSet(name, op, actual, expected, result);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void test_case_matchesAzureSemantics(String op, String actual, String expected, boolean result) throws Exception {
    JsonNode a = actual == null ? MissingNode.getInstance() : M.readTree(actual);
    assertThat(Operator.byName(op).test(a, M.readTree(expected))).isEqualTo(result);
  }

  @Test
  void test_lessWithTypeMismatch_throwsEvalException() throws Exception {
    assertThatThrownBy(() -> Operator.LESS.test(M.readTree("{\"a\":1}"), M.readTree("2")))
        .isInstanceOf(EvalException.class).hasMessageContaining("cannot compare");
  }

  @Test
  void test_inWithNonArray_throwsEvalException() throws Exception {
    assertThatThrownBy(() -> Operator.IN.test(M.readTree("\"a\""), M.readTree("\"a\"")))
        .isInstanceOf(EvalException.class).hasMessageContaining("needs an array");
  }

  @Test
  void byName_isCaseInsensitive_andUnknownIsNull() {
    assertThat(Operator.byName("GreaterOrEquals")).isEqualTo(Operator.GREATER_OR_EQUALS);
    assertThat(Operator.byName("eqals")).isNull();
  }
}
