package io.fuzzycal.stream;

import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current calibrator per model, read from the global store of raw {@code calibration.models}
 * records and decoded lazily: a global store is restored byte for byte, bypassing its processor,
 * so it holds what the topic holds and decoding happens here, once per new record. One instance
 * per processor (not thread-safe).
 */
final class CalibratorCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(CalibratorCatalog.class);

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final AvroDeserializer<CalibratorModel> reader;
    private final String topic;
    private final Optional<FittedCalibrator> initial;
    private final Map<String, Decoded> decoded = new HashMap<>();
    private final Map<Integer, Champion> fallbacks = new HashMap<>();
    // per-variant keys, built once per model rather than once per prediction
    private final Map<String, Map<Variant, String>> variantKeys = new HashMap<>();

    private record Decoded(byte[] raw, Champion champion) {
    }

    CalibratorCatalog(ReadOnlyKeyValueStore<String, byte[]> store, SchemaRegistry registry, String topic,
                      Optional<FittedCalibrator> initial) {
        this.store = store;
        this.reader = new AvroDeserializer<>(CalibratorModel.class, registry);
        this.topic = topic;
        this.initial = initial;
    }

    /**
     * The calibrator to apply to a prediction of {@code variant} by {@code modelId}: the variant's own
     * calibrator if one was published ({@code model/VARIANT}), else the model's, else version 0.
     */
    Champion current(String modelId, Variant variant, int numClasses) {
        Champion own = published(variantKeys.computeIfAbsent(modelId, m -> new EnumMap<>(Variant.class))
                .computeIfAbsent(variant, v -> CalibrationTarget.key(modelId, v)), numClasses);
        return own != null ? own : current(modelId, numClasses);
    }

    /** The model's shared calibrator (key {@code modelId}), else version 0. */
    Champion current(String modelId, int numClasses) {
        Champion shared = published(modelId, numClasses);
        return shared != null ? shared : fallback(numClasses);
    }

    /** The calibrator published under {@code key} for {@code numClasses} classes, or null. */
    Champion published(String key, int numClasses) {
        byte[] raw = store.get(key);
        if (raw == null) {
            return null;
        }
        Decoded d = decoded.get(key);
        // the in-memory global store hands out the stored array: identity is the common, cheap case
        if (d == null || (d.raw != raw && !Arrays.equals(d.raw, raw))) {
            d = new Decoded(raw, decode(key, raw));
            decoded.put(key, d);
        }
        return d.champion != null && d.champion.calibrator().numClasses() == numClasses ? d.champion : null;
    }

    private Champion fallback(int numClasses) {
        return fallbacks.computeIfAbsent(numClasses, c -> new Champion(0,
                initial.filter(i -> i.numClasses() == c).orElseGet(() -> FittedCalibrator.identity(c))));
    }

    private Champion decode(String key, byte[] raw) {
        try {
            CalibratorModel m = reader.deserialize(topic, raw);
            return new Champion(m.getVersion(), CalibratorJson.read(m.getParametersJson()));
        } catch (RuntimeException e) {
            LOG.error("calibrator record {} on {} is unusable, applying the model's or version 0 instead: {}", key,
                    topic, e.getMessage());
            return null;
        }
    }
}
