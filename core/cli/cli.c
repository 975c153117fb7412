/*
 * Helpers the subcommands share: messages, exit statuses, strict option
 * parsing, opening the store, the registry and the graph.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/record.h"
#include "graphs/graph.h"
#include "cli.h"

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("vanthu: ", stderr);
	if (kind)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

int cli_status(int code)
{
	if (code == VT_EAMBIGUOUS || code == VT_EUSAGE)
		return CLI_USAGE;
	return code < 0 ? CLI_FAIL : CLI_OK;
}

/*
 * The library's message is one line by contract; keep it one line even if
 * a message ever carries a newline from the text it quotes.
 */
static void print_last_error(void)
{
	const char *msg = vt_error_last();

	if (!msg || !*msg)
		msg = "unknown error";
	for (; *msg; msg++)
		fputc(*msg == '\n' || *msg == '\r' ? ' ' : *msg, stderr);
}

int cli_fail(int code, const char *prefix_fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vanthu: ", stderr);
	if (prefix_fmt) {
		va_start(ap, prefix_fmt);
		vfprintf(stderr, prefix_fmt, ap);
		va_end(ap);
		fputs(": ", stderr);
	}
	print_last_error();
	fputc('\n', stderr);
	return cli_status(code < 0 ? code : VT_ERROR);
}

void cli_print_usage(FILE *f, const struct cli_cmd *cmd)
{
	fputs(cmd->usage, f);
}

/* The synopsis: the usage text up to its first blank line. */
static void print_synopsis(FILE *f, const struct cli_cmd *cmd)
{
	const char *end = strstr(cmd->usage, "\n\n");
	size_t n = end ? (size_t)(end - cmd->usage) + 1 : strlen(cmd->usage);

	fwrite(cmd->usage, 1, n, f);
	fprintf(f, "(see 'vanthu %s --help')\n", cmd->name);
}

int cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
	if (cli->cmd)
		print_synopsis(stderr, cli->cmd);
	return CLI_USAGE;
}

int cli_help(struct cli *cli)
{
	cli_print_usage(stdout, cli->cmd);
	return cli_finish_output(CLI_OK);
}

int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
               const struct option *longopts)
{
	char spec[64];
	int c, idx = -1;

	/* Leading ':' so that a missing value is told apart from a bad option. */
	snprintf(spec, sizeof(spec), ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, &idx);
	if (c == '?') {
		if (optopt && optopt != '?')
			cli_usage_error(cli, "unknown option '-%c'", optopt);
		else
			cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		return CLI_GETOPT_ERR;
	}
	if (c == ':') {
		const char *name = argv[optind - 1];

		if (optopt && optopt < 256 && !(name[0] == '-' && name[1] == '-'))
			cli_usage_error(cli, "option '-%c' needs a value", optopt);
		else
			cli_usage_error(cli, "option '%s' needs a value", name);
		return CLI_GETOPT_ERR;
	}
	return c;
}

int cli_json_options(struct cli *cli, int argc, char **argv, int *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = 0;
	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == 'j')
			*json = 1;
		else if (c == 'h')
			return cli_help(cli);
		else
			return CLI_USAGE;
	}
	return CLI_GO_ON;
}

