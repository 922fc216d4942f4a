-- The inbox forgets handled ids by age (KernelPruner): the delete walks this index, not the table.
CREATE INDEX inbox_event_handled_at ON inbox_event (handled_at);
