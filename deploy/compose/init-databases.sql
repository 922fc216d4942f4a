-- One database per service; each service's Flyway migrations create its tables.
CREATE DATABASE grid;
CREATE DATABASE task;
CREATE DATABASE report;
CREATE DATABASE points;