int cli_parse_uint(int *out, const char *s, int max)
{
	char *end;
	long v;

	errno = 0;
	if (!s || *s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int cli_open_store(struct cli *cli, struct vt_store **out)
{
	int rc = vt_store_open(out, cli->store_path);

	if (rc == VT_ENOTFOUND) {
		cli_error("no store at '%s' (run 'vanthu init')", cli->store_path);
		return CLI_FAIL;
	}
	if (rc < 0)
		return cli_fail(rc, "cannot open store '%s'", cli->store_path);
	return CLI_OK;
}

int cli_load_registry(struct cli *cli, struct vt_registry **out, int quiet)
{
	struct vt_registry *r = NULL;
	size_t nfail;
	int rc;

	*out = NULL;
	if ((rc = vt_registry_new(&r)) < 0)
		return cli_fail(rc, NULL);
	rc = vt_registry_load_default(r, cli->plugin_dir);
	/* Failures of single plugins are recorded in the registry; only a
	 * registry with nothing in it makes the search itself fatal. */
	if (rc < 0 && vt_registry_count(r) == 0 && vt_registry_failure_count(r) == 0) {
		rc = cli_fail(rc, "cannot load plugins");
		vt_registry_free(r);
		return rc;
	}
	nfail = vt_registry_failure_count(r);
	if (!quiet && nfail)
		cli_warn("%zu plugin%s failed to load (see 'vanthu plugins')",
		         nfail, nfail == 1 ? "" : "s");
	if (!quiet && vt_registry_count(r) == 0)
		cli_warn("no plugins found (see 'vanthu plugins')");
	*out = r;
	return CLI_OK;
}

int cli_print_json(const cJSON *json)
{
	char *s = cJSON_Print(json);

	if (!s) {
		cli_error("out of memory");
		return CLI_FAIL;
	}
	fputs(s, stdout);
	fputc('\n', stdout);
	cJSON_free(s);
	return CLI_OK;
}

int cli_finish_output(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return status ? status : CLI_FAIL;
		cli_error("cannot write to standard output: %s", strerror(errno));
		return CLI_FAIL;
	}
	return status;
}

const char *cli_json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int cli_json_count(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
}

static void field(FILE *f, const char *name, const char *value)
{
	fprintf(f, "  %-10s %s\n", name, value ? value : "-");
}

void cli_print_record_summary(FILE *f, const cJSON *rec, const char *label)
{
	const char *number = cli_json_str(rec, "number");
	const cJSON *warnings = cJSON_GetObjectItemCaseSensitive(rec, "warnings");
	const cJSON *w;

	if (label)
		fprintf(f, "%s\n", label);
	field(f, "id", cli_json_str(rec, "id"));
	field(f, "type", cli_json_str(rec, "type"));
	field(f, "number", number ? number : "(draft)");
	field(f, "issuer", cli_json_str(rec, "issuer"));
	field(f, "date", cli_json_str(rec, "date"));
	field(f, "subject", cli_json_str(rec, "subject"));
	fprintf(f, "  %-10s %d references, %d relations, %d tasks, %d warnings\n",
	        "counts", cli_json_count(rec, "references"),
	        cli_json_count(rec, "relations"), cli_json_count(rec, "tasks"),
	        cli_json_count(rec, "warnings"));
	cJSON_ArrayForEach(w, warnings) {
		const char *code = cli_json_str(w, "code");
		const char *msg = cli_json_str(w, "message");

		fprintf(f, "  warning    %s%s%s\n", code ? code : "?",
		        msg ? ": " : "", msg ? msg : "");
	}
}

int cli_load_graph(struct vt_graph **out, struct vt_store *s)
{
	int rc = vt_graph_load_store(out, s, NULL);

	if (rc < 0)
		return cli_fail(rc, "cannot load the graph");
	return CLI_OK;
}

int cli_open_graph(struct cli *cli, struct vt_store **s, struct vt_graph **g)
{
	int status = cli_open_store(cli, s);

	return status != CLI_OK ? status : cli_load_graph(g, *s);
}

int cli_resolve(char **id, struct vt_graph *g, const char *doc)
{
	cJSON *candidates = NULL, *c;
	int rc = vt_graph_resolve(id, &candidates, g, doc);

	if (rc >= 0 && *id) {
		cJSON_Delete(candidates);
		return CLI_OK;
	}
	if (rc != VT_EAMBIGUOUS) {
		cJSON_Delete(candidates);
		if (rc == VT_ENOTFOUND || rc >= 0) {
			cli_error("no document matches '%s'", doc);
			return CLI_FAIL;
		}
		return cli_fail(rc, "cannot resolve '%s'", doc);
	}
	cli_error("'%s' is ambiguous; it may be any of:", doc);
	cJSON_ArrayForEach(c, candidates) {
		const char *cid = cJSON_IsString(c) ? c->valuestring : NULL;
		cJSON *node = NULL;

		if (!cid)
			continue;
		if (vt_graph_node(&node, g, cid) == 0 && node) {
			const char *num = cli_json_str(node, "number");
			const char *date = cli_json_str(node, "date");
			const char *issuer = cli_json_str(node, "issuer");

			fprintf(stderr, "  %s\t%s %s %s\n", cid, num ? num : "(draft)",
			        date ? date : "", issuer ? issuer : "");
		} else {
			fprintf(stderr, "  %s\n", cid);
		}
		cJSON_Delete(node);
	}
	cJSON_Delete(candidates);
	return CLI_USAGE;
}

void cli_lineage_init(struct cli_lineage *l)
{
	memset(l, 0, sizeof(*l));
	l->dir = VT_LINEAGE_BOTH;
	l->depth = VT_LINEAGE_DEFAULT_DEPTH;
}

void cli_lineage_release(struct cli_lineage *l)
{
	free(l->relations);
	l->relations = NULL;
	l->nrelations = 0;
}

static int add_relation(struct cli *cli, struct cli_lineage *l, const char *rel)
{
	const char **v;

	if (!vt_record_relation_valid(rel))
		return -cli_usage_error(cli, "unknown relation '%s' (one of implements, "
		                        "based_on, proposed_by, amends, replaces, "
		                        "repeals, guides, cites)", rel);
	if (!(v = realloc(l->relations, (l->nrelations + 1) * sizeof(*v)))) {
		cli_error("out of memory");
		return -CLI_FAIL;
	}
	v[l->nrelations++] = rel;
	l->relations = v;
	return 1;
}

int cli_lineage_opt(struct cli *cli, struct cli_lineage *l, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_UP: l->dir = VT_LINEAGE_UP; return 1;
	case CLI_OPT_DOWN: l->dir = VT_LINEAGE_DOWN; return 1;
	case CLI_OPT_BOTH: l->dir = VT_LINEAGE_BOTH; return 1;
	case CLI_OPT_DEPTH:
		if (cli_parse_uint(&l->depth, arg, CLI_MAX_DEPTH) < 0)
			return -cli_usage_error(cli, "'--depth' needs a number of hops "
			                        "(0: no limit), not '%s'", arg);
		return 1;
	case CLI_OPT_RELATION:
		return add_relation(cli, l, arg);
	}
	return 0;
}

