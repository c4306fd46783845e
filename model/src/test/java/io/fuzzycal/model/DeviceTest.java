package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void parsesTheDeviceForms() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse(" AUTO ")).isEqualTo(Device.AUTO);
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("cuda:3")).isEqualTo(Device.cuda(3));
        assertThat(Device.cuda(1)).hasToString("cuda:1");
        for (String bad : List.of("", "gpu", "cuda:", "cuda:-1", "cuda:x", "cpu:0")) {
            assertThatThrownBy(() -> Device.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected cpu, cuda, cuda:N or auto");
        }
    }

    @Test
    void cudaFailsInOneClearLineWhereItCannotStart() {
        assumeNoCuda();
        EngineOptions options = EngineOptions.defaults().withVariants(Precision.FP32).withDevice(Device.cuda(0));
        assertThatThrownBy(() -> InferenceEngine.open(TestBundles.defaultBundle(), options))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageStartingWith("CUDA execution provider unavailable: ")
                .hasMessageEndingWith("; build with -Pcuda on a machine with an NVIDIA GPU, or use --device cpu")
                .hasMessageNotContaining("\n");
    }

    @Test
    void autoFallsBackToTheCpuAndStillClassifies() throws Exception {
        assumeNoCuda();
        EngineOptions options = EngineOptions.defaults().withDevice(Device.AUTO).withIntraOpThreads(2);
        try (InferenceEngine engine = InferenceEngine.open(TestBundles.defaultBundle(), options)) {
            assertThat(engine.device()).isEqualTo(Device.CPU);
            for (Precision v : Precision.values()) {
                ModelOutput p = engine.classify(v, List.of("Shares soar after record profit beat")).get(0);
                assertThat(engine.labels().get(p.predictedClass())).isEqualTo("Bullish");
            }
        }
    }

    /** These tests are about a machine without CUDA; with -Pcuda on a GPU machine they do not apply. */
    private static void assumeNoCuda() {
        SessionFactory.environment(); // load the native library on a large stack first
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this ONNX Runtime has CUDA");
    }
}
