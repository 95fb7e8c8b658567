package dev.solid.payments.checkout;

/**
 * What the receipt page shows after a successful payment.
 *
 * @param reference what was paid, as the customer may quote it ("Order 1042", "Invoice INV-7")
 * @param cardBrand the processor's brand ("visa")
 * @param cardLast4 the card's last four digits
 * @param continueUrl where the customer goes next (the merchant's redirect), or null
 */
public record Receipt(String reference, String cardBrand, String cardLast4, String continueUrl) {}
