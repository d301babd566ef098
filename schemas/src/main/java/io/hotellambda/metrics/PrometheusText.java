package io.hotellambda.metrics;

/**
 * The Prometheus text exposition format (version 0.0.4), as every {@code /metrics} here answers
 * it: per metric a HELP and a TYPE line, then its one sample.
 */
public final class PrometheusText
{
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    public PrometheusText counter(String name, String help, long value)
    {
        return sample(name, help, "counter", Long.toString(value));
    }

    /** A gauge of a whole number (a count, a time in epoch seconds), written without a fraction. */
    public PrometheusText gauge(String name, String help, long value)
    {
        return sample(name, help, "gauge", Long.toString(value));
    }

    public PrometheusText gauge(String name, String help, double value)
    {
        return sample(name, help, "gauge", Double.toString(value));
    }

    /** A gauge of 1 or 0. */
    public PrometheusText gauge(String name, String help, boolean value)
    {
        return sample(name, help, "gauge", value ? "1" : "0");
    }

    private PrometheusText sample(String name, String help, String type, String value)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
        return this;
    }

    @Override
    public String toString()
    {
        return text.toString();
    }
}
