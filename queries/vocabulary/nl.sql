-- nl.sql — Dutch: header words, statuses and priorities (queries/vocabulary/README.md).
-- Jira in Dutch ("Samenvatting", "Aangemaakt"), GLPI nl_NL, MantisBT and
-- TOPdesk-style spreadsheets ("Melder", "Behandelaar", "Gemeld op").
INSERT INTO vocabulary_language (lang, name, date_order) VALUES ('nl', 'Dutch', 'dmy');
INSERT INTO vocabulary (lang, word, term) VALUES
  -- Jira
  ('nl', 'Issuesleutel', 'issue key'),
  ('nl', 'Sleutel', 'key'),
  ('nl', 'Issue-ID', 'issue id'),
  ('nl', 'Samenvatting', 'summary'),
  ('nl', 'Issuetype', 'issue type'),
  ('nl', 'Prioriteit', 'priority'),
  ('nl', 'Oplossing', 'resolution'),
  ('nl', 'Melder', 'reporter'),
  ('nl', 'Aangemaakt', 'created'),
  ('nl', 'Gemaakt', 'created'),
  ('nl', 'Bijgewerkt', 'updated'),
  ('nl', 'Opgelost', 'resolved'),
  ('nl', 'Componenten', 'components'),
  ('nl', 'Beschrijving', 'description'),
  ('nl', 'Omschrijving', 'description'),
  -- generic
  ('nl', 'Titel', 'title'),
  ('nl', 'Onderwerp', 'subject'),
  ('nl', 'Nummer', 'number'),
  ('nl', 'Ticketnummer', 'ticket number'),
  ('nl', 'Incidentnummer', 'incident number'),
  ('nl', 'Aanmaakdatum', 'created'),
  ('nl', 'Datum aangemaakt', 'created'),
  ('nl', 'Gemeld op', 'opened'),
  ('nl', 'Geopend', 'opened'),
  ('nl', 'Geopend op', 'opened'),
  ('nl', 'Bevestigd op', 'acknowledged'),
  ('nl', 'Opgelost op', 'resolved'),
  ('nl', 'Datum opgelost', 'resolved'),
  ('nl', 'Gesloten', 'closed'),
  ('nl', 'Gesloten op', 'closed'),
  ('nl', 'Laatst bijgewerkt', 'last updated'),
  ('nl', 'Ernst', 'severity'),
  ('nl', 'Ernstigheid', 'severity'),
  ('nl', 'Urgentie', 'urgency'),
  ('nl', 'Categorie', 'category'),
  ('nl', 'Dienst', 'service'),
  ('nl', 'Groep', 'group'),
  ('nl', 'Behandelgroep', 'group'),
  ('nl', 'Wachtrij', 'queue'),
  ('nl', 'Soort', 'type'),
  ('nl', 'Grondoorzaak', 'root cause'),
  ('nl', 'Oorzaak', 'root cause'),
  ('nl', 'Behandelaar', 'assignee'),
  ('nl', 'Toegewezen aan', 'assigned to'),
  -- GLPI
  ('nl', 'Entiteit', 'entity'),
  ('nl', 'Openingsdatum', 'opening date'),
  ('nl', 'Oplosdatum', 'resolution date'),
  ('nl', 'Sluitingsdatum', 'closing date'),
  ('nl', 'Laatste wijziging', 'last update'),
  ('nl', 'Aanvrager - Aanvrager', 'requester - requester'),
  ('nl', 'Toegewezen aan - Technicus', 'assigned to - technician'),
  ('nl', 'Toegewezen aan - Technische groep', 'assigned to - technician group'),
  ('nl', 'Locatie', 'location'),
  -- MantisBT
  ('nl', 'Datum gemeld', 'date submitted'),
  ('nl', 'Zichtbaarheid', 'view status'),
  ('nl', 'Reproduceerbaarheid', 'reproducibility');
INSERT INTO vocabulary_status (lang, word, category) VALUES
  ('nl', 'Nieuw', 'open'), ('nl', 'Geopend', 'open'), ('nl', 'In behandeling', 'open'),
  ('nl', 'In uitvoering', 'open'), ('nl', 'In de wacht', 'open'), ('nl', 'Wachtend', 'open'),
  ('nl', 'Toegewezen', 'open'), ('nl', 'Heropend', 'open'), ('nl', 'Te doen', 'open'),
  ('nl', 'Onderzoek', 'open'), ('nl', 'Geïdentificeerd', 'open'), ('nl', 'Bewaking', 'open'),
  ('nl', 'Terugkoppeling', 'open'), ('nl', 'Erkend', 'open'), ('nl', 'Bevestigd', 'open'),
  ('nl', 'Opgelost', 'resolved'), ('nl', 'Klaar', 'resolved'), ('nl', 'Gereed', 'resolved'),
  ('nl', 'Afgerond', 'resolved'), ('nl', 'Voltooid', 'resolved'), ('nl', 'Gesloten', 'closed'),
  ('nl', 'Geannuleerd', 'closed'), ('nl', 'Afgewezen', 'closed'), ('nl', 'Vervallen', 'closed');
