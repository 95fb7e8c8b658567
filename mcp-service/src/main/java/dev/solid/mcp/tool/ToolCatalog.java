package dev.solid.mcp.tool;

import java.util.List;

/** A group of tools (contacts, deals, ...); the registrar registers every catalog's tools. */
public interface ToolCatalog {
  List<ToolSpec> tools();
}
