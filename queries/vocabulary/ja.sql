-- ja.sql — Japanese: header words, statuses and priorities (queries/vocabulary/README.md).
-- Jira in Japanese ("キー", "要約", "作成日"), Redmine/Backlog-style exports
-- ("件名", "開始日"), MantisBT ja and Zammad. Japanese is matched as written:
-- no case nor accents; full-width letters and spaces read as ASCII.
INSERT INTO vocabulary_language (lang, name, date_order) VALUES ('ja', 'Japanese', NULL);
INSERT INTO vocabulary (lang, word, term) VALUES
  -- Jira
  ('ja', '課題キー', 'issue key'),
  ('ja', 'キー', 'key'),
  ('ja', '課題ID', 'issue id'),
  ('ja', '要約', 'summary'),
  ('ja', '課題タイプ', 'issue type'),
  ('ja', 'ステータスカテゴリ', 'status category'),
  ('ja', 'プロジェクトキー', 'project key'),
  ('ja', 'プロジェクト名', 'project name'),
  ('ja', 'ステータス', 'status'),
  ('ja', '優先度', 'priority'),
  ('ja', '解決状況', 'resolution'),
  ('ja', '担当者', 'assignee'),
  ('ja', '報告者', 'reporter'),
  ('ja', '作成日', 'created'),
  ('ja', '更新日', 'updated'),
  ('ja', '解決日', 'resolved'),
  ('ja', 'コンポーネント', 'components'),
  ('ja', '説明', 'description'),
  -- generic
  ('ja', 'タイトル', 'title'),
  ('ja', '件名', 'subject'),
  ('ja', '番号', 'number'),
  ('ja', 'チケット番号', 'ticket number'),
  ('ja', 'インシデント番号', 'incident number'),
  ('ja', 'インシデントID', 'incident id'),
  ('ja', 'チケットID', 'ticket id'),
  ('ja', '作成日時', 'created'),
  ('ja', '起票日', 'opened'),
  ('ja', '起票日時', 'opened'),
  ('ja', '発生日時', 'opened'),
  ('ja', '受付日時', 'opened'),
  ('ja', '確認日時', 'acknowledged'),
  ('ja', '解決日時', 'resolved'),
  ('ja', '完了日', 'closed'),
  ('ja', '完了日時', 'closed'),
  ('ja', 'クローズ日', 'closed'),
  ('ja', 'クローズ日時', 'closed'),
  ('ja', '終了日時', 'closed'),
  ('ja', '更新日時', 'updated'),
  ('ja', '最終更新日時', 'last updated'),
  ('ja', '重要度', 'severity'),
  ('ja', '深刻度', 'severity'),
  ('ja', '影響度', 'impact'),
  ('ja', '緊急度', 'urgency'),
  ('ja', 'カテゴリ', 'category'),
  ('ja', 'カテゴリー', 'category'),
  ('ja', '分類', 'category'),
  ('ja', 'サービス', 'service'),
  ('ja', 'グループ', 'group'),
  ('ja', '担当グループ', 'group'),
  ('ja', 'チーム', 'team'),
  ('ja', 'キュー', 'queue'),
  ('ja', '種別', 'type'),
  ('ja', 'トラッカー', 'type'),
  ('ja', '原因', 'root cause'),
  ('ja', '根本原因', 'root cause'),
  ('ja', '状態', 'status'),
  -- MantisBT
  ('ja', '登録日', 'date submitted'),
  ('ja', '公開状態', 'view status'),
  ('ja', '再現性', 'reproducibility'),
  ('ja', 'プロジェクト', 'project');
