package io.fuzzycal.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for page tests: the system's headless Chromium ({@code /usr/bin/chromium}) driven by the
 * system's chromedriver ({@code /usr/bin/chromedriver}, Debian's {@code chromium} and {@code chromium-driver})
 * through Selenium. Both paths are given to Selenium, so Selenium Manager never looks for or downloads a
 * browser or a driver. A missing browser goes through {@link ExternalTool}: fails in CI, skips elsewhere.
 * Each instance has its own profile folder and a fixed window size, so screenshots are comparable.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String INSTALL = "apt-get install chromium chromium-driver";

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser with a {@code width} × {@code height} window; see the class comment for a missing one. */
    public static HeadlessChromium start(int width, int height) throws IOException {
        ExternalTool.require(CHROMEDRIVER, INSTALL, "--version");
        ExternalTool.require(CHROMIUM, INSTALL, "--version");
        Path profile = Files.createTempDirectory("fuzzycal-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--hide-scrollbars", "--force-device-scale-factor=1",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            deleteProfile(profile);
            throw e;
        }
    }

    /** The Selenium driver, for anything this class does not wrap. */
    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Runs {@code script} in the page ({@code return ...} gives a value) with {@code args} as {@code arguments}. */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Polls {@code condition} every 100 ms until it holds; false after {@code timeout}. */
    public boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** Saves what the window shows as a PNG at {@code file} (folders created) and returns it. */
    public Path screenshot(Path file) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, png);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile(profile);
        }
    }

    private static void deleteProfile(Path profile) {
        try {
            Directories.deleteRecursively(profile);
        } catch (IOException e) { // chromium may still be writing its last files; the folder is in the temp dir
            System.err.println("could not delete the chromium profile " + profile + ": " + e);
        }
    }
}
