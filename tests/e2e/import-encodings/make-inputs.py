#!/usr/bin/env python3
"""Writes the inputs of tests/e2e/import-encodings: exports as Windows tools
save them, written for this test (no third-party data). Re-run it from this
folder after changing the rows; the files are committed beside it."""

# A ServiceNow incident list exported from Excel on Western Windows:
# Windows-1252, CRLF, curly quotes, an ellipsis (0x85), dashes, accented
# names in German, French, Spanish and Portuguese.
servicenow = [
    ["number", "opened_at", "short_description", "caller_id", "priority", "state",
     "category", "assignment_group", "resolved_at"],
    ["INC0010231", "2026-03-02 08:14:00", "Zahlungsseite lädt nicht … Größe des Warenkorbs überschritten",
     "Jürgen Weiß", "1 - Critical", "Resolved", "Software", "Équipe Paiements", "2026-03-02 09:40:00"],
    ["INC0010232", "2026-03-02 11:05:00", "Échec de la réplication à Lyon – « base clients » en lecture seule",
     "Françoise Lefèvre", "2 - High", "Closed", "Database", "Base de données", "2026-03-02 13:30:00"],
    ["INC0010233", "2026-03-03 07:45:00", "Señal débil en la red de Málaga; el “checkout” falla",
     "José Álvarez Muñoz", "3 - Moderate", "Resolved", "Network", "Redes España", "2026-03-03 10:00:00"],
    ["INC0010234", "2026-03-04 16:20:00", "Falha na sincronização do serviço de cobrança — São João",
     "Conceição Araújo", "2 - High", "In Progress", "Software", "Cobrança", ""],
    ["INC0010235", "2026-03-05 09:00:00", "Preis zeigt 0,00 € statt 19,99 € (‘Rabatt’ doppelt)",
     "Søren Ødegård", "4 - Low", "New", "Software", "Équipe Paiements", ""],
]


def csv_line(row, sep=","):
    out = []
    for v in row:
        if any(c in v for c in '",\r\n' + sep):
            v = '"' + v.replace('"', '""') + '"'
        out.append(v)
    return sep.join(out) + "\r\n"


with open("servicenow-1252.csv", "wb") as f:
    f.write("".join(csv_line(r) for r in servicenow).encode("cp1252"))

# MantisBT csv_export.php output (English column titles) of a Russian
# project, saved as Windows-1251 by an older install.
mantis = [
    ["Id", "Project", "Reporter", "Assigned To", "Priority", "Severity", "Reproducibility",
     "Category", "Date Submitted", "Updated", "Summary", "Status", "Resolution"],
    ["0004101", "Магазин", "Иванов", "Петрова", "urgent", "crash", "always", "Оплата",
     "2026-03-02", "2026-03-03", "Ошибка оплаты на странице заказа: «Сбой шлюза»", "resolved", "fixed"],
    ["0004102", "Магазин", "Смирнов", "Петрова", "high", "major", "sometimes", "База данных",
     "2026-03-04", "2026-03-04", "Сервер базы данных недоступен — время ожидания истекло", "assigned", "open"],
    ["0004103", "Склад", "Кузнецова", "Ёлкин", "normal", "minor", "always", "Поиск",
     "2026-03-05", "2026-03-06", "Медленный поиск по каталогу (более 5 с)", "closed", "fixed"],
    ["0004104", "Склад", "Иванов", "", "low", "tweak", "have not tried", "Интерфейс",
     "2026-03-06", "2026-03-06", "Опечатка в меню: «Отчёты»", "new", "open"],
]
with open("mantis-1251.csv", "wb") as f:
    f.write("".join(csv_line(r) for r in mantis).encode("cp1251"))

# Russian rows in KOI8-R (which has no guillemets or dashes): the
# statistics take it for Windows-1251, and --encoding KOI8-R reads it right.
koi8 = [mantis[0],
        ["0005001", "Почта", "Иванов", "Петрова", "high", "major", "always", "Сервер",
         "2026-03-10", "2026-03-10", "Письма не доходят до получателей", "resolved", "fixed"]]
with open("mantis-koi8r.csv", "wb") as f:
    f.write("".join(csv_line(r) for r in koi8).encode("koi8_r"))

# Excel's File > Save As > "Unicode Text (*.txt)": UTF-16LE with a byte
# order mark, TAB-separated, CRLF; characters past U+FFFF as surrogate pairs.
unicode_text = [
    ["ID", "Title", "Opened", "Severity", "Service", "Team"],
    ["OPS-7", "Checkout 502 errors in Zürich 🔥", "2026-03-07 10:15", "SEV2", "checkout", "Plattform"],
    ["OPS-8", "決済APIのタイムアウト", "2026-03-08 03:40", "SEV1", "payments", "東京チーム"],
    ["OPS-9", "Search index rebuild stuck at 42 %", "2026-03-09 12:00", "SEV3", "search", "Søk"],
]
with open("excel-unicode.txt", "wb") as f:
    f.write(b"\xff\xfe" + "".join("\t".join(r) + "\r\n" for r in unicode_text).encode("utf-16-le"))

# A postmortem written in Word on French Windows and saved as text
# (Windows-1252): postmortems go through the same reading.
postmortem = """# Échec de la réplication à Lyon

| Field | Value |
|---|---|
| Incident | INC0010232 |
| Date | 2026-03-02 |
| Severity | SEV2 |
| Authors | Françoise Lefèvre |

## Overview

Entre 11:05 et 13:30, la « base clients » était en lecture seule à Lyon…

## Root Cause

Le disque du réplica était plein : la purge des journaux n’était plus planifiée.

## Action Items

- [ ] Replanifier la purge des journaux — owner: Hélène Béranger
"""
with open("postmortem-1252.md", "wb") as f:
    f.write(postmortem.replace("\n", "\r\n").encode("cp1252"))
