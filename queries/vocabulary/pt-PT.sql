-- pt-PT.sql — Portuguese (Portugal): header words, statuses and priorities (queries/vocabulary/README.md).
-- European Portuguese where it differs from Brazil's ("Equipa", "Encerrado",
-- "Em curso"), and the words both share, so a file from Portugal votes for its
-- own language.
INSERT INTO vocabulary_language (lang, name, date_order) VALUES ('pt-PT', 'Portuguese (Portugal)', 'dmy');
INSERT INTO vocabulary (lang, word, term) VALUES
  -- Jira
  ('pt-PT', 'Chave do problema', 'issue key'),
  ('pt-PT', 'Chave', 'key'),
  ('pt-PT', 'Resumo', 'summary'),
  ('pt-PT', 'Prioridade', 'priority'),
  ('pt-PT', 'Resolução', 'resolution'),
  ('pt-PT', 'Responsável', 'assignee'),
  ('pt-PT', 'Relator', 'reporter'),
  ('pt-PT', 'Criado', 'created'),
  ('pt-PT', 'Actualizado', 'updated'),
  ('pt-PT', 'Atualizado', 'updated'),
  ('pt-PT', 'Resolvido', 'resolved'),
  ('pt-PT', 'Componentes', 'components'),
  ('pt-PT', 'Descrição', 'description'),
  -- generic
  ('pt-PT', 'Título', 'title'),
  ('pt-PT', 'Assunto', 'subject'),
  ('pt-PT', 'Número', 'number'),
  ('pt-PT', 'Identificador', 'id'),
  ('pt-PT', 'Número do incidente', 'incident number'),
  ('pt-PT', 'Número do pedido', 'ticket number'),
  ('pt-PT', 'Data de criação', 'created'),
  ('pt-PT', 'Registado em', 'opened'),
  ('pt-PT', 'Data de registo', 'opened'),
  ('pt-PT', 'Data de resolução', 'resolved'),
  ('pt-PT', 'Data de encerramento', 'closed'),
  ('pt-PT', 'Encerrado em', 'closed'),
  ('pt-PT', 'Encerrado', 'closed'),
  ('pt-PT', 'Última actualização', 'last updated'),
  ('pt-PT', 'Gravidade', 'severity'),
  ('pt-PT', 'Severidade', 'severity'),
  ('pt-PT', 'Impacto', 'impact'),
  ('pt-PT', 'Urgência', 'urgency'),
  ('pt-PT', 'Categoria', 'category'),
  ('pt-PT', 'Serviço', 'service'),
  ('pt-PT', 'Grupo', 'group'),
  ('pt-PT', 'Equipa', 'team'),
  ('pt-PT', 'Fila', 'queue'),
  ('pt-PT', 'Tipo', 'type'),
  ('pt-PT', 'Causa raiz', 'root cause'),
  ('pt-PT', 'Estado', 'status'),
  ('pt-PT', 'Atribuído a', 'assigned to'),
  -- GLPI
  ('pt-PT', 'Entidade', 'entity'),
  ('pt-PT', 'Data de abertura', 'opening date'),
  ('pt-PT', 'Data de fecho', 'closing date'),
  ('pt-PT', 'Requerente - Requerente', 'requester - requester');
INSERT INTO vocabulary_status (lang, word, category) VALUES
  ('pt-PT', 'Novo', 'open'), ('pt-PT', 'Aberto', 'open'), ('pt-PT', 'Em curso', 'open'),
  ('pt-PT', 'Em progresso', 'open'), ('pt-PT', 'Em análise', 'open'),
  ('pt-PT', 'Pendente', 'open'), ('pt-PT', 'Em espera', 'open'), ('pt-PT', 'Atribuído', 'open'),
  ('pt-PT', 'Reaberto', 'open'), ('pt-PT', 'Resolvido', 'resolved'),
  ('pt-PT', 'Concluído', 'resolved'), ('pt-PT', 'Solucionado', 'resolved'),
  ('pt-PT', 'Fechado', 'closed'), ('pt-PT', 'Encerrado', 'closed'),
  ('pt-PT', 'Cancelado', 'closed'), ('pt-PT', 'Anulado', 'closed');
