package io.fuzzycal.model.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.fuzzycal.model.quantize.TinyModels.Storage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packing is right when ONNX Runtime, running the quantized operator, returns what a plain
 * dequantization of the packed bytes (written from the operators' layouts, {@link Int4Reference})
 * gives: exactly for GatherBlockQuantized, up to float summation order for MatMulNBits.
 */
class Int4OperatorsTest {
    private static final int M = 5;

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(false, 16, Storage.RAW_DATA),
                Arguments.of(false, 32, Storage.FLOAT_DATA),
                Arguments.of(true, 16, Storage.FLOAT_DATA),
                Arguments.of(true, 32, Storage.RAW_DATA));
    }

    @ParameterizedTest(name = "symmetric={0} block={1} {2}")
    @MethodSource("modes")
    void matMulNBitsComputesWithTheDequantizedWeights(boolean symmetric, int block, Storage storage) throws Exception {
        for (int k : new int[] {50, 64, 7}) { // 50 and 7 are not multiples of the block: the last block is padded
            int n = 24;
            float[] w = TinyModels.gaussian(k * n, 0.05, 11 + k);
            float[] a = TinyModels.gaussian(M * k, 1.0, 3 + k);
            ModelProto fp32 = TinyModels.matMul(w, k, n, storage);
            QuantizeOptions options = QuantizeOptions.defaults().withBlockSize(block).withSymmetric(symmetric);
            QuantizedModel int4 = Int4Quantizer.quantize(fp32, options);

            float[] expected = OrtRunner.runFloat(fp32, "A", a, M, k);
            float[] actual = OrtRunner.runFloat(int4.model(), "A", a, M, k);
            float[] dequantized = Int4Reference.dequantizeMatMulNBits(int4.model());
            double maxError = int4.report().nodes().get(0).maxAbsError();
            for (int i = 0; i < M; i++) {
                double rowAbs = 0;
                for (int kk = 0; kk < k; kk++) {
                    rowAbs += Math.abs(a[i * k + kk]);
                }
                for (int j = 0; j < n; j++) {
                    double reference = 0;
                    double magnitude = 0;
                    for (int kk = 0; kk < k; kk++) {
                        reference += (double) a[i * k + kk] * dequantized[kk * n + j];
                        magnitude += Math.abs((double) a[i * k + kk] * dequantized[kk * n + j]);
                    }
                    assertThat(Math.abs(actual[i * n + j] - reference))
                            .as("K=%d row %d col %d", k, i, j).isLessThanOrEqualTo(1e-5 * magnitude + 1e-7);
                    // ... and the INT4 model stays as close to FP32 as the reported error allows.
                    assertThat((double) Math.abs(actual[i * n + j] - expected[i * n + j])).isLessThanOrEqualTo(rowAbs * maxError + 1e-5);
                }
            }
            assertThat(maxError).isGreaterThan(0).isLessThan(0.05 * 6 * 4 / 7.5);
        }
    }

    @ParameterizedTest(name = "symmetric={0} block={1} {2}")
    @MethodSource("modes")
    void gatherBlockQuantizedReturnsTheDequantizedRows(boolean symmetric, int block, Storage storage) throws Exception {
        int r = 37;
        int c = 80; // 80 = 2.5 blocks of 32: a partial last block and an odd number of zero points per row
        float[] table = TinyModels.gaussian(r * c, 0.1, 5);
        long[] indices = {0, 36, 5, 5, -1, 17, 2};
        ModelProto fp32 = TinyModels.gather(table, r, c, storage);
        QuantizeOptions options = QuantizeOptions.defaults().withEmbeddingBlockSize(block).withSymmetric(symmetric);
        QuantizedModel int4 = Int4Quantizer.quantize(fp32, options);

        float[] expected = OrtRunner.runLong(fp32, "indices", indices, indices.length);
        float[] actual = OrtRunner.runLong(int4.model(), "indices", indices, indices.length);
        float[] dequantized = Int4Reference.dequantizeGatherBlockQuantized(int4.model());
        double maxError = int4.report().nodes().get(0).maxAbsError();
        for (int i = 0; i < indices.length; i++) {
            int row = Math.floorMod(indices[i], r);
            for (int col = 0; col < c; col++) {
                assertThat(actual[i * c + col]).as("index %d col %d", indices[i], col)
                        .isEqualTo(dequantized[row * c + col]);
                // FP16 output rounding adds at most 2^-11 relative on top of the quantization error.
                assertThat(Math.abs(actual[i * c + col] - expected[i * c + col]))
                        .isLessThanOrEqualTo((float) (maxError + Math.abs(expected[i * c + col]) / 1024 + 1e-7));
            }
        }
    }

    @ParameterizedTest(name = "symmetric={0} block={1} {2}")
    @MethodSource("modes")
    void rewritesTheGraphAndDropsTheFp32Constant(boolean symmetric, int block, Storage storage) {
        ModelProto fp32 = TinyModels.matMul(TinyModels.gaussian(40 * 8, 0.05, 1), 40, 8, storage);
        QuantizedModel int4 = Int4Quantizer.quantize(fp32, QuantizeOptions.defaults().withBlockSize(block).withSymmetric(symmetric));
        ModelProto m = int4.model();

        assertThat(m.getGraph().getInputList()).isEqualTo(fp32.getGraph().getInputList());
        assertThat(m.getGraph().getOutputList()).isEqualTo(fp32.getGraph().getOutputList());
        assertThat(m.getGraph().getInitializerList()).extracting(TensorProto::getName)
                .doesNotContain("W").hasSize(symmetric ? 2 : 3);
        assertThat(m.getOpsetImportList()).anySatisfy(o -> {
            assertThat(o.getDomain()).isEqualTo("com.microsoft");
            assertThat(o.getVersion()).isEqualTo(1);
        });
        NodeReport report = int4.report().nodes().get(0);
        assertThat(report.nodeName()).isEqualTo("the_matmul");
        assertThat(report.originalShape()).containsExactly(40L, 8L);
        assertThat(report.bytesBefore()).isEqualTo(40 * 8 * 4);
        int blocks = (40 + block - 1) / block;
        assertThat(report.bytesAfter()).isEqualTo(8L * blocks * block / 2 + 8L * blocks * 4 + (symmetric ? 0 : 8L * ((blocks + 1) / 2)));
        assertThat(Int4Reference.attribute(Int4Reference.node(m, "MatMulNBits"), "block_size")).isEqualTo(block);
    }
}
