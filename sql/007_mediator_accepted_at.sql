-- ipdesk schema, version 7: the day a mediator accepted a case, so the
-- acceptance due date shows met or late for good.
ALTER TABLE mediation ADD COLUMN mediator_accepted_at DATETIME(3) NULL;
UPDATE mediation SET mediator_accepted_at = COALESCE(started_at, updated_at)
  WHERE mediator_accepted = 1;
