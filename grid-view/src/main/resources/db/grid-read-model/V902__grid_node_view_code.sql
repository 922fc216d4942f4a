-- A node named by its code (an Open311 request's address_id, a county's own systems): by index.
CREATE INDEX grid_node_view_code ON grid_node_view (code);
