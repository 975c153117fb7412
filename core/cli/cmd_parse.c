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
	"usage: vanthu parse [--json] FILE...\n"
	"\n"
	"Parse each FILE (\"-\" for standard input) with the plugin that recognises\n"
	"it and print its record.  Nothing is stored.\n"
	"\n"
	"  --json      print each record as canonical JSON, one object per file\n"
	"  -h, --help  print this help\n"
	"\n"
	"A file that cannot be parsed is reported on stderr; the others are still\n"
	"printed and the exit status is 1.\n";

static int parse_one(const struct vt_registry *r, const char *path, int json)
{
	char *bytes = NULL, *out;
	size_t len = 0;
	cJSON *rec = NULL;
	int rc;

	if ((rc = vt_text_read_file(&bytes, &len, path, 0)) < 0)
		return cli_fail(rc, "cannot parse '%s'", path);
	rc = vt_parse(&rec, NULL, r, bytes, len, path);
	free(bytes);
	if (rc < 0)
		return cli_fail(rc, "cannot parse '%s'", path);

	if (json) {
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_registry *r = NULL;
	int c, json = 0, status = CLI_OK, nstdin = 0;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "'parse' needs at least one FILE");
	for (int i = optind; i < argc; i++)
		nstdin += !strcmp(argv[i], "-");
	if (nstdin > 1)
		return cli_usage_error(cli, "standard input ('-') can be read only once");

	if ((c = cli_load_registry(cli, &r, 0)) != CLI_OK)
		return c;
	for (int i = optind; i < argc; i++) {
		int rc = parse_one(r, argv[i], json);

		if (rc > status)
			status = rc;
		if (!json && i + 1 < argc)
			fputc('\n', stdout);
	}
	vt_registry_free(r);
	return cli_finish_output(status);
}
