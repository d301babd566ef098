package io.hotellambda.serving.speed;

import io.hotellambda.infra.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestCircuitBreaker
{
    private final TestingClock clock = new TestingClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker("Redis", Duration.ofSeconds(1), clock);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aFailureOpensTheBreakerSoCallsFailWithoutBeingMadeUntilATrialSucceeds()
    {
        assertThat(breaker.call(this::succeed)).isEqualTo("ok");
        assertThatThrownBy(() -> breaker.call(this::fail)).isInstanceOf(CircuitBreaker.OpenException.class).hasMessageContaining("connection refused");
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.openedCount()).isEqualTo(1);

        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> breaker.call(this::succeed)).isInstanceOf(CircuitBreaker.OpenException.class).hasMessageContaining("circuit open");
        assertThat(calls).hasValue(2);

        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.call(this::succeed)).isEqualTo("ok");
        assertThat(breaker.isOpen()).isFalse();
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailedTrialOpensTheBreakerForAnotherPeriod()
    {
        assertThatThrownBy(() -> breaker.call(this::fail)).isInstanceOf(CircuitBreaker.OpenException.class);
        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> breaker.call(this::fail)).isInstanceOf(CircuitBreaker.OpenException.class).hasMessageContaining("connection refused");
        clock.advance(Duration.ofMillis(500));
        assertThatThrownBy(() -> breaker.call(this::succeed)).hasMessageContaining("circuit open");
        assertThat(calls).hasValue(2);
        assertThat(breaker.openedCount()).isEqualTo(1);
    }

    @Test
    void whileATrialRunsOtherCallsFailFast()
            throws Exception
    {
        assertThatThrownBy(() -> breaker.call(this::fail)).isInstanceOf(CircuitBreaker.OpenException.class);
        clock.advance(Duration.ofSeconds(1));
        Thread trial = new Thread(() -> breaker.call(() -> {
            // a call made while this trial is in flight
            assertThatThrownBy(() -> breaker.call(this::succeed)).hasMessageContaining("circuit open");
            return succeed();
        }));
        trial.start();
        trial.join();

        assertThat(calls).hasValue(2);
        assertThat(breaker.isOpen()).isFalse();
    }

    private String succeed()
    {
        calls.incrementAndGet();
        return "ok";
    }

    private String fail()
    {
        calls.incrementAndGet();
        throw new IllegalStateException("connection refused");
    }
}
