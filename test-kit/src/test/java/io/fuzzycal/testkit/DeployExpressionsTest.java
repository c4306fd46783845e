package io.fuzzycal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.DeployExpressions.Expression;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployExpressionsTest {
    @Test
    void anAlertRunsWithItsThresholdsMadeBoolSoThatAQuietAlertStillShowsItsSeries() {
        assertThat(new Expression("a", "max by (model) (fuzzycal_psi{x!=\"1\"}) > 0.25", true).runnable())
                .isEqualTo("max by (model) (fuzzycal_psi{x!=\"1\"}) > bool 0.25");
        assertThat(new Expression("a", "sum(a[6h]) >= 3\nand\nsum(b[6h]) == 0", true).runnable())
                .isEqualTo("sum(a[6h]) >= bool 3\nand\nsum(b[6h]) == bool 0");
        assertThat(new Expression("a", "up == bool 0", true).runnable()).isEqualTo("up == bool 0");
        assertThat(new Expression("d", "x > 0.5", false).runnable()).as("dashboards run as they are").isEqualTo("x > 0.5");
    }

    @Test
    void grafanaVariablesMatchEverything() {
        assertThat(new Expression("d", "rate(x{model=~\"$model\", job=~\"${job}\"}[$__rate_interval])", false).runnable())
                .isEqualTo("rate(x{model=~\".*\", job=~\".*\"}[1m])");
    }

    @Test
    void findsEveryDashboardQueryVariableAndRule() {
        List<Expression> all = DeployExpressions.all(DeployExpressions.repositoryRoot());
        assertThat(all).extracting(Expression::source)
                .anyMatch(s -> s.startsWith("fuzzycal-calibration.json: ECE per variant and stage / A"))
                .anyMatch(s -> s.equals("fuzzycal-services.json: variable job"))
                .anyMatch(s -> s.equals("fuzzycal-alerts.yml: alert FuzzycalServiceDown"));
        assertThat(all).filteredOn(Expression::alert).hasSize(9);
        assertThat(all).allMatch(e -> !e.expr().isBlank());
    }
}
