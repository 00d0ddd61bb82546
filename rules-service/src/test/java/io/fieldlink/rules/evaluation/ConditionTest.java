package io.fieldlink.rules.evaluation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ConditionTest {

    @Test
    void greaterThanIsStrict() {
        Condition gt = Condition.of(Comparison.GT, 80);
        assertThat(gt.test(80.1)).isTrue();
        assertThat(gt.test(80)).isFalse();
        assertThat(gt.test(79.9)).isFalse();
    }

    @Test
    void greaterOrEqualIncludesTheThreshold() {
        Condition ge = Condition.of(Comparison.GE, 80);
        assertThat(ge.test(80.1)).isTrue();
        assertThat(ge.test(80)).isTrue();
        assertThat(ge.test(79.9)).isFalse();
    }

    @Test
    void lessThanIsStrict() {
        Condition lt = Condition.of(Comparison.LT, 10);
        assertThat(lt.test(9.9)).isTrue();
        assertThat(lt.test(10)).isFalse();
        assertThat(lt.test(10.1)).isFalse();
    }

    @Test
    void lessOrEqualIncludesTheThreshold() {
        Condition le = Condition.of(Comparison.LE, 10);
        assertThat(le.test(9.9)).isTrue();
        assertThat(le.test(10)).isTrue();
        assertThat(le.test(10.1)).isFalse();
    }

    @Test
    void equalIsExact() {
        Condition eq = Condition.of(Comparison.EQ, 1);
        assertThat(eq.test(1.0)).isTrue();
        assertThat(eq.test(1.0000001)).isFalse();
        assertThat(eq.test(0.9999999)).isFalse();
    }

    @Test
    void betweenIsInclusive() {
        Condition between = Condition.between(10, 20);
        assertThat(between.test(10)).isTrue();
        assertThat(between.test(15)).isTrue();
        assertThat(between.test(20)).isTrue();
        assertThat(between.test(9.99)).isFalse();
        assertThat(between.test(20.01)).isFalse();
    }

    @Test
    void outsideIsStrict() {
        Condition outside = Condition.outside(10, 20);
        assertThat(outside.test(9.99)).isTrue();
        assertThat(outside.test(20.01)).isTrue();
        assertThat(outside.test(10)).isFalse();
        assertThat(outside.test(15)).isFalse();
        assertThat(outside.test(20)).isFalse();
    }

    @Test
    void nanMeetsNoOperator() {
        for (Comparison operator : Comparison.values()) {
            Condition condition = operator.ranged() ? new Condition(operator, 0, 1.0) : Condition.of(operator, 0);
            assertThat(condition.test(Double.NaN)).as(operator.symbol()).isFalse();
        }
    }

    @Test
    void infinitiesCompareAsNumbers() {
        assertThat(Condition.of(Comparison.GT, 80).test(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(Condition.outside(10, 20).test(Double.NEGATIVE_INFINITY)).isTrue();
    }

    @Test
    void operatorsHaveTheirSymbols() {
        assertThat(Comparison.values()).extracting(Comparison::symbol)
                .containsExactly(">", ">=", "<", "<=", "==", "between", "outside");
        assertThat(Condition.of(Comparison.GE, 5)).hasToString(">= 5.0");
        assertThat(Condition.between(1, 2)).hasToString("between 1.0 and 2.0");
    }

    @Test
    void rejectsAMissingOperator() {
        assertThatNullPointerException().isThrownBy(() -> new Condition(null, 1, null))
                .withMessage("operator must not be null");
    }

    @Test
    void rejectsANonFiniteThreshold() {
        assertThatIllegalArgumentException().isThrownBy(() -> Condition.of(Comparison.GT, Double.NaN))
                .withMessageStartingWith("threshold must be a finite number");
        assertThatIllegalArgumentException().isThrownBy(() -> Condition.between(Double.NEGATIVE_INFINITY, 1))
                .withMessageStartingWith("threshold must be a finite number");
    }

    @Test
    void rangesNeedAnUpperBoundAboveTheThreshold() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Condition(Comparison.BETWEEN, 1, null))
                .withMessageStartingWith("upper must be a finite number for between");
        assertThatIllegalArgumentException().isThrownBy(() -> Condition.outside(1, Double.POSITIVE_INFINITY))
                .withMessageStartingWith("upper must be a finite number for outside");
        assertThatIllegalArgumentException().isThrownBy(() -> Condition.between(20, 10))
                .withMessageStartingWith("upper must be greater than threshold for between");
        assertThatIllegalArgumentException().isThrownBy(() -> Condition.outside(10, 10))
                .withMessageStartingWith("upper must be greater than threshold for outside");
    }

    @Test
    void singleThresholdOperatorsRejectAnUpperBound() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Condition(Comparison.GT, 1, 2.0))
                .withMessageStartingWith("upper must be absent for >");
    }
}
