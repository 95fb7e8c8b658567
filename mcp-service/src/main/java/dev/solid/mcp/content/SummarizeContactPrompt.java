package dev.solid.mcp.content;

import io.quarkiverse.mcp.server.Prompt;
import io.quarkiverse.mcp.server.PromptArg;
import io.quarkiverse.mcp.server.PromptMessage;
import jakarta.inject.Singleton;

/**
 * Seed 001's summarization agent as a prompt: read a contact, its conversation and its timeline
 * with the read tools, and summarize. Works with a read-only key (read:contacts, read:messages).
 */
@Singleton
public class SummarizeContactPrompt {

  @Prompt(
      name = "summarize_contact",
      title = "Summarize a contact",
      description =
          "Summarize one contact: who they are, what was said with them, where they stand, and"
              + " the next step. Uses get_contact, list_conversation and get_contact_timeline"
              + " (read:contacts and read:messages).")
  PromptMessage summarizeContact(
      @PromptArg(name = "contact_id", description = "The contact's id") String contactId,
      @PromptArg(
              name = "focus",
              description = "Optional: what the summary is for (e.g. 'renewal call tomorrow')",
              required = false)
          String focus) {
    String goal = focus == null || focus.isBlank() ? "" : " The summary is for: " + focus + ".";
    return PromptMessage.withUserRole(
        "Summarize the Solid CRM contact "
            + contactId
            + "."
            + goal
            + " First call get_contact with contact_id "
            + contactId
            + ", then list_conversation and get_contact_timeline for the same contact (follow"
            + " next_cursor while has_more is true if you need older history). Then write: who"
            + " the contact is (name, tags, lead score), a short account of the conversation so"
            + " far with dates, open deals or orders, and one recommended next step. Quote nothing"
            + " you did not read in the tool results, and say so when a tool returned an error.");
  }
}
