/* test_vocab.c — header names and values in any spelling and language:
 * the folding (case, accents, separators, camelCase, CJK left alone), the
 * vocabulary's statuses and severities, the headers' language, and the
 * vocabulary's data checked against the aliases and the profiles. */
#include "harness.h"
#include "import/import_int.h"
#include "recur/db.h"

#include <stdlib.h>
#include <unistd.h>

static sqlite3 *db;
static const struct imp_profiles *ps;

static const char *norm(const char *s)
{
	static char out[4][128];
	static int n;
	char *o = out[n++ % 4];

	imp_normalise(s, strlen(s), o, 128);
	return o;
}

static const char *value(const char *s)
{
	static char out[128];

	imp_fold_value(s, strlen(s), out, sizeof(out));
	return out;
}

static void normalise_separators_and_case(void)
{
	CHECK_STR(norm("Open_Time"), "opentime");
	CHECK_STR(norm("open time"), "opentime");
	CHECK_STR(norm("OpenTime"), "opentime");
	CHECK_STR(norm("OPEN-TIME"), "opentime");
	CHECK_STR(norm(" open.time "), "opentime");
	CHECK_STR(norm("Date/Time Opened"), "datetimeopened");
	CHECK_STR(norm("  Ticket#  "), "ticket#");
	CHECK_STR(norm("Short Description"), norm("short_description"));
}

static void normalise_accents(void)
{
	CHECK_STR(norm("Título"), "titulo");
	CHECK_STR(norm("TÍTULO"), "titulo");
	CHECK_STR(norm("Titulo"), "titulo");
	CHECK_STR(norm("Ti\xCC\x81tulo"), "titulo"); /* i + combining acute (NFD) */
	CHECK_STR(norm("Data da solução"), "datadasolucao");
	CHECK_STR(norm("Größe"), "grosse");
	CHECK_STR(norm("Łódź"), "lodz");
	CHECK_STR(norm("Œuvre"), "oeuvre");
	CHECK_STR(norm("Priorità"), "priorita");
	CHECK_STR(norm("Ważność"), "waznosc");
	/* Cyrillic: lower case, ё as е */
	CHECK_STR(norm("ДАТА Создания"), "датасоздания");
	CHECK_STR(norm("Серьёзность"), norm("Серьезность"));
	/* full-width forms as ASCII */
	CHECK_STR(norm("\xEF\xBC\xA9\xEF\xBC\xA4"), "id"); /* ＩＤ */
	/* bytes that are not UTF-8 (a Windows-1252 file) pass through */
	CHECK_STR(norm("\xC9tat"), "\xC9tat");
}

static void normalise_cjk_untouched(void)
{
	CHECK_STR(norm("作成日時"), "作成日時");
	CHECK_STR(norm("创建时间"), "创建时间");
	CHECK_STR(norm("チケット　番号"), "チケット番号"); /* ideographic space */
	CHECK_STR(norm("ステータス・カテゴリ"), "ステータスカテゴリ");
}

static void normalise_custom_fields(void)
{
	CHECK_STR(norm("Custom field (Severity)"), "severity");
	CHECK_STR(norm("Campo personalizado (Gravedad)"), "gravedad");
	CHECK_STR(norm("Champ personnalisé (Équipe)"), "equipe");
	CHECK_STR(norm("Benutzerdefiniertes Feld (Team)"), "team");
	CHECK_STR(norm("カスタムフィールド (重要度)"), "重要度");
	CHECK_STR(norm("Custom field ()"), "customfield()");
}

static void fold_values(void)
{
	CHECK_STR(value("1 - Critical"), "1 critical");
	CHECK_STR(value("In_Progress"), "in progress");
	CHECK_STR(value("  Resolvido "), "resolvido");
	CHECK_STR(value("Em atendimento (atribuído)"), "em atendimento (atribuido)");
	CHECK_STR(value("-1"), "-1");
	CHECK_STR(value("1.5"), "1.5");
	CHECK_STR(value("ЗАКРЫТ"), "закрыт");
	CHECK_STR(value("解決済み"), "解決済み");
}

static int cat(const char *s)
{
	const struct imp_pstatus *p = imp_status(ps, NULL, s, strlen(s));

	return p ? (int)p->cat : -1;
}

