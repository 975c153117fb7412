/*
 * The graph commands of issue 5 (ls, search, impact, tasks, done, export,
 * path, missing, brief): their entry points, usages and the few helpers
 * they share.  Kept apart from cli.h so that file stays its owner's.
 */
#ifndef VANTHU_CMD_GRAPH_H
#define VANTHU_CMD_GRAPH_H

#include "cli.h"

int cmd_ls(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);
int cmd_impact(struct cli *cli, int argc, char **argv);
int cmd_tasks(struct cli *cli, int argc, char **argv);
int cmd_done(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_path(struct cli *cli, int argc, char **argv);
int cmd_missing(struct cli *cli, int argc, char **argv);
int cmd_brief(struct cli *cli, int argc, char **argv);

extern const char cli_usage_ls[], cli_usage_search[], cli_usage_impact[],
	cli_usage_tasks[], cli_usage_done[], cli_usage_export[], cli_usage_path[],
	cli_usage_missing[], cli_usage_brief[];

/* Documents (lineage node objects) one a line (cmd_ls.c). */
void cli_print_documents(const cJSON *docs);

/* A list of strings joined by "; " into `f` (cmd_tasks.c). */
void cli_print_list(FILE *f, const cJSON *list);

/*
 * --at REV|DATE: the commit to read (into oid), from a date (YYYY-MM-DD:
 * the last commit of that day or before) or anything git takes (cmd_tasks.c).
 */
int cli_at_rev(char oid[VT_OID_HEXSZ + 1], struct vt_store *s, const char *at);

/* The graph at `at` (NULL: HEAD), through the index cache. */
int cli_load_graph_at(struct vt_graph **out, struct vt_store *s, const char *at);

#endif
