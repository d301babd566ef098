package io.hotellambda.batch.audit;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.config.Settings;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The audit's settings beside {@code BatchConfig}'s, with the same {@code BATCH_} prefix
 * ({@code audit.max.drift} is {@code BATCH_AUDIT_MAX_DRIFT}; Redis is {@code BATCH_REDIS_URI}).
 */
public record AuditConfig(RedisTarget redis, DayAudit.Thresholds thresholds)
{
    public AuditConfig
    {
        requireNonNull(redis, "redis is null");
        requireNonNull(thresholds, "thresholds is null");
    }

    public static AuditConfig load(Settings settings)
    {
        return new AuditConfig(
                RedisTarget.load(settings, Duration.ofSeconds(5)),
                new DayAudit.Thresholds(
                        fraction(settings, "audit.max.drift", "0.001"),
                        fraction(settings, "audit.max.hotel.drift", "0.01"),
                        settings.integer("audit.min.hotel.views", 100)));
    }

    private static double fraction(Settings settings, String key, String defaultValue)
    {
        String value = settings.string(key, defaultValue);
        try {
            double fraction = Double.parseDouble(value);
            if (fraction >= 0 && fraction <= 1) {
                return fraction;
            }
        }
        catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("%s[%s] must be a fraction from 0 to 1 (0.01 is 1%%)".formatted(key, value));
    }
}