INSERT INTO vocabulary_severity (lang, word, severity) VALUES
  ('pt-PT', 'Crítica', 1), ('pt-PT', 'Crítico', 1), ('pt-PT', 'Urgente', 1),
  ('pt-PT', 'Muito alta', 1), ('pt-PT', 'Alta', 2), ('pt-PT', 'Alto', 2), ('pt-PT', 'Grave', 2),
  ('pt-PT', 'Média', 3), ('pt-PT', 'Médio', 3), ('pt-PT', 'Baixa', 4), ('pt-PT', 'Baixo', 4),
  ('pt-PT', 'Muito baixa', 5);

-- Month names and the halves of a 12-hour clock, as dates are written in
-- this language (Portuguese (Portugal): 15/fev/24 10:05); time_words.c puts them into English.
INSERT INTO vocabulary_month (lang, word, month) VALUES
  ('pt-PT', 'janeiro', 1),
  ('pt-PT', 'jan', 1),
  ('pt-PT', 'fevereiro', 2),
  ('pt-PT', 'fev', 2),
  ('pt-PT', 'março', 3),
  ('pt-PT', 'mar', 3),
  ('pt-PT', 'abril', 4),
  ('pt-PT', 'abr', 4),
  ('pt-PT', 'maio', 5),
  ('pt-PT', 'mai', 5),
  ('pt-PT', 'junho', 6),
  ('pt-PT', 'jun', 6),
  ('pt-PT', 'julho', 7),
  ('pt-PT', 'jul', 7),
  ('pt-PT', 'agosto', 8),
  ('pt-PT', 'ago', 8),
  ('pt-PT', 'setembro', 9),
  ('pt-PT', 'set', 9),
  ('pt-PT', 'outubro', 10),
  ('pt-PT', 'out', 10),
  ('pt-PT', 'novembro', 11),
  ('pt-PT', 'nov', 11),
  ('pt-PT', 'dezembro', 12),
  ('pt-PT', 'dez', 12);

-- ServiceNow's incident list with labels in this language (Short description,
-- Assignment group, Configuration item), and Zendesk views' Requested.
INSERT INTO vocabulary (lang, word, term) VALUES
  ('pt-PT', 'Descrição resumida', 'short description'),
  ('pt-PT', 'Grupo de atribuição', 'assignment group'),
  ('pt-PT', 'Item de configuração', 'configuration item'),
  ('pt-PT', 'Subcategoria', 'subcategory'),
  ('pt-PT', 'Solicitado', 'requested'),
  ('pt-PT', 'Aberto', 'opened');

-- Postmortem headings and metadata keys as people write them in this language
-- (## Causa raíz, Fecha: …), each the English heading postmortem.c reads.
INSERT INTO vocabulary_section (lang, word, heading) VALUES
  ('pt-PT', 'Resumo', 'summary'),
  ('pt-PT', 'Impacto', 'impact'),
  ('pt-PT', 'Causa raiz', 'root cause'),
  ('pt-PT', 'Causa principal', 'root cause'),
  ('pt-PT', 'Fatores contributivos', 'contributing factors'),
  ('pt-PT', 'Resolução', 'resolution'),
  ('pt-PT', 'Mitigação', 'mitigation'),
  ('pt-PT', 'Deteção', 'detection'),
  ('pt-PT', 'Ações', 'action items'),
  ('pt-PT', 'Ações corretivas', 'corrective actions'),
  ('pt-PT', 'Cronologia', 'timeline'),
  ('pt-PT', 'Lições aprendidas', 'lessons learned'),
  ('pt-PT', 'Autores', 'authors'),
  ('pt-PT', 'Gravidade', 'severity'),
  ('pt-PT', 'Serviços', 'services'),
  ('pt-PT', 'Incidente', 'incident');

-- Dates as Zammad and OTRS label them (Creado el, Criado em, Créé le …).
INSERT INTO vocabulary (lang, word, term) VALUES
  ('pt-PT', 'Criado em', 'created'),
  ('pt-PT', 'Fechado em', 'closed'),
  ('pt-PT', 'Atualizado em', 'updated'),
  ('pt-PT', 'Resolvido em', 'resolved'),
  ('pt-PT', 'Aberto em', 'opened');