static void statuses_in_languages(void)
{
	CHECK_INT(cat("resolved"), C_RESOLVED);
	CHECK_INT(cat("Resolvido"), C_RESOLVED);
	CHECK_INT(cat("Solucionado"), C_RESOLVED);
	CHECK_INT(cat("Cerrado"), C_CLOSED);
	CHECK_INT(cat("Geschlossen"), C_CLOSED);
	CHECK_INT(cat("Gelöst"), C_RESOLVED);
	CHECK_INT(cat("GELOST"), C_RESOLVED);
	CHECK_INT(cat("Résolu"), C_RESOLVED);
	CHECK_INT(cat("Закрыт"), C_CLOSED);
	CHECK_INT(cat("решена"), C_RESOLVED);
	CHECK_INT(cat("已解决"), C_RESOLVED);
	CHECK_INT(cat("已关闭"), C_CLOSED);
	CHECK_INT(cat("解決済み"), C_RESOLVED);
	CHECK_INT(cat("EN CURSO"), C_OPEN);
	CHECK_INT(cat("Em atendimento (atribuído)"), C_OPEN);
	CHECK_INT(cat("in_progress"), C_OPEN);
	CHECK_INT(cat("W toku"), C_OPEN);
	CHECK_INT(cat("Opgelost"), C_RESOLVED);
	CHECK_INT(cat("Chiuso"), C_CLOSED);
	CHECK_INT(cat("no such status"), -1);
	/* the event-log milestones compare the same way */
	CHECK_INT(imp_status_is(" In  Progress", 13, "in progress"), 1);
	CHECK_INT(imp_status_is("Em Andamento", 12, value("em andamento")), 1);
}

static int sev(const char *s)
{
	struct imp_map m;
	const struct imp_sevmap *r;

	memset(&m, 0, sizeof(m));
	m.ps = ps;
	r = imp_severity(&m, s, strlen(s));
	return r ? r->severity : -1;
}

static void severities_in_languages(void)
{
	CHECK_INT(sev("Alta"), 2);
	CHECK_INT(sev("Crítica"), 1);
	CHECK_INT(sev("critica"), 1);
	CHECK_INT(sev("Hoch"), 2);
	CHECK_INT(sev("Высокий"), 2);
	CHECK_INT(sev("高"), 2);
	CHECK_INT(sev("紧急"), 1);
	CHECK_INT(sev("Muito baixa"), 5);
	CHECK_INT(sev("Moyenne"), 3);
	/* the English labels are as before */
	CHECK_INT(sev("P1"), 1);
	CHECK_INT(sev("1 - Critical"), 1);
	CHECK_INT(sev("sev-2"), 2);
	CHECK_INT(sev("-1"), -1);
}

/* The language and the terms of a header line. */
static const char *lang_of(const char *const *heads, size_t n, const char **terms)
{
	char keys[16][128], *kp[16] = { 0 };
	int tr[16], l;
	size_t i;

	for (i = 0; i < n; i++) {
		imp_normalise(heads[i], strlen(heads[i]), keys[i], 128);
		kp[i] = keys[i];
	}
	l = imp_translate(ps, kp, n, tr);
	for (i = 0; terms && i < n; i++)
		terms[i] = tr[i] >= 0 ? ps->words[tr[i]].term : "";
	return l >= 0 ? ps->langs[l].name : "";
}

static void header_languages(void)
{
	const char *es[] = { "Resumen", "Clave de incidencia", "Creada", "Estado", "Cosa" };
	const char *pt[] = { "Equipa", "Encerrado", "Título" };
	const char *nl[] = { "Titel", "Gemeld op" };
	const char *en[] = { "Number", "Status", "Opened" };
	const char *terms[5];

	CHECK_STR(lang_of(es, 5, terms), "Spanish");
	CHECK_STR(terms[0], "summary");
	CHECK_STR(terms[1], "issuekey");
	CHECK_STR(terms[2], "created");
	CHECK_STR(terms[3], "status");
	CHECK_STR(terms[4], "");
	CHECK_STR(lang_of(pt, 3, NULL), "Portuguese (Portugal)");
	CHECK_STR(lang_of(nl, 2, NULL), "Dutch");
	/* English headers are not translated, even when a language shares one */
	CHECK_STR(lang_of(en, 3, terms), "");
	CHECK_STR(terms[1], "");
}

static int alias_field(const char *key)
{
	size_t i;

	for (i = 0; i < ps->naliases; i++)
		if (!strcmp(ps->aliases[i].alias, key))
			return ps->aliases[i].field;
	return -1;
}

