/* vanthu impact DOC: everything below DOC, and its tasks by agency. */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "graphs/index.h"
#include "cmd_graph.h"

const char cli_usage_impact[] =
	"usage: vanthu impact DOC [--json]\n"
	"\n"
	"Every document below DOC (the whole downward closure over every relation:\n"
	"what implements, is based on or cites it, what does so to those ...) and\n"
	"the tasks these documents and DOC set, grouped by agency, with their\n"
	"status as of today ($VANTHU_TODAY when set).\n"
	"\n"
	"  --json        {\"root\", \"documents\": [node], \"agencies\": [{\"agency\",\n"
	"                \"tasks\": [{\"document\", \"label\", \"text\", \"lead\", \"support\",\n"
	"                \"deadlines\", \"status\", \"role\"}]}]}\n"
	"  -h, --help    print this help\n";

static void print_impact(const cJSON *res, const char *doc)
{
	const cJSON *docs = cJSON_GetObjectItemCaseSensitive(res, "documents");
	const cJSON *gr, *t;

	/* The document as the user named it, not its internal id. */
	printf("%d document%s below and including %s:\n", cJSON_GetArraySize(docs),
	       cJSON_GetArraySize(docs) == 1 ? "" : "s", doc);
	cli_print_documents(docs);
	cJSON_ArrayForEach(gr, cJSON_GetObjectItemCaseSensitive(res, "agencies")) {
		printf("\n%s\n", cli_json_str(gr, "agency"));
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(gr, "tasks")) {
			const char *num = cli_json_str(t, "number");

			printf("  %-8s %s #%s  ", cli_json_str(t, "status"),
			       num ? num : cli_json_str(t, "document"), cli_json_str(t, "label"));
			cli_print_list(stdout, cJSON_GetObjectItemCaseSensitive(t, "deadlines"));
			fputs("  ", stdout);
			cli_print_trunc(stdout, cli_json_str(t, "text"), 60);
			putchar('\n');
		}
	}
}

int cmd_impact(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *res = NULL, *done = NULL;
	char *id = NULL, today[11];
	int rc, json = 0, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "'impact' takes one DOC");
	vt_index_today(today);
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK ||
	    (status = cli_resolve(&id, g, argv[optind])) != CLI_OK)
		goto done;
	if ((rc = vt_index_done(&done, s, NULL)) < 0 ||
	    (rc = vt_graph_impact(&res, g, id, today, done)) < 0) {
		status = cli_fail(rc, "cannot trace the impact of '%s'", argv[optind]);
		goto done;
	}
	if (json)
		status = cli_print_json(res);
	else
		print_impact(res, argv[optind]);
done:
	free(id);
	cJSON_Delete(done);
	cJSON_Delete(res);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
