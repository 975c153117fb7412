/*
 * vanthu parse: parse documents and print their records; nothing is
 * stored.  With --json, exactly one JSON object per input file, in the
 * canonical form the store keeps.
 */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/parse.h"
#include "vanthu/record.h"
#include "vanthu/text.h"
#include "cli.h"

const char cli_usage_parse[] =
	"usage: vanthu parse [--json|--explain] FILE...\n"
	"\n"
	"Parse each FILE (\"-\" for standard input) with the plugin that recognises\n"
	"it and print its record.  Nothing is stored.\n"
	"\n"
	"  --json      print each record as canonical JSON, one object per file\n"
	"  --explain   print each field with the line of the text it was read from\n"
	"              (its evidence span), for a person checking the parser\n"
	"  -h, --help  print this help\n"
	"\n"
	"A file that cannot be parsed is reported on stderr; the others are still\n"
	"printed and the exit status is 1.\n";

enum mode { SUMMARY, JSON, EXPLAIN };

/* ---- --explain ----------------------------------------------------------- */

#define QUOTE_MAX 160   /* bytes of evidence quoted per field */

struct src {
	const char *p;
	size_t len;
};

static size_t line_of(const struct src *s, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off && i < s->len; i++)
		line += s->p[i] == '\n';
	return line;
}

static int span_of(const cJSON *span, const struct src *s, size_t *a, size_t *b)
{
	const cJSON *x = cJSON_GetArrayItem(span, 0), *y = cJSON_GetArrayItem(span, 1);

	if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y) || x->valuedouble < 0 ||
	    y->valuedouble < x->valuedouble || y->valuedouble > (double)s->len)
		return 0;
	*a = (size_t)x->valuedouble;
	*b = (size_t)y->valuedouble;
	return 1;
}

/* The evidence of a field: its line(s) and the words, on one line. */
static void evidence(const cJSON *span, const struct src *s)
{
	size_t a, b, end, la, lb;

	if (!span_of(span, s, &a, &b)) {
		printf("      (no span: derived from other fields)\n");
		return;
	}
	la = line_of(s, a);
	lb = line_of(s, b ? b - 1 : b);
	end = b - a > QUOTE_MAX ? a + QUOTE_MAX : b;
	/* Never cut a character in two. */
	while (end > a && end < s->len && ((unsigned char)s->p[end] & 0xC0) == 0x80)
		end--;
	if (la == lb)
		printf("      line %zu: \"", la);
	else
		printf("      lines %zu-%zu: \"", la, lb);
	for (size_t i = a; i < end; i++)
		putchar(s->p[i] == '\n' || s->p[i] == '\r' || s->p[i] == '\t' ? ' ' : s->p[i]);
	printf("%s\"\n", end < b ? "…" : "");
}

static const char *str_or_dash(const cJSON *o, const char *key)
{
	const char *v = cli_json_str(o, key);

	return v ? v : "-";
}

static void list_line(const char *label, const cJSON *arr)
{
	const cJSON *it;
	int first = 1;

	printf("  %-11s ", label);
	cJSON_ArrayForEach(it, arr) {
		if (cJSON_IsString(it))
			printf("%s%s", first ? "" : "; ", it->valuestring);
		first = 0;
	}
	printf("%s\n", first ? "-" : "");
}

