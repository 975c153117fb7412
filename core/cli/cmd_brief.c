/* vanthu brief DOC -o FILE.html: a one-page visual briefing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/file.h"
#include "graphs/brief.h"
#include "graphs/graph.h"
#include "graphs/index.h"
#include "cmd_graph.h"

const char cli_usage_brief[] =
	"usage: vanthu brief DOC -o FILE.html\n"
	"\n"
	"One self-contained page (works offline: inline SVG and CSS, no external\n"
	"URL) on held document DOC: its facts, its lineage diagram up and down,\n"
	"its tasks by agency with deadlines and status as of today, the documents\n"
	"it cites with the quoted evidence, and its warnings.\n"
	"\n"
	"  -o, --output FILE  where to write (replaced atomically)\n"
	"  -h, --help         print this help\n";

int cmd_brief(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *done = NULL;
	const char *output = NULL;
	char *id = NULL, *html = NULL, today[11];
	size_t len;
	int c, rc, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "ho:", opts)) != -1) {
		if (c == 'o')
			output = optarg;
		else if (c == 'h')
			return cli_help(cli);
		else
			return CLI_USAGE;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, "'brief' takes one DOC");
	if (!output || !*output)
		return cli_usage_error(cli, "'brief' needs '-o FILE.html'");
	vt_index_today(today);
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK ||
	    (status = cli_resolve(&id, g, argv[optind])) != CLI_OK)
		goto done;
	if (!vt_graph_record_of(g, id)) {
		cli_error("'%s' is only cited, not held: there is nothing to brief", argv[optind]);
		status = CLI_FAIL;
		goto done;
	}
	if ((rc = vt_index_done(&done, s, NULL)) < 0 ||
	    (rc = vt_brief_html(&html, &len, g, s, id, today, done)) < 0) {
		status = cli_fail(rc, "cannot brief '%s'", argv[optind]);
		goto done;
	}
	if ((rc = vt_file_write(output, html, len)) < 0) {
		status = cli_fail(rc, NULL);
		goto done;
	}
	printf("wrote %s (%zu bytes)\n", output, len);
done:
	free(html);
	free(id);
	cJSON_Delete(done);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
