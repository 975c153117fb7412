/* vanthu search TEXT: held documents by number, issuer and subject words. */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "cmd_graph.h"

const char cli_usage_search[] =
	"usage: vanthu search TEXT... [--json]\n"
	"\n"
	"Held documents whose number is or begins with TEXT, or whose number,\n"
	"issuer, type and subject hold every word of TEXT (accents and case\n"
	"optional), best first.\n"
	"\n"
	"  --json        {\"query\", \"documents\": [{\"id\", \"number\", ..., \"score\"}]}\n"
	"  -h, --help    print this help\n";


int cmd_search(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *res = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc, json = 0, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind >= argc)
		return cli_usage_error(cli, "'search' needs TEXT");
	/* "vanthu search ngoại giao kinh tế" without quotes: one query. */
	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(text = calloc(1, len + 1))) {
		cli_error("out of memory");
		return CLI_FAIL;
	}
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK)
		goto done;
	if ((rc = vt_graph_search(&res, g, text)) < 0) {
		status = cli_fail(rc, "cannot search for '%s'", text);
		goto done;
	}
	if (json)
		status = cli_print_json(res);
	else
		cli_print_documents(cJSON_GetObjectItemCaseSensitive(res, "documents"));
done:
	free(text);
	cJSON_Delete(res);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
