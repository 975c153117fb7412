/*
 * vanthu done DOC LABEL: record that a task is done, as a commit to the
 * store's index/done.json, so the completion has an author, a time and a
 * history like every record.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "graphs/index.h"
#include "cmd_graph.h"

const char cli_usage_done[] =
	"usage: vanthu done DOC LABEL [--note TEXT]\n"
	"\n"
	"Record task LABEL of held document DOC as done today (a commit; 'vanthu\n"
	"tasks' then shows it as done).  Recording it twice changes nothing.\n"
	"\n"
	"  --note TEXT   a note kept with the completion\n"
	"  -h, --help    print this help\n";

static int has_task(const cJSON *rec, const char *label)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rec, "tasks")) {
		const char *l = cli_json_str(t, "label");
		if (l && !strcmp(l, label))
			return 1;
	}
	return 0;
}

static int already(const cJSON *done, const char *id, const char *label)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(done, "done")) {
		const char *d = cli_json_str(e, "document"), *l = cli_json_str(e, "label");
		if (d && l && !strcmp(d, id) && !strcmp(l, label))
			return 1;
	}
	return 0;
}

static int record(struct vt_store *s, const char *id, const char *label,
                  const char *note, char oid[VT_OID_HEXSZ + 1])
{
	struct vt_txn *tx = NULL;
	cJSON *done = NULL, *e;
	char *data = NULL, name[256], email[256], today[11];
	size_t len;
	int rc;

	if ((rc = vt_store_begin(&tx, s, 10000)) < 0)
		return rc;
	rc = vt_txn_get_meta(&data, &len, tx, VT_DONE_PATH);
	if (rc == VT_ENOTFOUND) {
		vt_error_clear();
		done = cJSON_Parse("{\"done\": []}");
	} else if (rc == 0) {
		done = cJSON_ParseWithLength(data, len);
	} else {
		goto out;
	}
	free(data);
	data = NULL;
	if (!done || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(done, "done"))) {
		rc = vt_error_set(VT_EINVALID, "'%s' is not a list of completions", VT_DONE_PATH);
		goto out;
	}
	if (already(done, id, label)) {
		oid[0] = '\0';
		rc = 0;
		goto out;
	}
	vt_index_today(today);
	if (vt_store_author(name, sizeof(name), email, sizeof(email), s) < 0) {
		vt_error_clear();
		snprintf(name, sizeof(name), "vanthu");
	}
	e = cJSON_CreateObject();
	if (!e || !cJSON_AddStringToObject(e, "document", id) ||
	    !cJSON_AddStringToObject(e, "label", label) ||
	    !cJSON_AddStringToObject(e, "date", today) ||
	    !(note ? cJSON_AddStringToObject(e, "note", note) : cJSON_AddNullToObject(e, "note")) ||
	    !cJSON_AddStringToObject(e, "by", name) ||
	    !cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(done, "done"), e)) {
		cJSON_Delete(e);
		rc = vt_error_oom();
		goto out;
	}
	if (!(data = cJSON_Print(done))) {
		rc = vt_error_oom();
		goto out;
	}
	if ((rc = vt_txn_set_verb(tx, "done")) < 0 ||
	    (rc = vt_store_put_meta(tx, VT_DONE_PATH, data, strlen(data))) < 0)
		goto out;
	rc = vt_store_commit(tx, oid);
out:
	free(data);
	cJSON_Delete(done);
	vt_txn_free(tx);
	return rc;
}

int cmd_done(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	const char *note = NULL, *label;
	char *id = NULL, oid[VT_OID_HEXSZ + 1];
	const cJSON *rec;
	int c, rc, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == 'n')
			note = optarg;
		else if (c == 'h')
			return cli_help(cli);
		else
			return CLI_USAGE;
	}
	if (optind + 2 != argc)
		return cli_usage_error(cli, "'done' needs DOC and LABEL");
	label = argv[optind + 1];
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK ||
	    (status = cli_resolve(&id, g, argv[optind])) != CLI_OK)
		goto done;
	if (!(rec = vt_graph_record_of(g, id))) {
		cli_error("'%s' is not held (only cited): it has no tasks", argv[optind]);
		status = CLI_FAIL;
		goto done;
	}
	if (!has_task(rec, label)) {
		cli_error("'%s' has no task '%s'", argv[optind], label);
		status = CLI_FAIL;
		goto done;
	}
	if ((rc = record(s, id, label, note, oid)) < 0) {
		status = cli_fail(rc, "cannot record task '%s' of '%s' as done", label,
		                  argv[optind]);
		goto done;
	}
	if (oid[0])
		printf("task %s of %s done (commit %.7s)\n", label, argv[optind], oid);
	else
		printf("task %s of %s was already recorded as done\n", label, argv[optind]);
done:
	free(id);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
