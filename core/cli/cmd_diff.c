/*
 * vanthu diff: what changed in a document between two versions, field by
 * field (header fields, references added or removed, tasks added, removed
 * or changed), never a diff of lines.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "history_cli.h"

const char cli_usage_diff[] =
	"usage: vanthu diff [--json] DOC [REV|DATE [REV|DATE]]\n"
	"\n"
	"The field-level changes of DOC: with no REV from its previous version to\n"
	"its latest; with one from that revision to the latest; with two between\n"
	"them.  A DATE (YYYY-MM-DD) is the store as it was at the end of that day.\n"
	"\n"
	"  --json      {\"id\", \"from\", \"to\", \"changes\": [{\"path\", \"op\", \"old\", \"new\"}]}\n"
	"  -h, --help  print this help\n";

struct two {
	char commit[2][VT_OID_HEXSZ + 1];
	int n;
};

static int take_two(const struct vt_store_version *v, void *payload)
{
	struct two *t = payload;

	memcpy(t->commit[t->n++], v->commit, VT_OID_HEXSZ + 1);
	return t->n == 2 ? 1 : 0;
}

/* The record at `rev`, or NULL (absent then); -1 on a real failure. */
static int record_at(cJSON **rec, struct vt_store *s, const char *id, const char *rev)
{
	int rc;

	*rec = NULL;
	if (!rev || !*rev)
		return 0;
	rc = vt_store_get(rec, s, id, rev);
	if (rc == VT_ENOTFOUND) {
		vt_error_clear();
		return 0;
	}
	return rc < 0 ? cli_fail(rc, "cannot read '%s' at '%.10s'", id, rev) : 0;
}

static void print_value(const cJSON *v)
{
	char *t;

	if (!v || cJSON_IsNull(v)) {
		fputs("(none)", stdout);
		return;
	}
	if (cJSON_IsString(v)) {
		cli_print_trunc(stdout, v->valuestring, 100);
		return;
	}
	if ((t = cJSON_PrintUnformatted(v))) {
		cli_print_trunc(stdout, t, 100);
		free(t);
	}
}

int cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	struct two last = { .n = 0 };
	char from[VT_OID_HEXSZ + 1] = "", to[VT_OID_HEXSZ + 1] = "";
	cJSON *a = NULL, *b = NULL, *changes = NULL, *out = NULL;
	const cJSON *ch;
	char *id = NULL;
	int rc, json, status, nargs;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	nargs = argc - optind;
	if (nargs < 1 || nargs > 3)
		return cli_usage_error(cli, "'diff' takes DOC and at most two revisions");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((status = hist_resolve(&id, s, argv[optind], NULL)) != CLI_OK)
		goto done;
	if ((rc = vt_store_log(s, id, NULL, take_two, &last)) < 0) {
		status = cli_fail(rc, "cannot read the history of '%s'", id);
		goto done;
	}
	if (nargs == 1) {
		if (last.n > 0)
			memcpy(to, last.commit[0], sizeof(to));
		if (last.n > 1)
			memcpy(from, last.commit[1], sizeof(from));
	} else {
		if ((status = hist_rev(from, s, argv[optind + 1])) != CLI_OK)
			goto done;
		if (nargs == 3)
			status = hist_rev(to, s, argv[optind + 2]);
		else
			status = hist_rev(to, s, "HEAD");
		if (status != CLI_OK)
			goto done;
	}
	if ((status = record_at(&a, s, id, from)) != CLI_OK ||
	    (status = record_at(&b, s, id, to)) != CLI_OK)
		goto done;
	if ((rc = vt_history_diff(&changes, a, b)) < 0) {
		status = cli_fail(rc, "cannot compare versions of '%s'", id);
		goto done;
	}
	if (json) {
		if (!(out = cJSON_CreateObject()) ||
		    !cJSON_AddStringToObject(out, "id", id) ||
		    !cJSON_AddItemToObject(out, "from", *from ? cJSON_CreateString(from)
		                                             : cJSON_CreateNull()) ||
		    !cJSON_AddItemToObject(out, "to", *to ? cJSON_CreateString(to)
		                                         : cJSON_CreateNull()) ||
		    !cJSON_AddItemToObject(out, "changes", changes)) {
			status = cli_fail(vt_error_oom(), NULL);
			goto done;
		}
		changes = NULL;
		status = cli_print_json(out) < 0 ? CLI_FAIL : CLI_OK;
		goto done;
	}
	printf("%s: %.10s -> %.10s\n", id, *from ? from : "(none)", *to ? to : "(none)");
	if (!cJSON_GetArraySize(changes))
		printf("  no changes\n");
	cJSON_ArrayForEach(ch, changes) {
		const char *op = cli_json_str(ch, "op");

		printf("  %-8s %s: ", op, cli_json_str(ch, "path"));
		if (!strcmp(op, "changed")) {
			print_value(cJSON_GetObjectItemCaseSensitive(ch, "old"));
			fputs(" -> ", stdout);
		}
		print_value(cJSON_GetObjectItemCaseSensitive(ch, strcmp(op, "removed") ? "new" : "old"));
		putchar('\n');
	}
done:
	cJSON_Delete(out);
	cJSON_Delete(changes);
	cJSON_Delete(a);
	cJSON_Delete(b);
	free(id);
	vt_store_free(s);
	return cli_finish_output(status);
}
