package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void spacesSendsEvenly() {
        Pacer pacer = new Pacer(50); // one send every 20 ms
        long now = 1_000 * MS;
        assertThat(pacer.waitNanos(now)).isZero();
        pacer.sent(now);
        assertThat(pacer.waitNanos(now)).isEqualTo(20 * MS);
        assertThat(pacer.waitNanos(now + 5 * MS)).isEqualTo(15 * MS);
        pacer.sent(now + 20 * MS);
        assertThat(pacer.waitNanos(now + 20 * MS)).isEqualTo(20 * MS);
    }

    @Test
    void aLateSendIsNotMadeUpByABurst() {
        Pacer pacer = new Pacer(10); // every 100 ms
        long now = 0;
        pacer.sent(now);
        now += 1_000 * MS; // a stall of a second
        assertThat(pacer.waitNanos(now)).isZero();
        pacer.sent(now);
        // the next send still waits a full interval: no ten catch-up sends
        assertThat(pacer.waitNanos(now)).isEqualTo(100 * MS);
    }

    @Test
    void simulatedSecondHoldsTheRate() {
        Pacer pacer = new Pacer(200);
        long now = 0;
        int sends = 0;
        while (now < 1_000 * MS) {
            long wait = pacer.waitNanos(now);
            if (wait == 0) {
                pacer.sent(now);
                sends++;
            } else {
                now += wait;
            }
        }
        assertThat(sends).isEqualTo(200);
    }

    @Test
    void zeroOrNegativeRateNeverWaits() {
        for (double rate : new double[] {0, -1}) {
            Pacer pacer = new Pacer(rate);
            pacer.sent(0);
            pacer.sent(0);
            assertThat(pacer.waitNanos(0)).isZero();
        }
    }
}
