/*
 * vanthu blame: for every field of a record, the version that last set it
 * and who did: the plugin and its version, or the person who corrected it.
 */
#include <stdlib.h>

#include "vanthu/history.h"
#include "history_cli.h"

const char cli_usage_blame[] =
	"usage: vanthu blame [--json] DOC\n"
	"\n"
	"Every field of DOC with the commit, time and plugin version (or person,\n"
	"for a correction) that last set it.\n"
	"\n"
	"  --json      {\"id\", \"fields\": [{\"path\", \"commit\", \"time\", \"by\"}]}\n"
	"  -h, --help  print this help\n";

int cmd_blame(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	cJSON *out = NULL;
	const cJSON *f;
	char *id = NULL;
	int rc, json, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "'blame' takes one DOC");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((status = hist_resolve(&id, s, argv[optind], NULL)) != CLI_OK)
		goto done;
	if ((rc = vt_history_blame(&out, s, id, NULL)) < 0) {
		status = cli_fail(rc, "cannot blame '%s'", id);
		goto done;
	}
	if (json) {
		status = cli_print_json(out) < 0 ? CLI_FAIL : CLI_OK;
		goto done;
	}
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(out, "fields"))
		printf("%.10s %s %-22s %s\n", cli_json_str(f, "commit"),
		       cli_json_str(f, "time"), cli_json_str(f, "by"),
		       cli_json_str(f, "path"));
done:
	cJSON_Delete(out);
	free(id);
	vt_store_free(s);
	return cli_finish_output(status);
}
