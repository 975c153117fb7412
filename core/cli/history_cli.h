/*
 * What the history commands (log, diff, blame, show --at, identify,
 * correct, reparse, rm) share: resolving a DOC through ids, aliases and
 * the graph, and a REV|DATE into a commit.  Implemented in cmd_log.c.
 */
#ifndef VANTHU_HISTORY_CLI_H
#define VANTHU_HISTORY_CLI_H

#include "vanthu/store.h"
#include "cli.h"

/*
 * DOC as typed -> a record id: an id with history, an alias (a number learnt
 * later), else the graph at `rev` (NULL: HEAD).  Status as cli_resolve().
 */
int hist_resolve(char **id, struct vt_store *s, const char *doc, const char *rev);

/*
 * REV|DATE -> a full commit id: YYYY-MM-DD (the end of that day, UTC) or
 * YYYY-MM-DDTHH:MM[:SS] means the last commit made at or before it.
 */
int hist_rev(char oid[VT_OID_HEXSZ + 1], struct vt_store *s, const char *arg);

/* "2026-12-02T00:04:04+00:00" */
void hist_time(char out[96], long long t, int offset);

int cmd_log(struct cli *cli, int argc, char **argv);
int cmd_diff(struct cli *cli, int argc, char **argv);
int cmd_blame(struct cli *cli, int argc, char **argv);
int cmd_identify(struct cli *cli, int argc, char **argv);
int cmd_correct(struct cli *cli, int argc, char **argv);
int cmd_reparse(struct cli *cli, int argc, char **argv);
int cmd_rm(struct cli *cli, int argc, char **argv);

extern const char cli_usage_log[];
extern const char cli_usage_diff[];
extern const char cli_usage_blame[];
extern const char cli_usage_identify[];
extern const char cli_usage_correct[];
extern const char cli_usage_reparse[];
extern const char cli_usage_rm[];

#endif
