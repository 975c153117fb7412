/*
 * vanthu rm: withdraw a wrongly ingested document in a commit of its own.
 * Its history stays: `log` and `show --at` still reach every version.
 */
#include <stdlib.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "history_cli.h"

const char cli_usage_rm[] =
	"usage: vanthu rm DOC\n"
	"\n"
	"Withdraw DOC from the store in a commit of its own (\"rm: 1 removed\").\n"
	"Nothing is rewritten: its earlier versions stay in the history.\n"
	"\n"
	"  -h, --help  print this help\n";

int cmd_rm(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	struct vt_txn *tx = NULL;
	struct vt_ident *ix = NULL;
	char oid[VT_OID_HEXSZ + 1] = "", *id = NULL;
	int c, rc, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == 'h')
			return cli_help(cli);
		return CLI_USAGE;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, "'rm' takes one DOC");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((status = hist_resolve(&id, s, argv[optind], NULL)) != CLI_OK)
		goto done;
	if ((rc = vt_store_begin(&tx, s, -1)) < 0 ||
	    (rc = vt_txn_set_verb(tx, "rm")) < 0 ||
	    (rc = vt_ident_load(&ix, tx)) < 0 ||
	    (rc = vt_store_remove(tx, id, NULL)) < 0 ||
	    (rc = vt_ident_forget(ix, id)) < 0 ||
	    (rc = vt_ident_save(ix, tx)) < 0 ||
	    (rc = vt_store_commit(tx, oid)) < 0) {
		status = cli_fail(rc, "cannot remove '%s'", argv[optind]);
		goto done;
	}
	printf("removed %s in %.7s\n", id, oid);
done:
	vt_ident_free(ix);
	vt_txn_free(tx);
	free(id);
	vt_store_free(s);
	return cli_finish_output(status);
}
