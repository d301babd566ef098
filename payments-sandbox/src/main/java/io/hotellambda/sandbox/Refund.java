package io.hotellambda.sandbox;


/** A refund of part or all of a succeeded intent. */
public record Refund(String id, String object, String paymentIntent, long amount, String currency, String status, long created) {}
