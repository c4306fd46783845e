package io.fuzzycal.devkafka;

import io.fuzzycal.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each kind of user of a SCRAM-secured embedded broker may do: with the authorizer on, a user
 * with no role can log in and do nothing else. Roles name the default topics, consumer groups and
 * transactional ids of the services (groups and ids by prefix, so {@code fuzzycal-inference-2} is covered).
 */
public final class ServiceAcls {
    /** A user's role. */
    public enum Role {
        /** Everything: a super user of the broker (creates users, changes configs, any topic). */
        ADMIN,
        /** {@code fuzzycal inference}: reads {@code news.text}, writes predictions and its dead letters. */
        INFERENCE,
        /** {@code fuzzycal calibrate-stream}: reads predictions and feedback, writes calibrated predictions and calibrators. */
        CALIBRATION,
        /** {@code fuzzycal monitor}: reads predictions, calibrated predictions and feedback, writes metrics and alerts. */
        MONITOR,
        /** A feed, a labeller or a dashboard: writes texts and labels, reads what the services publish (not the calibrators). */
        CLIENT
    }

    static final String INFERENCE_PREFIX = "fuzzycal-inference";
    static final String CALIBRATION_PREFIX = "fuzzycal-calibration";
    static final String MONITOR_PREFIX = "fuzzycal-monitor";

    private ServiceAcls() {
    }

    /** The ACLs of {@code username} in {@code role}; none for {@link Role#ADMIN}, a super user. */
    public static List<AclBinding> of(String username, Role role) {
        Acls a = new Acls("User:" + username);
        switch (role) {
            case ADMIN -> {
            }
            case INFERENCE -> {
                a.topic(Topics.NEWS_TEXT, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE);
                a.topic(Topics.PREDICTIONS, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
                a.topic(Topics.deadLetter(Topics.NEWS_TEXT), AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
                a.prefixed(ResourceType.GROUP, INFERENCE_PREFIX, AclOperation.READ, AclOperation.DESCRIBE);
                a.prefixed(ResourceType.TRANSACTIONAL_ID, INFERENCE_PREFIX, AclOperation.WRITE, AclOperation.DESCRIBE);
                a.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            case CALIBRATION -> {
                a.topic(Topics.PREDICTIONS, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE);
                a.topic(Topics.FEEDBACK, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE);
                a.topic(Topics.CALIBRATION_MODELS, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                        AclOperation.CREATE);
                for (String out : List.of(Topics.CALIBRATED, Topics.deadLetter(Topics.PREDICTIONS),
                        Topics.deadLetter(Topics.FEEDBACK))) {
                    a.topic(out, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
                }
                a.streamsApplication(CALIBRATION_PREFIX);
            }
            case MONITOR -> {
                for (String in : List.of(Topics.PREDICTIONS, Topics.CALIBRATED, Topics.FEEDBACK)) {
                    a.topic(in, AclOperation.READ, AclOperation.DESCRIBE);
                }
                for (String out : List.of(Topics.CALIBRATION_METRICS, Topics.CALIBRATION_ALERTS)) {
                    a.topic(out, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
                }
                a.streamsApplication(MONITOR_PREFIX);
            }
            case CLIENT -> {
                for (String in : List.of(Topics.NEWS_TEXT, Topics.FEEDBACK)) {
                    a.topic(in, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
                }
                for (String out : List.of(Topics.PREDICTIONS, Topics.CALIBRATED, Topics.CALIBRATION_METRICS,
                        Topics.CALIBRATION_ALERTS, Topics.deadLetter(Topics.NEWS_TEXT), Topics.deadLetter(Topics.PREDICTIONS),
                        Topics.deadLetter(Topics.FEEDBACK))) {
                    a.topic(out, AclOperation.READ, AclOperation.DESCRIBE);
                }
                a.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
        return a.bindings;
    }

    private static final class Acls {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Acls(String principal) {
            this.principal = principal;
        }

        void topic(String name, AclOperation... operations) {
            add(new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL), operations);
        }

        void prefixed(ResourceType type, String prefix, AclOperation... operations) {
            add(new ResourcePattern(type, prefix, PatternType.PREFIXED), operations);
        }

        /** Kafka Streams' internal topics, group and transactional ids all start with the application id. */
        void streamsApplication(String applicationIdPrefix) {
            prefixed(ResourceType.TOPIC, applicationIdPrefix, AclOperation.ALL);
            prefixed(ResourceType.GROUP, applicationIdPrefix, AclOperation.ALL);
            prefixed(ResourceType.TRANSACTIONAL_ID, applicationIdPrefix, AclOperation.ALL);
            cluster(AclOperation.IDEMPOTENT_WRITE);
        }

        void cluster(AclOperation... operations) {
            add(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), operations);
        }

        private void add(ResourcePattern pattern, AclOperation... operations) {
            for (AclOperation op : operations) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
            }
        }
    }
}