INSERT INTO vocabulary_status (lang, word, category) VALUES
  ('ja', '新規', 'open'), ('ja', 'オープン', 'open'), ('ja', '未対応', 'open'), ('ja', '対応中', 'open'),
  ('ja', '処理中', 'open'), ('ja', '作業中', 'open'), ('ja', '進行中', 'open'), ('ja', '保留', 'open'),
  ('ja', '保留中', 'open'), ('ja', '待機中', 'open'), ('ja', '割り当て済み', 'open'), ('ja', '担当', 'open'),
  ('ja', '再オープン', 'open'), ('ja', '調査中', 'open'), ('ja', '特定済み', 'open'), ('ja', '監視中', 'open'),
  ('ja', '確認済み', 'open'), ('ja', 'フィードバック', 'open'), ('ja', '受付済', 'open'), ('ja', '確認済', 'open'),
  ('ja', '解決済み', 'resolved'), ('ja', '解決済', 'resolved'), ('ja', '解決', 'resolved'),
  ('ja', '完了', 'resolved'), ('ja', '対応済み', 'resolved'), ('ja', '対応済', 'resolved'),
  ('ja', '修正済み', 'resolved'), ('ja', 'クローズ', 'closed'), ('ja', 'クローズ済み', 'closed'),
  ('ja', '終了', 'closed'), ('ja', '取り消し', 'closed'), ('ja', 'キャンセル', 'closed'),
  ('ja', '却下', 'closed');
INSERT INTO vocabulary_severity (lang, word, severity) VALUES
  ('ja', '致命的', 1), ('ja', '緊急', 1), ('ja', '最高', 1), ('ja', '最優先', 1), ('ja', 'ブロッカー', 1),
  ('ja', '即時', 1), ('ja', '重大', 2), ('ja', '高', 2), ('ja', '高い', 2), ('ja', '大', 2),
  ('ja', '中', 3), ('ja', '普通', 3), ('ja', '通常', 3), ('ja', '低', 4), ('ja', '低い', 4),
  ('ja', '軽微', 4), ('ja', '小', 4), ('ja', '最低', 5), ('ja', '些細', 5), ('ja', '要望', 5);

-- Month names and the halves of a 12-hour clock, as dates are written in
-- this language (Japanese: 15/3月/24 10:05 午前 and 2024年3月15日 (the 月 after a number is read in C)); time_words.c puts them into English.
INSERT INTO vocabulary_am_pm (lang, word, half) VALUES
  ('ja', '午前', 'am'),
  ('ja', '午後', 'pm');

-- ServiceNow's incident list with labels in this language (Short description,
-- Assignment group, Configuration item), and Zendesk views' Requested.
INSERT INTO vocabulary (lang, word, term) VALUES
  ('ja', '簡単な説明', 'short description'),
  ('ja', '割り当てグループ', 'assignment group'),
  ('ja', '構成アイテム', 'configuration item');

-- Postmortem headings and metadata keys as people write them in this language
-- (## Causa raíz, Fecha: …), each the English heading postmortem.c reads.
INSERT INTO vocabulary_section (lang, word, heading) VALUES
  ('ja', '概要', 'summary'),
  ('ja', '何が起きたか', 'what happened'),
  ('ja', '影響', 'impact'),
  ('ja', '影響範囲', 'impact'),
  ('ja', '根本原因', 'root cause'),
  ('ja', '原因', 'root cause'),
  ('ja', 'トリガー', 'trigger'),
  ('ja', '発生要因', 'contributing factors'),
  ('ja', '解決', 'resolution'),
  ('ja', '対応', 'resolution'),
  ('ja', '復旧', 'recovery'),
  ('ja', '検知', 'detection'),
  ('ja', '対策', 'action items'),
  ('ja', '再発防止策', 'action items'),
  ('ja', 'アクションアイテム', 'action items'),
  ('ja', 'タイムライン', 'timeline'),
  ('ja', '時系列', 'timeline'),
  ('ja', '経緯', 'timeline'),
  ('ja', '教訓', 'lessons learned'),
  ('ja', '日付', 'date'),
  ('ja', '発生日', 'date'),
  ('ja', '作成者', 'authors'),
  ('ja', 'ステータス', 'status'),
  ('ja', '重大度', 'severity'),
  ('ja', 'サービス', 'services'),
  ('ja', 'インシデント', 'incident');
