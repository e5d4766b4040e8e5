package org.imsfhir.routes.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (both installed by .ci/run; Selenium
 * Manager cannot download browsers here). A fresh profile per browser, no background traffic (the
 * machine has no way out).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("ims.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("ims.chromedriver", "/usr/bin/chromedriver"));
    /** Where the tests leave their screenshots. */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final Duration FIND_WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final Path profile;
    private final String base;

    public Browser(String base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run does)");
        }
        this.base = base;
        this.profile = TestDirs.create("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(base + path);
    }

    public void logIn(String user, String password) {
        open("/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        // The click may return before the answer loads: wait for it (the next page, or the login
        // page again with ?error), so callers read the outcome rather than the form they left.
        try {
            new WebDriverWait(driver, FIND_WAIT).until(d -> !d.getCurrentUrl().endsWith("/console/login"));
        } catch (TimeoutException e) {
            throw new AssertionError("still on " + driver.getCurrentUrl() + " " + FIND_WAIT.toSeconds() + " s after logging in", e);
        }
    }

    /**
     * The element, waiting up to 30 s for it: a click that submits a form or follows redirects (single
     * sign-on goes through the authorization server and back) may return before the next page is there.
     */
    public WebElement find(String css) {
        try {
            return new WebDriverWait(driver, FIND_WAIT).until(d -> d.findElement(By.cssSelector(css)));
        } catch (TimeoutException e) {
            String text = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("no " + css + " on " + driver.getCurrentUrl() + " after " + FIND_WAIT.toSeconds()
                    + " s; the page reads: " + text.substring(0, Math.min(600, text.length())), e);
        }
    }

    /**
     * The address once it contains {@code part}, waiting up to 30 s: a click on a submit button may
     * return while the old page is still shown, and a field found then belongs to the page that goes.
     */
    public String awaitUrl(String part) {
        try {
            new WebDriverWait(driver, FIND_WAIT).until(ExpectedConditions.urlContains(part));
            return driver.getCurrentUrl();
        } catch (TimeoutException e) {
            throw new AssertionError("the address " + driver.getCurrentUrl() + " did not come to contain " + part
                    + " in " + FIND_WAIT.toSeconds() + " s", e);
        }
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** The page's HTML as served and changed since, for scans. */
    public String source() {
        return driver.getPageSource();
    }

    /** Saves a PNG of the window as target/console-screenshots/NAME.png and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
