/*
 * vanthu lineage: the documents a document implements (up) and the ones
 * that implement it (down), through every relation unless narrowed.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "cmd_graph.h"

const char cli_usage_lineage[] =
	"usage: vanthu lineage DOC [--up|--down|--both] [--depth N] [--relation R]...\n"
	"                      [--at REV|DATE] [--json]\n"
	"\n"
	"The lineage of DOC: edges point from the implementing (citing) document to\n"
	"the one it implements (cites).  Every relation is followed unless\n"
	"--relation narrows it.\n"
	"\n"
	"  --up           only what DOC implements, is based on, cites ...\n"
	"  --down         only what implements, is based on, cites DOC\n"
	"  --both         both directions (the default)\n"
	"  --depth N      at most N hops (default 6; 0: the whole closure)\n"
	"  --relation R   only edges of relation R (implements, based_on, proposed_by,\n"
	"                 amends, replaces, repeals, guides, cites); repeatable\n"
	"  --at REV|DATE  the store as it was at commit REV, or at the end of DATE\n"
	"  --json         {\"root\", \"nodes\": [{\"id\", \"number\", \"type\", \"date\",\n"
	"                 \"subject\", \"held\", ...}], \"edges\": [{\"from\", \"to\",\n"
	"                 \"relation\", \"asserted_by\"}]}\n"
	"  -h, --help     print this help\n";

/* How a node is named for people: its number, else its id. */
static const char *label_of(const cJSON *nodes, const char *id)
{
	const cJSON *n;

	if (!id)
		return "?";
	cJSON_ArrayForEach(n, nodes) {
		const char *nid = cli_json_str(n, "id");

		if (nid && !strcmp(nid, id)) {
			const char *num = cli_json_str(n, "number");

			return num ? num : id;
		}
	}
	return id;
}

static int seen_before(const cJSON *edges, const cJSON *upto, const char *rel)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, edges) {
		const char *r;

		if (e == upto)
			return 0;
		r = cli_json_str(e, "relation");
		if (r && !strcmp(r, rel))
			return 1;
	}
	return 0;
}

static void print_edges(const cJSON *view)
{
	const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(view, "nodes");
	const cJSON *edges = cJSON_GetObjectItemCaseSensitive(view, "edges");
	const cJSON *g, *e;

	/* Grouped by relation, in the order relations first appear. */
	cJSON_ArrayForEach(g, edges) {
		const char *rel = cli_json_str(g, "relation");

		if (!rel || seen_before(edges, g, rel))
			continue;
		cJSON_ArrayForEach(e, edges) {
			const char *r = cli_json_str(e, "relation");
			const char *by = cli_json_str(e, "asserted_by");

			if (!r || strcmp(r, rel))
				continue;
			printf("  %s -> %s  %s", label_of(nodes, cli_json_str(e, "from")),
			       label_of(nodes, cli_json_str(e, "to")), rel);
			if (by)
				printf("  (asserted by %s)", label_of(nodes, by));
			putchar('\n');
		}
	}
}

static void print_nodes(const cJSON *view)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(view, "nodes")) {
		const char *num = cli_json_str(n, "number");
		const char *type = cli_json_str(n, "type");
		const char *date = cli_json_str(n, "date");
		int held = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(n, "held"));

		fputs("  ", stdout);
		cli_print_pad(stdout, num ? num : cli_json_str(n, "id"), 16);
		printf(" %-10s %-10s %-5s ", type ? type : "-", date ? date : "-",
		       held ? "held" : "cited");
		cli_print_trunc(stdout, cli_json_str(n, "subject"), 60);
		putchar('\n');
	}
}

void cli_print_lineage(const cJSON *view)
{
	int nn = cli_json_count(view, "nodes"), ne = cli_json_count(view, "edges");

	printf("%d document%s, %d edge%s\n", nn, nn == 1 ? "" : "s", ne,
	       ne == 1 ? "" : "s");
	if (ne) {
		printf("\nedges (from -> to  relation  asserted by):\n");
		print_edges(view);
	}
	printf("\ndocuments:\n");
	print_nodes(view);
}

int cmd_lineage(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LINEAGE_LONGOPTS,
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_lineage l;
	struct vt_lineage_opts lo = { 0 };
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *view = NULL;
	char *id = NULL;
	const char *doc;
	const char *at = NULL;
	int c, rc, json = 0, status = CLI_OK;

	cli_lineage_init(&l);
	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == 'A') {
			at = optarg;
		} else if (c == 'j') {
			json = 1;
		} else if (c == 'h') {
			cli_lineage_release(&l);
			return cli_help(cli);
		} else if ((rc = cli_lineage_opt(cli, &l, c, optarg)) != 1) {
			cli_lineage_release(&l);
			return rc < 0 ? -rc : CLI_USAGE;
		}
	}
	if (optind >= argc || optind + 1 < argc) {
		cli_lineage_release(&l);
		return cli_usage_error(cli, optind >= argc ? "'lineage' needs a DOC"
		                       : "'lineage' takes one DOC");
	}
	doc = argv[optind];

	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		goto done;
	if ((status = cli_load_graph_at(&g, s, at)) != CLI_OK ||
	    (status = cli_resolve(&id, g, doc)) != CLI_OK)
		goto done;
	lo.dir = l.dir;
	lo.depth = l.depth;
	lo.relations = l.relations;
	lo.nrelations = l.nrelations;
	if ((rc = vt_graph_lineage(&view, g, id, &lo)) < 0) {
		status = cli_fail(rc, "cannot trace the lineage of '%s'", doc);
		goto done;
	}
	if (json) {
		status = cli_print_json(view);
	} else {
		const char *dir = l.dir == VT_LINEAGE_UP ? "up"
		                  : l.dir == VT_LINEAGE_DOWN ? "down" : "both";

		if (l.depth)
			printf("lineage of %s (%s, depth %d): ", doc, dir, l.depth);
		else
			printf("lineage of %s (%s, whole closure): ", doc, dir);
		cli_print_lineage(view);
	}
done:
	cJSON_Delete(view);
	free(id);
	vt_graph_free(g);
	vt_store_free(s);
	cli_lineage_release(&l);
	return cli_finish_output(status);
}
