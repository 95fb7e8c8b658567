package dev.solid.payments.invoice;

import dev.solid.common.error.ApiException;
import dev.solid.payments.checkout.CardForm;
import dev.solid.payments.checkout.CardSubmission;
import dev.solid.payments.checkout.CheckoutPage;
import dev.solid.payments.checkout.HostedPage;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The hosted invoice page, for the invoice's customer: no API key (the gateway routes {@code
 * /pay/**} unauthenticated and passes HTML answers through), the unguessable token names the link.
 * Every answer is an HTML page, errors included (the mappers below), never problem+json. In live
 * mode Stripe's Checkout page sends the customer back here with {@code ?session_id=…}. Not part of
 * the public API's OpenAPI document: these are pages, not operations.
 */
@Path(InvoiceCheckoutResource.PATH + "/{token}")
@Produces(MediaType.TEXT_HTML)
public class InvoiceCheckoutResource {
  public static final String PATH = "/pay/invoices";
  private static final Logger LOG = Logger.getLogger(InvoiceCheckoutResource.class);

  private final InvoiceCheckout checkout;

  public InvoiceCheckoutResource(InvoiceCheckout checkout) {
    this.checkout = checkout;
  }

  @GET
  @Operation(hidden = true)
  public Uni<RestResponse<String>> page(
      @PathParam("token") String token, @RestQuery("session_id") String sessionId) {
    return checkout.page(token, sessionId).map(HostedPage::response);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Uni<RestResponse<String>> pay(
      @PathParam("token") String token,
      @RestForm("csrf_token") String csrfToken,
      @RestForm(CardForm.NUMBER) String cardNumber,
      @RestForm(CardForm.EXPIRY) String expiry,
      @RestForm(CardForm.CVC) String cvc,
      @RestForm(CardForm.NAME) String name) {
    return checkout
        .pay(token, new CardSubmission(csrfToken, cardNumber, expiry, cvc, name))
        .map(HostedPage::response);
  }

  /** A refusal the pages did not turn into a page themselves (e.g. crm or a processor): HTML. */
  @ServerExceptionMapper
  public RestResponse<String> refused(ApiException e) {
    LOG.debugf("Checkout page answered %s: %s", e.status(), e.getMessage());
    return new HostedPage(
            e.status(), CheckoutPage.message("This payment cannot be made now", e.getMessage()))
        .response();
  }

  /** Anything unexpected: logged here, a page without detail for the customer. */
  @ServerExceptionMapper
  public RestResponse<String> failed(RuntimeException e) {
    LOG.error("Checkout page failed", e);
    return new HostedPage(
            500,
            CheckoutPage.message(
                "Something went wrong",
                "The payment page failed. If you submitted a payment, it is charged at most once:"
                    + " reload the page in a moment."))
        .response();
  }
}
