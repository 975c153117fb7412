/*
 * vanthu reparse: re-derive records from the source text the store kept,
 * with the plugins installed today, keeping each record's id and applying
 * the human corrections again.  A correction that no longer fits (its task
 * or reference is gone) is reported and kept, never dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/parse.h"
#include "vanthu/text.h"
#include "history_cli.h"

const char cli_usage_reparse[] =
	"usage: vanthu reparse DOC|--all\n"
	"\n"
	"Parse again the kept source text of DOC (or of every record) with the\n"
	"current plugins, apply the corrections made by people, and commit what\n"
	"changed in one commit (\"reparse: ...\").  Ids never change.\n"
	"\n"
	"  --all       every held record\n"
	"  -h, --help  print this help\n";

struct ids {
	char **v;
	size_t n, cap;
};

static int push_id(const struct vt_store_entry *e, void *payload)
{
	struct ids *ids = payload;
	const char *id = cli_json_str(e->rec, "id");

	if (!id)
		return 0;
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 64;
		char **v = realloc(ids->v, cap * sizeof(*v));

		if (!v)
			return vt_error_oom();
		ids->v = v;
		ids->cap = cap;
	}
	if (!(ids->v[ids->n] = strdup(id)))
		return vt_error_oom();
	ids->n++;
	return 0;
}

static int reparse_one(struct vt_txn *tx, const struct vt_registry *r,
                       const char *id, int *unfit_count)
{
	struct vt_store *s = vt_txn_store(tx);
	cJSON *old = NULL, *rec = NULL, *unfit = NULL;
	struct vt_text *text = NULL;
	enum vt_change change = VT_UNCHANGED;
	const char *sha;
	char *src = NULL;
	size_t len = 0;
	int rc;

	if ((rc = vt_txn_get(&old, tx, id)) < 0)
		goto out;
	sha = cli_json_str(cJSON_GetObjectItemCaseSensitive(old, "source"), "sha256");
	if ((rc = vt_store_source(&src, &len, s, sha, NULL)) < 0)
		goto out;
	if ((rc = vt_parse(&rec, &text, r, src, len, id)) < 0)
		goto out;
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "id", cJSON_CreateString(id));
	if ((rc = vt_corrections_reapply(rec, tx, &unfit)) < 0)
		goto out;
	*unfit_count += cli_warn_unfit(unfit, id);
	if ((rc = vt_store_put(tx, rec, NULL, 0, &change)) < 0)
		goto out;
	printf("%s %s\n", change == VT_CHANGED ? "changed" : "unchanged", id);
out:
	if (rc < 0)
		cli_fail(rc, "cannot reparse '%s'", id);
	cJSON_Delete(unfit);
	cJSON_Delete(old);
	cJSON_Delete(rec);
	vt_text_free(text);
	free(src);
	return rc < 0 ? rc : 0;
}

int cmd_reparse(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	struct vt_registry *r = NULL;
	struct vt_txn *tx = NULL;
	struct ids ids = { 0 };
	char oid[VT_OID_HEXSZ + 1] = "", *id = NULL;
	int c, rc, all = 0, status, failed = 0, unfit = 0;
	size_t i;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (all ? optind != argc : optind + 1 != argc)
		return cli_usage_error(cli, "'reparse' takes one DOC or --all");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((status = cli_load_registry(cli, &r, 0)) != CLI_OK)
		goto done;
	if (all) {
		if ((rc = vt_store_foreach(s, NULL, push_id, &ids)) < 0) {
			status = cli_fail(rc, "cannot read store");
			goto done;
		}
	} else {
		cJSON *held = NULL;

		if ((status = hist_resolve(&id, s, argv[optind], NULL)) != CLI_OK)
			goto done;
		if (vt_store_get(&held, s, id, NULL) < 0) {
			vt_error_clear();
			cli_error("'%s' is not held (only cited, or withdrawn): nothing to reparse",
			          argv[optind]);
			status = CLI_FAIL;
			goto done;
		}
		cJSON_Delete(held);
		if (!(ids.v = malloc(sizeof(*ids.v)))) {
			status = cli_fail(vt_error_oom(), NULL);
			goto done;
		}
		ids.v[0] = id;
		ids.n = ids.cap = 1;
		id = NULL;
	}
	if ((rc = vt_store_begin(&tx, s, -1)) < 0 || (rc = vt_txn_set_verb(tx, "reparse")) < 0) {
		status = cli_fail(rc, "cannot write to store '%s'", cli->store_path);
		goto done;
	}
	for (i = 0; i < ids.n; i++)
		failed += reparse_one(tx, r, ids.v[i], &unfit) < 0;
	if ((rc = vt_store_commit(tx, oid)) < 0) {
		status = cli_fail(rc, "cannot commit to store '%s'", cli->store_path);
		goto done;
	}
	if (*oid)
		printf("committed %.7s\n", oid);
	else
		printf("nothing to commit\n");
	status = failed || unfit ? CLI_FAIL : CLI_OK;
done:
	for (i = 0; i < ids.n; i++)
		free(ids.v[i]);
	free(ids.v);
	free(id);
	vt_txn_free(tx);
	vt_registry_free(r);
	vt_store_free(s);
	return cli_finish_output(status);
}
