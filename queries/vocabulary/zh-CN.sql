-- zh-CN.sql — Chinese (Simplified): header words, statuses and priorities (queries/vocabulary/README.md).
-- Jira in Simplified Chinese ("问题关键字", "概要", "创建日期"), ZenTao/
-- Teambition-style exports ("标题", "严重程度", "创建时间"), MantisBT zh_CN and
-- Zammad. Chinese is matched as written; full-width letters and spaces read
-- as ASCII.
INSERT INTO vocabulary_language (lang, name, date_order) VALUES ('zh-CN', 'Chinese (Simplified)', NULL);
INSERT INTO vocabulary (lang, word, term) VALUES
  -- Jira
  ('zh-CN', '问题关键字', 'issue key'),
  ('zh-CN', '关键字', 'key'),
  ('zh-CN', '问题ID', 'issue id'),
  ('zh-CN', '概要', 'summary'),
  ('zh-CN', '问题类型', 'issue type'),
  ('zh-CN', '状态类别', 'status category'),
  ('zh-CN', '项目关键字', 'project key'),
  ('zh-CN', '项目名称', 'project name'),
  ('zh-CN', '状态', 'status'),
  ('zh-CN', '优先级', 'priority'),
  ('zh-CN', '解决结果', 'resolution'),
  ('zh-CN', '经办人', 'assignee'),
  ('zh-CN', '报告人', 'reporter'),
  ('zh-CN', '创建日期', 'created'),
  ('zh-CN', '创建', 'created'),
  ('zh-CN', '已创建', 'created'),
  ('zh-CN', '已更新', 'updated'),
  ('zh-CN', '更新日期', 'updated'),
  ('zh-CN', '已解决', 'resolved'),
  ('zh-CN', '解决日期', 'resolved'),
  ('zh-CN', '模块', 'components'),
  ('zh-CN', '组件', 'component'),
  ('zh-CN', '描述', 'description'),
  -- generic
  ('zh-CN', '标题', 'title'),
  ('zh-CN', '主题', 'subject'),
  ('zh-CN', '编号', 'number'),
  ('zh-CN', '工单编号', 'ticket number'),
  ('zh-CN', '工单号', 'ticket number'),
  ('zh-CN', '事件编号', 'incident number'),
  ('zh-CN', '事件ID', 'incident id'),
  ('zh-CN', '创建时间', 'created'),
  ('zh-CN', '开始时间', 'start time'),
  ('zh-CN', '发生时间', 'opened'),
  ('zh-CN', '报告时间', 'opened'),
  ('zh-CN', '确认时间', 'acknowledged'),
  ('zh-CN', '解决时间', 'resolved'),
  ('zh-CN', '关闭时间', 'closed'),
  ('zh-CN', '关闭日期', 'closed'),
  ('zh-CN', '更新时间', 'updated'),
  ('zh-CN', '最后更新', 'last updated'),
  ('zh-CN', '严重程度', 'severity'),
  ('zh-CN', '严重性', 'severity'),
  ('zh-CN', '严重级别', 'severity'),
  ('zh-CN', '影响', 'impact'),
  ('zh-CN', '影响范围', 'impact'),
  ('zh-CN', '紧急程度', 'urgency'),
  ('zh-CN', '紧急度', 'urgency'),
  ('zh-CN', '类别', 'category'),
  ('zh-CN', '分类', 'category'),
  ('zh-CN', '服务', 'service'),
  ('zh-CN', '组', 'group'),
  ('zh-CN', '处理组', 'group'),
  ('zh-CN', '团队', 'team'),
  ('zh-CN', '队列', 'queue'),
  ('zh-CN', '类型', 'type'),
  ('zh-CN', '根本原因', 'root cause'),
  ('zh-CN', '原因', 'root cause'),
  ('zh-CN', '处理人', 'assignee'),
  ('zh-CN', '链接', 'url'),
  -- MantisBT
  ('zh-CN', '提交日期', 'date submitted'),
  ('zh-CN', '查看权限', 'view status'),
  ('zh-CN', '出现频率', 'reproducibility'),
  ('zh-CN', '项目', 'project');
INSERT INTO vocabulary_status (lang, word, category) VALUES
  ('zh-CN', '新建', 'open'), ('zh-CN', '新', 'open'), ('zh-CN', '打开', 'open'),
  ('zh-CN', '已打开', 'open'), ('zh-CN', '待处理', 'open'), ('zh-CN', '处理中', 'open'),
  ('zh-CN', '进行中', 'open'), ('zh-CN', '调查中', 'open'), ('zh-CN', '已确认', 'open'),
  ('zh-CN', '已分派', 'open'), ('zh-CN', '已指派', 'open'), ('zh-CN', '挂起', 'open'),
  ('zh-CN', '等待中', 'open'), ('zh-CN', '重新打开', 'open'), ('zh-CN', '待办', 'open'),
  ('zh-CN', '监控中', 'open'), ('zh-CN', '已识别', 'open'), ('zh-CN', '反馈', 'open'),
  ('zh-CN', '认可', 'open'), ('zh-CN', '已解决', 'resolved'), ('zh-CN', '解决', 'resolved'),
  ('zh-CN', '已完成', 'resolved'), ('zh-CN', '完成', 'resolved'), ('zh-CN', '已修复', 'resolved'),
  ('zh-CN', '已关闭', 'closed'), ('zh-CN', '关闭', 'closed'), ('zh-CN', '已取消', 'closed'),
  ('zh-CN', '取消', 'closed'), ('zh-CN', '已拒绝', 'closed');
