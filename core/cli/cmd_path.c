/* vanthu path A B: a shortest chain of relations between two documents. */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "cmd_graph.h"

const char cli_usage_path[] =
	"usage: vanthu path A B [--json]\n"
	"\n"
	"A shortest chain of relations from A to B: along the edges (A implements\n"
	"... B) if there is one, else against them, else in any direction.\n"
	"\n"
	"  --json        {\"from\", \"to\", \"direction\": \"up\"|\"down\"|\"mixed\"|null,\n"
	"                \"nodes\": [...], \"edges\": [...]}\n"
	"  -h, --help    print this help\n";

int cmd_path(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *res = NULL;
	char *a = NULL, *b = NULL;
	int rc, json = 0, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind + 2 != argc)
		return cli_usage_error(cli, "'path' needs two documents");
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK ||
	    (status = cli_resolve(&a, g, argv[optind])) != CLI_OK ||
	    (status = cli_resolve(&b, g, argv[optind + 1])) != CLI_OK)
		goto done;
	if ((rc = vt_graph_path(&res, g, a, b)) < 0) {
		status = cli_fail(rc, "cannot find a path");
		goto done;
	}
	if (json) {
		status = cli_print_json(res);
	} else if (!cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(res, "nodes"))) {
		printf("no chain of relations links %s and %s\n", argv[optind], argv[optind + 1]);
	} else {
		const cJSON *e;
		printf("%s -> %s (%s):\n", argv[optind], argv[optind + 1],
		       cli_json_str(res, "direction"));
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "edges"))
			printf("  %s -> %s  %s  (asserted by %s)\n", cli_json_str(e, "from"),
			       cli_json_str(e, "to"), cli_json_str(e, "relation"),
			       cli_json_str(e, "asserted_by"));
		cli_print_documents(cJSON_GetObjectItemCaseSensitive(res, "nodes"));
	}
done:
	free(a);
	free(b);
	cJSON_Delete(res);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
