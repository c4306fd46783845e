package io.fuzzycal.devkafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The {@code kafka-storage format} step: on first start, writes meta.properties (a new cluster id,
 * the node id) and the bootstrap metadata (release version, SCRAM users) into the log directory. A
 * directory that holds meta.properties is left as it is, so a restart keeps its topics.
 */
final class BrokerStorage {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerStorage() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve("meta.properties"));
    }

    /** Formats {@code settings.logDir()} unless it is formatted already; tells whether it formatted. */
    static boolean formatIfNeeded(BrokerSettings settings) throws Exception {
        Path logDir = settings.logDir();
        if (isFormatted(logDir)) {
            return false;
        }
        Files.createDirectories(logDir);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(BrokerProperties.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(scramArguments(settings))
                .run();
        return true;
    }

    private static List<String> scramArguments(BrokerSettings settings) throws GeneralSecurityException {
        List<String> arguments = new ArrayList<>();
        if (settings.saslScram()) {
            arguments.add(scramArgument(settings.brokerUser()));
            for (ScramUser user : settings.scramUsers()) {
                arguments.add(scramArgument(user));
            }
        }
        return arguments;
    }

    /**
     * {@code kafka-storage format --add-scram} syntax. The password goes in salted (RFC 5802's Hi,
     * which is PBKDF2-HMAC-SHA-256 of its UTF-8 bytes), so no character of it can break the
     * comma-separated argument.
     */
    static String scramArgument(ScramUser user) throws GeneralSecurityException {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(user.password().toCharArray(), salt, ScramUser.ITERATIONS, 256))
                .getEncoded();
        Base64.Encoder base64 = Base64.getEncoder();
        return ScramUser.MECHANISM + "=[name=" + user.username() + ",iterations=" + ScramUser.ITERATIONS
                + ",salt=\"" + base64.encodeToString(salt) + "\",saltedpassword=\"" + base64.encodeToString(salted)
                + "\"]";
    }
}
