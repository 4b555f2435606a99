package nl.koppel.screens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for every browser test of the JVM.
 * Koppel is reached as {@code http://koppel.test}, which Chromium maps to the test's random port: the name is the
 * one the simulators have registered as Koppel's redirect URI (application-test.yaml), so the accounting systems'
 * redirect lands on the running Koppel as it would in production.
 */
final class BrowserSession {

    static final String KOPPEL = "http://koppel.test";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static BrowserSession shared;

    final ChromeDriver driver;
    private final WebDriverWait wait;

    private BrowserSession(int koppelPort) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("koppel.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--host-resolver-rules=MAP koppel.test 127.0.0.1:" + koppelPort);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("koppel.chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
    }

    /** The JVM's browser, started at the first use (the port of the shared Spring context is then known). */
    static synchronized BrowserSession forKoppelAt(int koppelPort) {
        if (shared == null) {
            shared = new BrowserSession(koppelPort);
        }
        return shared;
    }

    void open(String path) {
        driver.get(KOPPEL + path);
    }

    /** Signs out whoever was signed in, then signs in with the form. */
    void signIn(String username, String password) {
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("aanmelden")).click();
        waitFor(By.cssSelector("header.top nav"));
    }

    WebElement waitFor(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void waitForText(By locator, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    String text(By locator) {
        return waitFor(locator).getText();
    }

    void phoneWidth(boolean phone) {
        driver.manage().window().setSize(phone ? new Dimension(390, 844) : new Dimension(1280, 900));
    }

    /** Whether the page is wider than the window (a phone would have to scroll sideways). */
    boolean overflowsSideways() {
        Object overflow = driver.executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth + 1");
        return Boolean.TRUE.equals(overflow);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
