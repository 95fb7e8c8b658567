package dev.solid.payments.invoice;

import dev.solid.payments.money.MoneyFormat;
import dev.solid.payments.order.LineItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders an invoice as the API answers it into a one-or-more-page US Letter PDF: number (or
 * "Draft"), dates, the bill-to contact, the lines, the totals, and a PAID, VOID or UNCOLLECTIBLE
 * stamp. Only the standard Helvetica fonts are used, so no font file ships and the PDF stays small;
 * a character Helvetica cannot encode (WinAnsi) is left out rather than failing the render, and a
 * currency symbol it cannot encode is written as the currency code. Blocking work: callers run it
 * on a worker thread.
 */
@ApplicationScoped
public class InvoicePdf {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);
  private static final float MARGIN = 54;
  private static final float LINE = 16;
  // Columns of the line item table: description left, the rest right-aligned at these x.
  private static final float QTY_RIGHT = 360;
  private static final float UNIT_RIGHT = 460;
  private static final float AMOUNT_RIGHT = PDRectangle.LETTER.getWidth() - MARGIN;
  private static final float DESCRIPTION_WIDTH = 250;

  /** The PDF's bytes. */
  public byte[] render(InvoiceResponse invoice) {
    try (PDDocument document = new PDDocument()) {
      Canvas canvas = new Canvas(document);
      try {
        draw(canvas, invoice);
      } finally {
        canvas.close();
      }
      document.getDocumentInformation().setTitle(canvas.clean(title(invoice)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Invoice " + invoice.id() + " could not be rendered", e);
    }
  }

  /** The file name the PDF is offered as: {@code INV-0001.pdf}, or for a draft by its id. */
  public static String fileName(InvoiceResponse invoice) {
    return invoice.number() == null
        ? "invoice-" + invoice.id() + "-draft.pdf"
        : invoice.number().replaceAll("[^A-Za-z0-9_-]", "_") + ".pdf";
  }

  private static String title(InvoiceResponse invoice) {
    return "Invoice " + (invoice.number() == null ? "Draft" : invoice.number());
  }

  private void draw(Canvas c, InvoiceResponse invoice) throws IOException {
    c.text(MARGIN, c.y, c.bold, 24, "Invoice");
    c.right(AMOUNT_RIGHT, c.y, c.bold, 16, invoice.number() == null ? "Draft" : invoice.number());
    String stamp = stamp(invoice.status());
    if (stamp != null) {
      c.color(0.75f, 0.1f, 0.1f);
      c.right(AMOUNT_RIGHT, c.y - 30, c.bold, 28, stamp);
      c.color(0, 0, 0);
    }
    c.y -= 2 * LINE + 6;

    InvoiceResponse.StatusTransitions at = invoice.statusTransitions();
    labeled(c, "Invoice number", invoice.number() == null ? "Draft" : invoice.number());
    labeled(
        c,
        "Date of issue",
        date(at.finalizedAt() != null ? at.finalizedAt() : invoice.createdAt()));
    if (invoice.dueDate() != null) {
      labeled(c, "Date due", date(invoice.dueDate()));
    }
    if (at.paidAt() != null) {
      labeled(c, "Date paid", date(at.paidAt()));
    }
    if (at.voidedAt() != null) {
      labeled(c, "Date voided", date(at.voidedAt()));
    }
    c.y -= LINE / 2;
    c.text(MARGIN, c.y, c.bold, 11, "Bill to");
    c.y -= LINE;
    c.text(MARGIN, c.y, c.regular, 11, "Contact " + invoice.contactId());
    c.y -= LINE * 1.5f;
    if (invoice.description() != null) {
      for (String line : wrap(c, invoice.description(), 10, AMOUNT_RIGHT - MARGIN)) {
        c.ensure(LINE);
        c.text(MARGIN, c.y, c.regular, 10, line);
        c.y -= LINE;
      }
      c.y -= LINE / 2;
    }

    tableHeader(c);
    String currency = invoice.currency();
    for (LineItem item : invoice.lineItems()) {
      if (c.ensure(LINE)) {
        tableHeader(c);
      }
      c.text(MARGIN, c.y, c.regular, 10, c.fit(item.description(), 10, DESCRIPTION_WIDTH));
      c.right(QTY_RIGHT, c.y, c.regular, 10, Integer.toString(item.quantity()));
      c.right(UNIT_RIGHT, c.y, c.regular, 10, money(c, item.unitAmount(), currency));
      c.right(AMOUNT_RIGHT, c.y, c.regular, 10, money(c, item.amount(), currency));
      c.y -= LINE;
    }
    c.ensure(LINE * 6);
    c.rule(c.y + LINE - 4);
    c.y -= 4;
    total(c, c.regular, "Subtotal", money(c, invoice.subtotal(), currency));
    total(c, c.bold, "Total", money(c, invoice.total(), currency));
    total(c, c.regular, "Amount paid", money(c, invoice.amountPaid(), currency));
    total(c, c.bold, "Amount due", money(c, invoice.amountRemaining(), currency));
    if (invoice.hostedInvoiceUrl() != null
        && invoice.amountRemaining() > 0
        && stamp(invoice.status()) == null) {
      c.y -= LINE;
      c.ensure(LINE);
      c.text(MARGIN, c.y, c.regular, 9, "Pay online: " + invoice.hostedInvoiceUrl());
    }
  }

  private static String stamp(String status) {
    return switch (status) {
      case "paid" -> "PAID";
      case "void" -> "VOID";
      case "uncollectible" -> "UNCOLLECTIBLE";
      default -> null;
    };
  }

  private void labeled(Canvas c, String label, String value) throws IOException {
    c.text(MARGIN, c.y, c.bold, 10, label);
    c.text(MARGIN + 110, c.y, c.regular, 10, value);
    c.y -= LINE;
  }

  private void tableHeader(Canvas c) throws IOException {
    c.text(MARGIN, c.y, c.bold, 10, "Description");
    c.right(QTY_RIGHT, c.y, c.bold, 10, "Qty");
    c.right(UNIT_RIGHT, c.y, c.bold, 10, "Unit price");
    c.right(AMOUNT_RIGHT, c.y, c.bold, 10, "Amount");
    c.rule(c.y - 5);
    c.y -= LINE + 2;
  }

  private void total(Canvas c, PDType1Font font, String label, String amount) throws IOException {
    c.right(UNIT_RIGHT, c.y, font, 10, label);
    c.right(AMOUNT_RIGHT, c.y, font, 10, amount);
    c.y -= LINE;
  }

  /**
   * {@code $1,200.00}; the code in front ({@code INR 1,200.00}) when Helvetica lacks the symbol.
   */
  private static String money(Canvas c, long amount, String currency) {
    String symbol = MoneyFormat.symbol(currency);
    return c.encodable(symbol)
        ? symbol + MoneyFormat.number(amount, currency)
        : currency.toUpperCase(Locale.ROOT) + " " + MoneyFormat.number(amount, currency);
  }

  private static String date(Instant instant) {
    return DATE.format(instant.atZone(ZoneOffset.UTC));
  }

  private static String date(LocalDate date) {
    return DATE.format(date);
  }

  private static List<String> wrap(Canvas c, String text, float size, float width)
      throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : c.clean(text).split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (c.width(candidate, c.regular, size) <= width || line.isEmpty()) {
        line.setLength(0);
        line.append(c.fit(candidate, size, width));
      } else {
        lines.add(line.toString());
        line.setLength(0);
        line.append(c.fit(word, size, width));
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** The page being drawn, its fonts and the baseline ({@code y}) of the next line. */
  private static final class Canvas {
    final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDDocument document;
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private PDPageContentStream stream;
    float y;

    Canvas(PDDocument document) throws IOException {
      this.document = document;
      newPage();
    }

    private void newPage() throws IOException {
      if (stream != null) {
        stream.close();
      }
      PDPage page = new PDPage(PDRectangle.LETTER);
      document.addPage(page);
      stream = new PDPageContentStream(document, page);
      y = page.getMediaBox().getHeight() - MARGIN;
    }

    /** Starts a new page when {@code height} no longer fits; true when it did. */
    boolean ensure(float height) throws IOException {
      if (y - height >= MARGIN) {
        return false;
      }
      newPage();
      return true;
    }

    void text(float x, float baseline, PDType1Font font, float size, String text)
        throws IOException {
      stream.beginText();
      stream.setFont(font, size);
      stream.newLineAtOffset(x, baseline);
      stream.showText(clean(text));
      stream.endText();
    }

    void right(float xRight, float baseline, PDType1Font font, float size, String text)
        throws IOException {
      String clean = clean(text);
      text(xRight - width(clean, font, size), baseline, font, size, clean);
    }

    void rule(float at) throws IOException {
      stream.setLineWidth(0.5f);
      stream.moveTo(MARGIN, at);
      stream.lineTo(AMOUNT_RIGHT, at);
      stream.stroke();
    }

    void color(float r, float g, float b) throws IOException {
      stream.setNonStrokingColor(r, g, b);
    }

    float width(String text, PDType1Font font, float size) throws IOException {
      return font.getStringWidth(clean(text)) / 1000 * size;
    }

    /** {@code text} cut to {@code width} with an ellipsis when longer. */
    String fit(String text, float size, float width) throws IOException {
      String clean = clean(text);
      if (width(clean, regular, size) <= width) {
        return clean;
      }
      String cut = clean;
      while (!cut.isEmpty() && width(cut + "...", regular, size) > width) {
        cut = cut.substring(0, cut.length() - 1);
      }
      return cut + "...";
    }

    /** Whitespace as a space, and only what both fonts can encode (WinAnsi). */
    String clean(String text) {
      if (text == null) {
        return "";
      }
      StringBuilder out = new StringBuilder(text.length());
      text.codePoints()
          .forEach(
              cp -> {
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                  out.append(' ');
                } else if (encodable.computeIfAbsent(cp, this::canEncode)) {
                  out.appendCodePoint(cp);
                }
              });
      return out.toString();
    }

    boolean encodable(String text) {
      return clean(text).equals(text);
    }

    private boolean canEncode(int codePoint) {
      String character = new String(Character.toChars(codePoint));
      try {
        regular.encode(character);
        bold.encode(character);
        return true;
      } catch (IllegalArgumentException | IOException e) {
        return false;
      }
    }

    void close() throws IOException {
      stream.close();
    }
  }
}
