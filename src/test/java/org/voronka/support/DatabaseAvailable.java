package org.voronka.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips database tests with a clear message when PostgreSQL was asked for but is not there; under
 * {@code CI=true} its absence fails the run instead.
 */
public class DatabaseAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = TestDatabase.unavailableReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled(TestDatabase.POSTGRES ? "on PostgreSQL" : "on H2");
        }
        if (TestDatabase.CI) {
            throw new IllegalStateException("CI=true and the PostgreSQL tests cannot run: " + reason);
        }
        return ConditionEvaluationResult.disabled("Skipped: " + reason + ". Start PostgreSQL (see README) to run these tests.");
    }
}
