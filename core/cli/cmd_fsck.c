/* vanthu fsck: is the store whole?  What is wrong, file by file. */
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/fsck.h"
#include "cli.h"

const char cli_usage_fsck[] =
	"usage: vanthu fsck [--json]\n"
	"\n"
	"Check the store: every commit and file of it can be read and matches its\n"
	"id (as git fsck would), files sit where the layout puts them, every record\n"
	"parses, validates and sits at the path of its id, its source text is kept\n"
	"and matches its hash, and no alias or draft entry names a record that is\n"
	"not held.  One line per problem, \"PATH: PROBLEM\", then a summary; the\n"
	"exit status is 1 when anything is wrong.\n"
	"\n"
	"  --json        {\"ok\", \"commits\", \"objects\", \"records\", \"sources\",\n"
	"                \"problems\": [{\"path\", \"problem\"}]}\n"
	"  -h, --help    print this help\n";

struct found {
	cJSON *list;   /* --json: the problems; NULL: print them */
};

static void on_problem(const char *path, const char *what, void *payload)
{
	struct found *f = payload;
	cJSON *p;

	if (!f->list) {
		printf("%s: %s\n", path, what);
		return;
	}
	if ((p = cJSON_CreateObject())) {
		cJSON_AddStringToObject(p, "path", path);
		cJSON_AddStringToObject(p, "problem", what);
		cJSON_AddItemToArray(f->list, p);
	}
}

static cJSON *as_json(const struct vt_fsck_report *r, cJSON *problems)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddBoolToObject(o, "ok", r->problems == 0);
	cJSON_AddNumberToObject(o, "commits", (double)r->commits);
	cJSON_AddNumberToObject(o, "objects", (double)r->objects);
	cJSON_AddNumberToObject(o, "records", (double)r->records);
	cJSON_AddNumberToObject(o, "sources", (double)r->sources);
	cJSON_AddItemToObject(o, "problems", problems);
	return o;
}

int cmd_fsck(struct cli *cli, int argc, char **argv)
{
	struct vt_fsck_report r;
	struct vt_store *s = NULL;
	struct found f = { NULL };
	cJSON *out = NULL;
	int rc, json = 0, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind < argc)
		return cli_usage_error(cli, "'fsck' takes no arguments");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		goto done;
	if (json && !(f.list = cJSON_CreateArray())) {
		status = cli_fail(vt_error_oom(), NULL);
		goto done;
	}
	if ((rc = vt_fsck(&r, s, on_problem, &f)) < 0) {
		status = cli_fail(rc, "cannot check store '%s'", cli->store_path);
		goto done;
	}
	if (json) {
		out = as_json(&r, f.list);
		f.list = NULL;
		if ((status = cli_print_json(out)) != CLI_OK)
			goto done;
	} else {
		printf("checked %zu commit%s, %zu files, %zu records, %zu sources: ",
		       r.commits, r.commits == 1 ? "" : "s", r.objects, r.records, r.sources);
		if (r.problems)
			printf("%zu problem%s\n", r.problems, r.problems == 1 ? "" : "s");
		else
			printf("ok\n");
	}
	if (r.problems)
		status = cli_fail(vt_error_set(VT_EINVALID, "store '%s' has %zu problem%s",
		                               cli->store_path, r.problems,
		                               r.problems == 1 ? "" : "s"), NULL);
done:
	cJSON_Delete(f.list);
	cJSON_Delete(out);
	vt_store_free(s);
	return cli_finish_output(status);
}