static int profile_knows(const char *key)
{
	char n[128];
	size_t i, k;

	for (i = 0; i < ps->n; i++) {
		for (k = 0; k < ps->p[i].nsrc; k++) {
			imp_normalise(ps->p[i].src[k].source, strlen(ps->p[i].src[k].source), n,
				      sizeof(n));
			if (!strcmp(n, key))
				return 1;
		}
		for (k = 0; k < ps->p[i].nsig; k++)
			if (ps->p[i].sig[k].kind == SIG_HEADER && !strcmp(ps->p[i].sig[k].key, key))
				return 1;
	}
	return 0;
}

/*
 * Every term is an English alias or a header a profile reads or detects
 * (else the word is dead), save assignee (kept in extra, as in English);
 * and no word is itself an English alias of another field.
 */
static void vocabulary_data_consistent(void)
{
	size_t i;
	int bad = 0;

	CHECK(ps->nwords > 500);
	CHECK(ps->nlangs >= 11);
	for (i = 0; i < ps->nwords; i++) {
		const struct imp_word *w = &ps->words[i];
		int fw = alias_field(w->word), ft = alias_field(w->term);

		if (ft < 0 && !profile_knows(w->term) && strcmp(w->term, "assignee")) {
			printf("#   %s: term '%s' of '%s' is no alias nor profile header\n",
			       ps->langs[w->lang].code, w->term, w->word);
			bad++;
		}
		if (fw >= 0 && ft >= 0 && fw != ft) {
			printf("#   %s: word '%s' is the English alias of %s, its term '%s' of %s\n",
			       ps->langs[w->lang].code, w->word, imp_fields[fw].name, w->term,
			       imp_fields[ft].name);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
}

static const char *english(const char *v)
{
	static char out[96];

	if (!imp_time_english(ps, v, strlen(v), out, sizeof(out)))
		return "(unchanged)";
	return out;
}

static void dates_in_languages(void)
{
	CHECK_STR(english("03/ene./24 9:15 a. m."), "03/Jan/24 9:15 a. m.");
	CHECK_STR(english("05/Mär/24 1:00 nachm."), "05/Mar/24 1:00 PM");
	CHECK_STR(english("15. März 2024"), "15. Mar 2024");
	CHECK_STR(english("15/févr./24"), "15/Feb/24");
	CHECK_STR(english("15/fev/24"), "15/Feb/24");
	CHECK_STR(english("1 października 2024"), "1 Oct 2024");
	CHECK_STR(english("15 \xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0 2024"), "15 Mar 2024"); /* марта */
	CHECK_STR(english("15/mrt/24"), "15/Mar/24");
	/* CJK: 15/3月/24 10:05 午後, 2024年3月15日 10:05, 15/三月/24 */
	CHECK_STR(english("15/3\xE6\x9C\x88/24 10:05 \xE5\x8D\x88\xE5\xBE\x8C"), "15/Mar/24 10:05 PM");
	CHECK_STR(english("2024\xE5\xB9\xB4" "3\xE6\x9C\x88" "15\xE6\x97\xA5 10:05"), "2024-3-15  10:05");
	CHECK_STR(english("15/\xE4\xB8\x89\xE6\x9C\x88/24"), "15/Mar/24");
	/* Java's newer clocks put U+202F before AM */
	CHECK_STR(english("15/Mar/24 10:05\xE2\x80\xAF" "AM"), "15/Mar/24 10:05 AM");
	/* nothing the vocabulary knows: the caller keeps its failure */
	CHECK_STR(english("15/xyz/24"), "(unchanged)");
	CHECK_STR(english("15/13\xE6\x9C\x88/24"), "(unchanged)");
}

int main(void)
{
	struct recur_error err;
	char dir[64], path[128];

	snprintf(dir, sizeof(dir), "/tmp/recur-test-vocab-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	recur_error_init(&err);
	if (recur_db_open(path, &db, &err) || imp_profiles_get(db, &ps, &err)) {
		printf("not ok 1 - open db and profiles: %s\n", err.msg);
		return 1;
	}
	RUN(normalise_separators_and_case);
	RUN(normalise_accents);
	RUN(normalise_cjk_untouched);
	RUN(normalise_custom_fields);
	RUN(fold_values);
	RUN(statuses_in_languages);
	RUN(severities_in_languages);
	RUN(header_languages);
	RUN(vocabulary_data_consistent);
	RUN(dates_in_languages);
	sqlite3_close(db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return HARNESS_END();
}
