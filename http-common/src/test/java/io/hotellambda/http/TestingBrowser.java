package io.hotellambda.http;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Debian's Chromium, headless, driven by its own chromedriver: both paths are set explicitly
 * ({@code -Dchrome.binary}, {@code -Dchromedriver}; Debian's by default), so Selenium downloads
 * nothing. As a JUnit extension it saves a screenshot and the page's HTML under
 * {@code target/screenshots/} when a test fails.
 */
public final class TestingBrowser
        implements AutoCloseable, TestWatcher
{
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;

    public TestingBrowser()
    {
        String binary = System.getProperty("chrome.binary", "/usr/bin/chromium");
        String chromedriver = System.getProperty("chromedriver", "/usr/bin/chromedriver");
        if (!new File(binary).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (%s, %s): apt-get install chromium chromium-driver"
                    .formatted(binary, chromedriver));
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // a click that submits a form returns before the next page is there: finding waits for it
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    }

    public ChromeDriver driver()
    {
        return driver;
    }

    public void open(String url)
    {
        driver.get(url);
    }

    public WebElement find(String css)
    {
        return driver.findElement(By.cssSelector(css));
    }

    /** The elements the page has now, without waiting for one to appear (none is an answer). */
    public java.util.List<WebElement> findAllNow(String css)
    {
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return driver.findElements(By.cssSelector(css));
        }
        finally {
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        }
    }

    /** Whether the page has an element (waiting for it as {@link #find} does). */
    public boolean exists(String css)
    {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** Waits up to 20 s for {@code condition}, looking again when the page it looked at was replaced (a form's redirect). */
    public <T> T await(ExpectedCondition<T> condition)
    {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** A date input's value, set as a person picking it would (typing into one depends on the locale). */
    public void setValue(String css, String value)
    {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", find(css), value);
    }

    public Optional<String> cookie(String name)
    {
        return Optional.ofNullable(driver.manage().getCookieNamed(name)).map(Cookie::getValue);
    }

    /** A new visitor: no cookies for the current site. */
    public void forget()
    {
        driver.manage().deleteAllCookies();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause)
    {
        try {
            Files.createDirectories(SCREENSHOTS);
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (RuntimeException e) {
            // the browser itself failed: nothing to save
        }
    }

    @Override
    public void close()
    {
        driver.quit();
    }
}
