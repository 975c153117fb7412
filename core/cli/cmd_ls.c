/*
 * vanthu ls: the held documents, newest first; vanthu search: the held
 * documents a few words or a number find.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/date.h"
#include "vanthu/error.h"
#include "graphs/graph.h"
#include "cmd_graph.h"

const char cli_usage_ls[] =
	"usage: vanthu ls [--type T] [--issuer X] [--since DATE] [--json]\n"
	"\n"
	"The documents held in the store, newest first.\n"
	"\n"
	"  --type T      only documents of type T (notice, dispatch, plan, ...)\n"
	"  --issuer X    only documents whose issuer contains X (accents optional)\n"
	"  --since DATE  only documents dated on or after DATE (YYYY-MM-DD, YYYY-MM\n"
	"                or YYYY)\n"
	"  --json        {\"documents\": [{\"id\", \"number\", \"type\", \"date\",\n"
	"                \"subject\", \"held\", \"issuer\", \"level\"}]}\n"
	"  -h, --help    print this help\n";

void cli_print_documents(const cJSON *docs)
{
	const cJSON *n;
	int count = cJSON_GetArraySize(docs);

	cJSON_ArrayForEach(n, docs) {
		const char *num = cli_json_str(n, "number");
		const char *type = cli_json_str(n, "type");
		const char *date = cli_json_str(n, "date");
		const char *issuer = cli_json_str(n, "issuer");

		cli_print_pad(stdout, num ? num : cli_json_str(n, "id"), 18);
		printf(" %-10s %-10s ", type ? type : "-", date ? date : "-");
		cli_print_cell(stdout, issuer, 30);
		fputs("  ", stdout);
		cli_print_trunc(stdout, cli_json_str(n, "subject"), 60);
		putchar('\n');
	}
	printf("(%d document%s)\n", count, count == 1 ? "" : "s");
}

int cmd_ls(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "issuer", required_argument, NULL, 'i' },
		{ "since", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_ls_opts lo = { 0 };
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *res = NULL;
	int c, rc, json = 0, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 't': lo.type = optarg; break;
		case 'i': lo.issuer = optarg; break;
		case 's': lo.since = optarg; break;
		case 'j': json = 1; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "'ls' takes no arguments");
	if (lo.since && (vt_date_valid(lo.since) != 1 || lo.since[0] == '-' ||
	                 strchr(lo.since, 'Q')))
		return cli_usage_error(cli, "'--since' needs a date YYYY-MM-DD (or YYYY-MM, "
		                       "YYYY), not '%s'", lo.since);
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK)
		goto done;
	if ((rc = vt_graph_ls(&res, g, &lo)) < 0) {
		status = cli_fail(rc, "cannot list the documents");
		goto done;
	}
	if (json)
		status = cli_print_json(res);
	else
		cli_print_documents(cJSON_GetObjectItemCaseSensitive(res, "documents"));
done:
	cJSON_Delete(res);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
