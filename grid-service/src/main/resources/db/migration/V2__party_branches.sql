-- Party branches are records with an id and a place (the node whose 党支部 they are), not free text: a secretary
-- of "X" in one town has no power over a branch "X" in another. One branch per node; its secretary is whoever
-- holds the BRANCH_SECRETARY post at that node.
CREATE TABLE party_branch (
    id          UUID         PRIMARY KEY,
    node_id     UUID         REFERENCES grid_node (id),
    name        VARCHAR(100) NOT NULL,
    version     BIGINT       NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_by  VARCHAR(200) NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX party_branch_one_per_node ON party_branch (node_id) WHERE node_id IS NOT NULL;

-- Each branch name people were given becomes a branch, placed at the node where one of its members is its
-- secretary; a name no secretary places stays unplaced (node_id NULL) until a town admin places it, and no
-- secretary decides for it meanwhile.
CREATE TEMPORARY TABLE named_branch AS
SELECT p.party_branch AS name, gen_random_uuid() AS id,
       (SELECT a.node_id FROM assignment a JOIN person s ON s.id = a.person_id
         WHERE s.party_branch = p.party_branch AND a.role = 'BRANCH_SECRETARY' AND a.status = 'ACTIVE'
         ORDER BY a.valid_from, a.id LIMIT 1) AS node_id
  FROM (SELECT DISTINCT party_branch FROM person WHERE party_branch IS NOT NULL) p;
INSERT INTO party_branch (id, node_id, name, version, created_by, created_at, updated_by, updated_at)
SELECT id,
       CASE WHEN row_number() OVER (PARTITION BY node_id ORDER BY name) = 1 THEN node_id END,
       name, 0, 'migration', now(), 'migration', now()
  FROM named_branch;
ALTER TABLE person ADD COLUMN party_branch_id UUID REFERENCES party_branch (id);
UPDATE person SET party_branch_id = b.id FROM named_branch b WHERE b.name = person.party_branch;
ALTER TABLE person DROP COLUMN party_branch;
CREATE INDEX person_party_branch ON person (party_branch_id) WHERE party_branch_id IS NOT NULL;
DROP TABLE named_branch;
