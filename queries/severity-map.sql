-- severity-map.sql — severity labels → recur's scale, 1 (worst) … 5.
--
-- Data, not code: `recur import` runs this file (override it with --share DIR,
-- as DIR/queries/severity-map.sql). Labels are matched after trimming, lower
-- casing, taking accents off and reading each run of spaces, '_' and '-' as
-- one space, so 'P1', ' p1 ', '1 - Critical' and '1_critical' find their row.
-- The same words in other languages ('Alta', 'Hoch', 'Высокий', '高') are in
-- queries/vocabulary/; a label here wins over them. A label with no row leaves severity NULL, keeps the label
-- in severity_label, and is counted as a rejected value.
--
-- Choices where tools disagree:
-- * high = 2, low = 4 in every vocabulary (Jira's Highest/High/Medium/Low/
--   Lowest, PagerDuty's high/low urgency, Zendesk's urgent/high/normal/low):
--   "high" is bad but not the worst, "low" is minor but not nothing. The
--   ServiceNow numbered forms keep their number ('1 - High' = 1, '3 - Low' = 3)
--   because there the digit is the scale.
-- * critical = 1 and major = 2 (incident vocabularies, Statuspage impact),
--   not Jira's legacy Blocker/Critical/Major order; blocker = 1.
-- * SEVn: a column that holds any SEV0 label is read on the SEV0 scale
--   (SEV0 = 1 … SEV4 = 5); otherwise SEV1 = 1 … SEV5 = 5. The choice is made
--   per column, like the date order, and reported in the import result. The
--   column sev0_scale holds the value on the SEV0 scale; a row whose severity
--   is NULL and sev0_scale is not (the SEV0 spellings) is what switches a
--   column to that scale.
DROP TABLE IF EXISTS temp.severity_map;
CREATE TEMP TABLE severity_map (
  label      TEXT PRIMARY KEY,  -- normalised label
  severity   INTEGER,           -- 1..5, or NULL for labels that exist only on the SEV0 scale
  sev0_scale INTEGER            -- 1..5 when the column uses the SEV0 scale, else NULL (= severity)
);
INSERT INTO severity_map (label, severity, sev0_scale) VALUES
  ('p1', 1, NULL),
  ('p 1', 1, NULL),
  ('p-1', 1, NULL),
  ('priority 1', 1, NULL),
  ('p2', 2, NULL),
  ('p 2', 2, NULL),
  ('p-2', 2, NULL),
  ('priority 2', 2, NULL),
  ('p3', 3, NULL),
  ('p 3', 3, NULL),
  ('p-3', 3, NULL),
  ('priority 3', 3, NULL),
  ('p4', 4, NULL),
  ('p 4', 4, NULL),
  ('p-4', 4, NULL),
  ('priority 4', 4, NULL),
  ('p5', 5, NULL),
  ('p 5', 5, NULL),
  ('p-5', 5, NULL),
  ('priority 5', 5, NULL),
  ('sev0', NULL, 1),
  ('sev 0', NULL, 1),
  ('sev-0', NULL, 1),
  ('sev_0', NULL, 1),
  ('severity 0', NULL, 1),
  ('severity-0', NULL, 1),
  ('s0', NULL, 1),
  ('sev1', 1, 2),
  ('sev 1', 1, 2),
  ('sev-1', 1, 2),
  ('sev_1', 1, 2),
  ('severity 1', 1, 2),
  ('severity-1', 1, 2),
  ('s1', 1, 2),
  ('sev2', 2, 3),
  ('sev 2', 2, 3),
  ('sev-2', 2, 3),
  ('sev_2', 2, 3),
  ('severity 2', 2, 3),
  ('severity-2', 2, 3),
  ('s2', 2, 3),
  ('sev3', 3, 4),
  ('sev 3', 3, 4),
  ('sev-3', 3, 4),
  ('sev_3', 3, 4),
  ('severity 3', 3, 4),
  ('severity-3', 3, 4),
  ('s3', 3, 4),
  ('sev4', 4, 5),
  ('sev 4', 4, 5),
  ('sev-4', 4, 5),
  ('sev_4', 4, 5),
  ('severity 4', 4, 5),
  ('severity-4', 4, 5),
  ('s4', 4, 5),
  ('sev5', 5, NULL),
  ('sev 5', 5, NULL),
  ('sev-5', 5, NULL),
  ('sev_5', 5, NULL),
  ('severity 5', 5, NULL),
  ('severity-5', 5, NULL),
  ('s5', 5, NULL),
  ('1 - critical', 1, NULL),
  ('2 - high', 2, NULL),
  ('3 - moderate', 3, NULL),
  ('4 - low', 4, NULL),
  ('5 - planning', 5, NULL),
  ('1 - high', 1, NULL),
  ('2 - medium', 2, NULL),
  ('3 - low', 3, NULL),
  ('critical', 1, NULL),
  ('blocker', 1, NULL),
  ('urgent', 1, NULL),
  ('emergency', 1, NULL),
  ('highest', 1, NULL),
  ('major', 2, NULL),
  ('high', 2, NULL),
  ('moderate', 3, NULL),
  ('medium', 3, NULL),
  ('normal', 3, NULL),
  ('minor', 4, NULL),
  ('low', 4, NULL),
  ('lowest', 5, NULL),
  ('trivial', 5, NULL),
  ('info', 5, NULL),
  ('informational', 5, NULL),
  ('planning', 5, NULL),
  ('cosmetic', 5, NULL),
  ('1', 1, NULL),
  ('2', 2, NULL),
  ('3', 3, NULL),
  ('4', 4, NULL),
  ('5', 5, NULL);
