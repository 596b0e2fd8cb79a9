-- de.sql — German: header words, statuses and priorities (queries/vocabulary/README.md).
-- Jira in German ("Vorgangsschlüssel", "Zusammenfassung", "Erstellt"), GLPI
-- de_DE, OTRS/Znuny (from Germany, so its German is the original), MantisBT
-- and Zammad.
INSERT INTO vocabulary_language (lang, name, date_order) VALUES ('de', 'German', 'dmy');
INSERT INTO vocabulary (lang, word, term) VALUES
  -- Jira
  ('de', 'Vorgangsschlüssel', 'issue key'),
  ('de', 'Schlüssel', 'key'),
  ('de', 'Vorgangs-ID', 'issue id'),
  ('de', 'Zusammenfassung', 'summary'),
  ('de', 'Vorgangstyp', 'issue type'),
  ('de', 'Statuskategorie', 'status category'),
  ('de', 'Projektschlüssel', 'project key'),
  ('de', 'Projektname', 'project name'),
  ('de', 'Priorität', 'priority'),
  ('de', 'Lösung', 'resolution'),
  ('de', 'Bearbeiter', 'assignee'),
  ('de', 'Autor', 'reporter'),
  ('de', 'Erstellt', 'created'),
  ('de', 'Aktualisiert', 'updated'),
  ('de', 'Erledigt', 'resolved'),
  ('de', 'Komponenten', 'components'),
  ('de', 'Komponente', 'component'),
  ('de', 'Beschreibung', 'description'),
  -- generic
  ('de', 'Titel', 'title'),
  ('de', 'Betreff', 'subject'),
  ('de', 'Nummer', 'number'),
  ('de', 'Ticketnummer', 'ticket number'),
  ('de', 'Vorfallnummer', 'incident number'),
  ('de', 'Kennung', 'id'),
  ('de', 'Erstellt am', 'created'),
  ('de', 'Erstelldatum', 'created'),
  ('de', 'Eröffnet', 'opened'),
  ('de', 'Eröffnet am', 'opened'),
  ('de', 'Geöffnet', 'opened'),
  ('de', 'Bestätigt am', 'acknowledged'),
  ('de', 'Gelöst', 'resolved'),
  ('de', 'Gelöst am', 'resolved'),
  ('de', 'Behoben am', 'resolved'),
  ('de', 'Geschlossen', 'closed'),
  ('de', 'Geschlossen am', 'closed'),
  ('de', 'Letzte Aktualisierung', 'last updated'),
  ('de', 'Schweregrad', 'severity'),
  ('de', 'Schwere', 'severity'),
  ('de', 'Auswirkung', 'impact'),
  ('de', 'Dringlichkeit', 'urgency'),
  ('de', 'Kategorie', 'category'),
  ('de', 'Dienst', 'service'),
  ('de', 'Betroffener Dienst', 'affected service'),
  ('de', 'Gruppe', 'group'),
  ('de', 'Zuständige Gruppe', 'group'),
  ('de', 'Warteschlange', 'queue'),
  ('de', 'Typ', 'type'),
  ('de', 'Ursache', 'root cause'),
  ('de', 'Grundursache', 'root cause'),
  ('de', 'Zugewiesen an', 'assigned to'),
  -- GLPI
  ('de', 'Einheit', 'entity'),
  ('de', 'Eröffnungsdatum', 'opening date'),
  ('de', 'Lösungsdatum', 'resolution date'),
  ('de', 'Schließungsdatum', 'closing date'),
  ('de', 'Letzte Änderung', 'last update'),
  ('de', 'Anforderer - Anforderer', 'requester - requester'),
  ('de', 'Zugewiesen an - Techniker', 'assigned to - technician'),
  ('de', 'Zugewiesen an - Technikergruppe', 'assigned to - technician group'),
  ('de', 'Zeit bis zur Lösung', 'time to resolve'),
  ('de', 'Ort', 'location'),
  -- OTRS / Znuny
  ('de', 'Alter', 'age'),
  ('de', 'Sperre', 'lock'),
  ('de', 'Besitzer', 'owner'),
  ('de', 'Erste Sperre', 'first lock'),
  ('de', 'Kundennummer', 'customerid'),
  ('de', 'Schließzeit', 'close time'),
  -- MantisBT
  ('de', 'Gemeldet am', 'date submitted'),
  ('de', 'Sichtbarkeit', 'view status'),
  ('de', 'Reproduzierbarkeit', 'reproducibility'),
  ('de', 'Projekt', 'project');
INSERT INTO vocabulary_status (lang, word, category) VALUES
  ('de', 'Neu', 'open'), ('de', 'Offen', 'open'), ('de', 'Geöffnet', 'open'),
  ('de', 'In Bearbeitung', 'open'), ('de', 'In Arbeit', 'open'), ('de', 'Wartend', 'open'),
  ('de', 'Warten', 'open'), ('de', 'Zugewiesen', 'open'), ('de', 'Wiedereröffnet', 'open'),
  ('de', 'Untersuchung', 'open'), ('de', 'Identifiziert', 'open'), ('de', 'Überwachung', 'open'),
  ('de', 'Bestätigt', 'open'), ('de', 'Anerkannt', 'open'), ('de', 'Zu erledigen', 'open'),
  ('de', 'Rückmeldung', 'open'), ('de', 'Entschärft', 'open'),
  ('de', 'In Bearbeitung (zugewiesen)', 'open'), ('de', 'In Bearbeitung (geplant)', 'open'),
  ('de', 'Warten zur Erinnerung', 'open'), ('de', 'Gelöst', 'resolved'),
  ('de', 'Erledigt', 'resolved'), ('de', 'Behoben', 'resolved'), ('de', 'Fertig', 'resolved'),
  ('de', 'Geschlossen', 'closed'), ('de', 'Abgeschlossen', 'closed'),
  ('de', 'Abgebrochen', 'closed'), ('de', 'Storniert', 'closed'), ('de', 'Abgelehnt', 'closed'),
  ('de', 'Erfolgreich geschlossen', 'closed'), ('de', 'Erfolglos geschlossen', 'closed'),
  ('de', 'Zusammengefasst', 'closed');
