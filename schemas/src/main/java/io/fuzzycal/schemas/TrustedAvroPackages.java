package io.fuzzycal.schemas;

import java.util.HashSet;
import java.util.Set;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate this project's generated classes. Since 1.11.4 Avro creates a class named
 * by a schema only if the class is trusted (by default a few java.lang and java.math types), so
 * reading a generated record, or deep-copying one with a nested record ({@code newBuilder(other)}),
 * otherwise fails with "Forbidden io.fuzzycal.schemas.avro.X! This class is not trusted".
 *
 * <p>Avro reads its trusted packages from the system property {@value #SERIALIZABLE_PACKAGES} once,
 * when its validator class first loads; a property set after that is silently ignored. So
 * {@link #trust} both sets the property (for a validator not loaded yet, and to make the setting
 * visible) and adds the package to the live validator. The serde calls it when it is created;
 * code that builds nested generated records before creating a serde calls
 * {@link #trustGeneratedClasses()} first (or starts the JVM with
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fuzzycal.schemas.avro}).
 */
public final class TrustedAvroPackages {
    public static final String SERIALIZABLE_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";
    /** Where avro-maven-plugin puts the generated classes of this module's schemas. */
    public static final String GENERATED = "io.fuzzycal.schemas.avro";

    private static final Set<String> TRUSTED = new HashSet<>();

    private TrustedAvroPackages() {
    }

    /** Trusts {@value #GENERATED}. Idempotent. */
    public static void trustGeneratedClasses() {
        trust(GENERATED);
    }

    /** Trusts the classes directly in {@code packageName} (not its subpackages). Idempotent. */
    public static synchronized void trust(String packageName) {
        if (packageName.isEmpty() || !TRUSTED.add(packageName)) {
            return;
        }
        String current = System.getProperty(SERIALIZABLE_PACKAGES, "").strip();
        if (!Set.of(current.split("\\s*,\\s*")).contains(packageName)) {
            System.setProperty(SERIALIZABLE_PACKAGES, current.isEmpty() ? packageName : current + "," + packageName);
        }
        String prefix = packageName + ".";
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith(prefix) && type.getName().indexOf('.', prefix.length()) < 0));
    }
}