static void explain(const cJSON *rec, const struct src *s, const char *path)
{
	static const char *const header[] = { "type", "number", "issuer", "place",
	                                      "date", "subject" };
	const cJSON *spans = cJSON_GetObjectItemCaseSensitive(rec, "spans");
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source");
	const cJSON *it, *signer;
	int i = 0;

	printf("%s (plugin %s %s)\n", path, str_or_dash(src, "plugin"),
	       str_or_dash(src, "plugin_version"));
	for (size_t k = 0; k < sizeof(header) / sizeof(*header); k++) {
		const char *key = header[k];

		printf("  %-11s %s\n", key, str_or_dash(rec, key));
		/* The place is written on the date line. */
		evidence(cJSON_GetObjectItemCaseSensitive(spans, strcmp(key, "place") ? key : "date"), s);
	}
	list_line("recipients", cJSON_GetObjectItemCaseSensitive(rec, "recipients"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "references")) {
		printf("  references[%d] %s %s (\"%s\") %s %s\n", i++, str_or_dash(it, "number"),
		       str_or_dash(it, "relation"), str_or_dash(it, "verb"),
		       str_or_dash(it, "date"), str_or_dash(it, "issuer"));
		evidence(cJSON_GetObjectItemCaseSensitive(it, "span"), s);
	}
	i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "relations")) {
		printf("  relations[%d] %s %s %s\n", i++, str_or_dash(it, "from"),
		       str_or_dash(it, "relation"), str_or_dash(it, "to"));
		evidence(cJSON_GetObjectItemCaseSensitive(it, "span"), s);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "tasks")) {
		printf("  task %s\n", str_or_dash(it, "label"));
		list_line("  lead", cJSON_GetObjectItemCaseSensitive(it, "lead"));
		list_line("  support", cJSON_GetObjectItemCaseSensitive(it, "support"));
		list_line("  deadlines", cJSON_GetObjectItemCaseSensitive(it, "deadlines"));
		evidence(cJSON_GetObjectItemCaseSensitive(it, "span"), s);
	}
	if (cJSON_IsObject(signer = cJSON_GetObjectItemCaseSensitive(rec, "signer"))) {
		printf("  signer      %s / %s / %s\n", str_or_dash(signer, "authority"),
		       str_or_dash(signer, "title"), str_or_dash(signer, "name"));
		evidence(cJSON_GetObjectItemCaseSensitive(signer, "span"), s);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "warnings")) {
		const char *w = cJSON_IsString(it) ? it->valuestring : cli_json_str(it, "message");

		printf("  warning     %s\n", w ? w : "?");
	}
}

/* ---- the command ---------------------------------------------------------- */

static int parse_one(const struct vt_registry *r, const char *path, enum mode mode)
{
	struct vt_text *text = NULL;
	char *bytes = NULL, *out;
	size_t len = 0;
	cJSON *rec = NULL;
	int rc;

	if ((rc = vt_text_read_file(&bytes, &len, path, 0)) < 0)
		return cli_fail(rc, "cannot parse '%s'", path);
	rc = vt_parse(&rec, mode == EXPLAIN ? &text : NULL, r, bytes, len, path);
	free(bytes);
	if (rc < 0)
		return cli_fail(rc, "cannot parse '%s'", path);

	if (mode == EXPLAIN) {
		struct src s = { text->orig, text->orig_len };

		explain(rec, &s, path);
		vt_text_free(text);
	} else if (mode == JSON) {
		if (!(out = vt_record_canonical(rec))) {
			cJSON_Delete(rec);
			return cli_fail(vt_error_last_code(), "cannot print '%s'", path);
		}
		fputs(out, stdout);
		if (!*out || out[strlen(out) - 1] != '\n')
			fputc('\n', stdout);
		free(out);
	} else {
		cli_print_record_summary(stdout, rec, path);
	}
	cJSON_Delete(rec);
	return CLI_OK;
}

int cmd_parse(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "explain", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_registry *r = NULL;
	enum mode mode = SUMMARY;
	int c, status = CLI_OK, nstdin = 0, modes = 0;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'j': mode = JSON; modes |= 1; break;
		case 'e': mode = EXPLAIN; modes |= 2; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (modes == 3)
		return cli_usage_error(cli, "'--json' and '--explain' do not go together");
	if (optind >= argc)
		return cli_usage_error(cli, "'parse' needs at least one FILE");
	for (int i = optind; i < argc; i++)
		nstdin += !strcmp(argv[i], "-");
	if (nstdin > 1)
		return cli_usage_error(cli, "standard input ('-') can be read only once");

	if ((c = cli_load_registry(cli, &r, 0)) != CLI_OK)
		return c;
	for (int i = optind; i < argc; i++) {
		int rc = parse_one(r, argv[i], mode);

		if (rc > status)
			status = rc;
		if (mode != JSON && i + 1 < argc)
			fputc('\n', stdout);
	}
	vt_registry_free(r);
	return cli_finish_output(status);
}