void cli_print_trunc(FILE *f, const char *s, size_t max_chars)
{
	size_t i, chars = 0;

	if (!s)
		return;
	/* Count code points, not bytes: cut only before a lead byte. */
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max_chars) {
			fwrite(s, 1, i, f);
			fputs("…", f);
			return;
		}
	}
	fputs(s, f);
}

void cli_print_pad(FILE *f, const char *s, size_t width)
{
	size_t chars = 0;

	if (!s)
		s = "-";
	/* Columns by characters, not bytes: "214/QĐ-UBND" is 11 wide. */
	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	fputs(s, f);
	while (chars++ < width)
		fputc(' ', f);
}

void cli_print_cell(FILE *f, const char *s, size_t width)
{
	size_t chars = 0, i;

	if (!s)
		s = "-";
	for (i = 0; s[i]; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (chars <= width) {
		cli_print_pad(f, s, width);
		return;
	}
	cli_print_trunc(f, s, width - 1);
}

int cli_warn_unfit(const cJSON *unfit, const char *id)
{
	const cJSON *u;
	char path[256];
	int n = 0;

	vt_corrections_path(path, sizeof(path), id);
	cJSON_ArrayForEach(u, unfit) {
		cli_warn("correction of '%s' in '%s' no longer fits; kept in %s",
		         cli_json_str(u, "path"), id, path);
		n++;
	}
	return n;
}
