-- A moved grid takes its residents' cases along (UPDATE resident_case ... WHERE node_id): by index, not by a scan.
CREATE INDEX resident_case_node ON resident_case (node_id);
