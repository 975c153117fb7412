/*
 * vanthu render: draw the lineage of a document, or the whole graph, with
 * Graphviz.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "graphs/render.h"
#include "cmd_graph.h"

const char cli_usage_render[] =
	"usage: vanthu render [DOC] [--format dot|svg|png|pdf] -o FILE\n"
	"                     [--up|--down|--both] [--depth N] [--relation R]...\n"
	"                     [--tasks] [--agencies] [--at REV|DATE]\n"
	"\n"
	"Draw the lineage of DOC (the same selection as 'vanthu lineage'), or the\n"
	"whole graph without DOC, into FILE.\n"
	"\n"
	"  -o, --output FILE  where to write (replaced atomically)\n"
	"  --format F         dot, svg, png or pdf (default: from the extension of\n"
	"                     FILE, .gv counting as dot; else svg)\n"
	"  --up, --down, --both, --depth N, --relation R\n"
	"                     as for 'vanthu lineage' (default --both, depth 6)\n"
	"  --tasks            add the tasks of the held documents shown\n"
	"  --agencies         add the agencies of those tasks (implies --tasks)\n"
	"  --at REV|DATE      the store as it was at commit REV, or at the end of DATE\n"
	"  -h, --help         print this help\n";

static const char *format_of_path(const char *path)
{
	static const char *const known[] = { "dot", "svg", "png", "pdf" };
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return "svg";
	dot++;
	if (!strcasecmp(dot, "gv"))
		return "dot";
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcasecmp(dot, known[i]))
			return known[i];
	return "svg";
}

static int build_view(cJSON **view, struct vt_graph *g, const char *doc,
                      const struct cli_lineage *l)
{
	struct vt_lineage_opts lo = { 0 };
	char *id = NULL;
	int rc, status;

	if (!doc) {
		if ((rc = vt_graph_all(view, g)) < 0)
			return cli_fail(rc, "cannot build the graph");
		return CLI_OK;
	}
	if ((status = cli_resolve(&id, g, doc)) != CLI_OK)
		return status;
	lo.dir = l->dir;
	lo.depth = l->depth;
	lo.relations = l->relations;
	lo.nrelations = l->nrelations;
	rc = vt_graph_lineage(view, g, id, &lo);
	free(id);
	if (rc < 0)
		return cli_fail(rc, "cannot trace the lineage of '%s'", doc);
	return CLI_OK;
}

int cmd_render(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LINEAGE_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "at", required_argument, NULL, 'A' },
		{ "tasks", no_argument, NULL, 'T' },
		{ "agencies", no_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_lineage l;
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *view = NULL;
	const char *format = NULL, *output = NULL, *doc = NULL;
	const char *at = NULL;
	int tasks = 0;
	int c, rc, status = CLI_OK;

	cli_lineage_init(&l);
	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "ho:", opts)) != -1) {
		if (c == 'A') {
			at = optarg;
		} else if (c == 'T') {
			tasks = tasks ? tasks : 1;
		} else if (c == 'G') {
			tasks = 2;
		} else if (c == 'h') {
			cli_lineage_release(&l);
			return cli_help(cli);
		} else if (c == 'f') {
			format = optarg;
		} else if (c == 'o') {
			output = optarg;
		} else if ((rc = cli_lineage_opt(cli, &l, c, optarg)) != 1) {
			cli_lineage_release(&l);
			return rc < 0 ? -rc : CLI_USAGE;
		}
	}
	if (optind + 1 < argc)
		status = cli_usage_error(cli, "'render' takes at most one DOC");
	else if (!output || !*output)
		status = cli_usage_error(cli, "'render' needs '-o FILE'");
	else if (format && !vt_render_format_valid(format))
		status = cli_usage_error(cli, "unknown format '%s' (one of dot, svg, png, pdf)",
		                         format);
	if (status != CLI_OK) {
		cli_lineage_release(&l);
		return status;
	}
	if (optind < argc)
		doc = argv[optind];
	if (!format)
		format = format_of_path(output);

	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		goto done;
	if ((status = cli_load_graph_at(&g, s, at)) != CLI_OK ||
	    (status = build_view(&view, g, doc, &l)) != CLI_OK)
		goto done;
	if (tasks && (rc = vt_graph_view_tasks(view, g, tasks == 2)) < 0) {
		status = cli_fail(rc, "cannot add the tasks");
		goto done;
	}
	if (cli_json_count(view, "nodes") > 1500)
		fprintf(stderr, "vanthu: %d nodes: drawn with the scalable layout (sfdp), "
		        "without issuer clusters\n", cli_json_count(view, "nodes"));
	if ((rc = vt_render_file(view, format, output)) < 0) {
		status = cli_fail(rc, "cannot render '%s'", output);
		goto done;
	}
	printf("wrote %s (%d nodes, %d edges)\n", output, cli_json_count(view, "nodes"),
	       cli_json_count(view, "edges"));
done:
	cJSON_Delete(view);
	vt_graph_free(g);
	vt_store_free(s);
	cli_lineage_release(&l);
	return cli_finish_output(status);
}
