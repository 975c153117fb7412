/* vanthu missing: documents cited but not held, most cited first. */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "cmd_graph.h"

const char cli_usage_missing[] =
	"usage: vanthu missing [--json]\n"
	"\n"
	"The documents the held ones cite but the store does not hold, ranked by\n"
	"how many held documents cite them: what to ingest next.\n"
	"\n"
	"  --json        {\"missing\": [{\"id\", \"number\", \"type\", \"date\", \"issuer\",\n"
	"                \"subject\", \"count\", \"cited_by\": [ids]}]}\n"
	"  -h, --help    print this help\n";

int cmd_missing(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *res = NULL;
	const cJSON *m;
	int rc, json = 0, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind < argc)
		return cli_usage_error(cli, "'missing' takes no arguments");
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK)
		goto done;
	if ((rc = vt_graph_missing(&res, g)) < 0) {
		status = cli_fail(rc, "cannot list the missing documents");
		goto done;
	}
	if (json) {
		status = cli_print_json(res);
		goto done;
	}
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "missing")) {
		const char *num = cli_json_str(m, "number");
		const char *date = cli_json_str(m, "date");
		const cJSON *cnt = cJSON_GetObjectItemCaseSensitive(m, "count");

		printf("%3d  ", cJSON_IsNumber(cnt) ? cnt->valueint : 0);
		cli_print_pad(stdout, num ? num : cli_json_str(m, "id"), 18);
		printf(" %-10s ", date ? date : "-");
		cli_print_trunc(stdout, cli_json_str(m, "subject"), 60);
		putchar('\n');
	}
	printf("(%d document%s cited but not held)\n",
	       cli_json_count(res, "missing"), cli_json_count(res, "missing") == 1 ? "" : "s");
done:
	cJSON_Delete(res);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
