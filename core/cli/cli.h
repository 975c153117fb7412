/*
 * What the subcommands of the command line share: the global options, the
 * way failures are printed and mapped to exit statuses, strict option
 * parsing, and opening the store and the plugin registry.
 *
 * Only the command line prints.  Exit statuses (DESIGN.md §4): 0 success,
 * 1 failure with one "vanthu: ..." line on stderr, 2 usage error or an
 * ambiguous DOC.
 */
#ifndef VANTHU_CLI_H
#define VANTHU_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "vanthu/registry.h"
#include "vanthu/store.h"

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

struct cli;

struct cli_cmd {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;     /* one line for "vanthu --help" */
	const char *usage;       /* "vanthu CMD --help"; first line is the synopsis */
};

struct cli {
	const char *store_path;  /* resolved: --store, $VANTHU_STORE, XDG, ~ */
	const char *plugin_dir;  /* --plugin-dir or NULL */
	const struct cli_cmd *cmd;
};

/* "vanthu: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Warn of each correction of `id` that no longer fits; how many there were. */
int cli_warn_unfit(const cJSON *unfit, const char *id);

/*
 * Print the library's last error (optionally after a prefix such as
 * "cannot ingest 'x'") and return the exit status its code maps to.
 */
int cli_fail(int code, const char *prefix_fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Exit status for a library error code. */
int cli_status(int code);

/* A usage error of the current command: message, synopsis, status 2. */
int cli_usage_error(struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The full usage of a command on `f`. */
void cli_print_usage(FILE *f, const struct cli_cmd *cmd);

/*
 * getopt_long() with our messages.  Returns the option, -1 at the end of
 * the options, or CLI_GETOPT_ERR after printing a usage error (the caller
 * returns CLI_USAGE).  "--help"/"-h" must be in `longopts` as 'h'; it is
 * handled by the caller through cli_help().
 */
#define CLI_GETOPT_ERR (-2)
int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
               const struct option *longopts);

/* Print the usage of the current command on stdout; returns 0. */
int cli_help(struct cli *cli);

/* Parse a non-negative decimal integer no larger than `max`. */
int cli_parse_uint(int *out, const char *s, int max);

/*
 * The options of a command whose only options are --json and --help:
 * CLI_GO_ON to go on (optind at the first operand), else the status to
 * return at once (help printed, or a usage error).
 */
#define CLI_GO_ON (-1)
int cli_json_options(struct cli *cli, int argc, char **argv, int *json);

/* Open the store, or say "no store at 'S' (run 'vanthu init')". */
int cli_open_store(struct cli *cli, struct vt_store **out);

/*
 * Load the plugins of the search path.  Load failures are only counted
 * here, with one warning line, unless `quiet`; `vanthu plugins` lists them.
 */
int cli_load_registry(struct cli *cli, struct vt_registry **out, int quiet);

/* Print JSON (formatted, trailing newline) on stdout. */
int cli_print_json(const cJSON *json);

/* Flush stdout and turn a write error into a failure status. */
int cli_finish_output(int status);

/* A string member of a JSON object, or NULL. */
const char *cli_json_str(const cJSON *obj, const char *key);
/* Length of an array member (0 when absent). */
int cli_json_count(const cJSON *obj, const char *key);

/* A record in a few readable lines (parse, show). */
void cli_print_record_summary(FILE *f, const cJSON *rec, const char *label);

struct vt_graph;

/*
 * Load the graph of the store at HEAD and resolve a DOC typed by a person
 * to a node id (caller frees).  Not found: status 1; several candidates:
 * they are listed on stderr, status 2.
 */
int cli_load_graph(struct vt_graph **out, struct vt_store *s);
/* cli_open_store, then cli_load_graph of its HEAD. */
int cli_open_graph(struct cli *cli, struct vt_store **s, struct vt_graph **g);
int cli_resolve(char **id, struct vt_graph *g, const char *doc);

/*
 * The lineage options lineage and render share: --up, --down, --both,
 * --depth N, --relation R (repeatable).  LINEAGE_LONGOPTS goes into the
 * struct option table of both.
 */
#define CLI_OPT_UP 1001
#define CLI_OPT_DOWN 1002
#define CLI_OPT_BOTH 1003
#define CLI_OPT_DEPTH 1004
#define CLI_OPT_RELATION 1005
#define CLI_LINEAGE_LONGOPTS \
	{ "up", no_argument, NULL, CLI_OPT_UP }, \
	{ "down", no_argument, NULL, CLI_OPT_DOWN }, \
	{ "both", no_argument, NULL, CLI_OPT_BOTH }, \
	{ "depth", required_argument, NULL, CLI_OPT_DEPTH }, \
	{ "relation", required_argument, NULL, CLI_OPT_RELATION }

#define CLI_MAX_DEPTH 1000000

struct cli_lineage {
	int dir, depth;
	const char **relations;   /* argv strings; array owned here */
	size_t nrelations;
};

void cli_lineage_init(struct cli_lineage *l);
void cli_lineage_release(struct cli_lineage *l);
/* 1: the option was one of ours; 0: not ours; -status after a message. */
int cli_lineage_opt(struct cli *cli, struct cli_lineage *l, int c, const char *arg);

/* At most `max_chars` characters of UTF-8 `s`, marked when cut. */
/* `s` (NULL: "-") padded with spaces to `width` characters. */
void cli_print_pad(FILE *f, const char *s, size_t width);
/* The same, cut to `width` characters (the last one "…") when longer. */
void cli_print_cell(FILE *f, const char *s, size_t width);
void cli_print_trunc(FILE *f, const char *s, size_t max_chars);

/* A lineage view in readable lines (lineage, demo). */
void cli_print_lineage(const cJSON *view);

/* The commands. */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_parse(struct cli *cli, int argc, char **argv);
int cmd_ingest(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_lineage(struct cli *cli, int argc, char **argv);
int cmd_render(struct cli *cli, int argc, char **argv);
int cmd_plugins(struct cli *cli, int argc, char **argv);
int cmd_fsck(struct cli *cli, int argc, char **argv);

extern const char cli_usage_init[];
extern const char cli_usage_parse[];
extern const char cli_usage_ingest[];
extern const char cli_usage_show[];
extern const char cli_usage_lineage[];
extern const char cli_usage_render[];
extern const char cli_usage_plugins[];
extern const char cli_usage_fsck[];

#endif
