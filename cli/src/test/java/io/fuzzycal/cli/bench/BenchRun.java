package io.fuzzycal.cli.bench;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.inference.DefaultModel;
import io.fuzzycal.inference.ModelQuantizer;
import io.fuzzycal.inference.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code fuzzycal} in-process with captured output, and the default bundle the benchmarks run on. */
final class BenchRun {
    record Result(int exitCode, String out, String err) {
    }

    private static Path bundle;

    private BenchRun() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = FuzzycalCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The default bundle built from the committed head into {@code target/test-bundles}, kept between runs. */
    static synchronized Path bundle() throws IOException {
        if (bundle == null) {
            Path dir = Path.of("target", "test-bundles", DefaultModel.BUNDLE_NAME).toAbsolutePath();
            bundle = DefaultModel.ensureBuilt(dir, ModelQuantizer.installed(), ProgressListener.SILENT).directory();
        }
        return bundle;
    }
}
