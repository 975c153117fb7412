/* vanthu export: every held record, as JSON lines or CSV, for other tools. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/file.h"
#include "graphs/graph.h"
#include "cmd_graph.h"

const char cli_usage_export[] =
	"usage: vanthu export [--format jsonl|csv] [-o FILE]\n"
	"\n"
	"Every held record of the store at HEAD, in id order.\n"
	"\n"
	"  --format jsonl     one record per line, as compact JSON (the default)\n"
	"  --format csv       id,number,type,family,issuer,province,date,subject,\n"
	"                     references,relations,tasks,warnings (counts)\n"
	"  -o, --output FILE  write to FILE, replaced atomically (default, or \"-\":\n"
	"                     standard output)\n"
	"  -h, --help         print this help\n";

static void csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
	fputc('"', f);
}

static int write_records(FILE *f, struct vt_graph *g, int csv)
{
	static const char *const cols[] = { "id", "number", "type", "family", "issuer",
	                                    "province", "date", "subject" };
	static const char *const counts[] = { "references", "relations", "tasks", "warnings" };

	if (csv)
		fputs("id,number,type,family,issuer,province,date,subject,"
		      "references,relations,tasks,warnings\r\n", f);
	for (size_t i = 0; i < vt_graph_nrecords(g); i++) {
		const cJSON *rec = vt_graph_record(g, i);

		if (!csv) {
			char *js = cJSON_PrintUnformatted(rec);
			if (!js)
				return vt_error_oom();
			fputs(js, f);
			fputc('\n', f);
			free(js);
			continue;
		}
		for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
			csv_field(f, cli_json_str(rec, cols[c]));
			fputc(',', f);
		}
		for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
			fprintf(f, "%d%s", cli_json_count(rec, counts[c]), c + 1 < 4 ? "," : "\r\n");
	}
	return 0;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	const char *format = "jsonl", *output = NULL;
	struct vt_afile *af = NULL;
	FILE *f = stdout;
	int c, rc, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "ho:", opts)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'o')
			output = optarg;
		else if (c == 'h')
			return cli_help(cli);
		else
			return CLI_USAGE;
	}
	if (optind < argc)
		return cli_usage_error(cli, "'export' takes no arguments");
	if (strcmp(format, "jsonl") && strcmp(format, "csv"))
		return cli_usage_error(cli, "unknown format '%s' (jsonl or csv)", format);
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK)
		goto done;
	if (output && strcmp(output, "-")) {
		if ((rc = vt_afile_open(&af, output)) < 0) {
			status = cli_fail(rc, NULL);
			goto done;
		}
		f = vt_afile_stream(af);
	}
	if ((rc = write_records(f, g, !strcmp(format, "csv"))) < 0) {
		status = cli_fail(rc, "cannot export");
		goto done;
	}
	if (af) {
		rc = vt_afile_commit(af);
		af = NULL;
		if (rc < 0) {
			status = cli_fail(rc, NULL);
			goto done;
		}
		printf("wrote %s (%zu records)\n", output, vt_graph_nrecords(g));
	}
done:
	vt_afile_abort(af);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
