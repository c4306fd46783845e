package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.ExternalTool;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/alertmanager by amtool: the config, and where each kind of alert is routed. */
class AlertmanagerConfigTest {
    @TempDir
    Path dir;
    private ExternalTool amtool;
    private Path config;

    @BeforeEach
    void tool() {
        amtool = ExternalTool.require("amtool", "apt-get install prometheus-alertmanager", "--version");
        config = Deploy.file("deploy/alertmanager/alertmanager.yml");
    }

    @Test
    void isValid() throws Exception {
        assertThat(Deploy.run(amtool, Deploy.ROOT, "check-config", config.toString()).orThrow().output()).contains("SUCCESS");
    }

    @Test
    void routesPagesToOnCallCalibrationToTheMlTeamAndTheRestToThePlatform() throws Exception {
        route("on-call", "severity=critical", "alertname=FuzzycalServiceDown");
        route("ml-team", "severity=warning", "alertname=FuzzycalTransferGapHigh", "model=m");
        route("ml-team", "severity=warning", "alertname=FuzzycalCalibratedEceHigh", "model=m");
        route("platform", "severity=warning", "alertname=FuzzycalConsumerLag");
        route("platform", "severity=warning", "alertname=FuzzycalRefitsRejectedInARow");
    }

    @Test
    void aRouteTestFailsWhenTheRouteGoesElsewhere() throws Exception {
        ExternalTool.Result r = Deploy.run(amtool, Deploy.ROOT, "config", "routes", "test", "--config.file=" + config,
                "--verify.receivers=on-call", "severity=warning", "alertname=FuzzycalConsumerLag");
        assertThat(r.exitCode()).isNotZero();
    }

    @Test
    void rejectsARouteToAnUndefinedReceiver() throws Exception {
        Path broken = Deploy.brokenCopy(config, dir.resolve("alertmanager.yml"), "      receiver: ml-team", "      receiver: ml-teem");
        ExternalTool.Result r = Deploy.run(amtool, dir, "check-config", broken.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("undefined receiver \"ml-teem\"");
    }

    private void route(String receiver, String... labels) throws Exception {
        String[] args = new String[5 + labels.length];
        args[0] = "config";
        args[1] = "routes";
        args[2] = "test";
        args[3] = "--config.file=" + config;
        args[4] = "--verify.receivers=" + receiver;
        System.arraycopy(labels, 0, args, 5, labels.length);
        Deploy.run(amtool, Deploy.ROOT, args).orThrow();
    }
}
