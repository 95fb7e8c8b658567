package dev.solid.messaging.contact;

import dev.solid.common.error.ApiException;
import dev.solid.common.error.ErrorCode;

/**
 * 503 {@code service_unavailable}: the request needs a contact the projection does not have yet and
 * crm could not be asked (down, too slow, or answering 5xx). The client should retry after {@code
 * Retry-After}.
 */
public class CrmUnavailableException extends ApiException {
  /** Seconds a client is told to wait before retrying. */
  static final int RETRY_AFTER_SECONDS = 5;

  public CrmUnavailableException() {
    super(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The contact could not be looked up because the CRM service is unavailable; retry shortly");
    retryAfter(RETRY_AFTER_SECONDS);
  }
}
