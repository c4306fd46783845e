package io.fuzzycal.monitor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardJsonTest {
    private static List<MonitorReading> readings(int n) {
        List<MonitorReading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MonitorReading(Instant.ofEpochSecond(i), List.of(), Map.of(), Map.of(), List.of(), List.of()));
        }
        return out;
    }

    @Test
    void aLongHistoryIsThinnedEvenlyToTheMaximumEndingOnTheNewest() {
        for (int n : new int[] {1, 599, 600, 601, 1440, 1441, 5000}) {
            List<MonitorReading> all = readings(n);
            List<MonitorReading> thin = DashboardJson.thin(all, 600);
            assertThat(thin.size()).as("%d samples", n).isLessThanOrEqualTo(600).isGreaterThanOrEqualTo(Math.min(n, 300));
            assertThat(thin.get(thin.size() - 1)).isSameAs(all.get(n - 1));
            for (int i = 1; i < thin.size(); i++) {
                long step = thin.get(i).at().getEpochSecond() - thin.get(i - 1).at().getEpochSecond();
                assertThat(step).as("evenly strided").isEqualTo(thin.size() == n ? 1 : (n + 599) / 600);
            }
        }
    }
}