INSERT INTO vocabulary_severity (lang, word, severity) VALUES
  ('de', 'Kritisch', 1), ('de', 'Blockierend', 1), ('de', 'Absturz', 1), ('de', 'Dringend', 1),
  ('de', 'Sehr hoch', 1), ('de', 'Höchste', 1), ('de', 'Sofort', 1), ('de', 'Schwer', 2),
  ('de', 'Hoch', 2), ('de', 'Groß', 2), ('de', 'Schwerer Fehler', 2), ('de', 'Mittel', 3),
  ('de', 'Niedrig', 4), ('de', 'Gering', 4), ('de', 'Klein', 4), ('de', 'Kleinerer Fehler', 4),
  ('de', 'Sehr niedrig', 5), ('de', 'Niedrigste', 5), ('de', 'Unschönheit', 5),
  ('de', 'Fehler im Text', 5), ('de', 'Feature-Wunsch', 5), ('de', 'Keine', 5);

-- Month names and the halves of a 12-hour clock, as dates are written in
-- this language (German: 15/Mär/24 10:05 vorm., 15. März 2024); time_words.c puts them into English.
INSERT INTO vocabulary_month (lang, word, month) VALUES
  ('de', 'Januar', 1),
  ('de', 'Jänner', 1),
  ('de', 'Jan', 1),
  ('de', 'Jän', 1),
  ('de', 'Februar', 2),
  ('de', 'Feb', 2),
  ('de', 'März', 3),
  ('de', 'Mär', 3),
  ('de', 'Mrz', 3),
  ('de', 'April', 4),
  ('de', 'Apr', 4),
  ('de', 'Mai', 5),
  ('de', 'Juni', 6),
  ('de', 'Jun', 6),
  ('de', 'Juli', 7),
  ('de', 'Jul', 7),
  ('de', 'August', 8),
  ('de', 'Aug', 8),
  ('de', 'September', 9),
  ('de', 'Sep', 9),
  ('de', 'Sept', 9),
  ('de', 'Oktober', 10),
  ('de', 'Okt', 10),
  ('de', 'November', 11),
  ('de', 'Nov', 11),
  ('de', 'Dezember', 12),
  ('de', 'Dez', 12);
INSERT INTO vocabulary_am_pm (lang, word, half) VALUES
  ('de', 'vorm.', 'am'),
  ('de', 'nachm.', 'pm');

-- ServiceNow's incident list with labels in this language (Short description,
-- Assignment group, Configuration item), and Zendesk views' Requested.
INSERT INTO vocabulary (lang, word, term) VALUES
  ('de', 'Kurzbeschreibung', 'short description'),
  ('de', 'Zuordnungsgruppe', 'assignment group'),
  ('de', 'Konfigurationselement', 'configuration item'),
  ('de', 'Unterkategorie', 'subcategory'),
  ('de', 'Angefragt', 'requested');

-- Postmortem headings and metadata keys as people write them in this language
-- (## Causa raíz, Fecha: …), each the English heading postmortem.c reads.
INSERT INTO vocabulary_section (lang, word, heading) VALUES
  ('de', 'Zusammenfassung', 'summary'),
  ('de', 'Was ist passiert', 'what happened'),
  ('de', 'Auswirkung', 'impact'),
  ('de', 'Auswirkungen', 'impact'),
  ('de', 'Grundursache', 'root cause'),
  ('de', 'Ursache', 'root cause'),
  ('de', 'Ursachen', 'root causes'),
  ('de', 'Auslöser', 'trigger'),
  ('de', 'Beitragende Faktoren', 'contributing factors'),
  ('de', 'Lösung', 'resolution'),
  ('de', 'Behebung', 'resolution'),
  ('de', 'Entschärfung', 'mitigation'),
  ('de', 'Erkennung', 'detection'),
  ('de', 'Maßnahmen', 'action items'),
  ('de', 'Folgemaßnahmen', 'follow-ups'),
  ('de', 'Nächste Schritte', 'next steps'),
  ('de', 'Zeitverlauf', 'timeline'),
  ('de', 'Zeitleiste', 'timeline'),
  ('de', 'Chronologie', 'timeline'),
  ('de', 'Ablauf', 'timeline'),
  ('de', 'Erkenntnisse', 'lessons learned'),
  ('de', 'Datum', 'date'),
  ('de', 'Autoren', 'authors'),
  ('de', 'Autor', 'author'),
  ('de', 'Schweregrad', 'severity'),
  ('de', 'Dienste', 'services'),
  ('de', 'Betroffene Dienste', 'affected services'),
  ('de', 'Vorfall', 'incident');

-- Dates as Zammad and OTRS label them (Creado el, Criado em, Créé le …).
INSERT INTO vocabulary (lang, word, term) VALUES
  ('de', 'Aktualisiert am', 'updated');
