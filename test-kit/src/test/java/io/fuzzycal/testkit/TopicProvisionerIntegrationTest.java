package io.fuzzycal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.TopicProvisioner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Services that start together create the same topics at once; every one of them must come out ready. */
class TopicProvisionerIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void everyServiceRacingToCreateTheSameTopicsCanDescribeThemRightAfter() throws Exception {
        int services = 4;
        ExecutorService pool = Executors.newFixedThreadPool(services);
        try {
            for (int round = 0; round < 5; round++) {
                List<NewTopic> topics = List.of(TopicProvisioner.topic("race-" + round + "-a", 3, (short) 1),
                        TopicProvisioner.compacted("race-" + round + "-b", 1, (short) 1));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Integer>>> results = new ArrayList<>();
                for (int s = 0; s < services; s++) {
                    Callable<List<Integer>> service = () -> {
                        try (Admin admin = Admin.create(KAFKA.clientProperties())) {
                            go.await();
                            TopicProvisioner.ensure(admin, topics);
                            // what a service does next: read the partition counts of what it ensured
                            return List.of(TopicProvisioner.partitions(admin, topics.get(0).name()),
                                    TopicProvisioner.partitions(admin, topics.get(1).name()));
                        }
                    };
                    results.add(pool.submit(service));
                }
                go.countDown();
                for (Future<List<Integer>> r : results) {
                    assertThat(r.get()).as("round %d", round).containsExactly(3, 1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
