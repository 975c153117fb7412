/* vanthu export: every held record, as JSON lines or CSV, for other tools. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vanthu/buf.h"
#include "vanthu/error.h"
#include "vanthu/file.h"
#include "vanthu/store.h"
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

struct export {
	FILE *f;
	int csv;
	size_t n, skipped;
	struct vt_buf line;
};

/* Streamed from the store: a million records need not be in memory at once. */
static int write_record(const struct vt_store_entry *e, void *payload)
{
	static const char *const cols[] = { "id", "number", "type", "family", "issuer",
	                                    "province", "date", "subject" };
	static const char *const counts[] = { "references", "relations", "tasks", "warnings" };
	struct export *x = payload;

	if (!cli_json_str(e->rec, "id")) {
		x->skipped++;   /* a broken or foreign file must not hide the rest */
		return 0;
	}
	x->n++;
	if (!x->csv) {
		/*
		 * The stored file is canonical JSON already: minified, it is the
		 * compact print of the record, at a tenth of the cost of printing
		 * the parsed tree again.
		 */
		x->line.n = 0;
		vt_buf_put(&x->line, e->json, e->len);
		if (x->line.oom)
			return vt_error_oom();
		cJSON_Minify(x->line.p);
		fputs(x->line.p, x->f);
		fputc('\n', x->f);
		return 0;
	}
	for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
		csv_field(x->f, cli_json_str(e->rec, cols[c]));
		fputc(',', x->f);
	}
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
		fprintf(x->f, "%d%s", cli_json_count(e->rec, counts[c]), c + 1 < 4 ? "," : "\r\n");
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
	struct export x = { stdout, 0, 0, 0, { 0 } };
	const char *format = "jsonl", *output = NULL;
	struct vt_afile *af = NULL;
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
	x.csv = !strcmp(format, "csv");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		goto done;
	if (output && strcmp(output, "-")) {
		if ((rc = vt_afile_open(&af, output)) < 0) {
			status = cli_fail(rc, NULL);
			goto done;
		}
		x.f = vt_afile_stream(af);
	}
	if (x.csv)
		fputs("id,number,type,family,issuer,province,date,subject,"
		      "references,relations,tasks,warnings\r\n", x.f);
	if ((rc = vt_store_foreach(s, NULL, write_record, &x)) < 0) {
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
		printf("wrote %s (%zu records)\n", output, x.n);
	}
	if (x.skipped)
		fprintf(stderr, "warning: skipped %zu file%s under 'records/': not a "
		        "record\n", x.skipped, x.skipped == 1 ? "" : "s");
done:
	free(x.line.p);
	vt_afile_abort(af);
	vt_store_free(s);
	return cli_finish_output(status);
}