INSERT INTO vocabulary_severity (lang, word, severity) VALUES
  ('zh-CN', '致命', 1), ('zh-CN', '阻塞', 1), ('zh-CN', '崩溃', 1), ('zh-CN', '紧急', 1),
  ('zh-CN', '最高', 1), ('zh-CN', '非常高', 1), ('zh-CN', '立即', 1), ('zh-CN', '严重', 2),
  ('zh-CN', '高', 2), ('zh-CN', '重要', 2), ('zh-CN', '主要', 2), ('zh-CN', '中', 3), ('zh-CN', '中等', 3),
  ('zh-CN', '一般', 3), ('zh-CN', '普通', 3), ('zh-CN', '低', 4), ('zh-CN', '次要', 4),
  ('zh-CN', '轻微', 4), ('zh-CN', '最低', 5), ('zh-CN', '非常低', 5), ('zh-CN', '微小', 5),
  ('zh-CN', '建议', 5);

-- Month names and the halves of a 12-hour clock, as dates are written in
-- this language (Chinese (simplified): 15/三月/24 10:05 上午 and 2024年3月15日 (the 月 after a number is read in C)); time_words.c puts them into English.
INSERT INTO vocabulary_month (lang, word, month) VALUES
  ('zh-CN', '一月', 1),
  ('zh-CN', '二月', 2),
  ('zh-CN', '三月', 3),
  ('zh-CN', '四月', 4),
  ('zh-CN', '五月', 5),
  ('zh-CN', '六月', 6),
  ('zh-CN', '七月', 7),
  ('zh-CN', '八月', 8),
  ('zh-CN', '九月', 9),
  ('zh-CN', '十月', 10),
  ('zh-CN', '十一月', 11),
  ('zh-CN', '十二月', 12);
INSERT INTO vocabulary_am_pm (lang, word, half) VALUES
  ('zh-CN', '上午', 'am'),
  ('zh-CN', '下午', 'pm');

-- ServiceNow's incident list with labels in this language (Short description,
-- Assignment group, Configuration item), and Zendesk views' Requested.
INSERT INTO vocabulary (lang, word, term) VALUES
  ('zh-CN', '简短描述', 'short description'),
  ('zh-CN', '分配组', 'assignment group'),
  ('zh-CN', '配置项', 'configuration item'),
  ('zh-CN', '已打开', 'opened');

-- Postmortem headings and metadata keys as people write them in this language
-- (## Causa raíz, Fecha: …), each the English heading postmortem.c reads.
INSERT INTO vocabulary_section (lang, word, heading) VALUES
  ('zh-CN', '摘要', 'summary'),
  ('zh-CN', '概述', 'summary'),
  ('zh-CN', '事件概述', 'summary'),
  ('zh-CN', '影响', 'impact'),
  ('zh-CN', '影响范围', 'impact'),
  ('zh-CN', '根本原因', 'root cause'),
  ('zh-CN', '根因', 'root cause'),
  ('zh-CN', '原因', 'root cause'),
  ('zh-CN', '触发因素', 'trigger'),
  ('zh-CN', '诱因', 'trigger'),
  ('zh-CN', '促成因素', 'contributing factors'),
  ('zh-CN', '解决方案', 'resolution'),
  ('zh-CN', '处理过程', 'resolution'),
  ('zh-CN', '缓解措施', 'mitigation'),
  ('zh-CN', '检测', 'detection'),
  ('zh-CN', '发现', 'detection'),
  ('zh-CN', '改进措施', 'action items'),
  ('zh-CN', '行动项', 'action items'),
  ('zh-CN', '后续行动', 'follow-ups'),
  ('zh-CN', '时间线', 'timeline'),
  ('zh-CN', '事件经过', 'timeline'),
  ('zh-CN', '经验教训', 'lessons learned'),
  ('zh-CN', '日期', 'date'),
  ('zh-CN', '作者', 'authors'),
  ('zh-CN', '状态', 'status'),
  ('zh-CN', '严重程度', 'severity'),
  ('zh-CN', '服务', 'services'),
  ('zh-CN', '受影响服务', 'affected services'),
  ('zh-CN', '事件', 'incident');