INSERT INTO vocabulary_severity (lang, word, severity) VALUES
  ('nl', 'Kritiek', 1), ('nl', 'Kritisch', 1), ('nl', 'Blokkerend', 1), ('nl', 'Dringend', 1),
  ('nl', 'Hoogste', 1), ('nl', 'Zeer hoog', 1), ('nl', 'Groot', 2), ('nl', 'Ernstig', 2),
  ('nl', 'Hoog', 2), ('nl', 'Gemiddeld', 3), ('nl', 'Middel', 3), ('nl', 'Normaal', 3),
  ('nl', 'Laag', 4), ('nl', 'Klein', 4), ('nl', 'Gering', 4), ('nl', 'Zeer laag', 5),
  ('nl', 'Laagste', 5), ('nl', 'Triviaal', 5);

-- Month names and the halves of a 12-hour clock, as dates are written in
-- this language (Dutch: 15/mrt/24 10:05); time_words.c puts them into English.
INSERT INTO vocabulary_month (lang, word, month) VALUES
  ('nl', 'januari', 1),
  ('nl', 'jan', 1),
  ('nl', 'februari', 2),
  ('nl', 'feb', 2),
  ('nl', 'maart', 3),
  ('nl', 'mrt', 3),
  ('nl', 'mar', 3),
  ('nl', 'april', 4),
  ('nl', 'apr', 4),
  ('nl', 'mei', 5),
  ('nl', 'juni', 6),
  ('nl', 'jun', 6),
  ('nl', 'juli', 7),
  ('nl', 'jul', 7),
  ('nl', 'augustus', 8),
  ('nl', 'aug', 8),
  ('nl', 'september', 9),
  ('nl', 'sep', 9),
  ('nl', 'sept', 9),
  ('nl', 'oktober', 10),
  ('nl', 'okt', 10),
  ('nl', 'november', 11),
  ('nl', 'nov', 11),
  ('nl', 'december', 12),
  ('nl', 'dec', 12);

-- ServiceNow's incident list with labels in this language (Short description,
-- Assignment group, Configuration item), and Zendesk views' Requested.
INSERT INTO vocabulary (lang, word, term) VALUES
  ('nl', 'Korte beschrijving', 'short description'),
  ('nl', 'Toewijzingsgroep', 'assignment group'),
  ('nl', 'Configuratie-item', 'configuration item'),
  ('nl', 'Subcategorie', 'subcategory'),
  ('nl', 'Aangevraagd', 'requested');

-- Postmortem headings and metadata keys as people write them in this language
-- (## Causa raíz, Fecha: …), each the English heading postmortem.c reads.
INSERT INTO vocabulary_section (lang, word, heading) VALUES
  ('nl', 'Samenvatting', 'summary'),
  ('nl', 'Wat is er gebeurd', 'what happened'),
  ('nl', 'Impact', 'impact'),
  ('nl', 'Grondoorzaak', 'root cause'),
  ('nl', 'Hoofdoorzaak', 'root cause'),
  ('nl', 'Oorzaak', 'root cause'),
  ('nl', 'Aanleiding', 'trigger'),
  ('nl', 'Bijdragende factoren', 'contributing factors'),
  ('nl', 'Oplossing', 'resolution'),
  ('nl', 'Mitigatie', 'mitigation'),
  ('nl', 'Detectie', 'detection'),
  ('nl', 'Actiepunten', 'action items'),
  ('nl', 'Acties', 'action items'),
  ('nl', 'Vervolgstappen', 'next steps'),
  ('nl', 'Tijdlijn', 'timeline'),
  ('nl', 'Geleerde lessen', 'lessons learned'),
  ('nl', 'Datum', 'date'),
  ('nl', 'Auteurs', 'authors'),
  ('nl', 'Auteur', 'author'),
  ('nl', 'Ernst', 'severity'),
  ('nl', 'Diensten', 'services'),
  ('nl', 'Incident', 'incident');

-- Dates as Zammad and OTRS label them (Creado el, Criado em, Créé le …).
INSERT INTO vocabulary (lang, word, term) VALUES
  ('nl', 'Aangemaakt op', 'created'),
  ('nl', 'Bijgewerkt op', 'updated');
