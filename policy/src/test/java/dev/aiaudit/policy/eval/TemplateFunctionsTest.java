package dev.aiaudit.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Template functions and expression syntax in policy rules. Azure docs:
 * concepts/definition-structure-policy-rule ("Policy functions": the ARM template functions a rule may
 * use, plus utcNow, field, current, requestContext, ipRangeContains...), and the ARM template function
 * references (azure-resource-manager/templates/template-functions-string, -array, -object,
 * -comparison, -logical, -numeric) for their results.
 */
class TemplateFunctionsTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final String ITEM = """
      {"id": "k8s:ml/Deployment/a", "kind": "Deployment", "name": "team-a/scorer", "namespace": "ml",
       "labels": {"topology.kubernetes.io/region": "westeurope"},
       "containers": [{"name": "a", "image": "r/x:1"}, {"name": "b", "image": "r/y:2"}]}
      """;
  private static final Map<String, JsonNode> PARAMS = Map.of(
      "list", json("[\"a\", \"b\", \"c\"]"), "obj", json("{\"k\": {\"n\": 5}}"), "n", json("3"));

  private static JsonNode json(String s) {
    try {
      return M.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode eval(String expression) {
    Expr e = ExpressionParser.compileValue(TextNode.valueOf(expression), "$.value",
        new CompileScope(PARAMS, Aliases.builtIn()));
    return e.eval(new EvalContext(json(ITEM), NOW));
  }

  /** Each row: an expression and its documented result (JSON). */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      [first(parameters('list'))]                         | "a"
      [first('xyz')]                                      | "x"
      [first(createArray())]                              | null
      [last(parameters('list'))]                          | "c"
      [split('a/b//c', '/')]                              | ["a","b","","c"]
      [split('a-b_c', createArray('-', '_'))]             | ["a","b","c"]
      [split(field('name'), '/')[1]]                      | "scorer"
      [intersection(parameters('list'), createArray('c', 'a', 'z'))] | ["a","c"]
      [union(createArray('a'), createArray('b', 'a'))]    | ["a","b"]
      [greaterOrEquals(3, 3)]                             | true
      [greaterOrEquals('2026-01-01', '2025-12-31')]       | true
      [greater(2, 3)]                                     | false
      [less('a', 'B')]                                    | true
      [lessOrEquals(4, 3)]                                | false
      [createObject('a', 1, 'b', createArray(2))]         | {"a":1,"b":[2]}
      [createObject('a', 1).a]                            | 1
      [int('42')]                                         | 42
      [int(7)]                                            | 7
      [replace('1.2.3', '.', '-')]                        | "1-2-3"
      [contains('OneTwo', 'Two')]                         | true
      [contains('OneTwo', 'two')]                         | false
      [contains(parameters('list'), 'b')]                 | true
      [contains(parameters('obj'), 'k')]                  | true
      [startsWith('Standard_D2', 'standard_')]            | true
      [endsWith('abc', 'BC')]                             | true
      [indexOf('abcabc', 'C')]                            | 2
      [lastIndexOf('abcabc', 'c')]                        | 5
      [substring('hello', 1, 3)]                          | "ell"
      [toLower('AbC')]                                    | "abc"
      [toUpper('AbC')]                                    | "ABC"
      [trim('  x ')]                                      | "x"
      [padLeft('7', 3, '0')]                              | "007"
      [take(parameters('list'), 2)]                       | ["a","b"]
      [skip(parameters('list'), 2)]                       | ["c"]
      [length(parameters('list'))]                        | 3
      [length('abcd')]                                    | 4
      [empty(createArray())]                              | true
      [empty('x')]                                        | false
      [concat('a', 'b', 1)]                               | "ab1"
      [concat(createArray(1), createArray(2, 3))]         | [1,2,3]
      [coalesce(null(), 'x')]                             | "x"
      [if(equals(1, 1), 'yes', 'no')]                     | "yes"
      [and(true, not(false))]                             | true
      [or(false(), true())]                               | true
      [bool('TRUE')]                                      | true
      [add(2, 3)]                                         | 5
      [sub(2, 3)]                                         | -1
      [mul(4, 3)]                                         | 12
      [div(7, 2)]                                         | 3
      [mod(7, 2)]                                         | 1
      [min(createArray(4, 2, 9))]                         | 2
      [max(4, 9, 2)]                                      | 9
      [json('{"a": [1]}').a[0]]                         | 1
      [parameters('obj').k.n]                             | 5
      [parameters('obj')['k']['n']]                       | 5
      [parameters('list')[2]]                             | "c"
      [string(5)]                                         | "5"
      [items(createObject('k', 1))]                       | [{"key":"k","value":1}]
      [objectKeys(createObject('k', 1, 'j', 2))]          | ["k","j"]
      [tryGet(parameters('obj'), 'missing')]              | null
      [tryGet(parameters('obj'), 'k', 'n')]               | 5
      [ipRangeContains('10.0.0.0/24', '10.0.0.17')]       | true
      [ipRangeContains('10.0.0.0/24', '10.0.1.0/28')]     | false
      [ipRangeContains('10.0.0.0/8', '10.1.0.0-10.1.2.0')] | true
      [ipRangeContains('2001:db8::/32', '2001:db8:ffff::1')] | true
      [ipRangeContains('2001:db8::/32', '2001:db9::1')]   | false
      [requestContext().apiVersion]                       | "2026-11-24"
      [resourceGroup().name]                              | "ml"
      [resourceGroup().location]                          | "westeurope"
      [subscription().subscriptionId]                     | "ai-audit"
      [addDays('2026-01-01', 31)]                         | "2026-02-01T00:00:00Z"
      [utcNow()]                                          | "2026-11-24T12:00:00Z"
      [field('containers[*].image')]                      | ["r/x:1","r/y:2"]
      [length(field('containers[*]'))]                    | 2
      [field('location')]                                 | "westeurope"
      """)
  void function_givesTheDocumentedResult(String expression, String expected) {
    JsonNode actual = eval(expression);
    assertThat(Values.looseEquals(actual, json(expected)) && actual.getNodeType() == json(expected).getNodeType())
        .as(expression + " gave " + actual).isTrue();
  }

  @Test
  void propertyAccess_missingProperty_failsTheEvaluation() {
    // ARM: accessing a property that does not exist is an evaluation error (Azure fails the evaluation)
    assertThatThrownBy(() -> eval("[createObject('a', 1).b]")).isInstanceOf(EvalException.class)
        .hasMessageContaining("property 'b' does not exist");
    assertThatThrownBy(() -> eval("[parameters('list')[7]]")).isInstanceOf(EvalException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void wrongArgumentTypes_failTheEvaluation_neverAGuess() {
    assertThatThrownBy(() -> eval("[int('x')]")).isInstanceOf(EvalException.class);
    assertThatThrownBy(() -> eval("[split(1, '/')]")).isInstanceOf(EvalException.class);
    assertThatThrownBy(() -> eval("[ipRangeContains('10.0.0.0/8', '2001:db8::1')]")).isInstanceOf(EvalException.class)
        .hasMessageContaining("different IP families");
    assertThatThrownBy(() -> eval("[ipRangeContains('10.0.0.0/33', '10.0.0.1')]")).isInstanceOf(EvalException.class);
  }

  @Test
  void constantCalls_areFoldedAtCompileTime() {
    Expr e = ExpressionParser.compileValue(TextNode.valueOf("[toLower(concat('A', parameters('list')[0]))]"), "$.v",
        new CompileScope(PARAMS, Aliases.builtIn()));
    assertThat(e).isInstanceOf(Expr.Literal.class);
    assertThat(e.eval(null).textValue()).isEqualTo("aa");
  }

  @Test
  void arrayLiteral_expressionsInside_areEvaluated() {
    // Azure evaluates template expressions inside array values, e.g. "notIn": ["[resourcegroup().location]", "global"]
    JsonNode arr = json("[\"[resourcegroup().location]\", \"global\", \"[[literal]\"]");
    Expr e = ExpressionParser.compileValue(arr, "$.notIn", new CompileScope(PARAMS, Aliases.builtIn()));
    assertThat(e.eval(new EvalContext(json(ITEM), NOW))).isEqualTo(json("[\"westeurope\", \"global\", \"[literal]\"]"));
  }

  @Test
  void hostileNesting_isACompileError_notAStackOverflow() {
    String deep = "[" + "concat(".repeat(5000) + "'x'" + ")".repeat(5000) + "]";
    assertThatThrownBy(() -> eval(deep)).isInstanceOf(CompileError.class)
        .hasMessageContaining("nested more than 64 levels deep");
    String index = "[parameters('list')" + "[0]".repeat(10) + "]";
    assertThatThrownBy(() -> eval(index)).isInstanceOf(EvalException.class);
    assertThat(eval("[" + "concat(".repeat(60) + "'x'" + ")".repeat(60) + "]").textValue()).isEqualTo("x");
  }

  @Test
  void fieldFunction_onAnUnknownAlias_isPol013WhenFieldsAreChecked() {
    CompileScope strict = new CompileScope(PARAMS, Aliases.builtIn(), CompileScope.FieldCheck.STRICT, "d");
    assertThatThrownBy(() -> ExpressionParser.compileValue(TextNode.valueOf("[field('AiAudit/ai.riskClas')]"), "$.value", strict))
        .isInstanceOf(CompileError.class).satisfies(e -> assertThat(((CompileError) e).code()).isEqualTo("POL013"))
        .hasMessageContaining("unknown alias 'AiAudit/ai.riskClas'");
  }

  @Test
  void unknownFunction_andBadSyntax_areCompileErrorsNamingTheExpression() {
    assertThatThrownBy(() -> eval("[frist(parameters('list'))]")).isInstanceOf(CompileError.class)
        .hasMessageContaining("unknown function 'frist'");
    assertThatThrownBy(() -> eval("[requestContext().]")).isInstanceOf(CompileError.class)
        .hasMessageContaining("property name after '.'");
    assertThatThrownBy(() -> eval("[parameters('list')[0]")).isInstanceOf(CompileError.class);
  }
}
