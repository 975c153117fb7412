/*
 * vanthu identify: proposed identifications of held drafts (no number yet)
 * with the numbers other documents cite them by, with the evidence and a
 * confidence; --accept records them as aliases in a commit, so that the
 * number finds the draft and the issued text continues its history.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "history_cli.h"

const char cli_usage_identify[] =
	"usage: vanthu identify [--accept] [--json] [DOC]\n"
	"\n"
	"Propose which held drafts are the documents that citations name by\n"
	"number (\"Kế hoạch số 39/KH-UBND ngày 06/8/2025 của UBND tỉnh về thực\n"
	"hiện Nghị quyết số 153/NQ-CP\" and a held August-2025 draft plan of the\n"
	"same province implementing 153/NQ-CP), best first.  DOC (a draft's id or\n"
	"a number) keeps the proposals that name it.\n"
	"\n"
	"  --accept    record the best proposal for each number (confidence 0.5 or\n"
	"              more) as an alias, in a commit (\"identify: ...\")\n"
	"  --json      {\"proposals\": [{\"draft\", \"number\", \"scope\", \"date\",\n"
	"              \"confidence\", \"cited_by\", \"evidence\", \"span\"}]}\n"
	"  -h, --help  print this help\n";

static int accept(struct vt_store *s, const cJSON *list, int *n)
{
	struct vt_txn *tx = NULL;
	struct vt_ident *ix = NULL;
	const cJSON *p, *q;
	char oid[VT_OID_HEXSZ + 1] = "";
	int rc;

	*n = 0;
	if ((rc = vt_store_begin(&tx, s, -1)) < 0 ||
	    (rc = vt_txn_set_verb(tx, "identify")) < 0 ||
	    (rc = vt_ident_load(&ix, tx)) < 0)
		goto done;
	cJSON_ArrayForEach(p, list) {
		const char *num = cli_json_str(p, "number"), *date = cli_json_str(p, "date");
		int first = 1;

		/* Best first: only the first proposal for a number is taken. */
		for (q = list->child; q != p; q = q->next)
			if (!strcmp(cli_json_str(q, "number"), num))
				first = 0;
		if (!first)
			continue;
		if ((rc = vt_ident_alias(ix, cli_json_str(p, "scope"), date, num,
		                         cli_json_str(p, "draft"))) < 0)
			goto done;
		printf("identified %s as %s\n", cli_json_str(p, "draft"), num);
		(*n)++;
	}
	if ((rc = vt_ident_save(ix, tx)) < 0 || (rc = vt_store_commit(tx, oid)) < 0)
		goto done;
	if (*oid)
		printf("committed %.7s\n", oid);
done:
	vt_ident_free(ix);
	vt_txn_free(tx);
	return rc;
}

int cmd_identify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "accept", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	cJSON *list = NULL, *out = NULL;
	const cJSON *p, *e;
	int c, rc, json = 0, acc = 0, status, n;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'a': acc = 1; break;
		case 'j': json = 1; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (optind + 1 < argc)
		return cli_usage_error(cli, "'identify' takes at most one DOC");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((rc = vt_identify_propose(&list, s, optind < argc ? argv[optind] : NULL)) < 0) {
		status = cli_fail(rc, "cannot identify drafts");
		goto done;
	}
	if (json && !acc) {
		if (!(out = cJSON_CreateObject()) ||
		    !cJSON_AddItemToObject(out, "proposals", list)) {
			status = cli_fail(vt_error_oom(), NULL);
			goto done;
		}
		list = NULL;
		status = cli_print_json(out) < 0 ? CLI_FAIL : CLI_OK;
		goto done;
	}
	if (acc) {
		if ((rc = accept(s, list, &n)) < 0)
			status = cli_fail(rc, "cannot record identifications");
		else if (n == 0)
			printf("nothing to identify\n");
		goto done;
	}
	if (!cJSON_GetArraySize(list))
		printf("no proposals\n");
	cJSON_ArrayForEach(p, list) {
		const char *sep = " (cited by ";

		printf("%s is %s? confidence %.2f", cli_json_str(p, "draft"),
		       cli_json_str(p, "number"),
		       cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(p, "confidence")));
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(p, "cited_by")) {
			if (!cJSON_IsString(e))
				continue;
			printf("%s%s", sep, e->valuestring);
			sep = ", ";
		}
		printf("%s\n", *sep == ',' ? ")" : "");
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(p, "evidence"))
			printf("  - %s\n", e->valuestring);
	}
done:
	cJSON_Delete(out);
	cJSON_Delete(list);
	vt_store_free(s);
	return cli_finish_output(status);
}
