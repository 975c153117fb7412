/*
 * vanthu: the command table and the global options, in the manner of git:
 * `vanthu [--store DIR] [--plugin-dir DIR] COMMAND [ARGS]`.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/common.h"
#include "cli.h"
#include "history_cli.h"
#include "cmd_graph.h"

static const struct cli_cmd commands[] = {
	{ "init", cmd_init, "create a store (an existing store is left alone)",
	  cli_usage_init },
	{ "parse", cmd_parse, "parse documents and print their records (nothing stored)",
	  cli_usage_parse },
	{ "ingest", cmd_ingest, "parse documents and commit them to the store",
	  cli_usage_ingest },
	{ "show", cmd_show, "show a held document, or what citations say of one",
	  cli_usage_show },
	{ "lineage", cmd_lineage, "the documents a document implements and is implemented by",
	  cli_usage_lineage },
	{ "ls", cmd_ls, "list the held documents, newest first", cli_usage_ls },
	{ "search", cmd_search, "find held documents by number, issuer or subject words",
	  cli_usage_search },
	{ "impact", cmd_impact, "every document below a document, and its tasks by agency",
	  cli_usage_impact },
	{ "path", cmd_path, "a shortest chain of relations between two documents",
	  cli_usage_path },
	{ "missing", cmd_missing, "documents cited but not held, most cited first",
	  cli_usage_missing },
	{ "tasks", cmd_tasks, "tasks by agency, province and deadline, with their status",
	  cli_usage_tasks },
	{ "done", cmd_done, "record a task as done (a commit)", cli_usage_done },
	{ "export", cmd_export, "every record as JSON lines or CSV", cli_usage_export },
	{ "brief", cmd_brief, "a one-page visual briefing of a document (HTML)",
	  cli_usage_brief },
	{ "render", cmd_render, "draw a lineage (or the whole graph) as dot, svg, png or pdf",
	  cli_usage_render },
	{ "log", cmd_log, "the versions of a document", cli_usage_log },
	{ "diff", cmd_diff, "field-level changes between versions", cli_usage_diff },
	{ "blame", cmd_blame, "who or what last set each field", cli_usage_blame },
	{ "identify", cmd_identify, "proposed draft <-> number identifications", cli_usage_identify },
	{ "correct", cmd_correct, "correct fields of a record (a commit)", cli_usage_correct },
	{ "reparse", cmd_reparse, "re-derive records with today's plugins", cli_usage_reparse },
	{ "rm", cmd_rm, "withdraw a document (a commit; history kept)", cli_usage_rm },
	{ "fsck", cmd_fsck, "check the store: git objects, records, sources, identities",
	  cli_usage_fsck },
	{ "plugins", cmd_plugins, "list the loaded plugins and the ones that failed to load",
	  cli_usage_plugins },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char global_usage[] =
	"usage: vanthu [--store DIR] [--plugin-dir DIR] COMMAND [ARGS]\n"
	"       vanthu --version | --help | help COMMAND\n";

static const struct cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_help(FILE *f)
{
	fputs(global_usage, f);
	fputs("\nvanthu reads Vietnamese government documents (text), keeps their records\n"
	      "in a git repository and traces which documents implement which.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  %-9s %s\n", "help", "describe a command");
	fputs("\nGlobal options:\n"
	      "  --store DIR       the store (default: $VANTHU_STORE, else\n"
	      "                    $XDG_DATA_HOME/vanthu/store, else ~/.local/share/vanthu/store)\n"
	      "  --plugin-dir DIR  look for plugins here first (then $VANTHU_PLUGIN_PATH,\n"
	      "                    then the folder beside the program)\n"
	      "  --version         print the version\n"
	      "  -h, --help        print this help\n"
	      "\n'vanthu help COMMAND' or 'vanthu COMMAND --help' describes one command.\n", f);
}

/* The store path of DESIGN.md §4; a static buffer is enough for one run. */
static const char *default_store(void)
{
	static char buf[4096];
	const char *env = getenv("VANTHU_STORE");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return env;
	if (xdg && *xdg) {
		snprintf(buf, sizeof(buf), "%s/vanthu/store", xdg);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s/.local/share/vanthu/store",
	         home && *home ? home : ".");
	return buf;
}

static int cmd_help(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc < 2) {
		print_help(stdout);
		return cli_finish_output(CLI_OK);
	}
	if (argc > 2) {
		cli_error("too many arguments to 'help'");
		fputs(global_usage, stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "help")) {
		fputs(global_usage, stdout);
		return cli_finish_output(CLI_OK);
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		cli_error("'%s' is not a vanthu command (see 'vanthu --help')", argv[1]);
		return CLI_USAGE;
	}
	cli_print_usage(stdout, cmd);
	return cli_finish_output(CLI_OK);
}

/* Take the value of "--opt VALUE" or "--opt=VALUE" at argv[*i]. */
static int global_value(const char **out, int argc, char **argv, int *i,
                        const char *opt)
{
	size_t n = strlen(opt);
	const char *a = argv[*i];

	if (!strncmp(a, opt, n) && a[n] == '=') {
		*out = a + n + 1;
	} else if (!strcmp(a, opt)) {
		if (*i + 1 >= argc) {
			cli_error("option '%s' needs a value", opt);
			fputs(global_usage, stderr);
			return -1;
		}
		*out = argv[++*i];
	} else {
		return 0;
	}
	if (!**out) {
		cli_error("option '%s' needs a non-empty value", opt);
		return -1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	const struct cli_cmd *cmd;
	const char *store = NULL;
	int i, rc;

	/* A closed pipe must be an error we report, never a death by signal. */
	signal(SIGPIPE, SIG_IGN);

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--version")) {
			printf("vanthu %s\n", VT_VERSION);
			return cli_finish_output(CLI_OK);
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_help(stdout);
			return cli_finish_output(CLI_OK);
		}
		if ((rc = global_value(&store, argc, argv, &i, "--store")) != 0) {
			if (rc < 0)
				return CLI_USAGE;
			continue;
		}
		if ((rc = global_value(&cli.plugin_dir, argc, argv, &i, "--plugin-dir")) != 0) {
			if (rc < 0)
				return CLI_USAGE;
			continue;
		}
		cli_error("unknown option '%s'", a);
		fputs(global_usage, stderr);
		return CLI_USAGE;
	}
	if (i >= argc) {
		cli_error("no command given");
		fputs(global_usage, stderr);
		fputs("(see 'vanthu --help' for the commands)\n", stderr);
		return CLI_USAGE;
	}
	cli.store_path = store ? store : default_store();

	if (!strcmp(argv[i], "help"))
		return cmd_help(argc - i, argv + i);
	cmd = find_command(argv[i]);
	if (!cmd) {
		cli_error("'%s' is not a vanthu command (see 'vanthu --help')", argv[i]);
		return CLI_USAGE;
	}
	cli.cmd = cmd;
	return cmd->fn(&cli, argc - i, argv + i);
}
