package dev.solid.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/**
 * Reads a JSON string, and only a JSON string, into a Java {@code String}: a number, boolean,
 * object or array where text is expected is {@code invalid_type} (Jackson would otherwise store
 * {@code 1e309} as "1e309"), and text PostgreSQL cannot store or that is not valid Unicode (a NUL
 * character, a lone surrogate) is {@code invalid_characters}. Both name the field in the 422.
 */
public final class StrictText extends StdScalarDeserializer<String> {
  /** The {@code details[].error} of text with a NUL character or a lone surrogate. */
  public static final String INVALID_CHARACTERS = "invalid_characters";

  public StrictText() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (String) ctxt.handleUnexpectedToken(String.class, p);
    }
    String text = p.getText();
    if (!isStorable(text)) {
      throw new InvalidTextException(p, text);
    }
    return text;
  }

  /** False for text with a NUL character or an unpaired UTF-16 surrogate. */
  public static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Text the platform refuses to store; mapped to 422 {@code invalid_characters}. */
  public static final class InvalidTextException extends InvalidFormatException {
    InvalidTextException(JsonParser p, String text) {
      super(p, "Text must not contain NUL characters or unpaired surrogates", text, String.class);
    }
  }
}
