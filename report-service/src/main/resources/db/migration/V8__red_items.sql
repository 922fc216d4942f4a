-- Supervised items that turned red (督办红牌), from wangge.supervision.turned-red.v1: one row per supervision, and a
-- counter per node (the item's grid and each of its ancestors) × period (the ISO week and the month of the day it
-- turned red, Asia/Shanghai), so a ranking reads counters, never the items. A moved grid's items take their counts
-- from the old ancestors to the new.
CREATE TABLE red_item (
    supervision_id UUID                      PRIMARY KEY,
    subject_type   VARCHAR(10)               NOT NULL,
    subject_id     UUID                      NOT NULL,
    grid_node_id   UUID                      NOT NULL,
    grid_path      VARCHAR(1000) COLLATE "C" NOT NULL,
    red_on         DATE                      NOT NULL
);
CREATE INDEX red_item_grid ON red_item (grid_node_id);

CREATE TABLE red_counter (
    period_id VARCHAR(50) NOT NULL,
    node_id   UUID        NOT NULL,
    reds      BIGINT      NOT NULL,
    PRIMARY KEY (period_id, node_id)
);
