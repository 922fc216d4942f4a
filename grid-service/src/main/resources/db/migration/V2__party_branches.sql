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

-- Each branch name people were given becomes a branch per town its members are posted in (two towns' "马家村党支部"
-- are two branches), placed at the node where a member of that name in that town is its secretary; a branch no
-- secretary places stays unplaced (node_id NULL) until the province admin places it, and no secretary decides for
-- it meanwhile. A person's town is the second id of the path of their earliest active post ('' for none).
CREATE TEMPORARY TABLE member_town AS
SELECT p.id AS person_id, p.party_branch AS name,
       COALESCE((SELECT split_part(n.path, '/', 3) FROM assignment a JOIN grid_node n ON n.id = a.node_id
                  WHERE a.person_id = p.id AND a.status = 'ACTIVE'
                  ORDER BY a.valid_from, a.id LIMIT 1), '') AS town
  FROM person p
 WHERE p.party_branch IS NOT NULL;
CREATE TEMPORARY TABLE named_branch AS
SELECT g.name, g.town, gen_random_uuid() AS id,
       (SELECT a.node_id FROM assignment a JOIN member_town s ON s.person_id = a.person_id
         WHERE s.name = g.name AND s.town = g.town AND g.town <> ''
           AND a.role = 'BRANCH_SECRETARY' AND a.status = 'ACTIVE'
         ORDER BY a.valid_from, a.id LIMIT 1) AS node_id
  FROM (SELECT DISTINCT name, town FROM member_town) g;
INSERT INTO party_branch (id, node_id, name, version, created_by, created_at, updated_by, updated_at)
SELECT id,
       CASE WHEN row_number() OVER (PARTITION BY node_id ORDER BY name, town) = 1 THEN node_id END,
       name, 0, 'migration', now(), 'migration', now()
  FROM named_branch;
ALTER TABLE person ADD COLUMN party_branch_id UUID REFERENCES party_branch (id);
UPDATE person SET party_branch_id = b.id
  FROM member_town m JOIN named_branch b ON b.name = m.name AND b.town = m.town
 WHERE person.id = m.person_id;
ALTER TABLE person DROP COLUMN party_branch;
CREATE INDEX person_party_branch ON person (party_branch_id) WHERE party_branch_id IS NOT NULL;
DROP TABLE named_branch;
DROP TABLE member_town;
