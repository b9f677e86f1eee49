package org.voronka.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips browser tests with a clear message when Chromium is not installed; under {@code CI=true}
 * its absence fails the run instead. Playwright never downloads a browser: it drives the system's
 * Chromium ({@code voronka.test.chromium}, {@code CHROMIUM_PATH} or /usr/bin/chromium).
 */
public class BrowserAvailable implements ExecutionCondition {

    public static Path chromium() {
        String configured = System.getProperty("voronka.test.chromium", System.getenv("CHROMIUM_PATH"));
        return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Path path = chromium();
        if (Files.isExecutable(path)) {
            return ConditionEvaluationResult.enabled("Chromium at " + path);
        }
        if (TestDatabase.CI) {
            throw new IllegalStateException("CI=true and the browser tests cannot run: no Chromium at " + path);
        }
        return ConditionEvaluationResult.disabled("Skipped: no Chromium at " + path
                + ". Install it (apt-get install chromium) or set CHROMIUM_PATH to run the browser tests.");
    }
}
