package io.fieldlink.ingest.binary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionTest {

    @ParameterizedTest(name = "{0} at x={1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "x                | 7     | 7",
            "x/100            | 2150  | 21.5",
            "/100             | 2150  | 21.5",
            "*2               | 4     | 8",
            "+0.5             | 1     | 1.5",
            "-40              | 65    | 25",
            "(x - 400) / 10   | 650   | 25",
            "2 + 3 * x        | 2     | 8",
            "(2 + 3) * x      | 2     | 10",
            "-x * 2           | 3     | -6",
            "-(x - 1)         | 3     | -2",
            "--x              | 3     | 3",
            "x - 2 - 3        | 10    | 5",
            "x / 2 / 5        | 100   | 10",
            "X * .5           | 3     | 1.5",
            "((((x))))        | 1     | 1",
            "x*1.8+32         | 20    | 68",
    })
    void evaluates(String expression, double x, double expected) {
        assertThat(Expression.parse(expression).apply(x)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "x +               | unexpected end",
            "x * y             | unexpected 'y'",
            "(x                | missing ')'",
            "x 2               | unexpected '2'",
            "x)                | unexpected ')'",
            "1..2 * x          | a number needs digits after",
            "x * 1.            | a number needs digits after '.'",
            "Math.exit(0) + x  | unexpected 'M'",
            "5                 | does not use x",
            "x ^ 2             | unexpected '^'",
    })
    void refuses(String expression, String message) {
        assertThatThrownBy(() -> Expression.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void refusesEmptyTooLongAndTooDeep() {
        assertThatThrownBy(() -> Expression.parse(" ")).hasMessage("expression is empty");
        assertThatThrownBy(() -> Expression.parse("x" + "+1".repeat(100))).hasMessageContaining("longer than 200");
        assertThatThrownBy(() -> Expression.parse("(".repeat(30) + "x" + ")".repeat(30))).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> Expression.parse("-".repeat(30) + "x")).hasMessageContaining("nested deeper");
    }
}
