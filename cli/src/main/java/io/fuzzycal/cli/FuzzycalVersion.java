package io.fuzzycal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version that {@code --version} prints, from a resource the build fills in. */
public final class FuzzycalVersion implements IVersionProvider {

    /** The project version, such as {@code 0.1.0}. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = FuzzycalVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "fuzzycal " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
