/*
 * vanthu show: a held document's record, or, for a document known only
 * from citations, what the citing documents say of it.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/record.h"
#include "vanthu/history.h"
#include "graphs/graph.h"
#include "cli.h"
#include "history_cli.h"

const char cli_usage_show[] =
	"usage: vanthu show [--json] [--at REV|DATE] DOC\n"
	"\n"
	"Show the document DOC (an id, or a number such as 59-NQ/TW; case and\n"
	"spacing do not matter).  A held document is shown as its record; a\n"
	"document only cited by others as what the citations say of it.\n"
	"\n"
	"  --json         the record as canonical JSON, or for a cited-only document\n"
	"                 {\"id\", \"number\", \"held\": false, \"attestations\",\n"
	"                 \"warnings\"}\n"
	"  --at REV|DATE  as it was at commit REV, or at the end of day DATE\n"
	"  -h, --help     print this help\n"
	"\n"
	"When DOC matches several documents they are listed and the status is 2.\n";

static int print_held(const cJSON *rec, int json)
{
	char *out;

	if (!json) {
		cli_print_record_summary(stdout, rec, NULL);
		return CLI_OK;
	}
	if (!(out = vt_record_canonical(rec)))
		return cli_fail(vt_error_last_code(), "cannot print the record");
	fputs(out, stdout);
	if (!*out || out[strlen(out) - 1] != '\n')
		fputc('\n', stdout);
	free(out);
	return CLI_OK;
}

static void print_attestations(const cJSON *att)
{
	const char *number = cli_json_str(att, "number");
	const cJSON *a, *w;
	int n = cli_json_count(att, "attestations");

	printf("%s (not held; cited by %d document%s)\n",
	       number ? number : cli_json_str(att, "id"), n, n == 1 ? "" : "s");
	printf("  %-10s %s\n", "id", cli_json_str(att, "id"));
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(att, "attestations")) {
		const char *by = cli_json_str(a, "by");
		const char *date = cli_json_str(a, "date");
		const char *issuer = cli_json_str(a, "issuer");
		const char *subject = cli_json_str(a, "subject");

		printf("  cited by %s:", by ? by : "?");
		if (date)
			printf(" date %s;", date);
		if (issuer)
			printf(" issuer %s;", issuer);
		if (subject)
			printf(" about %s", subject);
		putchar('\n');
	}
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(att, "warnings")) {
		const char *msg = cJSON_IsString(w) ? w->valuestring : cli_json_str(w, "message");

		printf("  warning    %s\n", msg ? msg : "?");
	}
}

static int show_cited(struct vt_graph *g, const char *id, int json)
{
	cJSON *att = NULL;
	int rc = vt_graph_attestations(&att, g, id);

	if (rc < 0)
		return cli_fail(rc, "cannot show '%s'", id);
	if (json)
		rc = cli_print_json(att);
	else
		print_attestations(att);
	cJSON_Delete(att);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *at = NULL;
	char rev[VT_OID_HEXSZ + 1] = "";
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *node = NULL, *rec = NULL;
	char *id = NULL;
	int c, rc, json = 0, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'a': at = optarg; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "'show' needs a DOC");
	if (optind + 1 < argc)
		return cli_usage_error(cli, "'show' takes one DOC");

	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if (at && (status = hist_rev(rev, s, at)) != CLI_OK)
		goto done;
	if (vt_ident_lookup(&id, s, *rev ? rev : NULL, argv[optind]) == 1 &&
	    vt_store_get(&rec, s, id, *rev ? rev : NULL) == 0) {
		status = print_held(rec, json);
		goto done;
	}
	free(id);
	id = NULL;
	if (*rev && (rc = vt_graph_load_store(&g, s, rev)) < 0) {
		status = cli_fail(rc, "cannot read store at '%s'", at);
		goto done;
	}
	if ((!g && (status = cli_load_graph(&g, s)) != CLI_OK) ||
	    (status = cli_resolve(&id, g, argv[optind])) != CLI_OK)
		goto done;

	if ((rc = vt_graph_node(&node, g, id)) < 0) {
		status = cli_fail(rc, "cannot show '%s'", argv[optind]);
		goto done;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "held")) &&
	    vt_store_get(&rec, s, id, *rev ? rev : NULL) == 0)
		status = print_held(rec, json);
	else
		status = show_cited(g, id, json);
done:
	cJSON_Delete(rec);
	cJSON_Delete(node);
	free(id);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
