package org.voronka.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.voronka.account.User;

/**
 * Base of browser tests: the whole application on a random port (as {@link ApiTest}) driven by
 * Playwright in the system's headless Chromium. Each test signs in as a user of its own account.
 */
@ExtendWith(BrowserAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTest extends ApiTest {

    protected Playwright playwright;
    protected Browser browser;

    @BeforeAll
    void startBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(BrowserAvailable.chromium())
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic")));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    /** A user with a known password in the account. */
    protected Login user(TestAccount account, String name, String lang) {
        String email = "user-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local";
        String password = "pw-" + UUID.randomUUID();
        User u = tx.execute(s -> accounts.createUser(account.admin(), name, email, password, lang, true, 0));
        return new Login(u.id(), email, password);
    }

    public record Login(long userId, String email, String password) {}

    protected Page signIn(Login login, String locale) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setLocale(locale));
        context.setDefaultTimeout(10_000);
        Page page = context.newPage();
        page.navigate(base() + "/login");
        page.fill("#email", login.email());
        page.fill("#password", login.password());
        page.click("button[type=submit]");
        page.waitForURL("**/leads/pipeline/*");
        return page;
    }

    /** Saves a screenshot under the build's test artifacts (system property voronka.artifacts). */
    protected Path screenshot(Page page, String name) {
        try {
            Path dir = Path.of(System.getProperty("voronka.artifacts", "target/test-artifacts"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + (TestDatabase.POSTGRES ? "-postgres" : "") + ".png");
            page.screenshot(new Page.ScreenshotOptions().setPath(file));
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until htmx has no request in flight (htmx marks the requesting element with a class meanwhile). */
    protected static void idle(Page page) {
        // a swapped-in element is wired to its triggers only when it settles (htmx-added/-settling go away then)
        page.waitForFunction("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')");
    }

    /** Drags with real mouse moves, as SortableJS (fallback mode) expects from a person. */
    protected static void drag(Page page, String from, String to) {
        var a = page.locator(from).boundingBox();
        double startY = a.height > 30 ? a.y + a.height - 8 : a.y + a.height / 2;
        page.mouse().move(a.x + a.width / 2, startY);
        page.mouse().down();
        page.mouse().move(a.x + a.width / 2 + 5, startY + 10, new Mouse.MoveOptions().setSteps(4));
        page.waitForTimeout(150); // SortableJS starts the drag on its next tick; drop zones appear then
        var b = page.locator(to).boundingBox();
        double x = b.x + b.width / 2;
        double y = b.y + Math.min(40, b.height / 2);
        page.mouse().move(x, y, new Mouse.MoveOptions().setSteps(15));
        page.waitForTimeout(100);
        page.mouse().move(x + 3, y + 2, new Mouse.MoveOptions().setSteps(3));
        page.waitForTimeout(100);
        page.mouse().up();
        idle(page);
    }
}
