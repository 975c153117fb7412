/*
 * vanthu correct: a person fixes fields of a record.  The correction is
 * its own commit, authored by that person ($VANTHU_AUTHOR, else the git
 * identity), and is kept in corrections/<xx>/<id>.json so that a reparse
 * with a newer plugin applies it again.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "history_cli.h"

const char cli_usage_correct[] =
	"usage: vanthu correct DOC FIELD=VALUE...\n"
	"\n"
	"Set FIELD of DOC to VALUE in a commit of its own.  FIELD is a path as\n"
	"'vanthu diff' prints it: date, subject, signer.name, tasks[6].deadlines,\n"
	"references[153/NQ-CP].date.  VALUE is JSON when it parses as JSON\n"
	"([\"2024-05-31\"], null, 3), else a string.  The author is $VANTHU_AUTHOR\n"
	"(\"Name <email>\"), else your git identity.  Corrections are kept and\n"
	"applied again by 'vanthu reparse'.\n"
	"\n"
	"  -h, --help  print this help\n";

static cJSON *parse_value(const char *v)
{
	cJSON *j = cJSON_Parse(v);

	return j ? j : cJSON_CreateString(v);
}

static int add_correction(cJSON *file, const char *path, const cJSON *value,
                          const cJSON *old, const char *author)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(file, "corrections");
	cJSON *c = cJSON_CreateObject(), *it, *next;
	char when[96];

	if (!list)
		list = cJSON_AddArrayToObject(file, "corrections");
	/* The latest correction of a field replaces the earlier one. */
	for (it = list ? list->child : NULL; it; it = next) {
		next = it->next;
		if (cli_json_str(it, "path") && !strcmp(cli_json_str(it, "path"), path))
			cJSON_Delete(cJSON_DetachItemViaPointer(list, it));
	}
	hist_time(when, (long long)time(NULL), 0);
	if (!list || !c || !cJSON_AddStringToObject(c, "path", path) ||
	    !cJSON_AddItemToObject(c, "value", cJSON_Duplicate(value, 1)) ||
	    !cJSON_AddItemToObject(c, "old", old ? cJSON_Duplicate(old, 1) : cJSON_CreateNull()) ||
	    !cJSON_AddStringToObject(c, "author", author) ||
	    !cJSON_AddStringToObject(c, "time", when) ||
	    !cJSON_AddItemToArray(list, c)) {
		cJSON_Delete(c);
		return vt_error_oom();
	}
	return 0;
}

int cmd_correct(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	struct vt_txn *tx = NULL;
	cJSON *rec = NULL, *file = NULL;
	char oid[VT_OID_HEXSZ + 1] = "", cpath[256], name[256], email[256], author[520];
	char *id = NULL, *buf = NULL, *text = NULL;
	size_t len = 0;
	int c, rc, status, i;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == 'h')
			return cli_help(cli);
		return CLI_USAGE;
	}
	if (argc - optind < 2)
		return cli_usage_error(cli, "'correct' needs DOC and at least one FIELD=VALUE");
	for (i = optind + 1; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			return cli_usage_error(cli, "'%s' is not FIELD=VALUE", argv[i]);
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((status = hist_resolve(&id, s, argv[optind], NULL)) != CLI_OK)
		goto done;
	if ((rc = vt_store_author(name, sizeof(name), email, sizeof(email), s)) < 0 ||
	    (rc = vt_store_begin(&tx, s, -1)) < 0 ||
	    (rc = vt_txn_set_verb(tx, "correct")) < 0 ||
	    (rc = vt_txn_get(&rec, tx, id)) < 0) {
		status = cli_fail(rc, "cannot correct '%s'", argv[optind]);
		goto done;
	}
	snprintf(author, sizeof(author), "%s <%s>", name, email);
	vt_corrections_path(cpath, sizeof(cpath), id);
	if (vt_txn_get_meta(&buf, &len, tx, cpath) == 0)
		file = cJSON_ParseWithLength(buf, len);
	vt_error_clear();
	if (!cJSON_IsObject(file)) {
		cJSON_Delete(file);
		if (!(file = cJSON_CreateObject()) || !cJSON_AddStringToObject(file, "id", id)) {
			status = cli_fail(vt_error_oom(), NULL);
			goto done;
		}
	}
	for (i = optind + 1; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *field = strndup(argv[i], (size_t)(eq - argv[i]));
		cJSON *value = parse_value(eq + 1), *old = NULL;
		const cJSON *cur;

		if (!field || !value) {
			free(field);
			cJSON_Delete(value);
			status = cli_fail(vt_error_oom(), NULL);
			goto done;
		}
		if (!strcmp(field, "id") || !strncmp(field, "source", 6)) {
			cli_error("field '%s' cannot be corrected", field);
			free(field);
			cJSON_Delete(value);
			status = CLI_USAGE;
			goto done;
		}
		if ((cur = vt_history_get_path(rec, field)))
			old = cJSON_Duplicate(cur, 1);
		rc = add_correction(file, field, value, old, author);
		cJSON_Delete(old);
		if (rc == 0)
			rc = vt_history_set_path(rec, field, value);
		else
			cJSON_Delete(value);
		if (rc < 0) {
			status = cli_fail(rc, "cannot correct '%s' of '%s'", field, id);
			free(field);
			goto done;
		}
		free(field);
	}
	if (!(text = cJSON_Print(file))) {
		status = cli_fail(vt_error_oom(), NULL);
		goto done;
	}
	if ((rc = vt_store_put(tx, rec, NULL, 0, NULL)) < 0 ||
	    (rc = vt_store_put_meta(tx, cpath, text, strlen(text))) < 0 ||
	    (rc = vt_store_commit(tx, oid)) < 0) {
		status = cli_fail(rc, "cannot correct '%s'", id);
		goto done;
	}
	if (*oid)
		printf("corrected %s in %.7s\n", id, oid);
	else
		printf("nothing to commit\n");
done:
	free(text);
	free(buf);
	cJSON_Delete(file);
	cJSON_Delete(rec);
	vt_txn_free(tx);
	free(id);
	vt_store_free(s);
	return cli_finish_output(status);
}
