-- recur database schema, version 3: reserved. Another branch adds its
-- migration under this number; this placeholder changes nothing, so that
-- migrate-4.sql (the similarity index) applies on top of version 2 or 3.
SELECT 1;
