-- SysAid REST GET /api/v1/sr: a bare array of {id, info:[{key, keyCaption, value,
-- valueCaption}]}; times are epoch ms in value. Priority 1 Highest ... 5 Low.
-- FORMATS.md 10.
INSERT INTO format_profile (name, title, kind, records, source_system, event_log, aliases, date_order) VALUES
  ('sysaid', 'SysAid service records JSON (bare array with info[])', 'json', '', 'sysaid', 0, 1, NULL);
INSERT INTO format_signature (name, kind, key, weight, required) VALUES
  ('sysaid', 'record', 'info', 3, 1),
  ('sysaid', 'record', 'info.0.keyCaption', 2, 0),
  ('sysaid', 'record', 'canUpdate', 1, 0);
INSERT INTO format_field (name, field, source, transform, priority) VALUES
  ('sysaid', 'ext_id', 'id', NULL, 1),
  ('sysaid', 'title', 'info[key=title].value', NULL, 1),
  ('sysaid', 'description', 'info[key=description].value', NULL, 1),
  ('sysaid', 'status', 'info[key=status].valueCaption', NULL, 1),
  ('sysaid', 'severity', 'info[key=priority].valueCaption', NULL, 1),
  ('sysaid', 'severity', 'info[key=urgency].valueCaption', NULL, 2),
  ('sysaid', 'priority_label', 'info[key=priority].valueCaption', NULL, 1),
  ('sysaid', 'opened_at', 'info[key=insert_time].value', NULL, 1),
  ('sysaid', 'updated_at', 'info[key=update_time].value', NULL, 1),
  ('sysaid', 'closed_at', 'info[key=close_time].value', NULL, 1),
  ('sysaid', 'team', 'info[key=assigned_group].valueCaption', NULL, 1),
  ('sysaid', 'category', 'info[key=problem_type].valueCaption', NULL, 1),
  ('sysaid', 'component', 'info[key=problem_sub_type].valueCaption', NULL, 1),
  ('sysaid', 'kind', 'info[key=sr_type].valueCaption', NULL, 1),
  ('sysaid', 'resolution', 'info[key=solution].value', NULL, 1);
INSERT INTO format_severity (name, label, severity) VALUES
  ('sysaid', 'highest', 1),
  ('sysaid', 'very high', 2),
  ('sysaid', 'high', 3),
  ('sysaid', 'normal', 4),
  ('sysaid', 'low', 5),
  ('sysaid', '1', 1),
  ('sysaid', '2', 2),
  ('sysaid', '3', 3),
  ('sysaid', '4', 4),
  ('sysaid', '5', 5);
