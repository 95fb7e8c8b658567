package dev.solid.crm.task;

/** The values and bounds of a task, shared by the request records, the filters and the service. */
final class TaskRules {
  static final String DONE = "done";
  static final String TODO = "todo";
  static final String MEDIUM = "medium";
  static final String STATUSES = "todo|in_progress|done";
  static final String STATUSES_TEXT = "todo, in_progress, done";
  static final String STATUSES_MESSAGE = "must be one of " + STATUSES_TEXT;
  static final String PRIORITIES = "low|medium|high";
  static final String PRIORITIES_MESSAGE = "must be one of low, medium, high";
  static final int MAX_TITLE = 500;
  static final int MAX_BODY = 20_000;
  static final int MAX_ASSIGNEE = 200;

  private TaskRules() {}
}
